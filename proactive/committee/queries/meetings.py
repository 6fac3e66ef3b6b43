"""Reads of meetings: who may see which, the queue, the draw from the pool, attendance, quorum and tallies.

**Quorum and tally** (the settings' rules, ``CommitteeSettings``):

- *Entitled* members of an item: called to the meeting, serving on the meeting's day, not recused from it.
- *Base* of the quorum: the entitled members (``quorum_base = invited``) or every member serving that day but the
  recused (``serving``).
- *Present*: in person, the entitled members marked present; in a written deliberation, those who replied (voted)
  on the item's current ballot.
- The item may be decided when ``present`` reaches the opening quorum of the base, and the proposal is *carried*
  when the votes for it meet the decision rule (more than half of those present and voting — abstentions are
  votes cast —, more than half of those present, or two thirds of those present).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from proactive.accounts.rules import is_committee_chair, is_secretariat
from proactive.committee.agenda import find_kind
from proactive.committee.enums import (
    OPEN_MEETING_STATES,
    AgendaState,
    Attendance,
    DecisionRule,
    MeetingKind,
    MeetingState,
    MemberField,
    QuorumBase,
    QuorumRule,
    RecusalState,
)
from proactive.committee.models import (
    AgendaItem,
    CommitteeSettings,
    Meeting,
    MeetingMember,
    Member,
    Recusal,
    Vote,
)
from proactive.committee.queries.roster import sitting_member_ids


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localdate(meeting.scheduled_at)


def quorum_needed(base: int, rule: str) -> int:
    """How many of ``base`` must be there under ``rule`` (at least one)."""
    if base <= 0:
        return 1
    if rule == QuorumRule.TWO_THIRDS:
        return max(1, math.ceil(base * 2 / 3))
    if rule == QuorumRule.ONE_THIRD:
        return max(1, math.ceil(base / 3))
    return base // 2 + 1


def is_carried(votes_for: int, votes_against: int, abstentions: int, present: int, rule: str) -> bool:
    cast = votes_for + votes_against + abstentions
    if rule == DecisionRule.MAJORITY_OF_PRESENT:
        return present > 0 and votes_for * 2 > present
    if rule == DecisionRule.TWO_THIRDS_OF_PRESENT:
        return present > 0 and votes_for * 3 >= present * 2
    return cast > 0 and votes_for * 2 > cast


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int
    present: int  # entitled members present (in writing: who replied on this ballot)
    base: int  # what the quorum counts
    needed: int  # the quorum
    entitled: int  # entitled members called to the meeting
    carried: bool  # the proposal meets the decision rule
    pending_challenges: int

    @property
    def quorum_met(self) -> bool:
        return self.base > 0 and self.present >= self.needed

    @property
    def passes(self) -> bool:
        return self.quorum_met and self.carried

    @property
    def everyone_replied(self) -> bool:
        return self.entitled > 0 and self.present >= self.entitled


@dataclass
class MeetingFacts:
    """What the tallies of a meeting rest on, loaded in a few queries."""

    meeting: Meeting
    rules: CommitteeSettings
    invitations: list[MeetingMember]
    sitting: set[int]
    recused: dict[int, set[int]] = field(default_factory=dict)  # item → effective recusals
    pending: dict[int, set[int]] = field(default_factory=dict)  # item → pending challenges
    votes: dict[int, dict[int, str]] = field(default_factory=dict)  # item → member → choice (current ballot)

    @property
    def invited_ids(self) -> set[int]:
        return {i.member_id for i in self.invitations}

    @property
    def present_ids(self) -> set[int]:
        return {i.member_id for i in self.invitations if i.attendance == Attendance.PRESENT}


def meeting_facts(meeting: Meeting, items: list[AgendaItem] | None = None) -> MeetingFacts:
    if items is None:
        items = list(meeting.items.all())
    facts = MeetingFacts(
        meeting=meeting,
        rules=CommitteeSettings.current(),
        invitations=list(meeting.invitations.select_related("member__user__official__unit")),
        sitting=sitting_member_ids(meeting_day(meeting)),
    )
    item_ids = [i.pk for i in items]
    for recusal in Recusal.objects.filter(
        item_id__in=item_ids, state__in=[RecusalState.EFFECTIVE, RecusalState.PENDING]
    ):
        target = facts.recused if recusal.state == RecusalState.EFFECTIVE else facts.pending
        target.setdefault(recusal.item_id, set()).add(recusal.member_id)
    ballots = {i.pk: i.ballot for i in items}
    for vote in Vote.objects.filter(item_id__in=item_ids):
        if ballots.get(vote.item_id) == vote.ballot:
            facts.votes.setdefault(vote.item_id, {})[vote.member_id] = vote.choice
    return facts


def opening_quorum(facts: MeetingFacts) -> tuple[int, int, int]:
    """(present, base, needed) of the meeting as a whole, before any recusal."""
    invited = facts.invited_ids & facts.sitting
    base = len(invited) if facts.rules.quorum_base == QuorumBase.INVITED else len(facts.sitting)
    present = len(facts.present_ids & invited)
    return present, base, quorum_needed(base, facts.rules.opening_quorum)


def tally(facts: MeetingFacts, item: AgendaItem) -> Tally:
    recused = facts.recused.get(item.pk, set())
    entitled = (facts.invited_ids & facts.sitting) - recused
    base = len(entitled) if facts.rules.quorum_base == QuorumBase.INVITED else len(facts.sitting - recused)
    votes = facts.votes.get(item.pk, {})
    if facts.meeting.kind == MeetingKind.WRITTEN:
        present_ids = {m for m in votes if m in entitled}
    else:
        present_ids = facts.present_ids & entitled
    counted = [choice for member, choice in votes.items() if member in present_ids]
    votes_for = counted.count("for")
    votes_against = counted.count("against")
    abstentions = counted.count("abstain")
    present = len(present_ids)
    return Tally(
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        present=present,
        base=base,
        needed=quorum_needed(base, facts.rules.opening_quorum),
        entitled=len(entitled),
        carried=is_carried(votes_for, votes_against, abstentions, present, facts.rules.decision_rule),
        pending_challenges=len(facts.pending.get(item.pk, set())),
    )


def tally_of(item: AgendaItem) -> Tally:
    assert item.meeting is not None
    return tally(meeting_facts(item.meeting, [item]), item)


# --- Visibility ----------------------------------------------------------------------------------------------


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Every meeting for the secretariat and the chair; the meetings a member is called to for a member; nothing
    otherwise."""
    qs = Meeting.objects.annotate(items_count=Count("items", distinct=True))
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return qs.none()
    if is_secretariat(user) or is_committee_chair(user):
        return qs
    return qs.filter(Exists(MeetingMember.objects.filter(meeting=OuterRef("pk"), member__user_id=user.pk)))


def meeting_list(user: Any, *, state: str = "", year: int | None = None) -> QuerySet[Meeting]:
    qs = meetings_visible_to(user).annotate(invited_count=Count("invitations", distinct=True))
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(scheduled_at__year=year)
    return qs.order_by("-scheduled_at", "-pk")


def get_meeting(pk: int) -> Meeting | None:
    return Meeting.objects.filter(pk=pk).select_related("minutes_approved_by", "minutes_document").first()


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    items = list(
        meeting.items.select_related("resolution_document").prefetch_related(
            Prefetch("recusals", queryset=Recusal.objects.select_related("member__user", "raised_by", "decided_by"))
        )
    )
    for item in items:
        item.agenda_kind = find_kind(item.kind)  # type: ignore[attr-defined]
    return items


def upcoming_meetings(*, limit: int = 5) -> list[Meeting]:
    return list(
        Meeting.objects.filter(state__in=OPEN_MEETING_STATES)
        .annotate(items_count=Count("items", distinct=True))
        .order_by("scheduled_at", "pk")[:limit]
    )


def open_meetings_for_scheduling() -> QuerySet[Meeting]:
    return Meeting.objects.filter(state__in=OPEN_MEETING_STATES).order_by("scheduled_at", "pk")


# --- The queue -----------------------------------------------------------------------------------------------


def queue() -> QuerySet[AgendaItem]:
    """Items waiting for a meeting, oldest first."""
    return AgendaItem.objects.filter(state=AgendaState.PENDING).select_related("tabled_by").order_by("tabled_at", "pk")


def queue_size() -> int:
    return AgendaItem.objects.filter(state=AgendaState.PENDING).count()


def get_item(pk: int) -> AgendaItem | None:
    item = AgendaItem.objects.filter(pk=pk).select_related("meeting", "resolution_document").first()
    if item is not None:
        item.agenda_kind = find_kind(item.kind)  # type: ignore[attr-defined]
    return item


# --- The draw from the pool ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    member: Member
    field: str  # the agenda field an expert is drawn for; "" for a standing member
    preselected: bool
    recent: int  # meetings the member was called to in the last twelve months

    @property
    def field_label(self) -> Any:
        return MemberField(self.field).label if self.field else ""


def draw_suggestions(meeting: Meeting) -> list[Suggestion]:
    """Who to call: every standing member serving on the meeting's day (chair, vice-chair, ex-officio, private
    members outside the pool) and, for each field on the agenda, the pool's experts of that field — those called
    least in the last year first, the first ``pool_draw_per_field`` of each field preselected. Members already
    called are left out."""
    day = meeting_day(meeting)
    rules = CommitteeSettings.current()
    sitting = sitting_member_ids(day)
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    since = meeting.scheduled_at - datetime.timedelta(days=365)
    members = list(
        Member.objects.filter(pk__in=sitting - invited)
        .select_related("user__official__unit")
        .annotate(
            recent=Count(
                "invitations",
                filter=Q(invitations__meeting__scheduled_at__gte=since)
                & ~Q(invitations__meeting__state=MeetingState.CANCELLED),
            )
        )
        .order_by("user__name", "pk")
    )
    fields = [f for f in meeting.items.exclude(field="").values_list("field", flat=True).distinct()]
    out: list[Suggestion] = []
    for member in members:
        if not member.in_pool:
            out.append(Suggestion(member, "", True, member.recent))  # type: ignore[attr-defined]
    by_field: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        if member.in_pool:
            by_field[member.field].append(member)
    for agenda_field in sorted(set(fields)):
        experts = sorted(by_field.get(agenda_field, []), key=lambda m: (m.recent, m.user.name, m.pk))  # type: ignore[attr-defined]
        for index, expert in enumerate(experts):
            out.append(Suggestion(expert, agenda_field, index < rules.pool_draw_per_field, expert.recent))  # type: ignore[attr-defined]
    return out


# --- A member's meetings -------------------------------------------------------------------------------------


def _uid(user: Any) -> int:
    """The user's id, or 0 (nobody's) for an anonymous visitor."""
    return int(getattr(user, "pk", None) or 0)


def my_invitations(user: Any) -> QuerySet[MeetingMember]:
    return (
        MeetingMember.objects.filter(member__user_id=_uid(user))
        .exclude(meeting__state=MeetingState.CANCELLED)
        .select_related("meeting", "member")
        .annotate(items_count=Count("meeting__items", distinct=True))
        .order_by("-meeting__scheduled_at", "-pk")
    )


def my_invitation(user: Any, meeting: Meeting) -> MeetingMember | None:
    return (
        MeetingMember.objects.filter(meeting=meeting, member__user_id=_uid(user)).select_related("member__user").first()
    )


def items_awaiting_vote(user: Any) -> int:
    """Items on meetings in session that ``user`` is called to (present, in person; within the window, in writing),
    with a proposal and no vote of theirs on its ballot, and no recusal of theirs. One query."""
    uid = _uid(user)
    now = timezone.now()
    called = Q(meeting__invitations__member__user_id=uid) & (
        Q(meeting__kind=MeetingKind.IN_PERSON, meeting__invitations__attendance=Attendance.PRESENT)
        | (Q(meeting__kind=MeetingKind.WRITTEN) & (Q(meeting__closes_at__isnull=True) | Q(meeting__closes_at__gte=now)))
    )
    recused = Recusal.objects.filter(
        item=OuterRef("pk"), member__user_id=uid, state__in=[RecusalState.EFFECTIVE, RecusalState.PENDING]
    )
    voted = Vote.objects.filter(item=OuterRef("pk"), member__user_id=uid, ballot=OuterRef("ballot"))
    return (
        AgendaItem.objects.filter(called, state=AgendaState.TABLED, meeting__state=MeetingState.HELD)
        .exclude(proposed_outcome="")
        .exclude(Exists(recused))
        .exclude(Exists(voted))
        .values("pk")
        .distinct()
        .count()
    )


def challenges_to_decide(user: Any) -> list[Recusal]:
    """Pending challenges the user may decide (the chair; for one against the chair, the vice-chair)."""
    pending = Recusal.objects.filter(state=RecusalState.PENDING).select_related("member__user", "item__meeting")
    return [r for r in pending if user.has_perm("committee.decide_challenge", r)]
