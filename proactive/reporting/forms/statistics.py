"""Forms of the statistics area: the period (a year, or from–to dates), the reason for an export, and the centre's
settings."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.reporting.models import CentreSettings
from proactive.reporting.queries.statistics import Period, year_period

MAX_PERIOD_DAYS = 366 * 10


class PeriodForm(forms.Form):
    """A calendar year, or a range of dates (both ends included), which then takes precedence over the year."""

    year = forms.TypedChoiceField(
        label=_("Year received"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )
    date_from = forms.DateField(
        label=_("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    def __init__(self, *args: Any, years: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        for item in self.fields.values():
            item.widget.attrs.setdefault("class", "krds-input")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError(
                    _("Give both dates of the period, or leave both empty to count a whole year."), code="one_date"
                )
            if start > end:
                raise forms.ValidationError(_("The period cannot end before it starts."), code="reversed")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most ten years."), code="too_long")
            data["period"] = Period(start, end)
        elif data.get("year"):
            data["period"] = year_period(data["year"])
        else:
            raise forms.ValidationError(_("Choose a year or a period."), code="no_period")
        return data


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=300,
        help_text=_("The reason is kept in the access records."),
        error_messages={"required": _("Please give the reason for this export.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs.setdefault("class", "krds-input")


SETTINGS_FIELDS = [
    "handling_days",
    "business_days",
    "reporter_access_days",
    "retain_forwarded_days",
    "retain_unsubstantiated_days",
    "retain_actioned_days",
]
LIMITS = {
    "handling_days": (1, 90),
    "reporter_access_days": (30, 1825),
    "retain_forwarded_days": (30, 3650),
    "retain_unsubstantiated_days": (30, 3650),
    "retain_actioned_days": (30, 3650),
}


class CentreSettingsForm(forms.ModelForm):
    class Meta:
        model = CentreSettings
        fields = SETTINGS_FIELDS
        help_texts = {
            "handling_days": _(
                "Counted from the day a report is taken up for investigation; handlers may extend it with a reason. "
                "The Civil Petitions Act gives 7 days for grievances."
            ),
            "reporter_access_days": _(
                "An anonymous reporter's receipt stops working after this many days without them opening it."
            ),
            "retain_forwarded_days": _("Counted from the day the report was forwarded; then it is deleted."),
            "retain_unsubstantiated_days": _("Counted from the day the report was closed; then it is deleted."),
            "retain_actioned_days": _(
                "Counted from the day the report was closed; then it is deleted. Case studies written from it stay."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in LIMITS.items():
            current = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=current.label,
                help_text=current.help_text,
                min_value=low,
                max_value=high,
                error_messages={
                    "required": _("Enter a number of days."),
                    "invalid": _("Enter a whole number of days."),
                    "min_value": _("Enter a number of at least %(limit_value)s."),
                    "max_value": _("Enter a number of at most %(limit_value)s."),
                },
                widget=forms.NumberInput(attrs={"class": "krds-input"}),
            )
