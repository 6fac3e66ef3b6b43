"""Shared arrangements for the bulletin tests: the people, a month's material made through the real services
(a selected case, a published opinion) and editions taken through the workflow."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.bulletins.services import editions as services
from proactive.opinions.services import publication as opinion_publication
from proactive.publications.editorial import EditorialState
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, UserFactory

S = EditorialState


@dataclass
class People:
    editor: Any  # secretariat: assembles and submits
    approver: Any  # another secretariat member
    official: Any
    citizen: Any
    sysadmin: Any


def arrange() -> People:
    return People(
        editor=make_staff(Role.SECRETARIAT, name="김편집", email="editor@busan.go.kr"),
        approver=make_staff(Role.SECRETARIAT, name="이승인", email="approver@busan.go.kr"),
        official=UserFactory(email="official@busan.go.kr"),
        citizen=CitizenFactory(),
        sysadmin=make_staff(Role.SYSADMIN),
    )


def this_month() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def material() -> tuple[Any, Any]:
    """A case selected now (confirmed award in a public round) and an opinion answer published today."""
    from tests.nominations.test_awards_support import confirmed_award, decided_round
    from tests.opinions.support import decided, secretariat

    award = confirmed_award(decided_round(), title="지하차도 침수 선제 통제로 인명 피해 예방")
    request = decided()
    publication = opinion_publication.save_publication(
        actor=secretariat(),
        request=request,
        title="해수욕장 야간 개장",
        summary="야간 개장 절차가 불명확한 사안",
        answer="기존 신고 범위에서 운영 가능",
        publish=True,
        confirmed=True,
    )
    return award, publication


def assembled(people: People, **kwargs):
    year, month = kwargs.pop("month", this_month())
    return services.assemble_edition(actor=people.editor, year=year, month=month)


def in_review(people: People):
    edition = assembled(people)
    services.add_news_item(
        actor=people.editor, edition=edition, data={"title": "적극행정 교육 안내", "body": "12월 교육 일정입니다."}
    )
    return services.submit_edition(actor=people.editor, edition=edition)


def approved(people: People):
    return services.approve_edition(actor=people.approver, edition=in_review(people))


def published(people: People):
    return services.publish_edition(actor=people.editor, edition=approved(people))
