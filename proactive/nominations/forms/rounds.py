"""Forms of the round set-up: the round itself, and formsets for its rubric and grade rules."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.nominations.enums import Benefit, Grade, ScoredStage, TieBreak
from proactive.nominations.models import SelectionRound
from proactive.nominations.services.rounds import CONFIG_FIELDS, IDENTITY_FIELDS, SCHEDULE_FIELDS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
TIE_BREAK_SLOTS = 4


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            field.widget.attrs.setdefault("class", "krds-input")


class RoundForm(forms.ModelForm):
    """The round's identity, call text, schedule (entered in Asia/Seoul) and configuration.

    ``frozen`` disables the configuration; ``now`` also disables schedule fields whose moment has passed, so a
    frozen round's form posts only what may still change. ``published`` disables the year and half.
    """

    class Meta:
        model = SelectionRound
        fields = [
            *IDENTITY_FIELDS,
            "summary",
            "results_from",
            "results_to",
            *SCHEDULE_FIELDS,
            "weight_working",
            "weight_vote",
            "weight_committee",
            "shortlist_size",
            "picks_per_ballot",
            "voters",
        ]
        widgets: dict[str, Any] = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "results_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "results_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
                for name in SCHEDULE_FIELDS
            },
        }

    def __init__(self, *args: Any, frozen: bool = False, published: bool = False, now=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tie_breaks = list(self.initial.get("tie_breaks") or [])
        for i in range(TIE_BREAK_SLOTS):
            name = f"tie_break_{i + 1}"
            self.fields[name] = forms.ChoiceField(
                label=_("Tie-break %(position)s") % {"position": i + 1},
                choices=[("", "—"), *TieBreak.choices],
                required=False,
                initial=tie_breaks[i] if i < len(tie_breaks) else "",
            )
        self.fields["summary"].help_text = _("Shown on the public call page: who may be nominated and how.")
        for name in SCHEDULE_FIELDS:
            self.fields[name].help_text = _("Asia/Seoul time.")
        if published:
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
        if frozen:
            now = now or timezone.now()
            for name in [*CONFIG_FIELDS, *(f"tie_break_{i + 1}" for i in range(TIE_BREAK_SLOTS))]:
                if name in self.fields:
                    self.fields[name].disabled = True
            for name in SCHEDULE_FIELDS:
                moment = self.initial.get(name)
                if moment is not None and moment <= now:
                    self.fields[name].disabled = True
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["tie_breaks"] = [data.pop(f"tie_break_{i + 1}", "") for i in range(TIE_BREAK_SLOTS)]
        data["tie_breaks"] = [t for t in data["tie_breaks"] if t]
        if len(data["tie_breaks"]) != len(set(data["tie_breaks"])):
            self.add_error(None, _("List each tie-break at most once."))
        return data

    def validate_unique(self) -> None:
        # The service reports a second round for the same half-year in the user's words.
        pass

    def _post_clean(self) -> None:
        # Cross-field rules (date order, constraints) are the service's; skip the model's full_clean here.
        pass


class CriterionForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=ScoredStage.choices)
    name = forms.CharField(label=_("Criterion"), max_length=100)
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=150, required=False)
    max_points = forms.DecimalField(label=_("Maximum points"), max_digits=5, decimal_places=2, min_value=0.01)
    guidance = forms.CharField(label=_("Guidance"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class GradeRuleForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    quota = forms.IntegerField(label=_("Number of cases"), min_value=0)
    prize_money = forms.IntegerField(label=_("Prize money per case (원)"), min_value=0, initial=0)
    benefits = forms.MultipleChoiceField(
        label=_("Benefits the winner may choose"),
        choices=Benefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True, max_num=30)
GradeRuleFormSet = forms.formset_factory(GradeRuleForm, extra=1, can_delete=True, max_num=len(Grade.choices))


def formset_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The kept rows of a valid formset: filled in and not marked for deletion."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form not in formset.initial_forms:
            continue
        data = dict(form.cleaned_data)
        if not data or data.pop("DELETE", False):
            continue
        rows.append(data)
    return rows
