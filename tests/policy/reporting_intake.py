"""Access policy of the reporting centre's public intake area (tests/reporting/test_intake_views.py tests each
denial). The reporter pages are public: anyone may report anonymously and follow a report with its receipt; a named
report and "My reports" need a signed-in verified citizen or official."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "report:home": "public",
    "report:file": "public",
    "report:follow": "public",
    "report:mine": "login",
    "report:mine-detail": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every account in the matrix is a verified citizen or an official (staff accounts are officials too).
    "reporting.file_named_report": set(Role),
}
OBJECT_PERMS: set[str] = {
    "reporting.view_own_report",
}
