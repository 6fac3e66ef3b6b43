"""Writes of the statistics area: the audit record of each per-round export for the committee and HR."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.models import AuditEvent
from proactive.audit.services import record_event
from proactive.core.exceptions import PermissionDeniedError
from proactive.nominations.models import SelectionRound

EXPORT_PERMISSION = "nominations.export_round_results"


@transaction.atomic
def record_round_export(*, actor: Any, round: SelectionRound, kind: str, fmt: str, rows: int) -> AuditEvent:
    """Record that ``actor`` exported ``kind`` (scores, tally or results) of ``round`` as ``fmt``.

    Rule: only holders of ``nominations.export_round_results`` export. Side effects: an audit event
    ``nominations.round_exported`` with the kind, the format and the number of rows.
    """
    if not actor.has_perm(EXPORT_PERMISSION):
        raise PermissionDeniedError(_("You do not have permission to do this."))
    return record_event(
        actor=actor,
        verb="nominations.round_exported",
        target=round,
        data={"kind": kind, "format": fmt, "rows": rows},
    )
