"""Screens of meetings: the list, planning and editing, the draw of members, and one meeting's page with its
agenda, attendance, recusals, votes and minutes, with the forms of the steps its state allows.

The secretariat runs meetings; the chair approves the minutes and decides challenges; members called to a meeting
see its page (and vote on their own page, ``views.members``); anybody else gets a 403 (the list) or a 404 (a
meeting they may not see). Each form posts to its own URL; a refusal re-renders the page with what was typed and
the reason.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.committee.enums import AgendaState, Attendance, MeetingKind, MeetingState, MemberField, VoteChoice
from proactive.committee.forms import (
    AttendanceForm,
    CancelForm,
    ChallengeDecisionForm,
    DecideForm,
    InviteForm,
    MeetingFilterForm,
    MeetingForm,
    MemberReasonForm,
    MinutesForm,
    ProposalForm,
)
from proactive.committee.models import AgendaItem, Meeting, Member, Recusal, Vote
from proactive.committee.queries import meetings as queries
from proactive.committee.services import agenda as agenda_services
from proactive.committee.services import documents as document_services
from proactive.committee.services import meetings as services
from proactive.committee.services import recusals as recusal_services
from proactive.committee.services.common import may
from proactive.committee.views.common import done, failed, need, pdf_response
from proactive.core.exceptions import DomainError
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

LIST = "committee.view_meetings"
VIEW = "committee.view_meeting"
MANAGE = "committee.manage_meetings"
APPROVE = "committee.approve_minutes"
DECIDE_CHALLENGE = "committee.decide_challenge"
PER_PAGE = 30


@login_required
@require_GET
def meeting_list(request):
    need(request, LIST)
    form = MeetingFilterForm(request.GET or None)
    state, year = "", None
    if form.is_valid():
        state, year = form.cleaned_data["state"], form.cleaned_data["year"]
    context = paginate(request, queries.meeting_list(request.user, state=state, year=year), PER_PAGE)
    context |= {"filter_form": form, "filtered": bool(state or year), "can_manage": may(request.user, MANAGE)}
    return render(request, "committee/meetings/meeting_list.html", context)


def _visible_or_404(request, pk: int) -> Meeting:
    meeting = queries.get_meeting(pk)
    if meeting is None or not may(request.user, VIEW, meeting):
        raise Http404
    return meeting


def _item_or_404(request, pk: int) -> AgendaItem:
    item = queries.get_item(pk)
    if item is None or item.meeting is None or not may(request.user, VIEW, item.meeting):
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    need(request, MANAGE)
    form = MeetingForm(request.POST if request.method == "POST" else None, initial={"kind": MeetingKind.IN_PERSON})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.create_meeting(actor=request.user, **data)
            except DomainError as exc:
                status = refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request,
                    _("The meeting %(number)s was planned.") % {"number": meeting.number},
                    "committee:meeting-detail",
                    meeting.pk,
                )
    return render(request, "committee/meetings/meeting_form.html", {"form": form, "meeting": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    initial = {
        "title": meeting.title,
        "scheduled_at": timezone.localtime(meeting.scheduled_at),
        "place": meeting.place,
        "closes_at": timezone.localtime(meeting.closes_at) if meeting.closes_at else None,
    }
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    status: int | None = 200
    if request.method == "POST":
        status = submit(form, lambda data: services.update_meeting(actor=request.user, meeting=meeting, **data))
        if status is None:
            return done(request, _("The meeting was saved."), "committee:meeting-detail", meeting.pk)
    return render(request, "committee/meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


# --- One meeting ---------------------------------------------------------------------------------------------


def _item_rows(
    request, meeting: Meeting, facts: queries.MeetingFacts, items: list[AgendaItem], bound: dict
) -> list[dict]:
    manage = may(request.user, MANAGE) and meeting.state in (MeetingState.PLANNED, MeetingState.HELD)
    invited = {i.member_id: i for i in facts.invitations}
    called: list[Member] | None = None  # the members called, loaded once for the recusal forms of every open item
    rows = []
    for item in items:
        kind = item.agenda_kind  # type: ignore[attr-defined]
        tally = queries.tally(facts, item) if meeting.state != MeetingState.CANCELLED else None
        votes = facts.votes.get(item.pk, {})
        recusals = list(item.recusals.all())
        live = {r.member_id for r in recusals if r.state in ("effective", "pending")}
        row: dict[str, Any] = {
            "item": item,
            "kind": kind,
            "outcome_label": kind.outcome_label(item.outcome) if kind and item.outcome else item.outcome,
            "proposed_label": kind.outcome_label(item.proposed_outcome) if kind and item.proposed_outcome else "",
            "subject_url": kind.subject_url(item.subject_id) if kind else "",
            "tally": tally,
            "votes": [(invited[m].member, VoteChoice(c).label) for m, c in votes.items() if m in invited],
            "recusals": [
                {"recusal": r, "can_decide": r.state == "pending" and may(request.user, DECIDE_CHALLENGE, r)}
                for r in recusals
            ],
            "open": item.state == AgendaState.TABLED and manage,
        }
        if row["open"] and kind is not None:
            key = f"proposal_form_{item.pk}"
            row["proposal_form"] = bound.get(key) or ProposalForm(
                outcomes=kind.outcomes,
                prefix=f"p{item.pk}",
                initial={"outcome": item.proposed_outcome, "resolution": item.proposed_resolution},
            )
            if called is None:
                called = list(Member.objects.filter(pk__in=list(invited)).select_related("user"))
            others = [m for m in called if m.pk not in live]
            row["exclusion_form"] = bound.get(f"exclusion_form_{item.pk}") or MemberReasonForm(
                members=others, prefix=f"x{item.pk}"
            )
            row["challenge_form"] = bound.get(f"challenge_form_{item.pk}") or MemberReasonForm(
                members=others, prefix=f"c{item.pk}"
            )
            if meeting.state == MeetingState.HELD and item.proposed_outcome:
                row["decide_form"] = bound.get(f"decide_form_{item.pk}") or DecideForm(prefix=f"d{item.pk}")
                if meeting.kind == MeetingKind.IN_PERSON:
                    row["show_of_hands"] = [
                        (inv.member, votes.get(inv.member_id, ""))
                        for inv in facts.invitations
                        if inv.attendance == Attendance.PRESENT
                        and inv.member_id not in live
                        and inv.member_id in facts.sitting
                    ]
        for entry in row["recusals"]:
            if entry["can_decide"]:
                entry["form"] = bound.get(f"challenge_decision_{entry['recusal'].pk}") or ChallengeDecisionForm(
                    prefix=f"r{entry['recusal'].pk}"
                )
        rows.append(row)
    return rows


def _render_detail(request, meeting: Meeting, *, status: int = 200, **bound: Any) -> HttpResponse:
    items = queries.meeting_items(meeting)
    facts = queries.meeting_facts(meeting, items)
    can_manage = may(request.user, MANAGE)
    present, base, needed = queries.opening_quorum(facts)
    context: dict[str, Any] = {
        "meeting": meeting,
        "rows": _item_rows(request, meeting, facts, items, bound),
        "invitations": facts.invitations,
        "sitting": facts.sitting,
        "quorum": {"present": present, "base": base, "needed": needed, "met": present >= needed and base > 0},
        "rules": facts.rules,
        "field_choices": MemberField.choices,
        "can_manage": can_manage,
        "can_approve": may(request.user, APPROVE)
        and meeting.state == MeetingState.HELD
        and bool(meeting.minutes.strip())
        and meeting.minutes_approved_at is None,
        "is_invited": any(i.member.user_id == request.user.pk for i in facts.invitations),
        "window_closed": bool(meeting.closes_at and meeting.closes_at < timezone.now()),
        "can_download_minutes": meeting.state == MeetingState.CLOSED
        and may(request.user, "committee.download_minutes", meeting),
    }
    if can_manage:
        if meeting.state == MeetingState.PLANNED:
            if meeting.kind == MeetingKind.IN_PERSON:
                context["open_form"] = bound.get("open_form") or AttendanceForm(
                    meeting=meeting, initial={"present": [i.member_id for i in facts.invitations]}
                )
            context["cancel_form"] = bound.get("cancel_form") or CancelForm()
        if meeting.state == MeetingState.HELD:
            if meeting.kind == MeetingKind.IN_PERSON:
                context["attendance_form"] = bound.get("attendance_form") or AttendanceForm(
                    meeting=meeting,
                    initial={"present": [i.member_id for i in facts.invitations if i.attendance == Attendance.PRESENT]},
                )
            context["minutes_form"] = bound.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes})
    response = render(request, "committee/meetings/meeting_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def meeting_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


def _fresh(meeting: Meeting | None) -> Meeting:
    assert meeting is not None  # every item handled here is on a meeting (_item_or_404)
    return queries.get_meeting(meeting.pk) or meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invite(request, pk: int):
    """The draw: standing members and the pool's experts matching the agenda's fields, preselected; the secretariat
    confirms whom to call."""
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    if meeting.is_closed:
        raise Http404
    suggestions = queries.draw_suggestions(meeting)
    candidates = Member.objects.filter(pk__in=[s.member.pk for s in suggestions])
    initial = {"members": [s.member.pk for s in suggestions if s.preselected]}
    form = InviteForm(request.POST if request.method == "POST" else None, candidates=candidates, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            drawn = {s.member.pk: s.field for s in suggestions if s.field}
            try:
                created = services.invite_members(
                    actor=request.user, meeting=meeting, members=form.cleaned_data["members"], drawn_for=drawn
                )
            except DomainError as exc:
                status = refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request,
                    _("%(count)s members were called and notified.") % {"count": len(created)},
                    "committee:meeting-detail",
                    meeting.pk,
                )
    checked = {int(v) for v in (form["members"].value() or []) if str(v).isdigit()}
    context = {
        "meeting": meeting,
        "form": form,
        "suggestions": suggestions,
        "checked": checked,
        "fields": sorted({s.field for s in suggestions if s.field}),
        "agenda_without_field": meeting.items.filter(state=AgendaState.TABLED, field="").count(),
    }
    return render(request, "committee/meetings/meeting_invite.html", context, status=status)


@require_POST
@login_required
def meeting_uninvite(request, pk: int, member_pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    member = Member.objects.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    try:
        services.uninvite_member(actor=request.user, meeting=meeting, member=member)
    except DomainError as exc:
        return failed(request, exc, "committee:meeting-detail", meeting.pk)
    return done(request, _("The member was taken off the meeting."), "committee:meeting-detail", meeting.pk)


@require_POST
@login_required
def meeting_open(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    status = submit(
        form, lambda data: services.open_meeting(actor=request.user, meeting=meeting, present=data["present"])
    )
    if status is None:
        if meeting.kind == MeetingKind.WRITTEN:
            return done(
                request,
                _("The written deliberation is open; the members were told to vote."),
                "committee:meeting-detail",
                meeting.pk,
            )
        return done(request, _("The meeting is open: the quorum is reached."), "committee:meeting-detail", meeting.pk)
    return _render_detail(request, _fresh(meeting), status=status, open_form=form)


@require_POST
@login_required
def meeting_attendance(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    status = submit(
        form, lambda data: services.record_attendance(actor=request.user, meeting=meeting, present=data["present"])
    )
    if status is None:
        return done(
            request,
            _("The attendance at the meeting was recorded."),
            "committee:meeting-detail",
            meeting.pk,
        )
    return _render_detail(request, _fresh(meeting), status=status, attendance_form=form)


@require_POST
@login_required
def meeting_minutes(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    form = MinutesForm(request.POST)
    status = submit(
        form, lambda data: services.save_minutes(actor=request.user, meeting=meeting, minutes=data["minutes"])
    )
    if status is None:
        return done(
            request,
            _("The minutes were saved; the chair approves them."),
            "committee:meeting-detail",
            meeting.pk,
        )
    return _render_detail(request, _fresh(meeting), status=status, minutes_form=form)


@require_POST
@login_required
def minutes_approve(request, pk: int):
    meeting = _visible_or_404(request, pk)
    need(request, APPROVE)
    try:
        services.approve_minutes(actor=request.user, meeting=meeting)
    except DomainError as exc:
        return failed(request, exc, "committee:meeting-detail", meeting.pk)
    return done(request, _("The minutes were approved."), "committee:meeting-detail", meeting.pk)


@require_POST
@login_required
def meeting_close(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    try:
        services.close_meeting(actor=request.user, meeting=meeting)
    except DomainError as exc:
        return failed(request, exc, "committee:meeting-detail", meeting.pk)
    return done(
        request,
        _("The meeting was closed; its minutes and decisions are now records."),
        "committee:meeting-detail",
        meeting.pk,
    )


@require_POST
@login_required
def meeting_cancel(request, pk: int):
    need(request, MANAGE)
    meeting = _visible_or_404(request, pk)
    form = CancelForm(request.POST)
    status = submit(
        form, lambda data: services.cancel_meeting(actor=request.user, meeting=meeting, reason=data["reason"])
    )
    if status is None:
        return done(
            request,
            _("The meeting was cancelled; its items went back to the queue."),
            "committee:meeting-detail",
            meeting.pk,
        )
    return _render_detail(request, _fresh(meeting), status=status, cancel_form=form)


@login_required
@require_GET
def minutes_pdf(request, pk: int):
    meeting = queries.get_meeting(pk)
    if meeting is None or not may(request.user, "committee.download_minutes", meeting):
        raise Http404
    document = document_services.ensure_minutes(meeting)
    name = document_services.minutes_file_name(meeting)
    return pdf_response(request, document, name, f"committee.minutes:{meeting.number}")


# --- Items on the agenda -------------------------------------------------------------------------------------


def _managed_item(request, pk: int) -> AgendaItem:
    need(request, MANAGE)
    return _item_or_404(request, pk)


def _back(item: AgendaItem) -> tuple[str, int]:
    return "committee:meeting-detail", item.meeting_id  # type: ignore[return-value]


@require_POST
@login_required
def item_propose(request, pk: int):
    item = _managed_item(request, pk)
    kind = item.agenda_kind  # type: ignore[attr-defined]
    if kind is None:
        raise Http404
    form = ProposalForm(request.POST, outcomes=kind.outcomes, prefix=f"p{item.pk}")
    status = submit(
        form,
        lambda data: agenda_services.propose_decision(
            actor=request.user,
            item=item,
            outcome=data["outcome"],
            resolution=data["resolution"],
        ),
    )
    if status is None:
        return done(request, _("The proposal was put to the members."), *_back(item))
    return _render_detail(request, _fresh(item.meeting), status=status, **{f"proposal_form_{item.pk}": form})


@require_POST
@login_required
def item_votes(request, pk: int):
    """The secretariat records a show of hands at a meeting in person: one choice per member present."""
    item = _managed_item(request, pk)
    members = {m.pk: m for m in Member.objects.filter(invitations__meeting=item.meeting).select_related("user")}
    current = dict(Vote.objects.filter(item=item, ballot=item.ballot).values_list("member_id", "choice"))
    recorded = 0
    try:
        for key, value in request.POST.items():
            if not key.startswith("vote_") or not value:
                continue
            member = members.get(int(key.removeprefix("vote_"))) if key.removeprefix("vote_").isdigit() else None
            if member is None:
                raise Http404
            if current.get(member.pk) == value:
                continue  # unchanged (e.g. the member's own vote): left as it was cast
            agenda_services.record_vote(actor=request.user, item=item, member=member, choice=value)
            recorded += 1
    except DomainError as exc:
        return failed(request, exc, *_back(item))
    return done(request, _("%(count)s votes were recorded.") % {"count": recorded}, *_back(item))


@require_POST
@login_required
def item_decide(request, pk: int):
    item = _managed_item(request, pk)
    form = DecideForm(request.POST, prefix=f"d{item.pk}")
    status = 400
    if form.is_valid():
        try:
            item, decided = agenda_services.close_vote(
                actor=request.user, item=item, resolution=form.cleaned_data["resolution"]
            )
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            if decided:
                return done(
                    request,
                    _("Decided: %(number)s. The resolution document is being prepared.")
                    % {"number": item.decision_number},
                    *_back(item),
                )
            return failed(
                request,
                DomainError(
                    _("The proposal was not carried. Put another proposal to the members, or carry the item over.")
                ),
                *_back(item),
            )
    return _render_detail(request, _fresh(item.meeting), status=status, **{f"decide_form_{item.pk}": form})


@require_POST
@login_required
def item_unschedule(request, pk: int):
    item = _managed_item(request, pk)
    meeting_pk = item.meeting_id
    try:
        agenda_services.unschedule_item(actor=request.user, item=item)
    except DomainError as exc:
        return failed(request, exc, *_back(item))
    return done(request, _("The item went back to the queue."), "committee:meeting-detail", meeting_pk)


def _recusal_post(request, item: AgendaItem, prefix: str, key: str, call) -> HttpResponse:
    invited = Member.objects.filter(invitations__meeting=item.meeting).select_related("user")
    form = MemberReasonForm(request.POST, members=invited, prefix=f"{prefix}{item.pk}")
    status = submit(
        form, lambda data: call(actor=request.user, item=item, member=data["member"], reason=data["reason"])
    )
    if status is None:
        return done(request, _("The recusal was recorded."), *_back(item))
    return _render_detail(request, _fresh(item.meeting), status=status, **{f"{key}_{item.pk}": form})


@require_POST
@login_required
def item_exclusion(request, pk: int):
    item = _managed_item(request, pk)
    return _recusal_post(request, item, "x", "exclusion_form", recusal_services.record_exclusion)


@require_POST
@login_required
def item_challenge_staff(request, pk: int):
    """The secretariat raises a challenge (기피) for the chair to decide."""
    item = _managed_item(request, pk)
    return _recusal_post(request, item, "c", "challenge_form", recusal_services.raise_challenge)


@require_POST
@login_required
def challenge_decide(request, pk: int):
    recusal = Recusal.objects.filter(pk=pk).select_related("member__user", "item__meeting").first()
    if recusal is None or not may(request.user, VIEW, recusal.item.meeting):
        raise Http404
    need(request, DECIDE_CHALLENGE, recusal)
    form = ChallengeDecisionForm(request.POST, prefix=f"r{recusal.pk}")
    status = submit(
        form,
        lambda data: recusal_services.decide_challenge(
            actor=request.user,
            recusal=recusal,
            accept=data["decision"] == "accept",
            note=data["note"],
        ),
    )
    if status is None:
        return done(
            request,
            _("The challenge was decided."),
            "committee:meeting-detail",
            recusal.item.meeting_id,
        )
    return _render_detail(
        request, _fresh(recusal.item.meeting), status=status, **{f"challenge_decision_{recusal.pk}": form}
    )
