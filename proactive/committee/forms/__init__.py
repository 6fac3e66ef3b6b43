"""Forms of the committee. They only clean input; every change goes through a service."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.enums import UserKind
from proactive.accounts.models import User
from proactive.committee.enums import MeetingKind, MeetingState, MemberCategory, MemberField, VoteChoice
from proactive.committee.models import CommitteeSettings, Meeting, Member

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
SELECT = {"class": "krds-form-select"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "krds-form-select")
        else:
            widget.attrs.setdefault("class", "krds-input")


def _all(label: Any, choices: Any) -> list:
    return [("", label), *choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD.")}
DATETIME_ERRORS = {"invalid": _("Enter a date and time.")}


# --- Roster --------------------------------------------------------------------------------------------------


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or affiliation"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    state = forms.ChoiceField(
        label=_("Members"),
        required=False,
        choices=[("sitting", _("Serving today")), ("former", _("Not serving today")), ("all", _("All"))],
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("category of a committee member", "Category"),
        required=False,
        choices=_all(_("All categories"), MemberCategory.choices),
    )
    field = forms.ChoiceField(
        label=pgettext_lazy("field of a committee member", "Field"),
        required=False,
        choices=_all(_("All fields"), MemberField.choices),
    )
    pool = forms.BooleanField(label=_("Expert pool only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MemberFieldsMixin(forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("category of a committee member", "Category"),
        choices=_all(_("Choose a category"), MemberCategory.choices),
    )
    field = forms.ChoiceField(
        label=pgettext_lazy("field of a committee member", "Field"),
        choices=_all(_("Choose a field"), MemberField.choices),
    )
    affiliation = forms.CharField(
        label=_("Affiliation and position"),
        max_length=200,
        required=False,
        help_text=_(
            "For an external expert: institution and position, e.g. Professor of Law, Pusan National University."
        ),
    )
    in_pool = forms.BooleanField(
        label=_("In the expert pool (called when the agenda matches the field)"), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MemberCreateForm(MemberFieldsMixin):
    """An official's account (username or employee number), or a new external expert (name, e-mail)."""

    user_ref = forms.CharField(
        label=_("Official's account (username or employee number)"),
        max_length=150,
        required=False,
        help_text=_("Leave empty for an external expert: give the name and e-mail below instead."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Expert's name"), max_length=60, required=False)
    email = forms.EmailField(label=_("Expert's e-mail"), required=False)
    starts_on = forms.DateField(label=_("First term starts on"), widget=DateInput(), error_messages=DATE_ERRORS)

    field_order = ["user_ref", "name", "email", "category", "field", "affiliation", "in_pool", "starts_on", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_user_ref(self) -> User | None:
        ref = self.cleaned_data["user_ref"].strip()
        if not ref:
            return None
        users = list(
            User.objects.filter(Q(username=ref) | Q(official__employee_no=ref)).exclude(kind=UserKind.CITIZEN)[:2]
        )
        if len(users) > 1:
            users = [u for u in users if u.username == ref]
        if not users:
            raise forms.ValidationError(
                _("No official's account has the username or employee number “%(ref)s”."), params={"ref": ref}
            )
        return users[0]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("user_ref") and "user_ref" not in self.errors and not (data.get("name") or "").strip():
            self.add_error("name", _("Give an official's account above, or the name of an external expert."))
        return data


class MemberEditForm(MemberFieldsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class AppointTermForm(forms.Form):
    starts_on = forms.DateField(
        label=_("The term starts on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the day after the last term ends (or today)."),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class EndTermForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day of the term"),
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("The member's committee roles end on this day."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("e.g. resignation, change of post."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ends_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _style(self)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CommitteeSettings
        fields = [
            "term_months",
            "max_terms",
            "warn_days",
            "quorum_base",
            "opening_quorum",
            "decision_rule",
            "written_days",
            "pool_draw_per_field",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# --- Meetings ------------------------------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=pgettext_lazy("committee meeting state", "State"),
        required=False,
        choices=_all(_("All states"), MeetingState.choices),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2019, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("How the meeting is held"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: “2026년 제5차 적극행정위원회”.")
    )
    scheduled_at = forms.DateTimeField(
        label=_("Date and time (a written deliberation opens then)"),
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages=DATETIME_ERRORS,
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    closes_at = forms.DateTimeField(
        label=_("Replies due by (written deliberation)"),
        required=False,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages=DATETIME_ERRORS,
        help_text=_("Empty: the settings' number of days after it opens."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        _style(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == MeetingKind.IN_PERSON and not (data.get("place") or "").strip():
            self.add_error("place", _("Give the place of a meeting in person."))
        start, end = data.get("scheduled_at"), data.get("closes_at")
        if start and end and end <= start:
            self.add_error("closes_at", _("The replies are due after the deliberation opens."))
        return data


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.user.display_name


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        label=pgettext_lazy("attendance at a meeting", "Members present"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = (  # type: ignore[attr-defined]
            Member.objects.filter(invitations__meeting=meeting).select_related("user").order_by("user__name", "pk")
        )


class InviteForm(forms.Form):
    members = MemberChoiceField(
        label=_("Members to call"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["members"].error_messages["required"] = _("Choose at least one member to call.")


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "What was discussed and said, item by item. The attendance and the decisions are added to the minutes document automatically."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ProposalForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Proposed decision"), choices=())
    resolution = forms.CharField(
        label=_("Draft resolution"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, outcomes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _all(_("Choose a decision"), outcomes)  # type: ignore[attr-defined]
        _style(self)


class DecideForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution as adopted"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Empty: the draft resolution as proposed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=pgettext_lazy("vote", "Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MemberReasonForm(ReasonForm):
    """A recusal about someone: the member and the reason (제척 by the secretariat, 기피 by a requester)."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())

    field_order = ["member", "reason"]

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        """``members``: a queryset, or a list of members already loaded with their users (the meeting's page shows
        these forms on every item and draws them all from one query)."""
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        if isinstance(members, list):
            field.queryset = Member.objects.filter(pk__in=[m.pk for m in members])  # type: ignore[attr-defined]
            empty = [("", field.empty_label)] if field.empty_label is not None else []  # type: ignore[attr-defined]
            field.widget.choices = [*empty, *((m.pk, m.user.display_name) for m in members)]  # type: ignore[attr-defined]
        else:
            field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: m.user.display_name  # type: ignore[attr-defined]
        _style(self)


class ChallengeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: the member is recused")), ("reject", _("Reject the challenge"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reasons"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# --- The queue -----------------------------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), empty_label=_("Choose a meeting")
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: f"{m.number} {m.title}"  # type: ignore[attr-defined]
        _style(self)


class ItemFieldForm(forms.Form):
    field = forms.ChoiceField(
        label=pgettext_lazy("field of an agenda item", "Field"),
        required=False,
        choices=_all(_("No field"), MemberField.choices),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SelectionRoundForm(forms.Form):
    round = forms.ChoiceField(label=_("Selection round"), choices=())

    def __init__(self, *args: Any, rounds: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rounds = {str(r.pk): r for r in rounds}
        self.fields["round"].choices = _all(_("Choose a round"), [(str(r.pk), r.title) for r in rounds])  # type: ignore[attr-defined]
        _style(self)

    def clean_round(self) -> Any:
        return self.rounds[self.cleaned_data["round"]]


# --- Reorganisation ------------------------------------------------------------------------------------------


class StartReorganisationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        _style(self)


class StepForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), error_messages=DATE_ERRORS)
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("owner of a reorganisation step", "Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The secretariat"),
    )
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        _style(self)
