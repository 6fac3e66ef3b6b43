"""Shared helpers for the certificate tests (no tests here): a round with confirmed, graded awards whose team
members have sign-in accounts, the people who act on certificates, and a stored PDF without a browser."""

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Grade, NominationState
from proactive.nominations.models import Award, Certificate, NominationMember
from proactive.nominations.services.certificates import CERTIFICATE_PURPOSE, register_certificate_notification_kinds
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, UserFactory
from tests.factories.documents import DocumentFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import nomination


@pytest.fixture(autouse=True)
def _certificate_kinds():
    register_certificate_notification_kinds()


def secretariat():
    return make_staff(Role.SECRETARIAT)


def hr():
    return make_staff(Role.HR_OFFICER)


def chair():
    return make_staff(Role.COMMITTEE_CHAIR)


def award(rnd=None, *, grade=Grade.TOP, team=1, rank=1, accounts=True, confirmed=True, title="민원 처리기간 단축"):
    """A verified case of ``rnd`` with ``team`` members (each with a sign-in account unless ``accounts`` is false)
    and an award of ``grade``, confirmed unless told otherwise."""
    rnd = rnd or SelectionRoundFactory()
    nom = nomination(state=NominationState.VERIFIED, selection_round=rnd, members=0, title=title)
    for i in range(team):
        official = UserFactory().official if accounts else OfficialFactory()
        NominationMember.objects.create(nomination=nom, official=official, contribution=100 - 10 * i)
    return Award.objects.create(
        nomination=nom,
        total=90,
        rank=rank,
        proposed_grade=grade,
        grade=grade,
        confirmed_at=timezone.now() if confirmed else None,
    )


def recipient_of(certificate: Certificate):
    return certificate.member.official.user


def attach_pdf(certificate: Certificate) -> Certificate:
    """Give ``certificate`` a stored PDF without starting a browser (the real rendering has its own test)."""
    certificate.document = DocumentFactory(owner=None, purpose=CERTIFICATE_PURPOSE, original_name="상장.pdf")
    certificate.save(update_fields=["document"])
    return certificate
