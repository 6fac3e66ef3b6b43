"""The secretariat's forms: the queue's filters, screening, asking the audit office, extending the deadline; and
the audit officer's opinion."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.opinions.enums import RequestKind, RequestState, ScreeningDecision
from proactive.opinions.forms.common import DATE, INPUT, SELECT, optional_text, textarea
from proactive.opinions.services.common import MAX_REASON, MAX_TEXT


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title, number, requester or department"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("state of an opinion request", "State"),
        required=False,
        choices=[("", _("All states")), *[(v, label) for v, label in RequestState.choices if v != RequestState.DRAFT]],
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *RequestKind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class ScreenForm(forms.Form):
    prefix = "screen"

    decision = forms.ChoiceField(
        label=_("Screening decision"),
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the screening decision.")},
    )
    in_scope = forms.BooleanField(
        label=_("In scope: a case blocked by a regulation tied to a permit (인가·허가·등록·신고) or by unclear law"),
        required=False,
    )
    interest_checked = forms.BooleanField(label=_("The private-interest declaration was checked"), required=False)
    facts_sufficient = forms.BooleanField(label=_("The facts are sufficient for the committee"), required=False)
    note = optional_text(
        _("Note to the requester"),
        rows=4,
        help_text=_(
            "Required to return or reject: what is missing, or why the case is out of scope. The requester reads it."
        ),
    )


class AuditOfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None and official.unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class AskAuditForm(forms.Form):
    prefix = "audit"

    audit_officer = AuditOfficerChoiceField(
        label=_("Audit officer"),
        queryset=None,
        empty_label=_("Choose the audit officer"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Please choose the audit officer to ask."),
            "invalid_choice": _("Choose an audit officer from the list."),
        },
    )
    question = optional_text(
        _("What the audit office is asked"), rows=3, help_text=_("Optional: points the audit office should look at.")
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["audit_officer"]).queryset = officers


class ExtendForm(forms.Form):
    prefix = "extend"

    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please choose the new due date."), "invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=MAX_REASON,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the reason for the extension.")},
    )


class AuditOpinionForm(forms.Form):
    prefix = "opinion"

    opinion = forms.CharField(
        label=_("The audit office's opinion"),
        max_length=MAX_TEXT,
        widget=textarea(8),
        error_messages={"required": _("Please write the audit office's opinion.")},
    )
    objects = forms.TypedChoiceField(
        label=_("Does the audit office object to the handling proposed?"),
        choices=[("no", _("No objection")), ("yes", _("The audit office objects"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "Since the 2025 amendment, acting on a committee opinion given after the audit body's opinion without "
            "objection is presumed to exempt the official also at the Board of Audit and Inspection stage."
        ),
        error_messages={"required": _("Please say whether the audit office objects.")},
    )
