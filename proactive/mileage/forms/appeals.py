"""Forms of the mileage appeals area: file an appeal, add files, assign the panel, decide, withdraw, filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.documents.validators import too_large_message
from proactive.mileage.enums import AppealState
from proactive.mileage.services.appeals import EVIDENCE_KINDS, MAX_FILES, REASONS_MAX

TEXTAREA = {"class": "krds-input", "rows": 6}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleDocumentField(DocumentField):
    """Several files in one input, each checked like a ``DocumentField``; cleans to a list (maybe empty)."""

    def __init__(self, *, max_files: int = MAX_FILES, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "krds-input"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if self.upload_rejected:
            raise forms.ValidationError(too_large_message(), code="too_large")
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(max)s files.") % {"max": self.max_files}, code="too_many_files"
            )
        return [super(MultipleDocumentField, self).clean(f, initial) for f in files]


def _reasons_field(label: Any, help_text: Any, required_message: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASONS_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": required_message},
    )


class AppealForm(DocumentFormMixin, forms.Form):
    reasons = _reasons_field(
        _("Your reasons"),
        _("What was decided wrongly and why: the panel decides on what you write here."),
        _("Please give your reasons: the panel decides on them."),
    )
    evidence = MultipleDocumentField(
        label=_("Supporting files (optional)"), required=False, allowed=EVIDENCE_KINDS, max_files=MAX_FILES
    )


class EvidenceForm(DocumentFormMixin, forms.Form):
    evidence = MultipleDocumentField(
        label=_("Files to add"),
        allowed=EVIDENCE_KINDS,
        max_files=MAX_FILES,
        error_messages={"required": _("Choose a file to add.")},
    )


class PanelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        official = getattr(obj, "official", None)
        unit = official.unit.name if official is not None else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class AssignPanelForm(forms.Form):
    panel = PanelChoiceField(
        label=_("Panel members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only appeals-panel members outside the chain that decided are listed."),
        error_messages={
            "required": _("Choose at least one panel member."),
            "invalid_choice": _("Someone chosen cannot sit on this panel: choose from the list."),
        },
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["panel"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates


class DecideForm(forms.Form):
    OUTCOMES = [
        (AppealState.UPHELD, _("Uphold the original decision")),
        (AppealState.ADJUSTED, _("Adjust the points")),
    ]
    outcome = forms.ChoiceField(
        label=_("The panel's decision"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the panel upholds or adjusts.")},
    )
    points = forms.IntegerField(
        label=_("Points to add or take back"),
        required=False,
        min_value=-1000,
        max_value=1000,
        help_text=_(
            "Only when adjusting: a positive number adds points (e.g. 2), a negative one takes them back (e.g. -1)."
        ),
        widget=forms.NumberInput(attrs={"class": "krds-input", "inputmode": "numeric", "step": 1}),
    )
    reasons = _reasons_field(
        _("The panel's reasons"),
        _("The appellant reads these reasons with the decision."),
        _("Please give the panel's reasons: the appellant will read them."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome, points = data.get("outcome"), data.get("points")
        if outcome == AppealState.ADJUSTED and not points:
            self.add_error("points", _("Enter the points to add (e.g. 2) or to take back (e.g. -1)."))
        if outcome == AppealState.UPHELD and points:
            self.add_error("points", _("Upholding changes no points: leave the points empty."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you withdraw (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
    )


class AppealFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=pgettext_lazy("state of an appeal", "State"),
        required=False,
        choices=[("", _("All states"))] + list(AppealState.choices),
        widget=forms.Select(attrs={"class": "krds-input"}),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
