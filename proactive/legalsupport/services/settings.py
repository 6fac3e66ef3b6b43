"""The settings of legal support (``LegalSupportSettings``): the cap per stage and the fact-finding deadline.

The accountable officer and the secretariat change them (``legalsupport.manage_settings``). A change is audited
with its diff. A changed cap applies to tabling and to the committee's approval from then on; amounts already
approved stay as decided. A changed deadline applies to applications submitted from then on.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import PermissionDeniedError
from proactive.legalsupport.models import LegalSupportSettings
from proactive.legalsupport.services.common import may

MANAGE = "legalsupport.manage_settings"
EDITABLE_FIELDS = [
    "cap_disciplinary",
    "cap_criminal_investigation",
    "cap_criminal_trial",
    "cap_civil",
    "fact_finding_days",
    "business_days",
]


def update_settings(*, actor: Any, data: dict[str, Any]) -> LegalSupportSettings:
    """Change the settings from ``data`` (any of ``EDITABLE_FIELDS``; a cap of ``None`` means no cap).

    Raises ``PermissionDeniedError`` unless ``actor`` holds ``legalsupport.manage_settings`` (never a superuser)
    and ``ValidationError`` for a value the model refuses. Side effects: an audit event
    ``legalsupport.settings_changed`` with the diff; nothing when nothing changed.
    """
    if not may(actor, MANAGE):
        raise PermissionDeniedError(
            _("Only the accountable officer and the secretariat may change the legal-support settings.")
        )
    with transaction.atomic():
        settings = LegalSupportSettings.objects.select_for_update().get(pk=LegalSupportSettings.current().pk)
        before = snapshot(settings, EDITABLE_FIELDS)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(settings, name, data[name])
        settings.full_clean()
        changes = diff(settings, before, EDITABLE_FIELDS)
        if not changes:
            return settings
        settings.save()
        record_event(actor=actor, verb="legalsupport.settings_changed", target=settings, changes=changes)
    return settings
