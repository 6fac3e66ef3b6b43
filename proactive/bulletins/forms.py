"""Forms of the bulletin: HTTP input → cleaned data; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.bulletins.enums import Language
from proactive.documents.forms import DocumentField, DocumentFormMixin

INPUT = {"class": "krds-input"}
AREA = {"class": "krds-input", "rows": 6}


class AssembleForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2019,
        max_value=2100,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(m, m) for m in range(1, 13)],
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month


class EditorialForm(forms.Form):
    editorial = forms.CharField(
        label=_("Editor's note (발간사)"), required=False, max_length=20_000, widget=forms.Textarea(attrs=AREA)
    )


class NewsForm(DocumentFormMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("bulletin news item", "Title"), max_length=200, widget=forms.TextInput(attrs=INPUT)
    )
    body = forms.CharField(label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs=AREA))
    link_url = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs=INPUT),
    )
    link_text = forms.CharField(
        label=_("Link text"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT)
    )
    image = DocumentField(label=_("Image (optional)"), required=False, allowed={"jpeg", "png"})
    image_alt = forms.CharField(
        label=_("Image description (alt text)"),
        required=False,
        max_length=300,
        help_text=_("Required with an image: what the image shows, for people who cannot see it."),
        widget=forms.TextInput(attrs=INPUT),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_image:
            del self.fields["remove_image"]

    def clean(self):
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it (alt text)."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2_000, widget=forms.Textarea(attrs={**AREA, "rows": 3})
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("What the correction changes"),
        max_length=2_000,
        help_text=_("Shown on the corrected edition's page and in the e-mail to subscribers."),
        widget=forms.Textarea(attrs={**AREA, "rows": 3}),
    )


class CitizenSubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={**INPUT, "autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=Language.choices, initial=Language.KO, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of my e-mail address as described above."),
        error_messages={"required": _("Agree to the collection of your e-mail address to subscribe.")},
    )


class StaffSubscribeForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=Language.choices, initial=Language.KO, widget=forms.RadioSelect
    )
