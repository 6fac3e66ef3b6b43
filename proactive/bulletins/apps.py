from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "proactive.bulletins"
    label = "bulletins"
    verbose_name = _("Monthly bulletin")

    def ready(self) -> None:
        from proactive.bulletins.views import staff, subscriptions

        # Each area wires its menu items.
        subscriptions.register()
        staff.register()
