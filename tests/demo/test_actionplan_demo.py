"""The action plan's demo data (proactive/demo/actionplan.py), on top of the whole demo, loaded once."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from proactive.accounts.models import User
from proactive.actionplan.enums import PlanState, ReportState, TaskStatus
from proactive.actionplan.models import Plan, ProgressReport
from proactive.actionplan.queries import plan_overview
from proactive.demo.actionplan import TASKS, write_actionplan_demo
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    with django_db_blocker.unblock():
        created = write_actionplan_demo()
    return SimpleNamespace(created=created)


def test_the_2025_plan_has_six_directions_and_26_tasks(demo):
    assert demo.created == 0  # already written by load_demo
    assert len(TASKS) == 26
    plan = Plan.objects.get(year=2025)
    assert plan.adopted_on == datetime.date(2025, 6, 18)
    assert plan.state == PlanState.CLOSED
    assert plan.directions.count() == 6
    assert plan.tasks.count() == 26
    assert plan.tasks.values("owner_unit").distinct().count() >= 6
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert set(reports.values_list("quarter", flat=True)) == {2, 3, 4}
    assert reports.filter(quarter=3, status=TaskStatus.DELAYED).count() == 3


def test_the_2026_plan_is_in_progress_with_reviews_pending_and_overdue_quarters(demo):
    plan = Plan.objects.get(year=2026)
    assert plan.state == PlanState.IN_PROGRESS
    assert plan.copied_from.year == 2025
    overview = plan_overview(plan)
    assert overview.awaiting_review >= 1
    assert overview.overdue_count >= 2
    assert ProgressReport.objects.filter(task__plan=plan, state=ReportState.RETURNED).count() == 1


def test_demo_pages_open(demo, client):
    plan = Plan.objects.get(year=2026)
    login_verified(client, User.objects.get(username="secretariat"))
    assert client.get(reverse("actionplan:plan-detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("actionplan:reviews")).status_code == 200
    login_verified(client, User.objects.get(username="depthead"))
    assert "교통 분야 현장 규제 애로" in client.get(reverse("actionplan:mine")).content.decode()
    assert client.get(reverse("actionplan:public-detail", args=[2025])).status_code == 200
