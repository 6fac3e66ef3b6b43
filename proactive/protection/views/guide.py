"""Screens of the protection guide (적극행정 공무원 보호지침): the guide with its search and the legal-advice contacts,
one page with its history (for the protection officers), and the officers' forms for pages and contacts.

Every official and staff member reads the published pages; the protection officers also see drafts and edit."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from proactive.core.exceptions import DomainError
from proactive.protection.enums import Category
from proactive.protection.forms.guide import ContactForm, PageForm, SearchForm
from proactive.protection.models import GuidePage, LegalContact
from proactive.protection.queries import guide as queries
from proactive.protection.services import guide as services
from proactive.protection.services.common import may
from proactive.protection.views.common import done, require
from proactive.web.refusals import refusal_status, submit

VIEW = "protection.view_guide"


@login_required
@require_GET
def guide(request):
    require(request, VIEW)
    editor = may(request.user, services.EDIT)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    pages = list(queries.search_pages(queries.pages_for(request.user, drafts=editor), query))
    sections = []
    for value, label in Category.choices:
        in_category = [p for p in pages if p.category == value]
        if in_category:
            sections.append({"key": value, "label": label, "pages": in_category})
    context = {
        "form": form,
        "query": query,
        "sections": sections,
        "result_count": len(pages),
        "contacts": list(queries.contacts(include_hidden=editor)),
        "editor": editor,
    }
    return render(request, "protection/guide/guide.html", context)


@login_required
@require_GET
def guide_page(request, pk: int):
    require(request, VIEW)
    editor = may(request.user, services.EDIT)
    page = GuidePage.objects.select_related("updated_by").filter(pk=pk).first()
    if page is None or (not page.published and not editor):
        raise Http404
    context: dict[str, Any] = {
        "page": page,
        "editor": editor,
        "history": list(queries.page_history(page)[:20]) if editor else [],
        "contacts": list(queries.contacts(include_hidden=False)),
    }
    return render(request, "protection/guide/page_detail.html", context)


def _page_data(form: PageForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def page_create(request):
    require(request, services.EDIT)
    form = PageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                page = services.create_page(actor=request.user, data=_page_data(form))
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(request, _("The page was saved."), "protection:guide-page", page.pk)
        return render(request, "protection/guide/page_form.html", {"form": form}, status=400)
    return render(request, "protection/guide/page_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request, pk: int):
    require(request, services.EDIT)
    page = get_object_or_404(GuidePage, pk=pk)
    initial = {name: getattr(page, name) for name in services.PAGE_FIELDS}
    form = PageForm(request.POST or None, initial=initial)
    context = {"form": form, "page": page}
    if request.method == "POST":
        if (
            submit(form, lambda data: services.update_page(actor=request.user, page=page, data=_page_data(form)))
            is None
        ):
            return done(request, _("The page was saved."), "protection:guide-page", page.pk)
        return render(request, "protection/guide/page_form.html", context, status=400)
    return render(request, "protection/guide/page_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    require(request, services.EDIT)
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if submit(form, lambda data: services.create_contact(actor=request.user, data=data)) is None:
            return done(request, _("The contact was saved."), "protection:guide")
        return render(request, "protection/guide/contact_form.html", {"form": form}, status=400)
    return render(request, "protection/guide/contact_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    require(request, services.EDIT)
    contact = get_object_or_404(LegalContact, pk=pk)
    initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    context = {"form": form, "contact": contact}
    if request.method == "POST":
        if submit(form, lambda data: services.update_contact(actor=request.user, contact=contact, data=data)) is None:
            return done(request, _("The contact was saved."), "protection:guide")
        return render(request, "protection/guide/contact_form.html", context, status=400)
    return render(request, "protection/guide/contact_form.html", context)
