"""Kinds of agenda items: how other apps put matters before the committee without the committee importing them.

An app whose workflow needs the committee's decision (an opinion request, a ratification, a legal-support
application, a pre-consulting referral, the selection round's grades …) registers a kind in ``AppConfig.ready``::

    register_kind(AgendaKind(
        key="opinion", label=_("Opinion request"),
        outcomes=[("opinion_issued", _("Opinion issued")), ("returned", _("Returned"))],
        subject_url=lambda pk: reverse("opinions:detail", args=[pk]),
        on_decided=opinions_on_decided,   # called as on_decided(actor=…, item=…) in the deciding transaction
    ))

and tables the matter with ``committee.services.agenda.table_item(actor=…, kind="opinion", subject_id=pk,
title=…)``. When the committee decides the item (``decide_item``), the kind's ``on_decided`` moves the subject
on, inside the same transaction, so a decision and its effect commit together.

Optional:

- ``can_view(user, subject_id) -> bool``: who, besides the secretariat and the committee's members, may open the
  item's page in the committee app (``committee:item-detail``: its meeting, the decision) and download its
  resolution document (의결서) — typically the requester. Defaults to nobody.
- ``can_challenge(user, subject_id) -> bool``: who may raise a challenge (기피) against a member called to the
  item's meeting. Defaults to ``can_view``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def _nobody(user: Any, subject_id: int) -> bool:
    return False


@dataclass(frozen=True)
class AgendaKind:
    key: str
    label: Any  # lazy translation
    outcomes: Sequence[tuple[str, Any]]  # (value, label) the committee may decide
    subject_url: Callable[[int], str]
    on_decided: Callable[..., None]  # on_decided(*, actor, item) -> None
    on_withdrawn: Callable[..., None] | None = None  # on_withdrawn(*, actor, item) -> None
    can_view: Callable[[Any, int], bool] = _nobody  # can_view(user, subject_id) -> bool
    can_challenge: Callable[[Any, int], bool] | None = None  # None: the same people as can_view

    def outcome_label(self, value: str) -> Any:
        return dict(self.outcomes).get(value, value)

    def viewer(self, user: Any, subject_id: int) -> bool:
        return bool(getattr(user, "is_authenticated", False) and self.can_view(user, subject_id))

    def challenger(self, user: Any, subject_id: int) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        check = self.can_challenge or self.can_view
        return bool(check(user, subject_id))


_kinds: dict[str, AgendaKind] = {}


def register_kind(kind: AgendaKind) -> None:
    _kinds[kind.key] = kind


def get_kind(key: str) -> AgendaKind:
    return _kinds[key]


def find_kind(key: str) -> AgendaKind | None:
    """The kind, or None when no app registers it (any more): pages still show such items."""
    return _kinds.get(key)


def kinds() -> list[AgendaKind]:
    return list(_kinds.values())
