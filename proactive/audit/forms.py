"""Search forms for the audit trail and the access records, and the reason form for an export."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.audit.enums import AccessAction


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "krds-input", **(attrs or {})}, format="%Y-%m-%d")


def _text(label, max_length: int = 120, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs={"class": "krds-input"}),
        **kwargs,
    )


class _DateRangeForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=_DateInput())
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=_DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class EventSearchForm(_DateRangeForm):
    """Search of business events. Dates are calendar days in Asia/Seoul."""

    actor = _text(_("Actor"), help_text=_("Part of the account name."))
    verb = _text(
        _("Action"), max_length=80, help_text=_("For example accounts.membership_granted, or accounts. for all.")
    )
    target_type = _text(_("Target type"), max_length=80, help_text=_("For example accounts.user"))
    target_id = _text(_("Target id"), max_length=64)
    q = _text(_("Target contains"), max_length=200)

    field_order = ["actor", "verb", "target_type", "target_id", "q", "date_from", "date_to"]


class AccessSearchForm(_DateRangeForm):
    """Search of staff access records (안전조치 §8), for the monthly review."""

    account = _text(_("Account"), max_length=150, help_text=_("Part of the account name."))
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AccessAction.choices],
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    subject = _text(_("Data subject"), max_length=200, help_text=_("Part of the name, or the exact id."))

    field_order = ["account", "action", "subject", "date_from", "date_to"]


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=300,
        help_text=_("Required by law for every download of access records, e.g. “monthly review for March”."),
        widget=forms.TextInput(attrs={"class": "krds-input"}),
        error_messages={"required": _("Please give the reason for this export.")},
    )
