"""Forms of the audit office: the queue's filters, screening (accept with reviewers, or return), reviewers, a joint
review, escalation and its reply, the committee referral, an extension, the opinion, publication and the settings."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.consulting.enums import EscalationBody, ExclusionReason, JointParticipant, RequestState
from proactive.consulting.models import ConsultingSettings
from proactive.consulting.services.common import MAX_REASON

SELECT = {"class": "krds-form-select"}
INPUT = {"class": "krds-input", "autocomplete": "off"}
TEXTAREA = {"class": "krds-input", "rows": 6}
SHORT_TEXTAREA = {"class": "krds-input", "rows": 3}
DATE = {"class": "krds-input", "type": "date"}


def _text(
    label: Any, required: Any, *, max_length: int, attrs: dict = TEXTAREA, help_text: Any = ""
) -> forms.CharField:
    """A text area that must be filled in, with its own message when it is left empty."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs=attrs),
        help_text=help_text,
        error_messages={"required": required},
    )


def _line(label: Any, required: Any, *, max_length: int = MAX_REASON, help_text: Any = "") -> forms.CharField:
    """A one-line text that must be filled in, with its own message when it is left empty."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.TextInput(attrs=INPUT),
        help_text=help_text,
        error_messages={"required": required},
    )


def _date(label: Any, required: Any) -> forms.DateField:
    """A date that must be given, with its own message when it is missing."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"required": required, "invalid": _("Enter a valid date.")},
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title, number, department or requester"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("state of a pre-consulting request", "State"),
        required=False,
        choices=[("", _("All states"))]
        + [(value, label) for value, label in RequestState.choices if value not in ("draft", "awaiting_approval")],
        widget=forms.Select(attrs=SELECT),
    )
    mine = forms.BooleanField(label=_("Assigned to me as reviewer"), required=False)
    due_soon = forms.BooleanField(label=_("Due soon"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None and official.unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class _ReviewersMixin:
    """Reviewers from the audit office, the lead among them (the first chosen when left empty)."""

    def set_reviewers(self, officers: Any) -> None:
        fields = cast(forms.Form, self).fields
        cast(forms.ModelMultipleChoiceField, fields["reviewers"]).queryset = officers
        cast(forms.ModelChoiceField, fields["lead"]).queryset = officers


def _reviewers_field(required: bool) -> ReviewerChoiceField:
    return ReviewerChoiceField(
        label=_("Reviewing officers"),
        queryset=None,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Audit officers of the audit office."),
        error_messages={
            "required": _("Please choose at least one reviewer."),
            "invalid_choice": _("Choose reviewers from the list."),
        },
    )


def _lead_field() -> LeadChoiceField:
    return LeadChoiceField(
        label=_("Lead reviewer"),
        queryset=None,
        required=False,
        empty_label=_("The first reviewer chosen"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("Writes the opinion."),
        error_messages={"invalid_choice": _("Choose the lead from the list.")},
    )


class AcceptForm(_ReviewersMixin, forms.Form):
    prefix = "accept"

    reviewers = _reviewers_field(required=False)
    lead = _lead_field()

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reviewers(officers)


class ReturnForm(forms.Form):
    prefix = "return"

    reason = forms.ChoiceField(
        label=_("Reason for returning"),
        choices=ExclusionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the reason for returning the request.")},
    )
    note = _text(
        _("Explanation for the requester"),
        _("Please explain the return to the requester."),
        max_length=5_000,
        attrs=SHORT_TEXTAREA,
    )


class AssignForm(_ReviewersMixin, forms.Form):
    prefix = "assign"

    reviewers = _reviewers_field(required=True)
    lead = _lead_field()

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reviewers(officers)


class JointReviewForm(forms.Form):
    prefix = "joint"

    held_on = _date(_("Held on"), _("Please give the date of the joint review."))
    participant_kinds = forms.MultipleChoiceField(
        label=_("Taking part"),
        choices=JointParticipant.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose who took part in the joint review.")},
    )
    participants = _text(
        _("Participants"),
        _("Please name the participants."),
        max_length=2_000,
        attrs=SHORT_TEXTAREA,
        help_text=_("Names and roles, e.g. “Lawyer Kim (legal adviser), regulatory-reform team leader”."),
    )
    notes = _text(_("Notes"), _("Please write the notes of the session."), max_length=20_000)


class EscalateForm(forms.Form):
    prefix = "escalate"

    to = forms.ChoiceField(
        label=_("Send to"),
        choices=EscalationBody.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose where the question goes.")},
    )
    question = _text(
        _("Question sent on"),
        _("Please write the question sent on."),
        max_length=20_000,
        help_text=_("The clock pauses until the reply is recorded."),
    )


class EscalationReplyForm(forms.Form):
    prefix = "reply"

    reply_on = _date(_("Reply received on"), _("Please give the date of the reply."))
    reply = _text(_("Reply"), _("Please record the reply."), max_length=20_000)


class ReferForm(forms.Form):
    prefix = "refer"

    reason = _text(
        _("Why the committee should deliberate"),
        _("Please explain why the committee should deliberate."),
        max_length=5_000,
        attrs=SHORT_TEXTAREA,
        help_text=_(
            "E.g. a wide impact on citizens, or many stakeholders. The clock pauses until the committee decides."
        ),
    )


class ExtendForm(forms.Form):
    prefix = "extend"

    due_on = _date(_("New due date"), _("Please give the new due date."))
    reason = _line(
        _("Reason for the extension"),
        _("Please give the reason for the extension."),
        help_text=_("The requester is told."),
    )


class OpinionForm(forms.Form):
    prefix = "opinion"

    conclusion = _text(
        _("Conclusion"),
        _("Please write the conclusion."),
        max_length=5_000,
        attrs=SHORT_TEXTAREA,
        help_text=_("The answer in a few sentences: how the matter may be handled."),
    )
    reasons = _text(
        _("Reasons"), _("Please write the reasons."), max_length=20_000, attrs={"class": "krds-input", "rows": 10}
    )


class PublicationForm(forms.Form):
    prefix = "publication"

    title = _line(_("Title"), _("Please give a title."), max_length=200)
    question = _text(
        _("The question (anonymised)"),
        _("Please summarise the question."),
        max_length=5_000,
        help_text=_("No names of people, no department that would identify someone, no contact details."),
    )
    answer = _text(_("The answer (anonymised)"), _("Please summarise the answer."), max_length=10_000)


class PublishForm(forms.Form):
    prefix = "publish"

    masking_confirmed = forms.BooleanField(
        label=_("I have checked the summary: it names no one and no department that would identify someone."),
        error_messages={"required": _("Please confirm the masking before publishing.")},
    )


class TakeDownForm(forms.Form):
    prefix = "takedown"

    reason = _line(_("Reason for taking it down"), _("Please give the reason for taking it down."))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConsultingSettings
        fields = ["review_days", "business_days", "due_soon_days", "implementation_reminder_days"]
        widgets = {
            "review_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
            "due_soon_days": forms.NumberInput(attrs={"class": "krds-input", "min": 0, "max": 60}),
            "implementation_reminder_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365}),
        }

    def _days(self, name: str) -> int:
        value = self.cleaned_data[name]
        if not 1 <= value <= 365:
            raise forms.ValidationError(_("Enter a number of days between 1 and 365."))
        return value

    def clean_review_days(self) -> int:
        return self._days("review_days")

    def clean_implementation_reminder_days(self) -> int:
        return self._days("implementation_reminder_days")

    def clean_due_soon_days(self) -> int:
        value = self.cleaned_data["due_soon_days"]
        if value > 60:
            raise forms.ValidationError(_("Enter a number of days between 0 and 60."))
        return value


class PublishedSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the published answers"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
