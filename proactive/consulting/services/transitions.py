"""The one function that moves a pre-consulting request between states (``workflow.REQUEST_TRANSITIONS``).

Each step of the table has a step function (registered with ``@step(from, to)`` in ``services.requests`` and
``services.review``) that validates and writes what the step adds (a head's comment, a return reason, the
opinion …) and says what to record and whom to tell. ``transition_request`` locks the row, checks the table and the
actor's permission (``core.workflow.check_transition``), runs the step, writes the state, the audit event
``consulting.<verb>`` and the timeline entry, and queues the notifications after commit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.consulting.enums import RequestState
from proactive.consulting.models import ConsultingRequest
from proactive.consulting.services.common import SYSTEM, log
from proactive.consulting.workflow import REQUEST_TRANSITIONS
from proactive.core.exceptions import PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition


@dataclass
class StepResult:
    verb: str
    data: dict[str, Any] = field(default_factory=dict)
    sends: list[Any] = field(default_factory=list)  # callables run after commit
    shared: bool = True  # shown on the requester's timeline


StepFunction = Callable[..., StepResult]
_STEPS: dict[tuple[str, str], StepFunction] = {}


def step(source: str, target: str) -> Callable[[StepFunction], StepFunction]:
    """Register the function that carries out ``source → target``."""

    def register(function: StepFunction) -> StepFunction:
        _STEPS[(str(source), str(target))] = function
        return function

    return register


def transition_request(
    *, actor: Any, req: ConsultingRequest, to: str, system: bool = False, **details: Any
) -> ConsultingRequest:
    """Move ``req`` to ``to`` under ``REQUEST_TRANSITIONS`` and return it as written.

    ``system=True`` is for the committee's decision callback only: the step is checked against the table but not
    against ``actor``'s permissions in this app (``services.common.SYSTEM``).
    Raises ``PermissionDeniedError`` (not permitted, or a superuser), ``InvalidTransitionError`` (not possible from
    the current state) or ``DomainError`` (a detail missing or wrong); then nothing changes.
    """
    if not system and getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("System administrators have no access to pre-consulting requests."))
    with transaction.atomic():
        locked = ConsultingRequest.objects.select_for_update().select_related("unit", "official").get(pk=req.pk)
        current = locked.state
        check_transition(
            cast(TransitionTable, REQUEST_TRANSITIONS),
            obj=locked,
            current=current,
            to=to,
            actor=SYSTEM if system else actor,
        )
        result = _STEPS[(str(current), str(to))](actor, locked, **details)
        locked.state = RequestState(to)
        locked.save()
        record_event(
            actor=None if system else actor,
            verb=f"consulting.{result.verb}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=result.data | ({"by": getattr(actor, "pk", None)} if system else {}),
        )
        log(locked, result.verb, actor=actor, data=result.data, shared=result.shared)
        for send in result.sends:
            transaction.on_commit(send)
    return locked
