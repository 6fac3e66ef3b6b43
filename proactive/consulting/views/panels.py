"""The menu section and the dashboard panels of the pre-consulting audit (registered from ``ConsultingConfig.ready``):
the requester's (implementation to report, returned requests), the head's (requests to approve) and the audit
office's (to screen, in review, due soon, overdue)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from proactive.consulting.queries import office as office_queries
from proactive.consulting.queries import requests as request_queries
from proactive.consulting.services.common import current_settings, today
from proactive.web.navigation import SUPPORT_SECTION, DashboardPanel, MenuItem, register_panel, register_section


def register() -> None:
    register_section(
        *SUPPORT_SECTION,
        [
            MenuItem(_("My pre-consulting requests"), "consulting:my-requests", "consulting.view_my_requests"),
            MenuItem(_("New pre-consulting request"), "consulting:request-create", "consulting.create_request"),
            MenuItem(_("Requests to approve"), "consulting:approvals", "consulting.view_approvals"),
            MenuItem(_("Pre-consulting queue"), "consulting:queue", "consulting.view_queue"),
            MenuItem(_("Published pre-consulting answers"), "consulting:published-list", None),
            MenuItem(_("Pre-consulting settings"), "consulting:settings", "consulting.manage_settings"),
        ],
    )
    register_panel(
        DashboardPanel(
            key="consulting-requester",
            template="consulting/panels/_requester.html",
            permission="consulting.view_my_requests",
            order=45,
            context=requester_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="consulting-head",
            template="consulting/panels/_head.html",
            permission="consulting.view_approvals",
            order=46,
            context=head_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="consulting-office",
            template="consulting/panels/_office.html",
            permission="consulting.view_queue",
            order=36,
            context=office_panel,
        )
    )


def requester_panel(user: Any) -> dict[str, Any]:
    return request_queries.requester_counts(user)


def head_panel(user: Any) -> dict[str, Any]:
    return request_queries.head_counts(user)


def office_panel(user: Any) -> dict[str, Any]:
    settings = current_settings()
    return office_queries.office_counts(
        user, today=today(), due_soon_days=settings.due_soon_days, business=settings.business_days
    )
