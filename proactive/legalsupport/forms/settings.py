"""Forms of the settings page and the yearly summary."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.legalsupport.models import LegalSupportSettings
from proactive.legalsupport.services.common import MAX_AMOUNT
from proactive.legalsupport.services.settings import EDITABLE_FIELDS

CAP_FIELDS = ("cap_disciplinary", "cap_criminal_investigation", "cap_criminal_trial", "cap_civil")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = LegalSupportSettings
        fields = EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CAP_FIELDS:
            current = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=current.label,
                required=False,
                min_value=0,
                max_value=MAX_AMOUNT,
                help_text=_("In won without commas. Leave it empty for no cap (the court's fee rule decides)."),
                widget=forms.NumberInput(attrs={"class": "krds-input", "inputmode": "numeric", "step": "1"}),
                error_messages={
                    "invalid": _("Enter the amount in won, as a whole number."),
                    "min_value": _("The amount cannot be negative."),
                    "max_value": _("Enter an amount of at most %(limit_value)s won."),
                },
            )
        current = self.fields["fact_finding_days"]
        self.fields["fact_finding_days"] = forms.IntegerField(
            label=current.label,
            min_value=1,
            max_value=365,
            help_text=_("Counted from the day the application is submitted; the accountable officer may extend it."),
            widget=forms.NumberInput(attrs={"class": "krds-input"}),
            error_messages={
                "required": _("Enter a number of days."),
                "invalid": _("Enter a whole number of days."),
                "min_value": _("Enter a number of at least %(limit_value)s."),
                "max_value": _("Enter a number of at most %(limit_value)s."),
            },
        )


class SummaryForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        choices=[],
        widget=forms.Select(attrs={"class": "krds-form-select"}),
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
