"""Access policy of the results area: the public announcement, gallery and case pages; special-promotion
re-nominations (department heads request, HR officers and the secretariat decide)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "nominations:round-results": "public",
    "nominations:gallery": "public",
    "nominations:case": "public",
    "nominations:renomination-mine": "login",
    "nominations:renomination-create": "login",
    "nominations:renomination-list": "login",
    "nominations:renomination-decide": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "nominations.request_renomination": {Role.DEPARTMENT_HEAD},
    "nominations.view_renominations": {Role.HR_OFFICER, Role.SECRETARIAT},
    "nominations.decide_renomination": {Role.HR_OFFICER, Role.SECRETARIAT},
}
# Tested in tests/nominations/test_awards_services.py (the nominating unit's head only).
OBJECT_PERMS: set[str] = {"nominations.renominate_nomination"}
