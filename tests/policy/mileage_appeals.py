"""Access policy of the mileage appeals area (tests/mileage/test_appeals_views.py tests each denial)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "mileage:appeal-list": "login",
    "mileage:appeal-create": "login",
    "mileage:appeal-mine": "login",
    "mileage:appeal-panel": "login",
    "mileage:appeal-detail": "login",
    "mileage:appeal-assign": "post-only",
    "mileage:appeal-decide": "post-only",
    "mileage:appeal-withdraw": "post-only",
    "mileage:appeal-evidence": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; citizens have no mileage.
    "mileage.file_appeal": set(Role) - {R.CITIZEN},
    "mileage.view_my_appeals": set(Role) - {R.CITIZEN},
    "mileage.view_all_appeals": {R.SECRETARIAT},
    "mileage.view_panel_appeals": {R.APPEALS_PANEL},
    "mileage.assign_appeal_panel": {R.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {
    "mileage.view_appeal",
    "mileage.decide_appeal",
    "mileage.withdraw_appeal",
    "mileage.add_appeal_evidence",
}
