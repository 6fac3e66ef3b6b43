"""Where the search documents come from: one ``Source`` per kind, reading the owning app's published records.

Each source says which of its records are public (the owning app's own published-queries where it has one), turns
a batch of them into ``DocumentData`` and names the models whose changes can add, change or remove a document
(``receivers.py`` watches them). The text is analysed by ``services.index``, not here.

- ``case``: selected cases, ``nominations.queries.awards.published_awards`` / ``as_public_case`` (public);
- ``opinion``: published anonymised committee opinions (``opinions.Publication``, answered requests; public);
- ``preconsulting``: published anonymised pre-consulting answers (``consulting.queries.published``; public);
- ``casestudy``: published anonymised case studies of the reporting centre (officials and staff only, as
  ``reporting.view_case_studies``).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from proactive.search.enums import DocumentKind, Visibility


@dataclass
class DocumentData:
    source_id: int
    title: str
    summary: str
    url: str
    body: str  # the text analysed besides the title
    date: date | None
    year: int | None
    subtitle: str = ""
    visibility: str = Visibility.PUBLIC


@dataclass
class Source:
    kind: str
    # All public source ids, in order (for the rebuild).
    all_ids: Callable[[], Iterable[int]]
    # The documents of those ids that are public (missing ids: not public, their documents are removed).
    build: Callable[[list[int]], list[DocumentData]]
    # model label → function(instance) returning the source ids an instance's change touches.
    watched: dict[str, Callable[[Any], Iterable[int]]] = field(default_factory=dict)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --- Selected cases ------------------------------------------------------------------------------------------


def _case_ids() -> Iterator[int]:
    from proactive.nominations.queries.awards import published_awards  # the apps registry must be ready

    return published_awards().order_by("nomination_id").values_list("nomination_id", flat=True).iterator(2000)


def _cases(ids: list[int]) -> list[DocumentData]:
    from proactive.nominations.queries.awards import as_public_case, published_awards

    documents = []
    for award in published_awards().filter(nomination_id__in=ids):
        case = as_public_case(award)
        n = case.nomination
        unit = case.unit.name if case.unit is not None else ""
        when = timezone.localdate(award.confirmed_at) if award.confirmed_at else None
        documents.append(
            DocumentData(
                source_id=n.pk,
                title=n.title,
                summary=n.summary,
                url=reverse("nominations:case", args=[n.pk]),
                body=_join(n.summary, n.problem, n.action, n.outcome, n.quantified_results, unit),
                date=when,
                year=case.round.year,
                subtitle=unit,
            )
        )
    return documents


def _round_cases(selection_round: Any) -> Iterable[int]:
    from proactive.nominations.models import Award

    return Award.objects.filter(nomination__round=selection_round).values_list("nomination_id", flat=True)


# --- Committee opinions --------------------------------------------------------------------------------------


def _opinions_published() -> Any:
    from proactive.opinions.enums import ANSWERED_STATES
    from proactive.opinions.models import Publication

    return Publication.objects.filter(is_published=True, request__state__in=ANSWERED_STATES)


def _opinion_ids() -> Iterator[int]:
    return _opinions_published().order_by("pk").values_list("pk", flat=True).iterator(2000)


def _opinions(ids: list[int]) -> list[DocumentData]:
    return [
        DocumentData(
            source_id=p.pk,
            title=p.title,
            summary=p.summary,
            url=reverse("opinions:register-entry", args=[p.pk]),
            body=_join(p.summary, p.answer),
            date=p.published_on,
            year=p.published_on.year if p.published_on else None,
        )
        for p in _opinions_published().filter(pk__in=ids)
    ]


def _opinion_of_request(request: Any) -> Iterable[int]:
    from proactive.opinions.models import Publication

    return Publication.objects.filter(request_id=request.pk).values_list("pk", flat=True)


# --- Pre-consulting answers ----------------------------------------------------------------------------------


def _preconsulting_ids() -> Iterator[int]:
    from proactive.consulting.queries.published import published

    return published().order_by("pk").values_list("pk", flat=True).iterator(2000)


def _preconsultings(ids: list[int]) -> list[DocumentData]:
    from proactive.consulting.queries.published import published

    return [
        DocumentData(
            source_id=p.pk,
            title=p.title,
            summary=p.question,
            url=reverse("consulting:published-detail", args=[p.request_id]),
            body=_join(p.question, p.answer),
            date=p.published_on,
            year=p.published_on.year if p.published_on else None,
        )
        for p in published().filter(pk__in=ids)
    ]


def _preconsulting_of_request(request: Any) -> Iterable[int]:
    from proactive.consulting.models import Publication

    return Publication.objects.filter(request_id=request.pk).values_list("pk", flat=True)


# --- Reporting case studies ----------------------------------------------------------------------------------


def _case_studies_published() -> Any:
    from proactive.reporting.enums import CaseStudyState
    from proactive.reporting.models import CaseStudy

    return CaseStudy.objects.filter(state=CaseStudyState.PUBLISHED)


def _case_study_ids() -> Iterator[int]:
    return _case_studies_published().order_by("pk").values_list("pk", flat=True).iterator(2000)


def _case_studies(ids: list[int]) -> list[DocumentData]:
    return [
        DocumentData(
            source_id=c.pk,
            title=c.title,
            summary=c.summary,
            url=reverse("reporting:casestudy-detail", args=[c.pk]),
            body=_join(c.summary, c.finding, c.lesson),
            date=c.published_on,
            year=c.published_on.year if c.published_on else None,
            visibility=Visibility.STAFF,
        )
        for c in _case_studies_published().filter(pk__in=ids)
    ]


def _own(instance: Model) -> Iterable[int]:
    return [instance.pk] if instance.pk is not None else []


SOURCES: dict[str, Source] = {
    DocumentKind.CASE: Source(
        DocumentKind.CASE,
        _case_ids,
        _cases,
        {
            "nominations.award": lambda award: [award.nomination_id],
            "nominations.nomination": _own,
            "nominations.selectionround": _round_cases,
        },
    ),
    DocumentKind.OPINION: Source(
        DocumentKind.OPINION,
        _opinion_ids,
        _opinions,
        {"opinions.publication": _own, "opinions.opinionrequest": _opinion_of_request},
    ),
    DocumentKind.PRECONSULTING: Source(
        DocumentKind.PRECONSULTING,
        _preconsulting_ids,
        _preconsultings,
        {"consulting.publication": _own, "consulting.consultingrequest": _preconsulting_of_request},
    ),
    DocumentKind.CASE_STUDY: Source(
        DocumentKind.CASE_STUDY, _case_study_ids, _case_studies, {"reporting.casestudy": _own}
    ),
}
