"""Counselling cases (보호관 상담): an official asks a protection officer for advice, or an officer records advice
given by phone or in person.

The question and the notes are confidential: only the official and the protection officers read them
(``protection.view_counselling_case``); audit events carry no text. An officer who writes the first note on a case
nobody has taken becomes its officer. Closing records the next steps the official is told.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.queries import has_role
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.notifications.services import notify
from proactive.protection.enums import Category, CounsellingState
from proactive.protection.models import CounsellingCase, CounsellingNote
from proactive.protection.queries import least_busy_officer
from proactive.protection.services.common import KIND_COUNSELLING, clean_text, require, today

REQUEST = "protection.request_counselling"
RECORD = "protection.record_counselling"
NOTE = "protection.write_counselling_note"
CLOSE = "protection.close_counselling_case"


def case_url(case: CounsellingCase) -> str:
    return f"/protection/counselling/{case.pk}/"


def _check(category: str, topic: str, question: str) -> tuple[str, str, str]:
    if category not in Category.values:
        raise DomainError(_("Please choose what the counselling is about."), code="category_required")
    topic = clean_text(topic, required=_("Please give the topic in a few words."), code="topic_required", limit=200)
    question = clean_text(question, required=_("Please describe your question."), code="question_required")
    return category, topic, question


def _tell(recipient: Any, title: Any, case: CounsellingCase, actor: Any) -> None:
    if recipient is None:
        return
    url = case_url(case)
    transaction.on_commit(lambda: notify(recipient=recipient, kind=KIND_COUNSELLING, title=title, url=url, actor=actor))


@transaction.atomic
def request_counselling(*, actor: Any, category: str, topic: str, question: str) -> CounsellingCase:
    """An official asks for counselling. The least busy protection officer takes it and is notified (content-free).
    Side effect: audit event ``protection.counselling_requested``."""
    require(actor, REQUEST)
    category, topic, question = _check(category, topic, question)
    officer = least_busy_officer()
    case = CounsellingCase.objects.create(
        client=actor,
        officer=officer,
        category=category,
        topic=topic,
        question=question,
        opened_on=today(),
        created_by=actor,
    )
    record_event(actor=actor, verb="protection.counselling_requested", target=case, data={"category": category})
    _tell(officer, gettext_lazy("An official asked you for counselling"), case, actor)
    return case


@transaction.atomic
def record_counselling(*, actor: Any, client: Any, category: str, topic: str, question: str) -> CounsellingCase:
    """A protection officer records a counselling case for an official (e.g. after a phone call); they are its
    officer. Side effect: audit event ``protection.counselling_recorded``."""
    require(actor, RECORD)
    if client is None or getattr(client, "official_id", None) is None or not client.is_active:
        raise DomainError(_("Choose an official with a sign-in account."), code="client_required")
    category, topic, question = _check(category, topic, question)
    case = CounsellingCase.objects.create(
        client=client,
        officer=actor,
        category=category,
        topic=topic,
        question=question,
        opened_on=today(),
        created_by=actor,
    )
    record_event(actor=actor, verb="protection.counselling_recorded", target=case, data={"category": category})
    _tell(client, gettext_lazy("The protection officer opened a counselling case for you"), case, actor)
    return case


@transaction.atomic
def add_note(*, actor: Any, case: CounsellingCase, text: str, next_steps: str | None = None) -> CounsellingNote:
    """A protection officer adds a counselling note (and, optionally, updates the next steps). The official is told
    that there is news, without its content. Side effect: audit event ``protection.counselling_note_added``."""
    locked = CounsellingCase.objects.select_for_update().get(pk=case.pk)
    require(actor, NOTE, locked)
    text = clean_text(text, required=_("Please write the note."), code="text_required")
    note = CounsellingNote.objects.create(case=locked, author=actor, text=text)
    fields = []
    if next_steps is not None and clean_text(next_steps) != locked.next_steps:
        locked.next_steps = clean_text(next_steps)
        fields.append("next_steps")
    if locked.officer_id is None:
        locked.officer = actor
        fields.append("officer")
    if fields:
        locked.save(update_fields=fields)
    record_event(actor=actor, verb="protection.counselling_note_added", target=locked, data={"note": note.pk})
    if locked.client_id != actor.pk:
        _tell(locked.client, gettext_lazy("The protection officer wrote in your counselling case"), locked, actor)
    return note


@transaction.atomic
def close_case(*, actor: Any, case: CounsellingCase, next_steps: str) -> CounsellingCase:
    """Close an open case with the next steps the official is told. Side effect: audit event
    ``protection.counselling_closed``; the official notified."""
    locked = CounsellingCase.objects.select_for_update().get(pk=case.pk)
    require(actor, CLOSE, locked)
    locked.next_steps = clean_text(
        next_steps, required=_("Please write the next steps for the official."), code="next_steps_required"
    )
    locked.state = CounsellingState.CLOSED
    locked.closed_on = today()
    if locked.officer_id is None:
        locked.officer = actor
    locked.save()
    record_event(
        actor=actor, verb="protection.counselling_closed", target=locked, changes={"state": ["open", "closed"]}
    )
    _tell(locked.client, gettext_lazy("Your counselling case was closed"), locked, actor)
    return locked


def is_officer(user: Any) -> bool:
    return has_role(user, Role.PROTECTION_OFFICER)
