"""Shared arrangements for the legal-support tests: the people involved and applications taken through the real
services to each state (the committee decides through ``tests/committee/support.decide``)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role
from proactive.committee.queries import open_item_of
from proactive.legalsupport.enums import PaymentMethod, Recommendation, Stage
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services import payments
from tests.committee.support import decide
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory
from tests.factories.documents import pdf_bytes

ACT = "태풍 '힌남노' 북상 때 침수 우려 지하차도를 관계 부서 협의 전에 선제 통제하고 긴급 배수 공사를 수의계약으로 발주했습니다."
REASON = "시민 안전을 위해 긴급히 조치했고, 업체 선정에 사적 이해관계가 없었으며 사후에 절차를 모두 보완했습니다."
FACTS = (
    "수의계약 발주가 지방계약법 위반이라는 이유로 징계 의결이 요구되어 2026년 6월 인사위원회 출석을 앞두고 있습니다."
)


@dataclass
class People:
    city: Any
    dept: Any
    official: Any  # the applicant (a user linked to an official)
    other: Any  # another official: sees nothing of the applicant's
    accountable: Any  # 적극행정 책임관
    secretariat: Any
    protection: Any  # 면책보호관
    sysadmin: Any
    retired: Any  # a retired official without a sign-in account (an Official, not a user)


def arrange() -> People:
    city = OrgUnitFactory(name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY, parent=None)
    dept = OrgUnitFactory(name="시민안전과", name_en="Civil Safety Division", kind=OrgUnitKind.DEPARTMENT, parent=city)
    official = UserFactory(name="김안전", official=OfficialFactory(name="김안전", unit=dept))
    return People(
        city=city,
        dept=dept,
        official=official,
        other=UserFactory(official=OfficialFactory(unit=dept)),
        accountable=make_staff(Role.ACCOUNTABLE_OFFICER),
        secretariat=make_staff(Role.SECRETARIAT),
        protection=make_staff(Role.PROTECTION_OFFICER),
        sysadmin=make_staff(Role.SYSADMIN),
        retired=OfficialFactory(name="박퇴직", unit=dept, status=OfficialStatus.RETIRED),
    )


def data(**overrides) -> dict:
    values = {
        "stage": Stage.DISCIPLINARY,
        "authority": "부산광역시 인사위원회",
        "case_number": "2026-징계-017",
        "act": ACT,
        "proactive_reason": REASON,
        "facts": FACTS,
        "wants_lawyer_fee": True,
        "wants_opinion": True,
        "amount_requested": 2_500_000,
    }
    values.update(overrides)
    return values


def draft(people: People, *, actor=None, official=None, **overrides):
    return services.create_application(actor=actor or people.official, data=data(**overrides), official=official)


def submitted(people: People, **overrides):
    application = draft(people, **overrides)
    return services.submit_application(actor=application.filed_by, application=application)


def checked(people: People, *, recommendation=Recommendation.SUPPORT, **overrides):
    application = submitted(people, **overrides)
    return services.record_fact_finding(
        actor=people.accountable,
        application=application,
        findings="인사위원회 회의록과 긴급 공사 계약 서류를 확인했습니다. 사적 이해관계는 없었습니다.",
        private_interest=False,
        intent_or_gross_negligence=False,
        recommendation=recommendation,
    )


def tabled(people: People, *, proposed=2_000_000, stage="", **overrides):
    application = checked(people, **overrides)
    return services.table_application(
        actor=people.secretariat, application=application, proposed_amount=proposed, stage=stage
    )


def item_of(application):
    return open_item_of(services.AGENDA_KIND, application.pk)


def decided(people: People, outcome: str = "approved", *, resolution="원안대로 의결", **overrides):
    application = tabled(people, **overrides)
    decide(item_of(application), outcome, resolution=resolution)
    application.refresh_from_db()
    return application


def invoice(people: People, application, *, number="2026-041", amount=2_200_000, **kwargs):
    return payments.add_invoice(
        actor=people.accountable,
        application=application,
        number=number,
        issued_on=kwargs.pop("issued_on", timezone.localdate() - datetime.timedelta(days=3)),
        issuer=kwargs.pop("issuer", "법무법인 해온 변호사 정민우"),
        amount=amount,
        **kwargs,
    )


def pay(people: People, inv, amount, **kwargs):
    return payments.record_payment(
        actor=people.accountable,
        invoice=inv,
        paid_on=kwargs.pop("paid_on", timezone.localdate()),
        amount=amount,
        method=kwargs.pop("method", PaymentMethod.TO_LAWYER),
        reference=kwargs.pop("reference", "지출결의 2026-0311"),
    )


def pdf(name: str = "변호사_선임계약서.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
