"""Forms of an exemption application: the grounds, the linked answers, evidence, the protection officer's comment
and opinion, the audit office's screening, assignment and extensions."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.protection.enums import Deadline, Ground
from proactive.protection.forms.audits import DATE, INPUT, SELECT, TEXTAREA, _all

GROUND_HELP = {
    Ground.FACTS: _("The case, the decision you took, when and why; what would have happened otherwise."),
    Ground.PUBLIC_INTEREST: _(
        "Who benefited: citizens, businesses, the city. Say that neither you nor anyone close to you gained from it."
    ),
    Ground.REASONABLENESS: _("Why the action was reasonable and necessary at the time, and what you weighed."),
    Ground.NO_GROSS_NEGLIGENCE: _(
        "Why there was no intent or gross negligence: what you checked, whom you asked, which advice you followed."
    ),
    Ground.PROCEDURE: _("The procedure you followed (consultations, approvals) and why no major step was skipped."),
    Ground.TRANSPARENCY: _(
        "How the decision was recorded and approved (documents, approval lines); in an emergency, how it was "
        "reported afterwards."
    ),
}


class GroundsForm(forms.Form):
    prefix = "grounds"

    no_private_interest = forms.BooleanField(
        label=_("I declare that no private interest of mine or of anyone close to me was involved."),
        required=False,
    )
    head_opinion = forms.CharField(
        label=_("Department head's opinion"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        help_text=_("As the official's department head: your view of the case for the board."),
    )

    def __init__(self, *args: Any, is_head: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grounds = {
            g.value: forms.CharField(
                label=g.label,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs=TEXTAREA),
                help_text=GROUND_HELP[g],
            )
            for g in Ground
        }
        # The grounds first, then the declaration and (for a head) the opinion.
        self.fields = {**grounds, **self.fields}
        if not is_head:
            del self.fields["head_opinion"]


class LinksForm(forms.Form):
    prefix = "links"

    keys = forms.MultipleChoiceField(
        label=_("Earlier answers to attach"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["keys"]).choices = [
            (c.key, f"{c.entry.kind_label} {c.entry.number} · {c.entry.title} ({c.entry.answered_on.isoformat()})")
            for c in candidates
        ]


class FileForm(DocumentFormMixin, forms.Form):
    prefix = "file"

    file = DocumentField(label=_("Evidence file"), error_messages={"required": _("Please choose a file.")})
    description = forms.CharField(
        label=_("What the file shows (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
    )


class CommentForm(forms.Form):
    prefix = "comment"

    ground = forms.ChoiceField(
        label=_("On"),
        required=False,
        choices=_all(_("The application as a whole"), Ground.choices),
        widget=forms.Select(attrs=SELECT),
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        error_messages={"required": _("Please write your comment.")},
    )
    suggested_text = forms.CharField(
        label=_("Suggested text (optional)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        help_text=_("The applicant can take it over for the part chosen above with one click."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("suggested_text") or "").strip() and not data.get("ground"):
            self.add_error("ground", _("Say which part of the application the suggested text is for."))
        return data


class OpinionForm(forms.Form):
    prefix = "opinion"

    opinion = forms.CharField(
        label=_("Opinion for the board"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The protection officer's view of the case, for the official; the board reads it."),
        error_messages={"required": _("Please write your opinion for the board.")},
    )
    attends = forms.BooleanField(label=_("I will attend the review and speak for the official"), required=False)


class ScreenForm(forms.Form):
    prefix = "screen"

    RESULTS = [
        ("accept", _("Complete and in time: refer it to the review board")),
        ("return", _("Incomplete: return it for completion")),
        ("reject", _("Not admissible: reject it")),
    ]
    result = forms.ChoiceField(
        label=_("Screening result"),
        choices=RESULTS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the result of the screening.")},
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        help_text=_("Required when returning (what is missing) or rejecting (why)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("result") in ("return", "reject") and not (data.get("note") or "").strip():
            self.add_error("note", _("Please say what is missing or why the application is rejected."))
        return data


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None and official.unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class AssignForm(forms.Form):
    prefix = "assign"

    officer = OfficerChoiceField(
        label=pgettext_lazy("exemption review", "Protection officer"),
        queryset=None,
        empty_label=pgettext_lazy("exemption review", "Choose the officer"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Choose a protection officer from the list."),
            "invalid_choice": _("Choose a protection officer from the list."),
        },
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = officers


class ExtendApplicationForm(forms.Form):
    prefix = "extend"

    deadline = forms.ChoiceField(
        label=pgettext_lazy("exemption review", "Deadline"),
        choices=[(d.value, d.label) for d in (Deadline.SCREENING, Deadline.COMPLETION, Deadline.REVIEW)],
        widget=forms.HiddenInput,
    )
    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": _("Please choose the new due date."), "invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the reason for the extension.")},
    )


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
    )
