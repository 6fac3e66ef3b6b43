"""Public pages of the bulletin: the archive by year, each edition (any published version), its PDF and images.
No sign-in: the bulletin is published for everyone."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from proactive.bulletins import queries
from proactive.bulletins.forms import CitizenSubscribeForm
from proactive.bulletins.models import Item
from proactive.bulletins.queries.statistics import labelled
from proactive.bulletins.services.output import edition_title, file_name
from proactive.bulletins.services.subscriptions import consent_notice
from proactive.publications.editorial import EditorialState


@require_GET
def archive(request):
    return render(
        request,
        "bulletins/archive.html",
        {
            "years": queries.archive(),
            "subscribe_form": CitizenSubscribeForm(),
            "notice": consent_notice(),
            "my_subscription": queries.staff_subscription(request.user),
        },
    )


def edition_context(edition) -> dict:
    return {
        "edition": edition,
        "title": edition_title(edition),
        "sections": queries.sections(edition),
        "statistics": labelled(edition.statistics),
    }


@require_GET
def edition(request, year: int, month: int, version: int | None = None):
    found = queries.public_edition(year, month, version)
    if found is None:
        raise Http404
    context = edition_context(found)
    context["versions"] = queries.versions_of(found)
    context["current"] = context["versions"][-1] if context["versions"] else found
    return render(request, "bulletins/edition.html", context)


def _file(document, *, name: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"), as_attachment=attachment, filename=name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
def edition_pdf(request, year: int, month: int, version: int):
    found = queries.public_edition(year, month, version)
    if found is None or found.pdf is None:
        raise Http404
    return _file(found.pdf, name=file_name(found), attachment=True)


@require_GET
def image(request, pk: int):
    """A news item's image: public once its edition is published; before that, to whoever may read the draft."""
    item = Item.objects.select_related("edition", "image").filter(pk=pk, image__isnull=False).first()
    if item is None or item.image is None:
        raise Http404
    if item.edition.state != EditorialState.PUBLISHED and not request.user.has_perm(
        "bulletins.view_edition", item.edition
    ):
        raise Http404
    return _file(item.image, name=item.image.original_name, attachment=False)
