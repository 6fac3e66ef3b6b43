"""The exemption review board (면책심사위원회): sessions, attendance, votes and the decision.

- **Session** (``create_session``, audit office): a title, a date, a place, the members invited (holders of
  ``Role.EXEMPTION_BOARD``) and the chair among them. Applications accepted at screening are put on it
  (``table_application``); the invited members are notified.
- **Attendance** (``record_attendance``): who is present. Only members present vote, and only their votes count.
- **Votes** (``cast_vote``): each member present votes exempted, mitigated or denied with reasons (and, when
  mitigating, the lighter disposition); a member may change their vote until the decision. A member never votes
  on an application about themself.
- **Decision** (``decide_application``, the audit office or the session's chair): needs a quorum (more than half of
  the invited members present) and a vote from every member present. The outcome is the one a **majority of the
  members present** voted for; when none has a majority the configured tie rule decides (``resolve``):

  * ``disciplinary`` (default, as 공무원 징계령 제12조 does for disciplinary committees): votes are added from the
    least favourable outcome to the official (denied) upwards until they make a majority; the outcome reached is
    the decision (2 exempted, 1 mitigated, 2 denied → mitigated);
  * ``denied``: without a majority the exemption is denied;
  * ``chair``: the session chair's vote decides.

  The decision gets its number (``면책-2026-0001``, a per-year series), its reasons, the lighter disposition when
  mitigated (given, or the one most mitigating votes proposed), the register row's outcome, and its PDF (rendered
  after commit, ``services.decisions``); the applicant, the official, their department heads and the protection
  officer are notified.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.queries import has_role
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.protection.enums import (
    FAVOURABILITY,
    STATE_OF_OUTCOME,
    ApplicationState,
    Disposition,
    Outcome,
    TieRule,
    lighter_than,
)
from proactive.protection.models import BoardSession, BoardVote, ExemptionApplication, ProtectionSettings, SessionMember
from proactive.protection.queries import heads_of, user_of
from proactive.protection.services.applications import _lock, _sender, transition_application
from proactive.protection.services.common import (
    KIND_DECIDED,
    KIND_TABLED,
    clean_text,
    current_settings,
    log,
    require,
    today,
)

S = ApplicationState
MANAGE = "protection.manage_sessions"
VOTE = "protection.vote_on_application"
DECIDE = "protection.decide_application"


# --- The rule ------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """The votes of the members present on one application, and what they decide."""

    present: int
    invited: int
    counts: dict[str, int] = field(default_factory=dict)
    missing: list[Any] = field(default_factory=list)  # members present who have not voted
    outcome: str | None = None
    rule: str = ""  # "majority" or the tie rule that decided
    chair_vote: str | None = None

    @property
    def voted(self) -> int:
        return sum(self.counts.values())

    @property
    def quorum(self) -> bool:
        return self.present * 2 > self.invited

    @property
    def complete(self) -> bool:
        return self.quorum and not self.missing and self.voted > 0

    def as_json(self) -> dict[str, Any]:
        return {"present": self.present, "invited": self.invited, **self.counts, "rule": self.rule}


def resolve(counts: dict[str, int], *, tie_rule: str, chair_vote: str | None = None) -> tuple[str | None, str]:
    """The outcome of ``counts`` (votes per outcome of the members present) and the rule that gave it."""
    voters = sum(counts.values())
    if not voters:
        return None, ""
    for outcome in FAVOURABILITY:
        if counts.get(outcome, 0) * 2 > voters:
            return str(outcome), "majority"
    if tie_rule == TieRule.DENIED:
        return str(Outcome.DENIED), str(TieRule.DENIED)
    if tie_rule == TieRule.CHAIR:
        return (str(chair_vote), str(TieRule.CHAIR)) if chair_vote else (None, str(TieRule.CHAIR))
    running = 0
    for outcome in FAVOURABILITY:  # least favourable first, adding more favourable opinions until a majority
        running += counts.get(outcome, 0)
        if running * 2 > voters:
            return str(outcome), str(TieRule.DISCIPLINARY)
    return str(Outcome.EXEMPTED), str(TieRule.DISCIPLINARY)  # pragma: no cover - the loop always reaches everyone


def tally(application: ExemptionApplication) -> Tally:
    """Count the votes of the members present on ``application``'s session (a few queries)."""
    session = application.session
    if session is None:
        return Tally(present=0, invited=0)
    members = list(session.members.select_related("member"))
    concerned_official = application.concerned.official_id
    # A member about whom the application is does not vote on it and does not count as present for it.
    eligible = [m for m in members if getattr(m.member, "official_id", None) != concerned_official]
    present = [m for m in eligible if m.present]
    present_ids = {m.member_id for m in present}
    votes = {v.member_id: v for v in application.votes.all() if v.member_id in present_ids}
    counts = Counter(v.choice for v in votes.values())
    rules = current_settings()
    chair_vote = votes[session.chair_id].choice if session.chair_id in votes else None
    outcome, rule = resolve(dict(counts), tie_rule=rules.tie_rule, chair_vote=chair_vote)
    return Tally(
        present=len(present),
        invited=len(eligible),
        counts={str(o): counts.get(o, 0) for o in Outcome},
        missing=[m.member for m in present if m.member_id not in votes],
        outcome=outcome,
        rule=rule,
        chair_vote=chair_vote,
    )


# --- Sessions ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_session(
    *,
    actor: Any,
    title: str,
    held_on: date | None,
    members: Sequence[Any],
    chair: Any = None,
    place: str = "",
) -> BoardSession:
    """A board session with its invited members (each must hold the board role) and its chair among them.
    Side effect: audit event ``protection.session_created``."""
    require(actor, MANAGE)
    title = clean_text(title, required=_("Please give the session a title."), code="title_required", limit=200)
    if held_on is None:
        raise DomainError(_("Please give the session's date."), code="date_required")
    unique = list({m.pk: m for m in members}.values())
    if not unique:
        raise DomainError(_("Please invite at least one board member."), code="members_required")
    if any(not has_role(m, Role.EXEMPTION_BOARD) for m in unique):
        raise DomainError(_("Only members of the exemption review board can be invited."), code="not_member")
    if chair is not None and chair.pk not in {m.pk for m in unique}:
        raise DomainError(_("The chair must be one of the members invited."), code="chair_not_member")
    session = BoardSession.objects.create(
        title=title, held_on=held_on, place=clean_text(place, limit=200), chair=chair, created_by=actor
    )
    SessionMember.objects.bulk_create([SessionMember(session=session, member=m) for m in unique])
    record_event(
        actor=actor,
        verb="protection.session_created",
        target=session,
        data={"members": [m.pk for m in unique], "chair": chair.pk if chair else None, "held_on": held_on.isoformat()},
    )
    return session


@transaction.atomic
def table_application(*, actor: Any, session: BoardSession, application: ExemptionApplication) -> ExemptionApplication:
    """Put an application accepted at screening on ``session`` (or move it there while nobody has voted yet).
    Side effects: audit event ``protection.application_tabled``, timeline entry, the invited members notified."""
    require(actor, MANAGE)
    locked = _lock(application)
    if locked.state != S.UNDER_REVIEW:
        raise DomainError(_("Only an application accepted at screening can go on a session."), code="not_accepted")
    if locked.session_id == session.pk:
        return locked
    if locked.session_id is not None and locked.votes.exists():
        raise DomainError(_("The members already voted on this application at its session."), code="already_voted")
    locked.session = session
    locked.save(update_fields=["session"])
    record_event(actor=actor, verb="protection.application_tabled", target=locked, data={"session": session.pk})
    log(locked, "tabled", actor=actor, data={"session": session.pk, "held_on": session.held_on.isoformat()})
    title = gettext_lazy("An exemption application is on the agenda of a board session")
    for row in session.members.select_related("member"):
        transaction.on_commit(_sender(row.member, KIND_TABLED, title, locked, actor))
    if locked.protection_officer_id:
        officer_title = gettext_lazy("An exemption application you support is on the agenda of a board session")
        transaction.on_commit(_sender(locked.protection_officer, KIND_TABLED, officer_title, locked, actor))
    return locked


@transaction.atomic
def record_attendance(*, actor: Any, session: BoardSession, present: Iterable[int]) -> BoardSession:
    """Mark the invited members in ``present`` (user ids) present and the others absent.
    Side effect: audit event ``protection.attendance_recorded``."""
    require(actor, MANAGE)
    locked = BoardSession.objects.select_for_update().get(pk=session.pk)
    ids = set(present)
    rows = list(locked.members.all())
    unknown = ids - {r.member_id for r in rows}
    if unknown:
        raise DomainError(_("Only invited members can be marked present."), code="not_invited")
    for row in rows:
        row.present = row.member_id in ids
    SessionMember.objects.bulk_update(rows, ["present"])
    record_event(actor=actor, verb="protection.attendance_recorded", target=locked, data={"present": sorted(ids)})
    return locked


# --- Votes and the decision ----------------------------------------------------------------------------------


def _check_mitigation(application: ExemptionApplication, mitigated_to: str) -> str:
    allowed = lighter_than(application.concerned.proposed_disposition)
    if not allowed:
        raise DomainError(
            _("The proposed disposition cannot be mitigated further; vote exempted or denied."), code="cannot_mitigate"
        )
    if mitigated_to not in allowed:
        raise DomainError(
            _("Choose a disposition lighter than the one proposed (%(proposed)s).")
            % {"proposed": Disposition(application.concerned.proposed_disposition).label},
            code="mitigation_required",
        )
    return mitigated_to


@transaction.atomic
def cast_vote(
    *, actor: Any, application: ExemptionApplication, choice: str, reasons: str, mitigated_to: str = ""
) -> BoardVote:
    """A member present votes (or changes their vote) with reasons. Side effects: the ``BoardVote``, audit event
    ``protection.vote_cast`` (without the choice: votes stay with the board until the decision)."""
    locked = _lock(application)
    require(actor, VOTE, locked)
    if choice not in Outcome.values:
        raise DomainError(_("Please choose your vote."), code="choice_required")
    reasons = clean_text(reasons, required=_("Please give the reasons for your vote."), code="reasons_required")
    mitigation = _check_mitigation(locked, mitigated_to) if choice == Outcome.MITIGATED else ""
    vote, created = BoardVote.objects.update_or_create(
        application=locked,
        member=actor,
        defaults={"choice": choice, "reasons": reasons, "mitigated_to": mitigation},
    )
    record_event(actor=actor, verb="protection.vote_cast", target=locked, data={"changed": not created})
    log(locked, "vote_cast", actor=actor)
    return vote


def _next_number(year: int) -> str:
    """The next number of the year's series (the settings row is locked by the caller)."""
    prefix = f"면책-{year}-"
    numbers = [
        n for n in ExemptionApplication.objects.filter(number__startswith=prefix).values_list("number", flat=True) if n
    ]
    last = max((int(n.rsplit("-", 1)[1]) for n in numbers if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def decide_application(
    *, actor: Any, application: ExemptionApplication, reasons: str, mitigated_to: str = ""
) -> ExemptionApplication:
    """Record the board's decision on ``application`` from the votes (see the module docstring).

    Raises ``PermissionDeniedError`` (neither the audit office nor the session's chair), ``InvalidTransitionError``
    (not under review) or ``DomainError`` (no session, no quorum, a member present has not voted, no reasons, no
    lighter disposition for a mitigation, the chair's vote missing under the chair rule).
    """
    require(actor, DECIDE, application)
    to = _outcome_state(application)
    return transition_application(
        actor=actor,
        application=application,
        to=to,
        step=_decide,
        expected=to,
        reasons=reasons,
        mitigated_to=mitigated_to,
    )


def _outcome_state(application: ExemptionApplication) -> str:
    """The state the votes lead to (checked again under the lock by ``_decide``); ``under_review`` leads nowhere."""
    fresh = ExemptionApplication.objects.select_related("session", "concerned").get(pk=application.pk)
    if fresh.state != S.UNDER_REVIEW:
        return S.EXEMPTED  # the transition table refuses it with the usual message
    result = tally(fresh)
    if result.outcome is None or not result.complete:
        _explain_incomplete(fresh, result)
    return STATE_OF_OUTCOME[Outcome(str(result.outcome))]


def _explain_incomplete(application: ExemptionApplication, result: Tally) -> None:
    if application.session_id is None:
        raise DomainError(_("Put the application on a board session first."), code="no_session")
    if not result.quorum:
        raise DomainError(
            _("No quorum: more than half of the %(invited)d members invited must be present (%(present)d are).")
            % {"invited": result.invited, "present": result.present},
            code="no_quorum",
        )
    if result.missing:
        names = ", ".join(m.display_name for m in result.missing)
        raise DomainError(
            _("Every member present must vote first. Not yet voted: %(names)s.") % {"names": names},
            code="votes_missing",
        )
    if result.rule == TieRule.CHAIR:
        raise DomainError(
            _("No outcome has a majority and the chair has not voted: the chair's vote decides."), code="chair_vote"
        )
    raise DomainError(_("There are no votes yet."), code="no_votes")  # pragma: no cover


def _decide(
    actor: Any, application: ExemptionApplication, *, expected: str, reasons: str = "", mitigated_to: str = ""
) -> tuple:
    result = tally(application)
    if result.outcome is None or not result.complete:
        _explain_incomplete(application, result)
    outcome = Outcome(str(result.outcome))
    if STATE_OF_OUTCOME[outcome] != expected:  # a vote changed while the decision was being recorded
        raise DomainError(_("The votes changed in the meantime; please check them and decide again."), code="changed")
    reasons = clean_text(reasons, required=_("Please write the reasons for the decision."), code="reasons_required")
    mitigation = ""
    if outcome == Outcome.MITIGATED:
        if not mitigated_to:
            proposed = Counter(
                v.mitigated_to for v in application.votes.all() if v.choice == Outcome.MITIGATED and v.mitigated_to
            )
            mitigated_to = proposed.most_common(1)[0][0] if proposed else ""
        mitigation = _check_mitigation(application, mitigated_to)
    ProtectionSettings.objects.select_for_update().get(pk=ProtectionSettings.current().pk)  # serialises numbering
    day = today()
    application.number = _next_number(day.year)
    application.decided_on = day
    application.outcome = outcome
    application.mitigated_to = mitigation
    application.decision_reasons = reasons
    application.tally = result.as_json()
    application.decided_by = actor
    concerned = application.concerned
    concerned.outcome = outcome
    concerned.mitigated_to = mitigation
    concerned.save(update_fields=["outcome", "mitigated_to"])
    data = {
        "number": application.number,
        "outcome": str(outcome),
        "mitigated_to": mitigation,
        "tally": application.tally,
    }
    sends = [
        _sender(p, KIND_DECIDED, _decision_title(outcome), application, actor) for p in _told_of_decision(application)
    ]
    from proactive.protection.services.decisions import task_render_decision  # reason: decisions import this module

    application_id = application.pk
    sends.append(lambda: task_render_decision.enqueue(application_id))
    return "decided", data, sends


def _decision_title(outcome: str) -> Any:
    return {
        Outcome.EXEMPTED: gettext_lazy("Exemption review decided: exempted"),
        Outcome.MITIGATED: gettext_lazy("Exemption review decided: mitigated"),
        Outcome.DENIED: gettext_lazy("Exemption review decided: denied"),
    }[Outcome(outcome)]


def _told_of_decision(application: ExemptionApplication) -> list[Any]:
    """The applicant, the official concerned, their department heads and the protection officer, once each."""
    people: dict[int, Any] = {application.applicant_id: application.applicant}
    official = user_of(application.concerned.official)
    if official is not None:
        people.setdefault(official.pk, official)
    for head in heads_of(application.concerned.official):
        people.setdefault(head.pk, head)
    if application.protection_officer_id:
        people.setdefault(application.protection_officer_id, application.protection_officer)
    return list(people.values())
