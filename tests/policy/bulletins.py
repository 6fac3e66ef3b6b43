"""Access policy of the monthly bulletin (tests/bulletins/test_views.py and test_rules.py test each denial)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "bulletins:archive": "public",
    "bulletins:edition": "public",
    "bulletins:edition-version": "public",
    "bulletins:edition-pdf": "public",
    "bulletins:image": "public",
    "bulletins:subscribe": "public",
    "bulletins:confirm": "anon-flow",
    "bulletins:unsubscribe": "anon-flow",
    "bulletins:my-subscription": "login",
    "bulletins:subscribers": "login",
    "bulletins:staff-list": "login",
    "bulletins:staff-edition": "login",
    "bulletins:partial-progress": "login",
    "bulletins:editorial": "post-only",
    "bulletins:statistics": "post-only",
    "bulletins:news-add": "post-only",
    "bulletins:item-add": "post-only",
    "bulletins:news-edit": "login",
    "bulletins:item-move": "post-only",
    "bulletins:item-remove": "post-only",
    "bulletins:transition": "post-only",
    "bulletins:correct": "login",
    "bulletins:retry": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    "bulletins.manage_edition": {R.SECRETARIAT},
    "bulletins.view_subscribers": {R.SECRETARIAT},
    # Every staff account in the matrix is also an official.
    "bulletins.subscribe_staff": set(Role) - {R.CITIZEN},
}
OBJECT_PERMS: set[str] = {
    "bulletins.view_edition",
    "bulletins.edit_edition",
    "bulletins.submit_edition",
    "bulletins.return_edition",
    "bulletins.approve_edition",
    "bulletins.publish_edition",
    "bulletins.reopen_edition",
    "bulletins.correct_edition",
    "bulletins.retry_jobs",
}
