"""Forms of the committee stage: the meeting record, adjusting a grade and confirming the grades.

The score sheet and the recusal form are the working-level ones (forms.reviews.ScoreForm, RecusalForm).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.accounts.models import User
from proactive.nominations.enums import Grade
from proactive.nominations.forms.reviews import _style


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place or format"), max_length=200, required=False)
    attendees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]
        _style(self)


class AdjustForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", _("No award")), *Grade.choices], required=False)
    reason = forms.CharField(label=_("Reason for adjustment"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ConfirmForm(forms.Form):
    decision = forms.CharField(label=_("Committee decision"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
