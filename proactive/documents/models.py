"""Uploaded documents. Every upload in every app is a Document, stored by ``services.store_upload``.

A Document is created once (type checked from its content, metadata stripped, stored under a random name in the
private storage) and never changed; it is served only by the download view, which checks
``documents.view_document``. Other apps point at documents with a foreign key and declare who may read them
through ``documents.rules.register_access_rule``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.documents.storage import private_storage


def document_path(instance: "Document", filename: str) -> str:
    # A random name with no extension: nothing in storage is ever served or executed by name.
    return f"docs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("owner"),
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=200)
    purpose = models.CharField(_("purpose"), max_length=80, db_index=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["owner", "created_at"], name="documents_owner_created_idx")]

    def __str__(self) -> str:
        return self.original_name
