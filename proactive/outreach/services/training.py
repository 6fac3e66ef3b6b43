"""Training sessions (교육, DOMAIN.md §4.10) and their attendance, picked from the officials register.

Rules:
- The secretariat records a session (kind, date, hours, lecturer, place or online, audience).
- Attendees are officials on the register: picked one by one (searched by name or unit) or a whole department
  at once (every active official in the unit's subtree). An official attends a session once; adding them again
  changes nothing. Each attendance holds the hours attended (the session's hours unless given) and the official's
  unit at that moment (for the totals per department).
- Hours attended are more than 0 and never more than the session's hours.

Side effects: the rows and an audit event ``outreach.session_created`` / ``session_changed`` /
``attendees_added`` / ``attendance_changed`` / ``attendance_removed``.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError
from proactive.outreach.enums import TrainingKind
from proactive.outreach.models import Attendance, TrainingSession
from proactive.outreach.services.common import require, required_text

MANAGE = "outreach.manage_training"
FIELDS = ["kind", "title", "held_on", "hours", "lecturer", "place", "online", "audience"]
MAX_HOURS = Decimal("100")


def _hours(value: Any, *, limit: Decimal = MAX_HOURS) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter the hours as a number, e.g. 2 or 1.5."), code="hours_invalid") from None
    if hours <= 0:
        raise DomainError(_("The hours must be more than 0."), code="hours_not_positive")
    if hours > limit:
        raise DomainError(_("The hours may be at most %(hours)s.") % {"hours": limit}, code="hours_too_many")
    return hours


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kind") not in TrainingKind.values:
        raise DomainError(_("Please choose the kind of training."), code="kind_required")
    if not data.get("held_on"):
        raise DomainError(_("Please give the date."), code="date_required")
    online = bool(data.get("online"))
    place = str(data.get("place") or "").strip()[:200]
    if not online and not place:
        raise DomainError(_("Give the place, or mark the session as online."), code="place_required")
    return {
        "kind": data["kind"],
        "title": required_text(data.get("title"), message=_("Please give a title."), code="title_required", limit=200),
        "held_on": data["held_on"],
        "hours": _hours(data.get("hours")),
        "lecturer": str(data.get("lecturer") or "").strip()[:120],
        "place": place,
        "online": online,
        "audience": str(data.get("audience") or "").strip()[:200],
    }


@transaction.atomic
def create_session(*, actor: Any, data: dict[str, Any]) -> TrainingSession:
    """Record a training session. Only the secretariat."""
    require(actor, MANAGE)
    session = TrainingSession.objects.create(created_by=actor, **_clean(data))
    record_event(actor=actor, verb="outreach.session_created", target=session, data={"kind": session.kind})
    return session


@transaction.atomic
def update_session(*, actor: Any, session: TrainingSession, data: dict[str, Any]) -> TrainingSession:
    """Change a session. Attendances above the new hours are lowered to them."""
    require(actor, MANAGE)
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    before = snapshot(locked, FIELDS)
    for name, value in _clean(data).items():
        setattr(locked, name, value)
    locked.save()
    lowered = locked.attendances.filter(hours__gt=locked.hours).update(hours=locked.hours)
    record_event(
        actor=actor,
        verb="outreach.session_changed",
        target=locked,
        changes=diff(locked, before, FIELDS),
        data={"attendances_lowered": lowered},
    )
    return locked


def _add(session: TrainingSession, officials: Iterable[Official], hours: Decimal) -> list[Attendance]:
    present = set(session.attendances.values_list("official_id", flat=True))
    rows = []
    for official in officials:
        if official.pk in present:
            continue
        present.add(official.pk)
        rows.append(Attendance(session=session, official=official, unit_id=official.unit_id, hours=hours))
    return Attendance.objects.bulk_create(rows)


@transaction.atomic
def add_attendees(
    *, actor: Any, session: TrainingSession, officials: Iterable[Official], hours: Any = None
) -> list[Attendance]:
    """Add officials to a session's attendance (those already there are skipped). Returns the new rows."""
    require(actor, MANAGE)
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    attended = _hours(hours, limit=locked.hours) if hours not in (None, "") else locked.hours
    added = _add(locked, officials, attended)
    if added:
        record_event(
            actor=actor,
            verb="outreach.attendees_added",
            target=locked,
            data={"officials": [a.official_id for a in added], "hours": str(attended)},
        )
    return added


@transaction.atomic
def add_department(*, actor: Any, session: TrainingSession, unit: OrgUnit, hours: Any = None) -> list[Attendance]:
    """Add every active official of ``unit`` and the units below it (those already there are skipped)."""
    require(actor, MANAGE)
    officials = Official.objects.filter(unit__path__startswith=unit.path, status=OfficialStatus.ACTIVE).order_by("pk")
    added = add_attendees(actor=actor, session=session, officials=officials, hours=hours)
    record_event(
        actor=actor, verb="outreach.department_added", target=session, data={"unit": unit.pk, "added": len(added)}
    )
    return added


@transaction.atomic
def set_attendance_hours(*, actor: Any, attendance: Attendance, hours: Any) -> Attendance:
    """Change the hours one official attended (more than 0, at most the session's hours)."""
    require(actor, MANAGE)
    locked = Attendance.objects.select_for_update().select_related("session").get(pk=attendance.pk)
    before = snapshot(locked, ["hours"])
    locked.hours = _hours(hours, limit=locked.session.hours)
    locked.save(update_fields=["hours"])
    record_event(
        actor=actor,
        verb="outreach.attendance_changed",
        target=locked.session,
        changes=diff(locked, before, ["hours"]),
        data={"official": locked.official_id},
    )
    return locked


@transaction.atomic
def remove_attendance(*, actor: Any, attendance: Attendance) -> None:
    """Take an official off a session's attendance (recorded by mistake)."""
    require(actor, MANAGE)
    session = attendance.session
    official_id = attendance.official_id
    deleted, _rows = Attendance.objects.filter(pk=attendance.pk).delete()
    if deleted:
        record_event(actor=actor, verb="outreach.attendance_removed", target=session, data={"official": official_id})
