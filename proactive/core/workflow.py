"""The one helper every workflow uses: a transition table plus one function that applies it.

A table maps each state to the states it may move to and the permission each move needs::

    NOMINATION_TRANSITIONS = {
        "draft": {"submitted": "nominations.submit_nomination", "withdrawn": "nominations.withdraw_nomination"},
        ...
    }

Each domain app keeps its table in ``workflow.py`` and has one ``transition_<entity>()`` service that calls
``check_transition`` and then writes the state, the audit event and the notifications.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from proactive.core.exceptions import InvalidTransitionError, PermissionDeniedError

TransitionTable = Mapping[str, Mapping[str, str]]


def allowed_targets(table: TransitionTable, state: str) -> list[str]:
    return list(table.get(state, {}))


def check_transition(table: TransitionTable, *, obj: object, current: str, to: str, actor: object) -> None:
    """Raise unless ``actor`` may move ``obj`` from ``current`` to ``to`` under ``table``."""
    targets = table.get(current, {})
    if to not in targets:
        raise InvalidTransitionError(_("This step is not possible from the current state."), code="invalid_transition")
    permission = targets[to]
    if not actor.has_perm(permission, obj):  # type: ignore[attr-defined]
        raise PermissionDeniedError(_("You do not have permission to take this step."))
