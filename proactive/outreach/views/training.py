"""Training: the list of sessions, the session form, one session's page with its attendance (the officials picker
as an htmx partial, a whole department at once, hours per official), an official's own history and the totals of
hours per period and department."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.accounts.models import Official, OrgUnit
from proactive.core.exceptions import DomainError
from proactive.outreach.enums import TrainingKind
from proactive.outreach.forms import (
    AddAttendeesForm,
    AddDepartmentForm,
    HoursForm,
    PickerForm,
    SessionForm,
    TotalsForm,
    YearKindFilter,
    default_range,
)
from proactive.outreach.models import Attendance
from proactive.outreach.queries import training as queries
from proactive.outreach.services import training as services
from proactive.outreach.views.activities import SECTION
from proactive.outreach.views.common import require, with_this_year
from proactive.web.navigation import DashboardPanel, MenuItem, register_panel, register_section
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW = "outreach.view_training"
MANAGE = services.MANAGE
MINE = "outreach.view_my_training"
PER_PAGE = 30


def register() -> None:
    register_section(
        *SECTION,
        [
            MenuItem(gettext_lazy("Training sessions"), "outreach:sessions", VIEW),
            MenuItem(gettext_lazy("Training hours"), "outreach:training-totals", VIEW),
            MenuItem(gettext_lazy("My training"), "outreach:my-training", MINE),
        ],
    )
    register_panel(
        DashboardPanel(
            key="outreach-my-training",
            template="outreach/_my_training_panel.html",
            permission=MINE,
            order=80,
            context=_my_panel,
        )
    )


def _my_panel(user) -> dict:
    history = queries.history_of(getattr(user, "official_id", None))
    return {"training_recent": list(history[:3])}


@login_required
@require_GET
def session_list(request):
    require(request, VIEW)
    form = YearKindFilter(
        request.GET or None, years=with_this_year(queries.session_years()), kinds=TrainingKind.choices
    )
    year = kind = None
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    context = {
        "filter_form": form,
        "filtered": bool(year or kind),
        **paginate(request, queries.sessions_filtered(year=year, kind=kind or ""), PER_PAGE),
    }
    return render(request, "outreach/session_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int | None = None):
    require(request, MANAGE)
    session = None
    if pk is not None:
        session = queries.get_session(pk)
        if session is None:
            raise Http404
    initial = None
    if session is not None:
        initial = {f: getattr(session, f) for f in services.FIELDS}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                if session is None:
                    session = services.create_session(actor=request.user, data=form.cleaned_data)
                    messages.success(request, _("The training session was recorded. Now add who attended."))
                else:
                    session = services.update_session(actor=request.user, session=session, data=form.cleaned_data)
                    messages.success(request, _("The training session was saved."))
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                return redirect("outreach:session-detail", session.pk)
        return render(request, "outreach/session_form.html", {"form": form, "session": session}, status=400)
    return render(request, "outreach/session_form.html", {"form": form, "session": session})


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


def _session_or_404(pk: int):
    session = queries.get_session(pk)
    if session is None:
        raise Http404
    return session


def _detail(request, session, *, picker=None, add_form=None, dept_form=None, status=200):
    units = _units()
    picker = picker or PickerForm(request.GET or None, units=units)
    found = Official.objects.none()
    if picker.is_bound and picker.is_valid():
        found = queries.pick_officials(
            q=picker.cleaned_data["q"], unit=picker.cleaned_data["unit"], exclude_session=session
        )
    context = {
        "session": session,
        "attendances": queries.attendance_of(session),
        "picker": picker,
        "found": found,
        "searched": picker.is_bound,
        "add_form": add_form,
        "dept_form": dept_form or AddDepartmentForm(units=units),
        "may_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "outreach/session_detail.html", context, status=status)


@login_required
@require_GET
def session_detail(request, pk: int):
    require(request, VIEW)
    return _detail(request, _session_or_404(pk))


@login_required
@require_GET
def partial_officials(request, pk: int):
    """The picker's results (htmx): active officials matching the name and/or unit, not yet attending."""
    require(request, MANAGE)
    session = _session_or_404(pk)
    picker = PickerForm(request.GET, units=_units())
    found = Official.objects.none()
    if picker.is_valid():
        found = queries.pick_officials(
            q=picker.cleaned_data["q"], unit=picker.cleaned_data["unit"], exclude_session=session
        )
    context = {"session": session, "found": found, "searched": True}
    return render(request, "outreach/_official_results.html", context)


@login_required
@require_POST
def attendees_add(request, pk: int):
    require(request, MANAGE)
    session = _session_or_404(pk)
    form = AddAttendeesForm(request.POST, officials=Official.objects.all())
    if form.is_valid():
        try:
            added = services.add_attendees(
                actor=request.user,
                session=session,
                officials=form.cleaned_data["officials"],
                hours=form.cleaned_data["hours"],
            )
        except DomainError as exc:
            refused(exc)
            form.add_error("hours", exc.message)
        else:
            messages.success(request, _("%(count)d attendees added.") % {"count": len(added)})
            return redirect("outreach:session-detail", session.pk)
    return _detail(request, session, add_form=form, status=400)


@login_required
@require_POST
def department_add(request, pk: int):
    require(request, MANAGE)
    session = _session_or_404(pk)
    form = AddDepartmentForm(request.POST, units=_units())
    if form.is_valid():
        try:
            added = services.add_department(
                actor=request.user, session=session, unit=form.cleaned_data["unit"], hours=form.cleaned_data["hours"]
            )
        except DomainError as exc:
            refused(exc)
            form.add_error("hours", exc.message)
        else:
            messages.success(
                request,
                _("%(count)d officials of %(unit)s added.")
                % {"count": len(added), "unit": form.cleaned_data["unit"].name},
            )
            return redirect("outreach:session-detail", session.pk)
    return _detail(request, session, dept_form=form, status=400)


def _attendance_or_404(pk: int, attendance_pk: int) -> Attendance:
    attendance = (
        Attendance.objects.select_related("session", "official").filter(pk=attendance_pk, session_id=pk).first()
    )
    if attendance is None:
        raise Http404
    return attendance


@login_required
@require_POST
def attendance_hours(request, pk: int, attendance_pk: int):
    require(request, MANAGE)
    attendance = _attendance_or_404(pk, attendance_pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.set_attendance_hours(actor=request.user, attendance=attendance, hours=form.cleaned_data["hours"])
        except DomainError as exc:
            refused(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The hours of %(name)s were saved.") % {"name": attendance.official.name})
    else:
        messages.error(request, _("Enter the hours as a number, e.g. 2 or 1.5."))
    return redirect("outreach:session-detail", pk)


@login_required
@require_POST
def attendance_remove(request, pk: int, attendance_pk: int):
    require(request, MANAGE)
    attendance = _attendance_or_404(pk, attendance_pk)
    services.remove_attendance(actor=request.user, attendance=attendance)
    messages.success(request, _("%(name)s was taken off the attendance.") % {"name": attendance.official.name})
    return redirect("outreach:session-detail", pk)


@login_required
@require_GET
def my_training(request):
    require(request, MINE)
    history = list(queries.history_of(request.user.official_id))
    total = sum((a.hours for a in history), start=queries.ZERO)
    return render(request, "outreach/my_training.html", {"history": history, "total": total})


@login_required
@require_GET
def training_totals(request):
    require(request, VIEW)
    start, end = default_range()
    data = request.GET.copy()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    data.setdefault("by", "top")
    form = TotalsForm(data)
    totals = None
    if form.is_valid():
        totals = queries.hours_totals(
            form.cleaned_data["start"], form.cleaned_data["end"], by_top_unit=form.cleaned_data["by"] == "top"
        )
    status = 200 if totals is not None else 400
    return render(request, "outreach/training_totals.html", {"form": form, "totals": totals}, status=status)
