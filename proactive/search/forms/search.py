"""The search form: the query text, kind and year filters. The query is analysed here (``analysis``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proactive.search.analysis import query_terms

MAX_QUERY_LENGTH = 100


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, kinds: list[tuple[str, str]], years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        self.terms: list[str] = []

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        if not text:
            raise forms.ValidationError(_("Enter one or more words to search for."), code="empty")
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The search text is too long: at most %(max)d characters (you entered %(length)d).")
                % {"max": MAX_QUERY_LENGTH, "length": len(text)},
                code="too_long",
            )
        self.terms = query_terms(text)
        if not self.terms:
            raise forms.ValidationError(
                _(
                    "No searchable word was found: particles and endings alone (such as 을, 는, 에서) are not "
                    "searched. Enter a noun or a verb, e.g. 규제 개선."
                ),
                code="no_terms",
            )
        return text
