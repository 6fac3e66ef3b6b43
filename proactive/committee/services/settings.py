"""The committee's settings (``CommitteeSettings``): term length and limit, warnings, quorum and decision rules.

Only the secretariat changes them (``committee.change_settings``). A change applies from then on: terms already
granted keep their dates, meetings already decided keep their tallies.
"""

from typing import Any

from django.db import transaction

from proactive.audit.services import diff, record_event, snapshot
from proactive.committee.models import CommitteeSettings
from proactive.committee.services.common import CHANGE_SETTINGS, require

EDITABLE_FIELDS = [
    "term_months",
    "max_terms",
    "warn_days",
    "quorum_base",
    "opening_quorum",
    "decision_rule",
    "written_days",
    "pool_draw_per_field",
]


def update_committee_settings(*, actor: Any, data: dict[str, Any]) -> CommitteeSettings:
    """Change the settings from ``data`` (any of ``EDITABLE_FIELDS``).

    Raises ``PermissionDeniedError`` unless ``actor`` holds ``committee.change_settings`` and ``ValidationError``
    for a value the model refuses. Side effects: an audit event ``committee.settings_changed`` with the diff;
    nothing when nothing changed.
    """
    require(actor, CHANGE_SETTINGS)
    with transaction.atomic():
        settings = CommitteeSettings.objects.select_for_update().get(pk=CommitteeSettings.current().pk)
        before = snapshot(settings, EDITABLE_FIELDS)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(settings, name, data[name])
        settings.full_clean()
        changes = diff(settings, before, EDITABLE_FIELDS)
        if not changes:
            return settings
        settings.save()
        record_event(actor=actor, verb="committee.settings_changed", target=settings, changes=changes)
    return settings
