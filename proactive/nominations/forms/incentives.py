"""Forms of the incentives area: the winner's choice of benefit, HR's three steps, the state filter and the
reason for downloading the prize payments.

Each per-row form takes ``prefix=row_prefix(incentive)`` so that many rows on one page keep distinct field ids.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.nominations.enums import IncentiveState
from proactive.nominations.forms.reviews import _style
from proactive.nominations.models import Incentive
from proactive.nominations.services.incentives import NOTE_MAX, REFERENCE_MAX


def row_prefix(incentive: Incentive) -> str:
    return f"incentive-{incentive.pk}"


class BenefitChoiceForm(forms.Form):
    benefit = forms.ChoiceField(
        label=_("Personnel benefit"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the benefits your grade allows."),
            "invalid_choice": _("Choose one of the benefits your grade allows."),
        },
    )

    def __init__(self, *args: Any, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = options  # type: ignore[attr-defined]


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligibility"),
        choices=[("yes", _("Possible: the benefit can be given")), ("no", _("Not possible: the winner chooses again"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the benefit is possible.")},
    )
    note = forms.CharField(
        label=_("Note to the winner"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the benefit is not possible: the winner sees it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["class"] = "krds-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("eligible") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Explain why the benefit is not possible."))
        return data


class DecideForm(forms.Form):
    reference = forms.CharField(
        label=_("Decision letter reference"),
        max_length=REFERENCE_MAX,
        help_text=_("e.g. 인사과-1234"),
        error_messages={"required": _("Give the reference of the decision letter.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class AppliedForm(forms.Form):
    applied_on = forms.DateField(
        label=_("Applied on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the day the benefit was applied."), "invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class IncentiveFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *IncentiveState.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class PaymentExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=300,
        help_text=_("The file holds personal data. The reason is kept in the access records."),
        error_messages={"required": _("Please give the reason for this export.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
