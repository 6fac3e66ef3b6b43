"""The deadline rule (``OpinionSettings``): the days from acceptance to the committee's answer, calendar or business
days. Changed by the secretariat (``opinions.change_settings``); requests already accepted keep their due date."""

from typing import Any

from django.db import transaction

from proactive.audit.services import diff, record_event, snapshot
from proactive.opinions.models import OpinionSettings
from proactive.opinions.services.common import require

CHANGE = "opinions.change_settings"
EDITABLE_FIELDS = ["sla_days", "business_days"]


def update_settings(*, actor: Any, data: dict[str, Any]) -> OpinionSettings:
    """Change the deadline rule from ``data``. Raises ``PermissionDeniedError`` unless ``actor`` holds
    ``opinions.change_settings`` (never a superuser), ``ValidationError`` for a value the model refuses.
    Side effects: an audit event ``opinions.settings_changed`` with the diff; nothing when nothing changed."""
    require(actor, CHANGE)
    with transaction.atomic():
        settings = OpinionSettings.objects.select_for_update().get(pk=OpinionSettings.current().pk)
        before = snapshot(settings, EDITABLE_FIELDS)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(settings, name, data[name])
        settings.full_clean()
        changes = diff(settings, before, EDITABLE_FIELDS)
        if changes:
            settings.save()
            record_event(actor=actor, verb="opinions.settings_changed", target=settings, changes=changes)
    return settings
