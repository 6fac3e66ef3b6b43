from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "proactive.protection"
    label = "protection"
    verbose_name = _("Exemption reviews and protection")

    def ready(self) -> None:
        from proactive.protection.services.common import register_notification_kinds
        from proactive.protection.views.panels import register

        register_notification_kinds()
        register()
