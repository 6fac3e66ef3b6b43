from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    """What a staff member did with someone's personal data (안전조치 §8 접속기록)."""

    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    REVEAL = "reveal", _("Revealed identity")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")


# Actions that need a stated reason before they happen.
ACTIONS_NEEDING_REASON = frozenset({AccessAction.DOWNLOAD, AccessAction.EXPORT, AccessAction.REVEAL})
