"""Forms of the protection officer's work and of counselling: the caseload's filters, a counselling request, a case
recorded by an officer, a note, closing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.models import User
from proactive.protection.enums import Category, CounsellingState
from proactive.protection.forms.audits import INPUT, SELECT, TEXTAREA, _all


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Official, topic or finding"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("exemption review", "Show"),
        required=False,
        choices=[
            ("", _("Applications and counselling")),
            ("applications", _("Applications only")),
            ("counselling", _("Counselling only")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("open or closed", "Status"),
        required=False,
        choices=[("", _("Open and closed")), *CounsellingState.choices],
        widget=forms.Select(attrs=SELECT),
    )
    everyone = forms.BooleanField(label=_("Counselling cases of every officer"), required=False)


class CounsellingRequestForm(forms.Form):
    category = forms.ChoiceField(
        label=_("About"),
        choices=_all(_("Choose what it is about"), Category.choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose what the counselling is about.")},
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("A few words, e.g. 징계 의결 요구 전 소명 준비"),
        error_messages={"required": _("Please give the topic in a few words.")},
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Only you and the protection officers read it."),
        error_messages={"required": _("Please describe your question.")},
    )


class CounsellingRecordForm(CounsellingRequestForm):
    employee_no = forms.CharField(
        label=_("Employee number of the official"),
        max_length=20,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the official's employee number.")},
    )
    field_order = ["employee_no", "category", "topic", "question"]

    def clean_employee_no(self) -> Any:
        number = self.cleaned_data["employee_no"].strip()
        user = User.objects.filter(official__employee_no=number, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No official with a sign-in account has this employee number."))
        self.cleaned_data["client"] = user
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "client" in self.cleaned_data:
            data["client"] = self.cleaned_data["client"]
        return data


class NoteForm(forms.Form):
    prefix = "note"

    text = forms.CharField(
        label=_("Counselling note"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        help_text=_("Confidential: only the official and the protection officers read it."),
        error_messages={"required": _("Please write the note.")},
    )
    next_steps = forms.CharField(
        label=pgettext_lazy("exemption review", "Next steps"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
    )


class CloseForm(forms.Form):
    prefix = "close"

    next_steps = forms.CharField(
        label=_("Next steps for the official"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        error_messages={"required": _("Please write the next steps for the official.")},
    )
