from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "proactive.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from proactive.audit.queries import auditor_panel
        from proactive.web.navigation import DashboardPanel, register_panel

        register_panel(
            DashboardPanel(
                key="audit-access",
                template="audit/_panel.html",
                permission="audit.view_audit",
                order=80,
                context=auditor_panel,
            )
        )
