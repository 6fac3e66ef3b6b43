"""Permissions of the monthly bulletin (django-rules autodiscovers this package).

Who may:
- **read** published editions, their PDFs and images, and **subscribe** with an e-mail address: everyone, signed
  in or not (no permission: public views).
- **subscribe** with their own account (``subscribe_staff``): every signed-in official and staff member.
- **assemble and edit** editions (``manage_edition``, ``edit_edition``: drafts only), **submit** them for review,
  **return** them to draft, **reopen** an approved one, **publish**, **correct** a published one (a new version),
  run the PDF or the sending again (``retry_jobs``): the secretariat.
- **approve** (``approve_edition``): four eyes (``publications.editorial.may_approve``): a secretariat member who
  neither assembled the edition nor submitted it for review, or the head of the programme's lead department (who
  may also read and return editions).
- see the **subscriber counts** (``view_subscribers``): the secretariat; nobody can list or download addresses.
"""

import rules

from proactive.accounts.rules import is_official, is_secretariat, is_staff_member
from proactive.publications.editorial import EditorialState, is_programme_lead, may_approve

IMAGE_PURPOSE = "bulletins.image"  # images of news items
PDF_PURPOSE = "bulletins.pdf"  # the PDF of each published edition


@rules.predicate
def is_lead(user) -> bool:
    return is_programme_lead(user)


def _state(*states: str):
    @rules.predicate(name=f"edition_is:{'|'.join(states)}")
    def _pred(user, edition) -> bool:
        return edition is not None and edition.state in states

    return _pred


edition_is_draft = _state(EditorialState.DRAFT)
edition_is_in_review = _state(EditorialState.REVIEW)
edition_is_published = _state(EditorialState.PUBLISHED)


@rules.predicate
def edition_is_latest(user, edition) -> bool:
    return edition is not None and edition.superseded_at is None and not hasattr_correction(edition)


def hasattr_correction(edition) -> bool:
    from proactive.bulletins.models import Edition  # rules load before models in the import order

    return Edition.objects.filter(corrects=edition).exists()


@rules.predicate
def is_not_author(user, edition) -> bool:
    """Four eyes: neither the one who assembled the edition nor the one who submitted it for review (the
    programme lead excepted, as ``publications.editorial.may_approve`` says)."""
    if edition is None:
        return False
    return may_approve(user, edition.created_by_id) and may_approve(user, edition.submitted_by_id)


is_editor = is_secretariat
is_approver = is_secretariat | is_lead

rules.add_perm("bulletins.manage_edition", is_editor)
rules.add_perm("bulletins.view_edition", is_editor | is_lead)
rules.add_perm("bulletins.edit_edition", is_editor & edition_is_draft)
rules.add_perm("bulletins.submit_edition", is_editor & edition_is_draft)
rules.add_perm("bulletins.return_edition", is_approver)
rules.add_perm("bulletins.approve_edition", is_approver & edition_is_in_review & is_not_author)
rules.add_perm("bulletins.publish_edition", is_editor)
rules.add_perm("bulletins.reopen_edition", is_editor)
rules.add_perm("bulletins.correct_edition", is_editor & edition_is_published & edition_is_latest)
rules.add_perm("bulletins.retry_jobs", is_editor & edition_is_published)
rules.add_perm("bulletins.view_subscribers", is_secretariat)
rules.add_perm("bulletins.subscribe_staff", is_official | is_staff_member)
