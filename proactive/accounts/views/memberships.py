"""Managing role memberships: list, grant, end. Memberships are never deleted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from proactive.accounts import queries
from proactive.accounts.forms.memberships import MembershipCreateForm, MembershipEndForm, MembershipFilterForm
from proactive.accounts.models import RoleMembership
from proactive.accounts.services.memberships import end_membership, grant_role
from proactive.accounts.views.org import paginate
from proactive.core.exceptions import DomainError


@login_required
@permission_required("accounts.manage_memberships", raise_exception=True)
def membership_list(request):
    form = MembershipFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    memberships = queries.memberships_filtered(role=filters.get("role", ""), state=filters.get("state") or "active")
    page, page_range = paginate(request, memberships)
    context = {"form": form, "page_obj": page, "page_range": page_range, "today": timezone.localdate()}
    return render(request, "accounts/memberships/list.html", context)


@login_required
@permission_required("accounts.manage_memberships", raise_exception=True)
@require_http_methods(["GET", "POST"])
def membership_create(request):
    form = MembershipCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = grant_role(
                actor=request.user,
                user=data["user_ref"],
                role=data["role"],
                unit=data["unit"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(user)s now holds the role “%(role)s”.")
                % {"user": membership.user.display_name, "role": membership.get_role_display()},
            )
            return redirect("accounts:membership-list")
    return render(request, "accounts/memberships/create.html", {"form": form})


@login_required
@permission_required("accounts.manage_memberships", raise_exception=True)
@require_http_methods(["GET", "POST"])
def membership_end(request, pk: int):
    """GET shows a confirmation with an optional last day; POST ends the membership."""
    membership = get_object_or_404(RoleMembership.objects.select_related("user", "unit"), pk=pk)
    form = MembershipEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            end_membership(actor=request.user, membership=membership, ends_on=form.cleaned_data["ends_on"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            assert membership.ends_on is not None  # end_membership always sets the last day
            messages.success(
                request,
                _("The role “%(role)s” of %(user)s ends on %(date)s.")
                % {
                    "role": membership.get_role_display(),
                    "user": membership.user.display_name,
                    "date": membership.ends_on.isoformat(),
                },
            )
            return redirect("accounts:membership-list")
    return render(request, "accounts/memberships/end.html", {"membership": membership, "form": form})
