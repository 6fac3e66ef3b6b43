"""Forms for managing role memberships. They only clean input; granting and ending happen in services."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.accounts.enums import MEMBERSHIP_ROLES, UNIT_SCOPED_ROLES, Role, UserKind
from proactive.accounts.forms.org import UnitChoiceField, units_for_choice
from proactive.accounts.models import OrgUnit, User
from proactive.accounts.queries import MEMBERSHIP_STATES

MEMBERSHIP_ROLE_CHOICES = [(r.value, r.label) for r in MEMBERSHIP_ROLES]
STATE_CHOICES = dict(
    zip(MEMBERSHIP_STATES, [_("Active today"), _("Starting later"), _("Ended"), _("All")], strict=True)
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "krds-input", **(attrs or {})}, format="%Y-%m-%d")


class MembershipFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles"))] + MEMBERSHIP_ROLE_CHOICES,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=list(STATE_CHOICES.items()),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )


class MembershipCreateForm(forms.Form):
    user_ref = forms.CharField(
        label=_("Account (username or employee number)"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "krds-input", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role"))] + MEMBERSHIP_ROLE_CHOICES,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("No unit (organisation-wide)"),
        help_text=_("Required for department heads and bureau chiefs: the unit they head."),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "krds-input"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice()

    def clean_user_ref(self) -> User:
        ref = self.cleaned_data["user_ref"].strip()
        users = list(
            User.objects.filter(Q(username=ref) | Q(official__employee_no=ref))
            .exclude(kind=UserKind.CITIZEN)
            .select_related("official")[:2]
        )
        if len(users) > 1:
            users = [u for u in users if u.username == ref]
        if not users:
            raise forms.ValidationError(
                _("No official's account has the username or employee number “%(ref)s”."), params={"ref": ref}
            )
        if not users[0].is_active:
            raise forms.ValidationError(_("This account is disabled."))
        return users[0]

    def clean(self):
        data = super().clean()
        role, unit = data.get("role"), data.get("unit")
        if role in UNIT_SCOPED_ROLES and unit is None:
            self.add_error("unit", _("Choose the unit for a %(role)s.") % {"role": Role(role).label})
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class MembershipEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_("The membership stays valid until the end of this day. Empty means today."),
        widget=DateInput(),
    )
