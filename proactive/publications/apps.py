from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "proactive.publications"
    label = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        from proactive.publications.views import casebooks

        casebooks.register()
