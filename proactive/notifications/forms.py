from django import forms

from proactive.notifications.kinds import all_kinds


class EmailPreferencesForm(forms.Form):
    """One checkbox per notification kind: also send me an e-mail."""

    def __init__(self, *args, choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in all_kinds():
            self.fields[kind.key] = forms.BooleanField(label=kind.label, required=False, initial=choices.get(kind.key))
