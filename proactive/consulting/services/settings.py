"""The audit office's pre-consulting rules (``ConsultingSettings``): days to answer, business or calendar days, the
due-soon warning and the implementation reminder.

A change applies to requests accepted afterwards: the due date of a request already accepted stays as it was set
(extend it if needed). Only the audit office may change the rules (``consulting.manage_settings``).
"""

from typing import Any

from django.db import transaction

from proactive.audit.services import diff, record_event, snapshot
from proactive.consulting.models import ConsultingSettings
from proactive.consulting.services.common import require

EDITABLE_FIELDS = ["review_days", "business_days", "due_soon_days", "implementation_reminder_days"]


@transaction.atomic
def update_settings(*, actor: Any, data: dict[str, Any]) -> ConsultingSettings:
    """Change the rules from ``data`` (any of ``EDITABLE_FIELDS``). Raises ``PermissionDeniedError`` unless the
    actor is of the audit office, ``ValidationError`` for a value the model refuses. Side effect: audit event
    ``consulting.settings_changed`` with the diff (nothing when nothing changed)."""
    require(actor, "consulting.manage_settings")
    ConsultingSettings.objects.get_or_create(pk=1)
    settings = ConsultingSettings.objects.select_for_update().get(pk=1)
    before = snapshot(settings, EDITABLE_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(settings, name, data[name])
    settings.full_clean()
    changes = diff(settings, before, EDITABLE_FIELDS)
    if changes:
        settings.save()
        record_event(actor=actor, verb="consulting.settings_changed", target=settings, changes=changes)
    return settings
