"""Case studies (사례 공유): anonymised accounts of passive administration, for staff education (DOMAIN.md §4.9,
CASE_SHARED).

An audit officer writes a draft, optionally from a closed report of a body they handle whose outcome was "action
taken" or "not substantiated": the type, field and action are copied from the report's metadata, nothing from
its sealed content. The writer writes the anonymised summary, finding and lesson themselves. Publishing needs the
publisher to confirm that the text identifies nobody; it stamps ``published_on`` and freezes the case study (a
correction is a new case study). Every step is audited (``reporting.case_study_*``) with the names of the fields
that changed but not their text: a draft may still hold what the anonymisation removes.
"""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.reporting.enums import ActionKind, CaseStudyState, Outcome, ReportField, ReportState, ReportType
from proactive.reporting.models import Action, CaseStudy, Report
from proactive.reporting.services.common import log, today

MANAGE = "reporting.manage_case_studies"
EDIT = "reporting.edit_case_study"
PUBLISH = "reporting.publish_case_study"
VIEW_REPORT = "reporting.view_report"

TEXT_FIELDS = ["title", "summary", "finding", "lesson"]
CHOICE_FIELDS = ["report_type", "field", "action_kind"]
EDITABLE_FIELDS = [*TEXT_FIELDS, *CHOICE_FIELDS]
MAX_TEXT = 10_000
# Outcomes worth a case study: passive administration found and acted upon, or a report that turned out unfounded.
SHAREABLE_OUTCOMES = frozenset({Outcome.ACTIONED, Outcome.UNSUBSTANTIATED})
# The heaviest action first: a case study names the heaviest action taken.
ACTION_WEIGHT = [
    ActionKind.DISCIPLINE_REQUEST,
    ActionKind.WARNING,
    ActionKind.CAUTION,
    ActionKind.CORRECTION_ORDER,
]


def _may(actor: Any, permission: str, obj: Any = None) -> bool:
    # Django grants a superuser every permission; reports are not for system administrators (AC-05).
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def _target(case_study: CaseStudy) -> CaseStudy:
    """What the audit trail labels the event with: the number, not the title (a draft's title may identify)."""
    return CaseStudy(pk=case_study.pk, title=f"case study {case_study.pk}")


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not _may(actor, permission, obj):
        raise PermissionDeniedError(_("You may not change this case study."))


# --- Writing from a report -----------------------------------------------------------------------------------


def check_report_shareable(*, actor: Any, report: Report) -> None:
    """Refuse a report one may not write a case study from: ``PermissionDeniedError`` if ``actor`` does not
    handle its body, ``DomainError`` if it is not closed with a shareable outcome."""
    if not (_may(actor, MANAGE) and _may(actor, VIEW_REPORT, report)):
        raise PermissionDeniedError(_("You may write case studies only from reports of a body you handle."))
    if report.state != ReportState.CLOSED or report.outcome not in SHAREABLE_OUTCOMES:
        raise DomainError(
            _(
                "A case study can be written only from a closed report whose outcome was "
                "“action taken” or “not substantiated”."
            ),
            code="not_shareable",
        )


def prefill_from_report(report: Report) -> dict[str, str]:
    """Type, field and the heaviest action of ``report``, from its metadata only (no sealed value is opened)."""
    kinds = set(Action.objects.filter(report=report).values_list("kind", flat=True))
    action_kind = next((k for k in ACTION_WEIGHT if k in kinds), "")
    return {"report_type": report.report_type, "field": report.field, "action_kind": str(action_kind)}


# --- Anonymisation hints -------------------------------------------------------------------------------------

# What often identifies someone in a Korean case text. The list prompts the writer; it proves nothing.
HINT_PATTERNS: list[tuple[str, str]] = [
    ("phone", r"(?<!\d)0\d{1,2}[-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)"),
    ("email", r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    ("date", r"(?<!\d)(?:19|20)\d{2}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}(?:\s*일)?"),
    ("date", r"(?<!\d)\d{1,2}\s*월\s*\d{1,2}\s*일"),
    ("number", r"(?<!\d)\d{6}\s*-\s*\d{7}(?!\d)"),
    ("number", r"(?<![\d-])\d{5,}(?![\d-])"),
    ("address", r"[가-힣\d]+(?:로|길)\s*\d+(?:-\d+)?(?:번길)?"),
    ("address", r"[가-힣]+(?:동|읍|면|리)\s*\d+(?:-\d+)?\s*번지"),
    ("title", r"[가-힣]{2,4}\s?(?:주무관|팀장|과장|국장|실장|계장|씨|님)"),
]


def hint_labels() -> dict[str, str]:
    return {
        "phone": _("a phone number"),
        "email": _("an e-mail address"),
        "date": _("an exact date"),
        "number": _("a long number (case, account or registration number)"),
        "address": _("a street address"),
        "title": _("a name with a title (e.g. 김○○ 주무관)"),
    }


def anonymisation_hints(*texts: str) -> list[tuple[str, str]]:
    """Fragments of ``texts`` that look identifying: (kind label, fragment), each fragment once."""
    labels = hint_labels()
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for text in texts:
        for kind, pattern in HINT_PATTERNS:
            for match in re.finditer(pattern, text or ""):
                fragment = match.group(0).strip()
                if fragment and not any(fragment in earlier for earlier in seen):
                    seen.add(fragment)
                    found.append((labels[kind], fragment))
    return found


# --- Services ------------------------------------------------------------------------------------------------


def _clean(data: dict[str, Any], *, partial: bool = False) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            if partial:
                continue
            values[name] = ""
        else:
            values[name] = str(data[name] or "").strip()
    required = {
        "title": _("Please give the case study a title."),
        "summary": _("Please write what happened, anonymised."),
        "finding": _("Please write what was found."),
        "lesson": _("Please write the lesson for staff."),
    }
    for name, message in required.items():
        if name in values and not values[name]:
            raise DomainError(message, code=f"{name}_required")
    if "title" in values and len(values["title"]) > 200:
        raise DomainError(_("The title is too long (at most 200 characters)."), code="too_long")
    for name in TEXT_FIELDS:
        if len(values.get(name, "")) > MAX_TEXT:
            raise DomainError(_("The text is too long (at most 10,000 characters)."), code="too_long")
    if "report_type" in values and values["report_type"] not in ReportType.values:
        raise DomainError(_("Please choose the kind of passive administration."), code="type_required")
    if "field" in values and values["field"] not in ReportField.values:
        raise DomainError(_("Please choose the field the report concerns."), code="field_required")
    if values.get("action_kind") and values["action_kind"] not in ActionKind.values:
        raise DomainError(_("Please choose one of the actions in the list."), code="action_kind_invalid")
    return values


@transaction.atomic
def create_case_study(*, actor: Any, data: dict[str, Any], report: Report | None = None) -> CaseStudy:
    """Write a draft case study from ``data`` (title, type, field, summary, finding, lesson, action), optionally
    linked to ``report`` (see ``check_report_shareable``).

    Raises ``PermissionDeniedError`` without ``reporting.manage_case_studies`` (or the report's body), and
    ``DomainError`` for missing or invalid fields. Side effects: audit event ``reporting.case_study_created``
    (the report's number, no text); on the report's timeline, ``case_study_drafted``.
    """
    _require(actor, MANAGE)
    if report is not None:
        check_report_shareable(actor=actor, report=report)
    values = _clean(data)
    case_study = CaseStudy.objects.create(report=report, created_by=actor, state=CaseStudyState.DRAFT, **values)
    record_event(
        actor=actor,
        verb="reporting.case_study_created",
        target=_target(case_study),
        data={"report": report.number if report else None, **{k: values[k] for k in CHOICE_FIELDS}},
    )
    if report is not None:
        log(report, "case_study_drafted", actor=actor, data={"case_study": case_study.pk})
    return case_study


@transaction.atomic
def update_case_study(*, actor: Any, case_study: CaseStudy, data: dict[str, Any]) -> CaseStudy:
    """Change a draft. Raises ``PermissionDeniedError`` unless ``actor`` may edit it (a published case study is
    frozen). Side effect: audit event ``reporting.case_study_changed`` with the changed choices as a diff and the
    names of the changed texts."""
    locked = CaseStudy.objects.select_for_update(of=("self",)).select_related("report").get(pk=case_study.pk)
    _require(actor, EDIT, locked)
    values = _clean(data, partial=True)
    changed_texts = [n for n in TEXT_FIELDS if n in values and values[n] != getattr(locked, n)]
    changes = {
        n: [getattr(locked, n), values[n]] for n in CHOICE_FIELDS if n in values and values[n] != getattr(locked, n)
    }
    if not changed_texts and not changes:
        return locked
    for name, value in values.items():
        setattr(locked, name, value)
    locked.anonymisation_confirmed = False  # a changed text needs a fresh confirmation when it is published
    locked.save()
    record_event(
        actor=actor,
        verb="reporting.case_study_changed",
        target=_target(locked),
        changes=changes,
        data={"texts_changed": changed_texts},
    )
    return locked


@transaction.atomic
def publish_case_study(*, actor: Any, case_study: CaseStudy, anonymisation_confirmed: bool) -> CaseStudy:
    """Publish a draft to every official and staff member. ``actor`` confirms that the text identifies nobody
    (no names, exact dates, addresses, numbers or identifying departments): without the confirmation nothing
    happens (``DomainError``). Sets ``published_on`` to today; the case study cannot be changed afterwards.
    Side effect: audit event ``reporting.case_study_published``."""
    locked = CaseStudy.objects.select_for_update(of=("self",)).select_related("report").get(pk=case_study.pk)
    _require(actor, PUBLISH, locked)
    if not anonymisation_confirmed:
        raise DomainError(
            _("Please confirm that the case study identifies nobody before you publish it."),
            code="anonymisation_not_confirmed",
        )
    _clean({n: getattr(locked, n) for n in EDITABLE_FIELDS})  # a draft saved before a rule changed
    locked.state = CaseStudyState.PUBLISHED
    locked.anonymisation_confirmed = True
    locked.published_on = today()
    locked.save(update_fields=["state", "anonymisation_confirmed", "published_on"])
    record_event(
        actor=actor,
        verb="reporting.case_study_published",
        target=_target(locked),
        changes={"state": [str(CaseStudyState.DRAFT), str(CaseStudyState.PUBLISHED)]},
        data={"anonymisation_confirmed_by": getattr(actor, "username", "")},
    )
    return locked
