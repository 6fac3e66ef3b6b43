"""Public pages: the published casebooks (PDF to download, the HTML edition to read) and card news (the cards with
their alt text, the ZIP), with Open Graph tags; and the Open Graph images (1200×630 PNG) of a casebook, a
card-news set and a selected case (for the nominations case page)."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from proactive.nominations.queries.awards import get_public_case
from proactive.programme.queries import current_settings
from proactive.publications import queries
from proactive.publications.editorial import EditorialState as S
from proactive.publications.services.cards import og_image
from proactive.web.pagination import paginate

PER_PAGE = 20
OG_CACHE_SECONDS = 24 * 3600


@require_GET
def public_list(request):
    context = paginate(request, queries.published_casebooks(), PER_PAGE)
    context["cardsets"] = queries.published_cardsets()[:PER_PAGE]
    return render(request, "publications/public_list.html", context)


def _published(obj):
    if obj is None or obj.state != S.PUBLISHED:
        raise Http404
    return obj


@require_GET
def public_casebook(request, pk: int):
    casebook = _published(queries.get_casebook(pk))
    correction = casebook.corrections.filter(state=S.PUBLISHED).order_by("-version").first()
    return render(request, "publications/public_casebook.html", {"casebook": casebook, "correction": correction})


@require_GET
def public_cardset(request, pk: int):
    card_set = _published(queries.get_cardset(pk))
    correction = card_set.corrections.filter(state=S.PUBLISHED).order_by("-version").first()
    return render(
        request,
        "publications/public_cardset.html",
        {"card_set": card_set, "cards": list(card_set.cards.all()), "correction": correction},
    )


def _png(key: str, make) -> HttpResponse:
    png = cache.get(key)
    if png is None:
        png = make()
        cache.set(key, png, OG_CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def og_casebook(request, pk: int):
    casebook = _published(queries.get_casebook(pk))
    organisation = current_settings().organisation_name
    return _png(
        f"publications:og:casebook:{casebook.pk}:{casebook.version}",
        lambda: og_image(
            title=casebook.title, kicker="사례집", detail=casebook.subtitle or organisation, organisation=organisation
        ),
    )


@require_GET
def og_cardset(request, pk: int):
    card_set = _published(queries.get_cardset(pk))
    organisation = current_settings().organisation_name
    return _png(
        f"publications:og:cardset:{card_set.pk}:{card_set.version}",
        lambda: og_image(
            title=card_set.headline, kicker="카드뉴스", detail=card_set.point_3, organisation=organisation
        ),
    )


@require_GET
def og_case(request, nomination_pk: int):
    """The share image of a selected case's public page (``nominations:case``)."""
    case = get_public_case(nomination_pk)
    if case is None:
        raise Http404
    organisation = current_settings().organisation_name
    grade = str(case.award.get_grade_display()).split("(")[-1].rstrip(")")
    return _png(
        f"publications:og:case:{nomination_pk}:{case.award.updated_at.timestamp():.0f}",
        lambda: og_image(
            title=case.nomination.title,
            kicker=grade,
            detail=f"{case.unit_name} · {case.round.title}",
            organisation=organisation,
        ),
    )
