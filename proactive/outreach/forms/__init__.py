"""Forms of outreach: HTTP input → cleaned data for the services; no side effects."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message, upload_help
from proactive.outreach.enums import ActionState, ActivityKind, MeetingKind, PeriodKind, TrainingKind
from proactive.outreach.services.common import MATERIAL_KINDS, MAX_FILES

TEXT = {"class": "krds-input"}
DATE = {"class": "krds-input", "type": "date"}
NUMBER = {"class": "krds-input", "inputmode": "numeric"}
SELECT = {"class": "krds-form-select"}


def _field(form: forms.Form, name: str) -> Any:
    """A form's field, to set what only its kind has (a queryset, choices, labels)."""
    return form.fields[name]


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "krds-input", "rows": rows})


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleDocumentField(DocumentField):
    """Several files in one input, each checked like a ``DocumentField``; cleans to a list (maybe empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(max)s files.") % {"max": MAX_FILES}, code="too_many_files")
        return [super(MultipleDocumentField, self).clean(f, initial) for f in files]


class YearKindFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, years: list[int], kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "year").choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["year"].widget.attrs.update(SELECT)
        _field(self, "kind").choices = [("", pgettext_lazy("filter of outreach records", "All kinds"))] + list(kinds)
        self.fields["kind"].widget.attrs.update(SELECT)


class ActivityForm(DocumentFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    ends_on = forms.DateField(
        label=pgettext_lazy("last day of an activity", "Last day"),
        required=False,
        help_text=_("For an activity over several days."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=_("Place or channel"),
        max_length=200,
        required=False,
        help_text=_("e.g. the lobby of City Hall, the city's YouTube channel, Instagram"),
        widget=forms.TextInput(attrs=TEXT),
    )
    participants = forms.IntegerField(
        label=pgettext_lazy("people reached by an activity", "Participants"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    views = forms.IntegerField(label=_("Views"), min_value=0, required=False, widget=forms.NumberInput(attrs=NUMBER))
    description = forms.CharField(label=_("Description"), max_length=5000, required=False, widget=_area(4))
    links = forms.CharField(
        label=_("Links"),
        required=False,
        help_text=_("One web address per line (the video, the post)."),
        widget=_area(3),
    )
    cases: Any = forms.ModelMultipleChoiceField(
        label=_("Selected cases featured"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "krds-form-select", "size": 6}),
        help_text=_("Optional. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    attachments = MultipleDocumentField(
        label=_("Materials to add"),
        required=False,
        allowed=MATERIAL_KINDS,
        help_text=upload_help(MATERIAL_KINDS),
    )

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "cases").queryset = cases
        _field(self, "cases").label_from_instance = lambda n: f"{n.round.year}-{n.round.half} · {n.title}"


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    hours = forms.DecimalField(
        label=pgettext_lazy("length of a training session", "Hours"),
        min_value=0.5,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "krds-input", "step": "0.5", "inputmode": "decimal"}),
        error_messages={"invalid": _("Enter the hours as a number, e.g. 2 or 1.5.")},
    )
    lecturer = forms.CharField(label=_("Lecturer"), max_length=120, required=False, widget=forms.TextInput(attrs=TEXT))
    online = forms.BooleanField(label=_("Held online"), required=False)
    place = forms.CharField(
        label=pgettext_lazy("where a session is held", "Place"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    audience = forms.CharField(
        label=_("Audience"),
        max_length=200,
        required=False,
        help_text=_("e.g. all staff, newly appointed officials, team leaders"),
        widget=forms.TextInput(attrs=TEXT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("online") and not (data.get("place") or "").strip():
            self.add_error("place", _("Give the place, or mark the session as online."))
        return data


class PickerForm(forms.Form):
    """The attendance picker's search: a name (or employee number) and/or a unit."""

    prefix = "pick"

    q = forms.CharField(
        label=_("Name or employee number"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
    )
    unit: Any = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "unit").queryset = units
        _field(self, "unit").empty_label = _("Any unit")
        _field(self, "unit").label_from_instance = lambda u: ("· " * max(u.depth - 1, 0)) + u.name


class AddAttendeesForm(forms.Form):
    officials: Any = forms.ModelMultipleChoiceField(
        label=_("Officials"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one official.")},
    )
    hours = forms.DecimalField(
        label=_("Hours attended"),
        required=False,
        min_value=0.1,
        decimal_places=1,
        help_text=_("Leave empty for the session's full hours."),
        widget=forms.NumberInput(attrs={"class": "krds-input", "step": "0.1", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, officials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "officials").queryset = officials


class AddDepartmentForm(forms.Form):
    prefix = "dept"

    unit: Any = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        widget=forms.Select(attrs=SELECT),
        help_text=_("Every active official of the unit and the units below it is added."),
        error_messages={"required": _("Choose a department.")},
    )
    hours = forms.DecimalField(
        label=_("Hours attended"),
        required=False,
        min_value=0.1,
        decimal_places=1,
        help_text=_("Leave empty for the session's full hours."),
        widget=forms.NumberInput(attrs={"class": "krds-input", "step": "0.1", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "unit").queryset = units
        _field(self, "unit").empty_label = _("Choose a department")
        _field(self, "unit").label_from_instance = lambda u: ("· " * max(u.depth - 1, 0)) + u.name


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours attended"),
        min_value=0.1,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "krds-input", "step": "0.1", "inputmode": "decimal"}),
    )


class TotalsForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "Until"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    by = forms.ChoiceField(
        label=_("Per"),
        choices=[("top", _("Office, bureau or body")), ("unit", _("Department"))],
        widget=forms.Select(attrs=SELECT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    place = forms.CharField(
        label=pgettext_lazy("where a meeting is held", "Place"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    bodies: Any = forms.ModelMultipleChoiceField(
        label=_("Participating bodies"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participating body.")},
    )
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        max_length=5000,
        help_text=_("Names and positions, one per line."),
        widget=_area(3),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, max_length=10000, widget=_area(4))
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=20000, widget=_area(6))

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "bodies").queryset = bodies


class ActionForm(forms.Form):
    prefix = "action"

    title = forms.CharField(
        label=pgettext_lazy("liaison action item", "Action"),
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": _("Please say what is to be done.")},
    )
    owner: Any = forms.ModelChoiceField(
        label=_("Owner body or department"),
        queryset=None,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Choose who owns the action.")},
    )
    due_on = forms.DateField(
        label=_("Due on"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"required": _("Please give the due date.")},
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "owner").queryset = owners
        _field(self, "owner").empty_label = _("Choose a body or department")
        _field(self, "owner").label_from_instance = lambda u: ("· " * max(u.depth - 1, 0)) + u.name


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=ActionState.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=_area(2))


class PeriodForm(forms.Form):
    """The figures' period: a year, a half, a quarter or a custom range."""

    kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR, widget=forms.Select(attrs=SELECT)
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=2019, max_value=2100, required=False, widget=forms.NumberInput(attrs=NUMBER)
    )
    part = forms.TypedChoiceField(
        label=_("Half or quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        widget=forms.Select(attrs=SELECT),
    )
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "Until"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Give the first day of the range."))
            if not end:
                self.add_error("end", _("Give the last day of the range."))
            if start and end and end < start:
                self.add_error("end", _("The end of the period cannot be before its start."))
            if start and end and (end - start).days > 366 * 5:
                self.add_error("end", _("A custom range may be at most five years long."))
            return data
        if not data.get("year"):
            data["year"] = timezone.localdate().year
        part = data.get("part")
        if kind == PeriodKind.HALF and part not in (1, 2):
            self.add_error("part", _("Choose the first or the second half."))
        if kind == PeriodKind.QUARTER and part not in (1, 2, 3, 4):
            self.add_error("part", _("Choose a quarter from 1 to 4."))
        return data


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100, widget=forms.NumberInput(attrs=NUMBER))


def default_range() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), today
