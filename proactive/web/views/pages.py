from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import set_language as django_set_language

from proactive.accounts.services import set_preferred_language
from proactive.web.navigation import panels_for


def home(request):
    return render(request, "web/home.html")


@login_required
def dashboard(request):
    panels = []
    for panel in panels_for(request.user):
        context = panel.context(request.user) if panel.context else {}
        panels.append({"template": panel.template, "context": context, "key": panel.key})
    return render(request, "web/dashboard.html", {"panels": panels})


def set_language(request):
    """Switch language (remembered in a cookie, and on the account for signed-in users)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {"ko", "en"}:
        set_preferred_language(actor=request.user, user=request.user, language=language)
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        request.POST = request.POST.copy()
        request.POST["next"] = "/"
    return django_set_language(request)


def privacy(request):
    return render(request, "web/privacy.html")


def accessibility(request):
    return render(request, "web/accessibility.html")
