from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("applications", "handling", "settings")


class LegalsupportConfig(AppConfig):
    name = "proactive.legalsupport"
    label = "legalsupport"
    verbose_name = _("Legal support")

    def ready(self) -> None:
        from importlib import import_module

        from django.urls import reverse

        from proactive.committee.agenda import AgendaKind
        from proactive.committee.agenda import register_kind as register_agenda_kind
        from proactive.legalsupport.enums import Outcome
        from proactive.legalsupport.services import applications, common
        from proactive.web.navigation import SUPPORT_SECTION, register_section

        common.register_notification_kinds()
        # The committee decides each application: approved (the amount proposed, within the cap) or denied.
        register_agenda_kind(
            AgendaKind(
                key=applications.AGENDA_KIND,
                label=_("Legal-support application"),
                outcomes=list(Outcome.choices),
                subject_url=lambda pk: reverse("legalsupport:detail", args=[pk]),
                on_decided=applications.on_committee_decided,
                on_withdrawn=applications.on_committee_withdrawn,
            )
        )
        register_section(*SUPPORT_SECTION, [])
        # Each area wires itself: its views module's register() adds menu items and dashboard panels.
        for area in AREAS:
            import_module(f"proactive.legalsupport.views.{area}").register()
