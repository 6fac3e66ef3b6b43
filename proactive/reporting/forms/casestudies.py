"""Forms of the case-study area: search and filters, the case study itself, publishing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.reporting.enums import ActionKind, CaseStudyState, ReportField, ReportType

TEXTAREA = {"class": "krds-input", "rows": 6}


class CaseStudyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    report_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ReportType.choices]
    )
    field = forms.ChoiceField(label=_("Field"), required=False, choices=[("", _("All fields")), *ReportField.choices])
    state = forms.ChoiceField(
        label=pgettext_lazy("state of a case study", "State"),
        required=False,
        choices=[("", _("Drafts and published")), *CaseStudyState.choices],
    )

    def __init__(self, *args: Any, show_state: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_state:
            del self.fields["state"]
        for item in self.fields.values():
            item.widget.attrs.setdefault("class", "krds-input")


class CaseStudyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the case study a title.")},
    )
    report_type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Choose…")), *ReportType.choices],
        error_messages={"required": _("Please choose the kind of passive administration.")},
    )
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[("", _("Choose…")), *ReportField.choices],
        error_messages={"required": _("Please choose the field the report concerns.")},
    )
    action_kind = forms.ChoiceField(
        label=pgettext_lazy("what was done about a report", "Action"),
        required=False,
        choices=[("", _("No action (not substantiated)")), *ActionKind.choices],
    )
    summary = forms.CharField(
        label=_("What happened (anonymised)"),
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_(
            "Write it in your own words: no names, exact dates, addresses, numbers or identifying departments."
        ),
        error_messages={"required": _("Please write what happened, anonymised.")},
    )
    finding = forms.CharField(
        label=_("What was found"),
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please write what was found.")},
    )
    lesson = forms.CharField(
        label=_("Lesson for staff"),
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What should an official do differently next time?"),
        error_messages={"required": _("Please write the lesson for staff.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in self.fields.values():
            item.widget.attrs.setdefault("class", "krds-input")


class PublishForm(forms.Form):
    anonymisation_confirmed = forms.BooleanField(
        label=_(
            "I have read the whole case study and confirm that it identifies nobody: no names, exact dates, "
            "addresses, numbers or departments that point to a person."
        ),
        error_messages={"required": _("Please confirm that the case study identifies nobody before you publish it.")},
    )
