"""Access policy of the pre-consulting audit (tests/consulting/test_rules.py, test_views.py and the services tests
test each denial: another official, another unit's head, a 구's audit officer, the committee, system administrators
and superusers)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "consulting:my-requests": "login",
    "consulting:request-create": "login",
    "consulting:approvals": "login",
    "consulting:request-detail": "login",
    "consulting:request-edit": "login",
    "consulting:request-file-remove": "post-only",
    "consulting:request-send": "post-only",
    "consulting:request-withdraw": "post-only",
    "consulting:request-revise": "post-only",
    "consulting:request-approve": "post-only",
    "consulting:request-implementation": "post-only",
    "consulting:opinion-pdf": "login",
    "consulting:queue": "login",
    "consulting:request-screen": "post-only",
    "consulting:request-assign": "post-only",
    "consulting:request-joint-review": "post-only",
    "consulting:request-escalate": "post-only",
    "consulting:request-escalation-reply": "post-only",
    "consulting:request-refer": "post-only",
    "consulting:request-extend": "post-only",
    "consulting:request-opinion": "post-only",
    "consulting:publication-edit": "login",
    "consulting:publication-publish": "post-only",
    "consulting:publication-take-down": "post-only",
    "consulting:settings": "login",
    "consulting:published-list": "public",
    "consulting:published-detail": "public",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official: any official may ask.
    "consulting.create_request": set(Role) - {Role.CITIZEN},
    "consulting.view_my_requests": set(Role) - {Role.CITIZEN},
    "consulting.view_approvals": {Role.DEPARTMENT_HEAD},
    # The matrix's audit officer has no unit: the city's audit office.
    "consulting.view_queue": {Role.AUDIT_OFFICER},
    "consulting.manage_settings": {Role.AUDIT_OFFICER},
}
OBJECT_PERMS: set[str] = {
    "consulting.view_request",
    "consulting.edit_request",
    "consulting.send_request",
    "consulting.submit_request_directly",
    "consulting.withdraw_request",
    "consulting.revise_request",
    "consulting.approve_request",
    "consulting.screen_request",
    "consulting.review_request",
    "consulting.extend_deadline",
    "consulting.issue_opinion",
    "consulting.report_implementation",
    "consulting.download_opinion",
    "consulting.publish_request",
}
