"""Writing to the audit trail. Every service that changes data calls ``record_event``."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from proactive.audit.enums import ACTIONS_NEEDING_REASON
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.core.exceptions import DomainError


def _label(obj: Any, limit: int = 200) -> str:
    return str(obj)[:limit]


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return _label(getattr(actor, "username", None) or actor, 120)


def record_event(
    *, actor: Any, verb: str, target: models.Model, changes: dict | None = None, data: dict | None = None
) -> AuditEvent:
    """Append a business event. ``changes`` maps field → [old, new]; ``data`` holds other context.

    Call inside the service's transaction so the event commits or rolls back with the change itself.
    """
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=_label(target),
        changes=changes or {},
        data=data or {},
    )


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, list[Any]]:
    """What changed between ``before`` (a dict of old values) and ``instance`` for ``fields``, JSON-safe."""
    out: dict[str, list[Any]] = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            out[name] = [_jsonable(old), _jsonable(new)]
    return out


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, models.Model):
        return _label(value)
    return str(value)


def record_access(
    *,
    actor: Any,
    ip_address: str | None,
    action: str,
    subject: Any = None,
    resource: str = "",
    reason: str = "",
) -> AccessRecord:
    """Append a staff access record (안전조치 §8). Downloads, exports and identity reveals need a reason.

    Never call this from anonymous-reporter endpoints: reporters' addresses must not be recorded.
    """
    reason = (reason or "").strip()
    if action in ACTIONS_NEEDING_REASON and not reason:
        raise DomainError(_("Please give the reason for this download or disclosure."), code="reason_required")
    return AccessRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        account=_actor_label(actor)[:150],
        ip_address=ip_address or None,
        action=action,
        subject_type=subject._meta.label_lower if isinstance(subject, models.Model) else "",
        subject_id=str(subject.pk) if isinstance(subject, models.Model) else "",
        subject_label=_label(subject) if subject is not None else "",
        resource=resource[:200],
        reason=reason[:300],
    )
