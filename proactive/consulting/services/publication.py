"""Publishing an answered request, anonymised (Busan posted its pre-consulting answers on its website, DOMAIN §4.6).

The audit office writes the summary (``save_publication``: a title, the question and the answer, in words that name
no one), an editor confirms the masking and publishes it (``publish``). Before publishing, the text is checked for
what must not appear (``masking_problems``): the names of the requester, their head and the reviewers, the name of
the requester's unit (a department identifies its staff), e-mail addresses and phone numbers. A published answer is
on the public register and has a public page; it can be taken down again with a reason (``take_down``). Editing a
published answer means taking it down first.
"""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.consulting.enums import PublicationState
from proactive.consulting.models import ConsultingRequest, Publication
from proactive.consulting.queries import heads_of
from proactive.consulting.services.common import MAX_REASON, clean_text, log, require, today
from proactive.core.exceptions import DomainError

PUBLISH = "consulting.publish_request"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{1,2}[-. )]?\d{3,4}[-. ]?\d{4}\b")


def _names_to_mask(req: ConsultingRequest) -> list[str]:
    people = [req.requester, *heads_of(req.unit), *[a.reviewer for a in req.assignments.select_related("reviewer")]]
    names = {req.official.name, req.unit.name}
    for person in people:
        names.add(getattr(person, "name", "") or "")
        official = getattr(person, "official", None)
        if official is not None:
            names.add(official.name)
    return sorted(n for n in names if len(n.strip()) >= 2)


def masking_problems(req: ConsultingRequest, *texts: str) -> list[str]:
    """What in ``texts`` would identify someone: names, the unit, e-mail addresses, phone numbers."""
    joined = "\n".join(texts)
    problems = [name for name in _names_to_mask(req) if name in joined]
    problems += [m.group(0) for m in EMAIL.finditer(joined)]
    problems += [m.group(0) for m in PHONE.finditer(joined)]
    return problems


@transaction.atomic
def save_publication(*, actor: Any, req: ConsultingRequest, title: str, question: str, answer: str) -> Publication:
    """Write or change the anonymised summary of an answered request (not while it is published).

    Side effects: audit event ``consulting.publication_saved``."""
    locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
    require(actor, PUBLISH, locked)
    publication = Publication.objects.filter(request=locked).first()
    if publication is not None and publication.state == PublicationState.PUBLISHED:
        raise DomainError(_("Take the published answer down before changing it."), code="published")
    values = {
        "title": clean_text(title, required_message=_("Please give a title."), code="title_required", limit=200),
        "question": clean_text(
            question, required_message=_("Please summarise the question."), code="question_required", limit=5_000
        ),
        "answer": clean_text(
            answer, required_message=_("Please summarise the answer."), code="answer_required", limit=10_000
        ),
    }
    if publication is None:
        publication = Publication.objects.create(request=locked, written_by=actor, **values)
    else:
        for name, value in values.items():
            setattr(publication, name, value)
        publication.state = PublicationState.DRAFT
        publication.masking_confirmed_by = None
        publication.save()
    record_event(actor=actor, verb="consulting.publication_saved", target=locked, data={"publication": publication.pk})
    return publication


@transaction.atomic
def publish(*, actor: Any, req: ConsultingRequest, masking_confirmed: bool) -> Publication:
    """Publish the summary: the editor confirms that it names no one and no identifying department, and the text
    passes ``masking_problems``. Side effects: audit event ``consulting.published``; timeline entry."""
    locked = (
        ConsultingRequest.objects.select_for_update().select_related("official", "unit", "requester").get(pk=req.pk)
    )
    require(actor, PUBLISH, locked)
    publication = Publication.objects.select_for_update().filter(request=locked).first()
    if publication is None:
        raise DomainError(_("Write the anonymised summary first."), code="no_summary")
    if publication.state == PublicationState.PUBLISHED:
        raise DomainError(_("This answer is already published."), code="already_published")
    if not masking_confirmed:
        raise DomainError(
            _("Please confirm that the summary names no one and no department that would identify someone."),
            code="masking_unconfirmed",
        )
    problems = masking_problems(locked, publication.title, publication.question, publication.answer)
    if problems:
        raise DomainError(
            _("The summary still contains: %(items)s. Remove them before publishing.") % {"items": ", ".join(problems)},
            code="not_anonymised",
        )
    publication.state = PublicationState.PUBLISHED
    publication.masking_confirmed_by = actor
    publication.published_on = today()
    publication.save()
    record_event(actor=actor, verb="consulting.published", target=locked, data={"publication": publication.pk})
    log(locked, "published", actor=actor)
    return publication


@transaction.atomic
def take_down(*, actor: Any, req: ConsultingRequest, reason: str) -> Publication:
    """Take a published answer off the public pages, with a reason. Side effects: audit event
    ``consulting.taken_down``; timeline entry."""
    locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
    require(actor, PUBLISH, locked)
    publication = Publication.objects.select_for_update().filter(request=locked).first()
    if publication is None or publication.state != PublicationState.PUBLISHED:
        raise DomainError(_("This answer is not published."), code="not_published")
    reason = clean_text(
        reason,
        required_message=_("Please give the reason for taking it down."),
        code="reason_required",
        limit=MAX_REASON,
    )
    publication.state = PublicationState.WITHDRAWN
    publication.save(update_fields=["state"])
    record_event(actor=actor, verb="consulting.taken_down", target=locked, data={"reason": reason})
    log(locked, "taken_down", actor=actor, data={"reason": reason})
    return publication
