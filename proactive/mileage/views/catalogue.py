"""Screens of the mileage catalogue (DOMAIN.md §4.5): what earns points, what points buy, and the year's policy.

Every official reads the catalogue page (active activities with the terms in force, active rewards, this year's
policy); the secretariat also sees what is switched off, the automatic postings that were reduced or not made,
and the buttons to change things. Changing an activity's terms adds a version; nothing is deleted (switch off
instead). A refused change re-renders the form with what was typed and the reason on the field concerned.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.mileage.forms.catalogue import (
    ActivityCreateForm,
    ActivityDetailsForm,
    ActivityTermsForm,
    PolicyForm,
    RewardOptionForm,
    add_service_error,
)
from proactive.mileage.models import ActivityType, RewardOption
from proactive.mileage.queries import catalogue as queries
from proactive.mileage.services import catalogue as services
from proactive.mileage.services.automatic import WORKFLOW_CODES
from proactive.web.navigation import MenuItem, add_menu_items

VIEW = "mileage.view_catalogue"
MANAGE = "mileage.manage_catalogue"


def register() -> None:
    """Notification kinds and menu items of this area (called from MileageConfig.ready)."""
    add_menu_items("mileage", [MenuItem(gettext_lazy("Activities and rewards"), "mileage:catalogue", VIEW)])


def _label(item: ActivityType | RewardOption) -> str:
    """The item's name in the reader's language (the English name when reading in English and there is one)."""
    return item.display_name()


def _back(anchor: str = "") -> str:
    return reverse("mileage:catalogue") + (f"#{anchor}" if anchor else "")


@login_required
@permission_required(VIEW, raise_exception=True)
def catalogue(request):
    can_manage = request.user.has_perm(MANAGE)
    today = timezone.localdate()
    policy = queries.policy_for_display(today.year)
    context = {
        "activities": queries.activities_with_rules(include_inactive=can_manage, on=today),
        "rewards": queries.rewards_for_display(include_inactive=can_manage, won_per_point=policy.won_per_point),
        "policy": policy,
        "next_year": today.year + 1,
        "today": today,
        "can_manage": can_manage,
        "shortfalls": queries.automatic_shortfalls() if can_manage else [],
        "workflow_codes": WORKFLOW_CODES,
    }
    return render(request, "mileage/catalogue/catalogue.html", context)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def policy_edit(request, year: int):
    if not services.YEARS[0] <= year <= services.YEARS[1]:
        raise Http404
    policy = queries.policy_for_display(year)
    form = PolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    if form.is_valid():
        try:
            saved = services.change_policy(actor=request.user, year=year, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc.code, exc.message)
        else:
            messages.success(request, _("The policy for %(year)s was saved.") % {"year": year})
            over = queries.officials_over_cap(year=year, cap=saved.cap_per_person)
            if over:
                messages.warning(
                    request,
                    _(
                        "%(count)s officials have already earned more than the new cap in %(year)s: their points "
                        "stay, and they can earn no more this year."
                    )
                    % {"count": over, "year": year},
                )
            return redirect(_back("policy"))
    status = 400 if request.method == "POST" else 200
    return render(request, "mileage/catalogue/policy_form.html", {"form": form, "policy": policy}, status=status)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_create(request):
    form = ActivityCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            activity = services.add_activity_type(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc.code, exc.message)
        else:
            messages.success(request, _("The activity %(name)s was added.") % {"name": activity.name})
            return redirect(_back(f"activity-{activity.pk}"))
    status = 400 if request.method == "POST" else 200
    return render(request, "mileage/catalogue/activity_create.html", {"form": form}, status=status)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_revise(request, pk: int):
    """Two forms on one page: the names (changed in place) and a new version of the terms."""
    activity = get_object_or_404(ActivityType, pk=pk)
    versions = list(activity.rules.select_related("created_by").order_by("-version"))
    newest = versions[0] if versions else None
    locked = activity.code in WORKFLOW_CODES
    step = request.POST.get("step") if request.method == "POST" else None
    details = ActivityDetailsForm(request.POST if step == "details" else None, instance=activity, prefix="details")
    terms_initial = {"valid_from": timezone.localdate()}
    if newest is not None:
        terms_initial |= {f: getattr(newest, f) for f in services.TERM_FIELDS}
    terms = ActivityTermsForm(
        request.POST if step == "terms" else None, initial=terms_initial, prefix="terms", lock_automatic=locked
    )
    if step == "details" and details.is_valid():
        try:
            services.update_activity_type(actor=request.user, activity=activity, **details.cleaned_data)
        except DomainError as exc:
            add_service_error(details, exc.code, exc.message)
        else:
            messages.success(request, _("The activity's names were saved."))
            return redirect(_back(f"activity-{activity.pk}"))
    elif step == "terms" and terms.is_valid():
        data = terms.cleaned_data | ({"automatic": True} if locked else {})
        try:
            rule = services.revise_activity_rule(actor=request.user, activity=activity, **data)
        except DomainError as exc:
            add_service_error(terms, exc.code, exc.message)
        else:
            messages.success(
                request,
                _("Version %(version)s of the terms applies from %(date)s; earlier versions are kept.")
                % {"version": rule.version, "date": rule.valid_from.isoformat()},
            )
            return redirect(_back(f"activity-{activity.pk}"))
    elif step not in (None, "details", "terms"):
        raise Http404
    if step == "details":  # the names were refused: show them as typed, not as saved
        activity.refresh_from_db()
    context = {
        "activity": activity,
        "label": _label(activity),
        "versions": versions,
        "current": queries.rule_in_force(versions, timezone.localdate()),
        "details_form": details,
        "terms_form": terms,
        "locked": locked,
    }
    return render(request, "mileage/catalogue/activity_revise.html", context, status=400 if step else 200)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def activity_toggle(request, pk: int):
    activity = get_object_or_404(ActivityType, pk=pk)
    active = request.POST.get("active") == "1"
    services.set_activity_active(actor=request.user, activity=activity, active=active)
    if active:
        messages.success(request, _("%(name)s is offered again.") % {"name": activity.name})
    else:
        messages.success(
            request, _("%(name)s is switched off; what was granted under it stays.") % {"name": activity.name}
        )
    return redirect(_back(f"activity-{activity.pk}"))


def _reward_form(request, option: RewardOption | None):
    rate = queries.policy_for_display(timezone.localdate().year).won_per_point
    data = request.POST if request.method == "POST" else None
    form = RewardOptionForm(data, instance=option, won_per_point=rate)
    if form.is_valid():
        try:
            saved = services.save_reward_option(actor=request.user, option=option, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc.code, exc.message)
        else:
            messages.success(request, _("The reward %(name)s was saved.") % {"name": saved.name})
            return redirect(_back(f"reward-{saved.pk}"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mileage/catalogue/reward_form.html",
        {"form": form, "option": option, "label": _label(option) if option else ""},
        status=status,
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def reward_create(request):
    return _reward_form(request, None)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def reward_edit(request, pk: int):
    return _reward_form(request, get_object_or_404(RewardOption, pk=pk))


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def reward_toggle(request, pk: int):
    option = get_object_or_404(RewardOption, pk=pk)
    active = request.POST.get("active") == "1"
    services.set_reward_active(actor=request.user, option=option, active=active)
    if active:
        messages.success(request, _("%(name)s is offered again.") % {"name": option.name})
    else:
        messages.success(
            request, _("%(name)s is no longer offered; requests already made go on.") % {"name": option.name}
        )
    return redirect(_back(f"reward-{option.pk}"))
