"""Screens of the roster: the list of members (with terms ending soon flagged), a member's page with their terms
and meetings, enrolling and editing members, appointing and ending terms, and the committee's settings.

The secretariat manages everything here; members of the committee see the roster and members' pages; anybody else
gets a 403.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.committee.enums import MemberCategory
from proactive.committee.forms import (
    AppointTermForm,
    EndTermForm,
    MemberCreateForm,
    MemberEditForm,
    RosterFilterForm,
    SettingsForm,
)
from proactive.committee.models import CommitteeSettings, Member, Term
from proactive.committee.queries import roster as queries
from proactive.committee.services import roster as services
from proactive.committee.services.settings import update_committee_settings
from proactive.committee.views.common import done, need
from proactive.core.exceptions import DomainError
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

VIEW = "committee.view_roster"
MANAGE = "committee.manage_roster"
SETTINGS = "committee.change_settings"
PER_PAGE = 50


@login_required
@require_GET
def member_list(request):
    need(request, VIEW)
    form = RosterFilterForm(request.GET or None)
    criteria = queries.RosterFilter()
    if form.is_valid():
        data = form.cleaned_data
        criteria = queries.RosterFilter(
            state=data["state"] or "sitting",
            category=data["category"],
            field=data["field"],
            pool=data["pool"],
            q=data["q"].strip(),
        )
    rules = CommitteeSettings.current()
    day = timezone.localdate()
    context = paginate(request, queries.roster(criteria, day=day), PER_PAGE)
    for member in context["page_obj"]:
        member.status = queries.term_status(member, day=day, warn_days=rules.warn_days)
    context |= {
        "filter_form": form,
        "filtered": criteria != queries.RosterFilter(),
        "can_manage": request.user.has_perm(MANAGE),
        "rules": rules,
        "ending": queries.terms_ending(day=day, warn_days=rules.warn_days),
    }
    return render(request, "committee/roster/member_list.html", context)


def _member_or_404(pk: int) -> Member:
    member = Member.objects.filter(pk=pk).select_related("user__official__unit", "created_by").first()
    if member is None:
        raise Http404
    return member


def _render_detail(request, member: Member, *, status: int = 200, **bound: Any):
    rules = CommitteeSettings.current()
    day = timezone.localdate()
    terms = list(member.terms.select_related("membership", "chair_membership").order_by("number"))
    member.terms_list = terms  # type: ignore[attr-defined]
    for term in terms:
        term.can_end = term.ended_on is None and term.starts_on <= day and (term.ends_on is None or term.ends_on > day)  # type: ignore[attr-defined]
    can_manage = request.user.has_perm(MANAGE)
    context: dict[str, Any] = {
        "member": member,
        "terms": terms,
        "status": queries.term_status(member, day=day, warn_days=rules.warn_days),
        "rules": rules,
        "invitations": list(queries.member_meetings(member)[:50]),
        "can_manage": can_manage,
        "today": day,
    }
    if can_manage:
        context["appoint_form"] = bound.get("appoint_form") or AppointTermForm()
        context["can_appoint"] = not member.counts_terms or services.served_terms(member) < rules.max_terms
    response = render(request, "committee/roster/member_detail.html", context, status=status)
    return response


@login_required
@require_GET
def member_detail(request, pk: int):
    need(request, VIEW)
    return _render_detail(request, _member_or_404(pk))


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    need(request, MANAGE)
    form = MemberCreateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = services.enrol_member(
                    actor=request.user,
                    user=data["user_ref"],
                    name=data["name"],
                    email=data["email"],
                    category=data["category"],
                    field=data["field"],
                    affiliation=data["affiliation"],
                    in_pool=data["in_pool"],
                    note=data["note"],
                    starts_on=data["starts_on"],
                )
            except DomainError as exc:
                status = refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request,
                    _("The member was added to the roster and their term appointed."),
                    "committee:member-detail",
                    member.pk,
                )
    return render(request, "committee/roster/member_form.html", {"form": form, "member": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    need(request, MANAGE)
    member = _member_or_404(pk)
    initial = {
        "category": member.category,
        "field": member.field,
        "affiliation": member.affiliation,
        "in_pool": member.in_pool,
        "note": member.note,
    }
    form = MemberEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status: int | None = 200
    if request.method == "POST":
        status = submit(form, lambda data: services.update_member(actor=request.user, member=member, **data))
        if status is None:
            return done(request, _("The member's details were saved."), "committee:member-detail", member.pk)
    return render(request, "committee/roster/member_form.html", {"form": form, "member": member}, status=status)


@require_POST
@login_required
def term_appoint(request, pk: int):
    need(request, MANAGE)
    member = _member_or_404(pk)
    form = AppointTermForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            term = services.appoint_term(actor=request.user, member=member, starts_on=form.cleaned_data["starts_on"])
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return done(
                request,
                _("Term %(number)s was appointed from %(start)s.")
                % {"number": term.number, "start": term.starts_on.isoformat()},
                "committee:member-detail",
                member.pk,
            )
    return _render_detail(request, member, status=status, appoint_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def term_end(request, pk: int):
    need(request, MANAGE)
    term = Term.objects.filter(pk=pk).select_related("member__user").first()
    if term is None:
        raise Http404
    form = EndTermForm(request.POST if request.method == "POST" else None)
    status: int | None = 200
    if request.method == "POST":
        status = submit(
            form,
            lambda data: services.end_term(
                actor=request.user,
                term=term,
                ends_on=data["ends_on"],
                reason=data["reason"],
            ),
        )
        if status is None:
            return done(
                request,
                _("The term was ended; the member's committee roles end the same day."),
                "committee:member-detail",
                term.member_id,
            )
    return render(request, "committee/roster/term_end.html", {"form": form, "term": term}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    need(request, SETTINGS)
    current = CommitteeSettings.current()
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=current)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            update_committee_settings(actor=request.user, data=form.cleaned_data)
            return done(request, _("The committee's settings were saved."), "committee:settings")
    context = {"form": form, "categories": MemberCategory}
    return render(request, "committee/roster/settings.html", context, status=status)
