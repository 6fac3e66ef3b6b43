"""Casebooks (사례집): the secretariat picks published selected cases (a round, a year or by hand for a theme),
orders them, confirms the proposed masks, generates the PDF and the HTML edition in the background, and takes the
casebook through the editorial workflow (``workflow.CASEBOOK_TRANSITIONS``).

Every change is audited (``publications.casebook.*``) and marks the content changed, so the files must be
generated again before review. A published casebook never changes; ``correct_casebook`` starts a new version.
"""

import logging
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.nominations.models import Award
from proactive.nominations.queries.awards import published_awards
from proactive.publications import editorial
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import JobState, MaskDecision, Selection
from proactive.publications.models import Casebook, CasebookEntry, Mask
from proactive.publications.services.common import (
    MAX_REASON,
    MAX_TEXT,
    apply_transition,
    require,
    require_generated,
    touched,
)
from proactive.publications.services.masking import propose_masks
from proactive.publications.workflow import CASEBOOK_TRANSITIONS

logger = logging.getLogger(__name__)

CREATE = "publications.create_publication"
EDIT = "publications.edit_casebook"
GENERATE = "publications.generate_casebook"
CORRECT = "publications.correct_casebook"
MAX_CASES = 1000


def _edit_guard(actor: Any, casebook: Casebook) -> None:
    editorial.require_editable(casebook)
    require(actor, EDIT, casebook)


def _clean(text: str, limit: int = MAX_TEXT) -> str:
    return (text or "").strip()[:limit]


def candidate_awards(*, selection: str, round_id: int | None = None, year: int | None = None):
    """The published awards a selection brings in, in the order a casebook prints them (round, grade rank)."""
    qs = published_awards()
    if selection == Selection.ROUND and round_id:
        qs = qs.filter(nomination__round_id=round_id)
    elif selection == Selection.YEAR and year:
        qs = qs.filter(nomination__round__year=year)
    else:
        return qs.none()
    return qs.order_by("nomination__round__year", "nomination__round__half", "rank", "pk")


@transaction.atomic
def create_casebook(
    *,
    actor: Any,
    title: str,
    selection: str,
    round_id: int | None = None,
    year: int | None = None,
    theme: str = "",
    subtitle: str = "",
    foreword: str = "",
    award_ids: list[int] | None = None,
) -> Casebook:
    """A draft casebook with the cases of the round or year (or the hand-picked ``award_ids`` for a theme), each
    case's masks proposed. Side effects: audit event ``publications.casebook.created``."""
    require(actor, CREATE)
    title = _clean(title, 200)
    if not title:
        raise DomainError(_("Give the casebook a title."), code="title_required")
    if selection == Selection.ROUND and not round_id:
        raise DomainError(_("Choose the round."), code="round_required")
    if selection == Selection.YEAR and not year:
        raise DomainError(_("Choose the year."), code="year_required")
    if selection == Selection.THEME and not _clean(theme, 200):
        raise DomainError(_("Name the theme."), code="theme_required")
    casebook = Casebook.objects.create(
        title=title,
        subtitle=_clean(subtitle, 200),
        foreword=_clean(foreword),
        selection=selection,
        round_id=round_id if selection == Selection.ROUND else None,
        year=year if selection == Selection.YEAR else None,
        theme=_clean(theme, 200),
        created_by=actor,
    )
    if selection == Selection.THEME:
        ids = list(award_ids or [])
        by_id = {a.pk: a for a in published_awards().filter(pk__in=ids)}
        awards = [by_id[i] for i in ids if i in by_id]
    else:
        awards = list(candidate_awards(selection=selection, round_id=round_id, year=year)[:MAX_CASES])
    _add(casebook, awards)
    record_event(
        actor=actor,
        verb="publications.casebook.created",
        target=casebook,
        data={"selection": selection, "cases": len(awards)},
    )
    return casebook


def _add(casebook: Casebook, awards: list[Award]) -> int:
    start = (casebook.entries.aggregate(m=Max("position"))["m"] or 0) + 1
    present = set(casebook.entries.values_list("award_id", flat=True))
    entries = [
        CasebookEntry(casebook=casebook, award=a, position=start + i)
        for i, a in enumerate(a for a in awards if a.pk not in present)
    ]
    CasebookEntry.objects.bulk_create(entries)
    for entry in (
        CasebookEntry.objects.filter(casebook=casebook, masks__isnull=True)
        .select_related("award__nomination")
        .prefetch_related("award__nomination__members__official", "masks")
    ):
        propose_masks(entry)
    return len(entries)


@transaction.atomic
def add_case(*, actor: Any, casebook: Casebook, award_id: int) -> CasebookEntry:
    casebook = Casebook.objects.select_for_update().get(pk=casebook.pk)
    _edit_guard(actor, casebook)
    award = published_awards().filter(pk=award_id).first()
    if award is None:
        raise DomainError(_("Only published selected cases can go into a casebook."), code="not_published")
    if casebook.entries.filter(award=award).exists():
        raise DomainError(_("This case is already in the casebook."), code="duplicate")
    _add(casebook, [award])
    touched(casebook)
    casebook.save(update_fields=["content_changed_at", "updated_at"])
    record_event(actor=actor, verb="publications.casebook.case_added", target=casebook, data={"award": award.pk})
    return casebook.entries.get(award=award)


@transaction.atomic
def remove_case(*, actor: Any, entry: CasebookEntry) -> None:
    casebook = Casebook.objects.select_for_update().get(pk=entry.casebook_id)
    _edit_guard(actor, casebook)
    award_id = entry.award_id
    entry.delete()
    _renumber(casebook)
    touched(casebook)
    casebook.save(update_fields=["content_changed_at", "updated_at"])
    record_event(actor=actor, verb="publications.casebook.case_removed", target=casebook, data={"award": award_id})


def _renumber(casebook: Casebook, order: list[int] | None = None) -> None:
    entries = list(casebook.entries.order_by("position", "pk"))
    if order is not None:
        by_id = {e.pk: e for e in entries}
        entries = [by_id[i] for i in order]
    for i, entry in enumerate(entries, start=1):
        entry.position = i
    CasebookEntry.objects.bulk_update(entries, ["position"])


@transaction.atomic
def move_case(*, actor: Any, entry: CasebookEntry, to_position: int) -> None:
    """Put the case at ``to_position`` (1 = first; clamped), the others keep their relative order. Move up and
    down are ``position ∓ 1``. Side effects: audit event ``publications.casebook.case_moved``."""
    casebook = Casebook.objects.select_for_update().get(pk=entry.casebook_id)
    _edit_guard(actor, casebook)
    ids = list(casebook.entries.order_by("position", "pk").values_list("pk", flat=True))
    if entry.pk not in ids:
        raise DomainError(_("This case is not in the casebook."), code="not_found")
    old = ids.index(entry.pk) + 1
    ids.remove(entry.pk)
    new = min(max(int(to_position), 1), len(ids) + 1)
    ids.insert(new - 1, entry.pk)
    _renumber(casebook, ids)
    touched(casebook)
    casebook.save(update_fields=["content_changed_at", "updated_at"])
    record_event(
        actor=actor,
        verb="publications.casebook.case_moved",
        target=casebook,
        changes={"position": [old, new]},
        data={"entry": entry.pk},
    )


@transaction.atomic
def set_photos(*, actor: Any, entry: CasebookEntry, include: bool) -> None:
    """Print the case's photos (image evidence) only when every team member consented to publication."""
    from proactive.nominations.enums import Consent  # the consent values only matter here

    casebook = Casebook.objects.select_for_update().get(pk=entry.casebook_id)
    _edit_guard(actor, casebook)
    if include and entry.award.nomination.members.exclude(consent=Consent.GIVEN).exists():
        raise DomainError(
            _("Photos can be printed only when every member of the team consented to publication."),
            code="no_consent",
        )
    entry.include_photos = include
    entry.save(update_fields=["include_photos"])
    touched(casebook)
    casebook.save(update_fields=["content_changed_at", "updated_at"])
    record_event(
        actor=actor, verb="publications.casebook.photos_set", target=casebook, data={"entry": entry.pk, "on": include}
    )


@transaction.atomic
def update_casebook(*, actor: Any, casebook: Casebook, title: str, subtitle: str, foreword: str) -> Casebook:
    casebook = Casebook.objects.select_for_update().get(pk=casebook.pk)
    _edit_guard(actor, casebook)
    title = _clean(title, 200)
    if not title:
        raise DomainError(_("Give the casebook a title."), code="title_required")
    changes = {}
    for field, value in (("title", title), ("subtitle", _clean(subtitle, 200)), ("foreword", _clean(foreword))):
        if getattr(casebook, field) != value:
            changes[field] = [getattr(casebook, field), value]
            setattr(casebook, field, value)
    if changes:
        touched(casebook)
        casebook.save()
        record_event(
            actor=actor, verb="publications.casebook.updated", target=casebook, changes={k: True for k in changes}
        )
    return casebook


def undecided_masks(casebook: Casebook) -> int:
    return Mask.objects.filter(entry__casebook=casebook, decision=MaskDecision.PROPOSED).count()


def _ready(casebook: Casebook, to: str) -> None:
    if to == S.REVIEW:
        if not casebook.entries.exists():
            raise DomainError(_("Add at least one case."), code="empty")
        if undecided_masks(casebook):
            raise DomainError(
                _("Confirm or reject every proposed mask before the casebook goes to review."), code="masks_pending"
            )
    require_generated(casebook, to)


@transaction.atomic
def transition_casebook(*, actor: Any, casebook: Casebook, to: str, reason: str = "") -> Casebook:
    """Apply one move of ``CASEBOOK_TRANSITIONS``. Review needs every mask decided and the files generated from
    the current content; approval needs four eyes (rules). Audit event ``publications.casebook.<state>``."""
    locked = Casebook.objects.select_for_update().get(pk=casebook.pk)
    return apply_transition(
        actor=actor,
        obj=locked,
        table=CASEBOOK_TRANSITIONS,
        to=to,
        reason=reason,
        prefix="publications.casebook",
        ready=_ready,
    )


@transaction.atomic
def correct_casebook(*, actor: Any, casebook: Casebook, note: str) -> Casebook:
    """A new version (draft) of a published casebook with the same cases, order, photo choices and mask
    decisions, and the correction note. The published one stays as it is until the correction is published."""
    require(actor, CORRECT, casebook)
    note = _clean(note, MAX_REASON)
    if not note:
        raise DomainError(_("Say what the correction changes."), code="note_required")
    if Casebook.objects.filter(corrects=casebook).exclude(state=S.PUBLISHED).exists():
        raise DomainError(_("A correction of this edition is already being prepared."), code="correction_open")
    new = Casebook.objects.create(
        title=casebook.title,
        subtitle=casebook.subtitle,
        foreword=casebook.foreword,
        selection=casebook.selection,
        round_id=casebook.round_id,
        year=casebook.year,
        theme=casebook.theme,
        created_by=actor,
        version=editorial.next_version(casebook),
        corrects=casebook,
        correction_note=note,
    )
    for entry in casebook.entries.prefetch_related("masks"):
        copy = CasebookEntry.objects.create(
            casebook=new, award_id=entry.award_id, position=entry.position, include_photos=entry.include_photos
        )
        Mask.objects.bulk_create(
            Mask(
                entry=copy,
                field=m.field,
                kind=m.kind,
                text=m.text,
                replacement=m.replacement,
                decision=m.decision,
                decided_by_id=m.decided_by_id,
                decided_at=m.decided_at,
            )
            for m in entry.masks.all()
        )
    record_event(
        actor=actor,
        verb="publications.casebook.correction_started",
        target=new,
        data={"corrects": casebook.pk, "version": new.version},
    )
    return new


# --- Generation ----------------------------------------------------------------------------------------------


@transaction.atomic
def request_generation(*, actor: Any, casebook: Casebook) -> Casebook:
    """Queue the PDF and HTML edition (after commit). Side effects: audit event
    ``publications.casebook.generation_requested``."""
    locked = Casebook.objects.select_for_update().get(pk=casebook.pk)
    require(actor, GENERATE, locked)
    locked.job_state = JobState.QUEUED
    locked.progress = 0
    locked.job_error = ""
    locked.save(update_fields=["job_state", "progress", "job_error", "updated_at"])
    record_event(actor=actor, verb="publications.casebook.generation_requested", target=locked)
    transaction.on_commit(partial(task_generate_casebook.enqueue, locked.pk))
    return locked


def set_progress(casebook_id: int, progress: int, state: str = JobState.RUNNING, error: str = "") -> None:
    Casebook.objects.filter(pk=casebook_id).update(
        progress=max(0, min(100, progress)), job_state=state, job_error=error[:300], updated_at=timezone.now()
    )


def generate_casebook(casebook_id: int) -> Casebook | None:
    """Render the PDF (in chunks, merged) and the HTML edition from the case records with the confirmed masks,
    store them and mark the casebook generated; progress is written as it goes."""
    from proactive.publications.services import rendering  # starts a browser; only the task needs it

    casebook = Casebook.objects.filter(pk=casebook_id).first()
    if casebook is None or casebook.state not in (S.DRAFT, S.REVIEW):
        return None
    started = timezone.now()
    set_progress(casebook_id, 1)
    book = rendering.build_book(casebook)
    set_progress(casebook_id, 10)
    pdf, pages = rendering.casebook_pdf(book, progress=lambda p: set_progress(casebook_id, 10 + int(p * 0.85)))
    html = rendering.casebook_html_edition(book)
    with transaction.atomic():
        locked = Casebook.objects.select_for_update().get(pk=casebook_id)
        if locked.state not in (S.DRAFT, S.REVIEW):
            return None
        locked.pdf.save(f"casebook-{locked.pk}-v{locked.version}.pdf", ContentFile(pdf), save=False)
        locked.pdf_pages = pages
        locked.html_edition = html
        locked.job_state = JobState.DONE
        locked.progress = 100
        locked.job_error = ""
        # Generated from the content as it was when generation started: a later change makes it stale.
        locked.generated_at = started
        locked.save()
        record_event(
            actor=None,
            verb="publications.casebook.generated",
            target=locked,
            data={"pages": pages, "size": len(pdf), "cases": len(book.cases)},
        )
    return locked


@task
def task_generate_casebook(casebook_id: int) -> bool:
    try:
        return generate_casebook(casebook_id) is not None
    except Exception as exc:
        logger.exception("Generating casebook %s failed", casebook_id)
        set_progress(casebook_id, 0, JobState.FAILED, str(exc))
        return False
