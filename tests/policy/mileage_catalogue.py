"""Access policy of the mileage catalogue area (tests/mileage/test_catalogue_views.py tests each denial)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "mileage:catalogue": "login",
    "mileage:policy-edit": "login",
    "mileage:activity-create": "login",
    "mileage:activity-revise": "login",
    "mileage:activity-toggle": "post-only",
    "mileage:reward-create": "login",
    "mileage:reward-edit": "login",
    "mileage:reward-toggle": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; citizens have no mileage.
    "mileage.view_catalogue": set(Role) - {Role.CITIZEN},
    "mileage.manage_catalogue": {Role.SECRETARIAT},
}
OBJECT_PERMS: set[str] = set()
