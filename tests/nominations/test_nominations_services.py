import datetime
import itertools

import pytest
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.nominations.enums import CaseType, Consent, NominationState, NominatorType
from proactive.nominations.models import Nomination
from proactive.nominations.queries.nominations import normalised_title
from proactive.nominations.services import nominations as services
from proactive.nominations.workflow import NOMINATION_TRANSITIONS
from proactive.notifications.models import Notification
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import (  # noqa: F401  (_kinds is an autouse fixture)
    COMPLETE,
    _kinds,
    nomination,
    secretariat,
)

pytestmark = pytest.mark.django_db
S = NominationState


def closed_round():
    now = timezone.now()
    return SelectionRoundFactory(
        nominations_open_at=now - datetime.timedelta(days=20), nominations_close_at=now - datetime.timedelta(days=1)
    )


# --- the workflow, over every pair of states ---------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_transition_follows_the_table(current, target):
    item = nomination(state=current)
    actor = item.nominated_by if target in (S.SUBMITTED, S.WITHDRAWN) else secretariat()
    allowed = target in NOMINATION_TRANSITIONS[current]
    into = nomination(state=S.SUBMITTED, selection_round=item.round) if target == S.MERGED else None
    if allowed:
        result = services.transition_nomination(item, to=target, actor=actor, reason="사유", into=into)
        assert result.state == target
        assert AuditEvent.objects.filter(target_id=str(item.pk), verb=f"nominations.{target}").count() == 1
    else:
        with pytest.raises(InvalidTransitionError):
            services.transition_nomination(item, to=target, actor=actor, reason="사유", into=into)
        item.refresh_from_db()
        assert item.state == current


@pytest.mark.parametrize("target", [S.VERIFIED, S.RETURNED, S.REJECTED])
def test_only_the_secretariat_verifies(target):
    item = nomination(state=S.SUBMITTED)
    with pytest.raises(PermissionDeniedError):
        services.transition_nomination(item, to=target, actor=item.nominated_by, reason="사유")


@pytest.mark.parametrize("target", [S.SUBMITTED, S.WITHDRAWN])
def test_only_the_nominator_submits_or_withdraws(target):
    item = nomination(state=S.DRAFT)
    with pytest.raises(PermissionDeniedError):
        services.transition_nomination(item, to=target, actor=UserFactory())


@pytest.mark.parametrize("target", [S.RETURNED, S.REJECTED])
def test_return_and_reject_need_a_reason(target):
    item = nomination(state=S.SUBMITTED)
    with pytest.raises(DomainError) as exc:
        services.transition_nomination(item, to=target, actor=secretariat(), reason="  ")
    assert exc.value.code == "reason_required"
    item.refresh_from_db()
    assert item.state == S.SUBMITTED


def test_rejection_reason_is_kept_for_the_nominator_and_everyone_is_told():
    item = nomination(state=S.SUBMITTED, members=2)
    services.reject_nomination(actor=secretariat(), nomination=item, reason="실적 기간 외")
    item.refresh_from_db()
    assert item.decision_reason == "실적 기간 외"
    recipients = set(Notification.objects.filter(kind="nominations.rejected").values_list("recipient_id", flat=True))
    team = {m.official.user.pk for m in item.members.all()}
    assert recipients == {item.nominated_by_id, *team}


def test_submit_notifies_nominator_and_team_and_asks_consent():
    item = nomination(members=2)
    services.submit_nomination(actor=item.nominated_by, nomination=item)
    team = {m.official.user.pk for m in item.members.all()}
    submitted = set(Notification.objects.filter(kind="nominations.submitted").values_list("recipient_id", flat=True))
    asked = set(
        Notification.objects.filter(kind="nominations.consent_requested").values_list("recipient_id", flat=True)
    )
    assert submitted == {item.nominated_by_id, *team}
    assert asked == team
    item.refresh_from_db()
    assert item.submitted_at is not None


def test_returned_nomination_is_edited_and_resubmitted_during_verification():
    item = nomination(state=S.SUBMITTED, selection_round=closed_round())
    services.return_nomination(actor=secretariat(), nomination=item, reason="증빙 보완")
    assert Notification.objects.filter(kind="nominations.returned", recipient=item.nominated_by).count() == 1
    services.update_draft(actor=item.nominated_by, nomination=item, data={"outcome": "보완한 성과"})
    services.submit_nomination(actor=item.nominated_by, nomination=item)
    item.refresh_from_db()
    assert (item.state, item.outcome, item.decision_reason) == (S.SUBMITTED, "보완한 성과", "")


# --- the window and completeness ---------------------------------------------------------------------------


def test_create_draft_outside_the_window_is_refused_with_a_message():
    selection_round = closed_round()
    with pytest.raises(DomainError) as exc:
        services.create_draft(actor=UserFactory(), selection_round=selection_round, data=COMPLETE)
    assert exc.value.code == "window_closed"
    assert "Nothing was saved" in exc.value.message or "저장" in exc.value.message
    assert Nomination.objects.count() == 0


def test_draft_cannot_be_submitted_or_edited_after_the_window_closes():
    item = nomination(selection_round=closed_round())
    with pytest.raises(DomainError) as exc:
        services.submit_nomination(actor=item.nominated_by, nomination=item)
    assert exc.value.code == "window_closed"
    with pytest.raises(DomainError):
        services.update_draft(actor=item.nominated_by, nomination=item, data={"title": "새 제목"})
    item.refresh_from_db()
    assert (item.state, item.title) == (S.DRAFT, COMPLETE["title"])


def test_submit_lists_every_missing_item():
    item = nomination(summary="", problem="", outcome="", members=0, regulation_improved=True)
    with pytest.raises(services.IncompleteNominationError) as exc:
        services.submit_nomination(actor=item.nominated_by, nomination=item)
    assert exc.value.missing == ["summary", "problem", "outcome", "regulation_detail", "members"]
    item.refresh_from_db()
    assert item.state == S.DRAFT


def test_challenge_case_needs_no_outcome():
    item = nomination(case_type=CaseType.CHALLENGE, outcome="", quantified_results="")
    services.submit_nomination(actor=item.nominated_by, nomination=item)
    item.refresh_from_db()
    assert item.state == S.SUBMITTED


def test_create_draft_sets_department_and_freezes_the_round_config():
    user = UserFactory()
    selection_round = SelectionRoundFactory()
    item = services.create_draft(actor=user, selection_round=selection_round, data=COMPLETE)
    assert (item.nominator_type, item.nominating_unit) == (NominatorType.DEPARTMENT, user.official.unit)
    selection_round.refresh_from_db()
    assert selection_round.config_frozen
    assert AuditEvent.objects.filter(verb="nominations.created", target_id=str(item.pk)).count() == 1


def test_update_draft_audits_the_changes():
    item = nomination()
    services.update_draft(actor=item.nominated_by, nomination=item, data={"title": "새 제목"})
    event = AuditEvent.objects.get(verb="nominations.updated")
    assert event.changes == {"title": [COMPLETE["title"], "새 제목"]}


# --- the team ----------------------------------------------------------------------------------------------


def test_contributions_must_add_up_to_100():
    item = nomination(members=0)
    a, b = UserFactory().official, UserFactory().official
    with pytest.raises(DomainError) as exc:
        services.set_members(
            actor=item.nominated_by,
            nomination=item,
            members=[{"official": a, "role": "주관", "contribution": 60}, {"official": b, "contribution": 30}],
        )
    assert exc.value.code == "contribution_total"
    assert item.members.count() == 0


def test_set_members_replaces_the_team_and_keeps_consent_of_those_who_stay():
    item = nomination(members=1)
    stays = item.members.get()
    stays.consent = Consent.GIVEN
    stays.save()
    newcomer = UserFactory().official
    services.set_members(
        actor=item.nominated_by,
        nomination=item,
        members=[
            {"official": stays.official, "role": "총괄", "contribution": 70},
            {"official": newcomer.pk, "role": "실무", "contribution": 30},
        ],
    )
    rows = {m.official_id: (m.role, m.contribution, m.consent) for m in item.members.all()}
    assert rows == {stays.official_id: ("총괄", 70, Consent.GIVEN), newcomer.pk: ("실무", 30, Consent.PENDING)}
    assert AuditEvent.objects.filter(verb="nominations.team_set").count() == 1


def test_department_nomination_needs_a_member():
    item = nomination(members=1)
    with pytest.raises(DomainError) as exc:
        services.set_members(actor=item.nominated_by, nomination=item, members=[])
    assert exc.value.code == "no_members"


# --- duplicates --------------------------------------------------------------------------------------------


def test_normalised_title_ignores_case_spaces_and_punctuation():
    assert normalised_title(" 민원 처리-기간, 단축! ") == normalised_title("민원처리기간단축")
    assert normalised_title("Smart City") == normalised_title("smart-city")


def test_same_title_is_flagged_as_duplicate():
    first = nomination(state=S.SUBMITTED, title="민원 처리기간 단축!")
    second = nomination(selection_round=first.round, title="민원처리기간 단축")
    services.submit_nomination(actor=second.nominated_by, nomination=second)
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_shared_member_with_overlapping_period_is_flagged():
    day = datetime.date(2030, 3, 1)
    first = nomination(state=S.SUBMITTED, title="가", period_from=day, period_to=day + datetime.timedelta(days=60))
    second = nomination(
        selection_round=first.round,
        title="나",
        period_from=day + datetime.timedelta(days=30),
        period_to=day + datetime.timedelta(days=90),
    )
    shared = first.members.get().official
    second.members.update(official=shared)
    services.submit_nomination(actor=second.nominated_by, nomination=second)
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_withdrawn_or_other_rounds_are_not_duplicates():
    first = nomination(state=S.WITHDRAWN, title="같은 제목")
    nomination(state=S.SUBMITTED, title="같은 제목")  # another round
    second = nomination(selection_round=first.round, title="같은 제목")
    services.submit_nomination(actor=second.nominated_by, nomination=second)
    second.refresh_from_db()
    assert second.duplicate_of is None


# --- citizens ----------------------------------------------------------------------------------------------


def test_citizen_flow_create_match_consent():
    citizen = CitizenFactory()
    selection_round = SelectionRoundFactory()
    item = services.create_draft(
        actor=citizen,
        selection_round=selection_round,
        data={**COMPLETE, "nominee_name_given": "김공무", "nominee_unit_given": "교통정책과"},
    )
    assert (item.nominator_type, item.nominating_unit) == (NominatorType.CITIZEN, None)
    services.submit_nomination(actor=citizen, nomination=item)
    official_user = UserFactory()
    member = services.match_citizen_nominee(actor=secretariat(), nomination=item, official=official_user.official)
    assert (member.contribution, member.consent) == (100, Consent.PENDING)
    assert Notification.objects.filter(kind="nominations.consent_requested", recipient=official_user).count() == 1
    services.answer_consent(actor=official_user, member=member, consent=Consent.GIVEN)
    member.refresh_from_db()
    assert member.consent == Consent.GIVEN
    assert member.consent_at is not None
    verbs = set(AuditEvent.objects.filter(target_id=str(item.pk)).values_list("verb", flat=True))
    assert {"nominations.created", "nominations.submitted", "nominations.nominee_matched"} <= verbs
    assert "nominations.consent_answered" in verbs


def test_citizen_must_name_the_official_before_submitting():
    citizen = CitizenFactory()
    item = services.create_draft(actor=citizen, selection_round=SelectionRoundFactory(), data=COMPLETE)
    with pytest.raises(services.IncompleteNominationError) as exc:
        services.submit_nomination(actor=citizen, nomination=item)
    assert exc.value.missing == ["nominee_name_given", "nominee_unit_given"]


def test_only_the_secretariat_matches_and_only_the_member_answers_consent():
    item = nomination(nominator_type=NominatorType.CITIZEN, state=S.SUBMITTED, members=0, nominator=CitizenFactory())
    official_user = UserFactory()
    with pytest.raises(PermissionDeniedError):
        services.match_citizen_nominee(actor=item.nominated_by, nomination=item, official=official_user.official)
    member = services.match_citizen_nominee(actor=secretariat(), nomination=item, official=official_user.official)
    with pytest.raises(PermissionDeniedError):
        services.answer_consent(actor=UserFactory(), member=member, consent=Consent.GIVEN)


def test_unverified_citizen_cannot_nominate():
    citizen = CitizenFactory(email_verified_at=None)
    with pytest.raises(PermissionDeniedError):
        services.create_draft(actor=citizen, selection_round=SelectionRoundFactory(), data=COMPLETE)
