"""The reporting centre's core: sealing, receipts, bodies, filing."""

from datetime import date

import pytest

from proactive.core.deadlines import add_days, days_left, is_business_day
from proactive.reporting import crypto, receipts
from proactive.reporting.enums import ReportState
from proactive.reporting.models import Report
from proactive.reporting.queries import bodies_handled_by, handling_body
from proactive.reporting.services.common import content_of, identity_of
from proactive.reporting.services.intake import find_by_receipt
from tests.reporting.support import WHAT, anonymous_report, arrange_centre, named_report

pytestmark = pytest.mark.django_db


def test_a_sealed_value_opens_only_in_its_own_context_and_untampered():
    sealed = crypto.seal_text("신고 본문", context="report:a:content")
    assert crypto.open_text(sealed, context="report:a:content") == "신고 본문"
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(sealed, context="report:b:content")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(bytes(tampered), context="report:a:content")
    assert "신고".encode() not in sealed


def test_an_old_key_still_opens_after_rotation(settings):
    old = settings.PROACTIVE_REPORT_KEYS
    sealed = crypto.seal_text("x", context="c")
    settings.PROACTIVE_REPORT_KEYS = f"{crypto.new_key()},{old}"
    assert crypto.open_text(sealed, context="c") == "x"
    assert crypto.needs_rotation(sealed)
    settings.PROACTIVE_REPORT_KEYS = crypto.new_key()
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(sealed, context="c")


def test_receipts_are_sixteen_digits_and_normalise_spaces_and_dashes():
    receipt = receipts.new_receipt()
    assert len(receipt) == 16
    assert receipt.isdigit()
    assert receipts.normalise(receipts.display(receipt)) == receipt
    assert receipts.normalise("1234-5678-9012-3456") == "1234567890123456"
    assert receipts.normalise("1234") is None
    assert receipts.normalise("１２３４５６７８９０１２３４５６") is None  # full-width digits are not a receipt


def test_business_days_skip_weekends_and_korean_holidays():
    assert not is_business_day(date(2026, 9, 25))  # 추석
    assert add_days(date(2026, 5, 1), 7, business=False) == date(2026, 5, 8)
    # Fri 1 May 2026 + 7 business days: 4, (5 어린이날), 6, 7, 8, 11, 12, 13 May
    assert add_days(date(2026, 5, 1), 7, business=True) == date(2026, 5, 13)
    assert days_left(date(2026, 5, 13), date(2026, 5, 1), business=True) == 7
    assert days_left(date(2026, 5, 1), date(2026, 5, 13), business=True) == -7


def test_reports_about_a_district_go_to_its_own_audit_office():
    centre = arrange_centre()
    assert handling_body(centre.transport_dept) == centre.city
    assert handling_body(centre.district_dept) == centre.district
    assert bodies_handled_by(centre.handler) == {centre.city.pk}
    assert bodies_handled_by(centre.district_handler) == {centre.district.pk}


def test_an_anonymous_report_stores_only_the_receipts_hash_and_sealed_text():
    centre = arrange_centre()
    report, receipt = anonymous_report(centre)
    stored = Report.objects.get(pk=report.pk)
    assert stored.state == ReportState.RECEIVED
    assert stored.body == centre.city
    assert stored.reporter is None
    assert receipt not in stored.receipt_hash
    assert stored.receipt_hash == receipts.receipt_hash(receipt)
    assert WHAT.encode() not in bytes(stored.content)
    assert content_of(stored)["what"] == WHAT
    assert find_by_receipt(receipts.display(receipt)) == stored
    assert find_by_receipt("0000 0000 0000 0000") is None


def test_a_named_report_seals_the_reporters_identity():
    centre = arrange_centre()
    report = named_report(centre)
    assert report.reporter == centre.citizen
    assert report.receipt_hash is None
    assert identity_of(report)["email"] == centre.citizen.email
    assert centre.citizen.email.encode() not in bytes(report.identity)
