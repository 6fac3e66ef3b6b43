import io

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
from proactive.demo.org import DISTRICT_ROWS
from proactive.programme.queries import current_settings

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def load(tmp_path) -> str:
    out = io.StringIO()
    call_command("load_demo", accounts_file=str(tmp_path / "demo-accounts.txt"), stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [OrgUnit, Official, User, RoleMembership, TOTPDevice, AuditEvent, AccessRecord]
    if apps.is_installed("proactive.notifications"):
        models += [m for m in apps.get_app_config("notifications").get_models()]
    return {m._meta.label: m.objects.count() for m in models}


def test_load_demo_builds_a_busan_sized_organisation(tmp_path):
    load(tmp_path)

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


def test_load_demo_twice_creates_nothing_new(tmp_path):
    load(tmp_path)
    before = row_counts()
    settings_changed_at = current_settings().updated_at

    output = load(tmp_path)

    assert row_counts() == before
    assert current_settings().updated_at == settings_changed_at
    assert "Nothing to do" in output


def test_load_demo_gives_every_role_a_working_account(tmp_path):
    output = load(tmp_path)

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
    assert (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8").count(DEMO_PASSWORD) >= 10


def test_demo_totp_prints_the_current_code(tmp_path):
    load(tmp_path)
    device = TOTPDevice.objects.get(user__username="secretariat")
    out = io.StringIO()

    call_command("demo_totp", "secretariat", stdout=out, stderr=io.StringIO())

    expected = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert out.getvalue().strip() == f"{expected:06d}"


def test_demo_totp_refuses_an_account_without_a_device(tmp_path):
    load(tmp_path)

    with pytest.raises(CommandError):
        call_command("demo_totp", "citizen", stdout=io.StringIO())


def test_load_demo_opens_a_round_with_nominations(tmp_path):
    from proactive.nominations.enums import NominationState, NominatorType, RoundPhase
    from proactive.nominations.models import Nomination, SelectionRound

    load(tmp_path)

    selection_round = SelectionRound.objects.get()
    assert selection_round.phase() == RoundPhase.NOMINATIONS_OPEN
    assert selection_round.config_frozen
    states = sorted(Nomination.objects.values_list("nominator_type", "state"))
    assert states == sorted(
        [
            (NominatorType.DEPARTMENT, NominationState.SUBMITTED),
            (NominatorType.DEPARTMENT, NominationState.DRAFT),
            (NominatorType.CITIZEN, NominationState.SUBMITTED),
        ]
    )
