"""Forms of the applicant's side: the application (drafts kept), a comment, more files, withdrawal."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import Official
from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message, upload_help
from proactive.legalsupport.enums import Stage, SupportKind
from proactive.legalsupport.models import Application
from proactive.legalsupport.services.applications import SUPPORT_FIELDS, official_by_employee_no
from proactive.legalsupport.services.common import ATTACHMENT_KINDS, MAX_AMOUNT, MAX_FILES, MAX_REASON, MAX_TEXT

TEXTAREA = {"class": "krds-input", "rows": 6}
INPUT = {"class": "krds-input", "autocomplete": "off"}
DATE = {"class": "krds-input", "type": "date"}


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
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(max)s files.") % {"max": self.max_files}, code="too_many_files"
            )
        return [super(MultipleDocumentField, self).clean(f, initial) for f in files]


def files_field(label: Any, *, required: bool = False) -> MultipleDocumentField:
    return MultipleDocumentField(
        label=label,
        required=required,
        allowed=ATTACHMENT_KINDS,
        help_text=upload_help(ATTACHMENT_KINDS),
        error_messages={"required": _("Please choose a file.")},
    )


def amount_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=help_text or _("In won, as a whole number without commas, e.g. 2000000."),
        widget=forms.NumberInput(attrs={"class": "krds-input", "inputmode": "numeric", "step": "1"}),
        error_messages={
            "required": _("Please give the amount."),
            "invalid": _("Enter the amount in won, as a whole number."),
            "min_value": _("The amount cannot be negative."),
            "max_value": _("Enter an amount of at most %(limit_value)s won."),
        },
    )


class ApplicationForm(DocumentFormMixin, forms.Form):
    """A new application or a draft being changed. Everything but the proceeding may stay empty in a draft; what
    submission needs is checked by the service (``missing_for_submission``) and shown next to the fields.

    ``on_behalf`` adds the employee number of the official applied for (protection officers); ``answers`` are
    the official's own earlier answers that may be linked; ``current_files`` the draft's files, which may be
    removed."""

    official_employee_no = forms.CharField(
        label=_("Employee number of the official"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_(
            "Leave it empty to apply for yourself. To apply on behalf of an official (a retired official "
            "included), give their number on the officials register."
        ),
    )
    stage = forms.ChoiceField(
        label=_("Proceeding"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Support for a criminal trial can be claimed only once the acquittal is final; before indictment, "
            "choose the criminal investigation."
        ),
        error_messages={"required": _("Please choose the proceeding.")},
    )
    authority = forms.CharField(
        label=_("Body conducting the proceeding"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 부산광역시 인사위원회, 부산지방검찰청, 부산지방법원"),
    )
    case_number = forms.CharField(
        label=_("Case number"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT)
    )
    acquittal_final_on = forms.DateField(
        label=_("Acquittal final on"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("Criminal trial only: the day the acquittal became final (무죄 확정일)."),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    act = forms.CharField(
        label=_("The act concerned"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What you did in your duties that the proceeding is about, and when."),
    )
    proactive_reason = forms.CharField(
        label=_("Why it was proactive administration"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_(
            "The public interest it served, why it went beyond routine handling, and that you had no private "
            "interest in it. Mention any committee opinion or pre-consulting answer you followed."
        ),
    )
    facts = forms.CharField(
        label=_("Facts of the proceeding"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Who started it, what you are accused of, where it stands now."),
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("Support asked"),
        required=False,
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    amount_requested = amount_field(
        _("Amount requested (won)"),
        required=False,
        help_text=_(
            "For the lawyer's fee or the litigation costs, in won without commas. The committee approves at most "
            "the cap for the proceeding, which the settings list."
        ),
    )
    related = forms.MultipleChoiceField(
        label=_("Your earlier answers on this matter"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Committee opinions and pre-consulting answers you asked for; link those you acted on."),
    )
    attachments = files_field(_("Files (optional)"))
    remove_files = forms.MultipleChoiceField(
        label=_("Remove these files"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        on_behalf: bool = False,
        answers: list | None = None,
        current_files: list | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.official: Official | None = None
        if not on_behalf:
            del self.fields["official_employee_no"]
        answer_choices = [
            (f"{a.kind}:{a.pk}", f"{a.kind_label} {a.number} · {a.title} ({a.answered_on:%Y-%m-%d})")
            for a in answers or []
        ]
        if answer_choices:
            self.fields["related"].choices = answer_choices  # type: ignore[attr-defined]
        else:
            del self.fields["related"]
        if current_files:
            self.fields["remove_files"].choices = [  # type: ignore[attr-defined]
                (str(d.pk), d.original_name) for d in current_files
            ]
        else:
            del self.fields["remove_files"]

    def clean_official_employee_no(self) -> str:
        number = (self.cleaned_data.get("official_employee_no") or "").strip()
        if number:
            self.official = official_by_employee_no(number)
            if self.official is None:
                raise forms.ValidationError(_("No official on the register has this employee number."))
        return number

    def service_data(self) -> dict[str, Any]:
        """The draft fields for the services."""
        data = self.cleaned_data
        kinds = set(data.get("support_kinds") or [])
        out = {
            "stage": data["stage"],
            "authority": data.get("authority", ""),
            "case_number": data.get("case_number", ""),
            "acquittal_final_on": data.get("acquittal_final_on"),
            "act": data.get("act", ""),
            "proactive_reason": data.get("proactive_reason", ""),
            "facts": data.get("facts", ""),
            "amount_requested": data.get("amount_requested") or 0,
        }
        for kind, name in SUPPORT_FIELDS.items():
            out[name] = kind in kinds
        return out

    @staticmethod
    def initial_from(application: Application) -> dict[str, Any]:
        return {
            "stage": application.stage,
            "authority": application.authority,
            "case_number": application.case_number,
            "acquittal_final_on": application.acquittal_final_on,
            "act": application.act,
            "proactive_reason": application.proactive_reason,
            "facts": application.facts,
            "support_kinds": application.support_kinds,
            "amount_requested": application.amount_requested or None,
            "related": [f"{r.kind}:{r.entry_pk}" for r in application.related_answers.all()],
        }


class CommentForm(forms.Form):
    prefix = "comment"

    text = forms.CharField(
        label=_("Comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        help_text=_("The official, whoever filed the application and the staff handling it read comments."),
        error_messages={"required": _("Please write a comment.")},
    )


class FilesForm(DocumentFormMixin, forms.Form):
    prefix = "files"

    attachments = files_field(_("Files to add"), required=True)


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
        error_messages={"required": _("Please give the reason for withdrawing.")},
    )
