"""Access policy of the certificates of commendation (상장): the winner's own list and PDF, the secretariat's and
HR's round lists (the secretariat issues and revokes), and the public serial-number check."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "nominations:certificate-rounds": "login",
    "nominations:my-certificates": "login",
    "nominations:certificate-verify": "public",
    "nominations:certificate-pdf": "login",
    "nominations:certificate-revoke": "post-only",
    "nominations:certificate-list": "login",
    "nominations:certificate-issue": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official; only citizens are refused.
    "nominations.view_my_certificates": set(Role) - {Role.CITIZEN},
    "nominations.view_certificates": {Role.SECRETARIAT, Role.HR_OFFICER},
    "nominations.issue_certificates": {Role.SECRETARIAT, Role.COMMITTEE_CHAIR},
    "nominations.revoke_certificate": {Role.SECRETARIAT},
}
# Tested in tests/nominations/test_certificates_views.py (the recipient, the secretariat and HR only).
OBJECT_PERMS: set[str] = {"nominations.download_certificate"}
