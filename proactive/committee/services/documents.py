"""The committee's documents: a resolution (의결서) per decided item and the minutes (회의록) of each closed meeting,
as PDF with embedded Korean fonts (``documents.pdf``), numbered and linked to their meeting.

Both are rendered once from records that no longer change (a decided item; a closed meeting), after the deciding
or closing transaction commits (``task_render_resolution``, ``task_render_minutes``), and stored as private
documents of purpose ``committee.resolution`` / ``committee.minutes``; the access rules in ``rules`` decide who
reads them. A download that finds no document yet renders it then (``ensure_resolution``, ``ensure_minutes``), so a
failed background rendering heals itself.
"""

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from proactive.audit.services import record_event
from proactive.committee.agenda import find_kind
from proactive.committee.enums import AgendaState, Attendance, MeetingState, RecusalState
from proactive.committee.models import AgendaItem, Meeting, Recusal
from proactive.committee.queries.roster import sitting_chair
from proactive.committee.rules import MINUTES_PURPOSE, RESOLUTION_PURPOSE
from proactive.core.exceptions import DomainError
from proactive.documents.models import Document
from proactive.documents.services import store_upload
from proactive.programme.queries import current_settings

logger = logging.getLogger(__name__)


def korean_date(day: Any) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def korean_moment(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{korean_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def resolution_file_name(item: AgendaItem) -> str:
    return f"의결서_{item.decision_number}.pdf"


def minutes_file_name(meeting: Meeting) -> str:
    return f"회의록_{meeting.number}.pdf"


def _ko(value: Any) -> str:
    with translation.override("ko"):
        return str(value)


def _recusals(items: list[AgendaItem]) -> dict[int, list[Recusal]]:
    out: dict[int, list[Recusal]] = {}
    for recusal in Recusal.objects.filter(item__in=items, state=RecusalState.EFFECTIVE).select_related("member__user"):
        out.setdefault(recusal.item_id, []).append(recusal)
    return out


def resolution_html(item: AgendaItem) -> str:
    """The resolution as a complete HTML document (A4), from the decided item and its meeting."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    meeting = item.meeting
    assert meeting is not None
    kind = find_kind(item.kind)
    chair = sitting_chair(item.decided_on)
    context = {
        "item": item,
        "meeting": meeting,
        "kind_label": _ko(kind.label) if kind else item.kind,
        "outcome_label": _ko(kind.outcome_label(item.outcome)) if kind else item.outcome,
        "meeting_kind": _ko(meeting.get_kind_display()),
        "meeting_at": korean_moment(meeting.scheduled_at),
        "decided_on": korean_date(item.decided_on),
        "recusals": _recusals([item]).get(item.pk, []),
        "chair": chair.user.display_name if chair else "",
        "programme": current_settings(),
        "font_css": font_face_css(),
    }
    with translation.override("ko"):
        return render_to_string("committee/documents/resolution_pdf.html", context)


def minutes_html(meeting: Meeting) -> str:
    """The minutes as a complete HTML document (A4): attendance, the agenda with the decisions, the minutes text,
    the approval."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    items = list(meeting.items.order_by("position", "pk"))
    recusals = _recusals(items)
    rows = []
    for item in items:
        kind = find_kind(item.kind)
        rows.append(
            {
                "item": item,
                "kind_label": _ko(kind.label) if kind else item.kind,
                "outcome_label": _ko(kind.outcome_label(item.outcome)) if kind and item.outcome else "",
                "recusals": recusals.get(item.pk, []),
            }
        )
    invitations = list(meeting.invitations.select_related("member__user__official__unit"))
    context = {
        "meeting": meeting,
        "meeting_kind": _ko(meeting.get_kind_display()),
        "meeting_at": korean_moment(meeting.scheduled_at),
        "closes_at": korean_moment(meeting.closes_at) if meeting.closes_at else "",
        "present": [i for i in invitations if i.attendance == Attendance.PRESENT],
        "absent": [i for i in invitations if i.attendance != Attendance.PRESENT],
        "rows": rows,
        "carried_over": AgendaItem.objects.none(),
        "approved_at": korean_moment(meeting.minutes_approved_at) if meeting.minutes_approved_at else "",
        "approved_by": meeting.minutes_approved_by.display_name if meeting.minutes_approved_by else "",
        "closed_at": korean_moment(meeting.closed_at) if meeting.closed_at else "",
        "programme": current_settings(),
        "font_css": font_face_css(),
    }
    with translation.override("ko"):
        return render_to_string("committee/documents/minutes_pdf.html", context)


def _store(pdf: bytes, name: str, purpose: str) -> Document:
    return store_upload(actor=None, uploaded_file=ContentFile(pdf, name=name), purpose=purpose, allowed={"pdf"})


def render_resolution(item_id: int) -> AgendaItem | None:
    """Render and store the resolution of a decided item that has none yet. Side effects: a Document; an audit
    event ``committee.resolution_rendered``."""
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only rendering needs it

    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id, state=AgendaState.DECIDED).first()
    if item is None or item.resolution_document_id is not None:
        return item
    pdf = html_to_pdf(resolution_html(item))
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.resolution_document_id is not None:
            return locked
        document = _store(pdf, resolution_file_name(locked), RESOLUTION_PURPOSE)
        locked.resolution_document = document
        locked.save(update_fields=["resolution_document"])
        record_event(
            actor=None,
            verb="committee.resolution_rendered",
            target=locked,
            data={"number": locked.decision_number, "document": str(document.pk), "size": document.size},
        )
    return locked


def render_minutes(meeting_id: int) -> Meeting | None:
    """Render and store the minutes of a closed meeting that has none yet. Side effects: a Document; an audit
    event ``committee.minutes_rendered``."""
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only rendering needs it

    meeting = (
        Meeting.objects.select_related("minutes_approved_by").filter(pk=meeting_id, state=MeetingState.CLOSED).first()
    )
    if meeting is None or meeting.minutes_document_id is not None:
        return meeting
    pdf = html_to_pdf(minutes_html(meeting))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.minutes_document_id is not None:
            return locked
        document = _store(pdf, minutes_file_name(locked), MINUTES_PURPOSE)
        locked.minutes_document = document
        locked.save(update_fields=["minutes_document"])
        record_event(
            actor=None,
            verb="committee.minutes_rendered",
            target=locked,
            data={"number": locked.number, "document": str(document.pk), "size": document.size},
        )
    return locked


def ensure_resolution(item: AgendaItem) -> Document:
    """The item's resolution document, rendered now if the background rendering has not stored it yet."""
    if item.state != AgendaState.DECIDED:
        raise DomainError("Only a decided item has a resolution.", code="not_decided")
    if item.resolution_document_id is None:
        item = render_resolution(item.pk) or item
    assert item.resolution_document is not None
    return item.resolution_document


def ensure_minutes(meeting: Meeting) -> Document:
    if meeting.state != MeetingState.CLOSED:
        raise DomainError("Only a closed meeting has its minutes document.", code="not_closed")
    if meeting.minutes_document_id is None:
        meeting = render_minutes(meeting.pk) or meeting
    assert meeting.minutes_document is not None
    return meeting.minutes_document


@task
def task_render_resolution(item_id: int) -> bool:
    try:
        return render_resolution(item_id) is not None
    except Exception:
        logger.exception("Rendering the resolution of agenda item %s failed", item_id)
        raise


@task
def task_render_minutes(meeting_id: int) -> bool:
    try:
        return render_minutes(meeting_id) is not None
    except Exception:
        logger.exception("Rendering the minutes of meeting %s failed", meeting_id)
        raise


def queue_resolution(item: AgendaItem) -> None:
    """After the deciding transaction commits, render the item's resolution in the background."""
    pk = item.pk
    transaction.on_commit(lambda: task_render_resolution.enqueue(pk))
