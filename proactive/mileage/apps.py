from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("statements", "claims", "redemptions", "appeals", "catalogue")


class MileageConfig(AppConfig):
    name = "proactive.mileage"
    label = "mileage"
    verbose_name = _("Proactive administration mileage")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.web.navigation import register_section

        register_section("mileage", _("Mileage"), 30, [])
        # Each area wires itself: its views module's register() adds notification kinds and menu items (via
        # web.navigation.add_menu_items).
        for area in AREAS:
            import_module(f"proactive.mileage.views.{area}").register()
