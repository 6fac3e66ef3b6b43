"""The audit office's side of a pre-consulting request (DOMAIN.md §4.6): screening, reviewers, joint reviews, the
escalation to BAI/MOIS, the referral to the 적극행정위원회, deadline extensions and the opinion; the daily overdue
flags and implementation reminders.

- **Screening** (``accept_request``, ``return_request``): accepted (received today; ``due_on`` is the office's
  ``review_days`` from today, business or calendar days; reviewers may be assigned at once) or returned with one of
  the exclusions (``ExclusionReason``) and an explanation the requester reads.
- **Reviewers** (``assign_reviewers``): audit officers of the office, one of them the lead; assigning moves an
  accepted request under review; reassigning later changes only the assignments.
- **Joint review** (``record_joint_review``): a session with lawyers, the regulatory-reform team or the department
  concerned: date, who took part, notes (internal).
- **Escalation** (``escalate_request``, ``record_escalation_reply``): the question sent to BAI or MOIS; **the clock
  pauses** until their reply is recorded, and the days it waited are added to the due date (a ``DeadlineChange`` of
  kind ``pause``), because the office cannot answer before the higher body does.
- **Committee referral** (``refer_to_committee``): a matter with wide impact goes to the committee (agenda kind
  ``preconsulting``, ``committee.services.agenda.table_item``); the clock pauses likewise; the committee's decision
  (``on_committee_decided``) attaches its view and puts the request back under review.
- **Extensions** (``extend_deadline``): a later date and a reason; the requester is told.
- **Opinion** (``issue_opinion``): conclusion and reasons, numbered ``사전-YYYY-NNNN``, rendered as a PDF after
  commit (``services.opinions``); the requester and their head are notified.
"""

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from proactive.audit.services import record_event
from proactive.consulting.enums import (
    CLOCK_STATES,
    EscalationBody,
    ExclusionReason,
    ExtensionKind,
    JointParticipant,
    RequestState,
)
from proactive.consulting.models import (
    ConsultingRequest,
    DeadlineChange,
    Escalation,
    Event,
    JointReview,
    Opinion,
    Referral,
    ReviewerAssignment,
)
from proactive.consulting.queries import audit_office, heads_of
from proactive.consulting.services.common import (
    KIND_ASSIGNED,
    KIND_COMMITTEE,
    KIND_EXTENDED,
    KIND_OPINION,
    KIND_OVERDUE,
    KIND_REMINDER,
    KIND_SCREENED,
    MAX_REASON,
    clean_text,
    current_settings,
    detail_url,
    later,
    log,
    require,
    today,
)
from proactive.consulting.services.transitions import StepResult, step, transition_request
from proactive.core import deadlines
from proactive.core.exceptions import DomainError
from proactive.notifications.services import notify

S = RequestState
AGENDA_KIND = "preconsulting"
NUMBER_PREFIX = "사전"
REVIEW = "consulting.review_request"


# --- Screening -----------------------------------------------------------------------------------------------


def _tell_requester(req: ConsultingRequest, actor: Any, kind: str, title: Any, body: Any = "") -> Any:
    requester = req.requester
    return partial(notify, recipient=requester, kind=kind, title=title, body=body, url=detail_url(req), actor=actor)


@step(S.SUBMITTED, S.ACCEPTED)
def _accept(actor: Any, req: ConsultingRequest) -> StepResult:
    settings = current_settings()
    day = today()
    req.screened_on = day
    req.screened_by = actor
    req.return_reason = ""
    req.return_note = ""
    req.received_on = day
    req.due_on = deadlines.add_days(day, settings.review_days, business=settings.business_days)
    req.paused_on = None
    title = later(
        gettext_lazy("Your pre-consulting request was accepted; the answer is due on %(date)s."),
        date=req.due_on.isoformat(),
    )
    return StepResult(
        "accepted",
        {"received_on": day.isoformat(), "due_on": req.due_on.isoformat(), "days": settings.review_days},
        [_tell_requester(req, actor, KIND_SCREENED, title)],
    )


@step(S.SUBMITTED, S.RETURNED)
def _return(actor: Any, req: ConsultingRequest, *, reason: str = "", note: str = "") -> StepResult:
    if reason not in ExclusionReason.values:
        raise DomainError(_("Please choose the reason for returning the request."), code="reason_required")
    req.return_note = clean_text(
        note,
        required_message=_("Please explain the return to the requester."),
        code="note_required",
        limit=5_000,
    )
    req.return_reason = reason
    req.screened_on = today()
    req.screened_by = actor
    req.times_returned += 1
    title = gettext_lazy("Your pre-consulting request was returned")
    return StepResult(
        "returned",
        {"reason": reason},
        [_tell_requester(req, actor, KIND_SCREENED, title, ExclusionReason(reason).label)],
    )


def _check_reviewers(reviewers: Sequence[Any], lead: Any) -> list[Any]:
    chosen = list(dict.fromkeys(reviewers))
    if not chosen:
        raise DomainError(_("Please choose at least one reviewer."), code="reviewers_required")
    office = {u.pk for u in audit_office()}
    if any(r.pk not in office for r in chosen):
        raise DomainError(_("Reviewers must be audit officers of the audit office."), code="reviewer_not_office")
    if lead is None:
        lead = chosen[0]
    if lead.pk not in {r.pk for r in chosen}:
        raise DomainError(_("The lead reviewer must be one of the reviewers."), code="lead_not_reviewer")
    return [lead, *[r for r in chosen if r.pk != lead.pk]]


def _write_assignments(actor: Any, req: ConsultingRequest, reviewers: list[Any]) -> list[Any]:
    """Replace the assignments; returns the reviewers who are new (to be told)."""
    before = set(req.assignments.values_list("reviewer_id", flat=True))
    req.assignments.all().delete()
    day = today()
    for index, reviewer in enumerate(reviewers):
        ReviewerAssignment.objects.create(
            request=req, reviewer=reviewer, lead=index == 0, assigned_by=actor, assigned_on=day
        )
    return [r for r in reviewers if r.pk not in before and r.pk != getattr(actor, "pk", None)]


def _tell_assigned(req: ConsultingRequest, actor: Any, reviewers: list[Any]) -> list:
    return [
        partial(
            notify,
            recipient=reviewer,
            kind=KIND_ASSIGNED,
            title=gettext_lazy("A pre-consulting request was assigned to you"),
            body=req.title,
            url=detail_url(req),
            actor=actor,
        )
        for reviewer in reviewers
    ]


@step(S.ACCEPTED, S.UNDER_REVIEW)
def _assign(actor: Any, req: ConsultingRequest, *, reviewers: Sequence[Any] = (), lead: Any = None) -> StepResult:
    ordered = _check_reviewers(reviewers, lead)
    new = _write_assignments(actor, req, ordered)
    return StepResult(
        "reviewers_assigned",
        {"reviewers": [r.pk for r in ordered], "lead": ordered[0].pk},
        _tell_assigned(req, actor, new),
    )


def accept_request(
    *, actor: Any, req: ConsultingRequest, reviewers: Sequence[Any] = (), lead: Any = None
) -> ConsultingRequest:
    """Accept a submitted request (received today; the deadline starts) and, with ``reviewers``, put it under review
    at once. Side effects: audit events ``consulting.accepted`` (and ``consulting.reviewers_assigned``); the
    requester is told the due date; new reviewers are notified."""
    with transaction.atomic():
        req = transition_request(actor=actor, req=req, to=S.ACCEPTED)
        if reviewers:
            req = transition_request(actor=actor, req=req, to=S.UNDER_REVIEW, reviewers=reviewers, lead=lead)
    return req


def return_request(*, actor: Any, req: ConsultingRequest, reason: str, note: str) -> ConsultingRequest:
    """Return a submitted request for one of the exclusions, with an explanation the requester reads. Side effects:
    audit event ``consulting.returned``; the requester is notified."""
    return transition_request(actor=actor, req=req, to=S.RETURNED, reason=reason, note=note)


def assign_reviewers(
    *, actor: Any, req: ConsultingRequest, reviewers: Sequence[Any], lead: Any = None
) -> ConsultingRequest:
    """Assign the reviewers (the lead first): moves an accepted request under review, or changes the reviewers of
    one already in review. Side effects: audit event ``consulting.reviewers_assigned``; new reviewers notified."""
    if req.state == S.ACCEPTED:
        return transition_request(actor=actor, req=req, to=S.UNDER_REVIEW, reviewers=reviewers, lead=lead)
    with transaction.atomic():
        locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
        require(actor, REVIEW, locked)
        ordered = _check_reviewers(reviewers, lead)
        new = _write_assignments(actor, locked, ordered)
        data = {"reviewers": [r.pk for r in ordered], "lead": ordered[0].pk}
        record_event(actor=actor, verb="consulting.reviewers_changed", target=locked, data=data)
        log(locked, "reviewers_changed", actor=actor, data=data, shared=False)
        for send in _tell_assigned(locked, actor, new):
            transaction.on_commit(send)
    return locked


# --- Joint review --------------------------------------------------------------------------------------------


@transaction.atomic
def record_joint_review(
    *,
    actor: Any,
    req: ConsultingRequest,
    held_on: date | None,
    participant_kinds: Sequence[str],
    participants: str,
    notes: str,
) -> JointReview:
    """Record a joint review session (internal to the office). Side effects: audit event
    ``consulting.joint_review_recorded``; a staff-only timeline entry."""
    locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
    require(actor, REVIEW, locked)
    kinds = list(dict.fromkeys(participant_kinds))
    if not kinds or any(k not in JointParticipant.values for k in kinds):
        raise DomainError(_("Please choose who took part in the joint review."), code="kinds_required")
    if held_on is None:
        raise DomainError(_("Please give the date of the joint review."), code="held_on_required")
    if held_on > today():
        raise DomainError(_("The joint review cannot be dated in the future."), code="held_on_future")
    if locked.received_on and held_on < locked.received_on:
        raise DomainError(
            _("The joint review cannot be before the request was accepted."), code="held_on_before_receipt"
        )
    review = JointReview.objects.create(
        request=locked,
        held_on=held_on,
        participant_kinds=kinds,
        participants=clean_text(
            participants, required_message=_("Please name the participants."), code="participants_required", limit=2_000
        ),
        notes=clean_text(notes, required_message=_("Please write the notes of the session."), code="notes_required"),
        recorded_by=actor,
    )
    data = {"held_on": held_on.isoformat(), "kinds": kinds}
    record_event(actor=actor, verb="consulting.joint_review_recorded", target=locked, data=data | {"id": review.pk})
    log(locked, "joint_review", actor=actor, data=data, shared=False)
    return review


# --- The paused clock ----------------------------------------------------------------------------------------


def _resume_clock(req: ConsultingRequest, actor: Any, reason: str) -> dict[str, Any]:
    """Add the days the clock was paused to the due date (a ``DeadlineChange`` of kind ``pause``)."""
    if req.paused_on is None or req.due_on is None:
        req.paused_on = None
        return {}
    settings = current_settings()
    day = today()
    paused = max(deadlines.days_left(day, req.paused_on, business=settings.business_days), 0)
    data: dict[str, Any] = {"paused_days": paused}
    if paused:
        new_due = deadlines.add_days(req.due_on, paused, business=settings.business_days)
        DeadlineChange.objects.create(
            request=req,
            kind=ExtensionKind.PAUSE,
            previous_due_on=req.due_on,
            due_on=new_due,
            reason=reason[:500],
            granted_by=actor if getattr(actor, "pk", None) else None,
            granted_on=day,
        )
        data |= {"from": req.due_on.isoformat(), "to": new_due.isoformat()}
        req.due_on = new_due
    req.paused_on = None
    return data


# --- Escalation to BAI / MOIS --------------------------------------------------------------------------------


@step(S.UNDER_REVIEW, S.ESCALATED)
def _escalate(actor: Any, req: ConsultingRequest, *, to_body: str = "", question: str = "") -> StepResult:
    if to_body not in EscalationBody.values:
        raise DomainError(_("Please choose where the question goes."), code="to_required")
    question = clean_text(question, required_message=_("Please write the question sent on."), code="question_required")
    day = today()
    Escalation.objects.create(request=req, to=to_body, sent_on=day, question=question, sent_by=actor)
    req.paused_on = day
    return StepResult("escalated", {"to": to_body})


@step(S.ESCALATED, S.UNDER_REVIEW)
def _escalation_reply(
    actor: Any, req: ConsultingRequest, *, reply: str = "", reply_on: date | None = None
) -> StepResult:
    escalation = req.escalations.filter(reply_on__isnull=True).order_by("-pk").first()
    if escalation is None:  # pragma: no cover - an escalated request always has an open escalation
        raise DomainError(_("There is no open escalation."), code="no_escalation")
    reply = clean_text(reply, required_message=_("Please record the reply."), code="reply_required")
    if reply_on is None:
        raise DomainError(_("Please give the date of the reply."), code="reply_on_required")
    if reply_on > today() or reply_on < escalation.sent_on:
        raise DomainError(
            _("The reply must be dated between the escalation (%(date)s) and today.")
            % {"date": escalation.sent_on.isoformat()},
            code="reply_on_out_of_range",
        )
    escalation.reply = reply
    escalation.reply_on = reply_on
    escalation.save(update_fields=["reply", "reply_on"])
    resumed = _resume_clock(
        req, actor, _("Paused while waiting for the reply of %(body)s") % {"body": EscalationBody(escalation.to).label}
    )
    return StepResult("escalation_replied", {"to": escalation.to, "reply_on": reply_on.isoformat()} | resumed)


def escalate_request(*, actor: Any, req: ConsultingRequest, to: str, question: str) -> ConsultingRequest:
    """Send the question on to BAI or MOIS; the clock pauses. Side effect: audit event ``consulting.escalated``."""
    return transition_request(actor=actor, req=req, to=S.ESCALATED, to_body=to, question=question)


def record_escalation_reply(
    *, actor: Any, req: ConsultingRequest, reply: str, reply_on: date | None
) -> ConsultingRequest:
    """Record BAI's or MOIS's reply; the review resumes and the waiting days are added to the due date."""
    return transition_request(actor=actor, req=req, to=S.UNDER_REVIEW, reply=reply, reply_on=reply_on)


# --- Committee referral --------------------------------------------------------------------------------------


@step(S.UNDER_REVIEW, S.REFERRED)
def _refer(actor: Any, req: ConsultingRequest, *, reason: str = "") -> StepResult:
    from proactive.committee.services.agenda import table_item  # noqa: PLC0415  (the committee app loads after ours)

    reason = clean_text(
        reason,
        required_message=_("Please explain why the committee should deliberate."),
        code="reason_required",
        limit=5_000,
    )
    item = table_item(actor=actor, kind=AGENDA_KIND, subject_id=req.pk, title=req.title)
    Referral.objects.create(request=req, reason=reason, referred_on=today(), referred_by=actor, agenda_item_id=item.pk)
    req.paused_on = today()
    return StepResult("referred", {"agenda_item": item.pk})


@step(S.REFERRED, S.UNDER_REVIEW)
def _back_from_committee(
    actor: Any, req: ConsultingRequest, *, item: Any = None, withdrawn: bool = False
) -> StepResult:
    referral = req.referrals.filter(agenda_item_id=item.pk).first() if item is not None else None
    if referral is None:
        referral = req.referrals.order_by("-pk").first()
    data: dict[str, Any] = {}
    if referral is not None:
        if withdrawn:
            referral.withdrawn = True
        else:
            referral.outcome = item.outcome
            referral.view = item.resolution
            referral.decided_on = item.decided_on or today()
            referral.decision_number = item.decision_number or ""
        referral.save()
        data = {"outcome": referral.outcome, "number": referral.decision_number, "withdrawn": withdrawn}
    resumed = _resume_clock(req, None, _("Paused while the committee deliberated"))
    reviewers = [a.reviewer for a in req.assignments.select_related("reviewer")]
    sends = [
        partial(
            notify,
            recipient=reviewer,
            kind=KIND_COMMITTEE,
            title=gettext_lazy("The committee decided on a referred pre-consulting request"),
            body=req.title,
            url=detail_url(req),
        )
        for reviewer in reviewers
    ]
    return StepResult("committee_withdrawn" if withdrawn else "committee_decided", data | resumed, sends)


def refer_to_committee(*, actor: Any, req: ConsultingRequest, reason: str) -> ConsultingRequest:
    """Table the matter before the 적극행정위원회 (agenda kind ``preconsulting``); the clock pauses. Side effects:
    the committee's agenda item and its audit event; audit event ``consulting.referred``."""
    return transition_request(actor=actor, req=req, to=S.REFERRED, reason=reason)


def on_committee_decided(*, actor: Any, item: Any) -> None:
    """The committee decided (``AgendaKind.on_decided``, in the deciding transaction): attach its view and
    decision number to the referral and put the request back under review (the clock resumes)."""
    req = ConsultingRequest.objects.filter(pk=item.subject_id).first()
    if req is None or req.state != S.REFERRED:
        return
    transition_request(actor=actor, req=req, to=S.UNDER_REVIEW, system=True, item=item)


def on_committee_withdrawn(*, actor: Any, item: Any) -> None:
    """The item was withdrawn before a decision: the request goes back under review without a view."""
    req = ConsultingRequest.objects.filter(pk=item.subject_id).first()
    if req is None or req.state != S.REFERRED:
        return
    transition_request(actor=actor, req=req, to=S.UNDER_REVIEW, system=True, item=item, withdrawn=True)


# --- Extensions ----------------------------------------------------------------------------------------------


@transaction.atomic
def extend_deadline(*, actor: Any, req: ConsultingRequest, new_due_on: date | None, reason: str) -> DeadlineChange:
    """Move the due date of a request whose clock runs to a later day, with a reason the requester reads.

    Side effects: a ``DeadlineChange`` row; audit event ``consulting.deadline_extended``; timeline entry; the
    requester is notified."""
    locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
    require(actor, "consulting.extend_deadline", locked)
    reason = clean_text(
        reason,
        required_message=_("Please give the reason for the extension."),
        code="reason_required",
        limit=MAX_REASON,
    )
    if new_due_on is None:
        raise DomainError(_("Please give the new due date."), code="due_on_required")
    previous = locked.due_on
    if previous is not None and new_due_on <= previous:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).") % {"date": previous.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    change = DeadlineChange.objects.create(
        request=locked,
        kind=ExtensionKind.EXTENSION,
        previous_due_on=previous or today(),
        due_on=new_due_on,
        reason=reason,
        granted_by=actor,
        granted_on=today(),
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on", "updated_at"])
    data = {"from": previous.isoformat() if previous else None, "to": new_due_on.isoformat()}
    record_event(
        actor=actor, verb="consulting.deadline_extended", target=locked, changes={"due_on": [data["from"], data["to"]]}
    )
    log(locked, "deadline_extended", actor=actor, data=data | {"reason": reason})
    title = later(
        gettext_lazy("The answer to your pre-consulting request is now due on %(date)s."), date=new_due_on.isoformat()
    )
    transaction.on_commit(_tell_requester(locked, actor, KIND_EXTENDED, title, reason))
    return change


# --- The opinion ---------------------------------------------------------------------------------------------


def next_number(year: int) -> str:
    """The next opinion number of ``year``: ``사전-2026-0001``. Call inside the issuing transaction (the unique
    constraint refuses a second opinion with the same number)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = Opinion.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@step(S.UNDER_REVIEW, S.OPINION_ISSUED)
def _issue(actor: Any, req: ConsultingRequest, *, conclusion: str = "", reasons: str = "") -> StepResult:
    from proactive.consulting.services.opinions import task_render_opinion  # noqa: PLC0415  (tasks import services)

    conclusion = clean_text(
        conclusion, required_message=_("Please write the conclusion."), code="conclusion_required", limit=5_000
    )
    reasons = clean_text(reasons, required_message=_("Please write the reasons."), code="reasons_required")
    day = today()
    opinion = Opinion.objects.create(
        request=req,
        number=next_number(day.year),
        conclusion=conclusion,
        reasons=reasons,
        issued_on=day,
        issued_by=actor,
    )
    recipients = [req.requester, *[h for h in heads_of(req.unit) if h.pk != req.requester_id]]
    title = later(gettext_lazy("Pre-consulting opinion %(number)s was issued"), number=opinion.number)
    sends: list = [lambda: task_render_opinion.enqueue(opinion.pk)]
    sends += [
        partial(
            notify, recipient=person, kind=KIND_OPINION, title=title, body=req.title, url=detail_url(req), actor=actor
        )
        for person in recipients
    ]
    return StepResult("opinion_issued", {"number": opinion.number, "opinion": opinion.pk}, sends)


def issue_opinion(*, actor: Any, req: ConsultingRequest, conclusion: str, reasons: str) -> ConsultingRequest:
    """Issue the office's opinion: numbered, frozen, rendered as a PDF after commit. Side effects: audit event
    ``consulting.opinion_issued``; the PDF task; the requester and their head notified."""
    return transition_request(actor=actor, req=req, to=S.OPINION_ISSUED, conclusion=conclusion, reasons=reasons)


# --- Daily flags and reminders -------------------------------------------------------------------------------


def overdue_requests(day: date):
    """Requests whose clock runs and whose due date has passed."""
    return ConsultingRequest.objects.filter(state__in=CLOCK_STATES, due_on__lt=day)


@transaction.atomic
def flag_overdue_consultings(*, on: date | None = None) -> int:
    """Tell the reviewers of each overdue request (the whole office for a request without reviewers) how many of
    theirs are overdue, once a day: a request flagged today (timeline entry ``overdue_flagged``) is skipped.
    Returns the number of requests flagged."""
    day = on or today()
    flagged_today = Event.objects.filter(verb="overdue_flagged", on=day).values("request_id")
    overdue = list(overdue_requests(day).exclude(pk__in=flagged_today).prefetch_related("assignments__reviewer"))
    if not overdue:
        return 0
    office: list[Any] | None = None
    per_person: dict[int, tuple[Any, int]] = {}
    for req in overdue:
        people = [a.reviewer for a in req.assignments.all()]
        if not people:
            office = audit_office() if office is None else office
            people = office
        for person in people:
            per_person[person.pk] = (person, per_person.get(person.pk, (person, 0))[1] + 1)
        log(req, "overdue_flagged", data={"due_on": req.due_on.isoformat() if req.due_on else None}, shared=False)
        record_event(actor=None, verb="consulting.overdue_flagged", target=req, data={"on": day.isoformat()})
    for person, count in per_person.values():
        title = later(
            ngettext_lazy(
                "%(count)d pre-consulting request is overdue",
                "%(count)d pre-consulting requests are overdue",
                count,
            ),
            count=count,
        )
        transaction.on_commit(
            partial(notify, recipient=person, kind=KIND_OVERDUE, title=title, url="/consulting/office/?overdue=on")
        )
    return len(overdue)


@transaction.atomic
def remind_implementation(*, on: date | None = None) -> int:
    """Remind each requester whose opinion was issued ``implementation_reminder_days`` ago or more and who has not
    reported how they acted yet (once per opinion). Returns the number of reminders."""
    day = on or today()
    settings = current_settings()
    cutoff = date.fromordinal(day.toordinal() - settings.implementation_reminder_days)
    opinions = list(
        Opinion.objects.select_for_update()
        .filter(request__state=S.OPINION_ISSUED, reminded_on__isnull=True, issued_on__lte=cutoff)
        .select_related("request__requester")
    )
    for opinion in opinions:
        opinion.reminded_on = day
        opinion.save(update_fields=["reminded_on"])
        req = opinion.request
        log(req, "implementation_reminded")
        record_event(
            actor=None, verb="consulting.implementation_reminded", target=req, data={"opinion": opinion.number}
        )
        transaction.on_commit(
            partial(
                notify,
                recipient=req.requester,
                kind=KIND_REMINDER,
                title=gettext_lazy("Please report how you acted on the pre-consulting opinion"),
                body=f"{opinion.number} · {req.title}",
                url=detail_url(req),
            )
        )
    return len(opinions)
