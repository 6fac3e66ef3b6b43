"""The deadline rule's page (the secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from proactive.core.exceptions import DomainError
from proactive.opinions.forms.settings import SettingsForm
from proactive.opinions.models import OpinionSettings
from proactive.opinions.services import settings as services
from proactive.opinions.views.common import no_superuser, require
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.refusals import refusal_status

CHANGE = services.CHANGE


def register() -> None:
    add_menu_items("support", [MenuItem(gettext_lazy("Opinion deadline settings"), "opinions:settings", CHANGE)])


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    no_superuser(request)
    require(request, CHANGE)
    current = OpinionSettings.current()
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=OpinionSettings(pk=current.pk))
        status = 400
        if form.is_valid():
            try:
                services.update_settings(actor=request.user, data=form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    refusal_status(exc)
                    form.add_error(None, exc.message)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("The settings were saved. Requests already accepted keep their due date."))
                return redirect("opinions:settings")
    else:
        form = SettingsForm(instance=current)
    return render(request, "opinions/settings.html", {"form": form}, status=status)
