"""The centre's settings (``CentreSettings``): deadline rule, receipt lifetime, retention per outcome.

The settings apply to every body's reports, so only the city's audit officers may change them
(``reporting.manage_centre_settings``). A change is audited with its diff; a changed retention period moves the
purge date of every closed report with that outcome at once (``retention.recompute_purge_dates``).
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import PermissionDeniedError
from proactive.reporting.enums import Outcome
from proactive.reporting.models import CentreSettings
from proactive.reporting.services.retention import recompute_purge_dates

MANAGE = "reporting.manage_centre_settings"
EDITABLE_FIELDS = [
    "handling_days",
    "business_days",
    "reporter_access_days",
    "retain_forwarded_days",
    "retain_unsubstantiated_days",
    "retain_actioned_days",
]
RETENTION_FIELDS = {
    "retain_forwarded_days": Outcome.FORWARDED,
    "retain_unsubstantiated_days": Outcome.UNSUBSTANTIATED,
    "retain_actioned_days": Outcome.ACTIONED,
}


def update_centre_settings(*, actor: Any, data: dict[str, Any]) -> CentreSettings:
    """Change the centre's settings from ``data`` (any of ``EDITABLE_FIELDS``).

    Raises ``PermissionDeniedError`` unless ``actor`` holds ``reporting.manage_centre_settings`` (never a
    superuser: report data is not for system administrators) and ``ValidationError`` for a value the model
    refuses. Side effects: an audit event ``reporting.settings_changed`` with the diff and, for each changed
    retention period, the number of closed reports whose purge date moved; nothing when nothing changed. The
    deadline of reports already under investigation stays as it was set.
    """
    if getattr(actor, "is_superuser", False) or not actor.has_perm(MANAGE):
        raise PermissionDeniedError(_("Only the city's audit officers may change the reporting centre's settings."))
    with transaction.atomic():
        settings = CentreSettings.objects.select_for_update().get(pk=CentreSettings.current().pk)
        before = snapshot(settings, EDITABLE_FIELDS)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(settings, name, data[name])
        settings.full_clean()
        changes = diff(settings, before, EDITABLE_FIELDS)
        if not changes:
            return settings
        settings.save()
        moved = {
            str(outcome): recompute_purge_dates(outcome=outcome, days=getattr(settings, name))
            for name, outcome in RETENTION_FIELDS.items()
            if name in changes
        }
        record_event(
            actor=actor,
            verb="reporting.settings_changed",
            target=settings,
            changes=changes,
            data={"purge_dates_moved": moved} if moved else None,
        )
    return settings
