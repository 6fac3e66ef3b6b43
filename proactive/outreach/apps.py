"""Campaigns, training, liaison meetings and the programme's figures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("activities", "training", "liaison", "figures")


class OutreachConfig(AppConfig):
    name = "proactive.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.outreach.services import common

        common.register_notification_kinds()
        # Each area wires itself: its views module's register() adds menu items and dashboard panels.
        for area in AREAS:
            import_module(f"proactive.outreach.views.{area}").register()
