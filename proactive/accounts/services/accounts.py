"""Accounts for officials made by the system rather than by a sign-up (the demo, the round simulation)."""

from typing import Any

from proactive.accounts.enums import UserKind
from proactive.accounts.models import Official, User
from proactive.audit.services import record_event


def create_official_account(*, actor: Any, official: Official, username: str, data: dict[str, Any]) -> User:
    """A new account ``username`` for ``official`` (name, e-mail from the record; Korean), without a usable password
    until one is set; audited as ``accounts.user_created`` with ``data`` (where it came from)."""
    user = User(
        username=username,
        name=official.name,
        email=official.email,
        kind=UserKind.OFFICIAL,
        official=official,
        preferred_language="ko",
    )
    user.set_unusable_password()
    user.save()
    record_event(actor=actor, verb="accounts.user_created", target=user, data=data)
    return user
