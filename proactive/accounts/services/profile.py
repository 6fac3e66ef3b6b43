from typing import Any

from django.db import transaction

from proactive.accounts.models import User
from proactive.audit.services import record_event


@transaction.atomic
def set_preferred_language(*, actor: Any, user: User, language: str) -> User:
    """Remember ``user``'s interface language. Side effect: an audit event when it changes."""
    if language not in {"ko", "en"}:
        raise ValueError(language)
    if user.preferred_language != language:
        old = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record_event(
            actor=actor, verb="accounts.language_changed", target=user, changes={"preferred_language": [old, language]}
        )
    return user
