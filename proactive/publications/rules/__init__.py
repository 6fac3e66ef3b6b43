"""Permissions of the publications (django-rules autodiscovers this package).

Who may:
- **see and prepare** casebooks and card-news sets (``view_publications``, ``create_publication``): the
  secretariat; the programme lead (the head of the programme's lead department, ``ProgrammeSettings.
  programme_unit``) sees them too, to approve.
- **edit** a draft (``edit_casebook`` / ``edit_cardset``: cases, order, masks, texts, alt text) and **generate**
  its files (``generate_casebook`` / ``generate_cardset``, draft or in review): the secretariat.
- **submit** for review (``submit_*``): the secretariat, on a draft.
- **return** to draft with a reason (``return_*``), **reopen** an approved one (``reopen_*``) and **publish** an
  approved one (``publish_*``): the secretariat or the programme lead.
- **approve** (``approve_*``): four eyes — a secretariat member *other than the author*, or the programme lead
  (who may approve even what they wrote). ``editorial.may_approve``.
- **correct** a published edition (``correct_*``: a new version in draft): the secretariat, on the newest
  published version only.
Published casebooks and card news are public: their pages need no permission.
"""

import rules

from proactive.accounts.rules import is_secretariat
from proactive.publications import editorial
from proactive.publications.editorial import EditorialState

S = EditorialState
CASEBOOK_PERMS = editorial.EditorialPermissions.for_entity("publications", "casebook")
CARDSET_PERMS = editorial.EditorialPermissions.for_entity("publications", "cardset")


@rules.predicate
def is_programme_lead(user) -> bool:
    return editorial.is_programme_lead(user)


@rules.predicate
def is_draft(user, obj) -> bool:
    return obj is not None and obj.state == S.DRAFT


@rules.predicate
def is_generatable(user, obj) -> bool:
    return obj is not None and obj.state in (S.DRAFT, S.REVIEW)


@rules.predicate
def is_newest_published(user, obj) -> bool:
    return obj is not None and obj.state == S.PUBLISHED and obj.superseded_at is None


@rules.predicate
def may_approve(user, obj) -> bool:
    return obj is not None and editorial.may_approve(user, obj.created_by_id)


is_editor = is_secretariat
is_approver = is_secretariat | is_programme_lead

rules.add_perm("publications.view_publications", is_editor | is_programme_lead)
rules.add_perm("publications.create_publication", is_editor)

for entity, perms in (("casebook", CASEBOOK_PERMS), ("cardset", CARDSET_PERMS)):
    rules.add_perm(f"publications.view_{entity}", is_editor | is_programme_lead)
    rules.add_perm(f"publications.edit_{entity}", is_editor & is_draft)
    rules.add_perm(f"publications.generate_{entity}", is_editor & is_generatable)
    rules.add_perm(f"publications.correct_{entity}", is_editor & is_newest_published)
    rules.add_perm(perms.submit, is_editor & is_draft)
    rules.add_perm(perms.return_, is_approver)
    rules.add_perm(perms.reopen, is_approver)
    rules.add_perm(perms.approve, (is_secretariat | is_programme_lead) & may_approve)
    rules.add_perm(perms.publish, is_approver)
