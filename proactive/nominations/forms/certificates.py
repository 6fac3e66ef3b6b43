"""Forms of the certificates of commendation (상장): revoking one, the reason for downloading someone else's, and
the public serial-number check."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.nominations.forms.reviews import _style
from proactive.nominations.services.certificates import REASON_MAX


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=REASON_MAX,
        error_messages={"required": _("Give the reason for the revocation.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CertificateDownloadForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for downloading"),
        max_length=300,
        help_text=_("Required by law when you open someone else's certificate, e.g. “personnel file of the winner”."),
        error_messages={"required": _("Please give the reason for this download.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["reason"].widget.attrs["autocomplete"] = "off"


class VerifyForm(forms.Form):
    serial = forms.CharField(
        label=_("Serial number"),
        max_length=60,
        help_text=_("As printed at the top left of the certificate, e.g. 2025-1-007-K3F9."),
        error_messages={"required": _("Enter the serial number printed on the certificate.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["serial"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
