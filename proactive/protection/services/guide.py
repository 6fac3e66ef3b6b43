"""The protection guide (적극행정 공무원 보호지침): pages and legal-advice contacts, kept by the protection officers.

Every change is an audit event with the fields changed (old and new values), which the page's history shows: the
guide's history is the audit trail (``queries.guide.page_history``).
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError
from proactive.protection.enums import Category
from proactive.protection.models import GuidePage, LegalContact
from proactive.protection.services.common import clean_text, require

EDIT = "protection.edit_guide"
PAGE_FIELDS = ["title", "category", "body", "order", "published", "last_reviewed_on"]
CONTACT_FIELDS = ["name", "organisation", "phone", "email", "hours", "note", "order", "active"]


def _page_values(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("category") not in Category.values:
        raise DomainError(_("Please choose the category."), code="category_required")
    return {
        "title": clean_text(
            data.get("title"), required=_("Please give the page a title."), code="title_required", limit=200
        ),
        "category": data["category"],
        "body": clean_text(
            data.get("body"), required=_("Please write the page's text."), code="body_required", limit=50_000
        ),
        "order": int(data.get("order") or 0),
        "published": bool(data.get("published")),
        "last_reviewed_on": data.get("last_reviewed_on"),
    }


@transaction.atomic
def create_page(*, actor: Any, data: dict[str, Any]) -> GuidePage:
    """A new guide page. Side effect: audit event ``protection.guide_page_created`` with its fields."""
    require(actor, EDIT)
    page = GuidePage.objects.create(updated_by=actor, **_page_values(data))
    record_event(
        actor=actor,
        verb="protection.guide_page_created",
        target=page,
        changes={name: [None, str(getattr(page, name))] for name in PAGE_FIELDS},
    )
    return page


@transaction.atomic
def update_page(*, actor: Any, page: GuidePage, data: dict[str, Any]) -> GuidePage:
    """Change a guide page. Side effect: audit event ``protection.guide_page_changed`` with the diff (the page's
    history); nothing when nothing changed."""
    require(actor, EDIT)
    locked = GuidePage.objects.select_for_update().get(pk=page.pk)
    before = snapshot(locked, PAGE_FIELDS)
    for name, value in _page_values(data).items():
        setattr(locked, name, value)
    changes = diff(locked, before, PAGE_FIELDS)
    if changes:
        locked.updated_by = actor
        locked.save()
        record_event(actor=actor, verb="protection.guide_page_changed", target=locked, changes=changes)
    return locked


def _contact_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": clean_text(
            data.get("name"), required=_("Please give the contact's name."), code="name_required", limit=100
        ),
        "organisation": clean_text(
            data.get("organisation"),
            required=_("Please give the organisation."),
            code="organisation_required",
            limit=200,
        ),
        "phone": clean_text(data.get("phone"), limit=40),
        "email": clean_text(data.get("email"), limit=254),
        "hours": clean_text(data.get("hours"), limit=200),
        "note": clean_text(data.get("note"), limit=300),
        "order": int(data.get("order") or 0),
        "active": bool(data.get("active")),
    }


@transaction.atomic
def create_contact(*, actor: Any, data: dict[str, Any]) -> LegalContact:
    """A new legal-advice contact. Side effect: audit event ``protection.contact_created``."""
    require(actor, EDIT)
    values = _contact_values(data)
    if not (values["phone"] or values["email"]):
        raise DomainError(_("Please give a phone number or an e-mail address."), code="reach_required")
    contact = LegalContact.objects.create(**values)
    record_event(actor=actor, verb="protection.contact_created", target=contact)
    return contact


@transaction.atomic
def update_contact(*, actor: Any, contact: LegalContact, data: dict[str, Any]) -> LegalContact:
    """Change a contact (or hide it from the guide). Side effect: audit event ``protection.contact_changed``."""
    require(actor, EDIT)
    locked = LegalContact.objects.select_for_update().get(pk=contact.pk)
    values = _contact_values(data)
    if not (values["phone"] or values["email"]):
        raise DomainError(_("Please give a phone number or an e-mail address."), code="reach_required")
    before = snapshot(locked, CONTACT_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value)
    changes = diff(locked, before, CONTACT_FIELDS)
    if changes:
        locked.save()
        record_event(actor=actor, verb="protection.contact_changed", target=locked, changes=changes)
    return locked
