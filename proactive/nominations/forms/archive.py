"""The archive import's upload form: a CSV or XLSX file and whether the names may be published."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.documents.forms import DocumentField, DocumentFormMixin


class ArchiveUploadForm(DocumentFormMixin, forms.Form):
    file = DocumentField(
        label=_("Archive file (CSV or XLSX)"),
        allowed={"csv", "xlsx"},
        required=False,
    )
    names_consented = forms.BooleanField(
        label=_("The officials agreed to publication of their names (the earlier rounds published them)"),
        required=False,
    )
