"""Access policy of the import of past cases (tests/nominations/test_archive_views.py tests the denials)."""

URLS: dict[str, str] = {
    "nominations:archive-import": "login",
    "nominations:archive-template": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {}  # uses nominations.manage_rounds (tests/policy of the rounds)
OBJECT_PERMS: set[str] = set()
