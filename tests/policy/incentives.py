"""Access policy of the incentives area (tests/nominations/test_incentives_views.py tests each denial)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "nominations:my-awards": "login",
    "nominations:incentive-choose": "post-only",
    "nominations:incentive-rounds": "login",
    "nominations:incentive-list": "login",
    "nominations:incentive-create": "post-only",
    "nominations:incentive-payments": "login",
    "nominations:incentive-eligibility": "post-only",
    "nominations:incentive-decide": "post-only",
    "nominations:incentive-applied": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; citizens never win awards.
    "nominations.view_my_awards": set(Role) - {R.CITIZEN},
    # Data-driven: only while the official has an incentive waiting for their choice (none in the matrix).
    "nominations.choose_pending_benefit": set(),
    "nominations.view_incentives": {R.HR_OFFICER, R.SECRETARIAT},
    "nominations.export_incentive_payments": {R.HR_OFFICER, R.SECRETARIAT},
    "nominations.process_incentives": {R.HR_OFFICER},
    "nominations.create_incentives": {R.COMMITTEE_CHAIR, R.HR_OFFICER, R.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {"nominations.choose_benefit"}
