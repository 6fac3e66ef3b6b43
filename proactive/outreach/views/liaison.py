"""Liaison meetings and joint workshops: the list, the form, one meeting's page with its action items, moving an
action item along its workflow, and the list of action items (overdue ones first to see)."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.core.workflow import TransitionTable, allowed_targets
from proactive.outreach.enums import ActionState
from proactive.outreach.forms import ActionForm, MeetingForm, MoveForm
from proactive.outreach.models import ActionItem
from proactive.outreach.queries import liaison as queries
from proactive.outreach.services import liaison as services
from proactive.outreach.services.common import today
from proactive.outreach.views.activities import SECTION
from proactive.outreach.views.common import require
from proactive.outreach.workflow import ACTION_TRANSITIONS
from proactive.web.navigation import DashboardPanel, MenuItem, register_panel, register_section
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW = "outreach.view_liaison"
MANAGE = services.MANAGE
PER_PAGE = 30


def register() -> None:
    register_section(
        *SECTION,
        [
            MenuItem(gettext_lazy("Liaison meetings"), "outreach:meetings", VIEW),
            MenuItem(gettext_lazy("Liaison action items"), "outreach:actions", VIEW),
        ],
    )
    register_panel(
        DashboardPanel(
            key="outreach-actions",
            template="outreach/_actions_panel.html",
            permission=VIEW,
            order=82,
            context=lambda user: {"action_counts": queries.action_counts(today())},
        )
    )


@login_required
@require_GET
def meeting_list(request):
    require(request, VIEW)
    context = paginate(request, queries.meetings_filtered(today=today()), PER_PAGE)
    return render(request, "outreach/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int | None = None):
    require(request, MANAGE)
    meeting = None
    if pk is not None:
        meeting = queries.get_meeting(pk)
        if meeting is None:
            raise Http404
    initial = None
    if meeting is not None:
        initial = {f: getattr(meeting, f) for f in services.FIELDS} | {"bodies": list(meeting.bodies.all())}
    bodies = queries.participating_bodies()
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial, bodies=bodies)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if meeting is None:
                    meeting = services.create_meeting(actor=request.user, data=data, bodies=data["bodies"])
                    messages.success(request, _("The meeting was recorded. Add its action items below."))
                else:
                    meeting = services.update_meeting(
                        actor=request.user, meeting=meeting, data=data, bodies=data["bodies"]
                    )
                    messages.success(request, _("The meeting was saved."))
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                return redirect("outreach:meeting-detail", meeting.pk)
        return render(request, "outreach/meeting_form.html", {"form": form, "meeting": meeting}, status=400)
    return render(request, "outreach/meeting_form.html", {"form": form, "meeting": meeting})


def _moves(item: ActionItem) -> list[tuple[str, Any]]:
    table = cast(TransitionTable, ACTION_TRANSITIONS)
    return [(to, ActionState(to).label) for to in allowed_targets(table, item.state)]


def _meeting_page(request, meeting, *, action_form=None, status=200):
    items = list(queries.actions_of(meeting))
    for item in items:
        item.moves = _moves(item)
    context = {
        "meeting": meeting,
        "items": items,
        "today": today(),
        "action_form": action_form or ActionForm(owners=queries.action_owners()),
        "may_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "outreach/meeting_detail.html", context, status=status)


@login_required
@require_GET
def meeting_detail(request, pk: int):
    require(request, VIEW)
    meeting = queries.get_meeting(pk)
    if meeting is None:
        raise Http404
    return _meeting_page(request, meeting)


@login_required
@require_POST
def action_add(request, pk: int):
    require(request, MANAGE)
    meeting = queries.get_meeting(pk)
    if meeting is None:
        raise Http404
    form = ActionForm(request.POST, owners=queries.action_owners())
    if form.is_valid():
        try:
            services.add_action_item(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("outreach:meeting-detail", meeting.pk)
    return _meeting_page(request, meeting, action_form=form, status=400)


@login_required
@require_POST
def action_move(request, pk: int):
    require(request, MANAGE)
    item = ActionItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            item = services.transition_action_item(
                actor=request.user, item=item, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            refused(exc)
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("“%(title)s” is now: %(state)s.") % {"title": item.title, "state": item.get_state_display()}
            )
    else:
        messages.error(request, _("This step is not possible from the current state."))
    back = request.POST.get("back")
    if back == "list":
        return redirect("outreach:actions")
    return redirect("outreach:meeting-detail", item.meeting_id)


@login_required
@require_GET
def action_list(request):
    require(request, VIEW)
    day = today()
    state = request.GET.get("state", "")
    if state not in ActionState.values:
        state = ""
    overdue = request.GET.get("overdue") == "on"
    page = paginate(request, queries.actions_filtered(state=state, overdue=overdue, today=day), PER_PAGE)
    for item in page["page_obj"]:
        item.moves = _moves(item)
    context = {
        **page,
        "today": day,
        "state": state,
        "overdue": overdue,
        "counts": queries.action_counts(day),
        "states": ActionState.choices,
        "may_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "outreach/action_list.html", context)
