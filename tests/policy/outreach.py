"""Access policy of outreach (tests/outreach/test_permissions.py tests each denial: an official, a system
administrator, an HR officer, a superuser and an anonymous visitor)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "outreach:activities": "login",
    "outreach:activity-create": "login",
    "outreach:activity-detail": "login",
    "outreach:activity-edit": "login",
    "outreach:sessions": "login",
    "outreach:session-create": "login",
    "outreach:my-training": "login",
    "outreach:training-totals": "login",
    "outreach:session-detail": "login",
    "outreach:session-edit": "login",
    "outreach:partial-officials": "login",
    "outreach:attendees-add": "post-only",
    "outreach:department-add": "post-only",
    "outreach:attendance-hours": "post-only",
    "outreach:attendance-remove": "post-only",
    "outreach:meetings": "login",
    "outreach:meeting-create": "login",
    "outreach:meeting-detail": "login",
    "outreach:meeting-edit": "login",
    "outreach:action-add": "post-only",
    "outreach:actions": "login",
    "outreach:action-move": "post-only",
    "outreach:figures": "login",
    "outreach:figures-export": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "outreach.view_activities": {R.SECRETARIAT},
    "outreach.manage_activities": {R.SECRETARIAT},
    "outreach.view_training": {R.SECRETARIAT},
    "outreach.manage_training": {R.SECRETARIAT},
    # Every staff account in the matrix is also an official.
    "outreach.view_my_training": set(Role) - {R.CITIZEN},
    "outreach.view_liaison": {R.SECRETARIAT},
    "outreach.manage_liaison": {R.SECRETARIAT},
    "outreach.view_figures": {R.SECRETARIAT, R.ACCOUNTABLE_OFFICER},
    "outreach.export_figures": {R.SECRETARIAT, R.ACCOUNTABLE_OFFICER},
}
OBJECT_PERMS: set[str] = set()
