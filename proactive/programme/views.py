from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from proactive.programme.forms import ProgrammeSettingsForm
from proactive.programme.queries import current_settings
from proactive.programme.services import update_settings


@login_required
@permission_required("programme.change_settings", raise_exception=True)
def settings_edit(request):
    settings = current_settings()
    form = ProgrammeSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The programme settings were saved."))
            return redirect("programme:settings")
    return render(request, "programme/settings_edit.html", {"form": form})
