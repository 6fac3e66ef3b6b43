"""Reads of the published answers (public pages) and the register provider for kind ``preconsulting``.

The register (``core.register``) lists past answers to whoever may see them: everyone sees the published ones
(anonymised, on their public pages); a requester also sees their own answered requests; the audit office sees every
answered request; a head sees their unit's. ``requested_by`` lists one official's answered requests (the exemption
application links them as the proof that they asked first).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from proactive.consulting.enums import ANSWERED_STATES, PublicationState
from proactive.consulting.models import ConsultingRequest, Publication
from proactive.consulting.queries import headed_units_q, serves_audit_office
from proactive.core.register import RegisterEntry

KIND = "preconsulting"
KIND_LABEL = _("Pre-consulting")
SUMMARY_LENGTH = 300


def published() -> QuerySet[Publication]:
    return (
        Publication.objects.filter(state=PublicationState.PUBLISHED, request__state__in=ANSWERED_STATES)
        .select_related("request__opinion")
        .order_by("-published_on", "-pk")
    )


def search_published(query: str) -> QuerySet[Publication]:
    qs = published()
    for term in query.split():
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(question__icontains=term)
            | Q(answer__icontains=term)
            | Q(request__opinion__number__icontains=term)
        )
    return qs


def get_published(request_pk: int) -> Publication | None:
    return published().filter(request_id=request_pk).first()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _score(texts: list[str], query: str) -> float:
    terms = [t.lower() for t in query.split()]
    if not terms:
        return 0.0
    joined = " ".join(texts).lower()
    return float(sum(joined.count(term) for term in terms))


def _public_entry(publication: Publication, query: str = "") -> RegisterEntry:
    req = publication.request
    return RegisterEntry(
        kind=KIND,
        kind_label=str(KIND_LABEL),
        pk=req.pk,
        number=req.opinion.number,
        title=publication.title,
        summary=_short(f"{publication.question} → {publication.answer}"),
        answered_on=req.opinion.issued_on,
        url=reverse("consulting:published-detail", args=[req.pk]),
        public=True,
        score=_score([publication.title, publication.question, publication.answer], query),
    )


def _private_entry(req: ConsultingRequest, query: str = "") -> RegisterEntry:
    opinion = req.opinion
    return RegisterEntry(
        kind=KIND,
        kind_label=str(KIND_LABEL),
        pk=req.pk,
        number=opinion.number,
        title=req.title,
        summary=_short(f"{req.issues or req.background} → {opinion.conclusion}"),
        answered_on=opinion.issued_on,
        url=reverse("consulting:request-detail", args=[req.pk]),
        public=False,
        score=_score([req.title, req.issues, req.background, opinion.conclusion, opinion.reasons], query),
    )


def answered_visible_to(user: Any) -> QuerySet[ConsultingRequest]:
    """Answered requests ``user`` may open in full: their own, their unit's as its head, all for the audit office."""
    base = ConsultingRequest.objects.filter(state__in=ANSWERED_STATES).select_related("opinion")
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return base.none()
    if serves_audit_office(user):
        from proactive.accounts.rules import is_audit_officer  # noqa: PLC0415  (the second factor must be done)

        if is_audit_officer(user):
            return base
    return base.filter(Q(requester=user) | headed_units_q(user))


class PreconsultingRegister:
    """The ``RegisterProvider`` of kind ``preconsulting`` (registered in ``ConsultingConfig.ready``)."""

    kind = KIND

    def search(self, *, user: Any, query: str, limit: int) -> list[RegisterEntry]:
        query = (query or "").strip()
        private = answered_visible_to(user)
        for term in query.split():
            private = private.filter(
                Q(title__icontains=term)
                | Q(background__icontains=term)
                | Q(issues__icontains=term)
                | Q(statutes__icontains=term)
                | Q(opinion__conclusion__icontains=term)
                | Q(opinion__reasons__icontains=term)
                | Q(opinion__number__icontains=term)
            )
        entries = {req.pk: _private_entry(req, query) for req in private.order_by("-opinion__issued_on", "-pk")[:limit]}
        for publication in search_published(query)[:limit]:
            entries.setdefault(publication.request_id, _public_entry(publication, query))
        ordered = sorted(entries.values(), key=lambda e: (e.score, e.answered_on, e.pk), reverse=True)
        return ordered[:limit]

    def requested_by(self, *, official_user: Any) -> list[RegisterEntry]:
        official_id = getattr(official_user, "official_id", None)
        condition = Q(requester=official_user)
        if official_id is not None:
            condition |= Q(official_id=official_id)
        rows = (
            ConsultingRequest.objects.filter(condition, state__in=ANSWERED_STATES)
            .select_related("opinion")
            .order_by("-opinion__issued_on", "-pk")
        )
        return [_private_entry(req) for req in rows]
