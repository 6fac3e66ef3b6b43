"""Access policy of legal support (tests/legalsupport/test_rules.py and test_*_views.py test each denial: another
official, a system administrator, a superuser, and each staff role outside its part)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "legalsupport:mine": "login",
    "legalsupport:create": "login",
    "legalsupport:detail": "login",
    "legalsupport:edit": "login",
    "legalsupport:submit": "post-only",
    "legalsupport:withdraw": "post-only",
    "legalsupport:comment": "post-only",
    "legalsupport:add-files": "post-only",
    "legalsupport:document": "login",
    "legalsupport:queue": "login",
    "legalsupport:fact-finding": "login",
    "legalsupport:extend": "post-only",
    "legalsupport:committee": "login",
    "legalsupport:table": "post-only",
    "legalsupport:amount": "post-only",
    "legalsupport:render": "post-only",
    "legalsupport:payments": "login",
    "legalsupport:invoice-add": "post-only",
    "legalsupport:payment-add": "post-only",
    "legalsupport:close": "post-only",
    "legalsupport:cancel": "login",
    "legalsupport:refund": "post-only",
    "legalsupport:settings": "login",
    "legalsupport:summary": "login",
    "legalsupport:summary-export": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official, who may apply for themselves.
    "legalsupport.create_application": set(Role) - {R.CITIZEN},
    "legalsupport.view_my_applications": set(Role) - {R.CITIZEN},
    "legalsupport.apply_on_behalf": {R.PROTECTION_OFFICER},
    "legalsupport.view_queue": {R.ACCOUNTABLE_OFFICER, R.SECRETARIAT, R.PROTECTION_OFFICER},
    "legalsupport.view_summary": {R.ACCOUNTABLE_OFFICER, R.SECRETARIAT, R.PROTECTION_OFFICER},
    "legalsupport.manage_settings": {R.ACCOUNTABLE_OFFICER, R.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {
    "legalsupport.view_application",
    "legalsupport.edit_application",
    "legalsupport.submit_application",
    "legalsupport.withdraw_application",
    "legalsupport.comment_application",
    "legalsupport.add_application_file",
    "legalsupport.view_fact_finding",
    "legalsupport.check_facts",
    "legalsupport.extend_fact_finding",
    "legalsupport.table_application",
    "legalsupport.set_approved_amount",
    "legalsupport.record_payment",
    "legalsupport.close_application",
    "legalsupport.cancel_application",
    "legalsupport.download_decision",
    "legalsupport.render_decision",
}
