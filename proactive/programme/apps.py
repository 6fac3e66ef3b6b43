from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "proactive.programme"
    label = "programme"
    verbose_name = _("Programme settings")

    def ready(self) -> None:
        from proactive.web.navigation import MenuItem, register_section

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
