from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultingConfig(AppConfig):
    name = "proactive.consulting"
    label = "consulting"
    verbose_name = _("Pre-consulting audits")

    def ready(self) -> None:
        from django.urls import reverse

        from proactive.committee.agenda import AgendaKind, register_kind
        from proactive.consulting.enums import CommitteeOutcome
        from proactive.consulting.queries.published import PreconsultingRegister
        from proactive.consulting.services import review
        from proactive.consulting.services.common import register_notification_kinds
        from proactive.consulting.views import panels
        from proactive.core.register import register_provider

        register_notification_kinds()
        panels.register()
        register_provider(PreconsultingRegister())
        # The audit office refers a matter with wide impact to the committee (DOMAIN §2.1 item 4).
        register_kind(
            AgendaKind(
                key=review.AGENDA_KIND,
                label=_("Pre-consulting referral"),
                outcomes=list(CommitteeOutcome.choices),
                subject_url=lambda pk: reverse("consulting:request-detail", args=[pk]),
                on_decided=review.on_committee_decided,
                on_withdrawn=review.on_committee_withdrawn,
            )
        )
