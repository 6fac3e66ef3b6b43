"""Forms of the nomination screens: the draft, the team (a formset), evidence, verification, matching, consent."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.documents.forms import DocumentField, DocumentFormMixin
from proactive.nominations.enums import CaseType, Consent, NominationState
from proactive.nominations.models import Nomination
from proactive.nominations.queries.nominations import official_by_employee_no
from proactive.nominations.services.nominations import DRAFT_FIELDS

CITIZEN_ONLY_FIELDS = ("nominee_name_given", "nominee_unit_given")
EVIDENCE_KINDS = {"pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpg", "png"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "krds-form-check-input")
        elif isinstance(widget, forms.RadioSelect):
            continue
        else:
            widget.attrs.setdefault("class", "krds-input")


class NominationForm(forms.ModelForm):
    """What the nominator writes. Only type and title are needed to keep a draft; submitting checks the rest."""

    class Meta:
        model = Nomination
        fields = DRAFT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "action": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "quantified_results": forms.Textarea(attrs={"rows": 3}),
            "regulation_detail": forms.Textarea(attrs={"rows": 3}),
            "period_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "case_type": _(
                "Best practice: results achieved through creativity or expertise. "
                "Challenge case: no result yet, but the work broke with practice and has useful lessons."
            ),
            "problem": _("The problem or the unreasonable practice you faced."),
            "action": _("What was done, and how it went beyond usual practice."),
            "outcome": _("What changed as a result."),
            "quantified_results": _("e.g. processing time cut from 30 to 7 days; 1,200 residents served."),
        }

    def __init__(self, *args, citizen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not citizen:
            for name in CITIZEN_ONLY_FIELDS:
                del self.fields[name]
        for name, field in self.fields.items():
            field.required = name in ("case_type", "title")
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The work period must end on or after the day it starts."))
        return data


class MemberForm(forms.Form):
    employee_no = forms.CharField(label=_("Employee number"), max_length=20)
    role = forms.CharField(label=_("Role in the work"), max_length=100, required=False)
    contribution = forms.IntegerField(label=_("Contribution (%)"), min_value=1, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["employee_no"].widget.attrs["autocomplete"] = "off"

    def clean_employee_no(self):
        official = official_by_employee_no(self.cleaned_data["employee_no"])
        if official is None:
            raise forms.ValidationError(_("No official has this employee number."), code="unknown")
        self.cleaned_data["official"] = official
        return official.employee_no


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: set[str] = set()
        total = 0
        for form in self._kept_forms():
            number = form.cleaned_data["employee_no"]
            if number in seen:
                raise forms.ValidationError(_("Each official can be on the team only once."), code="duplicate")
            seen.add(number)
            total += form.cleaned_data["contribution"]
        if seen and total != 100:
            raise forms.ValidationError(
                _("The contributions must add up to 100 %% (they add up to %(total)s %%).") % {"total": total},
                code="total",
            )

    def _kept_forms(self) -> list[forms.Form]:
        return [f for f in self.forms if f.has_changed() and not (self.can_delete and f.cleaned_data.get("DELETE"))]

    def members(self) -> list[dict]:
        return [
            {
                "official": form.cleaned_data["official"],
                "role": form.cleaned_data["role"],
                "contribution": form.cleaned_data["contribution"],
            }
            for form in self._kept_forms()
        ]


def member_formset(data=None, *, nomination: Nomination, extra_rows: int = 3):
    """The team formset: current members first, then ``extra_rows`` empty rows."""
    initial = [
        {"employee_no": m.official.employee_no, "role": m.role, "contribution": m.contribution}
        for m in nomination.members.select_related("official")
    ]
    formset_class = forms.formset_factory(
        MemberForm, formset=BaseMemberFormSet, extra=extra_rows, can_delete=True, max_num=20, absolute_max=20
    )
    return formset_class(data, initial=initial, prefix="members")


class EvidenceForm(DocumentFormMixin, forms.Form):
    file = DocumentField(label=_("Evidence file"), allowed=EVIDENCE_KINDS)


class VerificationForm(forms.Form):
    DECISIONS = [
        (NominationState.VERIFIED, _("Verified")),
        (NominationState.RETURNED, _("Return for more information")),
        (NominationState.REJECTED, _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return or reject the nomination; the nominator will see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (NominationState.RETURNED, NominationState.REJECTED)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Please give a reason; the nominator will see it."))
        return data


class MatchNomineeForm(forms.Form):
    employee_no = forms.CharField(label=_("Employee number of the official"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_employee_no(self):
        official = official_by_employee_no(self.cleaned_data["employee_no"])
        if official is None:
            raise forms.ValidationError(_("No official has this employee number."), code="unknown")
        self.cleaned_data["official"] = official
        return official.employee_no


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("May your name and photo be published with this case?"),
        choices=[(Consent.GIVEN, Consent.GIVEN.label), (Consent.REFUSED, Consent.REFUSED.label)],
        widget=forms.RadioSelect,
    )


class NominationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + [c for c in NominationState.choices if c[0] != NominationState.DRAFT],
    )
    case_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *CaseType.choices])
    duplicates = forms.BooleanField(label=_("Possible duplicates only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MergeForm(forms.Form):
    """Merge a nomination into another of the same achievement in the same round (the one kept)."""

    into = forms.ModelChoiceField(label=_("Keep this nomination"), queryset=Nomination.objects.none())
    reason = forms.CharField(
        label=_("Note to the nominators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Both nominators are told that the nominations were merged; this note is shown to them."),
    )

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        from proactive.nominations.services.nominations import MERGE_TARGET_STATES

        into = cast(forms.ModelChoiceField, self.fields["into"])
        into.queryset = (
            Nomination.objects.filter(round_id=nomination.round_id, state__in=MERGE_TARGET_STATES)
            .exclude(pk=nomination.pk)
            .order_by("title", "pk")
        )
        into.label_from_instance = lambda n: f"{n.title} (#{n.pk}, {n.get_state_display()})"  # type: ignore[method-assign,assignment]
        if nomination.duplicate_of_id and not self.is_bound:
            self.initial["into"] = nomination.duplicate_of_id
        _style(self)
