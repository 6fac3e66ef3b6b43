"""Campaigns and promotion: the list (filters by year and kind, this year's video target), the form (new and
edit, materials and featured cases) and one activity's page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from proactive.core.exceptions import DomainError
from proactive.outreach.enums import ActivityKind
from proactive.outreach.forms import ActivityForm, YearKindFilter
from proactive.outreach.queries import activities as queries
from proactive.outreach.services import activities as services
from proactive.outreach.services.common import today
from proactive.outreach.views.common import require, with_this_year
from proactive.web.navigation import OUTREACH_SECTION, MenuItem, register_section
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW = "outreach.view_activities"
MANAGE = services.MANAGE
PER_PAGE = 30
SECTION = OUTREACH_SECTION


def register() -> None:
    register_section(
        *SECTION,
        [
            MenuItem(gettext_lazy("Campaigns and promotion"), "outreach:activities", VIEW),
        ],
    )


@login_required
@require_GET
def activity_list(request):
    require(request, VIEW)
    form = YearKindFilter(
        request.GET or None, years=with_this_year(queries.activity_years()), kinds=ActivityKind.choices
    )
    year = kind = None
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    target_year = year or today().year
    context = {
        "filter_form": form,
        "filtered": bool(year or kind),
        "video": queries.video_target(target_year),
        **paginate(request, queries.activities_filtered(year=year, kind=kind or ""), PER_PAGE),
    }
    return render(request, "outreach/activity_list.html", context, status=200 if not form.errors else 400)


def _uuids(values: list[str]) -> list[uuid.UUID]:
    """The well-formed ids among ``values`` (a tampered form sends anything)."""
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(value))
        except ValueError:
            continue
    return out


def _form(request, activity=None):
    initial = None
    if activity is not None:
        initial = {
            "kind": activity.kind,
            "title": activity.title,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "place": activity.place,
            "participants": activity.participants,
            "views": activity.views,
            "description": activity.description,
            "links": activity.links,
            "cases": list(activity.cases.all()),
        }
    if request.method == "POST":
        return ActivityForm(request.POST, request.FILES, request=request, cases=queries.selectable_cases())
    return ActivityForm(initial=initial, cases=queries.selectable_cases())


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int | None = None):
    require(request, MANAGE)
    activity = None
    if pk is not None:
        activity = queries.get_activity(pk)
        if activity is None:
            raise Http404
    form = _form(request, activity)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if activity is None:
                    activity = services.create_activity(
                        actor=request.user, data=data, files=data["attachments"], cases=data["cases"]
                    )
                    messages.success(request, _("The activity was recorded."))
                else:
                    removed = activity.materials.filter(pk__in=_uuids(request.POST.getlist("remove_material")))
                    activity = services.update_activity(
                        actor=request.user,
                        activity=activity,
                        data=data,
                        files=data["attachments"],
                        cases=data["cases"],
                        remove_materials=list(removed),
                    )
                    messages.success(request, _("The activity was saved."))
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                return redirect("outreach:activity-detail", activity.pk)
        status = 413 if form.upload_rejected else 400
        return render(request, "outreach/activity_form.html", {"form": form, "activity": activity}, status=status)
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_GET
def activity_detail(request, pk: int):
    require(request, VIEW)
    activity = queries.get_activity(pk)
    if activity is None:
        raise Http404
    return render(request, "outreach/activity_detail.html", {"activity": activity})
