"""Forms of the claims screens: claim for myself, propose for a team (one row per official of the head's units),
a step up the line, evidence, and the list filters. They validate input; the claim services decide."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import Official, OrgUnit
from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import allowed_description, max_megabytes, too_large_message
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import ActivityRule, ActivityType
from proactive.mileage.services.claims import EVIDENCE_KINDS, MAX_EVIDENCE_FILES, shares_for, split_points

C = ClaimState
REASON_MAX = 2000


def activity_name(activity: ActivityType) -> str:
    return activity.display_name()


def unit_name(unit: OrgUnit) -> str:
    return unit.display_name(get_language() or "ko")


def _style(form: forms.BaseForm) -> None:
    for form_field in form.fields.values():
        widget = form_field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "krds-form-check-input")
        elif not isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "krds-input")


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityRule) -> str:  # type: ignore[override]
        if obj.points_min == obj.points_max:
            return _("%(name)s (%(n)s points)") % {"name": activity_name(obj.activity), "n": obj.points_min}
        return _("%(name)s (%(min)s–%(max)s points)") % {
            "name": activity_name(obj.activity),
            "min": obj.points_min,
            "max": obj.points_max,
        }


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return unit_name(obj)


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityType) -> str:  # type: ignore[override]
        return activity_name(obj)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _evidence_help() -> str:
    return _("Up to %(n)s files, together at most %(max)s MB. Allowed types: %(types)s.") % {
        "n": MAX_EVIDENCE_FILES,
        "max": max_megabytes(),
        "types": allowed_description(EVIDENCE_KINDS),
    }


class EvidenceFilesField(DocumentField):
    """Several evidence files in one input; each is checked like a ``DocumentField``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(allowed=EVIDENCE_KINDS, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(
                _("Attach at most %(n)s evidence files.") % {"n": MAX_EVIDENCE_FILES}, code="too_many_files"
            )
        return [DocumentField.clean(self, f, initial) for f in files]


class ClaimForm(DocumentFormMixin, forms.Form):
    """An official's claim for points for their own work."""

    activity = RuleChoiceField(
        label=_("Activity"),
        queryset=ActivityRule.objects.none(),
        empty_label=_("Choose an activity"),
        error_messages={"invalid_choice": _("Choose one of the activities listed: this one cannot be claimed now.")},
    )
    title = forms.CharField(
        label=_("What was done"),
        max_length=200,
        help_text=_("One line, e.g. “Port permit procedure cut from 30 to 7 days”."),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you did, what changed as a result, and who can confirm it."),
    )
    occurred_on = forms.DateField(
        label=_("Date of the work"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The points count towards this date's year."),
    )
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=1000)
    evidence = EvidenceFilesField(label=_("Evidence files"))

    def __init__(self, *args: Any, rules: Sequence[ActivityRule] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        activity_field = self.fields["activity"]
        assert isinstance(activity_field, forms.ModelChoiceField)
        activity_field.queryset = ActivityRule.objects.filter(pk__in=[r.pk for r in self.rules]).select_related(
            "activity"
        )
        activity_field.help_text = _("The points range and the evidence each activity needs are listed above.")
        self.fields["evidence"].help_text = _evidence_help()
        _style(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        rule: ActivityRule | None = data.get("activity")
        points, occurred_on = data.get("points"), data.get("occurred_on")
        if occurred_on and occurred_on > timezone.localdate():
            self.add_error("occurred_on", _("The date of the work cannot be in the future."))
        if rule is not None and points is not None and not rule.points_min <= points <= rule.points_max:
            self.add_error(
                "points",
                _("This activity earns between %(min)s and %(max)s points.")
                % {"min": rule.points_min, "max": rule.points_max},
            )
        if (
            rule is not None
            and rule.evidence_required.strip()
            and not data.get("evidence")
            and not self.has_error("evidence")
        ):
            self.add_error(
                "evidence",
                _("This activity needs evidence: %(evidence)s") % {"evidence": rule.evidence_required.strip()},
            )
        return data


@dataclass
class TeamRow:
    official: Official
    pick: forms.BoundField
    share: forms.BoundField
    eligible: bool


@dataclass
class SplitRow:
    official: Official
    contribution: int
    points: int


@dataclass
class SplitPreview:
    """How the points typed so far would be split; ``message`` says what is still missing or wrong."""

    rows: list[SplitRow] = field(default_factory=list)
    points: int | None = None
    message: Any = ""  # a (lazy) translated sentence
    full_each: bool = False


class ProposeForm(ClaimForm):
    """A department head's proposal for one or many officials of a unit they head (or units below it): one row
    per official, ticked with a contribution %."""

    unit = UnitChoiceField(
        label=_("Department"),
        queryset=OrgUnit.objects.none(),
        empty_label=None,
        help_text=_("The department whose cap the points count against."),
    )
    points = forms.IntegerField(
        label=_("Points for the whole team"),
        min_value=1,
        max_value=1000,
        help_text=_("Split among the officials by contribution when the activity splits team work."),
    )

    field_order = ["unit", "activity", "title", "description", "occurred_on", "points", "evidence"]

    def __init__(
        self,
        *args: Any,
        units: Sequence[OrgUnit] = (),
        officials: Sequence[Official] = (),
        eligible_from_grade: int = 4,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        self.officials = list(officials)
        self.eligible_from_grade = eligible_from_grade
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in self.units]).order_by("path")
        for official in self.officials:
            self.fields[f"pick_{official.pk}"] = forms.BooleanField(
                label=_("Include %(name)s") % {"name": official.name}, required=False
            )
            self.fields[f"share_{official.pk}"] = forms.IntegerField(
                label=_("Contribution of %(name)s (%%)") % {"name": official.name},
                required=False,
                min_value=1,
                max_value=100,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
            )
        for name, form_field in self.fields.items():
            if name in ("unit", "activity", "points") or name.startswith(("pick_", "share_")):
                form_field.widget.attrs["data-split"] = "true"  # sent with the split preview (htmx)
        _style(self)

    def is_eligible(self, official: Official) -> bool:
        return official.grade is None or official.grade >= self.eligible_from_grade

    def team_rows(self) -> list[TeamRow]:
        return [TeamRow(o, self[f"pick_{o.pk}"], self[f"share_{o.pk}"], self.is_eligible(o)) for o in self.officials]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.field_order]

    def picked(self) -> list[tuple[Official, int | None]]:
        """The ticked officials with their contribution (after ``is_valid``)."""
        data = getattr(self, "cleaned_data", {})
        return [(o, data.get(f"share_{o.pk}")) for o in self.officials if data.get(f"pick_{o.pk}")]

    def team(self) -> list[tuple[Official, int]]:
        picked = self.picked()
        if len(picked) == 1:
            return [(picked[0][0], 100)]
        return [(o, share or 0) for o, share in picked]

    def _value(self, name: str) -> Any:
        """One field's cleaned value without validating the whole form (None when missing or invalid)."""
        form_field = self.fields[name]
        raw = form_field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        try:
            return form_field.clean(raw)
        except forms.ValidationError:
            return None

    def split_preview(self) -> SplitPreview:
        """The split of the points typed so far among the officials ticked, for the preview."""
        picked = [(o, self._value(f"share_{o.pk}")) for o in self.officials if self._value(f"pick_{o.pk}")]
        points, rule = self._value("points"), self._value("activity")
        preview = SplitPreview(points=points, full_each=bool(rule is not None and not rule.team_split))
        if not picked:
            preview.message = _("Tick the officials and give their contributions to see how the points are split.")
        elif points is None:
            preview.message = _("Enter the points for the whole team to see how they are split.")
        elif len(picked) > 1 and any(share is None for _o, share in picked):
            preview.message = _("Give the contribution (%) of each official ticked to see the split.")
        elif len(picked) > 1 and sum(share or 0 for _o, share in picked) != 100:
            preview.message = _("The contributions must add up to 100 %% (they add up to %(total)s %%).") % {
                "total": sum(share or 0 for _o, share in picked)
            }
        else:
            contributions = [100] if len(picked) == 1 else [share or 0 for _o, share in picked]
            # Before an activity is chosen, show the usual team split.
            split = shares_for(rule, points, contributions) if rule is not None else split_points(points, contributions)
            preview.rows = [SplitRow(o, c, p) for (o, _share), c, p in zip(picked, contributions, split, strict=True)]
        return preview

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        picked = self.picked()
        if not picked:
            raise forms.ValidationError(_("Tick at least one official."), code="no_officials")
        unit: OrgUnit | None = data.get("unit")
        for official, share in picked:
            if unit is not None and not official.unit.path.startswith(unit.path):
                self.add_error(
                    f"pick_{official.pk}",
                    _("%(name)s does not work in %(unit)s or a unit below it.")
                    % {"name": official.name, "unit": unit_name(unit)},
                )
            if len(picked) > 1 and share is None and not self.has_error(f"share_{official.pk}"):
                self.add_error(f"share_{official.pk}", _("Give the contribution (%) of each official ticked."))
        if len(picked) > 1 and all(share is not None for _o, share in picked):
            total = sum(share or 0 for _o, share in picked)
            if total != 100:
                raise forms.ValidationError(
                    _("The contributions must add up to 100 %% (they add up to %(total)s %%).") % {"total": total},
                    code="contribution_total",
                )
        return data


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=[(s, s) for s in (C.GRANTED, C.CHECKED, C.APPROVED, C.REJECTED, C.WITHDRAWN)])
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
        help_text=_("Required to reject; the claimant and the officials named will see it."),
    )


class EvidenceForm(DocumentFormMixin, forms.Form):
    file = DocumentField(label=_("Evidence file"), allowed=EVIDENCE_KINDS)


QUEUE_STATES = [
    ("", _("Every step")),
    (C.CLAIMED, _("To grant")),
    (C.GRANTED, _("To check")),
    (C.CHECKED, _("To approve")),
]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Step"), choices=QUEUE_STATES, required=False)
    unit = UnitChoiceField(
        label=_("Department"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Every department"),
    )
    activity = ActivityChoiceField(
        label=_("Activity"), queryset=ActivityType.objects.none(), required=False, empty_label=_("Every activity")
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field, activity_field = self.fields["unit"], self.fields["activity"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(activity_field, forms.ModelChoiceField)
        if units is not None:
            unit_field.queryset = units
        activity_field.queryset = ActivityType.objects.order_by("order", "code")
        _style(self)


class MineFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("Every state")), *C.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
