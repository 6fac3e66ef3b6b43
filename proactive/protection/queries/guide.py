"""Reads of the protection guide: the pages a reader sees (published; the protection officers also see drafts),
the search (every word must occur in the title or the text), the contacts and a page's history (its audit events)."""

from typing import Any

from django.db.models import Q, QuerySet

from proactive.audit.models import AuditEvent
from proactive.protection.models import GuidePage, LegalContact

MAX_WORDS = 8


def pages_for(user: Any, *, drafts: bool) -> QuerySet[GuidePage]:
    qs = GuidePage.objects.all() if drafts else GuidePage.objects.filter(published=True)
    return qs.order_by("order", "pk")


def search_pages(qs: QuerySet[GuidePage], query: str) -> QuerySet[GuidePage]:
    """Pages containing every word of ``query`` (in the title or the text; at most ``MAX_WORDS`` words)."""
    for word in (query or "").split()[:MAX_WORDS]:
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs


def contacts(*, include_hidden: bool) -> QuerySet[LegalContact]:
    qs = LegalContact.objects.all() if include_hidden else LegalContact.objects.filter(active=True)
    return qs.order_by("order", "pk")


def page_history(page: GuidePage) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type="protection.guidepage", target_id=str(page.pk)).order_by("-pk")
