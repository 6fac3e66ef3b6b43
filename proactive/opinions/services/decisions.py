"""The committee's decisions as documents: the number in this app's series, the frozen record of the meeting, and
the PDF (Korean fonts, the meeting's number and date, the question, the opinion, the effect on discipline).

Numbers read ``의견-2026-0001`` (an opinion) and ``추인-2026-0001`` (a ratification decision): the kind, the year of
the decision, a sequence per kind and year, unique in the database.

The PDF is rendered after the deciding transaction commits, by the background task ``task_render_decision``, and
stored as a private document of purpose ``opinions.decision`` readable by whoever may view the request
(``rules``). A rendering that failed is retried by the secretariat (``render_decision_again``).
"""

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.documents.services import store_upload
from proactive.opinions.enums import ANSWERED_STATES, PermitType, RequestKind, RequestState
from proactive.opinions.models import OpinionRequest
from proactive.opinions.rules import DECISION_PURPOSE
from proactive.opinions.services.common import log, require, today
from proactive.programme.queries import current_settings

logger = logging.getLogger(__name__)

HANDLE = "opinions.handle_request"
KIND_PREFIX = {RequestKind.OPINION: "의견", RequestKind.RATIFICATION: "추인"}


def next_decision_number(kind: str, year: int) -> str:
    """The next number of ``kind`` in ``year``. Call inside the deciding transaction: the request row is locked
    and the column is unique, so two decisions never share a number."""
    prefix = f"{KIND_PREFIX[RequestKind(kind)]}-{year}-"
    numbers = OpinionRequest.objects.filter(decision_number__startswith=prefix).values_list(
        "decision_number", flat=True
    )
    last = max((int(n.removeprefix(prefix)) for n in numbers if n and n.removeprefix(prefix).isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def apply_decision(request: OpinionRequest, item: Any) -> None:
    """Copy the committee's decision on ``item`` onto ``request`` (not saved): resolution, votes, the meeting's
    number, title and date, the committee's resolution number; give the decision its number."""
    meeting = item.meeting
    decided_on = item.decided_on or today()
    request.decision_outcome = item.outcome
    request.decision_text = item.resolution
    request.decided_on = decided_on
    request.votes_for, request.votes_against, request.abstentions = item.votes_for, item.votes_against, item.abstentions
    request.committee_decision_number = item.decision_number or ""
    if meeting is not None:
        request.meeting_number = meeting.number[:30]
        request.meeting_title = meeting.title[:200]
        request.meeting_date = timezone.localdate(meeting.scheduled_at) if meeting.scheduled_at else decided_on
    request.decision_number = next_decision_number(request.kind, decided_on.year)


# --- The PDF -------------------------------------------------------------------------------------------------


def korean_date(day) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일" if day else ""


def _korean(value: Any) -> str:
    with translation.override("ko"):
        return str(value)


EFFECT_OPINION = (
    "이 의견에 따라 업무를 처리한 공무원에 대해서는 고의 또는 중대한 과실이 없는 한 징계의결등을 하지 않으며"
    "(지방공무원 적극행정 운영규정, 공무원 징계령 시행규칙 제3조의2), 자체감사에서도 면책됩니다. 다만 요청한 공무원과 "
    "업무 사이에 사적인 이해관계가 있거나, 의견을 구할 때 필요한 정보를 충분히 제공하지 않은 경우에는 그러하지 "
    "아니합니다."
)
EFFECT_AUDIT_GIVEN = (
    "이 안건은 감사기구의 의견을 들은 후 심의하였고 감사기구는 이의를 제기하지 않았으므로, 2025년 개정 규정에 따라 "
    "감사원 감사 단계에서도 면책 요건을 갖춘 것으로 추정됩니다."
)
EFFECT_AUDIT_OBJECTED = (
    "감사기구는 이 안건에 대하여 이의를 제기하였으므로, 감사원 감사 단계의 면책 추정(2025년 개정)은 적용되지 않을 수 "
    "있습니다."
)
EFFECT_NO_AUDIT = (
    "이 안건은 감사기구의 의견을 듣지 않고 심의하였으므로, 감사원 감사 단계의 면책 추정(2025년 개정)은 적용되지 "
    "않습니다."
)
EFFECT_RATIFIED = (
    "위원회는 재난·안전 상황에서의 긴급한 조치의 긴급성과 필요성을 인정하여 이를 사후 추인합니다. 추인된 조치를 한 "
    "공무원에 대해서는 고의 또는 중대한 과실이 없는 한 징계의결등을 하지 않습니다(2025년 개정 지방공무원 적극행정 "
    "운영규정). 다만 사적인 이해관계가 있거나 필요한 정보를 충분히 제공하지 않은 경우에는 그러하지 아니합니다."
)
EFFECT_NOT_RATIFIED = (
    "위원회는 이 조치를 사후 추인하지 않았습니다. 이 결정은 징계 면제의 효과를 갖지 않으며, 면책 여부는 감사 과정의 "
    "면책심사에서 따로 판단합니다."
)


def effect_notes(request: OpinionRequest) -> list[str]:
    """What the decision means for discipline (DOMAIN §2.1), as printed under the decision."""
    if request.state == RequestState.NOT_RATIFIED or request.decision_outcome == "not_ratified":
        return [EFFECT_NOT_RATIFIED]
    if request.is_ratification:
        return [EFFECT_RATIFIED]
    notes = [EFFECT_OPINION]
    if request.audit_given_on is None:
        notes.append(EFFECT_NO_AUDIT)
    elif request.audit_objects:
        notes.append(EFFECT_AUDIT_OBJECTED)
    else:
        notes.append(EFFECT_AUDIT_GIVEN)
    return notes


def decision_html(request: OpinionRequest) -> str:
    """The decision document as a complete HTML document (A4 portrait), in Korean, from the request's frozen
    fields only."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    outcome_label = {
        "opinion_issued": "의견 제시",
        "ratified": "추인",
        "not_ratified": "추인하지 않음",
    }.get(request.decision_outcome, request.decision_outcome)
    context = {
        "request": request,
        "statutes": list(request.statutes.all()),
        "title": "사후 추인 결정서" if request.is_ratification else "적극행정위원회 의견서",
        "outcome_label": outcome_label,
        "permit_label": _korean(PermitType(request.permit_type).label) if request.permit_type else "",
        "decided_on": korean_date(request.decided_on),
        "meeting_date": korean_date(request.meeting_date),
        "taken_on": korean_date(request.taken_on),
        "notes": effect_notes(request),
        "organisation": current_settings().organisation_name,
        "font_css": font_face_css(),
    }
    with translation.override("ko"):
        return render_to_string("opinions/decision_pdf.html", context)


def file_name_of(request: OpinionRequest) -> str:
    return f"{request.decision_number}.pdf"


def render_decision(*, request_id: int) -> OpinionRequest | None:
    """Render and store the decision PDF of an answered request that has none yet; None when there is nothing to
    do. Side effects: a private Document (no owner); audit event ``opinions.decision_rendered``; a timeline entry.
    """
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only the task needs it

    request = OpinionRequest.objects.filter(
        pk=request_id, decision_document__isnull=True, decision_number__isnull=False
    ).first()
    if request is None:
        return None
    pdf = html_to_pdf(decision_html(request))
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
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
            verb="opinions.decision_rendered",
            target=locked,
            data={"number": locked.decision_number, "document": str(document.pk), "size": document.size},
        )
        log(locked, "decision_rendered", data={"number": locked.decision_number})
    return locked


@task
def task_render_decision(request_id: int) -> int:
    """Background wrapper of ``render_decision``: 1 when a PDF was stored; failures are logged and raised."""
    try:
        return 1 if render_decision(request_id=request_id) is not None else 0
    except Exception:
        logger.exception("Rendering the decision of request %s failed", request_id)
        raise


def render_decision_again(*, actor: Any, request: OpinionRequest) -> None:
    """The secretariat retries the PDF of a decision whose rendering failed (queued after the commit).
    Side effects: audit event ``opinions.decision_render_requested``."""
    require(actor, HANDLE, request)
    if request.state not in ANSWERED_STATES or not request.decision_number:
        raise DomainError(_("This request has no decision yet."), code="not_decided")
    if request.decision_document_id is not None:
        raise DomainError(_("The decision document is already there."), code="already_rendered")
    with transaction.atomic():
        record_event(actor=actor, verb="opinions.decision_render_requested", target=request)
        pk = request.pk
        transaction.on_commit(lambda: task_render_decision.enqueue(pk))
