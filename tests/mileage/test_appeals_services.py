"""Appeals (이의신청): what may be appealed and until when, points held, the panel outside the deciding chain, the
decision posting entries once, withdrawal, the transition table, audit events and notifications."""

import datetime
import itertools
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.mileage.enums import AppealGround, AppealState, EntryKind
from proactive.mileage.models import Appeal, LedgerEntry, MileagePolicy
from proactive.mileage.queries.appeals import deciding_chain, panel_candidates
from proactive.mileage.services.appeals import (
    AppealAlreadyOpenError,
    assign_appeal_panel,
    attach_appeal_evidence,
    decide_appeal,
    file_appeal,
    transition_appeal,
    withdraw_appeal,
)
from proactive.mileage.services.ledger import (
    CapExceededError,
    InsufficientBalanceError,
    available_of,
    balance_of,
    held_of,
    post_entry,
)
from proactive.mileage.workflow import APPEAL_TRANSITIONS
from proactive.notifications.models import Notification
from tests.factories.accounts import RoleMembershipFactory, UserFactory
from tests.factories.documents import pdf_bytes, upload
from tests.mileage import test_appeals_support as support
from tests.mileage.test_appeals_support import DAY, approved_claim, at, deduction, make_claim, rejected_claim

pytestmark = pytest.mark.django_db
line = support.line  # fixtures
_appeal_kinds = support._appeal_kinds
A = AppealState
G = AppealGround


def _file(line, **kwargs):
    kwargs.setdefault("reasons", "기여도가 낮게 평가되었습니다.")
    return file_appeal(actor=kwargs.pop("actor", line["claimant"]), **kwargs)


def _under_review(line, appeal, *members):
    return assign_appeal_panel(actor=line["secretariat"], appeal=appeal, panel=list(members) or [line["panel1"]])


# --- What may be appealed ------------------------------------------------------------------------------------


def test_a_rejected_claim_is_appealed_with_nothing_held(line):
    claim = rejected_claim(line)
    appeal = _file(line, claim=claim)
    assert (appeal.ground, appeal.points_disputed, appeal.state) == (G.REJECTION, 0, A.FILED)
    assert appeal.official == line["claimant"].official
    assert appeal.due_on == timezone.localdate() + datetime.timedelta(days=14)
    assert held_of(line["claimant"].official) == 0


def test_the_amount_of_an_approved_share_is_held_until_the_decision(line):
    claim = approved_claim(line, points=2)
    appeal = _file(line, claim=claim)
    official = line["claimant"].official
    share = claim.shares.get()
    assert (appeal.ground, appeal.points_disputed, appeal.entry) == (G.AMOUNT, 2, share.entry)
    assert (balance_of(official), held_of(official), available_of(official)) == (2, 2, 0)
    with pytest.raises(InsufficientBalanceError):
        post_entry(actor=line["claimant"], official=official, kind=EntryKind.REDEMPTION, points=-1)


def test_a_grant_entry_of_a_claim_share_is_appealed_as_that_claim(line):
    claim = approved_claim(line, points=2)
    appeal = _file(line, entry=claim.shares.get().entry)
    assert (appeal.claim, appeal.ground, appeal.points_disputed) == (claim, G.AMOUNT, 2)
    with pytest.raises(AppealAlreadyOpenError):
        _file(line, claim=claim)


def test_a_deduction_is_appealed_with_nothing_held(line):
    entry = deduction(line)
    appeal = _file(line, entry=entry)
    assert (appeal.ground, appeal.points_disputed, appeal.claim) == (G.DEDUCTION, 0, None)


def test_an_automatic_grant_is_appealed_for_its_amount(line):
    entry = post_entry(
        actor=line["secretariat"],
        official=line["claimant"].official,
        kind=EntryKind.GRANT,
        points=3,
        year=DAY.year,
        rule=line["rule"],
        unit=line["department"],
    )
    appeal = _file(line, entry=entry)
    assert (appeal.ground, appeal.points_disputed) == (G.AMOUNT, 3)


def test_a_team_member_may_appeal_a_rejected_claim_they_share_in(line):
    mate = UserFactory(official__unit=line["department"], official__grade=7)
    claim = rejected_claim(line, officials=[(line["claimant"].official, 50), (mate.official, 50)])
    appeal = _file(line, claim=claim, actor=mate)
    assert appeal.official == mate.official
    # Each official has their own open appeal.
    assert _file(line, claim=claim).official == line["claimant"].official


def test_someone_elses_claim_or_entry_is_refused(line):
    stranger = UserFactory()
    with pytest.raises(PermissionDeniedError):
        _file(line, claim=rejected_claim(line), actor=stranger)
    with pytest.raises(PermissionDeniedError):
        _file(line, entry=deduction(line), actor=stranger)


def test_the_claimant_who_does_not_share_cannot_appeal_the_amount(line):
    mate = UserFactory(official__unit=line["department"], official__grade=7)
    claim = approved_claim(line, officials=[(mate.official, 100)])  # proposed by the department head
    with pytest.raises(DomainError) as refused:
        _file(line, claim=claim, actor=line["head"])
    assert refused.value.code == "not_a_member"


@pytest.mark.parametrize("to", ["claimed", "withdrawn"])
def test_a_claim_still_on_its_way_or_withdrawn_cannot_be_appealed(line, to):
    from proactive.mileage.services.claims import transition_claim

    claim = make_claim(line)
    if to == "withdrawn":
        claim = transition_claim(claim, to=to, actor=line["claimant"])
    with pytest.raises(DomainError) as refused:
        _file(line, claim=claim)
    assert refused.value.code == "not_appealable"


def test_redemptions_and_reversals_cannot_be_appealed(line):
    entry = deduction(line)
    redemption = post_entry(
        actor=line["claimant"], official=line["claimant"].official, kind=EntryKind.REDEMPTION, points=-1
    )
    with pytest.raises(DomainError) as refused:
        _file(line, entry=redemption)
    assert refused.value.code == "not_appealable"
    from proactive.mileage.services.ledger import reverse_entry

    reverse_entry(actor=line["secretariat"], entry=entry)
    with pytest.raises(DomainError) as refused:
        _file(line, entry=entry)
    assert refused.value.code == "already_reversed"


def _noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Asia/Seoul"))


def test_after_the_window_the_appeal_is_refused_with_the_date_it_closed(line):
    MileagePolicy.objects.create(year=DAY.year, appeal_window_days=7)
    claim = rejected_claim(line)
    closes_on = timezone.localdate(claim.decided_at) + datetime.timedelta(days=7)
    with time_machine.travel(_noon(closes_on), tick=False):
        assert _file(line, claim=claim).state == A.FILED  # the 7th day is still in time
    Appeal.objects.all().delete()
    with (
        time_machine.travel(_noon(closes_on + datetime.timedelta(days=1)), tick=False),
        pytest.raises(DomainError, match=closes_on.isoformat()) as refused,
    ):
        _file(line, claim=claim)
    assert refused.value.code == "window_closed"


def test_a_deductions_window_counts_from_when_it_was_posted(line):
    entry = deduction(line)
    closes_on = timezone.localdate(entry.created_at) + datetime.timedelta(days=14)
    with (
        time_machine.travel(_noon(closes_on + datetime.timedelta(days=1)), tick=False),
        pytest.raises(DomainError, match=closes_on.isoformat()),
    ):
        _file(line, entry=entry)


def test_one_open_appeal_per_claim_then_a_new_one_after_withdrawal(line):
    claim = rejected_claim(line)
    first = _file(line, claim=claim)
    with pytest.raises(AppealAlreadyOpenError) as refused:
        _file(line, claim=claim)
    assert refused.value.appeal == first
    withdraw_appeal(actor=line["claimant"], appeal=first)
    assert _file(line, claim=claim).pk != first.pk


def test_reasons_are_required_and_files_are_attached(line):
    claim = rejected_claim(line)
    with pytest.raises(DomainError) as refused:
        _file(line, claim=claim, reasons="   ")
    assert refused.value.code == "reason_required"
    appeal = _file(line, claim=claim, files=[upload("증빙.pdf", pdf_bytes())])
    document = appeal.evidence.get()
    assert (document.purpose, document.owner) == ("mileage_appeal_evidence", line["claimant"])


def test_a_citizen_cannot_file(line, citizen):
    with pytest.raises(PermissionDeniedError):
        _file(line, claim=rejected_claim(line), actor=citizen)


def test_filing_is_audited_and_tells_the_secretariat(line):
    appeal = _file(line, claim=rejected_claim(line))
    event = AuditEvent.objects.get(verb="mileage.appeal_filed")
    assert (event.target_id, event.data["ground"]) == (str(appeal.pk), G.REJECTION)
    notice = Notification.objects.get(kind="mileage.appeal_filed")
    assert notice.recipient == line["secretariat"]
    assert notice.url == f"/mileage/appeals/{appeal.pk}/"


def test_evidence_can_be_added_while_open_by_the_appellant_only(line):
    appeal = _file(line, claim=rejected_claim(line))
    attach_appeal_evidence(actor=line["claimant"], appeal=appeal, files=[upload("추가.pdf", pdf_bytes())])
    assert appeal.evidence.count() == 1
    with pytest.raises(PermissionDeniedError):
        attach_appeal_evidence(actor=line["secretariat"], appeal=appeal, files=[upload("x.pdf", pdf_bytes())])
    at(appeal, A.UPHELD)
    with pytest.raises(PermissionDeniedError):
        attach_appeal_evidence(actor=line["claimant"], appeal=appeal, files=[upload("y.pdf", pdf_bytes())])


# --- The panel -----------------------------------------------------------------------------------------------


def test_assigning_the_panel_starts_the_review_and_notifies_the_members(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)), line["panel1"], line["panel2"])
    assert appeal.state == A.UNDER_REVIEW
    assert set(appeal.panel.all()) == {line["panel1"], line["panel2"]}
    assert set(Notification.objects.filter(kind="mileage.appeal_assigned").values_list("recipient", flat=True)) == {
        line["panel1"].pk,
        line["panel2"].pk,
    }
    assert AuditEvent.objects.filter(verb="mileage.appeal_assigned", target_id=str(appeal.pk)).exists()


@pytest.mark.parametrize("who", ["claimant", "head", "chief", "secretariat_approver"])
def test_nobody_from_the_deciding_chain_may_sit_on_the_panel(line, who):
    claim = approved_claim(line) if who == "secretariat_approver" else rejected_claim(line)
    appeal = _file(line, claim=claim)
    key = "secretariat" if who == "secretariat_approver" else who
    member = line[key]
    RoleMembershipFactory(user=member, role=Role.APPEALS_PANEL)
    assert member.pk in deciding_chain(appeal)
    assert member not in panel_candidates(appeal)
    with pytest.raises(DomainError) as refused:
        _under_review(line, appeal, member)
    assert refused.value.code == "in_deciding_chain"
    assert Appeal.objects.get(pk=appeal.pk).state == A.FILED


def test_whoever_posted_a_deduction_and_team_members_are_in_the_chain(line):
    mate = UserFactory(official__unit=line["department"], official__grade=7)
    team = rejected_claim(line, officials=[(line["claimant"].official, 50), (mate.official, 50)])
    assert mate.pk in deciding_chain(_file(line, claim=team))
    appeal = _file(line, entry=deduction(line))
    assert line["secretariat"].pk in deciding_chain(appeal)


def test_only_appeals_panel_members_and_at_least_one(line):
    appeal = _file(line, claim=rejected_claim(line))
    with pytest.raises(DomainError) as refused:
        _under_review(line, appeal, UserFactory())
    assert refused.value.code == "not_panel_member"
    with pytest.raises(DomainError):
        assign_appeal_panel(actor=line["secretariat"], appeal=appeal, panel=[])


@pytest.mark.parametrize("who", ["claimant", "panel1", "head"])
def test_only_the_secretariat_assigns(line, who):
    appeal = _file(line, claim=rejected_claim(line))
    with pytest.raises(PermissionDeniedError):
        assign_appeal_panel(actor=line[who], appeal=appeal, panel=[line["panel1"]])


def test_the_panel_can_be_changed_while_under_review(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)), line["panel1"])
    appeal = assign_appeal_panel(actor=line["secretariat"], appeal=appeal, panel=[line["panel2"]])
    assert (appeal.state, list(appeal.panel.all())) == (A.UNDER_REVIEW, [line["panel2"]])
    assert AuditEvent.objects.filter(verb="mileage.appeal_panel_changed").exists()
    assert Notification.objects.filter(kind="mileage.appeal_assigned", recipient=line["panel2"]).exists()


# --- Decisions -----------------------------------------------------------------------------------------------


def test_uphold_needs_reasons_posts_nothing_and_tells_the_appellant(line):
    claim = approved_claim(line, points=2)
    appeal = _under_review(line, _file(line, claim=claim))
    with pytest.raises(DomainError):
        decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.UPHELD, reasons=" ")
    appeal = decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.UPHELD, reasons="기여도 산정이 적정함")
    assert (appeal.state, appeal.decided_by, appeal.decision) == (A.UPHELD, line["panel1"], "기여도 산정이 적정함")
    assert LedgerEntry.objects.count() == 1
    assert held_of(line["claimant"].official) == 0  # released
    notice = Notification.objects.get(kind="mileage.appeal_decided")
    assert (notice.recipient, notice.body) == (line["claimant"], "기여도 산정이 적정함")


@pytest.mark.parametrize(("points", "balance"), [(1, 3), (-2, 0)])
def test_adjusting_an_amount_posts_an_adjustment_under_the_claims_rule(line, points, balance):
    claim = approved_claim(line, points=2)
    appeal = _under_review(line, _file(line, claim=claim))
    appeal = decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="재산정", points=points)
    entry = LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT)
    assert (entry.points, entry.rule, entry.unit, entry.year) == (points, line["rule"], line["department"], DAY.year)
    assert (entry.idempotency_key, entry.source) == (f"appeal:{appeal.pk}", f"appeal:{appeal.pk}")
    assert (appeal.state, appeal.adjustment) == (A.ADJUSTED, points)
    assert balance_of(line["claimant"].official) == balance
    assert held_of(line["claimant"].official) == 0


@pytest.mark.parametrize("points", [2, -3])
def test_an_amount_stays_within_the_rule_and_what_was_granted(line, points):
    appeal = _under_review(line, _file(line, claim=approved_claim(line, points=2)))
    with pytest.raises(DomainError):
        decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="재산정", points=points)
    assert Appeal.objects.get(pk=appeal.pk).state == A.UNDER_REVIEW
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


def test_the_caps_apply_and_a_refusal_changes_nothing(line):
    MileagePolicy.objects.create(year=DAY.year, cap_per_person=2)
    appeal = _under_review(line, _file(line, claim=approved_claim(line, points=2)))
    with pytest.raises(CapExceededError):
        decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="재산정", points=1)
    appeal.refresh_from_db()
    assert (appeal.state, appeal.decided_at) == (A.UNDER_REVIEW, None)


def test_a_rejected_claim_is_adjusted_by_granting_points(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)))
    with pytest.raises(DomainError):
        decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="인정", points=-1)
    decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="인정", points=2)
    assert balance_of(line["claimant"].official) == 2


def test_annulling_a_whole_deduction_reverses_it(line):
    entry = deduction(line, points=-2)
    appeal = _under_review(line, _file(line, entry=entry), line["panel1"])
    decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="소극행정 아님", points=2)
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert (reversal.kind, reversal.points, reversal.idempotency_key) == (EntryKind.REVERSAL, 2, f"appeal:{appeal.pk}")
    assert balance_of(line["claimant"].official) == 3


def test_part_of_a_deduction_is_given_back_as_an_adjustment(line):
    entry = deduction(line, points=-2)
    appeal = _under_review(line, _file(line, entry=entry))
    for points in (-1, 3):
        with pytest.raises(DomainError):
            decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="일부 인정", points=points)
    decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="일부 인정", points=1)
    assert LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT).points == 1
    assert not LedgerEntry.objects.filter(reverses=entry).exists()


def test_a_panel_member_in_the_chain_cannot_decide_even_if_put_on_the_panel(line):
    RoleMembershipFactory(user=line["head"], role=Role.APPEALS_PANEL)
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)))
    appeal.panel.add(line["head"])  # bypassing the service: the rule is the second lock
    with pytest.raises(PermissionDeniedError):
        decide_appeal(actor=line["head"], appeal=appeal, outcome=A.UPHELD, reasons="유지")


@pytest.mark.parametrize("who", ["panel2", "secretariat", "claimant"])
def test_only_a_member_of_this_panel_decides(line, who):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)), line["panel1"])
    with pytest.raises(PermissionDeniedError):
        decide_appeal(actor=line[who], appeal=appeal, outcome=A.UPHELD, reasons="유지")


def test_a_member_whose_panel_role_ended_cannot_decide(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)), line["panel1"])
    line["panel1"].memberships.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(PermissionDeniedError):
        decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.UPHELD, reasons="유지")


# --- Withdrawal and the table --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [A.FILED, A.UNDER_REVIEW])
def test_the_appellant_withdraws_an_open_appeal_and_the_points_are_released(line, state):
    appeal = _file(line, claim=approved_claim(line, points=2))
    if state == A.UNDER_REVIEW:
        appeal = _under_review(line, appeal)
    with pytest.raises(PermissionDeniedError):
        withdraw_appeal(actor=line["secretariat"], appeal=appeal)
    appeal = withdraw_appeal(actor=line["claimant"], appeal=appeal, reason="오해였습니다")
    assert appeal.state == A.WITHDRAWN
    assert held_of(line["claimant"].official) == 0
    assert AuditEvent.objects.get(verb="mileage.appeal_withdrawn").data == {"reason": "오해였습니다"}
    told = Notification.objects.filter(kind="mileage.appeal_withdrawn").exists()
    assert told == (state == A.UNDER_REVIEW)


def _actor_for(line, target):
    return {
        A.UNDER_REVIEW: line["secretariat"],
        A.UPHELD: line["panel1"],
        A.ADJUSTED: line["panel1"],
        A.WITHDRAWN: line["claimant"],
    }.get(target, line["secretariat"])


@pytest.mark.parametrize(("current", "target"), list(itertools.product(A.values, A.values)))
def test_only_the_table_moves_an_appeal(line, current, target):
    appeal = _file(line, claim=rejected_claim(line))
    appeal.panel.add(line["panel1"])
    appeal = at(appeal, current)
    kwargs = {"reason": "사유", "points": 1 if target == A.ADJUSTED else 0, "panel": [line["panel1"]]}
    if target in APPEAL_TRANSITIONS[current]:
        assert transition_appeal(appeal, to=target, actor=_actor_for(line, target), **kwargs).state == target
    else:
        with pytest.raises(InvalidTransitionError):
            transition_appeal(appeal, to=target, actor=_actor_for(line, target), **kwargs)
        assert Appeal.objects.get(pk=appeal.pk).state == current


def test_every_step_is_audited(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)))
    decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="인정", points=1)
    verbs = list(
        AuditEvent.objects.filter(target_type="mileage.appeal", target_id=str(appeal.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["mileage.appeal_filed", "mileage.appeal_assigned", "mileage.appeal_adjusted"]


def test_deciding_twice_posts_once(line):
    appeal = _under_review(line, _file(line, claim=rejected_claim(line)))
    decide_appeal(actor=line["panel1"], appeal=appeal, outcome=A.ADJUSTED, reasons="인정", points=1)
    with pytest.raises(InvalidTransitionError):
        decide_appeal(actor=line["panel2"], appeal=appeal, outcome=A.ADJUSTED, reasons="인정", points=1)
    assert LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).count() == 1


# --- Concurrency ---------------------------------------------------------------------------------------------


def _race(jobs) -> list[str]:
    """Run every job at the same moment, each on its own connection; return their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            try:
                job()
                result = "ok"
            except AppealAlreadyOpenError:
                result = "already_open"
            except InsufficientBalanceError:
                result = "refused"
            except Exception as exc:  # noqa: BLE001  (reported by the assertions, never swallowed)
                result = f"crash:{type(exc).__name__}:{exc}"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_make_one_appeal_and_redemptions_never_spend_held_points(line):
    claim = approved_claim(line, points=2)
    official = line["claimant"].official

    def file():
        _file(line, claim=claim)

    def redeem():
        post_entry(actor=line["claimant"], official=official, kind=EntryKind.REDEMPTION, points=-1)

    outcomes = _race([file for _ in range(6)] + [redeem for _ in range(4)])
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert outcomes.count("already_open") == 5
    assert Appeal.objects.count() == 1
    redeemed = -sum(LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).values_list("points", flat=True))
    # Whatever ran first, no point was redeemed once the appeal held the share's two points.
    appeal = Appeal.objects.get()
    after = LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION, created_at__gt=appeal.created_at).count()
    assert after == 0
    assert balance_of(official) == 2 - redeemed >= 0
