"""Forms of the results area: the gallery's filter, a department's re-nomination and HR's decision on it."""

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import OrgUnit
from proactive.nominations.enums import CaseType, Grade, Half, RenominationState
from proactive.nominations.forms.reviews import _style
from proactive.nominations.models import Nomination, NominationMember, SelectionRound
from proactive.nominations.queries import awards as queries
from proactive.nominations.services.awards import REASON_MAX
from proactive.web.widgets import LongSelect


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: NominationMember) -> str:  # type: ignore[override]
        return f"{obj.official.name} ({obj.official.rank}) · {obj.role or '-'} · {obj.contribution}%"


class GalleryFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    half = forms.TypedChoiceField(
        label=_("Half"), required=False, coerce=int, empty_value=None, choices=[("", _("All")), *Half.choices]
    )
    unit = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    case_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *CaseType.choices])
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=[("", _("All")), *Grade.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in queries.gallery_years())]  # type: ignore[attr-defined]
        # Plain (id, name) pairs from one query: this public form is on every gallery page, and building ~300
        # OrgUnit objects for a select of names cost about half of the page's time (docs/performance.md).
        english = (get_language() or "ko").startswith("en")
        units = queries.filter_units().values_list("pk", "name", "name_en")
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((pk, (name_en if english and name_en else name)) for pk, name, name_en in units),
        ]
        _style(self)

    def clean_unit(self) -> OrgUnit | None:
        pk = self.cleaned_data.get("unit")
        return OrgUnit.objects.filter(pk=pk).first() if pk else None


class RenominationForm(forms.Form):
    officials = MemberChoiceField(
        label=_("Officials proposed for special promotion"),
        queryset=NominationMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one official from the team.")},
    )
    reason = forms.CharField(
        label=_("Reason for the re-nomination"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why the case deserves special-promotion consideration although it was not selected."),
    )

    def __init__(self, *args: Any, nomination: Nomination, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officials"]
        field.queryset = nomination.members.select_related("official").order_by("-contribution", "pk")  # type: ignore[attr-defined]
        _style(self)


class RenominationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RenominationState.ACCEPTED, _("Accept")), (RenominationState.DECLINED, _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The department head and the nominator see this reason."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class RenominationFilterForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"), required=False, queryset=SelectionRound.objects.none(), empty_label=_("All")
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *RenominationState.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = queries.rounds_with_renominations()  # type: ignore[attr-defined]
        _style(self)
