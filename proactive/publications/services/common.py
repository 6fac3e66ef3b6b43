"""What the publication services share: permission checks and the editorial transition."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.publications import editorial
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import JobState

MAX_TEXT = 5_000
MAX_REASON = 1_000


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def touched(obj: Any) -> None:
    """The content changed: the generated files are no longer current (save ``content_changed_at``)."""
    obj.content_changed_at = timezone.now()


def apply_transition(
    *, actor: Any, obj: Any, table: TransitionTable, to: str, reason: str, prefix: str, ready: Any = None
) -> Any:
    """Check and apply one editorial move on a locked row; ``ready(obj)`` raises when the object is not fit for
    ``to`` (masks undecided, files not generated, alt text missing). Side effects: audit event
    ``<prefix>.<to>``; on publishing a correction, the corrected edition is marked superseded."""
    current = obj.state
    check_transition(table, obj=obj, current=current, to=to, actor=actor)
    reason = (reason or "").strip()[:MAX_REASON]
    editorial.require_reason(current, to, reason)
    if ready is not None:
        ready(obj, to)
    now = timezone.now()
    fields = ["state", "updated_at"]
    obj.state = to
    if to == S.DRAFT:
        obj.return_reason = reason
        obj.approved_by = None
        obj.approved_at = None
        fields += ["return_reason", "approved_by", "approved_at"]
    elif to == S.APPROVED:
        obj.approved_by = actor
        obj.approved_at = now
        fields += ["approved_by", "approved_at"]
    elif to == S.PUBLISHED:
        obj.published_at = now
        fields.append("published_at")
    elif to == S.REVIEW:
        obj.return_reason = ""
        fields.append("return_reason")
    obj.save(update_fields=fields)
    if to == S.PUBLISHED and obj.corrects_id:
        type(obj).objects.filter(pk=obj.corrects_id).update(superseded_at=now)
    record_event(
        actor=actor,
        verb=f"{prefix}.{to}",
        target=obj,
        changes={"state": [current, to]},
        data={"reason": reason} if reason else None,
    )
    return obj


def require_generated(obj: Any, to: str) -> None:
    from proactive.core.exceptions import DomainError  # keeps the module's imports to what every caller needs

    if to in (S.REVIEW, S.APPROVED, S.PUBLISHED) and (obj.job_state != JobState.DONE or not obj.generated_current):
        raise DomainError(
            _("Generate the files first: reviewers approve what will be published."), code="not_generated"
        )
