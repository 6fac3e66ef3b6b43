from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _my_roles_context(user) -> dict:
    # Imported here: models are not ready when this module is imported.
    from proactive.accounts.queries import memberships_of

    return {"memberships": list(memberships_of(user))}


def _organisation_context(user) -> dict:
    # Imported here: models are not ready when this module is imported.
    from proactive.accounts.queries import org_counts

    return {"counts": org_counts()}


class AccountsConfig(AppConfig):
    name = "proactive.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisation")

    def ready(self) -> None:
        # Imported here: navigation and notification registries are filled once the apps are loaded.
        from proactive.notifications.kinds import register_kind
        from proactive.web.navigation import DashboardPanel, register_panel

        register_panel(
            DashboardPanel(
                key="accounts-my-roles",
                template="accounts/panels/my_roles.html",
                permission="auth",
                order=10,
                context=_my_roles_context,
            )
        )
        register_panel(
            DashboardPanel(
                key="accounts-organisation",
                template="accounts/panels/organisation.html",
                permission="accounts.import_org",
                order=80,
                context=_organisation_context,
            )
        )
        register_kind("accounts.role_granted", _("A role was granted to you"), email_default=True)
        register_kind("accounts.role_ended", _("One of your roles was ended"), email_default=True)
