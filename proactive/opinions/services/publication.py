"""Publishing answered requests in the register of past answers (published ones are public, anonymised).

The secretariat writes an anonymised summary of an answered request: a title, the case and the question, the
committee's answer, with the requester's name, their department and every personal name removed. Publishing needs
the editor to confirm the anonymisation and is refused while the text still contains the requester's name, their
department's name or (for a body other than the city) their body's name; other fragments that often identify
someone (a name with a title, a phone number, an e-mail address) are shown as hints. Saving without publishing
keeps (or takes back) the summary as a draft that only the secretariat sees. Every step is audited
(``opinions.publication_*``) with the names of the changed fields, not their text.
"""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.opinions.enums import ANSWERED_STATES, AgencyKind
from proactive.opinions.models import OpinionRequest, Publication
from proactive.opinions.services.common import MAX_TEXT, log, require, today

HANDLE = "opinions.handle_request"
FIELDS = ["title", "summary", "answer"]

# Fragments that often identify someone in Korean administrative text. They prompt the editor; they prove nothing.
HINT_PATTERNS: list[tuple[str, str]] = [
    ("title", r"[가-힣]{2,4}\s?(?:주무관|주사|사무관|서기관|팀장|과장|국장|실장|계장|대리|차장|부장)"),
    ("phone", r"(?<!\d)0\d{1,2}[-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)"),
    ("email", r"[\w.+-]+@[\w-]+\.[\w.-]+"),
]


def _hint_labels() -> dict[str, str]:
    return {
        "title": _("a name with a title (e.g. 김○○ 주무관)"),
        "phone": _("a phone number"),
        "email": _("an e-mail address"),
    }


def identifying_names(request: OpinionRequest) -> list[str]:
    """The names a published summary must not contain: the requester, the department and a body other than the
    city (a small corporation identifies its staff)."""
    names = [request.requester_name, request.unit_name]
    if request.agency is not None and request.agency_kind and request.agency_kind != AgencyKind.CITY:
        names.append(request.agency.name)
    return [n for n in dict.fromkeys(n.strip() for n in names if n) if len(n) >= 2]


def _squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def names_found(request: OpinionRequest, *texts: str) -> list[str]:
    """The identifying names that still appear in ``texts`` (spaces ignored)."""
    joined = _squeeze(" ".join(texts))
    return [name for name in identifying_names(request) if _squeeze(name) in joined]


def anonymisation_hints(*texts: str) -> list[tuple[str, str]]:
    """Fragments of ``texts`` that look identifying: (kind label, fragment), each fragment once."""
    labels = _hint_labels()
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for value in texts:
        for kind, pattern in HINT_PATTERNS:
            for match in re.finditer(pattern, value or ""):
                fragment = match.group(0).strip()
                if fragment not in seen:
                    seen.add(fragment)
                    found.append((labels[kind], fragment))
    return found


def _clean(value: str | None, message: str, code: str, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


@transaction.atomic
def save_publication(
    *,
    actor: Any,
    request: OpinionRequest,
    title: str,
    summary: str,
    answer: str,
    publish: bool = False,
    confirmed: bool = False,
) -> Publication:
    """Write the anonymised summary of an answered request and publish it (``publish``) or keep it as a draft.

    Publishing is refused without ``confirmed`` or while the requester's, the department's or the body's name is
    still in the text (``DomainError``). A draft of a published summary takes it back from the register. Side
    effects: audit event ``opinions.publication_saved`` / ``opinions.published`` / ``opinions.unpublished``; a
    timeline entry when the public state changes.
    """
    require(actor, HANDLE, request)
    locked = OpinionRequest.objects.select_for_update(of=("self",)).select_related("agency").get(pk=request.pk)
    if locked.state not in ANSWERED_STATES:
        raise DomainError(_("Only a request the committee has answered can be published."), code="not_answered")
    values = {
        "title": _clean(title, _("Please give the published answer a title."), "title_required", 200),
        "summary": _clean(
            summary, _("Please write the case and the question, anonymised."), "summary_required", MAX_TEXT
        ),
        "answer": _clean(answer, _("Please write the committee's answer, anonymised."), "answer_required", MAX_TEXT),
    }
    if publish:
        found = names_found(locked, *values.values())
        if found:
            raise DomainError(
                _("Remove these names before publishing: %(names)s.") % {"names": ", ".join(found)},
                code="names_found",
            )
        if not confirmed:
            raise DomainError(
                _("Please confirm that the summary identifies nobody before you publish it."), code="not_confirmed"
            )
    publication = Publication.objects.filter(request=locked).first() or Publication(request=locked)
    was_published = publication.is_published
    changed = [name for name in FIELDS if getattr(publication, name) != values[name]]
    for name, value in values.items():
        setattr(publication, name, value)
    if publish:
        publication.is_published = True
        publication.published_by = actor
        if not was_published or publication.published_on is None:
            publication.published_on = today()
    else:
        publication.is_published = False
    publication.save()
    if publish and not was_published:
        verb = "published"
    elif was_published and not publish:
        verb = "unpublished"
    else:
        verb = "publication_saved"
    record_event(actor=actor, verb=f"opinions.{verb}", target=locked, data={"fields": changed})
    if verb != "publication_saved":
        log(locked, verb, actor=actor)
    return publication


@transaction.atomic
def unpublish(*, actor: Any, publication: Publication) -> Publication:
    """Take a published summary out of the register (it stays as a draft). Side effects: audit event
    ``opinions.unpublished``, timeline entry."""
    require(actor, HANDLE, publication.request)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if not locked.is_published:
        raise DomainError(pgettext("opinion request", "This answer is not published."), code="not_published")
    locked.is_published = False
    locked.save(update_fields=["is_published", "updated_at"])
    record_event(actor=actor, verb="opinions.unpublished", target=locked.request)
    log(locked.request, "unpublished", actor=actor)
    return locked
