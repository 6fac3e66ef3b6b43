import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError
from proactive.nominations.enums import Grade, Half, RoundStatus, ScoredStage
from proactive.nominations.models import RoundConfigSnapshot, SelectionRound
from proactive.nominations.services.rounds import (
    RoundInvalid,
    close_round,
    create_round,
    default_criteria,
    default_grade_rules,
    default_round_data,
    ensure_config_frozen,
    freeze_config,
    freeze_due_configs,
    publish_round,
    round_warnings,
    update_round,
)
from tests.conftest import make_staff
from tests.factories.nominations import CriterionFactory, GradeRuleFactory, SelectionRoundFactory

pytestmark = pytest.mark.django_db
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def actor():
    return make_staff(Role.SECRETARIAT)


def make(actor, **overrides):
    data = default_round_data(datetime.datetime(2025, 3, 1, tzinfo=SEOUL)) | overrides
    return create_round(actor=actor, data=data, criteria=default_criteria(), grade_rules=default_grade_rules())


def test_defaults_are_a_busan_like_first_half():
    data = default_round_data(datetime.datetime(2025, 3, 1, tzinfo=SEOUL))
    assert (data["year"], data["half"]) == (2025, Half.FIRST)
    assert (data["results_from"], data["results_to"]) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert data["nominations_open_at"] == datetime.datetime(2025, 7, 1, 9, tzinfo=SEOUL)
    assert data["nominations_close_at"] == datetime.datetime(2025, 7, 16, 18, tzinfo=SEOUL)
    assert data["vote_end_at"] - data["vote_start_at"] == datetime.timedelta(days=7)
    assert round_warnings(data) == []


def test_defaults_skip_a_half_year_that_already_has_a_round():
    SelectionRoundFactory(year=2025, half=Half.FIRST)
    data = default_round_data(datetime.datetime(2025, 3, 1, tzinfo=SEOUL))
    assert (data["year"], data["half"]) == (2025, Half.SECOND)
    assert data["nominations_open_at"] == datetime.datetime(2026, 1, 1, 9, tzinfo=SEOUL)


def test_default_rubric_adds_up_to_100_per_stage():
    criteria = default_criteria()
    for stage in ScoredStage:
        assert sum(c["max_points"] for c in criteria if c["stage"] == stage) == Decimal("100")
    assert [c["name"] for c in criteria[:4]] == ["국민체감도", "적극성·창의성·전문성", "중요도·난이도", "확산가능성"]


def test_create_round_saves_a_draft_with_rubric_and_grades_and_audits(actor):
    rnd = make(actor)
    assert rnd.status == RoundStatus.DRAFT
    assert rnd.criteria.count() == 8
    assert sorted(rnd.grade_rules.values_list("grade", "quota")) == sorted(
        [(Grade.TOP, 3), (Grade.EXCELLENT, 6), (Grade.ENCOURAGEMENT, 4), (Grade.CHALLENGE, 1)]
    )
    event = AuditEvent.objects.get(verb="nominations.round_created")
    assert event.target_id == str(rnd.pk)


def test_create_round_lists_every_broken_rule(actor):
    data = default_round_data(datetime.datetime(2025, 3, 1, tzinfo=SEOUL))
    data |= {
        "nominations_close_at": data["nominations_open_at"],
        "weight_vote": Decimal("20"),
        "shortlist_size": 5,
        "picks_per_ballot": 6,
    }
    criteria = default_criteria()[:3] + default_criteria()[4:]
    with pytest.raises(RoundInvalid) as exc, translation.override("en"):
        create_round(actor=actor, data=data, criteria=criteria, grade_rules=default_grade_rules())
    assert exc.value.messages == [
        "“nominations close” must come after “nominations open”.",
        "The stage weights must add up to 100 points; they add up to 110.",
        "The criteria of the Working-level review must add up to 100 points; they add up to 90.",
        "The shortlist (5) must be at least as long as the number of awards (14).",
        "A ballot cannot pick more cases than the shortlist holds.",
    ]
    assert not SelectionRound.objects.exists()


def test_create_round_refuses_a_second_round_for_the_same_half(actor):
    make(actor)
    with pytest.raises(RoundInvalid) as exc, translation.override("en"):
        make(actor, year=2025, half=Half.FIRST)
    assert exc.value.messages == ["A round for this half-year already exists."]
    assert SelectionRound.objects.count() == 1


def test_a_vote_window_other_than_seven_days_only_warns():
    data = default_round_data(datetime.datetime(2025, 3, 1, tzinfo=SEOUL))
    data["vote_end_at"] = data["vote_start_at"] + datetime.timedelta(days=5)
    assert len(round_warnings(data)) == 1


def test_publish_then_freeze_when_nominations_open_and_config_is_refused(actor):
    rnd = make(actor)
    with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=SEOUL), tick=False):
        publish_round(actor=actor, round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED
    assert not rnd.config_frozen
    at = datetime.datetime(2025, 7, 1, 9, 0, 1, tzinfo=SEOUL)
    assert freeze_due_configs(at) == 1
    assert freeze_due_configs(at) == 0  # idempotent
    rnd.refresh_from_db()
    assert rnd.config_version == 1
    assert rnd.config_frozen_at == at
    snapshot = RoundConfigSnapshot.objects.get(round=rnd)
    assert snapshot.version == 1
    assert snapshot.data["weight_committee"] == "80"
    assert snapshot.data["shortlist_size"] == 20
    assert snapshot.data["voters"] == "both"
    assert snapshot.data["results_from"] == "2025-01-01"
    assert len(snapshot.data["criteria"]) == 8
    assert {r["grade"]: r["prize_money"] for r in snapshot.data["grade_rules"]}["top"] == 2_000_000
    with pytest.raises(RoundInvalid) as exc:
        update_round(actor=actor, round=rnd, data={"shortlist_size": 25}, now=at)
    assert "1" in exc.value.messages[0]
    with pytest.raises(RoundInvalid):
        update_round(actor=actor, round=rnd, data={}, criteria=default_criteria()[:4] * 2, now=at)
    # The call text and a date still ahead may change.
    new_committee = rnd.committee_at + datetime.timedelta(days=1)
    update_round(actor=actor, round=rnd, data={"summary": "새 공고문", "committee_at": new_committee}, now=at)
    rnd.refresh_from_db()
    assert (rnd.summary, rnd.committee_at) == ("새 공고문", new_committee)
    # A date already past may not.
    with pytest.raises(RoundInvalid):
        update_round(
            actor=actor,
            round=rnd,
            data={"nominations_open_at": rnd.nominations_open_at + datetime.timedelta(hours=1)},
            now=at,
        )


def test_freeze_due_configs_ignores_drafts_and_rounds_not_yet_open():
    SelectionRoundFactory(status=RoundStatus.DRAFT)
    future = SelectionRoundFactory(
        nominations_open_at=datetime.datetime(2099, 1, 1, tzinfo=SEOUL),
        nominations_close_at=datetime.datetime(2099, 1, 15, tzinfo=SEOUL),
    )
    open_now = SelectionRoundFactory()
    assert freeze_due_configs() == 1
    open_now.refresh_from_db()
    future.refresh_from_db()
    assert open_now.config_version == 1
    assert not future.config_frozen


def test_freeze_due_configs_runs_from_the_schedule_command():
    rnd = SelectionRoundFactory()
    call_command("run_round_schedule")
    rnd.refresh_from_db()
    assert rnd.config_frozen
    call_command("run_round_schedule")
    assert RoundConfigSnapshot.objects.filter(round=rnd).count() == 1


def test_ensure_config_frozen_freezes_in_place_once():
    rnd = SelectionRoundFactory()
    CriterionFactory(round=rnd)
    GradeRuleFactory(round=rnd)
    ensure_config_frozen(rnd)
    assert rnd.config_version == 1
    ensure_config_frozen(rnd)
    assert RoundConfigSnapshot.objects.filter(round=rnd).count() == 1
    assert AuditEvent.objects.filter(verb="nominations.round_config_frozen").count() == 1


def test_freeze_config_records_the_next_version(actor):
    rnd = SelectionRoundFactory()
    ensure_config_frozen(rnd)
    freeze_config(actor=actor, round=rnd)
    rnd.refresh_from_db()
    assert rnd.config_version == 2
    assert list(rnd.snapshots.values_list("version", flat=True)) == [2, 1]


def test_publish_refuses_a_round_whose_window_has_ended(actor):
    rnd = make(actor)
    with time_machine.travel(datetime.datetime(2025, 7, 17, tzinfo=SEOUL), tick=False), pytest.raises(DomainError):
        publish_round(actor=actor, round=rnd)


def test_publish_inside_the_window_freezes_at_once(actor):
    rnd = make(actor)
    with time_machine.travel(datetime.datetime(2025, 7, 2, tzinfo=SEOUL), tick=False):
        publish_round(actor=actor, round=rnd)
    rnd.refresh_from_db()
    assert rnd.config_version == 1


def test_close_round_only_after_the_announcement(actor):
    rnd = SelectionRoundFactory()
    with pytest.raises(DomainError):
        close_round(actor=actor, round=rnd)
    close_round(actor=actor, round=rnd, now=rnd.announce_at)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CLOSED
    assert AuditEvent.objects.filter(verb="nominations.round_closed").exists()
    with pytest.raises(DomainError):
        update_round(actor=actor, round=rnd, data={"summary": "x"})


def test_update_draft_replaces_rubric_and_audits_changes(actor):
    rnd = make(actor)
    criteria = [c for c in default_criteria() if c["stage"] == ScoredStage.WORKING] + [
        {
            "stage": "committee",
            "name": "종합",
            "name_en": "Overall",
            "max_points": Decimal("100"),
            "guidance": "",
            "order": 1,
        }
    ]
    update_round(actor=actor, round=rnd, data={"shortlist_size": 30}, criteria=criteria)
    rnd.refresh_from_db()
    assert rnd.shortlist_size == 30
    assert rnd.criteria.filter(stage="committee").count() == 1
    event = AuditEvent.objects.get(verb="nominations.round_changed")
    assert event.changes["shortlist_size"] == [20, 30]
    assert event.changes["criteria"] == [8, 5]
