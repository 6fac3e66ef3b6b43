"""Tabling a selection round's final evaluation (the committee's own agenda kind, ``committee.kinds``)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.committee.enums import MemberField
from proactive.committee.kinds import SELECTION_ROUND, round_title, rounds_to_table
from proactive.committee.models import AgendaItem
from proactive.committee.services.agenda import table_item
from proactive.committee.services.common import MANAGE_MEETINGS, require
from proactive.core.exceptions import DomainError


@transaction.atomic
def table_selection_round(*, actor: Any, round: Any) -> AgendaItem:
    """The secretariat puts a published round's final evaluation in the queue. Refused for a draft round or one
    already before the committee or decided. Side effects: as ``table_item``."""
    require(actor, MANAGE_MEETINGS)
    if round.pk not in {r.pk for r in rounds_to_table()}:
        raise DomainError(
            _("This round's final evaluation is already before the committee, or the round is not published."),
            code="round_not_available",
        )
    return table_item(
        actor=actor, kind=SELECTION_ROUND, subject_id=round.pk, title=round_title(round), field=MemberField.OTHER
    )
