"""Access policy of the statistics area: the public statistics page and the per-round exports."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "nominations:statistics": "public",
    "nominations:round-exports": "login",
    "nominations:round-export": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "nominations.export_round_results": {Role.SECRETARIAT, Role.COMMITTEE_CHAIR, Role.HR_OFFICER},
}
OBJECT_PERMS: set[str] = set()
