"""Redemptions of mileage points (DOMAIN.md §4.5): an official spends points on a reward; the secretariat fulfils it
or cancels it; 동백전 credits go to the operator in payout batches whose result file marks each line paid or failed.

Workflow (``REDEMPTION_TRANSITIONS``, applied only by ``transition_redemption``)::

    (request) ─▶ reserved ─secretariat: fulfil with a reference─────────────────▶ fulfilled
                   │  │
                   │  └─secretariat: payout batch─▶ in_batch ─result: paid─────▶ fulfilled
                   │                                 │  └────result: failed───▶ failed     (points return)
                   └─official or secretariat: cancel─┴─secretariat: cancel───▶ cancelled  (points return)

- **Points are reserved at once**: a request posts a ``redemption`` entry of −points through the ledger
  (``services.ledger.post_entry``), which serialises requests against one balance, refuses to go below zero and
  keeps points held by an open appeal. A request also needs the year's minimum balance to redeem
  (``MileagePolicy.min_redeem_points``) available.
- **Idempotent**: a request carries a one-time key (the form's hidden field); a repeated request with the same key,
  even at the same moment, returns the first redemption and reserves once. Keys are scoped to the official.
- **Points return** on cancellation or failure as one ``redemption_return`` entry (idempotency key
  ``redemption:<id>:return``, so it is posted at most once).
- **Who**: the official cancels their own request while the points are only reserved; the secretariat
  (``mileage.handle_redemptions``) fulfils, cancels any time before fulfilment (with a reason the official sees)
  and runs the payout batches.
- **Payout batches**: ``create_payout_batch`` gathers every reserved 동백전 redemption; ``export_payout_batch`` is
  the operator's CSV (personal data: a stated reason and an access record); ``import_payout_result`` reads the
  operator's result file and changes nothing unless every row is right.
- Every change writes an audit event; the official is notified when their reward is fulfilled (with the
  reference), cancelled (with the reason) or failed (points returned).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from proactive.accounts.importers import ImportFileError, read_table
from proactive.accounts.models import Official
from proactive.audit.enums import AccessAction
from proactive.audit.services import diff, record_access, record_event, snapshot
from proactive.core import tabular
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.mileage.enums import EntryKind, RedemptionState, RewardKind
from proactive.mileage.models import MileageAccount, PayoutBatch, Redemption, RewardOption
from proactive.mileage.queries import redemptions as queries
from proactive.mileage.services.ledger import account_for, balance_of, held_of, policy_for, post_entry
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

R = RedemptionState
REDEEM = "mileage.redeem_points"
CANCEL = "mileage.cancel_redemption"
HANDLE = "mileage.handle_redemptions"

# state → {target: permission}. Kept here with the only function that applies it.
REDEMPTION_TRANSITIONS: TransitionTable = {
    R.RESERVED: {R.FULFILLED: HANDLE, R.IN_BATCH: HANDLE, R.CANCELLED: CANCEL},
    R.IN_BATCH: {R.FULFILLED: HANDLE, R.FAILED: HANDLE, R.CANCELLED: HANDLE},
    R.FULFILLED: {},
    R.CANCELLED: {},
    R.FAILED: {},
}
OPEN_STATES = (R.RESERVED, R.IN_BATCH)
RETURNING_STATES = (R.CANCELLED, R.FAILED)
HANDLED_STATES = (R.FULFILLED, R.CANCELLED, R.FAILED)

KIND_FULFILLED = "mileage.redemption_fulfilled"
KIND_CANCELLED = "mileage.redemption_cancelled"
KIND_FAILED = "mileage.redemption_failed"

REFERENCE_MAX = 100
REASON_MAX = 300
KEY_MAX = 64


def register_redemption_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.redemptions.register``."""
    register_kind(KIND_FULFILLED, gettext_lazy("Your mileage reward was fulfilled"))
    register_kind(KIND_CANCELLED, gettext_lazy("Your mileage reward request was cancelled"))
    register_kind(KIND_FAILED, gettext_lazy("Your Dongbaekjeon payment failed"))


def _interpolate(message: Any, params: dict[str, Any]) -> Any:
    """``message % params``, evaluated only when rendered (so in the recipient's language, not the actor's)."""
    return lazy(lambda: str(message % params), str)()


REFERENCE_LABELS: dict[str, Any] = {
    RewardKind.DONGBAEK: gettext_lazy("Dongbaekjeon transaction ID"),
    RewardKind.COUPON: gettext_lazy("Coupon code"),
    RewardKind.LEAVE: gettext_lazy("Leave record number"),
}


def reward_name(option: RewardOption) -> Any:
    """The reward's name in the language being rendered: the English name when set, otherwise the Korean."""

    return lazy(option.display_name, str)()


def reference_label(kind: str) -> Any:
    return REFERENCE_LABELS.get(kind, gettext_lazy("Reference"))


# --- The one transition function -----------------------------------------------------------------------------


def _recipient(redemption: Redemption) -> Any:
    user = getattr(redemption.official, "user", None)
    return user if user is not None and user.is_active else None


def _notify_change(redemption: Redemption, to: str, actor: Any, reason: str) -> None:
    recipient = _recipient(redemption)
    if recipient is None or getattr(actor, "pk", None) == recipient.pk:
        return  # nobody to tell, or the official did it themselves
    option = redemption.option
    url = reverse("mileage:redemption-mine")
    if to == R.FULFILLED:
        notify(
            recipient=recipient,
            kind=KIND_FULFILLED,
            title=_interpolate(gettext_lazy("Your reward is ready: %(reward)s"), {"reward": reward_name(option)}),
            body=_interpolate(
                gettext_lazy("%(label)s: %(reference)s"),
                {"label": reference_label(option.kind), "reference": redemption.reference},
            ),
            url=url,
            actor=actor,
        )
    elif to == R.CANCELLED:
        notify(
            recipient=recipient,
            kind=KIND_CANCELLED,
            title=_interpolate(
                ngettext_lazy(
                    "Your reward request was cancelled and %(points)s point returned: %(reward)s",
                    "Your reward request was cancelled and %(points)s points returned: %(reward)s",
                    "points",
                ),
                {"points": redemption.points, "reward": reward_name(option)},
            ),
            body=_interpolate(gettext_lazy("Reason: %(reason)s"), {"reason": reason}) if reason else "",
            url=url,
            actor=actor,
        )
    elif to == R.FAILED:
        notify(
            recipient=recipient,
            kind=KIND_FAILED,
            title=_interpolate(
                ngettext_lazy(
                    "Your Dongbaekjeon payment failed and %(points)s point was returned: %(reward)s",
                    "Your Dongbaekjeon payment failed and %(points)s points were returned: %(reward)s",
                    "points",
                ),
                {"points": redemption.points, "reward": reward_name(option)},
            ),
            body=_interpolate(gettext_lazy("Operator's message: %(message)s"), {"message": reason}) if reason else "",
            url=url,
            actor=actor,
        )


@transaction.atomic
def transition_redemption(
    *, actor: Any, redemption: Redemption, to: str, fields: dict[str, Any] | None = None, reason: str = ""
) -> Redemption:
    """Move ``redemption`` to ``to`` under ``REDEMPTION_TRANSITIONS``: the only place a redemption's state changes.

    Locks the row, checks the table and the move's permission for ``actor``, writes the state and ``fields``.
    Side effects: for ``cancelled`` and ``failed``, one ``redemption_return`` ledger entry giving the points back
    (idempotent); ``handled_by``/``handled_at`` when the redemption is settled; the audit event
    ``mileage.redemption_<to>`` with the changes; the official's notification (fulfilled, cancelled, failed).
    """
    locked = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("option", "official__user", "reserve_entry")
        .get(pk=redemption.pk)
    )
    old = locked.state
    check_transition(REDEMPTION_TRANSITIONS, obj=locked, current=old, to=to, actor=actor)
    values = dict(fields or {})
    if to in HANDLED_STATES:
        values |= {"handled_by": actor if getattr(actor, "pk", None) else None, "handled_at": timezone.now()}
    if to in RETURNING_STATES:
        values["return_entry"] = post_entry(
            actor=actor,
            official=locked.official,
            kind=EntryKind.REDEMPTION_RETURN,
            points=locked.points,
            year=locked.reserve_entry.year,
            unit=locked.reserve_entry.unit,  # the department of the time, for the reports
            source=f"redemption:{locked.pk}",
            memo=f"{locked.option.name} · {reason}"[:300] if reason else locked.option.name,
            idempotency_key=f"redemption:{locked.pk}:return",
        )
    names = ["state", *values]
    before = snapshot(locked, names)
    locked.state = to
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*names, "updated_at"])
    data: dict[str, Any] = {
        "official": locked.official.employee_no,
        "option": locked.option_id,
        "points": locked.points,
    }
    if reason:
        data["reason"] = reason
    if locked.batch_id:
        data["batch"] = locked.batch_id
    record_event(
        actor=actor, verb=f"mileage.redemption_{to}", target=locked, changes=diff(locked, before, names), data=data
    )
    _notify_change(locked, to, actor, reason)
    return locked


# --- The official's request ----------------------------------------------------------------------------------


def _scoped_key(official: Official, idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if not key or len(key) > KEY_MAX:
        raise DomainError(
            _("This form has expired. Please open the page again and choose your reward."), code="bad_request_key"
        )
    return f"{official.pk}:{key}"


@transaction.atomic
def request_redemption(*, actor: Any, official: Official, option: RewardOption, idempotency_key: str) -> Redemption:
    """The official asks for ``option``; its points are reserved at once. Returns the redemption.

    Rules: only the official themself (``mileage.redeem_points``); the reward must still be offered; at least the
    year's minimum balance to redeem must be available (balance less points held by open appeals), and the
    reward's points too. A repeated request with the same ``idempotency_key`` returns the first redemption and
    changes nothing, however many arrive at once: the official's ledger account is locked before anything is
    checked, and the key is unique in the ledger and among redemptions.
    Side effects: a ``redemption`` ledger entry of −points (audited by the ledger), the Redemption row, the audit
    event ``mileage.redemption_requested``.
    """
    if not actor.has_perm(REDEEM) or getattr(actor, "official_id", None) != official.pk:
        raise PermissionDeniedError(_("You can redeem only your own points."))
    key = _scoped_key(official, idempotency_key)
    earlier = Redemption.objects.filter(idempotency_key=key).first()
    if earlier is not None:
        return earlier
    # The ledger locks this row too; taking it first makes the minimum check and the key check exact.
    MileageAccount.objects.select_for_update().filter(pk=account_for(official).pk).first()
    earlier = Redemption.objects.filter(idempotency_key=key).first()
    if earlier is not None:  # the twin request held the lock and has committed
        return earlier
    option = RewardOption.objects.get(pk=option.pk)
    if not option.active:
        raise DomainError(_("This reward is no longer offered. Please choose another."), code="option_inactive")
    year = timezone.localdate().year
    policy = policy_for(year)
    balance, held = balance_of(official), held_of(official)
    available = balance - held
    if available < policy.min_redeem_points:
        message = _(
            "You can redeem points once at least %(minimum)s points are available. You have %(available)s "
            "available now."
        ) % {"minimum": policy.min_redeem_points, "available": available}
        if held:
            message += " " + _("(%(held)s of your %(balance)s points are held by an open appeal.)") % {
                "held": held,
                "balance": balance,
            }
        raise DomainError(message, code="below_minimum")
    if option.points > available:
        raise DomainError(
            ngettext(
                "%(reward)s needs %(needed)s point, and you have %(available)s available.",
                "%(reward)s needs %(needed)s points, and you have %(available)s available.",
                option.points,
            )
            % {"reward": reward_name(option), "needed": option.points, "available": available},
            code="insufficient_balance",
        )
    entry = post_entry(
        actor=actor,
        official=official,
        kind=EntryKind.REDEMPTION,
        points=-option.points,
        year=year,
        unit=official.unit,  # the department of the time, for the reports
        source=f"reward:{option.pk}",
        memo=option.name,
        idempotency_key=f"redemption:{key}",
    )
    earlier = Redemption.objects.filter(reserve_entry=entry).first()
    if earlier is not None:
        return earlier
    redemption = Redemption.objects.create(
        official=official, option=option, points=option.points, reserve_entry=entry, idempotency_key=key
    )
    record_event(
        actor=actor,
        verb="mileage.redemption_requested",
        target=redemption,
        data={"official": official.employee_no, "option": option.pk, "kind": option.kind, "points": option.points},
    )
    return redemption


# --- The secretariat's steps ---------------------------------------------------------------------------------


def fulfil_redemption(*, actor: Any, redemption: Redemption, reference: str) -> Redemption:
    """The secretariat records the reward as given, with its reference: the 동백전 transaction ID, the coupon code
    or the leave record number. Side effects: as ``transition_redemption`` (the official told, with the
    reference)."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(
            _("Give the reference: the Dongbaekjeon transaction ID, the coupon code or the leave record number."),
            code="reference_required",
        )
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("Please keep the reference number under %(max)d characters.") % {"max": REFERENCE_MAX},
            code="reference_too_long",
        )
    return transition_redemption(actor=actor, redemption=redemption, to=R.FULFILLED, fields={"reference": reference})


@transaction.atomic
def cancel_redemption(*, actor: Any, redemption: Redemption, reason: str = "") -> Redemption:
    """Cancel a reward request; its points return. The official may cancel their own while the points are only
    reserved (the reason is optional); the secretariat may cancel any request before it is fulfilled, with a reason
    the official sees. Side effects: as ``transition_redemption`` (a ``redemption_return`` entry; the official told
    unless they cancelled it themselves)."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Please keep the reason under %(max)d characters.") % {"max": REASON_MAX}, code="reason_too_long"
        )
    # The state as it is now, not as the page showed it: a batch may have taken the line meanwhile.
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    is_owner = getattr(actor, "official_id", None) == redemption.official_id
    if actor.has_perm(HANDLE):
        if not reason and not is_owner:
            raise DomainError(_("Please give a reason; the official will see it."), code="reason_required")
    elif is_owner and redemption.state == R.IN_BATCH:
        raise DomainError(
            _(
                "This reward has already been sent for payment and can no longer be cancelled here. Please contact "
                "the secretariat."
            ),
            code="already_sent",
        )
    return transition_redemption(
        actor=actor, redemption=redemption, to=R.CANCELLED, fields={"note": reason}, reason=reason
    )


# --- 동백전 payout batches ------------------------------------------------------------------------------------


def _require_handler(actor: Any) -> None:
    if not actor.has_perm(HANDLE):
        raise PermissionDeniedError(_("You do not have permission to do this."))


@transaction.atomic
def create_payout_batch(*, actor: Any) -> PayoutBatch:
    """Gather every reserved 동백전 redemption into a new payout batch for the operator (secretariat only).

    Refused when nothing is waiting. The waiting rows are locked, so two batches never take the same line and an
    official's cancellation either happens before (the line stays out) or finds the line sent for payment.
    Side effects: the PayoutBatch; each redemption moves to ``in_batch`` (``transition_redemption``); the audit
    event ``mileage.payout_batch_created``.
    """
    _require_handler(actor)
    waiting = list(
        Redemption.objects.select_for_update(of=("self",))
        .filter(state=R.RESERVED, option__kind=RewardKind.DONGBAEK)
        .order_by("pk")
    )
    if not waiting:
        raise DomainError(_("No Dongbaekjeon reward is waiting for payment."), code="nothing_waiting")
    batch = PayoutBatch.objects.create(created_by=actor)
    for redemption in waiting:
        transition_redemption(actor=actor, redemption=redemption, to=R.IN_BATCH, fields={"batch": batch})
    record_event(
        actor=actor,
        verb="mileage.payout_batch_created",
        target=batch,
        data={"lines": len(waiting), "points": sum(r.points for r in waiting)},
    )
    return batch


@dataclass(frozen=True)
class PayoutFile:
    filename: str
    content: bytes
    lines: int
    amount: int


@transaction.atomic
def export_payout_batch(*, actor: Any, batch: PayoutBatch, reason: str, ip_address: str | None) -> PayoutFile:
    """The operator's CSV of a batch's lines still waiting for a result: line ID, employee number, name, department,
    points and the amount in 원 (points × the year's value of a point). Personal data: a reason is required and the
    export is kept in the access records (안전조치 §8), as every export of it is.
    Side effects: ``exported_at`` stamped on the first export; an AccessRecord; the audit event
    ``mileage.payout_batch_exported``.
    """
    _require_handler(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Please give the reason for this export."), code="reason_required")
    locked = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    lines = queries.payout_lines(locked)
    if not lines:
        raise DomainError(
            _("Every line of this batch already has a result: there is nothing to send to the operator."),
            code="nothing_to_export",
        )
    headers = [
        _("Line ID"),
        _("Employee number"),
        _("Name"),
        _("Department"),
        _("Points"),
        _("Amount (원)"),
        _("Requested on"),
    ]
    rows = [
        [line.line_id, line.employee_no, line.name, line.unit, line.points, line.amount, line.requested_on.isoformat()]
        for line in lines
    ]
    filename = f"dongbaek-payout-{locked.pk}-{timezone.localdate():%Y%m%d}.csv"
    content = tabular.render_csv(headers, rows)
    if locked.exported_at is None:
        locked.exported_at = timezone.now()
        locked.save(update_fields=["exported_at", "updated_at"])
    amount = sum(line.amount for line in lines)
    record_access(
        actor=actor,
        ip_address=ip_address,
        action=AccessAction.EXPORT,
        subject=locked,
        resource=filename,
        reason=reason,
    )
    record_event(
        actor=actor,
        verb="mileage.payout_batch_exported",
        target=locked,
        data={"lines": len(lines), "amount": amount, "filename": filename},
    )
    return PayoutFile(filename=filename, content=content, lines=len(lines), amount=amount)


# The operator's result file: header names accepted for each column (compared without case, spaces or separators),
# in English and in Korean, including the headers of the exported file.
RESULT_COLUMNS: dict[str, set[str]] = {
    "line": {"lineid", "line", "lineno", "linenumber", "지급번호", "번호", "라인번호", "일련번호"},
    "status": {"status", "result", "상태", "결과", "지급결과", "처리결과"},
    "transaction": {"transactionid", "transaction", "txid", "거래번호", "거래id", "승인번호", "거래고유번호"},
    "message": {"message", "메시지", "메세지", "사유", "비고", "오류메시지", "실패사유"},
}
PAID_VALUES = {"paid", "지급", "지급완료", "완료", "성공", "success"}
FAILED_VALUES = {"failed", "fail", "실패", "지급실패", "오류", "error"}


def normalise(text: str) -> str:
    """A header or a status as compared: case, spaces and separators do not matter."""
    return re.sub(r"[\s_\-·ㆍ・•.,/()\[\]]+", "", unicodedata.normalize("NFC", text).casefold())


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it (the header is row 1)
    message: str


class PayoutImportError(DomainError):
    """The result file was refused; nothing changed. ``errors`` lists each bad row and why."""

    def __init__(self, message: str, *, errors: Iterable[RowError] = ()) -> None:
        super().__init__(message, code="payout_import_invalid")
        self.errors = list(errors)


@dataclass
class PayoutImportResult:
    paid: int = 0
    failed: int = 0
    unchanged: int = 0
    awaiting: int = 0


@dataclass(frozen=True)
class _Outcome:
    row: int
    redemption: Redemption
    status: str  # R.FULFILLED or R.FAILED
    transaction_id: str
    message: str


def _columns(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise(header)
        for column, names in RESULT_COLUMNS.items():
            if key in names:
                found.setdefault(column, index)
    return found


def _check_rows(batch: PayoutBatch, table: Any, columns: dict[str, int]) -> tuple[list[_Outcome], list[RowError]]:
    """Check every row against the batch; return the changes to make and every problem found (both complete)."""

    def cell(cells: list[str], column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    ids = {int(v) for _n, cells in table.rows if (v := cell(cells, "line")).isdigit()}
    lines = {
        r.pk: r for r in Redemption.objects.select_for_update(of=("self",)).select_related("option").filter(pk__in=ids)
    }
    errors: list[RowError] = []
    outcomes: list[_Outcome] = []
    first_row_of_line: dict[int, int] = {}
    first_row_of_transaction: dict[str, int] = {}
    for number, cells in table.rows:
        raw_line, raw_status = cell(cells, "line"), cell(cells, "status")
        transaction_id, message = cell(cells, "transaction"), cell(cells, "message")
        problems: list[str] = []
        redemption = None
        if not raw_line:
            problems.append(_("the line ID is missing"))
        elif not raw_line.isdigit():
            problems.append(_("the line ID “%(value)s” is not a number") % {"value": raw_line[:40]})
        else:
            line_id = int(raw_line)
            if line_id in first_row_of_line:
                problems.append(
                    _("line %(line)s appears again (first on row %(row)s)")
                    % {"line": line_id, "row": first_row_of_line[line_id]}
                )
            else:
                first_row_of_line[line_id] = number
            redemption = lines.get(line_id)
            if redemption is None:
                problems.append(_("there is no line %(line)s") % {"line": line_id})
            elif redemption.batch_id != batch.pk:
                problems.append(
                    _("line %(line)s belongs to batch %(batch)s, not to this one")
                    % {"line": line_id, "batch": redemption.batch_id}
                    if redemption.batch_id
                    else _("line %(line)s is not in any payout batch") % {"line": line_id}
                )
                redemption = None
        key = normalise(raw_status)
        status = R.FULFILLED if key in PAID_VALUES else R.FAILED if key in FAILED_VALUES else ""
        if not raw_status:
            problems.append(_("the status is missing (paid or failed)"))
        elif not status:
            problems.append(_("the status “%(value)s” is neither paid nor failed") % {"value": raw_status[:40]})
        if status == R.FULFILLED:
            if not transaction_id:
                problems.append(_("a paid line needs the operator's transaction ID"))
            elif len(transaction_id) > REFERENCE_MAX:
                problems.append(_("the transaction ID is longer than %(max)s characters") % {"max": REFERENCE_MAX})
            elif transaction_id in first_row_of_transaction:
                problems.append(
                    _("the transaction ID %(id)s is also on row %(row)s")
                    % {"id": transaction_id, "row": first_row_of_transaction[transaction_id]}
                )
            else:
                first_row_of_transaction[transaction_id] = number
        if redemption is not None and status and not problems:
            conflict, unchanged = _against_recorded(redemption, status, transaction_id)
            if conflict:
                problems.append(conflict)
            elif not unchanged:
                outcomes.append(_Outcome(number, redemption, status, transaction_id, message[:REASON_MAX]))
        errors.extend(RowError(number, problem) for problem in problems)
    return outcomes, errors


def _against_recorded(redemption: Redemption, status: str, transaction_id: str) -> tuple[str, bool]:
    """(a problem, or "", and whether the row only repeats what is already recorded) for a line of the batch."""
    line = redemption.pk
    if redemption.state == R.IN_BATCH:
        return "", False
    if redemption.state == R.FULFILLED:
        if status == R.FULFILLED and redemption.reference == transaction_id:
            return "", True
        return _("line %(line)s is already recorded as paid (transaction ID %(id)s)") % {
            "line": line,
            "id": redemption.reference,
        }, False
    if status == R.FAILED:  # failed or cancelled: the points are already back
        return "", True
    if redemption.state == R.CANCELLED:
        return _(
            "line %(line)s was cancelled and its points returned, so it cannot be marked paid; check the payment "
            "with the operator"
        ) % {"line": line}, False
    return _("line %(line)s is already recorded as failed and its points returned") % {"line": line}, False


@transaction.atomic
def import_payout_result(*, actor: Any, batch: PayoutBatch, file: Any, reference: str = "") -> PayoutImportResult:
    """Read the operator's result file for ``batch`` (CSV or XLSX; columns: line ID, status paid/failed, transaction
    ID, message) and record each line: paid → fulfilled with the transaction ID; failed → failed, points returned.

    All or nothing: every row is checked first (unknown line, a line of another batch, a bad status, a line twice,
    a paid line without its transaction ID, a result that contradicts one already recorded). If any row is wrong,
    nothing changes and ``PayoutImportError.errors`` lists each bad row and why. A row that only repeats a recorded
    result is accepted and changes nothing, so the same file may be imported again. Lines not in the file keep
    waiting. ``reference`` (optional) is the operator's batch reference.
    Side effects: each line as ``transition_redemption`` (notifications, return entries); ``result_imported_at``
    (and ``reference``) on the batch; the audit event ``mileage.payout_result_imported``.
    """
    _require_handler(actor)
    reference = (reference or "").strip()
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("Please keep the reference number under %(max)d characters.") % {"max": REFERENCE_MAX},
            code="reference_too_long",
        )
    locked = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    filename = getattr(file, "name", "") or ""
    try:
        table = read_table(file.read(), filename)
    except ImportFileError as exc:
        raise PayoutImportError(exc.message) from exc
    columns = _columns(table.headers)
    if "line" not in columns or "status" not in columns:
        raise PayoutImportError(
            _(
                "The first row must name the columns: line ID, status, transaction ID and message. This file's first "
                "row is: %(headers)s"
            )
            % {"headers": ", ".join(h for h in table.headers if h)[:200] or "—"}
        )
    outcomes, errors = _check_rows(locked, table, columns)
    if errors:
        rows = len({e.row for e in errors})
        raise PayoutImportError(
            ngettext(
                "Nothing was imported: %(rows)s of %(total)s rows has a problem. Correct it and upload the file again.",
                "Nothing was imported: %(rows)s of %(total)s rows have a problem. Correct them and upload the file "
                "again.",
                rows,
            )
            % {"rows": rows, "total": len(table.rows)},
            errors=errors,
        )
    result = PayoutImportResult(unchanged=len(table.rows) - len(outcomes))
    for outcome in outcomes:
        if outcome.status == R.FULFILLED:
            fields = {"reference": outcome.transaction_id, "note": outcome.message}
            result.paid += 1
        else:
            fields = {"note": outcome.message}
            result.failed += 1
        transition_redemption(
            actor=actor, redemption=outcome.redemption, to=outcome.status, fields=fields, reason=outcome.message
        )
    locked.result_imported_at = timezone.now()
    update = ["result_imported_at", "updated_at"]
    if reference:
        locked.reference = reference
        update.append("reference")
    locked.save(update_fields=update)
    result.awaiting = locked.redemptions.filter(state=R.IN_BATCH).count()
    record_event(
        actor=actor,
        verb="mileage.payout_result_imported",
        target=locked,
        data={
            "filename": filename[:200],
            "paid": result.paid,
            "failed": result.failed,
            "unchanged": result.unchanged,
            "awaiting": result.awaiting,
        },
    )
    return result
