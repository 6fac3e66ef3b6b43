"""Reusable upload fields for every app, and the forms of the documents screens.

Use ``DocumentField`` in any form and mix in ``DocumentFormMixin`` so that a request the upload handler refused
as too large (``request.upload_rejected_too_large``) shows a clear error on the file field::

    class EvidenceForm(DocumentFormMixin, forms.Form):
        title = forms.CharField()
        evidence = DocumentField(allowed={"pdf", "hwp", "hwpx"})

    form = EvidenceForm(request.POST, request.FILES, request=request)

The field checks size, extension and content early, so the person sees problems next to the field; the
``store_upload`` service checks again before it stores anything.
"""

from collections.abc import Collection

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.core.exceptions import DomainError
from proactive.documents.validators import ALL_KINDS, allowed_extensions, check_upload, too_large_message, upload_help


class DocumentField(forms.FileField):
    def __init__(self, *, allowed: Collection[str] | None = None, **kwargs):
        self.allowed = frozenset(allowed) if allowed else ALL_KINDS
        self.upload_rejected = False
        kwargs.setdefault("help_text", upload_help(self.allowed))
        kwargs.setdefault("widget", forms.FileInput(attrs={"class": "krds-input"}))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in allowed_extensions(self.allowed)))

    def clean(self, data, initial=None):
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        value = super().clean(data, initial)
        if value:
            try:
                check_upload(value, allowed=self.allowed)
            except DomainError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return value


class DocumentFormMixin:
    """Turns the upload handler's "too large" flag on the request into an error on every DocumentField."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_rejected = bool(request is not None and getattr(request, "upload_rejected_too_large", False))
        if self.upload_rejected:
            for field in self.fields.values():
                if isinstance(field, DocumentField):
                    field.upload_rejected = True


class UploadForm(DocumentFormMixin, forms.Form):
    file = DocumentField(label=_("File"))


class DownloadReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for downloading"),
        max_length=300,
        help_text=_("Required by law when you open someone else's document, e.g. “review of nomination 2026-014”."),
        widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "off"}),
        error_messages={"required": _("Please give the reason for this download.")},
    )
