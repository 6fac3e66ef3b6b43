from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "proactive.web"
    label = "web"
    verbose_name = _("Site shell")

    def ready(self) -> None:
        from proactive.web.navigation import MenuItem, register_section

        # Always present, so the menu (and KRDS's mobile-menu script, which expects one) is never empty.
        register_section(
            "about",
            _("About the programme"),
            10,
            [
                MenuItem(_("Home"), "web:home"),
                MenuItem(_("My dashboard"), "web:dashboard", "auth"),
                MenuItem(_("Privacy policy"), "web:privacy"),
                MenuItem(_("Accessibility"), "web:accessibility"),
            ],
        )
