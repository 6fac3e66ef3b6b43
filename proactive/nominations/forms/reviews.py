"""Forms of the working-level review: the score sheet, recusal, assignment by hand and balancing."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import User
from proactive.nominations.models import Criterion, Nomination, ReviewAssignment


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "krds-input")


class ScoreForm(forms.Form):
    """Points (0 to the criterion's maximum) and an optional comment for each criterion, and an overall comment."""

    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, criteria: list[Criterion], assignment: ReviewAssignment, **kwargs: Any) -> None:
        if not kwargs.get("data") and not (args and args[0]):
            initial: dict[str, Any] = {"comment": assignment.comment}
            for score in assignment.scores.all():
                initial[f"points_{score.criterion_id}"] = score.points
                initial[f"comment_{score.criterion_id}"] = score.comment
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("Points for %(name)s") % {"name": criterion.name},
                min_value=Decimal(0),
                max_value=criterion.max_points,
                max_digits=5,
                decimal_places=2,
                help_text=_("0 to %(max)s points") % {"max": criterion.max_points},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([*(f for c in criteria for f in (f"points_{c.pk}", f"comment_{c.pk}")), "comment"])
        _style(self)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"criterion": c, "points": self[f"points_{c.pk}"], "comment": self[f"comment_{c.pk}"]}
            for c in self.criteria
        ]

    def scores(self) -> dict[int, tuple[Decimal, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"points_{c.pk}"], data.get(f"comment_{c.pk}", "")) for c in self.criteria}


class RecusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the conflict"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. I worked on this case, or a family member is on the team."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class AssignForm(forms.Form):
    nomination: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Nomination"), queryset=Nomination.objects.none()
    )
    reviewers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Reviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, nominations: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations  # type: ignore[attr-defined]
        self.fields["reviewers"].queryset = reviewers  # type: ignore[attr-defined]
        self.fields["reviewers"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name} · {u.official.unit.name}" if u.official_id else u.display_name
        )
        _style(self)


class BalanceForm(forms.Form):
    per_nomination = forms.IntegerField(label=_("Reviewers per case"), min_value=1, max_value=20, initial=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
