from typing import Any

from django.db import transaction

from proactive.audit.services import diff, record_event, snapshot
from proactive.programme.models import ProgrammeSettings
from proactive.programme.queries import current_settings

EDITABLE_FIELDS = [
    "organisation_name",
    "organisation_name_en",
    "site_name",
    "site_name_en",
    "mayor_name",
    "mayor_title",
    "programme_unit",
    "contact_phone",
    "contact_email",
    "address",
]


@transaction.atomic
def update_settings(*, actor: Any, data: dict[str, Any]) -> ProgrammeSettings:
    """Change the programme's settings. Side effects: one audit event listing the changed fields."""
    settings = current_settings()
    before = snapshot(settings, EDITABLE_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(settings, name, data[name])
    settings.full_clean()
    settings.save()
    changes = diff(settings, before, EDITABLE_FIELDS)
    if changes:
        record_event(actor=actor, verb="programme.settings_changed", target=settings, changes=changes)
    return settings
