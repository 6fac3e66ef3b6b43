"""Access policy of the reporting centre's statistics and settings (tests/reporting/test_statistics_views.py and
test_settings_views.py test each denial)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "reporting:statistics": "login",
    "reporting:statistics-export": "login",
    "reporting:settings": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "reporting.view_report_statistics": {Role.AUDIT_OFFICER},
    # The matrix's audit officer holds the role without a unit: the city's (rules.statistics.serves_the_city).
    "reporting.manage_centre_settings": {Role.AUDIT_OFFICER},
}
OBJECT_PERMS: set[str] = set()
