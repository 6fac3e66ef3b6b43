"""Forms of the results area: the gallery's filter, a department's re-nomination and HR's decision on it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import OrgUnit
from proactive.nominations.enums import CaseType, Grade, Half, RenominationState
from proactive.nominations.forms.reviews import _style
from proactive.nominations.models import Nomination, NominationMember, SelectionRound
from proactive.nominations.queries import awards as queries
from proactive.nominations.services.awards import REASON_MAX


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: NominationMember) -> str:  # type: ignore[override]
        return f"{obj.official.name} ({obj.official.rank}) · {obj.role or '-'} · {obj.contribution}%"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        from django.utils.translation import get_language  # the label follows the page's language

        return obj.display_name(get_language() or "ko")


class GalleryFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    half = forms.TypedChoiceField(
        label=_("Half"), required=False, coerce=int, empty_value=None, choices=[("", _("All")), *Half.choices]
    )
    unit = UnitChoiceField(label=_("Department"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All"))
    case_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *CaseType.choices])
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=[("", _("All")), *Grade.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in queries.gallery_years())]  # type: ignore[attr-defined]
        self.fields["unit"].queryset = queries.filter_units()  # type: ignore[attr-defined]
        _style(self)


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
