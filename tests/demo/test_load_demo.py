import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import MEMBERSHIP_ROLES, OrgUnitKind, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.queries import held_roles
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from proactive.demo.history import ROUNDS, write_history
from proactive.demo.org import DISTRICT_ROWS
from proactive.nominations.enums import Grade, RoundStatus
from proactive.nominations.models import Award, CommitteeMeeting, GradeRule, Nomination, SelectionRound, StageResult
from proactive.nominations.queries.statistics import programme_statistics
from proactive.programme.queries import current_settings

# One worker loads the demo once for the whole module (tests/demo loads it in a module fixture).
pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def load(tmp_path) -> str:
    out = io.StringIO()
    call_command("load_demo", accounts_file=str(tmp_path / "demo-accounts.txt"), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(loaded_demo):
    """The whole demo, loaded once for every module of tests/demo (conftest.py)."""
    return loaded_demo


def row_counts() -> dict[str, int]:
    models = [OrgUnit, Official, User, RoleMembership, TOTPDevice, AuditEvent, AccessRecord]
    if apps.is_installed("proactive.notifications"):
        models += [m for m in apps.get_app_config("notifications").get_models()]
    return {m._meta.label: m.objects.count() for m in models}


def test_load_demo_builds_a_busan_sized_organisation(demo):
    assert OrgUnit.objects.count() >= 150
    assert Official.objects.count() >= 2000
    districts = set(OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).values_list("name", flat=True))
    assert districts == {row[0] for row in DISTRICT_ROWS}
    assert len(districts) == 16
    assert OrgUnit.objects.filter(kind=OrgUnitKind.CORPORATION).count() == 6
    assert OrgUnit.objects.filter(kind=OrgUnitKind.CITY, parent=None).count() == 1
    # Paths follow accounts.services.org: the parent's path plus the zero-padded id.
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:06d}/"
        assert (unit.path, unit.depth) == (expected, unit.parent.depth + 1 if unit.parent else 0)
    programme_unit = current_settings().programme_unit
    assert programme_unit is not None
    assert programme_unit.name == "혁신정책과"
    assert programme_unit.parent.name == "기획관"


def test_load_demo_twice_creates_nothing_new(demo):
    before = row_counts()
    settings_changed_at = current_settings().updated_at

    output = load(demo.path)

    assert row_counts() == before
    assert current_settings().updated_at == settings_changed_at
    assert "Nothing to do" in output


def test_load_demo_gives_every_role_a_working_account(demo):
    output = demo.output

    for role in Role:
        assert any(a.role == role for a in DEMO_ACCOUNTS), role
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert account.role in {h.role for h in held_roles(user)}, account.username
        assert account.username in output
        if account.role == Role.CITIZEN:
            assert user.kind == UserKind.CITIZEN
            assert user.is_verified_citizen
            assert not user.has_usable_password()
            continue
        assert user.check_password(DEMO_PASSWORD)
        validate_password(DEMO_PASSWORD, user)  # raises ValidationError if any configured validator refuses it
        if account.role in MEMBERSHIP_ROLES:
            assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    depthead = User.objects.get(username="depthead")
    membership = RoleMembership.objects.get(user=depthead, role=Role.DEPARTMENT_HEAD)
    assert membership.unit == depthead.official.unit
    assert (demo.path / "demo-accounts.txt").read_text(encoding="utf-8").count(DEMO_PASSWORD) >= 10


def test_demo_totp_prints_the_current_code(demo):
    device = TOTPDevice.objects.get(user__username="secretariat")
    out = io.StringIO()

    call_command("demo_totp", "secretariat", stdout=out, stderr=io.StringIO())

    expected = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert out.getvalue().strip() == f"{expected:06d}"


def test_demo_totp_refuses_an_account_without_a_device(demo):
    with pytest.raises(CommandError):
        call_command("demo_totp", "citizen", stdout=io.StringIO())


def test_load_demo_holds_one_round_in_each_stage(demo):
    from collections import Counter

    from proactive.nominations.enums import Grade, NominationState, RoundPhase, ScoredStage
    from proactive.nominations.models import Award, Ballot, Nomination, ReviewAssignment, SelectionRound

    phases = {(r.year, r.half): r.phase() for r in SelectionRound.objects.filter(year__gte=2025)}
    assert phases == {
        (2025, 1): RoundPhase.ANNOUNCEMENT,
        (2025, 2): RoundPhase.COMMITTEE_REVIEW,
        (2026, 1): RoundPhase.ONLINE_VOTE,
        (2026, 2): RoundPhase.NOMINATIONS_OPEN,
    }
    # 2025 H1, the realistic round: 44 cases, 20 shortlisted, 2,600 voters, 14 officials over 3/5/2/1 cases.
    announced = SelectionRound.objects.get(year=2025, half=1)
    assert Nomination.objects.filter(round=announced).count() == 44
    assert Nomination.objects.filter(round=announced, shortlisted=True).count() == 20
    assert Ballot.objects.filter(round=announced).count() == 2600
    graded = Award.objects.filter(nomination__round=announced, confirmed_at__isnull=False).exclude(grade="")
    assert Counter(graded.values_list("grade", flat=True)) == {
        Grade.TOP: 3,
        Grade.EXCELLENT: 5,
        Grade.ENCOURAGEMENT: 2,
        Grade.CHALLENGE: 1,
    }
    assert sum(a.nomination.members.count() for a in graded) == 14
    assert graded.filter(nomination__members__official__user__username="official").exists()
    # 2025 H2: the demo committee member and chair still have cases to score.
    for username in ("committee", "chair"):
        waiting = ReviewAssignment.objects.filter(
            reviewer__username=username,
            nomination__round__year=2025,
            nomination__round__half=2,
            stage=ScoredStage.COMMITTEE,
            recused=False,
            submitted_at__isnull=True,
        )
        assert waiting.exists(), username
    # 2026 H1: ballots cast, and the demo official and citizen can still vote.
    voting = SelectionRound.objects.get(year=2026, half=1)
    assert voting.shortlist_confirmed_at is not None
    assert Ballot.objects.filter(round=voting).exists()
    assert not Ballot.objects.filter(round=voting, voter__username__in=["official", "citizen"]).exists()
    # 2026 H2: drafts, nominations waiting for verification, verified ones assigned to the demo reviewer.
    open_round = SelectionRound.objects.get(year=2026, half=2)
    assert open_round.config_frozen
    states = Counter(Nomination.objects.filter(round=open_round).values_list("state", flat=True))
    assert states[NominationState.DRAFT] >= 1
    assert states[NominationState.SUBMITTED] >= 1
    assert states[NominationState.VERIFIED] >= 1
    assert ReviewAssignment.objects.filter(reviewer__username="reviewer", nomination__round=open_round).exists()
    assert Nomination.objects.filter(round=open_round, nominated_by__username="citizen").exists()
    assert Nomination.objects.filter(nominated_by__username="depthead").values("round").distinct().count() == 4


def test_load_demo_reproduces_busans_published_totals(demo):
    """407 best practices found and shared, 114 officials selected, as of July 2025 (seed 002)."""
    stats = programme_statistics(until=(2024, 2))
    assert (stats.best_practices, stats.officials) == (407, 114)
    assert [(r.round.year, r.round.half, r.best_practices, r.officials) for r in stats.rounds] == [
        (year, half, verified, officials) for year, half, verified, officials in ROUNDS
    ]
    assert stats.last_round.title == SelectionRound.objects.get(year=2024, half=2).title
    assert sum(r.best_practices for r in stats.units) == 407
    assert sum(r.best_practices for r in stats.types) == 407


def test_history_is_consistent_with_the_services(demo):
    """The seeded past rounds (2019 H1 – 2024 H2) look as the services would have left them."""

    for rnd in SelectionRound.objects.filter(year__lte=2024):
        assert rnd.status == RoundStatus.CLOSED
        assert rnd.config_version == 1
        assert rnd.snapshots.count() == 1
        assert rnd.tally_frozen_at
        assert rnd.shortlist_confirmed_at
        assert CommitteeMeeting.objects.get(round=rnd).decided_at is not None
        awards = list(Award.objects.filter(nomination__round=rnd).order_by("rank"))
        assert all(a.confirmed_at for a in awards)
        # Each total is the sum of the frozen stage points, as services.committee computes it.
        points = {(s.nomination_id, s.stage): s.points for s in StageResult.objects.filter(nomination__round=rnd)}
        for a in awards:
            stages = [points[(a.nomination_id, stage)] for stage in ("working", "vote", "committee")]
            assert a.total == sum(stages)
            assert [Decimal(a.inputs[k]) for k in ("working", "vote", "committee")] == stages
        quotas = dict(GradeRule.objects.filter(round=rnd).values_list("grade", "quota"))
        for grade in Grade.values:
            assert sum(1 for a in awards if a.grade == grade) == quotas[grade]
        assert [a.rank for a in awards] == list(range(1, len(awards) + 1))
        assert all(a.total == sorted((x.total for x in awards), reverse=True)[i] for i, a in enumerate(awards))
        assert not Nomination.objects.filter(round=rnd, shortlisted=True).exclude(state="verified").exists()


def test_history_is_written_once(demo):
    before = Nomination.objects.count()

    assert write_history() == 0
    assert Nomination.objects.count() == before
