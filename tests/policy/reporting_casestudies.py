"""Access policy of the reporting centre's case studies (tests/reporting/test_casestudies_views.py and
test_casestudies_rules.py test each denial)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "reporting:casestudy-list": "login",
    "reporting:casestudy-create": "login",
    "reporting:casestudy-detail": "login",
    "reporting:casestudy-edit": "login",
    "reporting:casestudy-publish": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; citizens do not read case studies.
    "reporting.view_case_studies": set(Role) - {Role.CITIZEN},
    "reporting.manage_case_studies": {Role.AUDIT_OFFICER},
}
OBJECT_PERMS: set[str] = {
    "reporting.view_case_study",
    "reporting.edit_case_study",
    "reporting.publish_case_study",
}
