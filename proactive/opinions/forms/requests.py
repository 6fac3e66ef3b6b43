"""The requester's forms: the request (an opinion or a ratification, in parts, with its statutes), files, how the
opinion was acted on, withdrawing.

A draft needs only a title; when the requester submits, every part the committee needs is required (the service
checks again, ``services.requests.missing_parts``). Bound forms keep everything typed when something is refused;
files have to be chosen again (browsers never refill a file input), which the form says.
"""

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.forms import DocumentFormMixin
from proactive.opinions.enums import PermitType, PrivateInterest, RequestKind
from proactive.opinions.forms.common import DATE, INPUT, SELECT, files_field, optional_text, textarea
from proactive.opinions.services.common import MAX_REASON, MAX_TEXT
from proactive.opinions.services.requests import MAX_STATUTES, StatuteInput

# Fields a submission needs, by kind (the title is always needed).
REQUIRED_ON_SUBMIT = {
    RequestKind.OPINION: ["permit_type", "facts", "question", "options", "own_review", "private_interest"],
    RequestKind.RATIFICATION: ["taken_on", "action_taken", "urgency", "disaster_context", "private_interest"],
}
REQUIRED_MESSAGES = {
    "title": _("Please give the case a title."),
    "permit_type": _("Please choose the kind of permit."),
    "facts": _("Please describe the facts."),
    "question": _("Please write the question to the committee."),
    "options": _("Please list the options you considered."),
    "own_review": _("Please write your own review."),
    "private_interest": pgettext_lazy("opinion request", "Please declare whether you have a private interest."),
    "taken_on": _("Please give the date the action was taken."),
    "action_taken": _("Please describe the action taken."),
    "urgency": _("Please explain why it was urgent and necessary."),
    "disaster_context": _("Please describe the disaster or safety situation."),
}


class RequestForm(DocumentFormMixin, forms.Form):
    """The parts of a request. ``kind`` picks the fields; ``submitting`` makes the submission's parts required."""

    # Part 1: the case.
    title = forms.CharField(
        label=_("Case title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("A short name for the case, e.g. “해수욕장 야간 개장 인허가”."),
    )
    permit_type = forms.ChoiceField(
        label=_("Kind of permit"),
        required=False,
        choices=[("", _("Choose the kind of permit")), *PermitType.choices],
        widget=forms.Select(attrs=SELECT),
        help_text=_("The permit the regulation in question is tied to; choose “other” for unclear law."),
    )
    facts = optional_text(
        _("Facts"), rows=8, help_text=_("What happened, who is affected, what is blocked and since when.")
    )
    # Ratification: the urgent action.
    taken_on = forms.DateField(
        label=_("Date the action was taken"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    action_taken = optional_text(
        pgettext_lazy("opinion request", "Action taken"),
        rows=6,
        help_text=_("What you did before the committee could be asked."),
    )
    disaster_context = optional_text(
        _("Disaster or safety situation"),
        rows=5,
        help_text=_("The disaster or danger you faced (e.g. a flood warning, a collapse risk) and its scale."),
    )
    urgency = optional_text(
        _("Urgency and necessity"),
        rows=5,
        help_text=_("Why it could not wait for the committee, and why this action was necessary."),
    )
    # Part 3: the question (opinions).
    question = optional_text(
        _("The question to the committee"),
        rows=5,
        help_text=_("One specific question the committee can answer, e.g. “may the permit be granted if …?”."),
    )
    options = optional_text(
        _("Options considered"),
        rows=5,
        help_text=_("The ways of handling the case you considered, with their pros and cons."),
    )
    own_review = optional_text(
        _("Your own review"), rows=6, help_text=_("Your department's reading of the law and the handling you propose.")
    )
    # The declaration.
    private_interest = forms.ChoiceField(
        label=_("Private-interest declaration"),
        required=False,
        choices=PrivateInterest.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Required. A private interest you did not declare voids the exemption the committee's answer gives."
        ),
    )
    private_interest_details = optional_text(
        _("Details of the private interest"),
        rows=3,
        help_text=_("Who is concerned and how (family, former employer, property …)."),
    )
    new_files = files_field(_("Add files"))

    OPINION_ONLY = ("permit_type", "question", "options", "own_review")
    RATIFICATION_ONLY = ("taken_on", "action_taken", "disaster_context", "urgency")

    def __init__(self, *args: Any, kind: str = RequestKind.OPINION, submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.submitting = submitting
        drop = self.RATIFICATION_ONLY if kind == RequestKind.OPINION else self.OPINION_ONLY
        for name in drop:
            del self.fields[name]
        if kind == RequestKind.RATIFICATION:
            self.fields["facts"].label = _("Other background")
            self.fields["facts"].help_text = _("Anything else the committee should know (optional).")
        self.fields["title"].error_messages["required"] = REQUIRED_MESSAGES["title"]
        if submitting:
            for name in REQUIRED_ON_SUBMIT[RequestKind(kind)]:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = REQUIRED_MESSAGES[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("private_interest") == PrivateInterest.DECLARED
            and not (data.get("private_interest_details") or "").strip()
        ):
            self.add_error(
                "private_interest_details",
                pgettext_lazy("opinion request", "Please describe the private interest you declare."),
            )
        return data

    def draft_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "new_files"}


class StatuteForm(forms.Form):
    law = forms.CharField(
        label=_("Statute or ordinance"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 해수욕장의 이용 및 관리에 관한 법률"),
    )
    article = forms.CharField(
        label=_("Article"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 제12조 제1항"),
    )
    text = optional_text(
        _("Article text or reference"),
        rows=3,
        help_text=_("The article's wording, or where to read it (e.g. a law.go.kr address)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("article") or data.get("text")) and not (data.get("law") or "").strip():
            self.add_error("law", _("Please name the statute or ordinance of this article."))
        return data


class BaseStatuteFormSet(forms.BaseFormSet):
    def refuse(self, message: str) -> None:
        """Show ``message`` above the statutes (a rule about the whole list)."""
        self._non_form_errors = self.error_class([message], error_class="nonform")

    def rows(self) -> list[StatuteInput]:
        return [
            StatuteInput(
                law=f.cleaned_data.get("law", ""),
                article=f.cleaned_data.get("article", ""),
                text=f.cleaned_data.get("text", ""),
            )
            for f in self.forms
            if f.cleaned_data and (f.cleaned_data.get("law") or "").strip()
        ]


StatuteFormSet = formset_factory(
    StatuteForm, formset=BaseStatuteFormSet, extra=2, max_num=MAX_STATUTES, validate_max=True, absolute_max=MAX_STATUTES
)


def statute_formset(data: Any = None, *, initial: list[dict] | None = None) -> BaseStatuteFormSet:
    return cast(BaseStatuteFormSet, StatuteFormSet(data, prefix="statute", initial=initial))


class FilesForm(DocumentFormMixin, forms.Form):
    prefix = "files"

    uploads = files_field()

    def clean_uploads(self) -> list:
        files = self.cleaned_data.get("uploads") or []
        if not files:
            raise forms.ValidationError(_("Please choose a file."), code="required")
        return files


class ActForm(DocumentFormMixin, forms.Form):
    prefix = "act"

    acted_on = forms.DateField(
        label=_("Date you acted"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": pgettext_lazy("opinion request", "Please give the date you acted."),
            "invalid": _("Enter a valid date."),
        },
    )
    what = forms.CharField(
        label=_("What you did"),
        max_length=MAX_TEXT,
        widget=textarea(6),
        help_text=_("How you handled the case following the committee's opinion (or why you departed from it)."),
        error_messages={"required": _("Please write what you did.")},
    )
    evidence = files_field(_("Evidence"))


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Required once the request was submitted."),
    )
