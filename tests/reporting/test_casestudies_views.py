"""The case-study pages: list and search, writing from a report, editing, publishing; each refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.reporting.enums import ActionKind, CaseStudyState, ReportField, ReportType
from proactive.reporting.models import CaseStudy
from proactive.reporting.services.casestudies import create_case_study, publish_case_study
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.reporting.support import arrange_centre
from tests.reporting.test_statistics_support import closed_report, forwarded_report

pytestmark = pytest.mark.django_db
LIST = reverse("reporting:casestudy-list")
CREATE = reverse("reporting:casestudy-create")
FORM = {
    "title": "현장 확인 없이 반려한 도로 보수 민원",
    "report_type": ReportType.DESK_BOUND,
    "field": ReportField.ROADS_TRANSPORT,
    "action_kind": ActionKind.CAUTION,
    "summary": "한 주민이 파인 도로의 보수를 요청했으나 담당 부서는 현장을 보지 않고 예산이 없다며 반려했습니다.",
    "finding": "현장 확인 의무를 지키지 않았고 긴급 보수 예산이 남아 있었습니다.",
    "lesson": "안전과 관련된 민원은 반려하기 전에 현장을 확인합니다.",
}


@pytest.fixture
def centre():
    return arrange_centre()


def write(centre, actor=None, report=None, **changes):
    return create_case_study(actor=actor or centre.handler, data={**FORM, **changes}, report=report)


def publish(centre, case_study):
    return publish_case_study(actor=centre.handler, case_study=case_study, anonymisation_confirmed=True)


def detail(case_study) -> str:
    return reverse("reporting:casestudy-detail", args=[case_study.pk])


# --- List ----------------------------------------------------------------------------------------------------


def test_an_official_sees_the_published_case_studies_only(client, centre):
    shown = publish(centre, write(centre, title="공개된 사례"))
    write(centre, title="아직 초안")
    login_verified(client, centre.official)

    response = client.get(LIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert shown.title in page
    assert "아직 초안" not in page
    assert CREATE not in page
    assert 'name="state"' not in page


def test_an_audit_officer_sees_the_drafts_and_may_write(client, centre):
    write(centre, title="아직 초안")
    login_verified(client, centre.handler)

    page = client.get(LIST).content.decode()

    assert "아직 초안" in page
    assert CREATE in page
    assert 'name="state"' in page


def test_search_and_filters_narrow_the_list(client, centre):
    publish(centre, write(centre, title="도로 보수 반려"))
    publish(centre, write(centre, title="복지 급여 지연", field=ReportField.WELFARE))
    login_verified(client, centre.official)

    response = client.get(LIST, {"q": "복지", "field": ""})
    assert [c.title for c in response.context["page_obj"]] == ["복지 급여 지연"]
    response = client.get(LIST, {"field": ReportField.ROADS_TRANSPORT})
    assert [c.title for c in response.context["page_obj"]] == ["도로 보수 반려"]
    response = client.get(LIST, {"q": "없는 말"})
    assert "조건에 맞는 사례가 없습니다." in response.content.decode()


def test_citizens_may_not_read_case_studies(client, centre):
    case_study = publish(centre, write(centre))
    login_verified(client, centre.citizen)

    assert client.get(LIST).status_code == 403
    assert client.get(detail(case_study)).status_code == 403


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["official", "handler"])
def test_the_list_takes_the_same_number_of_queries_whatever_the_number_of_case_studies(
    client, centre, who, django_assert_max_num_queries
):
    publish(centre, write(centre, report=closed_report(centre)))
    write(centre)
    login_verified(client, getattr(centre, who))
    one = _queries(client, LIST)
    for _i in range(3):
        publish(centre, write(centre, report=closed_report(centre)))
        write(centre, report=closed_report(centre))
    assert _queries(client, LIST) == one
    with django_assert_max_num_queries(one):
        client.get(LIST)


# --- Detail --------------------------------------------------------------------------------------------------


def test_a_published_case_study_reads_for_every_official(client, centre):
    case_study = publish(centre, write(centre))
    login_verified(client, centre.official)

    response = client.get(detail(case_study))

    assert response.status_code == 200
    page = response.content.decode()
    assert FORM["lesson"] in page
    assert reverse("reporting:casestudy-publish", args=[case_study.pk]) not in page
    assert reverse("reporting:casestudy-edit", args=[case_study.pk]) not in page


def test_a_draft_is_not_found_for_those_who_may_not_edit_it(client, centre):
    case_study = write(centre, report=closed_report(centre))
    for user in (centre.official, centre.district_handler):
        login_verified(client, user)
        assert client.get(detail(case_study)).status_code == 404


def test_a_draft_shows_its_writer_the_checklist_hints_and_the_publish_form(client, centre):
    report = closed_report(centre)
    case_study = write(centre, report=report, summary="3월 4일 김철수 주무관이 반려했습니다.")
    login_verified(client, centre.handler)

    response = client.get(detail(case_study))

    page = response.content.decode()
    assert "김철수 주무관" in page  # pointed out as a hint
    assert 'name="anonymisation_confirmed"' in page
    assert report.number in page


def test_an_unknown_case_study_is_not_found(client, centre):
    login_verified(client, centre.official)

    assert client.get(reverse("reporting:casestudy-detail", args=[999])).status_code == 404


# --- Writing -------------------------------------------------------------------------------------------------


def test_writing_a_case_study(client, centre):
    login_verified(client, centre.handler)
    assert client.get(CREATE).status_code == 200

    response = client.post(CREATE, FORM)

    case_study = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response.url == detail(case_study)
    assert (case_study.title, case_study.state, case_study.report) == (FORM["title"], CaseStudyState.DRAFT, None)


def test_writing_from_a_report_prefills_its_metadata(client, centre):
    report = closed_report(centre, kinds=(ActionKind.WARNING,), field=ReportField.ENVIRONMENT)
    login_verified(client, centre.handler)

    response = client.get(CREATE, {"report": report.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"report_type": "neglect", "field": "environment", "action_kind": "warning"}
    assert report.number in response.content.decode()
    response = client.post(f"{CREATE}?report={report.pk}", FORM)
    assert response.status_code == 302
    assert CaseStudy.objects.get().report == report


def test_a_report_that_cannot_make_a_case_study_is_explained(client, centre):
    report = forwarded_report(centre)
    login_verified(client, centre.handler)

    response = client.get(CREATE, {"report": report.pk})

    assert response.status_code == 400
    assert "종결된 신고로만" in response.content.decode()
    assert client.post(f"{CREATE}?report={report.pk}", FORM).status_code == 400
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("param", ["999", "abc"])
def test_an_unknown_report_is_not_found(client, centre, param):
    login_verified(client, centre.handler)

    assert client.get(CREATE, {"report": param}).status_code == 404


def test_another_bodys_report_is_not_found(client, centre):
    report = closed_report(centre)
    login_verified(client, centre.district_handler)

    assert client.get(CREATE, {"report": report.pk}).status_code == 404
    assert client.post(f"{CREATE}?report={report.pk}", FORM).status_code == 404


def test_a_refused_form_keeps_what_was_typed(client, centre):
    login_verified(client, centre.handler)

    response = client.post(CREATE, {**FORM, "lesson": "", "summary": "김철수 주무관이 반려했습니다."})

    assert response.status_code == 400
    page = response.content.decode()
    assert "직원에게 주는 교훈을 적어 주십시오." in page
    assert "김철수 주무관이 반려했습니다." in page
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("who", ["official", "citizen"])
def test_others_may_not_write(client, centre, who):
    login_verified(client, getattr(centre, who))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, FORM).status_code == 403


def test_a_superuser_may_not_write(client, centre):
    login_verified(client, make_staff(Role.AUDIT_OFFICER, is_superuser=True))

    assert client.get(CREATE).status_code == 403


def test_a_superuser_reads_published_case_studies_but_no_draft(client, centre):
    shown = publish(centre, write(centre, title="공개 사례"))
    draft = write(centre, report=closed_report(centre), title="초안 사례")
    login_verified(client, make_staff(Role.AUDIT_OFFICER, is_superuser=True))

    assert client.get(detail(shown)).status_code == 200
    assert client.get(detail(draft)).status_code == 404
    assert client.get(reverse("reporting:casestudy-edit", args=[draft.pk])).status_code == 404
    assert (
        client.post(
            reverse("reporting:casestudy-publish", args=[draft.pk]), {"anonymisation_confirmed": "on"}
        ).status_code
        == 404
    )
    assert "초안 사례" not in client.get(LIST).content.decode()


# --- Editing and publishing ----------------------------------------------------------------------------------


def test_editing_a_draft(client, centre):
    case_study = write(centre)
    url = reverse("reporting:casestudy-edit", args=[case_study.pk])
    login_verified(client, centre.handler)
    assert FORM["summary"] in client.get(url).content.decode()

    response = client.post(url, {**FORM, "title": "고친 제목"})

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "고친 제목"


def test_a_refused_edit_keeps_what_was_typed(client, centre):
    case_study = write(centre)
    url = reverse("reporting:casestudy-edit", args=[case_study.pk])
    login_verified(client, centre.handler)

    response = client.post(url, {**FORM, "title": "", "finding": "새로 쓴 결과"})

    assert response.status_code == 400
    assert "새로 쓴 결과" in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.finding == FORM["finding"]


def test_a_published_case_study_cannot_be_edited(client, centre):
    case_study = publish(centre, write(centre))
    url = reverse("reporting:casestudy-edit", args=[case_study.pk])
    login_verified(client, centre.handler)

    assert client.get(url).status_code == 403
    assert client.post(url, {**FORM, "title": "정정"}).status_code == 403


def test_others_may_not_edit_a_draft(client, centre):
    case_study = write(centre, report=closed_report(centre))
    url = reverse("reporting:casestudy-edit", args=[case_study.pk])
    login_verified(client, centre.district_handler)
    assert client.get(url).status_code == 404
    login_verified(client, centre.official)
    assert client.get(url).status_code == 403


def test_publishing_needs_the_box_ticked(client, centre):
    case_study = write(centre)
    url = reverse("reporting:casestudy-publish", args=[case_study.pk])
    login_verified(client, centre.handler)

    response = client.post(url, {})

    assert response.status_code == 400
    assert "공개하기 전에 사례로 누구도 알아볼 수 없음을 확인해 주십시오." in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.state == CaseStudyState.DRAFT


def test_publishing(client, centre):
    case_study = write(centre)
    url = reverse("reporting:casestudy-publish", args=[case_study.pk])
    login_verified(client, centre.handler)

    response = client.post(url, {"anonymisation_confirmed": "on"})

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.state == CaseStudyState.PUBLISHED
    assert case_study.published_on is not None
    assert client.post(url, {"anonymisation_confirmed": "on"}).status_code == 403


def test_publishing_is_post_only_and_refused_to_others(client, centre):
    case_study = write(centre, report=closed_report(centre))
    url = reverse("reporting:casestudy-publish", args=[case_study.pk])
    login_verified(client, centre.handler)
    assert client.get(url).status_code == 405
    login_verified(client, centre.district_handler)
    assert client.post(url, {"anonymisation_confirmed": "on"}).status_code == 404
    login_verified(client, centre.official)
    assert client.post(url, {"anonymisation_confirmed": "on"}).status_code == 403
    case_study.refresh_from_db()
    assert case_study.state == CaseStudyState.DRAFT


def test_the_menu_offers_case_studies_to_officials_but_not_citizens(centre):
    def urls(user):
        return {item["url"] for section in menu_for(user) for item in section["items"]}

    assert LIST in urls(centre.official)
    assert LIST in urls(centre.handler)
    assert LIST not in urls(centre.citizen)
