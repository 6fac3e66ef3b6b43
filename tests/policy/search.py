"""Access policy of search (tests/search/test_rules.py and test_views.py test the denials)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "search:search": "public",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Officials and staff read the reporting centre's anonymised case studies (reporting.view_case_studies).
    "search.view_staff_documents": set(Role) - {Role.CITIZEN},
}
OBJECT_PERMS: set[str] = set()
