"""Reads for documents."""

from typing import Any

from django.db.models import QuerySet

from proactive.documents.models import Document


def documents_owned_by(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(owner=user).order_by("-created_at")


def documents_panel(user: Any) -> dict[str, Any]:
    """The dashboard panel: how many documents the person has uploaded (one query)."""
    return {"count": Document.objects.filter(owner=user).count()}
