"""Campaigns and promotion activities (홍보·캠페인, DOMAIN.md §4.10): recorded by the secretariat with their dates,
place or channel, reach (participants, views), materials (files in ``documents``, links) and the selected cases
they feature.

Side effects: the activity row, its files stored through ``documents.services.store_upload`` (purpose
``outreach.material``), an audit event ``outreach.activity_created`` / ``outreach.activity_changed``.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError
from proactive.documents.services import store_upload
from proactive.nominations.models import Nomination
from proactive.outreach.enums import ActivityKind
from proactive.outreach.models import Activity
from proactive.outreach.rules import MATERIAL_PURPOSE
from proactive.outreach.services.common import MATERIAL_KINDS, MAX_FILES, clean_links, require, required_text

MANAGE = "outreach.manage_activities"
FIELDS = ["kind", "title", "description", "starts_on", "ends_on", "place", "participants", "views", "links"]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kind") not in ActivityKind.values:
        raise DomainError(_("Please choose the kind of activity."), code="kind_required")
    if not data.get("starts_on"):
        raise DomainError(_("Please give the date."), code="date_required")
    ends_on = data.get("ends_on")
    if ends_on and ends_on < data["starts_on"]:
        raise DomainError(_("The last day cannot be before the first."), code="ends_before_start")
    for name in ("participants", "views"):
        value = data.get(name)
        if value is not None and value < 0:
            raise DomainError(_("Reach cannot be negative."), code="negative_reach")
    return {
        "kind": data["kind"],
        "title": required_text(data.get("title"), message=_("Please give a title."), code="title_required", limit=200),
        "description": str(data.get("description") or "").strip()[:5000],
        "starts_on": data["starts_on"],
        "ends_on": ends_on or None,
        "place": str(data.get("place") or "").strip()[:200],
        "participants": data.get("participants"),
        "views": data.get("views"),
        "links": clean_links(data.get("links")),
    }


def _store(actor: Any, activity: Activity, files: Sequence[Any]) -> list:
    if len(files) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many_files")
    documents = [
        store_upload(actor=actor, uploaded_file=f, purpose=MATERIAL_PURPOSE, allowed=MATERIAL_KINDS) for f in files
    ]
    if documents:
        activity.materials.add(*documents)
    return documents


def _cases(cases: Sequence[Nomination] | None) -> list[Nomination]:
    return list(cases or [])


@transaction.atomic
def create_activity(
    *, actor: Any, data: dict[str, Any], files: Sequence[Any] = (), cases: Sequence[Nomination] | None = None
) -> Activity:
    """Record a promotion activity. Only the secretariat. Raises ``DomainError`` on bad input (nothing stored)."""
    require(actor, MANAGE)
    activity = Activity.objects.create(created_by=actor, **_clean(data))
    activity.cases.set(_cases(cases))
    stored = _store(actor, activity, files)
    record_event(
        actor=actor,
        verb="outreach.activity_created",
        target=activity,
        data={"kind": activity.kind, "files": len(stored), "cases": [c.pk for c in _cases(cases)]},
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: Any,
    activity: Activity,
    data: dict[str, Any],
    files: Sequence[Any] = (),
    cases: Sequence[Nomination] | None = None,
    remove_materials: Sequence[Any] = (),
) -> Activity:
    """Change an activity, add files, drop files from it and set its featured cases. Only the secretariat."""
    require(actor, MANAGE)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    before = snapshot(locked, FIELDS)
    for name, value in _clean(data).items():
        setattr(locked, name, value)
    locked.save()
    if cases is not None:
        locked.cases.set(_cases(cases))
    removed = [d for d in remove_materials if locked.materials.filter(pk=d.pk).exists()]
    if removed:
        locked.materials.remove(*removed)
    stored = _store(actor, locked, files)
    record_event(
        actor=actor,
        verb="outreach.activity_changed",
        target=locked,
        changes=diff(locked, before, FIELDS),
        data={"files_added": len(stored), "files_removed": len(removed)},
    )
    return locked
