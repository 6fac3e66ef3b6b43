"""Editions of the monthly bulletin: assembly, the editor's changes, the editorial workflow and corrections.

Rules: one draft line per month — an edition is assembled once per month (version 1); later versions are only
corrections of a published edition. Only a draft changes (``publications.editorial.require_editable``); a
published edition is immutable. Every change records an audit event on the edition (the edition's history page
reads them back).
"""

from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.bulletins import workflow
from proactive.bulletins.enums import ItemKind, JobState
from proactive.bulletins.models import Edition, Item
from proactive.bulletins.queries import month_cases, month_opinions
from proactive.bulletins.queries.statistics import month_statistics
from proactive.bulletins.rules import IMAGE_PURPOSE
from proactive.bulletins.services.common import MAX_TITLE, require, text
from proactive.core.exceptions import DomainError
from proactive.core.workflow import check_transition
from proactive.documents.services import store_upload
from proactive.publications.editorial import EditorialState, require_editable, require_reason

S = EditorialState
MANAGE = "bulletins.manage_edition"
EDIT = "bulletins.edit_edition"
CORRECT = "bulletins.correct_edition"
IMAGE_KINDS = {"jpeg", "png"}


# --- Snapshots of the public records -------------------------------------------------------------------------


def case_snapshot(award: Any) -> dict[str, Any]:
    """A selected case as the public gallery shows it (names only with consent), frozen into the item."""
    from proactive.nominations.queries.awards import as_public_case

    case = as_public_case(award)
    nomination = case.nomination
    return {
        "title": nomination.title[:MAX_TITLE],
        "body": nomination.summary,
        "meta": {
            "unit": case.unit.name if case.unit else "",
            "unit_en": (case.unit.name_en or case.unit.name) if case.unit else "",
            "grade": award.grade,
            "year": case.round.year,
            "half": case.round.half,
            "team": [m.name for m in case.named],
            "problem": nomination.problem,
            "action": nomination.action,
            "outcome": nomination.outcome,
            "figures": nomination.quantified_results,
            "case_url": reverse("nominations:case", args=[nomination.pk]),
        },
    }


def opinion_snapshot(publication: Any) -> dict[str, Any]:
    return {
        "title": publication.title[:MAX_TITLE],
        "body": publication.summary,
        "meta": {"answer": publication.answer, "published_on": publication.published_on.isoformat()},
    }


def _next_position(edition: Edition) -> int:
    return (edition.items.aggregate(m=Max("position"))["m"] or 0) + 10


def _add_case(edition: Edition, award: Any, position: int) -> Item:
    return Item.objects.create(
        edition=edition, kind=ItemKind.CASE, award=award, position=position, **case_snapshot(award)
    )


def _add_opinion(edition: Edition, publication: Any, position: int) -> Item:
    return Item.objects.create(
        edition=edition, kind=ItemKind.OPINION, opinion=publication, position=position, **opinion_snapshot(publication)
    )


# --- Assembly ------------------------------------------------------------------------------------------------


@transaction.atomic
def assemble_edition(*, actor: Any, year: int, month: int, check: bool = True) -> Edition:
    """Assemble the month's edition as a draft: the cases selected in the month, the committee's answers published
    in it, and the month's figures; the editor then reorders, removes, adds news and writes the editorial.

    Refused when the month already has an edition (corrections are made from the published one). ``check=False``
    is for the system (the demo, a scheduled assembly) with ``actor=None``.
    Side effects: the edition and its items; audit event ``bulletins.edition_assembled``.
    """
    if check:
        require(actor, MANAGE)
    if not (1 <= int(month) <= 12) or not (2000 <= int(year) <= 2100):
        raise DomainError(_("Choose a valid year and month."), code="invalid_month")
    if Edition.objects.filter(year=year, month=month).exists():
        raise DomainError(_("This month already has an edition. Open it instead."), code="exists")
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                year=year,
                month=month,
                version=1,
                created_by=actor if getattr(actor, "pk", None) else None,
                statistics=month_statistics(year, month),
            )
    except IntegrityError:
        raise DomainError(_("This month already has an edition. Open it instead."), code="exists") from None
    position = 0
    for award in month_cases(year, month):
        position += 10
        _add_case(edition, award, position)
    for publication in month_opinions(year, month):
        position += 10
        _add_opinion(edition, publication, position)
    record_event(
        actor=actor,
        verb="bulletins.edition_assembled",
        target=edition,
        data={"year": year, "month": month, "items": position // 10},
    )
    return edition


def _locked(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _editable(actor: Any, edition: Edition) -> Edition:
    locked = _locked(edition)
    require_editable(locked)
    require(actor, EDIT, locked)
    return locked


@transaction.atomic
def update_editorial(*, actor: Any, edition: Edition, editorial: str) -> Edition:
    """The editor's note (발간사). Side effects: audit event ``bulletins.editorial_changed``."""
    locked = _editable(actor, edition)
    value = text(editorial, required_message="", code="editorial", required=False)
    old = locked.editorial
    locked.editorial = value
    locked.save(update_fields=["editorial", "updated_at"])
    record_event(actor=actor, verb="bulletins.editorial_changed", target=locked, changes={"editorial": [old, value]})
    return locked


@transaction.atomic
def refresh_statistics(*, actor: Any, edition: Edition) -> Edition:
    """Count the month's figures again (a draft only). Side effects: audit event ``bulletins.statistics_refreshed``."""
    locked = _editable(actor, edition)
    old, locked.statistics = locked.statistics, month_statistics(locked.year, locked.month)
    locked.save(update_fields=["statistics", "updated_at"])
    record_event(
        actor=actor,
        verb="bulletins.statistics_refreshed",
        target=locked,
        changes={"statistics": [old, locked.statistics]},
    )
    return locked


def _news_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {
        "title": text(data.get("title"), required_message=_("Enter a title."), code="title", limit=MAX_TITLE),
        "body": text(data.get("body"), required_message=_("Enter the text."), code="body"),
        "link_url": str(data.get("link_url") or "").strip(),
        "link_text": str(data.get("link_text") or "").strip()[:100],
        "image_alt": str(data.get("image_alt") or "").strip()[:300],
    }
    if fields["link_url"] and not fields["link_url"].startswith(("https://", "http://")):
        raise DomainError(_("Enter a link starting with https://."), code="link")
    return fields


@transaction.atomic
def add_news_item(*, actor: Any, edition: Edition, data: dict[str, Any], image: Any = None) -> Item:
    """A news item the editor writes: title, text, optional link and image (the image needs its alt text).
    Side effects: the image stored as a private document (metadata stripped); audit event ``bulletins.item_added``."""
    locked = _editable(actor, edition)
    fields = _news_fields(data)
    if image is not None and not fields["image_alt"]:
        raise DomainError(_("Describe the image for people who cannot see it (alt text)."), code="alt_required")
    item = Item(edition=locked, kind=ItemKind.NEWS, position=_next_position(locked), **fields)
    if image is not None:
        item.image = store_upload(actor=actor, uploaded_file=image, purpose=IMAGE_PURPOSE, allowed=IMAGE_KINDS)
    item.save()
    record_event(actor=actor, verb="bulletins.item_added", target=locked, data={"item": item.pk, "kind": item.kind})
    return item


@transaction.atomic
def update_news_item(
    *, actor: Any, item: Item, data: dict[str, Any], image: Any = None, remove_image: bool = False
) -> Item:
    """Change a news item of a draft. Side effects: audit event ``bulletins.item_changed`` (old and new text)."""
    locked = _editable(actor, item.edition)
    item = Item.objects.select_for_update().get(pk=item.pk, edition=locked)
    if item.kind != ItemKind.NEWS:
        raise DomainError(_("Only news items can be edited; cases and opinions come from their records."), code="kind")
    fields = _news_fields(data)
    changes = {k: [getattr(item, k), v] for k, v in fields.items() if getattr(item, k) != v}
    for key, value in fields.items():
        setattr(item, key, value)
    if remove_image:
        item.image = None
        changes["image"] = ["…", None]
    if image is not None:
        item.image = store_upload(actor=actor, uploaded_file=image, purpose=IMAGE_PURPOSE, allowed=IMAGE_KINDS)
        changes["image"] = [None, str(item.image.pk)]
    if item.image_id and not item.image_alt:
        raise DomainError(_("Describe the image for people who cannot see it (alt text)."), code="alt_required")
    item.save()
    record_event(actor=actor, verb="bulletins.item_changed", target=locked, changes=changes, data={"item": item.pk})
    return item


@transaction.atomic
def add_material_item(
    *, actor: Any, edition: Edition, award_id: int | None = None, opinion_id: int | None = None
) -> Item:
    """Put back (or add) one of the month's selected cases or published opinions.
    Side effects: audit event ``bulletins.item_added``."""
    locked = _editable(actor, edition)
    if award_id:
        award = next((a for a in month_cases(locked.year, locked.month) if a.pk == int(award_id)), None)
        if award is None or locked.items.filter(award=award).exists():
            raise DomainError(_("This case cannot be added to this edition."), code="case")
        item = _add_case(locked, award, _next_position(locked))
    elif opinion_id:
        opinion = next((o for o in month_opinions(locked.year, locked.month) if o.pk == int(opinion_id)), None)
        if opinion is None or locked.items.filter(opinion=opinion).exists():
            raise DomainError(_("This opinion cannot be added to this edition."), code="opinion")
        item = _add_opinion(locked, opinion, _next_position(locked))
    else:
        raise DomainError(_("Choose a case or an opinion."), code="nothing")
    record_event(actor=actor, verb="bulletins.item_added", target=locked, data={"item": item.pk, "kind": item.kind})
    return item


@transaction.atomic
def remove_item(*, actor: Any, item: Item) -> None:
    """Take an item out of a draft. Side effects: audit event ``bulletins.item_removed`` (with its title)."""
    locked = _editable(actor, item.edition)
    item = Item.objects.get(pk=item.pk, edition=locked)
    data = {"item": item.pk, "kind": item.kind, "title": item.title}
    item.delete()
    record_event(actor=actor, verb="bulletins.item_removed", target=locked, data=data)


@transaction.atomic
def move_item(*, actor: Any, item: Item, direction: str) -> None:
    """Move an item one place up or down within its section. Side effects: audit event ``bulletins.item_moved``."""
    locked = _editable(actor, item.edition)
    siblings = list(locked.items.filter(kind=item.kind).order_by("position", "pk"))
    index = next((i for i, s in enumerate(siblings) if s.pk == item.pk), None)
    if index is None or direction not in ("up", "down"):
        raise DomainError(_("This item cannot be moved."), code="move")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    base = min(s.position for s in siblings) if siblings else 0
    for offset, sibling in enumerate(siblings):
        sibling.position = base + offset
    Item.objects.bulk_update(siblings, ["position"])
    record_event(
        actor=actor, verb="bulletins.item_moved", target=locked, data={"item": item.pk, "direction": direction}
    )


# --- Workflow ------------------------------------------------------------------------------------------------


@transaction.atomic
def transition_edition(*, actor: Any, edition: Edition, to: str, reason: str = "") -> Edition:
    """Move the edition through the editorial workflow (``workflow.EDITION_TRANSITIONS``).

    Rules: returning or reopening needs a reason; approval by someone other than the author (rules); publishing
    marks the version it corrects as superseded. Side effects: audit event ``bulletins.edition_<state>`` with the
    reason; on publication, after commit, the PDF task and the sending task are queued.
    """
    locked = _locked(edition)
    current = locked.state
    check_transition(workflow.EDITION_TRANSITIONS, obj=locked, current=current, to=to, actor=actor)
    require_reason(current, to, reason)
    now = timezone.now()
    locked.state = to
    fields = ["state", "updated_at"]
    if to == S.REVIEW:
        locked.submitted_by = actor
        fields.append("submitted_by")
    elif to == S.APPROVED:
        locked.approved_by = actor
        fields.append("approved_by")
    elif to == S.DRAFT:
        locked.approved_by = None
        fields.append("approved_by")
    elif to == S.PUBLISHED:
        locked.published_by, locked.published_at = actor, now
        locked.pdf_state = locked.mail_state = JobState.QUEUED
        fields += ["published_by", "published_at", "pdf_state", "mail_state"]
        if locked.corrects_id:
            Edition.objects.filter(pk=locked.corrects_id).update(superseded_at=now)
    locked.save(update_fields=fields)
    record_event(
        actor=actor,
        verb=f"bulletins.edition_{to}",
        target=locked,
        changes={"state": [current, to]},
        data={"reason": reason.strip()} if reason.strip() else {},
    )
    if to == S.PUBLISHED:
        from proactive.bulletins.services import output  # output imports this module's neighbours

        transaction.on_commit(partial(output.queue_outputs, locked.pk))
    return locked


def submit_edition(*, actor: Any, edition: Edition) -> Edition:
    return transition_edition(actor=actor, edition=edition, to=S.REVIEW)


def approve_edition(*, actor: Any, edition: Edition) -> Edition:
    return transition_edition(actor=actor, edition=edition, to=S.APPROVED)


def publish_edition(*, actor: Any, edition: Edition) -> Edition:
    return transition_edition(actor=actor, edition=edition, to=S.PUBLISHED)


@transaction.atomic
def correct_edition(*, actor: Any, edition: Edition, note: str) -> Edition:
    """A correction of a published edition: a new version in draft with the same content (items copied, images
    shared) and the note that says what was corrected; it goes through the same workflow. The published edition
    stays as it is until the correction is published (then it is marked superseded and links to it).
    Side effects: the new edition and its items; audit event ``bulletins.edition_corrected`` on both.
    """
    locked = _locked(edition)
    require(actor, CORRECT, locked)
    note = text(note, required_message=_("Say what the correction changes."), code="note")
    version = (Edition.objects.filter(year=locked.year, month=locked.month).aggregate(v=Max("version"))["v"] or 0) + 1
    new = Edition.objects.create(
        year=locked.year,
        month=locked.month,
        version=version,
        editorial=locked.editorial,
        statistics=locked.statistics,
        corrects=locked,
        correction_note=note,
        created_by=actor,
    )
    Item.objects.bulk_create(
        Item(
            edition=new,
            kind=i.kind,
            position=i.position,
            award_id=i.award_id,
            opinion_id=i.opinion_id,
            title=i.title,
            body=i.body,
            meta=i.meta,
            link_url=i.link_url,
            link_text=i.link_text,
            image_id=i.image_id,
            image_alt=i.image_alt,
        )
        for i in locked.items.all()
    )
    record_event(
        actor=actor, verb="bulletins.edition_corrected", target=new, data={"corrects": locked.pk, "note": note}
    )
    record_event(actor=actor, verb="bulletins.correction_started", target=locked, data={"correction": new.pk})
    return new
