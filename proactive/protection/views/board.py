"""Screens of the exemption review board: the sessions (the audit office: all; a member: theirs), a new session, one
session with its attendance, its applications with their votes, and the form to put an application on it."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.protection.forms.board import AttendanceForm, SessionForm, TableForm
from proactive.protection.models import BoardSession
from proactive.protection.queries import audits as queries
from proactive.protection.queries import board_members
from proactive.protection.services import board as services
from proactive.protection.services.common import current_settings, may
from proactive.protection.views.common import done, no_superuser, require
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

PER_PAGE = 30


@login_required
@require_GET
def session_list(request):
    require(request, "protection.view_sessions")
    context = paginate(request, queries.sessions_visible_to(request.user), PER_PAGE)
    context["can_manage"] = may(request.user, services.MANAGE)
    return render(request, "protection/board/session_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require(request, services.MANAGE)
    form = SessionForm(request.POST or None, members=board_members())
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.create_session(
                    actor=request.user,
                    title=data["title"],
                    held_on=data["held_on"],
                    place=data["place"],
                    members=list(data["members"]),
                    chair=data["chair"],
                )
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(request, _("The session was created."), "protection:session-detail", session.pk)
        return render(request, "protection/board/session_form.html", {"form": form}, status=400)
    return render(request, "protection/board/session_form.html", {"form": form})


def _session_or_404(request, pk: int) -> BoardSession:
    no_superuser(request)
    session = queries.get_session(pk)
    if session is None or not may(request.user, "protection.view_session", session):
        raise Http404
    return session


def render_session(request, session: BoardSession, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    members = queries.session_members(session)
    applications = queries.session_applications(session)
    rules = current_settings()
    rows = []
    for application in applications:
        application.session = session
        rows.append(
            {
                "application": application,
                "tally": services.tally(application) if application.decided_on is None else None,
                "my_vote": next((v for v in application.votes.all() if v.member_id == user.pk), None),
            }
        )
    can_manage = may(user, services.MANAGE)
    context: dict[str, Any] = {
        "session": session,
        "members": members,
        "present_count": sum(1 for m in members if m.present),
        "rows": rows,
        "rules": rules,
        "can_manage": can_manage,
    }
    if can_manage:
        context["attendance_form"] = bound.get("attendance_form") or AttendanceForm(members=members)
        context["table_form"] = bound.get("table_form") or TableForm(applications=queries.applications_to_table(user))
    return render(request, "protection/board/session_detail.html", context, status=status)


@login_required
@require_GET
def session_detail(request, pk: int):
    return render_session(request, _session_or_404(request, pk))


@require_POST
@login_required
def session_attendance(request, pk: int):
    session = _session_or_404(request, pk)
    require(request, services.MANAGE)
    members = queries.session_members(session)
    form = AttendanceForm(request.POST, members=members)
    status = submit(
        form,
        lambda data: services.record_attendance(
            actor=request.user, session=session, present=[int(pk) for pk in data["present"]]
        ),
    )
    if status is None:
        return done(request, _("The attendance was recorded."), "protection:session-detail", session.pk)
    return render_session(request, session, status=status, attendance_form=form)


@require_POST
@login_required
def session_table(request, pk: int):
    session = _session_or_404(request, pk)
    require(request, services.MANAGE)
    form = TableForm(request.POST, applications=queries.applications_to_table(request.user))
    status = submit(
        form,
        lambda data: services.table_application(actor=request.user, session=session, application=data["application"]),
    )
    if status is None:
        return done(
            request,
            _("The application is on the session's agenda; the members were notified."),
            "protection:session-detail",
            session.pk,
        )
    return render_session(request, session, status=status, table_form=form)
