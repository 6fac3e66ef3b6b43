from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("intake", "handling", "statistics", "casestudies")


class ReportingConfig(AppConfig):
    name = "proactive.reporting"
    label = "reporting"
    verbose_name = _("Passive-administration reporting centre")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.reporting import checks  # noqa: F401  (registers the key check)
        from proactive.web.navigation import register_section

        register_section("reporting", _("Reporting centre"), 40, [])
        # Each area wires itself: its views module's register() adds notification kinds and menu items.
        for area in AREAS:
            import_module(f"proactive.reporting.views.{area}").register()
