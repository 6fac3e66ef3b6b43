"""Forms of the publications: creating and editing a casebook, moving a case, a mask decision, a workflow step
with its reason, a correction note, and the card-news texts with each card's alt text."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.publications.editorial import EditorialState
from proactive.publications.enums import CARD_KINDS, CardKind, Selection
from proactive.publications.services.cards import MAX_ALT, TEXT_FIELDS

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}
TEXTAREA = {"class": "krds-input", "rows": 5}


class CasebookForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("title of a publication", "Title"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    subtitle = forms.CharField(label=_("Subtitle"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    foreword = forms.CharField(
        label=_("Foreword"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class CasebookCreateForm(CasebookForm):
    selection = forms.ChoiceField(
        label=_("Cases chosen by"), choices=Selection.choices, widget=forms.RadioSelect, initial=Selection.ROUND
    )
    round = forms.TypedChoiceField(
        label=_("Round"), required=False, coerce=int, empty_value=None, choices=[], widget=forms.Select(attrs=SELECT)
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=[], widget=forms.Select(attrs=SELECT)
    )
    theme = forms.CharField(
        label=_("Theme"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("For a theme, tick the cases below."),
    )
    awards = forms.TypedMultipleChoiceField(
        label=_("Cases for a theme"), required=False, coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, rounds: list, years: list[int], cases: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Choose a round")), *rounds]  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("Choose a year")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]
        self.fields["awards"].choices = cases  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        selection = data.get("selection")
        if selection == Selection.ROUND and not data.get("round"):
            self.add_error("round", _("Choose the round."))
        if selection == Selection.YEAR and not data.get("year"):
            self.add_error("year", _("Choose the year."))
        if selection == Selection.THEME:
            if not data.get("theme"):
                self.add_error("theme", _("Name the theme."))
            if not data.get("awards"):
                self.add_error("awards", _("Tick at least one case."))
        return data


class AddCaseForm(forms.Form):
    award = forms.TypedChoiceField(label=_("Case to add"), coerce=int, choices=[], widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, cases: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = cases  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down"), ("to", "to")], required=False)
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=10_000, required=False)


class MaskForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Mask")), ("reject", _("Leave as it is"))])


class PhotosForm(forms.Form):
    include = forms.BooleanField(label=_("Print the photos"), required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=EditorialState.choices)
    reason = forms.CharField(
        label=_("Reason (required to return it to draft)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("What the correction changes"), max_length=1000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3})
    )


class CardSetCreateForm(AddCaseForm):
    pass


class CardSetForm(forms.Form):
    headline = forms.CharField(
        label=_("Headline"), max_length=TEXT_FIELDS["headline"], widget=forms.TextInput(attrs=INPUT)
    )
    point_1 = forms.CharField(label=_("Key point 1 (the problem)"), max_length=120, widget=forms.TextInput(attrs=INPUT))
    point_2 = forms.CharField(
        label=_("Key point 2 (what was done)"), max_length=120, widget=forms.TextInput(attrs=INPUT)
    )
    point_3 = forms.CharField(label=_("Key point 3 (the outcome)"), max_length=120, widget=forms.TextInput(attrs=INPUT))
    figures = forms.CharField(label=_("Figures"), max_length=160, required=False, widget=forms.TextInput(attrs=INPUT))
    closing = forms.CharField(
        label=_("Closing line"), max_length=120, required=False, widget=forms.TextInput(attrs=INPUT)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in CARD_KINDS:
            self.fields[f"alt_{kind}"] = forms.CharField(
                label=_("Alt text: %(card)s") % {"card": CardKind(kind).label},
                max_length=MAX_ALT,
                required=False,
                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            )

    def texts(self) -> dict[str, str]:
        return {f: self.cleaned_data.get(f, "") for f in TEXT_FIELDS}

    def alt_texts(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"alt_{k}", "") for k in CARD_KINDS}
