"""The committee's home page (next meetings, the queue, terms ending, the year's reorganisation), the dashboard
panels, the menu, and the reorganisation task's page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.committee.forms import StartReorganisationForm, StepForm
from proactive.committee.models import CommitteeSettings, ReorganisationStep
from proactive.committee.queries import meetings as meeting_queries
from proactive.committee.queries import reorganisation as reorganisation_queries
from proactive.committee.queries import roster as roster_queries
from proactive.committee.services import reorganisation as services
from proactive.committee.services.common import may
from proactive.committee.views.common import done, need
from proactive.core.exceptions import DomainError
from proactive.web.navigation import DashboardPanel, MenuItem, register_panel, register_section
from proactive.web.refusals import refusal_status, submit

HOME = "committee.view_committee"
MANAGE = "committee.manage_meetings"
REORGANISE = "committee.manage_reorganisation"


def register() -> None:
    """The menu section and the dashboard panels (called from ``CommitteeConfig.ready``)."""
    register_section(
        "committee",
        gettext_lazy("Proactive administration committee"),
        45,
        [
            MenuItem(gettext_lazy("Committee home"), "committee:home", HOME),
            MenuItem(gettext_lazy("My committee meetings"), "committee:my-meetings", "committee.view_my_meetings"),
            MenuItem(gettext_lazy("Committee meetings"), "committee:meeting-list", "committee.view_meetings"),
            MenuItem(gettext_lazy("Items waiting for the committee"), "committee:queue", MANAGE),
            MenuItem(gettext_lazy("Committee roster"), "committee:member-list", "committee.view_roster"),
            MenuItem(gettext_lazy("Reorganisation of the committee"), "committee:reorganisation", REORGANISE),
            MenuItem(gettext_lazy("Committee settings"), "committee:settings", "committee.change_settings"),
        ],
    )
    register_panel(
        DashboardPanel(
            key="committee-member",
            template="committee/panels/_member_panel.html",
            permission="committee.view_my_meetings",
            order=30,
            context=member_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="committee-secretariat",
            template="committee/panels/_secretariat_panel.html",
            permission=MANAGE,
            order=31,
            context=secretariat_panel,
        )
    )


def member_panel(user: Any) -> dict[str, Any]:
    invitations = [i for i in meeting_queries.my_invitations(user)[:20] if i.meeting.state in ("planned", "held")]
    invitations.sort(key=lambda i: i.meeting.scheduled_at)
    return {
        "meetings": invitations[:5],
        "awaiting": meeting_queries.items_awaiting_vote(user),
        "challenges": len(meeting_queries.challenges_to_decide(user)),
    }


def secretariat_panel(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "queue": meeting_queries.queue_size(),
        "meetings": meeting_queries.upcoming_meetings(limit=3),
        "ending": len(roster_queries.terms_ending(day=today)),
        "overdue_steps": reorganisation_queries.overdue_steps(today=today),
    }


@login_required
@require_GET
def home(request):
    need(request, HOME)
    today = timezone.localdate()
    rules = CommitteeSettings.current()
    user = request.user
    manage = may(user, MANAGE)
    context: dict[str, Any] = {
        "can_manage": manage,
        "progress": reorganisation_queries.progress(today.year, today=today),
        "year": today.year,
        "sitting_count": roster_queries.sitting_members(today).count(),
        "rules": rules,
    }
    if manage:
        context |= {
            "meetings": meeting_queries.upcoming_meetings(limit=5),
            "queue_size": meeting_queries.queue_size(),
            "ending": roster_queries.terms_ending(day=today, warn_days=rules.warn_days),
        }
    else:
        panel = member_panel(user)
        context |= {"my_meetings": panel["meetings"], "awaiting": panel["awaiting"]}
    if may(user, "committee.view_my_meetings"):
        context["challenges"] = meeting_queries.challenges_to_decide(user)
    return render(request, "committee/home.html", context)


# --- The yearly reorganisation -------------------------------------------------------------------------------


def _owners() -> Any:
    holders = RoleMembership.objects.active().filter(role=Role.SECRETARIAT).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("name", "pk")


def _render_reorganisation(request, year: int, *, status: int = 200, bound: dict | None = None):
    today = timezone.localdate()
    progress = reorganisation_queries.progress(year, today=today)
    bound = bound or {}
    owners = _owners()
    for step in progress.steps:
        step.form = bound.get(step.pk) or StepForm(  # type: ignore[attr-defined]
            owners=owners,
            prefix=f"s{step.pk}",
            initial={"due_on": step.due_on, "owner": step.owner_id, "done_on": step.done_on, "note": step.note},
        )
    context = {
        "year": year,
        "progress": progress,
        "years": reorganisation_queries.years(),
        "start_form": bound.get("start") or StartReorganisationForm(initial={"year": year}),
        "today": today,
    }
    return render(request, "committee/reorganisation.html", context, status=status)


@login_required
@require_GET
def reorganisation(request):
    need(request, REORGANISE)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2019 <= year <= 2100:
        raise Http404
    return _render_reorganisation(request, year)


@require_POST
@login_required
def reorganisation_start(request):
    need(request, REORGANISE)
    form = StartReorganisationForm(request.POST)
    year = timezone.localdate().year
    status = 400
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            services.start_reorganisation(actor=request.user, year=year)
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            messages_url = "committee:reorganisation"
            response = done(
                request, _("The reorganisation of %(year)s is being tracked.") % {"year": year}, messages_url
            )
            response["Location"] += f"?year={year}"
            return response
    return _render_reorganisation(request, year, status=status, bound={"start": form})


@require_POST
@login_required
def reorganisation_step(request, pk: int):
    need(request, REORGANISE)
    step = ReorganisationStep.objects.filter(pk=pk).select_related("reorganisation").first()
    if step is None:
        raise Http404
    year = step.reorganisation.year
    form = StepForm(request.POST, owners=_owners(), prefix=f"s{step.pk}")
    status = submit(form, lambda data: services.update_step(actor=request.user, step=step, **data))
    if status is None:
        response = done(request, _("The step was saved."), "committee:reorganisation")
        response["Location"] += f"?year={year}"
        return response
    return _render_reorganisation(request, year, status=status, bound={step.pk: form})
