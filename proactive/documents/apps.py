from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "proactive.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from proactive.documents.queries import documents_panel
        from proactive.web.navigation import DashboardPanel, register_panel

        register_panel(
            DashboardPanel(
                key="documents-mine",
                template="documents/_panel.html",
                permission="documents.upload_document",
                order=60,
                context=documents_panel,
            )
        )
