"""The kinds of notification. Each app registers its own kinds in its ``AppConfig.ready``::

    register_kind("nominations.submitted", _("A nomination was submitted"), email_default=True)

People choose per kind whether they also want an e-mail; the in-app inbox always gets the notification.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Any  # lazy translation
    email_default: bool = True


_kinds: dict[str, NotificationKind] = {}


def register_kind(key: str, label: Any, email_default: bool = True) -> NotificationKind:
    """Declare a kind. Registering the same key again replaces it (so module reloads stay harmless)."""
    if not key or len(key) > 80:
        raise ValueError("A notification kind needs a key of at most 80 characters.")
    kind = NotificationKind(key=key, label=label, email_default=email_default)
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise ValueError(f"Unknown notification kind: {key!r}") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


SYSTEM_MESSAGE = "system.message"
register_kind(SYSTEM_MESSAGE, _("Messages from the system administrators"), email_default=True)
