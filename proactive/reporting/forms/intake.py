"""Forms of the intake area: filing a report, opening it with the receipt, and the reporter's reply.

They validate input; ``services.intake`` decides (and checks again). Files are checked early so the reporter sees a
refused file next to the field; they are cleaned of metadata and sealed by the service.
"""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message, upload_help
from proactive.reporting.enums import ReportType
from proactive.reporting.queries.intake import active_unit, unit_groups
from proactive.reporting.services.common import ATTACHMENT_KINDS
from proactive.reporting.services.intake import MAX_TEXT, MIN_WHAT

MAX_FILES = 5
RECEIPT_MAX = 64  # 16 digits with spaces or dashes, and some room for a pasted line

# Plain-language explanations of the kinds of passive administration (Busan's wording, DOMAIN §4.9).
TYPE_EXPLANATIONS: dict[str, Any] = {
    ReportType.PERFUNCTORY: _(
        "Handling a matter only for form's sake or for the office's convenience, without doing what it really "
        "needs: for example, deciding on papers alone without checking the site."
    ),
    ReportType.NEGLECT: _(
        "Putting off or not doing one's work without a good reason: for example, leaving a complaint unhandled "
        "after its deadline."
    ),
    ReportType.DESK_BOUND: _(
        "Sticking to old rules and habits although the law or the situation has changed, or deciding at the desk "
        "without looking at what happens on the ground."
    ),
    ReportType.SELF_SERVING: _(
        "Putting the office's convenience or power before citizens: for example, abusing authority, or "
        "departments passing a matter back and forth so that nobody takes responsibility."
    ),
    ReportType.OTHER: _("Another kind, or you are not sure which one: the audit office will decide."),
}

TEXTAREA = {"class": "krds-input", "rows": 8}
TEXT = {"class": "krds-input"}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleDocumentField(DocumentField):
    """Several files in one input, each checked like a ``DocumentField``; cleans to a list (maybe empty)."""

    def __init__(self, *, max_files: int = MAX_FILES, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            return []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(max)s files.") % {"max": self.max_files}, code="too_many_files"
            )
        return [super(MultipleDocumentField, self).clean(f, initial) for f in files]


def _files_field(label: Any) -> MultipleDocumentField:
    return MultipleDocumentField(
        label=label,
        required=False,
        allowed=ATTACHMENT_KINDS,
        help_text=upload_help(ATTACHMENT_KINDS),
    )


class ReportForm(DocumentFormMixin, forms.Form):
    """A new report. ``named`` drops the anti-spam field (a named reporter is signed in)."""

    report_type = forms.ChoiceField(
        label=_("What kind of passive administration was it?"),
        choices=ReportType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the kind of passive administration.")},
    )
    unit = forms.TypedChoiceField(
        label=_("Which department was it?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "The city's departments, the districts (gu/gun) and the public bodies are listed in groups. Typing a "
            "name jumps to it."
        ),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
        error_messages={"invalid_choice": _("Please choose a department from the list.")},
    )
    outside_body = forms.CharField(
        label=_("Not in the list? Name the office"),
        required=False,
        max_length=200,
        help_text=_("For an office that is not in the list. The city's audit office will pass it on if needed."),
        widget=forms.TextInput(attrs=TEXT),
    )
    official_name = forms.CharField(
        label=_("Name of the official (optional)"),
        required=False,
        max_length=100,
        help_text=_("Only if you know it; leave it empty if you are not sure."),
        widget=forms.TextInput(attrs=TEXT),
    )
    what = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_TEXT,
        help_text=_(
            "What you asked for, what the official did or did not do, and how it affected you. At least 20 characters."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Please describe what happened.")},
    )
    occurred_on = forms.DateField(
        label=_("When did it happen? (date, optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "krds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as year-month-day, e.g. 2026-03-02.")},
    )
    when_text = forms.CharField(
        label=_("Or describe when (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: early March 2026, or from January to March."),
        widget=forms.TextInput(attrs=TEXT),
    )
    prior_complaint = forms.CharField(
        label=_("Reference number of your earlier complaint (optional)"),
        required=False,
        max_length=100,
        help_text=_(
            "If you complained before, for example on the People's e-petition site (국민신문고), its reference number "
            "helps the audit office find it."
        ),
        widget=forms.TextInput(attrs=TEXT),
    )
    attachments = _files_field(_("Files (optional)"))
    # Anti-spam: hidden from people (and from screen readers); automated senders fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, named: bool = False, english: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.named = named
        if named:
            del self.fields["website"]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = [("", _("Choose the department")), *unit_groups(english=english)]

    @property
    def honeypot(self) -> forms.BoundField | None:
        return self["website"] if "website" in self.fields else None

    def clean_what(self) -> str:
        what = self.cleaned_data["what"]
        if len(what.strip()) < MIN_WHAT:
            raise forms.ValidationError(
                _("Please describe what happened in at least %(count)d characters.") % {"count": MIN_WHAT},
                code="what_too_short",
            )
        return what

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date it happened cannot be in the future."), code="future_date")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The report could not be filed. Please try again."), code="spam")
        pk = data.get("unit")
        unit = active_unit(pk) if pk else None
        if pk and unit is None:
            self.add_error("unit", _("Please choose a department from the list."))
        data["unit"] = unit
        if "unit" not in self.errors and unit is None and not (data.get("outside_body") or "").strip():
            self.add_error(
                "unit", _("Please choose the department concerned, or name the body if it is not in the list.")
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "report_type": data["report_type"],
            "what": data["what"],
            "unit": data["unit"],
            "outside_body": data["outside_body"] if data["unit"] is None else "",
            "official_name": data["official_name"],
            "occurred_on": data["occurred_on"],
            "when_text": data["when_text"],
            "prior_complaint": data["prior_complaint"],
            "files": data["attachments"],
        }


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=RECEIPT_MAX,
        help_text=_("The 16 digits you were given when you sent the report. Spaces and dashes do not matter."),
        widget=forms.TextInput(
            attrs={
                "class": "krds-input",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "inputmode": "numeric",
            }
        ),
    )


class ReplyForm(DocumentFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Answer the audit office's questions or add what you remember. The audit office reads it."),
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 5}),
    )
    attachments = _files_field(_("Files to add (optional)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachments"):
            raise forms.ValidationError(_("Please write a message or attach a file."), code="empty")
        return data
