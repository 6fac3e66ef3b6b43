"""Format of a policy fragment (this one is empty on purpose; see tests/policy/__init__.py)."""

URLS: dict[str, str] = {}
GLOBAL_PERMS: dict[str, set[str]] = {}
OBJECT_PERMS: set[str] = set()
