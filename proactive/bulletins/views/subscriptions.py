"""Subscribing: citizens by e-mail (double opt-in, confirmed and ended by signed links that need no sign-in), staff
with their account, and the secretariat's counts (no list of addresses exists on any page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from proactive.bulletins import queries
from proactive.bulletins.forms import CitizenSubscribeForm, StaffSubscribeForm
from proactive.bulletins.services import subscriptions as services
from proactive.core.exceptions import DomainError
from proactive.web.navigation import OUTREACH_SECTION, MenuItem, register_section
from proactive.web.refusals import refused, require

COUNTS = "bulletins.view_subscribers"
STAFF = "bulletins.subscribe_staff"


def register() -> None:
    register_section(
        *OUTREACH_SECTION,
        [
            MenuItem(gettext_lazy("Monthly bulletin"), "bulletins:archive"),
            MenuItem(gettext_lazy("My bulletin subscription"), "bulletins:my-subscription", STAFF),
            MenuItem(gettext_lazy("Bulletin subscribers"), "bulletins:subscribers", COUNTS),
        ],
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = CitizenSubscribeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.subscribe_citizen(
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                    consent=form.cleaned_data["consent"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(request, "bulletins/subscribe_sent.html", {"days": services.CONFIRM_DAYS})
        return render(
            request, "bulletins/subscribe.html", {"form": form, "notice": services.consent_notice()}, status=400
        )
    return render(request, "bulletins/subscribe.html", {"form": form, "notice": services.consent_notice()})


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners open links); the POST confirms."""
    if request.method == "POST":
        try:
            services.confirm_subscription(token=token)
        except DomainError as exc:
            return render(request, "bulletins/confirm.html", {"error": exc.message}, status=400)
        return render(request, "bulletins/confirm.html", {"confirmed": True})
    valid = services.subscription_for_token(token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_DAYS * 86400)
    context = {
        "error": None if valid else _("This confirmation link is not valid any more. Subscribe again to get a new one.")
    }
    return render(request, "bulletins/confirm.html", context, status=200 if valid else 400)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Works without signing in. GET asks; the POST deletes the subscription and the address."""
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "bulletins/unsubscribe.html", {"done": True})
    return render(request, "bulletins/unsubscribe.html", {"done": False})


@login_required
@require_http_methods(["GET", "POST"])
def my_subscription(request):
    require(request, STAFF)
    current = queries.staff_subscription(request.user)
    initial = {"language": current.language if current else (request.user.preferred_language or "ko")}
    form = StaffSubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unsubscribe":
                services.unsubscribe_staff(actor=request.user)
                messages.success(request, _("You no longer receive the bulletin by e-mail."))
                return redirect("bulletins:my-subscription")
            if form.is_valid():
                services.subscribe_staff(actor=request.user, language=form.cleaned_data["language"])
                messages.success(request, _("You receive the bulletin by e-mail from the next edition."))
                return redirect(
                    request.POST.get("next") == "archive" and "bulletins:archive" or "bulletins:my-subscription"
                )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        return render(request, "bulletins/my_subscription.html", {"form": form, "current": current}, status=400)
    return render(request, "bulletins/my_subscription.html", {"form": form, "current": current})


@login_required
@require_GET
def subscribers(request):
    require(request, COUNTS)
    return render(request, "bulletins/subscribers.html", {"counts": queries.subscriber_counts()})
