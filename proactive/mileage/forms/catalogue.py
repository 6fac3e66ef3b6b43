"""Forms of the mileage catalogue: the year's policy, an activity (its names, and a new version of its terms) and a
reward. They only clean input; the rules (ranges, versions, prices) live in ``services.catalogue`` and its
refusals are shown on the form, on the field they concern (``FIELD_OF_ERROR``)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.mileage.enums import RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, MileagePolicy, RewardOption
from proactive.mileage.services.catalogue import MAX_ACTIVITY_POINTS, POLICY_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A service refusal's code → the field it is about (others are shown above the form).
FIELD_OF_ERROR = {
    "points_range_reversed": "points_max",
    "points_too_many": "points_max",
    "points_below_one": "points_min",
    "deduction_not_automatic": "automatic",
    "workflow_activity": "automatic",
    "duplicate_code": "code",
    "valid_from_too_early": "valid_from",
    "reward_points": "points",
    "reward_value": "value_won",
    "reward_leave_days": "leave_days",
    "reward_kind": "kind",
    "reward_kind_locked": "kind",
}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "krds-input")


def add_service_error(form: forms.BaseForm, code: str, message: str) -> None:
    field = FIELD_OF_ERROR.get(code)
    form.add_error(field if field in form.fields else None, message)


class PolicyForm(forms.ModelForm):
    """The year's caps, eligibility, value of a point, redemption minimum, expiry and appeal periods."""

    class Meta:
        model = MileagePolicy
        fields = POLICY_FIELDS
        help_texts = {
            "cap_per_person": _("Points an official may earn in the year (deductions do not count)."),
            "cap_per_department": _("Points all officials of a department may earn in the year, together."),
            "won_per_point": _(
                "Dongbaekjeon rewards are worth their points at this rate; changing this year's rate re-prices them."
            ),
            "min_redeem_points": _("An official can ask for a reward once their balance reaches this."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["eligible_from_grade"].widget.attrs.update({"min": 1, "max": 9})
        for name in ("cap_per_person", "won_per_point", "appeal_window_days", "appeal_decision_days"):
            self.fields[name].widget.attrs["min"] = 1
        _style(self)


class ActivityDetailsForm(forms.ModelForm):
    """How an activity is named and described (its terms are versioned separately)."""

    class Meta:
        model = ActivityType
        fields = ["name", "name_en", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"order": _("Activities are listed by this number, smallest first.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ActivityTermsForm(forms.ModelForm):
    """A version of an activity's terms and the date it applies from."""

    class Meta:
        model = ActivityRule
        fields = ["points_min", "points_max", "evidence_required", "team_split", "automatic", "valid_from"]
        widgets = {"evidence_required": forms.Textarea(attrs={"rows": 2}), "valid_from": DATE_WIDGET}
        help_texts = {
            "evidence_required": _("What the official attaches to a claim; officials see this."),
            "team_split": _("Team work: the points are shared by contribution. Otherwise each member gets them all."),
            "automatic": _("Posted by another workflow (e.g. a case selected in a round); officials cannot claim it."),
            "valid_from": _("Claims for work from this date use these terms; earlier work keeps the earlier version."),
        }

    def __init__(self, *args: Any, lock_automatic: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["points_max"].help_text = _(
            "Between 1 and %(max)s. A deduction posted by another workflow has both values below zero (e.g. −5 and −5)."
        ) % {"max": MAX_ACTIVITY_POINTS}
        for name in ("points_min", "points_max"):
            self.fields[name].widget.attrs.update({"min": -MAX_ACTIVITY_POINTS, "max": MAX_ACTIVITY_POINTS})
        if lock_automatic:  # another workflow posts this activity: it stays automatic
            self.fields["automatic"].disabled = True
            self.fields["automatic"].help_text = _("Another workflow posts this activity, so this stays ticked.")
        _style(self)

    def _post_clean(self) -> None:
        # The instance is only a carrier of the cleaned data; the service creates the version. Skipping the model's
        # validation avoids checking the half-built version (it has no activity yet).
        pass


class ActivityCreateForm(ActivityTermsForm):
    """A new activity: its code and names, and the first version of its terms."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("Lower-case letters, digits and hyphens, e.g. regulation-improved. It cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=32767, initial=0)

    field_order = ["code", "name", "name_en", "description", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        _style(self)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()


class RewardOptionForm(forms.ModelForm):
    """A reward: 동백전 (worth its points at this year's rate), a coupon (its value) or leave (its days)."""

    class Meta:
        model = RewardOption
        fields = ["kind", "name", "name_en", "points", "value_won", "leave_days", "order"]
        help_texts = {
            "value_won": _("For a coupon: its price band in won. For Dongbaekjeon it is computed from the points."),
            "leave_days": _("For reward leave only."),
        }

    def __init__(self, *args: Any, won_per_point: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RewardKind.choices  # type: ignore[attr-defined]
        self.fields["value_won"].required = False
        self.fields["leave_days"].required = False
        self.fields["points"].widget.attrs["min"] = 1
        self.fields["points"].help_text = _("Dongbaekjeon is credited at %(rate)s won a point this year.") % {
            "rate": f"{won_per_point:,}"
        }
        _style(self)

    def clean_value_won(self) -> int:
        return self.cleaned_data.get("value_won") or 0

    def clean_leave_days(self) -> int:
        return self.cleaned_data.get("leave_days") or 0

    def _post_clean(self) -> None:
        pass  # the service validates and saves; the bound instance must stay as it is in the database
