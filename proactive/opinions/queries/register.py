"""The opinions app's part of the register of past answers (``core.register``): one provider for the committee's
opinions and one for its ratification decisions.

Who sees what (the same for ``search`` and the register page):
- the secretariat and the audit officers (not superusers): every answered request, with its real text, linking
  to the request's page;
- an official: their own answered requests (real text, their request's page) and the published summaries of the
  others;
- everyone else, signed in or not: the published, anonymised summaries only, linking to their public page.

A search splits the query on spaces and keeps the entries containing every word (title, question or action, and
the answer); the score counts the words found in the title twice.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from proactive.accounts.rules import is_audit_officer, is_secretariat
from proactive.core.register import RegisterEntry
from proactive.opinions.enums import ANSWERED_STATES, RequestKind
from proactive.opinions.models import OpinionRequest, Publication

SUMMARY_LENGTH = 300


def sees_every_answer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    return bool(is_secretariat(user) or is_audit_officer(user))


def _words(query: str) -> list[str]:
    return [w for w in (query or "").split() if w][:10]


def _short(value: str) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= SUMMARY_LENGTH else value[: SUMMARY_LENGTH - 1] + "…"


def _score(words: list[str], title: str, body: str) -> float:
    title, body = title.lower(), body.lower()
    return float(sum(2 * (w.lower() in title) + (w.lower() in body) for w in words))


def _request_matches(qs: QuerySet[OpinionRequest], words: list[str]) -> QuerySet[OpinionRequest]:
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(question__icontains=word)
            | Q(action_taken__icontains=word)
            | Q(decision_text__icontains=word)
        )
    return qs


def _publication_matches(qs: QuerySet[Publication], words: list[str]) -> QuerySet[Publication]:
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(answer__icontains=word))
    return qs


class OpinionRegister:
    """A ``core.register.RegisterProvider`` for one kind of request (``opinion`` or ``ratification``)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @property
    def label(self) -> str:
        return str(RequestKind(self.kind).label)

    def _answered(self) -> QuerySet[OpinionRequest]:
        return OpinionRequest.objects.filter(kind=self.kind, state__in=ANSWERED_STATES, decided_on__isnull=False)

    def _from_request(self, request: OpinionRequest, words: list[str]) -> RegisterEntry:
        publication = getattr(request, "publication", None)
        public = bool(publication is not None and publication.is_published)
        body = f"{request.asks}\n{request.decision_text}"
        return RegisterEntry(
            kind=self.kind,
            kind_label=self.label,
            pk=request.pk,
            number=request.decision_number or "",
            title=request.title,
            summary=_short(body),
            answered_on=request.decided_on,  # type: ignore[arg-type]
            url=reverse("opinions:request-detail", args=[request.pk]),
            public=public,
            score=_score(words, request.title, body),
        )

    def _from_publication(self, publication: Publication, words: list[str]) -> RegisterEntry:
        request = publication.request
        body = f"{publication.summary}\n{publication.answer}"
        return RegisterEntry(
            kind=self.kind,
            kind_label=self.label,
            pk=request.pk,
            number=request.decision_number or "",
            title=publication.title,
            summary=_short(body),
            answered_on=request.decided_on,  # type: ignore[arg-type]
            url=reverse("opinions:register-entry", args=[publication.pk]),
            public=True,
            score=_score(words, publication.title, body),
        )

    def search(self, *, user: Any, query: str, limit: int) -> list[RegisterEntry]:
        words = _words(query)
        newest = ["-decided_on", "-pk"]
        if sees_every_answer(user):
            requests = _request_matches(self._answered(), words).select_related("publication").order_by(*newest)
            return [self._from_request(r, words) for r in requests[:limit]]
        entries: list[RegisterEntry] = []
        own_ids: list[int] = []
        if getattr(user, "is_authenticated", False) and not user.is_superuser:
            own = _request_matches(self._answered().filter(requester=user), words).select_related("publication")
            for request in own.order_by(*newest)[:limit]:
                own_ids.append(request.pk)
                entries.append(self._from_request(request, words))
        published = (
            Publication.objects.filter(is_published=True, request__kind=self.kind, request__state__in=ANSWERED_STATES)
            .exclude(request_id__in=own_ids)
            .select_related("request")
            .order_by("-request__decided_on", "-pk")
        )
        entries += [self._from_publication(p, words) for p in _publication_matches(published, words)[:limit]]
        entries.sort(key=lambda e: (e.score, e.answered_on), reverse=True)
        return entries[:limit]

    def requested_by(self, *, official_user: Any) -> list[RegisterEntry]:
        requests = (
            self._answered()
            .filter(requester=official_user)
            .select_related("publication")
            .order_by("-decided_on", "-pk")
        )
        return [self._from_request(r, []) for r in requests]


OPINIONS = OpinionRegister(RequestKind.OPINION)
RATIFICATIONS = OpinionRegister(RequestKind.RATIFICATION)


def search_register(*, user: Any, query: str, limit: int = 200) -> list[RegisterEntry]:
    """Every provider's answers ``user`` may see matching ``query``, the most relevant first, then the newest."""
    from proactive.core.register import providers

    entries: list[RegisterEntry] = []
    for provider in providers():
        entries += provider.search(user=user, query=query, limit=limit)
    entries.sort(key=lambda e: (e.score, e.answered_on), reverse=True)
    return entries
