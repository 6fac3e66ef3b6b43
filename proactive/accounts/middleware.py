"""Session and sign-in policies applied to every request."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import STAFF_ROLES
from proactive.accounts.queries import has_role

SESSION_STARTED_KEY = "proactive_session_started"


class SessionLifetimeMiddleware:
    """Idle sign-out comes from SESSION_COOKIE_AGE renewed on each request; this adds the absolute cap."""

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
