import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import RoundStatus
from proactive.nominations.models import SelectionRound
from proactive.nominations.services.rounds import (
    SCHEDULE_FIELDS,
    default_criteria,
    default_grade_rules,
    default_round_data,
)
from tests.conftest import login_verified, make_staff
from tests.factories.nominations import CriterionFactory, GradeRuleFactory, SelectionRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = make_staff(Role.SECRETARIAT)
    login_verified(client, user)
    return user


def _management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(total), f"{prefix}-MIN_NUM_FORMS": "0"}


def create_post_data(**overrides):
    data = default_round_data()
    post = {}
    for key, value in data.items():
        if key == "tie_breaks":
            for i, t in enumerate(value, start=1):
                post[f"tie_break_{i}"] = t
        elif isinstance(value, datetime.datetime):
            post[key] = value.strftime("%Y-%m-%dT%H:%M")
        else:
            post[key] = str(value)
    post |= _management("criteria", 8) | _management("grades", 4)
    for i, c in enumerate(default_criteria()):
        for key, value in c.items():
            post[f"criteria-{i}-{key}"] = str(value)
    for i, r in enumerate(default_grade_rules()):
        post[f"grades-{i}-grade"] = r["grade"]
        post[f"grades-{i}-quota"] = str(r["quota"])
        post[f"grades-{i}-prize_money"] = str(r["prize_money"])
        post[f"grades-{i}-benefits"] = [str(b) for b in r["benefits"]]
    return post | overrides


STAFF_PAGES = [
    ("nominations:round-list", False),
    ("nominations:round-create", False),
    ("nominations:round-detail", True),
    ("nominations:round-edit", True),
]


@pytest.mark.parametrize("role", [None, Role.REVIEWER, Role.AUDIT_OFFICER, Role.COMMITTEE_MEMBER, Role.CITIZEN])
def test_round_pages_are_denied_to_other_roles(client, role):
    from tests.factories.accounts import CitizenFactory, UserFactory

    rnd = SelectionRoundFactory(status=RoundStatus.DRAFT)
    user = CitizenFactory() if role == Role.CITIZEN else (make_staff(role) if role else UserFactory())
    login_verified(client, user)
    for name, needs_pk in STAFF_PAGES:
        url = reverse(name, args=[rnd.pk] if needs_pk else [])
        assert client.get(url).status_code == 403, name
    for name in ("nominations:round-publish", "nominations:round-close", "nominations:round-create"):
        url = reverse(name, args=[rnd.pk] if name != "nominations:round-create" else [])
        assert client.post(url, {}).status_code == 403, name
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.DRAFT


def test_round_pages_require_sign_in(client):
    rnd = SelectionRoundFactory()
    for name, needs_pk in STAFF_PAGES:
        response = client.get(reverse(name, args=[rnd.pk] if needs_pk else []))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_create_page_offers_the_defaults(client, secretariat):
    html = client.get(reverse("nominations:round-create")).content.decode()
    assert "국민체감도" in html
    assert 'name="criteria-TOTAL_FORMS"' in html
    assert 'value="20"' in html  # shortlist


def test_secretariat_creates_publishes_a_round(client, secretariat):
    response = client.post(reverse("nominations:round-create"), create_post_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    rnd = SelectionRound.objects.get()
    assert rnd.status == RoundStatus.DRAFT
    assert rnd.criteria.count() == 8
    assert rnd.grade_rules.count() == 4
    assert rnd.tie_breaks == ["committee", "working", "vote", "earlier"]
    assert client.get(reverse("nominations:round-detail", args=[rnd.pk])).status_code == 200
    client.post(reverse("nominations:round-publish", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED


def test_invalid_round_shows_the_reasons_and_keeps_input(client, secretariat):
    response = client.post(
        reverse("nominations:round-create"), create_post_data(weight_vote="30", summary="공고문 초안")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "120" in html
    assert "공고문 초안" in html
    assert not SelectionRound.objects.exists()


def test_edit_of_a_frozen_round_is_read_only_for_configuration(client, secretariat):
    rnd = SelectionRoundFactory(summary="옛 공고문")
    CriterionFactory(round=rnd, stage="working", max_points=100)
    CriterionFactory(round=rnd, stage="committee", max_points=100)
    GradeRuleFactory(round=rnd)
    url = reverse("nominations:round-edit", args=[rnd.pk])
    html = client.get(url).content.decode()  # the visit freezes the configuration
    rnd.refresh_from_db()
    assert rnd.config_version == 1
    assert re.search(r'<input[^>]*name="shortlist_size"[^>]*disabled', html)
    assert "criteria-TOTAL_FORMS" not in html
    # Posting a different shortlist is ignored (disabled field); the summary is saved.
    post = {"summary": "새 공고문", "shortlist_size": "99"}
    for name in SCHEDULE_FIELDS[1:]:  # the opening moment has passed: its field is disabled
        post[name] = timezone.localtime(getattr(rnd, name)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    rnd.refresh_from_db()
    assert rnd.summary == "새 공고문"
    assert rnd.shortlist_size == 20


def _round_with_rules(**kwargs):
    rnd = SelectionRoundFactory(**kwargs)
    CriterionFactory(round=rnd)
    GradeRuleFactory(round=rnd)
    return rnd


def test_round_list_query_count_does_not_grow_with_rounds(client, secretariat, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _round_with_rules()
    client.get(reverse("nominations:round-list"))  # freeze what is due, warm the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("nominations:round-list")).status_code == 200
    _round_with_rules()
    _round_with_rules()
    client.get(reverse("nominations:round-list"))
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("nominations:round-list"))
    assert response.status_code == 200
    assert len(three) == len(one)
    assert response.content.decode().count("krds-badge") >= 3


def test_edit_of_a_draft_offers_the_rubric_and_grades_as_formsets(client, secretariat):
    rnd = SelectionRoundFactory(status=RoundStatus.DRAFT)
    CriterionFactory(round=rnd, stage="working", max_points=100)
    html = client.get(reverse("nominations:round-edit", args=[rnd.pk])).content.decode()
    assert 'name="criteria-INITIAL_FORMS" value="1"' in html
    assert 'name="grades-TOTAL_FORMS"' in html
    assert re.search(r'<input[^>]*name="shortlist_size"(?![^>]*disabled)[^>]*>', html)
