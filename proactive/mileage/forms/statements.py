"""Forms of the statements area: the reports' filters (year, department, activity, month).

The choices come from the view (the departments the user may see, the catalogue's activities, the years), so the
form itself runs no query and refuses a department outside the user's scope like any invalid choice.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from proactive.mileage.models import ActivityType
from proactive.mileage.queries.statements import ScopeUnit, activity_label


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year the points count towards"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )
    unit = forms.TypedChoiceField(
        label=_("Department"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a department you may see reports for.")},
    )
    activity = forms.TypedChoiceField(
        label=_("Activity"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the activities in the list.")},
    )
    month = forms.TypedChoiceField(
        label=_("Month posted"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a month from 1 to 12.")},
    )

    def __init__(
        self,
        *args: Any,
        years: Sequence[int],
        units: Sequence[ScopeUnit],
        activities: Sequence[ActivityType],
        all_units_label: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        top = min((u.depth for u in units), default=0)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", all_units_label),
            *((u.pk, "\u00a0\u00a0" * (u.depth - top) + u.name) for u in units),
        ]
        self.fields["activity"].choices = [  # type: ignore[attr-defined]
            ("", _("All activities")),
            *((a.pk, activity_label(a)) for a in activities),
        ]
        self.fields["month"].choices = [("", _("Whole year")), *MONTHS.items()]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")
