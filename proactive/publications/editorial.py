"""The editorial workflow every publication shares (casebooks, card-news sets, the monthly bulletin).

draft ─submit─► review ─approve─► approved ─publish─► published                                       [end]
review ─return (with a reason)─► draft
approved ─reopen─► draft (something must change after approval; approval has to be given again)
published: nothing leaves it. A published edition is immutable; a correction is a *new version* (a new row in
draft, ``version = previous.version + 1``, ``corrects = previous``, ``correction_note`` required) that goes
through the same workflow; publishing it marks the one it corrects as superseded in the owning app.

Stable interface (imported by ``publications`` and ``bulletins``; keep it stable):

- ``EditorialState``: TextChoices ``draft``, ``review``, ``approved``, ``published`` (초안, 검토 중, 승인, 발행).
- ``EDITABLE_STATES`` / ``PUBLIC_STATES``: frozensets of states.
- ``EditorialPermissions(submit, return_, approve, publish, reopen)``: the permission names one app uses for
  each move; ``EditorialPermissions.for_entity("bulletins", "edition")`` gives
  ``bulletins.submit_edition``, ``bulletins.return_edition``, ``bulletins.approve_edition``,
  ``bulletins.publish_edition``, ``bulletins.reopen_edition``.
- ``editorial_transitions(perms) -> dict``: the transition table for ``proactive.core.workflow.check_transition``.
- ``RETURN_NEEDS_REASON``: the (from, to) moves that need a reason (review → draft, approved → draft).
- ``is_editable(obj)``, ``is_public(obj)``, ``require_editable(obj)`` (raises ``DomainError``),
  ``require_reason(current, to, reason)`` (raises ``DomainError``): helpers that take any object with ``state``.
- ``is_programme_lead(user)``: the head of the programme's lead department (ProgrammeSettings.programme_unit).
- ``may_approve(user, author_id)``: the four-eyes rule. Approval needs a secretariat member *other than the
  author*, or the programme lead (who may approve even their own). The owning app's rules call it from a
  predicate (it does not check the secretariat role itself beyond the author test: the permission does).
- ``next_version(obj)``: the version number a correction of ``obj`` gets.

Each owning app declares, in its own models: ``state`` (CharField, choices=EditorialState, default draft),
``version`` (PositiveIntegerField, default 1), ``corrects`` (nullable FK to its own model), ``correction_note``
(TextField, blank), ``created_by`` (FK to the user: the author), and the audit trail through
``proactive.audit.services.record_event`` in its single ``transition_<entity>`` service.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from proactive.core.exceptions import DomainError


class EditorialState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("editorial state", "Draft")
    REVIEW = "review", pgettext_lazy("editorial state", "In review")
    APPROVED = "approved", pgettext_lazy("editorial state", "Approved")
    PUBLISHED = "published", pgettext_lazy("editorial state", "Published")


S = EditorialState
EDITABLE_STATES = frozenset({S.DRAFT})
PUBLIC_STATES = frozenset({S.PUBLISHED})
RETURN_NEEDS_REASON = frozenset({(S.REVIEW, S.DRAFT), (S.APPROVED, S.DRAFT)})


@dataclass(frozen=True)
class EditorialPermissions:
    submit: str
    return_: str
    approve: str
    publish: str
    reopen: str

    @classmethod
    def for_entity(cls, app_label: str, entity: str) -> "EditorialPermissions":
        return cls(
            submit=f"{app_label}.submit_{entity}",
            return_=f"{app_label}.return_{entity}",
            approve=f"{app_label}.approve_{entity}",
            publish=f"{app_label}.publish_{entity}",
            reopen=f"{app_label}.reopen_{entity}",
        )

    def all(self) -> list[str]:
        return [self.submit, self.return_, self.approve, self.publish, self.reopen]


def editorial_transitions(perms: EditorialPermissions) -> dict[str, dict[str, str]]:
    """The transition table (state → {target: permission}); nothing leaves ``published``."""
    return {
        S.DRAFT: {S.REVIEW: perms.submit},
        S.REVIEW: {S.DRAFT: perms.return_, S.APPROVED: perms.approve},
        S.APPROVED: {S.PUBLISHED: perms.publish, S.DRAFT: perms.reopen},
    }


def is_editable(obj: Any) -> bool:
    return obj.state in EDITABLE_STATES


def is_public(obj: Any) -> bool:
    return obj.state in PUBLIC_STATES


def require_editable(obj: Any) -> None:
    """Raise unless ``obj`` is a draft. A published edition never changes: make a correction instead."""
    if obj.state == S.PUBLISHED:
        raise DomainError(
            _("A published edition cannot be changed. Create a correction (a new version) instead."),
            code="immutable",
        )
    if obj.state not in EDITABLE_STATES:
        raise DomainError(_("Only a draft can be changed. Return it to draft first."), code="not_editable")


def require_reason(current: str, to: str, reason: str) -> None:
    if (current, to) in RETURN_NEEDS_REASON and not (reason or "").strip():
        raise DomainError(_("Give a reason for returning it to draft."), code="reason_required")


def is_programme_lead(user: Any) -> bool:
    """The head of the programme's lead department (ProgrammeSettings.programme_unit), if one is set."""
    if not getattr(user, "is_authenticated", False):
        return False
    # The apps registry must be ready before these models load (this module is imported by enums-level code).
    from proactive.accounts.enums import Role
    from proactive.accounts.queries import role_units
    from proactive.programme.queries import current_settings

    heads = role_units(user, Role.DEPARTMENT_HEAD)  # the user's memberships, loaded once per request
    if not heads:
        return False  # most users: no query for the settings
    unit_id = current_settings().programme_unit_id
    return unit_id is not None and any(h.unit_id == unit_id for h in heads)


def may_approve(user: Any, author_id: int | None) -> bool:
    """Four eyes: someone other than the author approves, unless the approver is the programme lead."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk != author_id or is_programme_lead(user)


def next_version(obj: Any) -> int:
    return int(obj.version) + 1
