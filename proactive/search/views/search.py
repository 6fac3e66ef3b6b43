"""The search page (public): public documents for everyone; officials and staff also find the staff documents
(``search.view_staff_documents``). Filters by kind and year, highlighted snippets, pagination."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from proactive.search.enums import DocumentKind, Visibility
from proactive.search.forms.search import SearchForm
from proactive.search.queries.highlight import snippet
from proactive.search.queries.search import SearchResults, years_with_documents
from proactive.web.pagination import paginate

PER_PAGE = 10
STAFF = "search.view_staff_documents"
STAFF_KINDS = {DocumentKind.CASE_STUDY}


def register() -> None:
    """Search has no menu item: the search box partial goes into the site header (``search/_box.html``)."""


def visibilities_for(user) -> list[str]:
    if user.is_authenticated and user.has_perm(STAFF):
        return [Visibility.PUBLIC, Visibility.STAFF]
    return [Visibility.PUBLIC]


def search(request):
    visibilities = visibilities_for(request.user)
    kinds = [(k.value, k.label) for k in DocumentKind if Visibility.STAFF in visibilities or k not in STAFF_KINDS]
    form = SearchForm(
        request.GET if "q" in request.GET else None, kinds=kinds, years=years_with_documents(visibilities)
    )
    context: dict = {"form": form, "searched": False, "title": gettext_lazy("Search")}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = SearchResults(
            form.terms,
            visibilities=visibilities,
            kinds=[data["kind"]] if data["kind"] else None,
            year=data["year"],
        )
        page = paginate(request, results, PER_PAGE)
        hits = [
            {"document": d, "title": snippet(d.title, form.terms, 300), "snippet": snippet(d.summary, form.terms)}
            for d in page["page_obj"]
        ]
        context |= {"searched": True, "hits": hits, "terms": form.terms, "query": data["q"], **page}
    return render(request, "search/search.html", context)
