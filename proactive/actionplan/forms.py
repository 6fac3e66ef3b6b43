"""Forms of the action plan: the plan, its directions and tasks, a quarter's progress report, the review, a
designation, and a state change. Forms validate input; the services apply the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.models import OrgUnit
from proactive.actionplan.enums import TaskStatus
from proactive.actionplan.models import Plan
from proactive.actionplan.services.progress import EVIDENCE_KINDS
from proactive.actionplan.services.structure import OWNER_KINDS
from proactive.documents.forms import DocumentField, DocumentFormMixin

INPUT = {"class": "krds-input"}
DATE = {"class": "krds-input", "type": "date"}
NUMBER = {"class": "krds-input", "inputmode": "decimal"}
SELECT = {"class": "krds-form-select"}
TEXTAREA = {"class": "krds-input", "rows": 4}


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs)


def _number(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs=NUMBER),
    )


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=INPUT))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Left empty: “<year> proactive administration action plan”."),
        widget=forms.TextInput(attrs=INPUT),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start from an earlier plan"),
        required=False,
        queryset=Plan.objects.all(),
        empty_label=_("No: start empty"),
        help_text=_("Its directions and tasks are copied; its targets become the baselines where none was set."),
        widget=forms.Select(attrs=SELECT),
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "summary",
            "consultation_note",
            "committee_reference",
            "deliberated_on",
            "adopted_on",
            "q1_due_on",
            "q2_due_on",
            "q3_due_on",
            "q4_due_on",
        ]
        widgets = {
            "title": forms.TextInput(attrs=INPUT),
            "summary": forms.Textarea(attrs=TEXTAREA),
            "consultation_note": forms.Textarea(attrs=TEXTAREA),
            "committee_reference": forms.TextInput(attrs=INPUT),
            **{f: forms.DateInput(attrs=DATE, format="%Y-%m-%d") for f in ("deliberated_on", "adopted_on")},
            **{f"q{q}_due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d") for q in (1, 2, 3, 4)},
        }
        help_texts = {f"q{q}_due_on": _("Empty: this quarter is not reported.") for q in (1, 2, 3, 4)}


class DirectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class OwnerUnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250, widget=forms.TextInput(attrs=INPUT))
    owner_unit = OwnerUnitField(
        label=_("Owner department"),
        queryset=OrgUnit.objects.filter(is_active=True, kind__in=OWNER_KINDS).order_by("path"),
        widget=forms.Select(attrs=SELECT),
    )
    kpi = forms.CharField(
        label=_("KPI"),
        max_length=250,
        help_text=_("What is measured, e.g. 적극행정위원회 개최 횟수"),
        widget=forms.TextInput(attrs=INPUT),
    )
    unit = forms.CharField(
        label=pgettext_lazy("unit of a KPI", "Unit"),
        max_length=20,
        help_text=_("e.g. 건, 회, %, 명"),
        widget=forms.TextInput(attrs=INPUT),
    )
    baseline = _number(_("Baseline"))
    target = _number(pgettext_lazy("KPI", "Target"), required=True)
    weight = _number(_("Weight"), help_text=_("Optional; 1 when empty."))


class ProgressForm(DocumentFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("action plan task", "Status"), choices=TaskStatus.choices, widget=forms.RadioSelect
    )
    actual = _number(_("Actual value"), help_text=_("In the KPI's unit, cumulative for the year so far."))
    narrative = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6})
    )
    evidence = DocumentField(label=_("Evidence file"), required=False, allowed=EVIDENCE_KINDS)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("review of a progress report", "Decision"),
        choices=[
            ("accept", pgettext_lazy("review of a progress report", "Accept")),
            ("return", _("Return for correction")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        help_text=_("Required when returning: say what needs correcting."),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what needs correcting."))
        return data


class ReporterForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Official"),
        queryset=None,  # type: ignore[arg-type]  # set per task in __init__
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: f"{u.official.name} ({u.official.rank})"  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    on = _date(pgettext_lazy("date of a step", "On"), help_text=_("Empty: today."))
    reference = forms.CharField(
        label=_("Committee deliberation reference"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.TextInput(attrs=INPUT))
