"""The menu section and the dashboard panels of the protection app (called from ``ProtectionConfig.ready``)."""

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from proactive.protection.enums import ApplicationState
from proactive.protection.models import BoardVote, ExemptionApplication
from proactive.protection.queries import audits_visible_to
from proactive.protection.queries.applications import overdue_q
from proactive.protection.queries.caseload import counts_for
from proactive.protection.services.common import today
from proactive.web.navigation import SUPPORT_SECTION, DashboardPanel, MenuItem, register_panel, register_section

S = ApplicationState


def register() -> None:
    register_section(
        *SUPPORT_SECTION,
        [
            MenuItem(_("My exemption reviews"), "protection:my-exemptions", "protection.view_my_exemptions"),
            MenuItem(_("Protection guide"), "protection:guide", "protection.view_guide"),
            MenuItem(_("Audits and findings"), "protection:audit-list", "protection.manage_audits"),
            MenuItem(_("Exemption applications"), "protection:application-list", "protection.manage_audits"),
            MenuItem(_("Review board sessions"), "protection:session-list", "protection.view_sessions"),
            MenuItem(_("Protection officer's caseload"), "protection:caseload", "protection.view_caseload"),
            MenuItem(_("Exemption review settings"), "protection:settings", "protection.manage_settings"),
        ],
    )
    register_panel(
        DashboardPanel(
            key="protection-audit-office",
            template="protection/panels/_audit_office.html",
            permission="protection.manage_audits",
            order=36,
            context=audit_office_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="protection-board",
            template="protection/panels/_board.html",
            permission="protection.vote_as_board_member",
            order=37,
            context=board_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="protection-officer",
            template="protection/panels/_officer.html",
            permission="protection.view_caseload",
            order=38,
            context=counts_for,
        )
    )


def audit_office_panel(user: Any) -> dict[str, int]:
    """Applications to screen, under review, overdue (one query)."""
    qs = ExemptionApplication.objects.filter(concerned__finding__audit__in=audits_visible_to(user))
    return qs.aggregate(
        to_screen=Count("pk", filter=Q(state=S.SUBMITTED)),
        under_review=Count("pk", filter=Q(state=S.UNDER_REVIEW)),
        overdue=Count("pk", filter=overdue_q(today()) & ~Q(state=S.DRAFT)),
    )


def board_panel(user: Any) -> dict[str, int]:
    """Applications under review on sessions the member is present at, and how many of them still need their vote."""
    on_my_sessions = ExemptionApplication.objects.filter(
        state=S.UNDER_REVIEW, session__members__member=user, session__members__present=True
    ).distinct()
    voted = BoardVote.objects.filter(member=user, application__in=on_my_sessions).count()
    total = on_my_sessions.count()
    return {"to_review": total, "to_vote": max(total - voted, 0)}
