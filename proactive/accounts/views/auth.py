"""Sign-in screens: officials (password, then TOTP for staff roles), password change and reset, citizens (an
e-mailed one-time code), and the signed-in user's own profile.

Lock-out after repeated failures is django-axes' job (it counts the failures ``authenticate`` reports and turns
the response into ``accounts/locked_out.html``); the session's absolute lifetime and the "staff must pass TOTP"
rule are enforced for every request in ``accounts.middleware``.
"""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import STAFF_ROLES, Role, UserKind
from proactive.accounts.forms.auth import (
    CitizenCodeForm,
    CitizenStartForm,
    LoginForm,
    OfficialPasswordResetForm,
    OtpCodeForm,
    ProactivePasswordChangeForm,
    ProactiveSetPasswordForm,
)
from proactive.accounts.identity import IdentityError, get_provider, normalise_email
from proactive.accounts.middleware import SESSION_STARTED_KEY, renew_session
from proactive.accounts.models import Official, OrgUnit, User
from proactive.accounts.queries import has_role, held_roles
from proactive.accounts.services.auth import (
    SecondFactorError,
    change_password,
    confirm_totp_device,
    reset_password,
    send_password_reset,
    start_totp_enrolment,
    verify_totp,
)
from proactive.accounts.services.citizens import get_or_create_verified_citizen
from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip

MODEL_BACKEND = "proactive.accounts.backends.AccountBackend"
# Like Django's PasswordResetConfirmView: the token moves from the URL into the session at once, so it never
# stays in the address bar, the history or a Referer header.
RESET_SESSION_TOKEN = "_password_reset_token"
RESET_URL_TOKEN = "set-password"
CITIZEN_EMAIL_KEY = "citizen_signin_email"
CITIZEN_NEXT_KEY = "citizen_signin_next"


# --- helpers ----------------------------------------------------------------------------------------------


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _next_from(request) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _posted(request):
    return request.POST if request.method == "POST" else None


def _needs_second_factor(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def _unverified_staff(user) -> bool:
    return _needs_second_factor(user) and not user.is_verified()


def _start_session(request, user: User, backend: str | None = None) -> None:
    """``login`` issues a new session key (no fixation); the absolute lifetime counts from here."""
    login(request, user, backend=backend)
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()


def _complete_second_factor(request, device: TOTPDevice) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # re-authentication gets a new session id as well (SESS-01)


def _set_language_cookie(response, user: User) -> None:
    language = user.preferred_language
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


def _welcome(request, user: User) -> None:
    with translation.override(user.preferred_language or translation.get_language()):
        messages.success(request, _("Welcome, %(name)s. You are signed in.") % {"name": user.display_name})


def _lockout_policy() -> dict:
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


# --- officials: password and second factor ----------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    next_url = _next_from(request)
    form = LoginForm(request, data=_posted(request))
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            _start_session(request, user)
            record_access(actor=user, ip_address=client_ip(request), action=AccessAction.LOGIN)
            if _needs_second_factor(user):
                step = "accounts:otp-verify" if _confirmed_device(user) else "accounts:otp-setup"
                response = redirect(_with_next(step, next_url))
            else:
                _welcome(request, user)
                response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            _set_language_cookie(response, user)
            return response
        if form.attempted:
            record_access(
                actor=None,
                ip_address=client_ip(request),
                action=AccessAction.LOGIN_FAILED,
                resource=form.cleaned_data.get("username", "")[:150],
            )
    context = {
        "form": form,
        "next": next_url,
        "expired": request.GET.get("expired") in ("1", "idle"),
        **_lockout_policy(),
    }
    return render(request, "accounts/auth/login.html", context)


@require_POST
def logout_view(request):
    user = request.user
    if user.is_authenticated:
        if user.kind == UserKind.OFFICIAL:
            record_access(actor=user, ip_address=client_ip(request), action=AccessAction.LOGOUT)
        logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@never_cache
def otp_verify(request):
    user = request.user
    next_url = _next_from(request)
    if user.is_verified():
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    device = _confirmed_device(user)
    if device is None:
        if _needs_second_factor(user):
            return redirect(_with_next("accounts:otp-setup", next_url))
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = OtpCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = verify_totp(actor=user, device=device, token=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", exc.message)
            record_access(actor=user, ip_address=client_ip(request), action=AccessAction.LOGIN_FAILED, resource="totp")
        else:
            _complete_second_factor(request, device)
            _welcome(request, user)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/auth/otp_verify.html", {"form": form, "next": next_url})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    # Generated from our own otpauth URL (hex key, username, issuer), never from free text.
    return mark_safe(image.to_string(encoding="unicode"))


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@never_cache
def otp_setup(request):
    user = request.user
    next_url = _next_from(request)
    if not _needs_second_factor(user):
        raise PermissionDenied
    if _confirmed_device(user) is not None:
        if user.is_verified():
            messages.info(request, _("Your authenticator app is already set up."))
            return redirect("accounts:profile")
        return redirect(_with_next("accounts:otp-verify", next_url))
    device = start_totp_enrolment(actor=user, user=user)
    form = OtpCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = confirm_totp_device(actor=user, device=device, token=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _complete_second_factor(request, device)
            messages.success(request, _("Two-step verification is now on for your account."))
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped_secret(device),
        "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""),
    }
    return render(request, "accounts/auth/otp_setup.html", context)


# --- passwords --------------------------------------------------------------------------------------------


@sensitive_post_parameters()
@login_required
@never_cache
def password_change(request):
    user = request.user
    if user.kind != UserKind.OFFICIAL or not user.has_usable_password():
        raise PermissionDenied
    if _unverified_staff(user):
        return redirect(_with_next("accounts:otp-verify", request.get_full_path()))
    form = ProactivePasswordChangeForm(user, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        change_password(actor=user, user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/auth/password_change.html", {"form": form})


@never_cache
def password_reset(request):
    form = OfficialPasswordResetForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        send_password_reset(
            actor=request.user if request.user.is_authenticated else None,
            users=list(form.get_users(form.cleaned_data["email"])),
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/auth/password_reset.html", {"form": form})


def password_reset_sent(request):
    context = {"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
    return render(request, "accounts/auth/password_reset_sent.html", context)


def _reset_user(uidb64: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, ValidationError):
        return None
    user = User.objects.filter(pk=pk, kind=UserKind.OFFICIAL, is_active=True).first()
    return user if user is not None and user.has_usable_password() else None


@sensitive_post_parameters()
@never_cache
def password_reset_confirm(request, uidb64, token):
    user = _reset_user(uidb64)
    valid = False
    if user is not None:
        if token == RESET_URL_TOKEN:
            valid = default_token_generator.check_token(user, request.session.get(RESET_SESSION_TOKEN))
        elif default_token_generator.check_token(user, token):
            request.session[RESET_SESSION_TOKEN] = token
            return redirect("accounts:password-reset-confirm", uidb64=uidb64, token=RESET_URL_TOKEN)
    if not valid:
        return render(request, "accounts/auth/password_reset_confirm.html", {"validlink": False})
    form = ProactiveSetPasswordForm(user, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        reset_password(actor=user, user=user, new_password=form.cleaned_data["new_password1"])
        request.session.pop(RESET_SESSION_TOKEN, None)
        return redirect("accounts:password-reset-complete")
    return render(request, "accounts/auth/password_reset_confirm.html", {"validlink": True, "form": form})


def password_reset_complete(request):
    return render(request, "accounts/auth/password_reset_complete.html")


# --- citizens ---------------------------------------------------------------------------------------------


@never_cache
def citizen_start(request):
    next_url = _next_from(request)
    if next_url:
        request.session[CITIZEN_NEXT_KEY] = next_url
    remembered = request.session.get(CITIZEN_EMAIL_KEY, "")
    form = CitizenStartForm(_posted(request), initial={"email": remembered})
    if request.method == "POST" and form.is_valid():
        email = normalise_email(form.cleaned_data["email"])
        request.session[CITIZEN_EMAIL_KEY] = email
        try:
            get_provider().start(email)
        except IdentityError as exc:
            form.add_error(None, exc.message)
            remembered = email
        else:
            messages.success(request, _("We sent a 6-digit code to %(email)s.") % {"email": email})
            return redirect("accounts:citizen-verify")
    return render(request, "accounts/auth/citizen_start.html", {"form": form, "remembered_email": remembered})


@never_cache
def citizen_verify(request):
    email = request.session.get(CITIZEN_EMAIL_KEY)
    if not email:
        messages.info(request, _("Please enter your e-mail address first."))
        return redirect("accounts:citizen-start")
    provider = get_provider()
    if request.method == "POST" and "resend" in request.POST:
        try:
            provider.start(email)
        except IdentityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("We sent a new code to %(email)s. Older codes no longer work.") % {"email": email}
            )
        return redirect("accounts:citizen-verify")
    form = CitizenCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            verified = provider.verify(email, form.cleaned_data["code"])
            if not verified:
                raise IdentityError(_("This code is not correct. Check the code in the e-mail and try again."))
            user = get_or_create_verified_citizen(actor=None, email=email)
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            next_url = _safe_next(request, request.session.get(CITIZEN_NEXT_KEY))
            _start_session(request, user, backend=MODEL_BACKEND)
            request.session.pop(CITIZEN_EMAIL_KEY, None)
            request.session.pop(CITIZEN_NEXT_KEY, None)
            _welcome(request, user)
            response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            _set_language_cookie(response, user)
            return response
    context = {
        "form": form,
        "email": email,
        "code_minutes": int(settings.CITIZEN_CODE_TTL.total_seconds() // 60),
        "code_attempts": settings.CITIZEN_CODE_MAX_ATTEMPTS,
    }
    return render(request, "accounts/auth/citizen_verify.html", context)


# --- profile ----------------------------------------------------------------------------------------------


@login_required
def profile(request):
    user = request.user
    if _unverified_staff(user):
        return redirect(_with_next("accounts:otp-verify", request.get_full_path()))
    language = translation.get_language()
    roles = held_roles(user)
    unit_ids = {h.unit_id for h in roles if h.unit_id}
    units = OrgUnit.objects.in_bulk(unit_ids) if unit_ids else {}
    role_rows = [
        {"label": Role(h.role).label, "unit": units[h.unit_id].display_name(language) if h.unit_id in units else ""}
        for h in roles
    ]
    official = Official.objects.select_related("unit").filter(pk=user.official_id).first() if user.official_id else None
    preferred = user.preferred_language if user.preferred_language in dict(settings.LANGUAGES) else ""
    context = {
        "profile_user": user,
        "official": official,
        "official_unit": official.unit.display_name(language) if official else "",
        "role_rows": role_rows,
        "preferred_language": get_language_info(preferred)["name_local"] if preferred else "",
        "device": _confirmed_device(user),
        "second_factor_required": _needs_second_factor(user),
        "can_change_password": user.kind == UserKind.OFFICIAL and user.has_usable_password(),
    }
    return render(request, "accounts/auth/profile.html", context)


@login_required
@require_POST
def session_extend(request):
    """Keep the session alive: restart the idle timer now (the countdown's "extend" button)."""
    renew_session(request)
    return HttpResponse(status=204)
