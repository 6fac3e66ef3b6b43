"""The yearly action plan (추진계획): directions, tasks, KPIs and quarterly progress."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("plans", "progress")


class ActionplanConfig(AppConfig):
    name = "proactive.actionplan"
    label = "actionplan"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.actionplan.services.progress import register_notification_kinds

        register_notification_kinds()
        # Each area wires itself: its views module's register() adds menu items and dashboard panels.
        for area in AREAS:
            import_module(f"proactive.actionplan.views.{area}").register()
