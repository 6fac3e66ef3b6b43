import threading
import time

from django.conf import settings as django_settings

from proactive.programme.models import ProgrammeSettings


class _Kept:
    """One value and when it was read (``display_settings``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: tuple[float, ProgrammeSettings] | None = None


_display = _Kept()


def current_settings() -> ProgrammeSettings:
    """The settings row, created with defaults on first use. One query (with the lead department)."""
    settings = ProgrammeSettings.objects.select_related("programme_unit").filter(pk=1).first()
    if settings is None:
        settings, _ = ProgrammeSettings.objects.get_or_create(pk=1)
    return settings


def display_settings() -> ProgrammeSettings:
    """The settings as every page's shell shows them (the organisation's and the site's names, the lead department,
    address and contacts), read at most once per ``PROACTIVE_SHELL_SETTINGS_SECONDS`` (30) per process instead of once
    per page. A save in this process shows at once (``forget_display_settings``, on save); other processes, and a
    rename by the HR import (a bulk update, without signals), show within that time. For display only: anything that
    decides (permissions, the programme lead) reads ``current_settings``."""
    now = time.monotonic()
    kept = _display.value
    if kept is not None and now - kept[0] < django_settings.PROACTIVE_SHELL_SETTINGS_SECONDS:
        return kept[1]
    settings = current_settings()
    with _display.lock:
        _display.value = (now, settings)
    return settings


def forget_display_settings(**_kwargs: object) -> None:
    with _display.lock:
        _display.value = None
