from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "proactive.programme"
    label = "programme"
    verbose_name = _("Programme settings")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from proactive.accounts.models import OrgUnit
        from proactive.programme.models import ProgrammeSettings
        from proactive.programme.queries import forget_display_settings
        from proactive.web.navigation import MenuItem, register_section

        # The shell's copy shows the lead department's name too.
        for model in (ProgrammeSettings, OrgUnit):
            post_save.connect(forget_display_settings, sender=model, dispatch_uid=f"display-settings-{model.__name__}")
            post_delete.connect(
                forget_display_settings, sender=model, dispatch_uid=f"display-settings-del-{model.__name__}"
            )

        register_section(
            "administration",
            _("Administration"),
            90,
            [
                MenuItem(_("Programme settings"), "programme:settings", "programme.change_settings"),
                MenuItem(_("Organisation"), "accounts:org-tree", "accounts.view_org"),
                MenuItem(_("Officials"), "accounts:official-list", "accounts.view_official"),
                MenuItem(_("Import from HR files"), "accounts:org-import", "accounts.import_org"),
                MenuItem(_("Role memberships"), "accounts:membership-list", "accounts.manage_memberships"),
                MenuItem(_("Audit trail"), "audit:event-list", "audit.view_audit"),
                MenuItem(_("Access records"), "audit:access-list", "audit.view_audit"),
            ],
        )
