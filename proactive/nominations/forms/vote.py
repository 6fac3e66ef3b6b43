"""The online-vote ballot: checkboxes over the round's shortlisted cases, at least one and at most
``round.picks_per_ballot``. The service checks everything again; this only gives early, friendly errors."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class BallotForm(forms.Form):
    picks = forms.TypedMultipleChoiceField(
        label=_("Cases you support"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one case.")},
    )

    def __init__(self, *args, choices: Sequence[tuple[int, str]], max_picks: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_picks = max_picks
        # (id, title) pairs the caller already has (the page's cases) or reads cheaply (a POST).
        self.fields["picks"].choices = list(choices)  # type: ignore[attr-defined]
        self.fields["picks"].help_text = ngettext(
            "Choose up to %(count)s case.", "Choose up to %(count)s cases.", max_picks
        ) % {"count": max_picks}

    def clean_picks(self) -> list[int]:
        picks = self.cleaned_data["picks"]
        if len(picks) > self.max_picks:
            raise forms.ValidationError(
                ngettext("Choose at most %(count)s case.", "Choose at most %(count)s cases.", self.max_picks)
                % {"count": self.max_picks},
                code="too_many",
            )
        return picks
