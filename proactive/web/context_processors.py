from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from proactive.web.navigation import menu_for


def _idle_seconds(request) -> int:
    from proactive.accounts.middleware import idle_seconds_left

    if hasattr(request, "session") and getattr(request, "user", None) is not None and request.user.is_authenticated:
        return idle_seconds_left(request)
    return settings.SESSION_COOKIE_AGE


def shell(request):
    """What every page's KRDS shell needs: the menu for this user, the organisation's name, languages."""
    from proactive.programme.queries import current_settings  # programme imports web's navigation

    return {
        "main_menu": menu_for(getattr(request, "user", None) or AnonymousUser()),
        "programme": current_settings(),
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "SESSION_IDLE_SECONDS": _idle_seconds(request),
    }
