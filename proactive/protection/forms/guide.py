"""Forms of the protection guide: search, a page, a legal-advice contact."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.protection.enums import Category
from proactive.protection.forms.audits import DATE, INPUT, SELECT, _all


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the guide"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )


class PageForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the page a title.")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=_all(_("Choose the category"), Category.choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Please choose the category.")},
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 16}),
        help_text=_(
            "A blank line starts a new paragraph; a line starting with “## ” is a subheading, with “- ” a bullet."
        ),
        error_messages={"required": _("Please write the page's text.")},
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=9999,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "krds-input"}),
        error_messages={"required": _("Please give the order (0 or more).")},
    )
    published = forms.BooleanField(label=_("Published: every official can read it"), required=False)
    last_reviewed_on = forms.DateField(
        label=_("Last reviewed on"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": _("Enter a valid date.")},
    )


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the contact's name.")},
    )
    organisation = forms.CharField(
        label=pgettext_lazy("exemption review", "Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("Please give the organisation.")},
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40, widget=forms.TextInput(attrs=INPUT))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs=INPUT),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    hours = forms.CharField(
        label=_("Hours"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("e.g. 평일 09:00–18:00"),
    )
    note = forms.CharField(
        label=_("What they advise on"), required=False, max_length=300, widget=forms.TextInput(attrs=INPUT)
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=9999,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "krds-input"}),
    )
    active = forms.BooleanField(label=_("Shown in the guide"), required=False, initial=True)

    def clean(self):
        data = super().clean() or {}
        if not (data.get("phone") or "").strip() and not (data.get("email") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Please give a phone number or an e-mail address."))
        return data
