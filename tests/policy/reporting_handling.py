"""Access policy of the reporting centre's handling area (tests/reporting/test_handling_views.py and
test_handling_services.py test each denial: other staff, another body's audit officer, system administrators and
superusers). The permissions are the core's (rules/__init__.py); this area adds none but is the one that uses them."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "reporting:report-list": "login",
    "reporting:report-detail": "login",
    "reporting:report-triage": "post-only",
    "reporting:report-extend": "post-only",
    "reporting:report-finding": "post-only",
    "reporting:report-action": "post-only",
    "reporting:report-close": "post-only",
    "reporting:report-message": "post-only",
    "reporting:report-reveal": "post-only",
    "reporting:attachment": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "reporting.view_report_queue": {Role.AUDIT_OFFICER},
}
OBJECT_PERMS: set[str] = {
    "reporting.view_report",
    "reporting.handle_report",
    "reporting.see_reporter_identity",
    "reporting.reveal_reporter_identity",
}
