"""동백전 payout batches: gathering the waiting requests, the operator's CSV (amounts, reason, access record) and the
operator's result file — all or nothing, each bad row named, a repeated import harmless."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.mileage.enums import EntryKind, RedemptionState
from proactive.mileage.models import LedgerEntry, MileagePolicy, PayoutBatch, Redemption
from proactive.mileage.services.ledger import balance_of
from proactive.mileage.services.redemptions import (
    KIND_FAILED,
    PayoutImportError,
    cancel_redemption,
    create_payout_batch,
    export_payout_batch,
    fulfil_redemption,
    import_payout_result,
)
from proactive.notifications.models import Notification
from tests.mileage.test_redemptions_support import (  # noqa: F401  (_redemption_kinds is an autouse fixture)
    YEAR,
    _redemption_kinds,
    catalogue,
    official_with,
    policy,
    redeem,
    result_file,
    secretariat,
)

pytestmark = pytest.mark.django_db
R = RedemptionState


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup():
    """Three officials with a 동백전 request each, one coupon request, and the secretariat."""
    policy(won_per_point=1000)
    rewards = catalogue()
    users = [official_with(40) for _ in range(3)]
    lines = [redeem(u, rewards["dongbaek"]) for u in users]
    coupon = redeem(users[0], rewards["coupon"])
    return {"rewards": rewards, "users": users, "lines": lines, "coupon": coupon, "staff": secretariat()}


def _rows(payout):
    return list(csv.reader(io.StringIO(payout.content.decode("utf-8-sig"))))


def test_a_batch_gathers_every_reserved_dongbaekjeon_request_and_nothing_else(setup):
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    assert set(batch.redemptions.values_list("pk", flat=True)) == {r.pk for r in setup["lines"]}
    assert set(batch.redemptions.values_list("state", flat=True)) == {R.IN_BATCH}
    setup["coupon"].refresh_from_db()
    assert (setup["coupon"].state, setup["coupon"].batch) == (R.RESERVED, None)
    assert AuditEvent.objects.get(verb="mileage.payout_batch_created").data == {"lines": 3, "points": 30}
    with pytest.raises(DomainError) as refused:
        create_payout_batch(actor=staff)  # nothing left waiting
    assert refused.value.code == "nothing_waiting"
    assert PayoutBatch.objects.count() == 1


@pytest.mark.parametrize("who", ["official", "hr"])
def test_only_the_secretariat_runs_batches(setup, who):
    from proactive.accounts.enums import Role
    from tests.conftest import make_staff

    actor = setup["users"][0] if who == "official" else make_staff(Role.HR_OFFICER)
    with pytest.raises(PermissionDeniedError):
        create_payout_batch(actor=actor)
    batch = create_payout_batch(actor=setup["staff"])
    with pytest.raises(PermissionDeniedError):
        export_payout_batch(actor=actor, batch=batch, reason="지급", ip_address="10.0.0.1")
    with pytest.raises(PermissionDeniedError):
        import_payout_result(actor=actor, batch=batch, file=result_file([]))
    assert not AccessRecord.objects.exists()


def test_the_operators_file_lists_each_line_with_its_amount_in_won(setup):
    MileagePolicy.objects.filter(year=YEAR).update(won_per_point=1500)
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    payout = export_payout_batch(actor=staff, batch=batch, reason="2026년 11월 1차 지급", ip_address="10.0.0.7")
    rows = _rows(payout)
    assert rows[0] == ["Line ID", "Employee number", "Name", "Department", "Points", "Amount (원)", "Requested on"]
    lines = sorted(setup["lines"], key=lambda r: r.pk)
    assert [r[0] for r in rows[1:]] == [str(r.pk) for r in lines]
    assert [r[1] for r in rows[1:]] == [r.official.employee_no for r in lines]
    assert [r[2] for r in rows[1:]] == [r.official.name for r in lines]
    assert [r[4] for r in rows[1:]] == ["10"] * 3
    assert [r[5] for r in rows[1:]] == ["15000"] * 3
    assert (payout.lines, payout.amount) == (3, 45_000)
    assert payout.filename.startswith(f"dongbaek-payout-{batch.pk}-")
    record = AccessRecord.objects.get()
    assert (record.actor, record.action, record.reason, record.resource) == (
        staff,
        AccessAction.EXPORT,
        "2026년 11월 1차 지급",
        payout.filename,
    )
    batch.refresh_from_db()
    assert batch.exported_at is not None


def test_the_export_needs_a_reason(setup):
    batch = create_payout_batch(actor=setup["staff"])
    with pytest.raises(DomainError) as refused:
        export_payout_batch(actor=setup["staff"], batch=batch, reason="  ", ip_address="10.0.0.7")
    assert refused.value.code == "reason_required"
    batch.refresh_from_db()
    assert batch.exported_at is None
    assert not AccessRecord.objects.exists()


def test_the_operators_result_marks_lines_paid_or_failed_and_failed_points_return(setup):
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    a, b, c = sorted(setup["lines"], key=lambda r: r.pk)
    file = result_file(
        [[a.pk, "paid", "DB-20261120-0001", ""], [b.pk, "failed", "", "계좌 해지"]]  # c: no result yet
    )
    result = import_payout_result(actor=staff, batch=batch, file=file, reference="BSN-2611-01")
    assert (result.paid, result.failed, result.unchanged, result.awaiting) == (1, 1, 0, 1)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.state, a.reference, a.handled_by) == (R.FULFILLED, "DB-20261120-0001", staff)
    assert (b.state, b.note) == (R.FAILED, "계좌 해지")
    assert b.return_entry.points == 10
    assert c.state == R.IN_BATCH
    assert (balance_of(a.official), balance_of(b.official)) == (25, 40)  # a also holds a coupon request
    notice = Notification.objects.get(kind=KIND_FAILED)
    assert notice.recipient == b.official.user
    assert "계좌 해지" in notice.body
    batch.refresh_from_db()
    assert batch.reference == "BSN-2611-01"
    assert batch.result_imported_at is not None
    assert AuditEvent.objects.get(verb="mileage.payout_result_imported").data["paid"] == 1
    # The same file again changes nothing; the last line's result follows in a second file.
    again = import_payout_result(actor=staff, batch=batch, file=result_file([[a.pk, "paid", "DB-20261120-0001", ""]]))
    assert (again.paid, again.failed, again.unchanged) == (0, 0, 1)
    import_payout_result(actor=staff, batch=batch, file=result_file([[c.pk, "paid", "DB-20261120-0003", ""]]))
    c.refresh_from_db()
    assert c.state == R.FULFILLED
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).count() == 1


def test_a_file_with_any_wrong_row_changes_nothing_and_names_each_row(setup):
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    a, b, c = sorted(setup["lines"], key=lambda r: r.pk)
    later = redeem(official_with(40), setup["rewards"]["dongbaek"])
    other_batch = create_payout_batch(actor=staff)
    file = result_file(
        [
            [a.pk, "paid", "TX-1", ""],  # row 2: fine
            [999999, "paid", "TX-2", ""],  # row 3: unknown line
            [later.pk, "paid", "TX-3", ""],  # row 4: another batch's line
            [b.pk, "done", "TX-4", ""],  # row 5: bad status
            [a.pk, "paid", "TX-5", ""],  # row 6: line twice
            [c.pk, "paid", "", ""],  # row 7: paid without a transaction ID
            ["abc", "failed", "", ""],  # row 8: not a line ID
            [setup["coupon"].pk, "failed", "", ""],  # row 9: not in any batch
        ]
    )
    with pytest.raises(PayoutImportError) as refused:
        import_payout_result(actor=staff, batch=batch, file=file)
    errors = {e.row: e.message for e in refused.value.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "999999" in errors[3]
    assert str(other_batch.pk) in errors[4]
    assert "done" in errors[5]
    assert "row 2" in errors[6]
    assert "transaction ID" in errors[7]
    assert "abc" in errors[8]
    assert "7 of 8 rows" in refused.value.message
    assert set(Redemption.objects.filter(batch=batch).values_list("state", flat=True)) == {R.IN_BATCH}
    assert not LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).exists()
    assert not Notification.objects.exists()
    batch.refresh_from_db()
    assert batch.result_imported_at is None


def test_a_result_that_contradicts_what_is_recorded_is_refused(setup):
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    a, b, c = sorted(setup["lines"], key=lambda r: r.pk)
    fulfil_redemption(actor=staff, redemption=a, reference="MANUAL-1")
    cancel_redemption(actor=staff, redemption=b, reason="퇴직")
    with pytest.raises(PayoutImportError) as refused:
        import_payout_result(
            actor=staff,
            batch=batch,
            file=result_file([[a.pk, "paid", "TX-9", ""], [b.pk, "paid", "TX-10", ""], [c.pk, "paid", "TX-9", ""]]),
        )
    errors = {e.row: e.message for e in refused.value.errors}
    assert "MANUAL-1" in errors[2]
    assert "cancelled" in errors[3]
    assert "row 2" in errors[4]  # one transaction ID for two lines
    c.refresh_from_db()
    assert c.state == R.IN_BATCH
    # A failure reported for a line already cancelled only repeats that its points are back.
    result = import_payout_result(actor=staff, batch=batch, file=result_file([[b.pk, "failed", "", ""]]))
    assert (result.failed, result.unchanged) == (0, 1)
    assert balance_of(b.official) == 40


def test_korean_headers_and_statuses_are_understood(setup):
    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    a, b, _c = sorted(setup["lines"], key=lambda r: r.pk)
    file = result_file(
        [[a.pk, "지급", "T-1", ""], [b.pk, "실패", "", "잔액 한도 초과"]],
        headers=("지급번호", "지급결과", "거래번호", "사유"),
    )
    result = import_payout_result(actor=staff, batch=batch, file=file)
    assert (result.paid, result.failed) == (1, 1)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "result.csv", "empty"),
        (b"a,b\r\n1,2\r\n", "result.csv", "first row must name the columns"),
        (b"Line ID,Status\r\n", "result.csv", "no data rows"),
        (b"%PDF-1.4", "result.pdf", "CSV or XLSX"),
    ],
)
def test_an_unusable_file_is_refused_as_a_whole(setup, content, name, expected):
    batch = create_payout_batch(actor=setup["staff"])
    with pytest.raises(PayoutImportError) as refused:
        import_payout_result(actor=setup["staff"], batch=batch, file=SimpleUploadedFile(name, content))
    assert expected in refused.value.message
    assert refused.value.errors == []


def test_an_xlsx_result_file_is_read_too(setup):
    from openpyxl import Workbook  # only this test needs a workbook

    staff = setup["staff"]
    batch = create_payout_batch(actor=staff)
    a = min(setup["lines"], key=lambda r: r.pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Line ID", "Status", "Transaction ID", "Message"])
    sheet.append([a.pk, "PAID", "X-77", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("result.xlsx", buffer.getvalue())
    assert import_payout_result(actor=staff, batch=batch, file=upload).paid == 1
    a.refresh_from_db()
    assert a.reference == "X-77"
