"""Reads of the publications: the staff lists, one casebook or card-news set with what its page shows, the
published ones for the public, and the choices of cases."""

from django.db.models import Count, Prefetch, Q, QuerySet

from proactive.nominations.models import SelectionRound
from proactive.nominations.queries.awards import gallery_years, published_awards
from proactive.nominations.queries.rounds import PUBLIC_STATUSES
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import MaskDecision
from proactive.publications.models import Card, CardSet, Casebook, CasebookEntry, Mask

CASE_CHOICES_LIMIT = 500


def staff_casebooks() -> QuerySet[Casebook]:
    return (
        Casebook.objects.select_related("created_by", "round")
        .annotate(
            case_count=Count("entries", distinct=True),
            pending_masks=Count("entries__masks", filter=Q(entries__masks__decision=MaskDecision.PROPOSED)),
        )
        .order_by("-created_at", "-pk")
    )


def staff_cardsets() -> QuerySet[CardSet]:
    return CardSet.objects.select_related("created_by", "award__nomination").order_by("-created_at", "-pk")


def get_casebook(pk: int) -> Casebook | None:
    return Casebook.objects.select_related("created_by", "approved_by", "round", "corrects").filter(pk=pk).first()


def casebook_entries(casebook: Casebook) -> list[CasebookEntry]:
    masks = Prefetch("masks", queryset=Mask.objects.order_by("field", "pk"))
    return list(
        casebook.entries.select_related(
            "award__nomination__round", "award__nomination__nominating_unit"
        ).prefetch_related(masks)
    )


def get_cardset(pk: int) -> CardSet | None:
    return (
        CardSet.objects.select_related(
            "created_by", "approved_by", "corrects", "award__nomination__round", "award__nomination__nominating_unit"
        )
        .prefetch_related(Prefetch("cards", queryset=Card.objects.order_by("position")))
        .filter(pk=pk)
        .first()
    )


def published_casebooks() -> QuerySet[Casebook]:
    """Published editions, newest first; a superseded one stays readable (its correction says what changed)."""
    return (
        Casebook.objects.filter(state=S.PUBLISHED)
        .annotate(case_count=Count("entries"))
        .order_by("-published_at", "-pk")
    )


def published_cardsets() -> QuerySet[CardSet]:
    return (
        CardSet.objects.filter(state=S.PUBLISHED)
        .select_related("award__nomination")
        .prefetch_related(Prefetch("cards", queryset=Card.objects.order_by("position")))
        .order_by("-published_at", "-pk")
    )


def case_choices(exclude_award_ids: set[int] | None = None) -> list[tuple[int, str]]:
    """Published selected cases as (award id, "title (round)") for the pickers, newest round first; one query."""
    rows = (
        published_awards()
        .prefetch_related(None)
        .order_by("-nomination__round__year", "-nomination__round__half", "rank")
        .values_list("pk", "nomination__title", "nomination__round__year", "nomination__round__half")
    )[:CASE_CHOICES_LIMIT]
    excluded = exclude_award_ids or set()
    return [(pk, f"{title} ({year}-{half})") for pk, title, year, half in rows if pk not in excluded]


def round_choices() -> list[tuple[int, str]]:
    return [
        (r.pk, str(r.title))
        for r in SelectionRound.objects.filter(status__in=PUBLIC_STATUSES).order_by("-year", "-half")
    ]


def year_choices() -> list[int]:
    return gallery_years()
