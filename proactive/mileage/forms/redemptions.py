"""Forms of the redemptions area: the official's choice of reward (with its one-time key), the secretariat's
fulfilment and cancellation, the queue filter, and the payout batch export reason and result upload.

Per-row forms take ``prefix=row_prefix(redemption)`` so many rows on one page keep distinct field ids.
"""

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.mileage.enums import RedemptionState, RewardKind
from proactive.mileage.models import Redemption, RewardOption
from proactive.mileage.services.redemptions import REASON_MAX, REFERENCE_MAX

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "krds-input")


def row_prefix(redemption: Redemption) -> str:
    return f"redemption-{redemption.pk}"


def new_request_key() -> str:
    return uuid.uuid4().hex


class RedeemForm(forms.Form):
    """The reward chosen. ``request_key`` is issued with the page and sent back unchanged, so a double submit (or a
    retried request) reserves the points once."""

    option = forms.ModelChoiceField(
        label=_("Reward"),
        queryset=RewardOption.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a reward."),
            "invalid_choice": _("This reward is no longer offered. Please choose another."),
        },
    )
    request_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("request_key", new_request_key())
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = RewardOption.objects.filter(active=True)  # type: ignore[attr-defined]

    def clean_request_key(self) -> str:
        key = (self.cleaned_data.get("request_key") or "").strip().lower()
        if not KEY_PATTERN.match(key):
            raise forms.ValidationError(
                _("This form has expired. Please check your choice and send it again."), code="bad_key"
            )
        return key


class FulfilForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=REFERENCE_MAX,
        help_text=_("Dongbaekjeon transaction ID, coupon code or leave record number"),
        error_messages={
            "required": _(
                "Give the reference: the Dongbaekjeon transaction ID, the coupon code or the leave record number."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=REASON_MAX,
        help_text=_("The official sees it. The points return to them."),
        error_messages={"required": _("Please give a reason; the official will see it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *RedemptionState.choices])
    kind = forms.ChoiceField(label=_("Kind of reward"), required=False, choices=[("", _("All")), *RewardKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class PayoutExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=300,
        help_text=_("The file holds personal data. The reason is kept in the access records."),
        error_messages={"required": _("Please give the reason for this export.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class PayoutResultForm(forms.Form):
    file = forms.FileField(
        label=_("Operator's result file (CSV or XLSX)"),
        help_text=_("Columns: line ID, status (paid or failed), transaction ID, message. The first row names them."),
        error_messages={"required": _("Choose the result file."), "empty": _("The file is empty.")},
    )
    reference = forms.CharField(
        label=_("Operator's batch reference"),
        required=False,
        max_length=REFERENCE_MAX,
        help_text=_("Optional: the operator's number for this payment run."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        return upload
