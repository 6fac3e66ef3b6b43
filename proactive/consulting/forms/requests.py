"""Forms of the requester and the head: the request (with its self-check list and files), the head's decision,
withdrawal, the implementation report, the reason for downloading an opinion."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.consulting.enums import REQUIRED_CHECKS, SelfCheckItem
from proactive.consulting.models import ConsultingRequest
from proactive.consulting.services.common import MAX_REASON
from proactive.consulting.services.requests import FILE_KINDS, MAX_FILES, RequestInput
from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message

INPUT = {"class": "krds-input", "autocomplete": "off"}
TEXTAREA = {"class": "krds-input", "rows": 6}
SHORT_TEXTAREA = {"class": "krds-input", "rows": 3}
DATE = {"class": "krds-input", "type": "date"}

YES_NO = [("no", _("No: I have no private interest in this matter")), ("yes", _("Yes: I declare a private interest"))]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleDocumentField(DocumentField):
    """Several files in one input, each checked like a ``DocumentField``; cleans to a list (maybe empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input"}))
        super().__init__(allowed=FILE_KINDS, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(max)s files at a time.") % {"max": MAX_FILES}, code="too_many_files"
            )
        return [super(MultipleDocumentField, self).clean(f, initial) for f in files]


def check_field(item: SelfCheckItem) -> str:
    return f"check_{item.value}"


def note_field(item: SelfCheckItem) -> str:
    return f"note_{item.value}"


class RequestForm(DocumentFormMixin, forms.Form):
    """The request. Only the title is needed to keep a draft; sending checks the rest (``missing_for_sending``)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("One line naming the matter, e.g. “Temporary use of a vacated public-agency site”."),
        error_messages={"required": _("Please give the request a title.")},
    )
    background = forms.CharField(
        label=_("Background and facts"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What the matter is, how it came about and what has been done so far."),
    )
    statutes = forms.CharField(
        label=_("Statutes concerned"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        help_text=_("Laws, decrees, ordinances and guidelines, with their articles."),
    )
    issues = forms.CharField(
        label=_("Key issues"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The questions the audit office should answer."),
    )
    proposed_handling = forms.CharField(
        label=_("Proposed handling (options)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The options you considered and the one you propose, with their pros and cons."),
    )
    has_private_interest = forms.ChoiceField(
        label=_("Private-interest declaration"),
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
        help_text=_(
            "An opinion does not protect an official who had a private interest in the matter or did not give "
            "enough information."
        ),
        error_messages={"required": _("Please declare whether you have a private interest.")},
    )
    private_interest_detail = forms.CharField(
        label=_("The private interest you declare"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"), required=False, max_length=30, widget=forms.TextInput(attrs=INPUT)
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        widget=forms.EmailInput(attrs=INPUT),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    attachments = MultipleDocumentField(label=_("Add files (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in SelfCheckItem:
            required_note = item.value in REQUIRED_CHECKS
            self.fields[check_field(item)] = forms.BooleanField(label=item.label, required=False)
            self.fields[note_field(item)] = forms.CharField(
                label=_("What you checked: %(item)s") % {"item": item.label},
                required=False,
                max_length=2_000,
                widget=forms.Textarea(attrs=SHORT_TEXTAREA),
                help_text=_("Required before sending.") if required_note else "",
            )

    def self_check_rows(self) -> list[dict[str, Any]]:
        """The checklist as (checkbox, note) pairs for the template."""
        return [
            {"item": item, "check": self[check_field(item)], "note": self[note_field(item)]} for item in SelfCheckItem
        ]

    def main_fields(self) -> list:
        return [self[name] for name in ("title", "background", "statutes", "issues", "proposed_handling")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_private_interest") == "yes" and not (data.get("private_interest_detail") or "").strip():
            self.add_error("private_interest_detail", _("Please describe the private interest you declare."))
        return data

    def to_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            title=data["title"],
            background=data.get("background", ""),
            statutes=data.get("statutes", ""),
            issues=data.get("issues", ""),
            proposed_handling=data.get("proposed_handling", ""),
            self_check={
                item.value: {"checked": bool(data.get(check_field(item))), "note": data.get(note_field(item), "")}
                for item in SelfCheckItem
            },
            has_private_interest=data.get("has_private_interest") == "yes",
            private_interest_detail=data.get("private_interest_detail", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
        )

    @classmethod
    def initial_from(cls, req: ConsultingRequest) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": req.title,
            "background": req.background,
            "statutes": req.statutes,
            "issues": req.issues,
            "proposed_handling": req.proposed_handling,
            "has_private_interest": "yes" if req.has_private_interest else "no",
            "private_interest_detail": req.private_interest_detail,
            "contact_phone": req.contact_phone,
            "contact_email": req.contact_email,
        }
        for item in SelfCheckItem:
            entry = (req.self_check or {}).get(item.value) or {}
            initial[check_field(item)] = bool(entry.get("checked"))
            initial[note_field(item)] = entry.get("note", "")
        return initial


class ApprovalForm(forms.Form):
    prefix = "approval"

    CHOICES = [
        ("approve", _("Approve and submit to the audit office")),
        ("send_back", _("Send back to the requester")),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose whether to approve the request.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        help_text=_("Required when you send the request back: tell the requester what to change."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "send_back" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please tell the requester what to change."))
        return data


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Reason for withdrawing (optional)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.TextInput(attrs=INPUT),
    )


class ImplementationForm(DocumentFormMixin, forms.Form):
    prefix = "implementation"

    CHOICES = [
        ("yes", _("I acted as advised")),
        ("no", _("I did not follow the opinion")),
    ]
    followed = forms.ChoiceField(
        label=_("Did you follow the opinion?"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say whether you followed the opinion.")},
    )
    acted_on = forms.DateField(
        label=_("Date you acted"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please give the date you acted."), "invalid": _("Enter a valid date.")},
    )
    note = forms.CharField(
        label=_("What you did, or why you did not follow the opinion"),
        max_length=5_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please describe what you did.")},
    )
    evidence = MultipleDocumentField(label=_("Evidence files (optional)"), required=False)


class DownloadReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for downloading"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Kept in the access records, e.g. “approval of the implementation report”."),
        error_messages={"required": _("Please give the reason for this download.")},
    )
