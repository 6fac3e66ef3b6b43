"""Forms of the handling area: the queue's filters, and one form per step on a report's page (investigate,
forward, extend, finding, actions, close, message or note, reveal the reporter's identity)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message
from proactive.reporting.enums import ActionKind, ReportField, ReportState, ReportType
from proactive.reporting.queries.handling import official_by_employee_no
from proactive.reporting.services.common import ATTACHMENT_KINDS
from proactive.reporting.services.handling import MAX_FILES, MAX_REASON, MAX_TEXT

SELECT = {"class": "krds-form-select"}
INPUT = {"class": "krds-input", "autocomplete": "off"}
TEXTAREA = {"class": "krds-input", "rows": 5}


def _all(label: Any, choices: Any) -> list:
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number, type, department or state"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("state of a report", "State"),
        required=False,
        choices=_all(_("All states"), ReportState.choices),
        widget=forms.Select(attrs=SELECT),
    )
    report_type = forms.ChoiceField(
        label=pgettext_lazy("kind of passive administration", "Type"),
        required=False,
        choices=_all(_("All types"), ReportType.choices),
        widget=forms.Select(attrs=SELECT),
    )
    field = forms.ChoiceField(
        label=pgettext_lazy("field of a report", "Field"),
        required=False,
        choices=_all(_("All fields"), ReportField.choices),
        widget=forms.Select(attrs=SELECT),
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth so the select reads like the organisation chart."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * obj.depth + obj.name


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Official) -> str:
        return f"{obj.name} ({obj.rank}) · {obj.unit.name} · {obj.employee_no}"


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None and official.unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


def _field_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=pgettext_lazy("field of a report", "Field"),
        choices=_all(_("Choose the field"), ReportField.choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose the field the report concerns.")},
    )


class InvestigateForm(forms.Form):
    prefix = "investigate"

    assignee = HandlerChoiceField(
        label=_("Investigating officer"),
        queryset=None,
        empty_label=_("Choose the officer"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("Audit officers who handle this body's reports."),
        error_messages={
            "required": _("Please choose the officer who investigates."),
            "invalid_choice": _("Choose an officer from the list."),
        },
    )
    field = _field_field()

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = handlers


class ForwardForm(forms.Form):
    prefix = "forward"

    forwarded_to = UnitChoiceField(
        label=_("Forward to"),
        queryset=None,
        empty_label=_("Choose the department"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("The department that handles it as an ordinary complaint."),
        error_messages={
            "required": _("Please choose the department the complaint is forwarded to."),
            "invalid_choice": _("Choose a department from the list."),
        },
    )
    field = _field_field()
    reason = forms.CharField(
        label=_("Reason, for the reporter"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Why this is not passive administration and where it went. The reporter reads this."),
        error_messages={"required": _("Please write the reason the reporter will read.")},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["forwarded_to"]).queryset = units


class ExtendForm(forms.Form):
    prefix = "extend"

    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs={"class": "krds-input", "type": "date"}),
        error_messages={"required": _("Please choose the new due date."), "invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=MAX_REASON,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the reason for the extension.")},
    )


class FindingForm(forms.Form):
    prefix = "finding"

    CHOICES = [
        ("substantiated", _("Substantiated: it was passive administration")),
        ("unsubstantiated", _("Not substantiated")),
    ]
    result = forms.ChoiceField(
        label=_("Finding"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the report was substantiated.")},
    )
    findings = forms.CharField(
        label=_("Findings (internal)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What the investigation found. Only handlers read this."),
        error_messages={"required": _("Please write the findings.")},
    )


class ActionForm(forms.Form):
    """One row of the action formset; a row without a kind is left out."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("action on a report", "Action"),
        required=False,
        choices=_all(_("Choose the action"), ActionKind.choices),
        widget=forms.Select(attrs=SELECT),
    )
    official = OfficialChoiceField(
        label=_("Official concerned"),
        queryset=None,
        required=False,
        empty_label=_("No official / enter the employee number"),
        widget=forms.Select(attrs=SELECT),
    )
    employee_no = forms.CharField(
        label=_("Or employee number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For an official of another department of this body."),
    )
    unit = UnitChoiceField(
        label=_("Department (correction order only)"),
        queryset=None,
        required=False,
        empty_label=_("No department"),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Details (internal)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
    )

    def __init__(self, *args: Any, officials: Any = None, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = (
            officials if officials is not None else Official.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else OrgUnit.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        employee_no = (data.get("employee_no") or "").strip()
        if employee_no:
            official = official_by_employee_no(employee_no)
            if official is None:
                self.add_error("employee_no", _("No official has this employee number."))
            elif data.get("official") is not None and data["official"].pk != official.pk:
                self.add_error("employee_no", _("Choose an official from the list or enter a number, not both."))
            else:
                data["official"] = official
        if not data.get("kind") and (data.get("official") or data.get("unit") or (data.get("note") or "").strip()):
            self.add_error("kind", _("Please choose the kind of this action."))
        return data


class BaseActionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("kind") for form in self.forms if hasattr(form, "cleaned_data")):
            raise forms.ValidationError(_("Please record at least one action."), code="actions_required")

    def rows(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("kind")]


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=3, max_num=10, absolute_max=10)


class CloseForm(forms.Form):
    prefix = "close"

    reporter_text = forms.CharField(
        label=_("What the reporter is told"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_(
            "The result in plain words. A named reporter is told that the result is ready; an anonymous reporter "
            "reads it with the receipt."
        ),
        error_messages={"required": _("Please write what the reporter will be told.")},
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleAttachmentField(DocumentField):
    """Several files in one input, each checked like a ``DocumentField``; cleans to a list (maybe empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input"}))
        super().__init__(allowed=ATTACHMENT_KINDS, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(max)s files.") % {"max": MAX_FILES}, code="too_many_files")
        return [super(MultipleAttachmentField, self).clean(f, initial) for f in files]


class MessageForm(DocumentFormMixin, forms.Form):
    prefix = "message"

    text = forms.CharField(
        label=pgettext_lazy("message to a reporter", "Message"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    attachments = MultipleAttachmentField(label=_("Files (optional)"), required=False)
    internal = forms.BooleanField(
        label=_("Internal note (the reporter does not see it)"), required=False, initial=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("attachments") and not self.errors:
            raise forms.ValidationError(_("Please write a message or attach a file."), code="empty")
        return data


class RevealForm(forms.Form):
    prefix = "reveal"

    reason = forms.CharField(
        label=_("Reason for revealing the identity"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Recorded in the access log with your name, e.g. “checking facts with the reporter”."),
        error_messages={"required": _("Please give the reason for revealing the reporter's identity.")},
    )
