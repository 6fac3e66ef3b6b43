"""The audit officer's screens: the requests whose opinion was asked of them, and their answer on a request's
page; the dashboard panel."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from proactive.opinions import queries
from proactive.opinions.forms.handling import AuditOpinionForm
from proactive.opinions.services import requests as services
from proactive.opinions.views.common import done, fresh, no_superuser, render_detail, require, visible_or_404
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import submit

LIST = "opinions.view_audit_requests"
PER_PAGE = 30


def register() -> None:
    add_menu_items("support", [MenuItem(gettext_lazy("Audit opinions asked of me"), "opinions:audit-list", LIST)])
    register_panel(
        DashboardPanel(
            key="opinions-audit", template="opinions/audit/_panel.html", permission=LIST, order=47, context=panel
        )
    )


def panel(user: Any) -> dict[str, Any]:
    return {"pending": queries.audit_pending_count(user)}


@login_required
@require_GET
def audit_list(request):
    no_superuser(request)
    require(request, LIST)
    context = paginate(request, queries.audit_requests_for(request.user), PER_PAGE)
    return render(request, "opinions/audit/list.html", context)


@require_POST
@login_required
def audit_opinion(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.give_audit_opinion", opinion_request)
    form = AuditOpinionForm(request.POST)
    status = submit(
        form,
        lambda data: services.give_audit_opinion(
            actor=request.user,
            request=opinion_request,
            opinion=data["opinion"],
            objects=data["objects"],
        ),
    )
    if status is None:
        return done(request, opinion_request, _("Your opinion was sent to the secretariat."))
    return render_detail(request, fresh(opinion_request), status=status, audit_opinion_form=form)
