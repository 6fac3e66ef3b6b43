from django import forms

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import OrgUnit
from proactive.programme.models import ProgrammeSettings
from proactive.programme.services import EDITABLE_FIELDS


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_unit"].queryset = OrgUnit.objects.filter(
            kind__in=[OrgUnitKind.DEPARTMENT, OrgUnitKind.TEAM, OrgUnitKind.OFFICE], is_active=True
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")
