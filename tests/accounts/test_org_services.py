"""Writes to the organisation tree: paths, moves, updates, deactivation (each audited)."""

import pytest

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import OrgUnit
from proactive.accounts.services.org import (
    create_unit,
    deactivate_unit,
    move_unit,
    rebuild_paths,
    refresh_paths,
    update_official,
    update_unit,
)
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError
from tests.accounts.test_org_fixtures import City
from tests.factories.accounts import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_unit_sets_path_and_audits():
    city = City()
    unit = create_unit(actor=None, code="D12", name="새과", kind="department", parent=city.bureau)
    assert unit.path == f"{city.bureau.path}{unit.pk:06d}/"
    assert unit.depth == 2
    assert AuditEvent.objects.filter(verb="accounts.unit_created", target_id=str(unit.pk)).exists()


def test_move_unit_recomputes_the_whole_subtree():
    city = City()
    actor = UserFactory()
    move_unit(actor=actor, unit=city.dept, parent=city.other_bureau)
    team = OrgUnit.objects.get(pk=city.team.pk)
    dept = OrgUnit.objects.get(pk=city.dept.pk)
    assert dept.path == f"{city.other_bureau.path}{dept.pk:06d}/"
    assert team.path == f"{dept.path}{team.pk:06d}/"
    assert team.depth == 3
    event = AuditEvent.objects.get(verb="accounts.unit_moved")
    assert event.changes == {"parent": ["기획관", "안전국"]}


def test_move_unit_below_itself_is_refused():
    city = City()
    with pytest.raises(DomainError):
        move_unit(actor=None, unit=city.bureau, parent=city.team)
    with pytest.raises(DomainError):
        move_unit(actor=None, unit=city.bureau, parent=city.bureau)


def test_refresh_paths_after_changing_a_parent_directly():
    city = City()
    city.dept.parent = city.district
    city.dept.save()
    refresh_paths(city.dept)
    assert OrgUnit.objects.get(pk=city.team.pk).path.startswith(city.district.path)


def test_rebuild_paths_repairs_every_unit_and_reports_changes():
    city = City()
    OrgUnit.objects.filter(pk=city.team.pk).update(path="", depth=0)
    assert rebuild_paths(OrgUnit.objects.all()) == 1
    assert OrgUnit.objects.get(pk=city.team.pk).path == city.team.path
    assert rebuild_paths(OrgUnit.objects.all()) == 0


def test_update_unit_records_only_real_changes():
    city = City()
    update_unit(actor=None, unit=city.dept, name="혁신정책과")
    assert not AuditEvent.objects.filter(verb="accounts.unit_updated").exists()
    update_unit(actor=None, unit=city.dept, name="혁신기획과", sort_order=3)
    event = AuditEvent.objects.get(verb="accounts.unit_updated")
    assert event.changes == {"name": ["혁신정책과", "혁신기획과"], "sort_order": [0, 3]}
    with pytest.raises(ValueError, match="Not editable"):
        update_unit(actor=None, unit=city.dept, path="x")


def test_deactivate_unit_needs_an_empty_unit():
    city = City()
    with pytest.raises(DomainError):
        deactivate_unit(actor=None, unit=city.dept)  # has an active team
    OfficialFactory(unit=city.team)
    with pytest.raises(DomainError):
        deactivate_unit(actor=None, unit=city.team)  # has a serving official
    OfficialFactory(unit=city.other_dept, status=OfficialStatus.RETIRED)
    deactivate_unit(actor=None, unit=city.other_dept)
    assert not OrgUnit.objects.get(pk=city.other_dept.pk).is_active
    assert AuditEvent.objects.filter(verb="accounts.unit_deactivated").count() == 1


def test_update_official_audits_changes():
    city = City()
    official = OfficialFactory(unit=city.dept, rank="6급")
    update_official(actor=None, official=official, rank="5급", unit=city.other_dept)
    official.refresh_from_db()
    assert (official.rank, official.unit) == ("5급", city.other_dept)
    event = AuditEvent.objects.get(verb="accounts.official_updated")
    assert event.changes["rank"] == ["6급", "5급"]
