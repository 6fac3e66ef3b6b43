from django import forms

from proactive.opinions.models import OpinionSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = OpinionSettings
        fields = ["sla_days", "business_days"]
        widgets = {"sla_days": forms.NumberInput(attrs={"class": "krds-input", "min": 1, "max": 365})}
