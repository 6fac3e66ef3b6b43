"""The exemption review's settings (``ProtectionSettings``): the deadline rules and the tie rule.

Only the city's audit office changes them (``protection.manage_settings``). A change applies to deadlines set from
then on: an official already notified keeps their application deadline, an application its running deadline.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import PermissionDeniedError
from proactive.protection.models import ProtectionSettings
from proactive.protection.services.common import may

MANAGE = "protection.manage_settings"
EDITABLE_FIELDS = [
    "application_days",
    "application_business_days",
    "screening_days",
    "screening_business_days",
    "completion_days",
    "completion_business_days",
    "review_days",
    "review_business_days",
    "tie_rule",
]


def update_settings(*, actor: Any, data: dict[str, Any]) -> ProtectionSettings:
    """Change the settings from ``data``. Raises ``PermissionDeniedError`` (not the city's audit office) and
    ``ValidationError`` (a value the model refuses). Side effect: audit event ``protection.settings_changed`` with
    the diff; nothing when nothing changed."""
    if not may(actor, MANAGE):
        raise PermissionDeniedError(_("Only the city's audit office may change the exemption review's settings."))
    with transaction.atomic():
        settings = ProtectionSettings.objects.select_for_update().get(pk=ProtectionSettings.current().pk)
        before = snapshot(settings, EDITABLE_FIELDS)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(settings, name, data[name])
        settings.full_clean()
        changes = diff(settings, before, EDITABLE_FIELDS)
        if changes:
            settings.save()
            record_event(actor=actor, verb="protection.settings_changed", target=settings, changes=changes)
    return settings
