"""The public pages of published pre-consulting answers (anonymised): a searchable list and one page per answer.
No sign-in, no permission: only what the audit office published is shown."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from proactive.consulting.forms.office import PublishedSearchForm
from proactive.consulting.queries import published as queries
from proactive.web.pagination import paginate

PER_PAGE = 20


@require_GET
def published_list(request):
    form = PublishedSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = paginate(request, queries.search_published(query), PER_PAGE)
    context |= {"form": form, "query": query}
    return render(request, "consulting/published_list.html", context)


@require_GET
def published_detail(request, pk: int):
    publication = queries.get_published(pk)
    if publication is None:
        raise Http404
    return render(request, "consulting/published_detail.html", {"publication": publication})
