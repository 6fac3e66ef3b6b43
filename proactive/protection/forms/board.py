"""Forms of the review board: a session, attendance, tabling an application, a vote, the decision."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.protection.enums import Disposition, Outcome, lighter_than
from proactive.protection.forms.applications import OfficerChoiceField
from proactive.protection.forms.audits import DATE, INPUT, SELECT, TEXTAREA, _all


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None and official.unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 2026년 제3차 면책심사위원회"),
        error_messages={"required": _("Please give the session a title.")},
    )
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please give the session's date."), "invalid": _("Enter a valid date.")},
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200, widget=forms.TextInput(attrs=INPUT))
    members = MembersField(
        label=_("Members invited"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please invite at least one board member.")},
    )
    chair = OfficerChoiceField(
        label=_("Chair"),
        queryset=None,
        required=False,
        empty_label=_("No chair named"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("One of the members invited; under the chair rule their vote breaks a tie."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["members"]).queryset = members
        cast(forms.ModelChoiceField, self.fields["chair"]).queryset = members
        if not self.is_bound:
            self.fields["members"].initial = [m.pk for m in members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chair = data.get("chair")
        if chair is not None and chair not in list(data.get("members") or []):
            self.add_error("chair", _("The chair must be one of the members invited."))
        return data


class AttendanceForm(forms.Form):
    prefix = "attendance"

    present = forms.MultipleChoiceField(label=_("Members present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, members: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["present"])
        field.choices = [(str(m.member_id), m.member.display_name) for m in members]
        if not self.is_bound:
            field.initial = [str(m.member_id) for m in members if m.present]


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.concerned.official.name} · {obj.concerned.finding.audit.title} · {obj.concerned.finding.title}"


class TableForm(forms.Form):
    prefix = "table"

    application = ApplicationChoiceField(
        label=_("Application accepted at screening"),
        queryset=None,
        empty_label=_("Choose the application"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Choose an application from the list."),
            "invalid_choice": _("Choose an application from the list."),
        },
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["application"]).queryset = applications


def _mitigation_choices(proposed: str) -> list:
    return _all(_("Choose the lighter disposition"), [(d, Disposition(d).label) for d in lighter_than(proposed)])


class VoteForm(forms.Form):
    prefix = "vote"

    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose your vote.")},
    )
    mitigated_to = forms.ChoiceField(
        label=_("When mitigating: lighten the disposition to"), required=False, widget=forms.Select(attrs=SELECT)
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please give the reasons for your vote.")},
    )

    def __init__(self, *args: Any, proposed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mitigated_to"]).choices = _mitigation_choices(proposed)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == Outcome.MITIGATED and not data.get("mitigated_to"):
            self.add_error("mitigated_to", _("Choose the lighter disposition you propose."))
        return data


class DecideForm(forms.Form):
    prefix = "decide"

    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Printed on the decision document the applicant receives."),
        error_messages={"required": _("Please write the reasons for the decision.")},
    )
    mitigated_to = forms.ChoiceField(
        label=_("When the outcome is mitigated: the disposition it is lightened to"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        help_text=_("Leave empty to take the one most mitigating votes proposed."),
    )

    def __init__(self, *args: Any, proposed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mitigated_to"]).choices = _mitigation_choices(proposed)
