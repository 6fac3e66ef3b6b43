"""Access policy of the publications (tests/publications/test_views.py tests each denial)."""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "publications:public-list": "public",
    "publications:public-casebook": "public",
    "publications:public-cardset": "public",
    "publications:og-casebook": "public",
    "publications:og-cardset": "public",
    "publications:og-case": "public",
    "publications:casebook-pdf": "public",
    "publications:card-image": "public",
    "publications:cardset-zip": "public",
    "publications:index": "login",
    "publications:casebook-create": "login",
    "publications:casebook": "login",
    "publications:casebook-progress": "login",
    "publications:casebook-edit": "post-only",
    "publications:casebook-add": "post-only",
    "publications:entry-move": "post-only",
    "publications:entry-remove": "post-only",
    "publications:entry-photos": "post-only",
    "publications:mask-decide": "post-only",
    "publications:casebook-generate": "post-only",
    "publications:casebook-transition": "post-only",
    "publications:casebook-correct": "post-only",
    "publications:cardset-create": "login",
    "publications:cardset": "login",
    "publications:cardset-progress": "login",
    "publications:cardset-edit": "post-only",
    "publications:cardset-generate": "post-only",
    "publications:cardset-transition": "post-only",
    "publications:cardset-correct": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # The programme lead is a department head of the lead unit: the matrix's unscoped department head is not.
    "publications.view_publications": {R.SECRETARIAT},
    "publications.create_publication": {R.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {
    f"publications.{step}_{entity}"
    for entity in ("casebook", "cardset")
    for step in ("view", "edit", "generate", "correct", "submit", "return", "approve", "publish", "reopen")
}
