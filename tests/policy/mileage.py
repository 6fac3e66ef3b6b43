"""Mileage permissions: moved to one fragment per area (tests/policy/mileage_<area>.py)."""

URLS: dict[str, str] = {}
GLOBAL_PERMS: dict[str, set[str]] = {}
OBJECT_PERMS: set[str] = set()
