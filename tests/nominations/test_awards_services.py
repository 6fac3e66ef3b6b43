"""Special-promotion re-nominations: who may re-nominate which case and when, each transition and each denial,
audit events and notifications; and the public reads (consent masking, what counts as published)."""

import pytest

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.nominations.enums import Consent, Grade, NominationState, RenominationState, RoundStatus
from proactive.nominations.models import Award, NominationMember, SpecialPromotionRequest
from proactive.nominations.queries import awards as queries
from proactive.nominations.services import awards as services
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories.accounts import OrgUnitFactory
from tests.nominations.test_awards_support import (  # noqa: F401  (_award_kinds is an autouse fixture)
    _award_kinds,
    confirm_through_services,
    confirmed_award,
    decided_round,
    head_of,
    hr_officer,
    not_selected_case,
)
from tests.nominations.test_committee_support import _committee_kinds, case, committee_round  # noqa: F401
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db


def _renominate(nom, actor=None, *, members=None, reason="현장 대응이 탁월함"):
    actor = actor or head_of(nom)
    members = list(nom.members.all()) if members is None else members
    return services.renominate_for_special_promotion(actor=actor, nomination=nom, members=members, reason=reason)


# --- Re-nominating --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shortlisted", [False, True])
def test_head_of_nominating_unit_renominates_a_case_not_selected(shortlisted):
    rnd = decided_round()
    nom = not_selected_case(rnd, shortlisted=shortlisted)
    deciders = [hr_officer(), secretariat()]
    head = head_of(nom)
    first = nom.members.first()
    renomination = _renominate(nom, head, members=[first], reason="  공적이 충분함 ")
    assert renomination.state == RenominationState.SUBMITTED
    assert renomination.unit == nom.nominating_unit
    assert renomination.requested_by == head
    assert renomination.reason == "공적이 충분함"
    assert list(renomination.officials.all()) == [first]
    event = AuditEvent.objects.get(verb="nominations.renominated")
    assert event.target_id == str(renomination.pk)
    assert event.data["officials"] == [first.pk]
    told = set(
        Notification.objects.filter(kind=services.KIND_RENOMINATION_SUBMITTED).values_list("recipient", flat=True)
    )
    assert told == {u.pk for u in deciders}


def test_head_of_a_unit_above_the_nominating_unit_may_renominate():
    rnd = decided_round()
    nom = not_selected_case(rnd)
    bureau = OrgUnitFactory(kind=OrgUnitKind.BUREAU)
    unit = nom.nominating_unit
    unit.parent = bureau
    unit.save()
    from proactive.accounts.services.org import refresh_paths

    refresh_paths(unit)
    nom.nominating_unit.refresh_from_db()
    head = make_staff(Role.DEPARTMENT_HEAD, unit=bureau)
    assert _renominate(nom, head).pk


@pytest.mark.parametrize(
    "who",
    ["other_head", "official", "hr", "secretariat", "nominator_not_head"],
)
def test_only_the_head_of_the_nominating_unit_may_renominate(who):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    actor = {
        "other_head": lambda: make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory()),
        "official": lambda: nom.members.first().official.user,
        "hr": hr_officer,
        "secretariat": secretariat,
        "nominator_not_head": lambda: nom.nominated_by,
    }[who]()
    with pytest.raises(PermissionDeniedError):
        _renominate(nom, actor)
    assert not SpecialPromotionRequest.objects.exists()
    assert not AuditEvent.objects.filter(verb="nominations.renominated").exists()


def test_a_citizens_nomination_has_no_nominating_unit_to_renominate_it():
    rnd = decided_round()
    nom = not_selected_case(rnd, nominator_type="citizen")
    nom.nominating_unit = None
    nom.save(update_fields=["nominating_unit"])
    head = make_staff(Role.DEPARTMENT_HEAD, unit=nom.members.first().official.unit)
    with pytest.raises(PermissionDeniedError):
        _renominate(nom, head)


def test_a_case_that_won_a_grade_cannot_be_renominated():
    rnd = decided_round()
    nom = confirmed_award(rnd, grade=Grade.ENCOURAGEMENT).nomination
    with pytest.raises(DomainError) as exc:
        _renominate(nom)
    assert exc.value.code == "not_renominatable"


def test_renominating_waits_for_the_confirmed_grades():
    rnd = decided_round(decided=False)
    nom = not_selected_case(rnd)
    with pytest.raises(DomainError) as exc:
        _renominate(nom)
    assert "confirmed" in exc.value.message or exc.value.code == "not_renominatable"
    # no meeting at all
    nom2 = not_selected_case(committee_round())
    with pytest.raises(DomainError):
        _renominate(nom2)


@pytest.mark.parametrize("state", [NominationState.SUBMITTED, NominationState.REJECTED, NominationState.WITHDRAWN])
def test_only_a_verified_case_can_be_renominated(state):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    nom.state = state
    nom.save(update_fields=["state"])
    with pytest.raises(DomainError) as exc:
        _renominate(nom)
    assert exc.value.code == "not_renominatable"


def test_a_case_is_renominated_once():
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    renomination = _renominate(nom, head)
    services.decline_renomination(actor=hr_officer(), renomination=renomination, reason="요건 미충족")
    with pytest.raises(DomainError) as exc:
        _renominate(nom, head)
    assert exc.value.code == "not_renominatable"
    assert SpecialPromotionRequest.objects.count() == 1


def test_officials_must_come_from_the_team_and_at_least_one():
    rnd = decided_round()
    nom = not_selected_case(rnd)
    other = not_selected_case(rnd)
    head = head_of(nom)
    with pytest.raises(DomainError) as exc:
        _renominate(nom, head, members=[])
    assert exc.value.code == "no_officials"
    with pytest.raises(DomainError) as exc:
        _renominate(nom, head, members=[other.members.first()])
    assert exc.value.code == "not_in_team"


def test_a_reason_is_required():
    rnd = decided_round()
    nom = not_selected_case(rnd)
    with pytest.raises(DomainError) as exc:
        _renominate(nom, reason="   ")
    assert exc.value.code == "reason_required"


# --- Deciding -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "state", "verb"),
    [
        (services.accept_renomination, RenominationState.ACCEPTED, "nominations.renomination_accepted"),
        (services.decline_renomination, RenominationState.DECLINED, "nominations.renomination_declined"),
    ],
)
@pytest.mark.parametrize("decider", [hr_officer, secretariat])
def test_hr_or_secretariat_decides_and_the_department_is_told(service, state, verb, decider):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    renomination = _renominate(nom, head)
    actor = decider()
    decided = service(actor=actor, renomination=renomination, reason="인사위원회 심의 결과")
    assert decided.state == state
    assert decided.decided_by == actor
    assert decided.decided_at is not None
    assert decided.decision_reason == "인사위원회 심의 결과"
    event = AuditEvent.objects.get(verb=verb)
    assert event.changes == {"state": ["submitted", str(state)]}
    told = set(Notification.objects.filter(kind=services.KIND_RENOMINATION_DECIDED).values_list("recipient", flat=True))
    assert told == {head.pk, nom.nominated_by_id}


def test_the_head_who_is_also_the_nominator_is_told_once():
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    nom.nominated_by = head
    nom.save(update_fields=["nominated_by"])
    renomination = _renominate(nom, head)
    services.accept_renomination(actor=hr_officer(), renomination=renomination, reason="승진 심사 대상")
    assert Notification.objects.filter(kind=services.KIND_RENOMINATION_DECIDED).count() == 1


@pytest.mark.parametrize("who", ["head", "official", "committee_chair"])
def test_others_cannot_decide(who):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    renomination = _renominate(nom, head)
    actor = {
        "head": lambda: head,
        "official": lambda: nom.nominated_by,
        "committee_chair": lambda: make_staff(Role.COMMITTEE_CHAIR),
    }[who]()
    with pytest.raises(PermissionDeniedError):
        services.accept_renomination(actor=actor, renomination=renomination, reason="x")
    renomination.refresh_from_db()
    assert renomination.state == RenominationState.SUBMITTED


@pytest.mark.parametrize("first", [RenominationState.ACCEPTED, RenominationState.DECLINED])
@pytest.mark.parametrize("then", [RenominationState.ACCEPTED, RenominationState.DECLINED])
def test_a_decision_is_final(first, then):
    rnd = decided_round()
    renomination = _renominate(not_selected_case(rnd))
    hr = hr_officer()
    services.transition_renomination(renomination, to=first, actor=hr, reason="결정")
    with pytest.raises(InvalidTransitionError):
        services.transition_renomination(renomination, to=then, actor=hr, reason="번복")


def test_a_decision_needs_a_reason():
    rnd = decided_round()
    renomination = _renominate(not_selected_case(rnd))
    with pytest.raises(DomainError) as exc:
        services.decline_renomination(actor=hr_officer(), renomination=renomination, reason=" ")
    assert exc.value.code == "reason_required"
    renomination.refresh_from_db()
    assert renomination.state == RenominationState.SUBMITTED


def test_back_to_submitted_is_not_a_transition():
    rnd = decided_round()
    renomination = _renominate(not_selected_case(rnd))
    with pytest.raises(InvalidTransitionError):
        services.transition_renomination(renomination, to=RenominationState.SUBMITTED, actor=hr_officer(), reason="x")


# --- Reads --------------------------------------------------------------------------------------------------


def test_renominatable_lists_the_heads_units_not_selected_cases_only():
    rnd = decided_round()
    mine = not_selected_case(rnd)
    head = head_of(mine)
    shortlisted = not_selected_case(rnd, shortlisted=True, nominator=mine.nominated_by)
    winner = confirmed_award(rnd, nominator=mine.nominated_by).nomination
    someone_elses = not_selected_case(rnd)
    undecided = not_selected_case(decided_round(decided=False), nominator=mine.nominated_by)
    listed = set(queries.renominatable_for(head))
    assert listed == {mine, shortlisted}
    assert winner not in listed
    assert someone_elses not in listed
    assert undecided not in listed
    assert not queries.renominatable_for(hr_officer()).exists()


def test_public_team_masks_every_name_without_given_consent():
    rnd = decided_round()
    award = confirmed_award(rnd, members=3)
    given, refused, pending = award.nomination.members.order_by("pk")
    NominationMember.objects.filter(pk=refused.pk).update(consent=Consent.REFUSED)
    NominationMember.objects.filter(pk=pending.pk).update(consent=Consent.PENDING)
    case = queries.get_public_case(award.nomination_id)
    assert case is not None
    names = {m.name for m in case.team}
    assert given.official.name in names
    assert refused.official.name not in names
    assert pending.official.name not in names
    assert case.withheld_count == 2


def test_published_means_confirmed_graded_and_in_a_public_round():
    rnd = decided_round()
    published = confirmed_award(rnd, grade=Grade.CHALLENGE)
    ungraded = confirmed_award(rnd, grade="", rank=2)
    unconfirmed = confirmed_award(decided_round(decided=False), grade=Grade.TOP, confirmed=False)
    draft_round = decided_round(status=RoundStatus.DRAFT)
    in_draft = confirmed_award(draft_round)
    ids = set(queries.published_awards().values_list("pk", flat=True))
    assert ids == {published.pk}
    for award in (ungraded, unconfirmed, in_draft):
        assert queries.get_public_case(award.nomination_id) is None


def test_results_follow_the_committees_own_confirmation():
    rnd = committee_round()
    first, second = case(rnd), case(rnd)
    confirm_through_services(rnd, first, second, top=1)
    results = queries.round_results(queries.public_round_with_meeting(rnd.year, rnd.half))
    assert results.announced
    assert [(g.grade, [c.nomination for c in g.cases]) for g in results.groups] == [(Grade.TOP, [first])]
    assert Award.objects.get(nomination=second).grade == ""
    head = head_of(second)
    assert services.renomination_refusal(second) is None
    assert _renominate(second, head).state == RenominationState.SUBMITTED
