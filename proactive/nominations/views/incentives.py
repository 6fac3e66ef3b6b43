"""Views of the selection round's incentives (being built)."""


def register() -> None:
    """Notification kinds, menu items and dashboard panels of this area (called from NominationsConfig.ready)."""
