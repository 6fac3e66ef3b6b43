"""The audit office's records: audits, their findings, the officials concerned (the disposition register), the
application deadline and its extensions, and the disposition of a finding once the reviews are over.

- **Audit** (``create_audit``, ``update_audit``): who audited (BAI, MOIS, the city's own audit, another body), the
  title, the audited unit (within the audit officer's office: the city's covers every unit), first and last day.
  The dates cannot change once a finding was notified (every deadline counts from the last day).
- **Finding** (``add_finding``): what was found, the official(s) concerned and the proposed personal disposition.
  Each official concerned gets a register row (``Concerned``) whose ``apply_by`` is the audit's last day plus the
  configured days (calendar or business), and a notification of the finding, of their right to apply for exemption
  and of the deadline.
- **Extension** of an official's application deadline (``extend_application_deadline``): a later date and a reason.
- **Disposition** (``record_disposition``): the finding's personal dispositions are fixed as the register stands
  (exempted → none, mitigated → the lighter one); refused while an application of the finding is still pending.
  Afterwards no application is accepted for that finding.

All need ``protection.manage_audits`` and, on an existing audit, ``protection.handle_audit``; each writes an audit
event ``protection.<verb>``.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.services import notify
from proactive.protection.enums import PENDING_STATES, Auditor, Deadline, Disposition
from proactive.protection.models import Audit, Concerned, ExemptionApplication, Extension, Finding
from proactive.protection.queries import serves_unit, user_of
from proactive.protection.services.common import (
    KIND_FINDING,
    MAX_REASON,
    clean_text,
    current_settings,
    due,
    require,
    today,
)

MANAGE = "protection.manage_audits"
HANDLE = "protection.handle_audit"
MAX_CONCERNED = 30


def later(message: Any, **values: Any) -> Any:
    """``message % values`` rendered when shown (in the recipient's language)."""
    from django.utils.functional import lazy  # reason: only notifications need lazy formatting

    return lazy(lambda: str(message) % values, str)()


def _check_audit(
    *, actor: Any, auditor: str, auditor_other: str, title: str, audited_unit: OrgUnit | None, starts_on, ends_on
) -> dict[str, Any]:
    if auditor not in Auditor.values:
        raise DomainError(_("Please choose who audited."), code="auditor_required")
    other = clean_text(auditor_other, limit=100)
    if auditor == Auditor.OTHER and not other:
        raise DomainError(_("Please name the body that audited."), code="auditor_other_required")
    title = clean_text(title, required=_("Please give the audit's title."), code="title_required", limit=200)
    if audited_unit is None:
        raise DomainError(_("Please choose the audited unit."), code="unit_required")
    if not serves_unit(actor, audited_unit):
        raise PermissionDeniedError(_("This unit is outside the units your audit office covers."))
    if starts_on is None or ends_on is None:
        raise DomainError(_("Please give the audit's first and last day."), code="dates_required")
    if ends_on < starts_on:
        raise DomainError(_("The audit cannot end before it starts."), code="dates_order")
    return {
        "auditor": auditor,
        "auditor_other": other if auditor == Auditor.OTHER else "",
        "title": title,
        "audited_unit": audited_unit,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def create_audit(
    *,
    actor: Any,
    auditor: str,
    title: str,
    audited_unit: OrgUnit | None,
    starts_on: date | None,
    ends_on: date | None,
    auditor_other: str = "",
) -> Audit:
    """Record an audit. Raises ``PermissionDeniedError`` (not an audit officer, or a unit outside their office) or
    ``DomainError`` (a field missing or wrong). Side effect: audit event ``protection.audit_created``."""
    require(actor, MANAGE)
    values = _check_audit(
        actor=actor,
        auditor=auditor,
        auditor_other=auditor_other,
        title=title,
        audited_unit=audited_unit,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit = Audit.objects.create(created_by=actor, **values)
    record_event(
        actor=actor,
        verb="protection.audit_created",
        target=audit,
        data={"auditor": audit.auditor, "unit": audited_unit.pk if audited_unit else None},
    )
    return audit


@transaction.atomic
def update_audit(
    *,
    actor: Any,
    audit: Audit,
    auditor: str,
    title: str,
    audited_unit: OrgUnit | None,
    starts_on: date | None,
    ends_on: date | None,
    auditor_other: str = "",
) -> Audit:
    """Correct an audit's record. The dates and the unit cannot change once a finding was notified (the deadlines
    count from the last day). Side effect: audit event ``protection.audit_changed`` with the diff."""
    require(actor, HANDLE, audit)
    locked = Audit.objects.select_for_update().get(pk=audit.pk)
    values = _check_audit(
        actor=actor,
        auditor=auditor,
        auditor_other=auditor_other,
        title=title,
        audited_unit=audited_unit,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    has_findings = locked.findings.exists()
    if has_findings and (
        values["starts_on"] != locked.starts_on
        or values["ends_on"] != locked.ends_on
        or values["audited_unit"].pk != locked.audited_unit_id
    ):
        raise DomainError(
            _(
                "The dates and the audited unit cannot change once findings were notified: the deadlines count from them."
            ),
            code="dates_locked",
        )
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(locked, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(locked, name, value)
    if changes:
        locked.save()
        record_event(actor=actor, verb="protection.audit_changed", target=locked, changes=changes)
    return locked


@transaction.atomic
def add_finding(
    *,
    actor: Any,
    audit: Audit,
    title: str,
    description: str,
    officials: Sequence[Official],
    proposed_disposition: str,
) -> Finding:
    """Record a finding and notify each official concerned of it, of their right to apply for exemption and of the
    deadline (the audit's last day plus the configured days).

    Raises ``DomainError`` without a title, a description, an official or a valid disposition. Side effects: the
    ``Finding``, one ``Concerned`` row per official, audit event ``protection.finding_added``, a notification to each
    official who has a sign-in account.
    """
    require(actor, HANDLE, audit)
    title = clean_text(title, required=_("Please give the finding a title."), code="title_required", limit=200)
    description = clean_text(
        description, required=_("Please describe what the audit found."), code="description_required"
    )
    unique = list({o.pk: o for o in officials}.values())
    if not unique:
        raise DomainError(_("Please name at least one official concerned."), code="officials_required")
    if len(unique) > MAX_CONCERNED:
        raise DomainError(
            _("A finding can name at most %(count)d officials.") % {"count": MAX_CONCERNED}, code="too_many"
        )
    if proposed_disposition not in Disposition.values or proposed_disposition == Disposition.NONE:
        raise DomainError(_("Please choose the proposed disposition."), code="disposition_required")
    locked = Audit.objects.select_for_update().get(pk=audit.pk)
    sequence = (locked.findings.aggregate(n=Max("sequence"))["n"] or 0) + 1
    finding = Finding.objects.create(
        audit=locked, sequence=sequence, title=title, description=description, created_by=actor
    )
    rules = current_settings()
    day = today()
    apply_by = due(locked.ends_on, rules.application_days, rules.application_business_days)
    rows = [
        Concerned.objects.create(
            finding=finding,
            official=official,
            proposed_disposition=proposed_disposition,
            notified_on=day,
            apply_by=apply_by,
        )
        for official in unique
    ]
    record_event(
        actor=actor,
        verb="protection.finding_added",
        target=finding,
        data={
            "audit": locked.pk,
            "officials": [o.pk for o in unique],
            "disposition": proposed_disposition,
            "apply_by": apply_by.isoformat(),
        },
    )
    for row in rows:
        _tell_official(row, actor=actor)
    return finding


def _tell_official(row: Concerned, *, actor: Any) -> None:
    user = user_of(row.official)
    if user is None:
        return
    title = later(
        gettext_lazy("An audit finding concerns you: you may apply for exemption until %(date)s"),
        date=row.apply_by.isoformat(),
    )
    body = f"{row.finding.audit.title} · {row.finding}"
    transaction.on_commit(
        lambda: notify(recipient=user, kind=KIND_FINDING, title=title, body=body, url="/protection/", actor=actor)
    )


@transaction.atomic
def extend_application_deadline(*, actor: Any, concerned: Concerned, new_due_on: date | None, reason: str) -> Extension:
    """Give an official concerned more time to apply: a later date than the current one, in the future, with a
    reason; not once the finding's disposition is recorded. Side effects: an ``Extension`` row, audit event
    ``protection.deadline_extended``, a notification to the official."""
    require(actor, HANDLE, concerned)
    locked = Concerned.objects.select_for_update().select_related("finding__audit", "official").get(pk=concerned.pk)
    if locked.finding.disposed_on is not None:
        raise DomainError(_("The finding's disposition is already recorded."), code="disposed")
    reason = clean_text(
        reason, required=_("Please give the reason for the extension."), code="reason_required", limit=MAX_REASON
    )
    if new_due_on is None:
        raise DomainError(_("Please choose the new due date."), code="due_on_required")
    if new_due_on <= locked.apply_by:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).")
            % {"date": locked.apply_by.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    extension = Extension.objects.create(
        concerned=locked,
        deadline=Deadline.APPLY,
        previous_due_on=locked.apply_by,
        due_on=new_due_on,
        reason=reason,
        granted_by=actor,
        granted_on=today(),
    )
    previous = locked.apply_by
    locked.apply_by = new_due_on
    locked.save(update_fields=["apply_by"])
    record_event(
        actor=actor,
        verb="protection.deadline_extended",
        target=locked,
        changes={"apply_by": [previous.isoformat(), new_due_on.isoformat()]},
        data={"deadline": Deadline.APPLY, "reason": reason},
    )
    _tell_official(locked, actor=actor)
    return extension


@transaction.atomic
def record_disposition(*, actor: Any, finding: Finding, note: str = "") -> Finding:
    """Fix the finding's personal dispositions as the register stands and close it to new applications.

    Refused when already recorded, or while an application of the finding is submitted, returned or under review
    (the board decides first). Side effects: ``disposed_on`` today, each row's ``final_disposition``, audit event
    ``protection.disposition_recorded`` with the dispositions.
    """
    require(actor, HANDLE, finding)
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if locked.disposed_on is not None:
        raise DomainError(_("The finding's disposition is already recorded."), code="disposed")
    pending = ExemptionApplication.objects.filter(concerned__finding=locked, state__in=PENDING_STATES)
    if pending.exists():
        raise DomainError(
            _(
                "An exemption application of this finding is still being reviewed; record the disposition after the decision."
            ),
            code="pending_application",
        )
    locked.disposed_on = today()
    locked.disposition_note = clean_text(note, limit=2_000)
    locked.save(update_fields=["disposed_on", "disposition_note"])
    dispositions = {}
    for row in locked.concerned.select_related("official"):
        row.final_disposition = row.disposition_now
        row.save(update_fields=["final_disposition"])
        dispositions[row.official_id] = row.final_disposition
    record_event(
        actor=actor,
        verb="protection.disposition_recorded",
        target=locked,
        data={"dispositions": {str(k): v for k, v in dispositions.items()}},
    )
    return locked
