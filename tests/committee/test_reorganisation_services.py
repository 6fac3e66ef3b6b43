"""The yearly reorganisation task: its steps, due dates, owners, done dates, and the overdue flag."""

import datetime
import io

import pytest
from django.core.management import call_command

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.committee.enums import ReorganisationStepKind
from proactive.committee.queries.reorganisation import overdue_steps, progress
from proactive.committee.services import reorganisation as services
from proactive.committee.services.common import KIND_STEP_OVERDUE
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_staff(Role.SECRETARIAT)


def test_starting_a_year_creates_the_five_steps_in_order(secretariat):
    reorganisation = services.start_reorganisation(actor=secretariat, year=2026, owner=secretariat)

    steps = list(reorganisation.steps.order_by("position"))
    assert [s.kind for s in steps] == list(ReorganisationStepKind.values)
    assert steps[0].due_on == datetime.date(2026, 1, 31)
    assert steps[-1].due_on == datetime.date(2026, 3, 31)
    assert all(s.owner == secretariat for s in steps)
    assert AuditEvent.objects.filter(verb="committee.reorganisation_started").exists()
    with pytest.raises(DomainError) as exc:
        services.start_reorganisation(actor=secretariat, year=2026)
    assert exc.value.code == "exists"


def test_only_the_secretariat_tracks_the_reorganisation():
    with pytest.raises(PermissionDeniedError):
        services.start_reorganisation(actor=UserFactory(), year=2026)


def test_a_year_out_of_range_is_refused(secretariat):
    with pytest.raises(DomainError) as exc:
        services.start_reorganisation(actor=secretariat, year=1999)
    assert exc.value.code == "invalid_year"


def test_progress_and_overdue_steps(secretariat):
    reorganisation = services.start_reorganisation(actor=secretariat, year=2026)
    first, second = reorganisation.steps.order_by("position")[:2]
    services.update_step(
        actor=secretariat, step=first, due_on=first.due_on, owner=None, done_on=datetime.date(2026, 1, 30)
    )

    state = progress(2026, today=datetime.date(2026, 2, 25))

    assert (state.done, state.total, state.overdue, state.percent) == (1, 5, 1, 20)
    assert [s.overdue for s in state.steps][:2] == [False, True]
    assert overdue_steps(today=datetime.date(2026, 2, 25)) == 1
    assert progress(2025, today=datetime.date(2026, 2, 25)).reorganisation is None


def test_a_step_is_not_done_in_the_future(secretariat):
    step = services.start_reorganisation(actor=secretariat, year=2026).steps.first()
    with pytest.raises(DomainError) as exc:
        services.update_step(
            actor=secretariat, step=step, due_on=step.due_on, owner=None, done_on=datetime.date(2100, 1, 1)
        )
    assert exc.value.code == "future_done"


def test_overdue_steps_are_flagged_once_to_their_owner_or_the_secretariat(secretariat, time_machine):
    owner = make_staff(Role.SECRETARIAT)
    reorganisation = services.start_reorganisation(actor=secretariat, year=2026)
    first = reorganisation.steps.order_by("position").first()
    services.update_step(actor=secretariat, step=first, due_on=first.due_on, owner=owner, done_on=None)

    assert services.flag_overdue_steps(day=datetime.date(2026, 2, 25)) == 2
    assert services.flag_overdue_steps(day=datetime.date(2026, 2, 26)) == 0
    # The owner hears of their step; the step without an owner goes to the whole secretariat (the owner included).
    assert Notification.objects.filter(kind=KIND_STEP_OVERDUE, recipient=owner).count() == 2
    assert Notification.objects.filter(kind=KIND_STEP_OVERDUE, recipient=secretariat).count() == 1

    time_machine.move_to(datetime.datetime(2026, 3, 15, 9, 0))
    call_command("flag_overdue_committee_steps", stdout=(out := io.StringIO()))
    assert "1 overdue step(s)" in out.getvalue()  # the appointment step, due on 10 March
    assert reorganisation.steps.filter(flagged_on=datetime.date(2026, 3, 15)).count() == 1


def test_moving_the_due_date_rearms_the_flag(secretariat):
    step = services.start_reorganisation(actor=secretariat, year=2026).steps.order_by("position").first()
    services.flag_overdue_steps(day=datetime.date(2026, 2, 5))
    step.refresh_from_db()
    assert step.flagged_on is not None
    services.update_step(actor=secretariat, step=step, due_on=datetime.date(2026, 2, 10), owner=None, done_on=None)
    step.refresh_from_db()
    assert step.flagged_on is None
