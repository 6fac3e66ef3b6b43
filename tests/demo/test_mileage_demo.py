"""The mileage demo (proactive/demo/mileage.py): staged as a year of use, on top of the whole demo, loaded once."""

import datetime
import re
from pathlib import Path

import pytest
from django.db.models import Sum
from django.utils import timezone

from proactive.accounts.models import User
from proactive.audit.models import AuditEvent
from proactive.demo.mileage import claim_timeline
from proactive.mileage.enums import ClaimState, EntryKind
from proactive.mileage.models import Claim, LedgerEntry
from proactive.mileage.queries.statements import statement_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]

KST = datetime.timezone(datetime.timedelta(hours=9))


def _kst(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=KST)


# --- claim_timeline (no demo needed) ---------------------------------------------------------------------------


def test_a_claim_is_filed_the_day_after_the_work_and_decided_every_two_days_in_office_hours():
    moments = claim_timeline(datetime.date(2025, 3, 10), 4, latest=_kst(2026, 1, 1, 0, 0))

    assert moments == [_kst(2025, 3, 11, 10), _kst(2025, 3, 13, 12), _kst(2025, 3, 15, 14), _kst(2025, 3, 17, 16)]


def test_a_recent_claim_is_pulled_back_before_latest_and_stays_in_order():
    latest = _kst(2026, 12, 4, 9, 30)
    moments = claim_timeline(datetime.date(2026, 12, 1), 4, latest=latest)

    assert moments == sorted(set(moments))  # in order, no two alike
    assert moments[-1] <= latest
    assert moments[0] == _kst(2026, 12, 2, 10)


def test_a_claim_for_work_after_latest_is_never_before_the_work_day():
    moments = claim_timeline(datetime.date(2026, 12, 6), 4, latest=_kst(2026, 12, 4, 9, 30))

    assert moments == sorted(set(moments))
    assert moments[0] >= _kst(2026, 12, 6, 0, 0)


def test_only_the_demo_moves_the_clock():
    """time-machine is a runtime dependency for the demo loader alone (decision 0024): no service may travel."""
    root = Path(__file__).resolve().parents[2] / "proactive"
    importing = {
        path.relative_to(root).parts[0]
        for path in root.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+time_machine\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    }

    assert importing == {"demo"}


# --- the loaded demo -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(loaded_demo):
    return loaded_demo


def _claim_grants():
    return LedgerEntry.objects.filter(kind=EntryKind.GRANT, source__startswith="claim:")


def test_approved_claims_were_posted_when_they_were_approved_not_when_the_demo_was_loaded(demo):
    now = timezone.now()
    today = timezone.localdate()
    grants = list(_claim_grants())
    claims = Claim.objects.in_bulk([int(e.source.split(":")[1]) for e in grants])

    assert len(grants) >= 40
    for entry in grants:
        claim = claims[int(entry.source.split(":")[1])]
        filed = timezone.localtime(claim.created_at)
        assert claim.state == ClaimState.APPROVED
        assert claim.occurred_on <= filed.date()
        assert claim.created_at < claim.granted_at < claim.checked_at < entry.created_at <= now
    last_year = [e for e in grants if e.year == today.year - 1]
    this_year = [e for e in grants if e.year == today.year]
    assert last_year
    assert all(timezone.localtime(e.created_at).year == today.year - 1 for e in last_year)
    months = {
        timezone.localtime(e.created_at).month for e in this_year if timezone.localtime(e.created_at).year == today.year
    }
    assert len(months) >= min(today.month, 6)


def test_the_approvals_audit_events_carry_the_moment_of_the_approval(demo):
    entry = _claim_grants().filter(year=timezone.localdate().year - 1).order_by("created_at").first()
    assert entry is not None
    claim_pk = entry.source.split(":")[1]
    approved = AuditEvent.objects.get(verb="mileage.claim_approved", target_id=claim_pk)

    assert approved.occurred_at == entry.created_at


def test_the_demo_officials_statement_shows_a_year_of_history_and_only_recent_grants_can_be_appealed(demo):
    today = timezone.localdate()
    me = User.objects.get(username="official")
    statement = statement_for(me.official_id, today=today)
    entries = list(statement.page_obj)
    grants = [e for e in entries if e.kind == EntryKind.GRANT and e.source.startswith("claim:")]

    assert statement.entry_count >= 10
    assert len({timezone.localtime(e.created_at).month for e in grants}) >= min(today.month, 3)
    for entry in grants:
        posted = timezone.localdate(entry.created_at)
        assert bool(entry.appeal_url) == (today <= posted + datetime.timedelta(days=14))


def test_the_queues_are_of_today_and_no_balance_is_below_zero(demo):
    today = timezone.localdate()
    waiting = Claim.objects.filter(state__in=[ClaimState.CLAIMED, ClaimState.GRANTED, ClaimState.CHECKED])

    assert waiting.count() >= 3
    assert all(timezone.localdate(c.created_at) == today for c in waiting)
    balances = LedgerEntry.objects.values("account").annotate(s=Sum("points"))
    assert balances.exists()
    assert not balances.filter(s__lt=0).exists()
