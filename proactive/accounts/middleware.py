"""Session and sign-in policies applied to every request."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import STAFF_ROLES
from proactive.accounts.queries import has_role

SESSION_STARTED_KEY = "proactive_session_started"
SESSION_RENEWED_KEY = "proactive_session_renewed"


def renew_session(request, now: float | None = None) -> None:
    """Restart the idle timer: the session is saved (and its cookie re-issued) with a fresh expiry."""
    request.session[SESSION_RENEWED_KEY] = now if now is not None else timezone.now().timestamp()


def idle_seconds_left(request) -> int:
    """Seconds until the idle sign-out, from the last renewal (for the countdown on every page)."""
    renewed = request.session.get(SESSION_RENEWED_KEY)
    if renewed is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, int(settings.SESSION_COOKIE_AGE - (timezone.now().timestamp() - renewed)))


class SessionLifetimeMiddleware:
    """Idle sign-out after SESSION_COOKIE_AGE without a request, and the absolute cap.

    The idle timer is renewed by a request at most once per SESSION_RENEW_AFTER seconds (not on every request:
    that would write the session row on every page view), so the sign-out comes between SESSION_COOKIE_AGE −
    SESSION_RENEW_AFTER and SESSION_COOKIE_AGE after the last request; the countdown shows the exact time left.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?expired=1")
            renewed = request.session.get(SESSION_RENEWED_KEY)
            if renewed is None or now - renewed >= settings.SESSION_RENEW_AFTER:
                renew_session(request, now)
        return self.get_response(request)


# Paths an unverified staff user may still reach: the sign-in and second-factor steps, sign-out, language
# switching and static files. Everything else (the officials register, role management…) needs TOTP first.
OTP_EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/accounts/password/reset/",
    "/accounts/citizen/",
    "/language/",
    "/i18n/",
    "/static/",
)


class StaffVerificationMiddleware:
    """A user holding any staff role must complete TOTP before reaching any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and has_role(user, *STAFF_ROLES)
            and not request.path.startswith(OTP_EXEMPT_PREFIXES)
        ):
            return redirect(reverse("accounts:otp-verify") + f"?next={request.get_full_path()}")
        return self.get_response(request)
