"""Who may read, edit and publish one case study (rules.casestudies), and which ones a list shows."""

import pytest

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership
from proactive.reporting.enums import ActionKind, ReportField, ReportType
from proactive.reporting.queries.casestudies import case_studies_visible_to, search_case_studies
from proactive.reporting.services.casestudies import create_case_study, publish_case_study
from tests.conftest import make_staff
from tests.reporting.support import arrange_centre
from tests.reporting.test_statistics_support import closed_report

pytestmark = pytest.mark.django_db
VIEW, EDIT, PUBLISH = "reporting.view_case_study", "reporting.edit_case_study", "reporting.publish_case_study"


@pytest.fixture
def centre():
    return arrange_centre()


def write(centre, actor=None, report=None, **changes):
    data = {
        "title": "현장 확인 없이 반려한 도로 보수 민원",
        "report_type": ReportType.DESK_BOUND,
        "field": ReportField.ROADS_TRANSPORT,
        "summary": "경위",
        "finding": "조사 결과",
        "lesson": "교훈",
        "action_kind": ActionKind.CAUTION,
        **changes,
    }
    return create_case_study(actor=actor or centre.handler, data=data, report=report)


def published(centre, **changes):
    return publish_case_study(actor=centre.handler, case_study=write(centre, **changes), anonymisation_confirmed=True)


def test_a_published_case_study_is_for_every_official_and_staff_member_but_not_citizens(centre):
    case_study = published(centre)

    assert centre.official.has_perm(VIEW, case_study)
    assert make_staff(Role.HR_OFFICER).has_perm(VIEW, case_study)
    assert centre.district_handler.has_perm(VIEW, case_study)
    assert not centre.citizen.has_perm(VIEW, case_study)
    for user in (centre.official, centre.handler, centre.district_handler):
        assert not user.has_perm(EDIT, case_study)
        assert not user.has_perm(PUBLISH, case_study)


def test_a_draft_is_for_its_writer_and_the_officers_of_its_reports_body(centre):
    from_report = write(centre, report=closed_report(centre))
    without_report = write(centre)

    for perm in (VIEW, EDIT, PUBLISH):
        assert centre.handler.has_perm(perm, from_report)
        assert centre.colleague.has_perm(perm, from_report)  # handles the report's body
        assert centre.handler.has_perm(perm, without_report)
        assert not centre.colleague.has_perm(perm, without_report)  # no report: the writer alone
        assert not centre.district_handler.has_perm(perm, from_report)
        assert not centre.official.has_perm(perm, from_report)
        assert not centre.citizen.has_perm(perm, from_report)


def test_a_writer_who_is_no_longer_an_audit_officer_loses_the_draft(centre):
    case_study = write(centre)

    RoleMembership.objects.filter(user=centre.handler).delete()
    user = type(centre.handler).objects.get(pk=centre.handler.pk)

    assert not user.has_perm(VIEW, case_study)
    assert not user.has_perm(EDIT, case_study)


def test_the_list_shows_published_ones_and_the_drafts_one_may_edit(centre):
    shown = published(centre, title="공개 사례")
    own_draft = write(centre, title="내 초안")
    body_draft = write(centre, actor=centre.colleague, report=closed_report(centre), title="같은 기관 초안")
    other_body = write(
        centre, actor=centre.district_handler, report=closed_report(centre, unit=centre.district_dept), title="구 초안"
    )

    def titles(user):
        return set(case_studies_visible_to(user).values_list("title", flat=True))

    assert titles(centre.official) == {shown.title}
    assert titles(centre.handler) == {shown.title, own_draft.title, body_draft.title}
    assert titles(centre.district_handler) == {shown.title, other_body.title}
    assert titles(make_staff(Role.AUDIT_OFFICER, is_superuser=True)) == {shown.title}


def test_search_needs_every_word_and_filters_by_type_field_and_state(centre):
    published(centre, title="도로 보수 민원 반려", report_type=ReportType.DESK_BOUND)
    published(centre, title="복지 급여 신청 지연", field=ReportField.WELFARE, report_type=ReportType.NEGLECT)
    write(centre, title="도로 점용 허가 지연")
    visible = case_studies_visible_to(centre.handler)

    def titles(**filters):
        return sorted(search_case_studies(visible, **filters).values_list("title", flat=True))

    assert titles(text="도로") == ["도로 보수 민원 반려", "도로 점용 허가 지연"]
    assert titles(text="도로 지연") == ["도로 점용 허가 지연"]
    assert titles(report_type=ReportType.NEGLECT) == ["복지 급여 신청 지연"]
    assert titles(field=ReportField.WELFARE) == ["복지 급여 신청 지연"]
    assert titles(state="draft") == ["도로 점용 허가 지연"]
    assert titles(text="교훈") == ["도로 보수 민원 반려", "도로 점용 허가 지연", "복지 급여 신청 지연"]
