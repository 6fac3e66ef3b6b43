"""Forms of the audit office: audits, findings, extensions, dispositions, the queues' filters, the settings."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.protection.enums import ApplicationState, Auditor, Disposition
from proactive.protection.models import ProtectionSettings
from proactive.protection.queries.audits import official_by_employee_no

SELECT = {"class": "krds-form-select"}
INPUT = {"class": "krds-input", "autocomplete": "off"}
DATE = {"class": "krds-input", "type": "date"}
TEXTAREA = {"class": "krds-input", "rows": 5}


def _all(label: Any, choices: Any) -> list:
    return [("", label), *choices]


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth so the select reads like the organisation chart."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * obj.depth + obj.name


class OfficialsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Official) -> str:
        return f"{obj.name} ({obj.rank}) · {obj.unit.name} · {obj.employee_no}"


class AuditForm(forms.Form):
    auditor = forms.ChoiceField(
        label=_("Auditor"),
        choices=_all(_("Choose who audited"), Auditor.choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose who audited.")},
    )
    auditor_other = forms.CharField(
        label=_("Name of the other auditor"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Only when the auditor is “other”, e.g. 부산광역시교육청 감사관."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 2026년 교통국 종합감사"),
        error_messages={"required": _("Please give the audit's title.")},
    )
    audited_unit = UnitChoiceField(
        label=_("Audited unit"),
        queryset=None,
        empty_label=_("Choose the unit"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Please choose the audited unit."),
            "invalid_choice": _("Choose a unit from the list."),
        },
    )
    starts_on = forms.DateField(
        label=_("First day of the audit"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please give the audit's first day."), "invalid": _("Enter a valid date.")},
    )
    ends_on = forms.DateField(
        label=_("Last day of the audit"),
        widget=forms.DateInput(attrs=DATE),
        help_text=_("The officials' application deadline counts from this day."),
        error_messages={"required": _("Please give the audit's last day."), "invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["audited_unit"]).queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("auditor") == Auditor.OTHER and not (data.get("auditor_other") or "").strip():
            self.add_error("auditor_other", _("Please name the body that audited."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The audit cannot end before it starts."))
        return data


class FindingForm(forms.Form):
    prefix = "finding"

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 도로점용허가 수수료 감면 부적정"),
        error_messages={"required": _("Please give the finding a title.")},
    )
    description = forms.CharField(
        label=_("What the audit found"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please describe what the audit found.")},
    )
    officials = OfficialsField(
        label=_("Officials concerned (of the audited unit)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "krds-form-select", "size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    employee_numbers = forms.CharField(
        label=_("Or employee numbers"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For officials who have moved to another unit; separate several numbers with commas."),
    )
    proposed_disposition = forms.ChoiceField(
        label=_("Proposed disposition"),
        choices=_all(_("Choose the disposition"), [c for c in Disposition.choices if c[0] != Disposition.NONE]),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose the proposed disposition.")},
    )

    def __init__(self, *args: Any, officials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["officials"]).queryset = officials

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = list(data.get("officials") or [])
        unknown = []
        for number in [n.strip() for n in (data.get("employee_numbers") or "").split(",") if n.strip()]:
            official = official_by_employee_no(number)
            if official is None:
                unknown.append(number)
            else:
                chosen.append(official)
        if unknown:
            self.add_error(
                "employee_numbers",
                _("No official has this employee number: %(numbers)s.") % {"numbers": ", ".join(unknown)},
            )
        elif not chosen and "officials" not in self.errors:
            self.add_error("officials", _("Please name at least one official concerned."))
        data["all_officials"] = chosen
        return data


class ExtendForm(forms.Form):
    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please choose the new due date."), "invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the reason for the extension.")},
    )


class DispositionForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the disposition (optional)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
    )


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title or unit"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    auditor = forms.ChoiceField(
        label=_("Auditor"),
        required=False,
        choices=_all(_("All auditors"), Auditor.choices),
        widget=forms.Select(attrs=SELECT),
    )
    year = forms.IntegerField(
        label=pgettext_lazy("year an audit ended", "Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "krds-input"}),
        error_messages={"invalid": _("Enter a year, e.g. 2026.")},
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number, official, finding or audit"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("exemption application state", "State"),
        required=False,
        choices=_all(_("All states"), [c for c in ApplicationState.choices if c[0] != ApplicationState.DRAFT]),
        widget=forms.Select(attrs=SELECT),
    )
    auditor = forms.ChoiceField(
        label=_("Auditor"),
        required=False,
        choices=_all(_("All auditors"), Auditor.choices),
        widget=forms.Select(attrs=SELECT),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ProtectionSettings
        fields = [
            "application_days",
            "application_business_days",
            "screening_days",
            "screening_business_days",
            "completion_days",
            "completion_business_days",
            "review_days",
            "review_business_days",
            "tie_rule",
        ]
        widgets = {
            "application_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
            "screening_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
            "completion_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
            "review_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
            "tie_rule": forms.RadioSelect,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("application_days", "screening_days", "completion_days", "review_days"):
            value = data.get(name)
            if value is not None and not 1 <= value <= 365:
                self.add_error(name, _("Enter a number of days from 1 to 365."))
        return data
