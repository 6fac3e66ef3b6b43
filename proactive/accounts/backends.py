"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's username-and-password check, without Django's model permissions and groups.

    Permissions here are named actions granted by roles through django-rules (decision 0009); nothing in the
    project assigns Django model permissions, so they grant nothing (an active superuser still passes every check:
    Django answers that before asking a backend). Asking for them cost every signed-in page two queries, for the
    menu's fingerprint (``web.navigation``), that always found nothing.
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
