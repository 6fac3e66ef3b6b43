from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("requests", "handling", "audit", "register", "settings")


class OpinionsConfig(AppConfig):
    name = "proactive.opinions"
    label = "opinions"
    verbose_name = _("Committee opinions and ratification")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.core.register import register_provider
        from proactive.opinions.agenda import register_agenda_kinds
        from proactive.opinions.queries.register import OPINIONS, RATIFICATIONS
        from proactive.web.navigation import SUPPORT_SECTION, register_section

        register_section(*SUPPORT_SECTION, [])
        # Each area wires itself: its views module's register() adds notification kinds, menu items and panels.
        for area in AREAS:
            import_module(f"proactive.opinions.views.{area}").register()
        register_agenda_kinds()
        register_provider(OPINIONS)
        register_provider(RATIFICATIONS)
