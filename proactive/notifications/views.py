"""A person's own notifications: the inbox, marking read (also as an htmx partial) and e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from proactive.notifications.forms import EmailPreferencesForm
from proactive.notifications.kinds import all_kinds
from proactive.notifications.models import Notification
from proactive.notifications.queries import email_choices, inbox_for
from proactive.notifications.services import mark_all_read, mark_read, set_email_preference
from proactive.web.pagination import paginate

PER_PAGE = 30


@login_required
@require_GET
@permission_required("notifications.view_inbox", raise_exception=True)
def inbox(request):
    context = paginate(request, inbox_for(request.user), PER_PAGE)
    return render(request, "notifications/inbox.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
@permission_required("notifications.view_inbox", raise_exception=True)
def partial_mark_read(request, pk: int):
    """Mark one notification read. htmx gets the updated row back; a plain form post goes back to the inbox.

    Someone else's notification is a 404, exactly like one that does not exist.
    """
    notification = get_object_or_404(Notification, pk=pk)
    if not request.user.has_perm("notifications.change_notification", notification):
        raise Http404
    mark_read(actor=request.user, notification=notification)
    if request.htmx:
        return render(request, "notifications/inbox.html#row", {"notification": notification})
    return _back(request)


@login_required
@require_POST
@permission_required("notifications.view_inbox", raise_exception=True)
def mark_all_read_view(request):
    count = mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications were marked as read."))
    return _back(request)


@login_required
@permission_required("notifications.change_preferences", raise_exception=True)
def preferences(request):
    choices = email_choices(request.user)
    form = EmailPreferencesForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        for kind in all_kinds():
            enabled = form.cleaned_data[kind.key]
            if enabled != choices.get(kind.key):
                set_email_preference(actor=request.user, user=request.user, kind=kind.key, enabled=enabled)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})
