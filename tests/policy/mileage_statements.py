"""Access policy of the mileage statements area (tests/mileage/test_statements_views.py tests each denial)."""

from proactive.accounts.enums import Role

R = Role
REPORT_ROLES = {R.DEPARTMENT_HEAD, R.BUREAU_CHIEF, R.SECRETARIAT}

URLS: dict[str, str] = {
    "mileage:statement": "login",
    "mileage:report": "login",
    "mileage:report-export": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; citizens have no mileage.
    "mileage.view_own_statement": set(Role) - {R.CITIZEN},
    "mileage.view_mileage_reports": REPORT_ROLES,
    "mileage.export_mileage_reports": REPORT_ROLES,
}
OBJECT_PERMS: set[str] = set()
