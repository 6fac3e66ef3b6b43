from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "proactive.committee"
    label = "committee"
    verbose_name = _("Proactive administration committee")

    def ready(self) -> None:
        from proactive.committee import rules  # noqa: F401  (document access rules for the PDFs)
        from proactive.committee.kinds import register_kinds
        from proactive.committee.services.common import register_notification_kinds
        from proactive.committee.views.home import register

        register_kinds()
        register_notification_kinds()
        register()
