"""Forms of the staff side: the queue's filters, fact-finding, extension, tabling, the approved amount, invoices,
payments, closing, cancellation and refund, and the reason for downloading someone's decision."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.legalsupport.enums import LODGED_STATES, ApplicationState, PaymentMethod, Recommendation, Stage
from proactive.legalsupport.forms.applications import DATE, INPUT, amount_field
from proactive.legalsupport.services.common import ATTACHMENT_KINDS, MAX_REASON, MAX_TEXT

SELECT = {"class": "krds-form-select"}
TEXTAREA = {"class": "krds-input", "rows": 6}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _all(label: Any, choices: Any) -> list:
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number, name, employee number or case number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("state of a legal-support application", "State"),
        required=False,
        choices=_all(_("All states"), [(v, label) for v, label in ApplicationState.choices if v in LODGED_STATES]),
        widget=forms.Select(attrs=SELECT),
    )
    stage = forms.ChoiceField(
        label=_("Proceeding"),
        required=False,
        choices=_all(_("All proceedings"), Stage.choices),
        widget=forms.Select(attrs=SELECT),
    )
    year = forms.TypedChoiceField(
        label=_("Year submitted"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        widget=forms.Select(attrs=SELECT),
    )
    overdue = forms.BooleanField(label=_("Fact-finding overdue"), required=False)
    retired = forms.BooleanField(label=_("Retired officials"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _all(_("All years"), [(y, str(y)) for y in years])  # type: ignore[attr-defined]


class FactFindingForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 10}),
        help_text=_(
            "What the fact-finding established: the act, its public-interest purpose, the procedure followed, the "
            "proceeding and its stage. The committee reads this; the official does not."
        ),
        error_messages={"required": _("Please write the findings.")},
    )
    private_interest = forms.ChoiceField(
        label=_("Was there a private interest between the official and the task?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a private interest was found.")},
    )
    intent_or_gross_negligence = forms.ChoiceField(
        label=_("Was there intent or gross negligence?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Presumed absent when there was no private interest and no major procedural defect."),
        error_messages={"required": _("Say whether intent or gross negligence was found.")},
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation to the committee"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the recommendation to the committee.")},
    )
    recommended_amount = amount_field(
        _("Amount recommended (won)"),
        required=False,
        help_text=_("Optional; in won without commas. Left out when support is not recommended."),
    )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "findings": data["findings"],
            "private_interest": data["private_interest"] == "yes",
            "intent_or_gross_negligence": data["intent_or_gross_negligence"] == "yes",
            "recommendation": data["recommendation"],
            "recommended_amount": data.get("recommended_amount"),
        }


class ExtendForm(forms.Form):
    prefix = "extend"

    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"required": _("Please choose the new due date."), "invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the reason for the extension.")},
    )


class TableForm(forms.Form):
    prefix = "table"

    stage = forms.ChoiceField(
        label=_("Proceeding"),
        choices=Stage.choices,
        widget=forms.Select(attrs=SELECT),
        help_text=_("The stage the support is for; it sets the cap."),
        error_messages={"required": _("Please choose the proceeding.")},
    )
    proposed_amount = amount_field(
        _("Amount proposed to the committee (won)"),
        help_text=_(
            "At most the amount requested and the stage's cap; 0 for an opinion or a referral only. What the "
            "committee approves is this amount."
        ),
    )


class AmountForm(forms.Form):
    prefix = "amount"

    amount = amount_field(_("Amount approved by the committee (won)"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=MAX_REASON,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. the committee's resolution amended the amount proposed."),
        error_messages={"required": _("Please give the reason for the change.")},
    )


class InvoiceForm(DocumentFormMixin, forms.Form):
    prefix = "invoice"

    number = forms.CharField(
        label=_("Invoice number"),
        max_length=60,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the invoice number.")},
    )
    issued_on = forms.DateField(
        label=_("Invoice date"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"required": _("Please give the invoice date."), "invalid": _("Enter a valid date.")},
    )
    issuer = forms.CharField(
        label=_("Invoice issued by"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("The lawyer or law firm."),
        error_messages={"required": _("Please give who issued the invoice.")},
    )
    amount = amount_field(_("Invoice amount (won)"))
    document = DocumentField(label=_("Invoice file (optional)"), required=False, allowed=ATTACHMENT_KINDS)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"required": _("Please give the day of the payment."), "invalid": _("Enter a valid date.")},
    )
    amount = amount_field(_("Amount paid (won)"))
    method = forms.ChoiceField(
        label=_("Method"),
        choices=PaymentMethod.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose how it was paid.")},
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("The voucher or transfer number."),
    )


class CloseForm(forms.Form):
    prefix = "close"

    note = forms.CharField(
        label=_("Closing note (optional)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
    )


class CancelForm(forms.Form):
    prefix = "cancel"

    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        help_text=_("How the support was obtained falsely or unfairly. The official receives it in the decision."),
        error_messages={"required": _("Please give the reason for the cancellation.")},
    )
    refund_due = amount_field(
        _("Refund due (won)"),
        required=False,
        help_text=_("Leave it empty to claim back everything paid; a lower amount may be set."),
    )


class RefundForm(forms.Form):
    prefix = "refund"

    amount = amount_field(_("Amount received (won)"))
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please give the day the refund was received."),
            "invalid": _("Enter a valid date."),
        },
    )
    reference = forms.CharField(
        label=_("Reference"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT)
    )


class DownloadReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for downloading"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Required by law when you open someone else's document."),
        error_messages={"required": _("Please give the reason for this download.")},
    )
