import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from proactive.nominations.enums import RoundStatus
from proactive.nominations.services.rounds import default_criteria, default_grade_rules
from tests.factories.nominations import CriterionFactory, GradeRuleFactory, SelectionRoundFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _round(**kwargs):
    rnd = SelectionRoundFactory(**kwargs)
    for criterion in default_criteria():
        CriterionFactory(round=rnd, **criterion)
    for rule in default_grade_rules():
        GradeRuleFactory(round=rnd, **rule)
    return rnd


def _past(**kwargs):
    return SelectionRoundFactory(
        nominations_open_at=NOW - datetime.timedelta(days=200),
        nominations_close_at=NOW - datetime.timedelta(days=190),
        **kwargs,
    )


def test_board_is_open_to_anonymous_visitors_and_lists_calls_rules_and_past_rounds(client):
    current = _round(summary="부서와 시민 누구나 추천할 수 있습니다.")
    past = _past(status=RoundStatus.CLOSED)
    draft = SelectionRoundFactory(status=RoundStatus.DRAFT)
    response = client.get(reverse("nominations:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert current.title in html
    assert "부서와 시민 누구나 추천할 수 있습니다." in html
    assert "국민체감도" in html
    assert reverse("nominations:round-public", args=[past.year, past.half]) in html
    assert reverse("nominations:round-public", args=[draft.year, draft.half]) not in html


def test_board_in_english_shows_english_criteria_names(client):
    _round()
    client.cookies["proactive_language"] = "en"
    html = client.get(reverse("nominations:board"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "Open calls" in html
    assert "Impact felt by citizens" in html
    assert "Nominations open" in html


def test_board_in_korean_shows_korean_criteria_names(client):
    _round()
    html = client.get(reverse("nominations:board")).content.decode()
    assert '<html lang="ko">' in html
    assert "국민체감도" in html
    assert "Impact felt by citizens" not in html


def test_board_query_count_does_not_grow_with_rounds(client):
    _round()
    _past()
    client.get(reverse("nominations:board"))  # freeze what is due
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("nominations:board"))
    _round()
    _round()
    _past()
    _past()
    client.get(reverse("nominations:board"))
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("nominations:board"))
    assert len(three) == len(one)


def test_public_round_page_shows_schedule_phase_and_frozen_version(client):
    rnd = _round()
    response = client.get(reverse("nominations:round-public", args=[rnd.year, rnd.half]))
    assert response.status_code == 200
    rnd.refresh_from_db()
    assert rnd.config_version == 1  # opening the page froze the configuration that was due
    html = response.content.decode()
    assert rnd.title in html
    assert "krds-badge" in html
    try:
        nominate = reverse("nominations:nomination-create", args=[rnd.pk])
    except NoReverseMatch:
        nominate = None
    if nominate:
        assert nominate in html


def test_public_round_page_offers_no_nomination_before_the_window(client):
    rnd = _round(
        nominations_open_at=NOW + datetime.timedelta(days=3), nominations_close_at=NOW + datetime.timedelta(days=10)
    )
    html = client.get(reverse("nominations:round-public", args=[rnd.year, rnd.half])).content.decode()
    assert "/nominate" not in html
    rnd.refresh_from_db()
    assert not rnd.config_frozen


def test_draft_rounds_have_no_public_page(client):
    rnd = SelectionRoundFactory(status=RoundStatus.DRAFT)
    assert client.get(reverse("nominations:round-public", args=[rnd.year, rnd.half])).status_code == 404
    assert client.get(reverse("nominations:round-public", args=[2099, 1])).status_code == 404
