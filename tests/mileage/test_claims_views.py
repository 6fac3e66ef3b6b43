"""Claims screens: claim, propose (with the split preview), my claims, claims to decide, a claim and its steps —
every denial, what is kept when a claim is refused, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import Claim, MileagePolicy
from proactive.mileage.services.claims import KIND_WAITING, transition_claim
from proactive.mileage.services.ledger import balance_of
from proactive.notifications.models import Notification
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, UserFactory
from tests.mileage.test_claims_support import (  # noqa: F401  (_claim_kinds is an autouse fixture)
    WORK_DAY,
    _claim_kinds,
    activity_rule,
    claim_for,
    evidence_file,
    make_line,
    up_to,
)

pytestmark = pytest.mark.django_db
C = ClaimState


@pytest.fixture
def line(db):
    return make_line()


CREATE = reverse("mileage:claim-create")
PROPOSE = reverse("mileage:claim-propose")
SPLIT = reverse("mileage:partial-claim-split")
MINE = reverse("mileage:claim-mine")
QUEUE = reverse("mileage:claim-queue")


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def detail(claim):
    return reverse("mileage:claim-detail", args=[claim.pk])


def transition(claim):
    return reverse("mileage:claim-transition", args=[claim.pk])


def evidence_url(claim):
    return reverse("mileage:claim-evidence", args=[claim.pk])


def claim_data(line, **overrides):
    data = {
        "activity": line.rule.pk,
        "title": "항만 인허가 절차 간소화",
        "description": "처리 기간 30일 → 7일",
        "occurred_on": WORK_DAY.isoformat(),
        "points": "2",
    }
    return data | overrides


def propose_data(line, team, **overrides):
    data = claim_data(line, unit=line.department.pk, points="3") | overrides
    for official, share in team:
        data[f"pick_{official.pk}"] = "on"
        if share is not None:
            data[f"share_{official.pk}"] = str(share)
    return data


# --- Denials --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["citizen", "no_official_record"])
def test_claiming_is_refused_to_anyone_without_an_official_record(client, line, who):
    user = CitizenFactory() if who == "citizen" else UserFactory(official=None)
    client.force_login(user)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, claim_data(line)).status_code == 403
    assert not Claim.objects.exists()


@pytest.mark.parametrize("who", ["claimant", "chief", "secretariat"])
def test_proposing_and_its_preview_are_refused_to_all_but_department_heads(client, line, who):
    login_verified(client, line[who])
    assert client.get(PROPOSE).status_code == 403
    assert client.post(PROPOSE, propose_data(line, [(line.claimant.official, None)])).status_code == 403
    assert client.post(SPLIT, propose_data(line, [(line.claimant.official, None)])).status_code == 403
    assert not Claim.objects.exists()


def test_the_split_preview_refuses_get(client, line):
    login_verified(client, line.head)
    assert client.get(SPLIT).status_code == 405


def test_my_claims_is_refused_to_a_citizen(client):
    client.force_login(CitizenFactory())
    assert client.get(MINE).status_code == 403


@pytest.mark.parametrize("who", ["official", "citizen", "hr", "sysadmin"])
def test_the_queue_is_refused_to_anyone_without_a_role_in_a_line(client, who):
    user = {
        "official": UserFactory,
        "citizen": CitizenFactory,
        "hr": lambda: make_staff(Role.HR_OFFICER),
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
    }[who]()
    login_verified(client, user)
    assert client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("who", ["colleague", "head_elsewhere", "sysadmin", "citizen"])
def test_a_claim_is_a_404_to_anyone_outside_it_and_its_line(client, line, who):
    claim = claim_for(line, evidence=[])
    user = {
        "colleague": lambda: UserFactory(official__unit=line.department),
        "head_elsewhere": lambda: make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory()),
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
        "citizen": CitizenFactory,
    }[who]()
    login_verified(client, user)
    assert client.get(detail(claim)).status_code == 404
    assert client.post(transition(claim), {"to": C.REJECTED, "reason": "x"}).status_code == 404
    assert client.post(evidence_url(claim), {"file": evidence_file()}).status_code == 404
    claim.refresh_from_db()
    assert (claim.state, claim.evidence.count()) == (C.CLAIMED, 0)


@pytest.mark.parametrize(
    ("state", "to", "who"),
    [
        (C.CLAIMED, C.GRANTED, "claimant"),
        (C.CLAIMED, C.GRANTED, "chief"),
        (C.CLAIMED, C.REJECTED, "secretariat"),
        (C.GRANTED, C.CHECKED, "head"),
        (C.CHECKED, C.APPROVED, "chief"),
        (C.CLAIMED, C.WITHDRAWN, "head"),
    ],
)
def test_a_step_is_a_403_to_someone_who_sees_the_claim_but_may_not_take_it(client, line, state, to, who):
    claim = up_to(line, claim_for(line), state)
    login_verified(client, line[who])
    assert client.post(transition(claim), {"to": to, "reason": "사유"}).status_code == 403
    claim.refresh_from_db()
    assert claim.state == state


def test_the_step_and_evidence_urls_refuse_get(client, line):
    claim = claim_for(line)
    login_verified(client, line.claimant)
    assert client.get(transition(claim)).status_code == 405
    assert client.get(evidence_url(claim)).status_code == 405


def test_evidence_is_added_only_by_the_claimant_while_nobody_decided(client, line):
    claim = claim_for(line)
    login_verified(client, line.head)
    assert client.post(evidence_url(claim), {"file": evidence_file()}).status_code == 403
    up_to(line, claim, C.GRANTED)
    login_verified(client, line.claimant)
    assert client.post(evidence_url(claim), {"file": evidence_file()}).status_code == 403
    assert claim.evidence.count() == 0


# --- Claim for myself -----------------------------------------------------------------------------------------


def test_the_claim_page_lists_what_can_be_claimed_and_the_caps_left(client, line):
    activity_rule("best", points=(3, 3), evidence="우수사례 선정 공문")
    activity_rule("selected", automatic=True)
    login_verified(client, line.claimant)
    response = client.get(CREATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regulation regulation (1–3 points)" in html
    assert "우수사례 선정 공문" in html
    assert "Regulation selected" not in html  # posted by another workflow, never claimed
    assert "can still earn 100 of 100 points" in html
    assert "Maritime Policy Division" in html


def test_the_claim_page_speaks_korean(client, line, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    login_verified(client, line.claimant)
    html = client.get(CREATE).content.decode()
    assert "해양정책과" in html
    assert "규제 개선 regulation" in html


def test_an_official_claims_with_evidence_and_the_head_is_told(client, line):
    login_verified(client, line.claimant)
    data = claim_data(line) | {"evidence": [evidence_file("a.pdf"), evidence_file("b.pdf")]}
    response = client.post(CREATE, data)
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == detail(claim)
    assert (claim.title, claim.points, claim.unit, claim.claimed_by) == (
        "항만 인허가 절차 간소화",
        2,
        line.department,
        line.claimant,
    )
    assert sorted(claim.evidence.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]
    assert Notification.objects.filter(recipient=line.head, kind=KIND_WAITING).count() == 1


def test_a_cap_refusal_is_explained_and_keeps_what_was_typed(client, line):
    MileagePolicy.objects.create(year=WORK_DAY.year, cap_per_person=1)
    login_verified(client, line.claimant)
    response = client.post(CREATE, claim_data(line) | {"evidence": [evidence_file()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "yearly cap of 1 points per official" in html
    assert 'value="항만 인허가 절차 간소화"' in html
    assert "처리 기간 30일 → 7일" in html
    assert "please choose the evidence files again" in html
    assert not Claim.objects.exists()


def test_an_ineligible_grade_is_warned_and_refused(client, line):
    senior = UserFactory(official__unit=line.department, official__grade=3)
    login_verified(client, senior)
    assert "Mileage is for officials of grade 4 and below" in client.get(CREATE).content.decode()
    response = client.post(CREATE, claim_data(line))
    assert response.status_code == 400
    assert "is not eligible" in response.content.decode()
    assert 'value="항만 인허가 절차 간소화"' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"points": "5"}, "This activity earns between 1 and 3 points."),
        ({"occurred_on": "2999-01-01"}, "The date of the work cannot be in the future."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, line, overrides, message):
    login_verified(client, line.claimant)
    response = client.post(CREATE, claim_data(line, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_evidence_the_activity_needs_is_asked_for(client, line):
    rule = activity_rule("best", evidence="선정 공문")
    login_verified(client, line.claimant)
    response = client.post(CREATE, claim_data(line, activity=rule.pk))
    assert response.status_code == 400
    assert "This activity needs evidence: 선정 공문" in response.content.decode()


def test_evidence_over_the_size_limit_is_refused_and_the_claim_kept(client, line, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    login_verified(client, line.claimant)
    response = client.post(CREATE, claim_data(line) | {"evidence": [evidence_file()]})
    assert response.status_code == 413
    html = response.content.decode()
    assert "The file is too large" in html
    assert 'value="항만 인허가 절차 간소화"' in html
    assert not Claim.objects.exists()


def test_an_executable_posing_as_evidence_is_refused(client, line):
    from tests.factories.documents import exe_bytes, upload

    login_verified(client, line.claimant)
    response = client.post(CREATE, claim_data(line) | {"evidence": [upload("증빙.pdf", exe_bytes())]})
    assert response.status_code == 400
    assert not Claim.objects.exists()


# --- Propose for a team ---------------------------------------------------------------------------------------


def test_the_propose_page_lists_the_officials_of_the_heads_units(client, line):
    team = OrgUnitFactory(kind=OrgUnitKind.TEAM, parent=line.department)
    member = OfficialFactory(unit=team, name="팀원하나")
    senior = OfficialFactory(unit=line.department, grade=3, name="선임과장")
    stranger = OfficialFactory(unit=OrgUnitFactory(), name="다른부서원")
    login_verified(client, line.head)
    html = client.get(PROPOSE).content.decode()
    assert line.claimant.official.name in html
    assert f'name="pick_{member.pk}"' in html
    assert "선임과장" in html
    assert f'name="pick_{senior.pk}"' not in html  # shown as not eligible
    assert stranger.name not in html


def test_a_head_proposes_for_a_team_and_the_points_are_split(client, line):
    mate = OfficialFactory(unit=line.department, grade=7)
    login_verified(client, line.head)
    response = client.post(PROPOSE, propose_data(line, [(line.claimant.official, 60), (mate, 40)]))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == detail(claim)
    assert claim.proposed_by_head
    assert sorted(claim.shares.values_list("contribution", "points")) == [(40, 1), (60, 2)]


def test_a_proposal_whose_contributions_do_not_add_up_is_refused_and_kept(client, line):
    mate = OfficialFactory(unit=line.department, grade=7)
    login_verified(client, line.head)
    response = client.post(PROPOSE, propose_data(line, [(line.claimant.official, 60), (mate, 30)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "must add up to 100 % (they add up to 90 %)" in html
    assert f'name="share_{mate.pk}" value="30"' in html
    assert not Claim.objects.exists()


def test_a_proposal_for_someone_outside_the_unit_is_ignored(client, line):
    stranger = OfficialFactory(unit=OrgUnitFactory(), grade=7)
    login_verified(client, line.head)
    response = client.post(PROPOSE, propose_data(line, [(stranger, None)]))
    assert response.status_code == 400
    assert "Tick at least one official." in response.content.decode()
    assert not Claim.objects.exists()


def test_the_split_preview_without_javascript_keeps_the_form_and_hides_errors(client, line):
    mate = OfficialFactory(unit=line.department, grade=7, name="동료둘")
    login_verified(client, line.head)
    data = propose_data(line, [(line.claimant.official, 60), (mate, 40)], title="") | {"action": "preview"}
    response = client.post(PROPOSE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "How the points would be split" in html
    assert "This field is required." not in html
    assert not Claim.objects.exists()


def test_the_htmx_split_preview_shows_each_officials_points(client, line):
    mate = OfficialFactory(unit=line.department, grade=7, name="동료둘")
    stranger = OfficialFactory(unit=OrgUnitFactory(), grade=7, name="남의직원")
    login_verified(client, line.head)
    data = propose_data(line, [(line.claimant.official, 60), (mate, 40), (stranger, 10)], points="3")
    response = client.post(SPLIT, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "동료둘" in html
    assert "남의직원" not in html
    assert [row.points for row in response.context["preview"].rows] == [2, 1]
    response = client.post(SPLIT, propose_data(line, [(line.claimant.official, 60), (mate, 30)]))
    assert "they add up to 90 %" in response.content.decode()


# --- My claims ------------------------------------------------------------------------------------------------


def test_my_claims_lists_claims_i_made_or_that_name_me(client, line):
    mine = claim_for(line, title="내가 낸 신청")
    mate = OfficialFactory(unit=line.department, grade=7)
    named = claim_for(
        line, actor=line.head, officials=[(line.claimant.official, 60), (mate, 40)], points=3, title="팀 추천"
    )
    other = UserFactory(official__unit=line.department)
    claim_for(line, actor=other, officials=[(other.official, 100)], title="남의 신청")
    login_verified(client, line.claimant)
    response = client.get(MINE)
    assert [c.pk for c in response.context["page_obj"]] == [named.pk, mine.pk]
    assert [c.my_points for c in response.context["page_obj"]] == [2, 3]
    assert "남의 신청" not in response.content.decode()
    up_to(line, mine, C.REJECTED)
    response = client.get(MINE + "?state=rejected")
    assert [c.pk for c in response.context["page_obj"]] == [mine.pk]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_claims_query_count_does_not_grow_with_claims(client, line, django_assert_max_num_queries):
    login_verified(client, line.claimant)
    claim_for(line)
    _queries(client, MINE)  # warm-up: the first request after sign-in renews the session
    one = _queries(client, MINE)
    claim_for(line, title="둘")
    mate = OfficialFactory(unit=line.department, grade=7)
    claim_for(line, actor=line.head, officials=[(line.claimant.official, 50), (mate, 50)], points=2)
    assert _queries(client, MINE) == one
    with django_assert_max_num_queries(12):
        client.get(MINE)


# --- Claims to decide -----------------------------------------------------------------------------------------


def test_each_person_in_line_sees_the_claims_waiting_for_their_step(client, line):
    claimed = claim_for(line, title="부여 대기")
    granted = up_to(line, claim_for(line, title="확인 대기"), C.GRANTED)
    checked = up_to(line, claim_for(line, title="승인 대기"), C.CHECKED)
    up_to(line, claim_for(line, title="끝난 신청", points=1), C.APPROVED)
    elsewhere = make_line_elsewhere()
    expected = {"head": [claimed.pk], "chief": [granted.pk], "secretariat": [checked.pk, elsewhere.pk]}
    for who, pks in expected.items():
        login_verified(client, line[who])
        response = client.get(QUEUE)
        assert [c.pk for c in response.context["page_obj"]] == pks, who


def make_line_elsewhere():
    """A checked claim of another bureau: only the secretariat sees it among the claims to decide."""
    other = make_line("other")
    return up_to(other, claim_for(other, title="다른 국"), C.CHECKED)


def test_the_queue_leaves_out_claims_that_name_me(client, line):
    line.head.official.unit = line.department
    line.head.official.save()
    claim_for(line, actor=line.head, officials=[(line.head.official, 100)])
    login_verified(client, line.head)
    assert list(client.get(QUEUE).context["page_obj"]) == []


def test_the_queue_filters_by_step_unit_and_activity(client, line):
    other_rule = activity_rule("collab")
    team = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, parent=line.bureau, name="수산과")
    team_head = make_staff(Role.DEPARTMENT_HEAD, unit=team)
    worker = OfficialFactory(unit=team, grade=7)
    first = up_to(line, claim_for(line), C.GRANTED)
    second = up_to(line, claim_for(line, rule=other_rule), C.GRANTED)
    third = claim_for(line, actor=team_head, unit=team, officials=[(worker, 100)])
    third = transition_claim(third, to=C.GRANTED, actor=team_head)
    login_verified(client, line.chief)

    def pks(query: str) -> list[int]:
        return [c.pk for c in client.get(QUEUE + query).context["page_obj"]]

    assert pks("") == [first.pk, second.pk, third.pk]
    assert pks(f"?unit={team.pk}") == [third.pk]
    assert pks(f"?activity={other_rule.activity_id}") == [second.pk]
    assert pks("?state=claimed") == []
    assert pks("?state=granted&unit=" + str(line.department.pk)) == [first.pk, second.pk]


def test_the_queue_query_count_does_not_grow_with_claims(client, line, django_assert_max_num_queries):
    login_verified(client, line.head)
    claim_for(line)
    _queries(client, QUEUE)  # warm-up
    one = _queries(client, QUEUE)
    claim_for(line, title="둘")
    other = UserFactory(official__unit=line.department, official__grade=7)
    claim_for(line, actor=other, officials=[(other.official, 100)])
    assert Claim.objects.count() == 3
    assert _queries(client, QUEUE) == one
    with django_assert_max_num_queries(14):
        client.get(QUEUE)


# --- One claim and its steps ----------------------------------------------------------------------------------


def test_the_claim_page_shows_shares_evidence_caps_and_my_steps(client, line):
    claim = claim_for(line, evidence=[evidence_file("공문.pdf")])
    login_verified(client, line.head)
    response = client.get(detail(claim))
    html = response.content.decode()
    assert response.status_code == 200
    assert line.claimant.official.name in html
    assert "공문.pdf" in html
    assert reverse("documents:download", args=[claim.evidence.get().pk]) in html
    assert "can still earn 100 of 100 points" in html
    assert [to for to, _label in response.context["forward_steps"]] == [C.GRANTED]
    assert response.context["can_reject"]
    assert "Appeal this decision" not in html
    login_verified(client, line.claimant)
    response = client.get(detail(claim))
    assert [to for to, _label in response.context["forward_steps"]] == [C.WITHDRAWN]
    assert not response.context["can_reject"]
    assert response.context["can_add_evidence"]


def test_a_claim_goes_up_the_line_in_the_browser(client, line):
    claim = claim_for(line)
    for to, who in ((C.GRANTED, "head"), (C.CHECKED, "chief"), (C.APPROVED, "secretariat")):
        login_verified(client, line[who])
        response = client.post(transition(claim), {"to": to})
        assert response.status_code == 302, who
        assert response.url == detail(claim)
        claim.refresh_from_db()
        assert claim.state == to
    assert balance_of(line.claimant.official) == 3
    login_verified(client, line.claimant)
    html = client.get(detail(claim)).content.decode()
    assert "Approved: the points were posted" in html
    assert f"?claim={claim.pk}" in html


def test_rejecting_without_a_reason_is_refused_and_with_one_is_shown_to_the_claimant(client, line):
    claim = claim_for(line)
    login_verified(client, line.head)
    response = client.post(transition(claim), {"to": C.REJECTED, "reason": "  "})
    assert response.status_code == 400
    assert "Please give a reason; the claimant will see it." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == C.CLAIMED
    client.post(transition(claim), {"to": C.REJECTED, "reason": "증빙이 부족합니다"})
    claim.refresh_from_db()
    assert (claim.state, claim.decided_by) == (C.REJECTED, line.head)
    login_verified(client, line.claimant)
    html = client.get(detail(claim)).content.decode()
    assert "증빙이 부족합니다" in html
    assert "Appeal this decision" in html
    assert f"?claim={claim.pk}" in html


def test_a_cap_hit_on_the_way_up_is_explained(client, line):
    MileagePolicy.objects.create(year=WORK_DAY.year, cap_per_person=4)
    first, second = claim_for(line), claim_for(line, title="둘째")
    up_to(line, first, C.APPROVED)
    login_verified(client, line.head)
    response = client.post(transition(second), {"to": C.GRANTED})
    assert response.status_code == 400
    assert "1 points are left" in response.content.decode()
    second.refresh_from_db()
    assert second.state == C.CLAIMED


def test_a_step_someone_else_already_took_says_so(client, line):
    claim = claim_for(line)
    other_head = make_staff(Role.DEPARTMENT_HEAD, unit=line.department)
    up_to(line, claim, C.GRANTED)
    login_verified(client, other_head)
    response = client.post(transition(claim), {"to": C.GRANTED}, follow=True)
    assert "This step is not possible from the current state." in response.content.decode()


def test_the_claimant_withdraws_and_adds_evidence(client, line):
    claim = claim_for(line)
    login_verified(client, line.claimant)
    response = client.post(evidence_url(claim), {"file": evidence_file("추가자료.pdf")})
    assert response.status_code == 302
    assert list(claim.evidence.values_list("original_name", flat=True)) == ["추가자료.pdf"]
    response = client.post(evidence_url(claim), {"file": evidence_file("x.exe")})
    assert response.status_code == 400
    client.post(transition(claim), {"to": C.WITHDRAWN})
    claim.refresh_from_db()
    assert claim.state == C.WITHDRAWN


# --- Menu -----------------------------------------------------------------------------------------------------


def _mileage_menu(user) -> set[str]:
    sections = {s["key"]: s for s in menu_for(user)}
    return {str(item["url"]) for item in sections.get("mileage", {"items": []})["items"]}


def test_the_menu_offers_each_claims_screen_to_who_may_open_it(line):
    claims_urls = {CREATE, PROPOSE, MINE, QUEUE}
    assert _mileage_menu(line.claimant) & claims_urls == {CREATE, MINE}
    assert _mileage_menu(line.head) & claims_urls == {CREATE, PROPOSE, MINE, QUEUE}
    assert _mileage_menu(line.chief) & claims_urls == {CREATE, MINE, QUEUE}
    assert _mileage_menu(CitizenFactory()) & claims_urls == set()
