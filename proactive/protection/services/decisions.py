"""The decision document (면책심사 결정서): a numbered PDF with Korean fonts, rendered after the decision commits.

``render_decision`` renders the decision's HTML (``protection/decisions/decision_pdf.html``, always in Korean) with
headless Chromium (``documents.pdf``) and stores it as a private document of purpose ``protection.decision``,
readable by whoever may download the decision (``rules.documents``). Everything printed comes from the application
as decided: the linked earlier answers are printed prominently as "the official acted as advised". The task
``task_render_decision`` wraps it; rendering again (``ensure_decision_document``) is the retry when it failed.
"""

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from proactive.audit.services import record_event
from proactive.documents.services import store_upload
from proactive.programme.queries import current_settings as programme_settings
from proactive.protection.enums import DECIDED_STATES, Disposition, Ground, Outcome, TieRule
from proactive.protection.models import ExemptionApplication
from proactive.protection.rules.documents import DECISION_PURPOSE

logger = logging.getLogger(__name__)


def korean_date(day: Any) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일" if day else ""


def _load(application_id: int) -> ExemptionApplication:
    return ExemptionApplication.objects.select_related(
        "concerned__finding__audit__audited_unit",
        "concerned__official__unit",
        "applicant",
        "session",
        "protection_officer",
    ).get(pk=application_id)


def decision_html(application: ExemptionApplication) -> str:
    """The decision as a complete HTML document (A4), in Korean."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    with translation.override("ko"):
        concerned = application.concerned
        tally = application.tally or {}
        context = {
            "application": application,
            "concerned": concerned,
            "finding": concerned.finding,
            "audit": concerned.finding.audit,
            "official": concerned.official,
            "links": list(application.links.all()),
            "grounds": [(str(g.label), application.ground(g.value)) for g in Ground if application.ground(g.value)],
            "outcome_label": str(Outcome(application.outcome).label) if application.outcome else "",
            "mitigated_label": str(Disposition(application.mitigated_to).label) if application.mitigated_to else "",
            "proposed_label": str(Disposition(concerned.proposed_disposition).label),
            "tally": tally,
            "tally_rows": [(str(o.label), tally.get(o.value, 0)) for o in Outcome],
            "tie_rule_label": str(TieRule(tally["rule"]).label) if tally.get("rule") in TieRule.values else "",
            "decided_on": korean_date(application.decided_on),
            "organisation": programme_settings().organisation_name,
            "font_css": font_face_css(),
        }
        return render_to_string("protection/decisions/decision_pdf.html", context)


def file_name_of(application: ExemptionApplication) -> str:
    return f"면책심사결정서_{application.number}.pdf"


def render_decision(*, application_id: int) -> ExemptionApplication | None:
    """Render and store the decision's PDF unless it has one. Side effects: the Document (no owner; the access rule
    decides who reads it), ``decision_document`` set, audit event ``protection.decision_rendered``."""
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only the task needs it

    application = _load(application_id)
    if application.state not in DECIDED_STATES or application.decision_document_id is not None:
        return None
    pdf = html_to_pdf(decision_html(application))
    with transaction.atomic():
        locked = ExemptionApplication.objects.select_for_update().get(pk=application.pk)
        if locked.decision_document_id is not None:
            return locked
        document = store_upload(
            actor=None,
            uploaded_file=ContentFile(pdf, name=file_name_of(locked)),
            purpose=DECISION_PURPOSE,
            allowed={"pdf"},
        )
        locked.decision_document = document
        locked.save(update_fields=["decision_document"])
        record_event(
            actor=None,
            verb="protection.decision_rendered",
            target=locked,
            data={"number": locked.number, "document": str(document.pk), "size": document.size},
        )
    return locked


@task
def task_render_decision(application_id: int) -> bool:
    """Background wrapper of ``render_decision``; failures are logged (the download page offers a retry)."""
    try:
        return render_decision(application_id=application_id) is not None
    except Exception:
        logger.exception("Rendering the decision of application %s failed", application_id)
        raise


def ensure_decision_document(application: ExemptionApplication) -> None:
    """Queue the rendering again for a decided application still without its PDF (after a failure)."""
    if application.state in DECIDED_STATES and application.decision_document_id is None:
        application_id = application.pk
        transaction.on_commit(lambda: task_render_decision.enqueue(application_id))
