"""The queue (상정 대기 안건): items of every registered kind waiting for a meeting. The secretariat records each
item's field (used to draw the experts), places items on a planned meeting, and tables a selection round's final
evaluation. Only the secretariat."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proactive.committee.agenda import find_kind
from proactive.committee.enums import AgendaState
from proactive.committee.forms import ItemFieldForm, ScheduleForm, SelectionRoundForm
from proactive.committee.kinds import rounds_to_table
from proactive.committee.models import AgendaItem
from proactive.committee.queries import meetings as queries
from proactive.committee.services import agenda as services
from proactive.committee.services.selection import table_selection_round
from proactive.committee.views.common import done, failed, form_errors, need
from proactive.core.exceptions import DomainError
from proactive.web.pagination import paginate

MANAGE = "committee.manage_meetings"
PER_PAGE = 50


@login_required
@require_GET
def queue(request):
    need(request, MANAGE)
    meetings = list(queries.open_meetings_for_scheduling())
    context = paginate(request, queries.queue(), PER_PAGE)
    for item in context["page_obj"]:
        kind = find_kind(item.kind)
        item.agenda_kind = kind
        item.subject_url = kind.subject_url(item.subject_id) if kind else ""
    context |= {
        "meetings": meetings,
        "field_form": ItemFieldForm(),
        "round_form": SelectionRoundForm(rounds=rounds_to_table()),
    }
    return render(request, "committee/queue/queue.html", context)


def _pending_or_404(pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=pk, state__in=[AgendaState.PENDING, AgendaState.TABLED]).first()
    if item is None:
        raise Http404
    return item


@require_POST
@login_required
def queue_schedule(request, pk: int):
    need(request, MANAGE)
    item = _pending_or_404(pk)
    form = ScheduleForm(request.POST, meetings=queries.open_meetings_for_scheduling())
    if not form.is_valid():
        return form_errors(request, form, "committee:queue")
    meeting = form.cleaned_data["meeting"]
    try:
        services.schedule_item(actor=request.user, item=item, meeting=meeting)
    except DomainError as exc:
        return failed(request, exc, "committee:queue")
    return done(
        request,
        _("“%(title)s” was placed on the agenda of %(number)s.") % {"title": item.title, "number": meeting.number},
        "committee:queue",
    )


@require_POST
@login_required
def item_field(request, pk: int):
    need(request, MANAGE)
    item = _pending_or_404(pk)
    form = ItemFieldForm(request.POST)
    back = request.POST.get("back") == "meeting" and item.meeting_id
    target = ("committee:meeting-detail", item.meeting_id) if back else ("committee:queue",)
    if not form.is_valid():
        return form_errors(request, form, *target)
    try:
        services.set_item_field(actor=request.user, item=item, field=form.cleaned_data["field"])
    except DomainError as exc:
        return failed(request, exc, *target)
    return done(request, _("The item's field was saved."), *target)


@require_POST
@login_required
def queue_table_round(request):
    need(request, MANAGE)
    form = SelectionRoundForm(request.POST, rounds=rounds_to_table())
    if not form.is_valid():
        return form_errors(request, form, "committee:queue")
    try:
        item = table_selection_round(actor=request.user, round=form.cleaned_data["round"])
    except DomainError as exc:
        return failed(request, exc, "committee:queue")
    return done(request, _("“%(title)s” is waiting in the queue.") % {"title": item.title}, "committee:queue")
