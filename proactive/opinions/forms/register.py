"""The register's search and the secretariat's form for a published, anonymised answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.opinions.forms.common import INPUT, textarea
from proactive.opinions.services.common import MAX_TEXT


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search past answers"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
        help_text=_("Words of the case or the answer, e.g. “해수욕장 야간”: every word must appear."),
    )


class PublicationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the published answer a title.")},
    )
    summary = forms.CharField(
        label=_("The case and the question (anonymised)"),
        max_length=MAX_TEXT,
        widget=textarea(8),
        help_text=_("Write it anew: no requester, department or personal names, no phone numbers or addresses."),
        error_messages={"required": _("Please write the case and the question, anonymised.")},
    )
    answer = forms.CharField(
        label=_("The committee's answer (anonymised)"),
        max_length=MAX_TEXT,
        widget=textarea(8),
        error_messages={"required": _("Please write the committee's answer, anonymised.")},
    )
    confirmed = forms.BooleanField(
        label=_(
            "I have read the whole summary and confirm that it identifies nobody: no requester, department or "
            "personal names."
        ),
        required=False,
    )
