from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("awards", "incentives", "certificates", "statistics", "archive")


class NominationsConfig(AppConfig):
    name = "proactive.nominations"
    label = "nominations"
    verbose_name = _("Selection of outstanding proactive officials")

    def ready(self) -> None:
        from importlib import import_module

        from proactive.nominations.rules import nominations as _rules  # noqa: F401  (evidence access rule)
        from proactive.nominations.services.committee import register_committee_notification_kinds
        from proactive.nominations.services.nominations import register_notification_kinds
        from proactive.nominations.services.reviews import register_review_notification_kinds
        from proactive.nominations.views.reviews import register_review_panels
        from proactive.web.navigation import MenuItem, register_section

        register_notification_kinds()
        _watch_public_content()
        register_review_notification_kinds()
        register_committee_notification_kinds()
        register_review_panels()
        register_section(
            "selection",
            _("Selection"),
            20,
            [
                MenuItem(_("Proactive administration board"), "nominations:board"),
                MenuItem(_("My nominations"), "nominations:my-nominations", "nominations.create_nomination"),
                MenuItem(_("My reviews"), "nominations:review-list", "nominations.view_my_reviews"),
                MenuItem(_("My committee reviews"), "nominations:committee-list", "nominations.view_committee_reviews"),
                MenuItem(_("Selection rounds"), "nominations:round-list", "nominations.manage_rounds"),
            ],
        )
        # Later areas wire themselves: each views module may define register() (notification kinds, menu items
        # via web.navigation.add_menu_items, dashboard panels).
        for area in AREAS:
            register = getattr(import_module(f"proactive.nominations.views.{area}"), "register", None)
            if register is not None:
                register()


def _watch_public_content() -> None:
    """The public gallery and case pages are cached (core.public_cache): writes to what they show invalidate them."""
    from proactive.accounts.models import Official, OrgUnit
    from proactive.core.public_cache import watch
    from proactive.nominations.models import Award, Nomination, NominationMember, SelectionRound

    watch([SelectionRound, Nomination, NominationMember, Award, Official, OrgUnit])
