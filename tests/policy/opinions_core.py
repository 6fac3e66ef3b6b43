"""Access policy of the committee's opinion requests and ratifications (tests/opinions/test_rules.py and
test_*_views.py test each denial: another official, an audit officer not asked, a committee member not called,
system administrators and superusers)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "opinions:mine": "login",
    "opinions:request-create": "login",
    "opinions:ratification-create": "login",
    "opinions:request-detail": "login",
    "opinions:request-edit": "login",
    "opinions:request-submit": "post-only",
    "opinions:request-withdraw": "post-only",
    "opinions:request-files": "post-only",
    "opinions:request-file-remove": "post-only",
    "opinions:request-act": "post-only",
    "opinions:decision-pdf": "login",
    "opinions:queue": "login",
    "opinions:request-screen": "post-only",
    "opinions:request-ask-audit": "post-only",
    "opinions:request-table": "post-only",
    "opinions:request-extend": "post-only",
    "opinions:decision-render": "post-only",
    "opinions:publication-edit": "login",
    "opinions:publication-withdraw": "post-only",
    "opinions:settings": "login",
    "opinions:audit-list": "login",
    "opinions:audit-opinion": "post-only",
    "opinions:register": "public",
    "opinions:register-entry": "public",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official, who may ask the committee about their own case.
    "opinions.request_opinion": set(Role) - {Role.CITIZEN},
    "opinions.view_queue": {Role.SECRETARIAT},
    "opinions.handle_request": {Role.SECRETARIAT},
    "opinions.change_settings": {Role.SECRETARIAT},
    "opinions.view_audit_requests": {Role.AUDIT_OFFICER},
}
OBJECT_PERMS: set[str] = {
    "opinions.view_request",
    "opinions.edit_request",
    "opinions.submit_request",
    "opinions.withdraw_request",
    "opinions.record_action",
    "opinions.give_audit_opinion",
}
