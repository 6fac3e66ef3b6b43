"""Published records of the search sources, written straight to the database (test data, not services)."""

from django.utils import timezone

from proactive.nominations.enums import Grade
from proactive.reporting.enums import CaseStudyState, ReportField, ReportType
from proactive.reporting.models import CaseStudy
from tests.factories.accounts import UserFactory
from tests.nominations.test_awards_support import confirmed_award, decided_round


def published_case(title: str, summary: str = "", *, rnd=None, grade=Grade.EXCELLENT, **fields):
    """A selected case (confirmed, graded award in a public round); returns the nomination."""
    rnd = rnd or decided_round()
    return confirmed_award(rnd, grade=grade, title=title, summary=summary or title, **fields).nomination


def case_study(title: str, summary: str, *, published: bool = True) -> CaseStudy:
    return CaseStudy.objects.create(
        title=title,
        report_type=list(ReportType)[0],
        field=list(ReportField)[0],
        summary=summary,
        finding="확인 결과 처리 지연이 있었습니다.",
        lesson="민원 처리 기한을 지켜야 합니다.",
        state=CaseStudyState.PUBLISHED if published else CaseStudyState.DRAFT,
        anonymisation_confirmed=published,
        created_by=UserFactory(),
        published_on=timezone.localdate() if published else None,
    )
