from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from proactive.web.navigation import menu_html, shell_urls


def _idle_seconds(request) -> int:
    from proactive.accounts.middleware import idle_seconds_left

    if hasattr(request, "session") and getattr(request, "user", None) is not None and request.user.is_authenticated:
        return idle_seconds_left(request)
    return settings.SESSION_COOKIE_AGE


def shell(request):
    """What every page's KRDS shell needs: the menu for this user, the organisation's name, languages.

    The menu and the settings are worked out when a template first uses them, once per context: a fragment rendered
    with the request (an htmx partial, a cached content block) does not pay for the shell it does not show."""
    from proactive.programme.queries import display_settings  # programme imports web's navigation

    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "main_menu_html": SimpleLazyObject(lambda: menu_html(user)),
        "shell_urls": shell_urls(),
        "programme": SimpleLazyObject(display_settings),
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "SESSION_IDLE_SECONDS": _idle_seconds(request),
    }
