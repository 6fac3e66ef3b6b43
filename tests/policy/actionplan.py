"""Access policy of the action plan (tests/actionplan/test_views.py and test_rules.py test each denial: officials
outside the owner department, other department heads, bureau chiefs, and a superuser without a role)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "actionplan:public-list": "public",
    "actionplan:public-detail": "public",
    "actionplan:plans": "login",
    "actionplan:plan-create": "login",
    "actionplan:plan-detail": "login",
    "actionplan:plan-edit": "login",
    "actionplan:plan-transition": "post-only",
    "actionplan:plan-copy": "post-only",
    "actionplan:plan-report": "login",
    "actionplan:direction-add": "login",
    "actionplan:direction-edit": "login",
    "actionplan:direction-remove": "post-only",
    "actionplan:direction-move": "post-only",
    "actionplan:task-add": "login",
    "actionplan:task-edit": "login",
    "actionplan:task-remove": "post-only",
    "actionplan:task-move": "post-only",
    "actionplan:task-detail": "login",
    "actionplan:report": "login",
    "actionplan:reporter-add": "post-only",
    "actionplan:reporter-end": "post-only",
    "actionplan:review": "post-only",
    "actionplan:mine": "login",
    "actionplan:reviews": "login",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "actionplan.manage_plans": {R.SECRETARIAT},
    "actionplan.view_review_queue": {R.SECRETARIAT},
    # Every account in the matrix but the citizen is an official.
    "actionplan.view_plans": set(Role) - {R.CITIZEN},
    "actionplan.view_my_tasks": set(Role) - {R.CITIZEN},
}
OBJECT_PERMS: set[str] = {
    "actionplan.view_plan",
    "actionplan.edit_plan",
    "actionplan.change_plan_state",
    "actionplan.download_report",
    "actionplan.report_progress",
    "actionplan.designate_reporter",
    "actionplan.review_progress",
}
