"""The register of past answers (public): a search over every provider's answers the visitor may see (the
committee's opinions and ratifications, the audit office's pre-consulting answers …), a published answer's public
page, and the secretariat's form to publish an answered request anonymised."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.opinions.enums import ANSWERED_STATES
from proactive.opinions.forms.register import PublicationForm, SearchForm
from proactive.opinions.models import Publication
from proactive.opinions.queries.register import search_register
from proactive.opinions.services import publication as services
from proactive.opinions.services.publication import anonymisation_hints, identifying_names
from proactive.opinions.views.common import done, require, visible_or_404
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

HANDLE = "opinions.handle_request"
PER_PAGE = 20


def register() -> None:
    add_menu_items("support", [MenuItem(gettext_lazy("Register of past answers"), "opinions:register")])


@require_GET
def register_page(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    entries = search_register(user=request.user, query=query)
    context = paginate(request, entries, PER_PAGE) | {"form": form, "query": query}
    return render(request, "opinions/register/register.html", context)


@require_GET
def register_entry(request, pk: int):
    publication = (
        Publication.objects.select_related("request")
        .filter(pk=pk, is_published=True, request__state__in=ANSWERED_STATES)
        .first()
    )
    if publication is None:
        raise Http404
    return render(request, "opinions/register/entry.html", {"publication": publication, "req": publication.request})


def _publication_page(
    request: Any, opinion_request: Any, form: Any, *, status: int = 200, hints: list | None = None
) -> HttpResponse:
    publication = Publication.objects.filter(request=opinion_request).first()
    if hints is None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        hints = anonymisation_hints(data["title"], data["summary"], data["answer"])
    context: dict[str, Any] = {
        "req": opinion_request,
        "form": form,
        "publication": publication,
        "names": identifying_names(opinion_request),
        "hints": hints or [],
    }
    return render(request, "opinions/register/publication_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    if opinion_request.state not in ANSWERED_STATES:
        raise Http404
    publication = Publication.objects.filter(request=opinion_request).first()
    if request.method == "GET":
        initial = (
            {"title": publication.title, "summary": publication.summary, "answer": publication.answer}
            if publication
            else {
                "title": opinion_request.title,
                "summary": opinion_request.asks,
                "answer": opinion_request.decision_text,
            }
        )
        return _publication_page(request, opinion_request, PublicationForm(initial=initial))
    form = PublicationForm(request.POST)
    publish = request.POST.get("action") == "publish"
    status = submit(
        form,
        lambda data: services.save_publication(
            actor=request.user,
            request=opinion_request,
            title=data["title"],
            summary=data["summary"],
            answer=data["answer"],
            publish=publish,
            confirmed=data["confirmed"],
        ),
    )
    if status is None:
        if publish:
            return done(request, opinion_request, _("The answer was published in the register, anonymised."))
        messages.success(request, _("The summary was saved as a draft; it is not public."))
        return redirect("opinions:publication-edit", opinion_request.pk)
    return _publication_page(request, opinion_request, form, status=status)


@require_POST
@login_required
def publication_withdraw(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    publication = Publication.objects.filter(request=opinion_request).first()
    if publication is None:
        raise Http404
    try:
        services.unpublish(actor=request.user, publication=publication)
    except DomainError as exc:
        refusal_status(exc)
        messages.error(request, exc.message)
        return redirect("opinions:publication-edit", opinion_request.pk)
    return done(request, opinion_request, _("The answer was taken out of the register."))
