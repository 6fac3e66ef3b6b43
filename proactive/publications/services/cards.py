"""Card news (카드뉴스): for a published selected case, six square cards (1080×1080 PNG) in the city's style —
cover with the headline, three key points, the figures, a closing card — prefilled from the case's record and
edited by the secretariat; each card has alt text (required before review). Generated in the background, taken
through the editorial workflow (``workflow.CARDSET_TRANSITIONS``), downloadable as a ZIP.

Also the Open Graph images (1200×630 PNG) of a case, a casebook and a card-news set.
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.nominations.queries.awards import as_public_case, published_awards
from proactive.publications import editorial
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import CARD_KINDS, CardKind, JobState
from proactive.publications.models import Card, CardSet
from proactive.publications.services.common import apply_transition, require, require_generated, touched
from proactive.publications.services.masking import find_personal_data
from proactive.publications.workflow import CARDSET_TRANSITIONS

logger = logging.getLogger(__name__)

CREATE = "publications.create_publication"
EDIT = "publications.edit_cardset"
GENERATE = "publications.generate_cardset"
CORRECT = "publications.correct_cardset"
CARD_SIZE = 1080
OG_WIDTH, OG_HEIGHT = 1200, 630
TEXT_FIELDS = {"headline": 80, "point_1": 120, "point_2": 120, "point_3": 120, "figures": 160, "closing": 120}
MAX_ALT = 500
DEFAULT_CLOSING = "시민의 불편을 먼저 찾아 해결하는 부산 적극행정"


# --- Prefill from the record ---------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?다])\s+|\n+", (text or "").strip())
    return [p.strip() for p in parts if p.strip()]


def fit(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def prefill(nomination: Any) -> dict[str, str]:
    """Headline, three key points (problem → action → outcome), figures and closing from the case's record."""

    def first(text: str, fallback: str = "") -> str:
        found = sentences(text)
        return found[0] if found else fallback

    figures = [line.strip(" -·•") for line in (nomination.quantified_results or "").splitlines() if line.strip()]
    return {
        "headline": fit(nomination.title, TEXT_FIELDS["headline"]),
        "point_1": fit(first(nomination.problem, first(nomination.summary)), 120),
        "point_2": fit(first(nomination.action, nomination.summary), 120),
        "point_3": fit(first(nomination.outcome, nomination.summary), 120),
        "figures": fit(" · ".join(figures[:3]), 160),
        "closing": DEFAULT_CLOSING,
    }


@transaction.atomic
def create_cardset(*, actor: Any, award_id: int) -> CardSet:
    """A draft card-news set for a published selected case, its texts prefilled from the record (alt text left
    for the editor). Side effects: audit event ``publications.cardset.created``."""
    require(actor, CREATE)
    award = published_awards().filter(pk=award_id).first()
    if award is None:
        raise DomainError(_("Only published selected cases can have card news."), code="not_published")
    card_set = CardSet.objects.create(award=award, created_by=actor, **prefill(award.nomination))
    record_event(actor=actor, verb="publications.cardset.created", target=card_set, data={"award": award.pk})
    return card_set


@transaction.atomic
def update_cardset(*, actor: Any, card_set: CardSet, texts: dict[str, str], alt_texts: dict[str, str]) -> CardSet:
    locked = CardSet.objects.select_for_update().get(pk=card_set.pk)
    editorial.require_editable(locked)
    require(actor, EDIT, locked)
    for field in ("headline", "point_1", "point_2", "point_3"):
        if not (texts.get(field) or "").strip():
            raise DomainError(_("The headline and the three key points are required."), code="text_required")
    changed = []
    for field, limit in TEXT_FIELDS.items():
        value = " ".join((texts.get(field) or "").split())[:limit]
        if getattr(locked, field) != value:
            setattr(locked, field, value)
            changed.append(field)
    alts = {kind: (alt_texts.get(kind) or "").strip()[:MAX_ALT] for kind in CARD_KINDS}
    if alts != {k: locked.alt_for(k) for k in CARD_KINDS}:
        locked.alt_texts = alts
        changed.append("alt_texts")
    if changed:
        touched(locked)
        locked.save()
        record_event(
            actor=actor, verb="publications.cardset.updated", target=locked, changes={f: True for f in changed}
        )
    return locked


def missing_alt(card_set: CardSet) -> list[str]:
    return [str(CardKind(k).label) for k in CARD_KINDS if not card_set.alt_for(k)]


def personal_data_in(card_set: CardSet) -> bool:
    return any(find_personal_data(getattr(card_set, f)) for f in TEXT_FIELDS)


def _ready(card_set: CardSet, to: str) -> None:
    if to == S.REVIEW:
        if missing_alt(card_set):
            raise DomainError(
                _("Write the alt text of every card before review: %(cards)s.")
                % {"cards": ", ".join(missing_alt(card_set))},
                code="alt_missing",
            )
        if personal_data_in(card_set):
            raise DomainError(
                _("The cards contain what looks like personal data (a phone number, e-mail or address)."),
                code="personal_data",
            )
    require_generated(card_set, to)


@transaction.atomic
def transition_cardset(*, actor: Any, card_set: CardSet, to: str, reason: str = "") -> CardSet:
    """Apply one move of ``CARDSET_TRANSITIONS`` (alt text of every card and generated images needed for review;
    four eyes to approve). Audit event ``publications.cardset.<state>``."""
    locked = CardSet.objects.select_for_update().get(pk=card_set.pk)
    return apply_transition(
        actor=actor,
        obj=locked,
        table=CARDSET_TRANSITIONS,
        to=to,
        reason=reason,
        prefix="publications.cardset",
        ready=_ready,
    )


@transaction.atomic
def correct_cardset(*, actor: Any, card_set: CardSet, note: str) -> CardSet:
    require(actor, CORRECT, card_set)
    note = (note or "").strip()[:1000]
    if not note:
        raise DomainError(_("Say what the correction changes."), code="note_required")
    if CardSet.objects.filter(corrects=card_set).exclude(state=S.PUBLISHED).exists():
        raise DomainError(_("A correction of this edition is already being prepared."), code="correction_open")
    new = CardSet.objects.create(
        award_id=card_set.award_id,
        created_by=actor,
        version=editorial.next_version(card_set),
        corrects=card_set,
        correction_note=note,
        alt_texts=dict(card_set.alt_texts or {}),
        **{f: getattr(card_set, f) for f in TEXT_FIELDS},
    )
    record_event(
        actor=actor,
        verb="publications.cardset.correction_started",
        target=new,
        data={"corrects": card_set.pk, "version": new.version},
    )
    return new


# --- Rendering -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardContent:
    kind: str
    headline: str
    body: str
    grade: str
    unit: str
    index: int


def contents(card_set: CardSet) -> list[CardContent]:
    with translation.override("ko"):
        public = as_public_case(card_set.award)
        grade = str(card_set.award.get_grade_display())
        unit = public.unit_name
    bodies = {
        CardKind.COVER: "",
        CardKind.POINT_1: card_set.point_1,
        CardKind.POINT_2: card_set.point_2,
        CardKind.POINT_3: card_set.point_3,
        CardKind.FIGURES: card_set.figures or card_set.point_3,
        CardKind.CLOSING: card_set.closing or DEFAULT_CLOSING,
    }
    return [
        CardContent(kind=k, headline=card_set.headline, body=bodies[k], grade=grade, unit=unit, index=i)
        for i, k in enumerate(CARD_KINDS)
    ]


LABELS: dict[str, str] = {
    CardKind.POINT_1: "문제",
    CardKind.POINT_2: "해결",
    CardKind.POINT_3: "성과",
    CardKind.FIGURES: "숫자로 보는 성과",
}


def cards_html(items: list[CardContent], organisation: str = "부산광역시") -> str:
    """One sheet with the cards stacked (documents.pdf.SHEET_MARKER), so the fonts are decoded once."""
    from proactive.documents.pdf import font_face_css  # reads the font files once

    cards = [{"label": LABELS.get(c.kind, ""), **c.__dict__} for c in items]
    return render_to_string(
        "publications/card.html",
        {"cards": cards, "font_css": font_face_css(), "organisation": organisation, "total": len(CARD_KINDS)},
    )


def render_cards(items: list[CardContent]) -> list[bytes]:
    from proactive.documents.pdf import html_to_pngs  # starts the kept browser on first use

    return html_to_pngs([cards_html(items)], width=CARD_SIZE, height=CARD_SIZE) if items else []


@transaction.atomic
def request_generation(*, actor: Any, card_set: CardSet) -> CardSet:
    locked = CardSet.objects.select_for_update().get(pk=card_set.pk)
    require(actor, GENERATE, locked)
    locked.job_state = JobState.QUEUED
    locked.progress = 0
    locked.job_error = ""
    locked.save(update_fields=["job_state", "progress", "job_error", "updated_at"])
    record_event(actor=actor, verb="publications.cardset.generation_requested", target=locked)
    transaction.on_commit(partial(task_generate_cardset.enqueue, locked.pk))
    return locked


def _progress(card_set_id: int, progress: int, state: str = JobState.RUNNING, error: str = "") -> None:
    CardSet.objects.filter(pk=card_set_id).update(
        progress=progress, job_state=state, job_error=error[:300], updated_at=timezone.now()
    )


def generate_cardset(card_set_id: int) -> CardSet | None:
    card_set = (
        CardSet.objects.select_related("award__nomination__round", "award__nomination__nominating_unit")
        .filter(pk=card_set_id)
        .first()
    )
    if card_set is None or card_set.state not in (S.DRAFT, S.REVIEW):
        return None
    started = timezone.now()
    _progress(card_set_id, 5)
    items = contents(card_set)
    images = render_cards(items)
    _progress(card_set_id, 95)
    with transaction.atomic():
        locked = CardSet.objects.select_for_update().get(pk=card_set_id)
        if locked.state not in (S.DRAFT, S.REVIEW):
            return None
        locked.cards.all().delete()
        for i, (item, png) in enumerate(zip(items, images, strict=True)):
            card = Card(card_set=locked, kind=item.kind, position=i + 1, alt_text=locked.alt_for(item.kind))
            card.image.save(f"cardset-{locked.pk}-v{locked.version}-{i + 1}.png", ContentFile(png), save=False)
            card.save()
        locked.job_state = JobState.DONE
        locked.progress = 100
        locked.generated_at = started
        locked.save()
        record_event(actor=None, verb="publications.cardset.generated", target=locked, data={"cards": len(images)})
    return locked


@task
def task_generate_cardset(card_set_id: int) -> bool:
    try:
        return generate_cardset(card_set_id) is not None
    except Exception as exc:
        logger.exception("Generating card news %s failed", card_set_id)
        _progress(card_set_id, 0, JobState.FAILED, str(exc))
        return False


def cards_zip(card_set: CardSet) -> bytes:
    """The cards as a ZIP for SNS: ``01-cover.png`` … and ``alt-text.txt`` with every card's alt text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        lines = []
        for card in card_set.cards.all():
            name = f"{card.position:02d}-{card.kind}.png"
            with card.image.open("rb") as handle:
                archive.writestr(name, handle.read())
            lines.append(f"{name}: {card.alt_text}")
        archive.writestr("alt-text.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


# --- Open Graph images ---------------------------------------------------------------------------------------


def og_image(*, title: str, kicker: str, detail: str, organisation: str = "부산광역시") -> bytes:
    """A 1200×630 PNG share image in the city's style."""
    from proactive.documents.pdf import font_face_css, html_to_pngs  # fonts read once; the kept browser

    html = render_to_string(
        "publications/og.html",
        {"title": title, "kicker": kicker, "detail": detail, "organisation": organisation, "font_css": font_face_css()},
    )
    return html_to_pngs([html], width=OG_WIDTH, height=OG_HEIGHT)[0]
