from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "proactive.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from proactive.notifications import kinds  # noqa: F401  (registers the system kinds)
        from proactive.notifications.queries import unread_panel
        from proactive.web.navigation import DashboardPanel, register_panel

        register_panel(
            DashboardPanel(
                key="notifications-unread",
                template="notifications/_panel.html",
                permission="auth",
                order=10,
                context=unread_panel,
            )
        )
