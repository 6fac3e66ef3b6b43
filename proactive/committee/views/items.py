"""An agenda item's own page: where the matter stands before the committee, its meeting, the members called, the
decision and its resolution document (의결서). For the secretariat, the members called to its meeting, and whoever
the item's kind admits (usually the requester, ``AgendaKind.can_view``), who may also raise a challenge (기피)
against a member called, for the chair to decide. Anybody else gets a 404."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proactive.committee.enums import AgendaState, MeetingState
from proactive.committee.forms import MemberReasonForm
from proactive.committee.models import AgendaItem, Member
from proactive.committee.queries import meetings as queries
from proactive.committee.services import documents as document_services
from proactive.committee.services import recusals as recusal_services
from proactive.committee.services.common import may
from proactive.committee.views.common import done, pdf_response
from proactive.web.refusals import submit

VIEW = "committee.view_item"
CHALLENGE = "committee.challenge_member"
DOWNLOAD = "committee.download_resolution"


def _visible_or_404(request, pk: int) -> AgendaItem:
    item = queries.get_item(pk)
    if item is None or not may(request.user, VIEW, item):
        raise Http404
    return item


def _challengeable(item: AgendaItem) -> bool:
    return (
        item.state == AgendaState.TABLED
        and item.meeting is not None
        and item.meeting.state in (MeetingState.PLANNED, MeetingState.HELD)
    )


def _members_called(item: AgendaItem) -> list[Member]:
    if item.meeting_id is None:
        return []
    return list(
        Member.objects.filter(invitations__meeting_id=item.meeting_id)
        .select_related("user__official__unit")
        .order_by("user__name", "pk")
    )


def _render(request, item: AgendaItem, *, status: int = 200, form: Any = None) -> HttpResponse:
    kind = item.agenda_kind  # type: ignore[attr-defined]
    members = _members_called(item)
    can_challenge = _challengeable(item) and may(request.user, CHALLENGE, item)
    if can_challenge and form is None:
        live = set(item.recusals.filter(state__in=["effective", "pending"]).values_list("member_id", flat=True))
        form = MemberReasonForm(members=Member.objects.filter(pk__in=[m.pk for m in members if m.pk not in live]))
    context = {
        "item": item,
        "kind": kind,
        "subject_url": kind.subject_url(item.subject_id) if kind else "",
        "outcome_label": kind.outcome_label(item.outcome) if kind and item.outcome else "",
        "members": members,
        "recusals": list(item.recusals.select_related("member__user").order_by("raised_at", "pk")),
        "challenge_form": form if can_challenge else None,
        "can_download": may(request.user, DOWNLOAD, item),
    }
    response = render(request, "committee/items/item_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def item_detail(request, pk: int):
    return _render(request, _visible_or_404(request, pk))


@require_POST
@login_required
def item_challenge(request, pk: int):
    """The requester (or the secretariat) raises a challenge against a member called to the item's meeting."""
    item = _visible_or_404(request, pk)
    if not (_challengeable(item) and may(request.user, CHALLENGE, item)):
        raise Http404
    members = Member.objects.filter(invitations__meeting=item.meeting)
    form = MemberReasonForm(request.POST, members=members)
    status = submit(
        form,
        lambda data: recusal_services.raise_challenge(
            actor=request.user, item=item, member=data["member"], reason=data["reason"]
        ),
    )
    if status is None:
        return done(
            request,
            _("Your challenge was sent to the chair, who decides it before the item is decided."),
            "committee:item-detail",
            item.pk,
        )
    return _render(request, item, status=status, form=form)


@login_required
@require_GET
def resolution_pdf(request, pk: int):
    item = queries.get_item(pk)
    if item is None or not may(request.user, DOWNLOAD, item):
        raise Http404
    document = document_services.ensure_resolution(item)
    name = document_services.resolution_file_name(item)
    return pdf_response(request, document, name, f"committee.resolution:{item.decision_number}")
