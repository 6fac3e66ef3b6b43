"""Widgets and fields every opinions form uses."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.documents.forms import DocumentField
from proactive.opinions.services.common import MAX_TEXT

SELECT = {"class": "krds-form-select"}
INPUT = {"class": "krds-input", "autocomplete": "off"}
DATE = {"class": "krds-input", "type": "date"}


def textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "krds-input", "rows": rows})


def optional_text(label: Any, *, rows: int, help_text: Any) -> forms.CharField:
    """A text area that may stay empty (at most ``MAX_TEXT`` characters); a form makes it required where needed."""
    return forms.CharField(label=label, required=False, max_length=MAX_TEXT, widget=textarea(rows), help_text=help_text)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(DocumentField):
    """Several files in one input (each checked like ``DocumentField``); cleans to a list, empty when none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input", "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if self.upload_rejected:
            return super().clean(data, initial)  # raises the "too large" error
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(DocumentsField, self).clean(item, initial) for item in items]


def files_field(label: Any = None) -> DocumentsField:
    return DocumentsField(label=label or _("Files"))
