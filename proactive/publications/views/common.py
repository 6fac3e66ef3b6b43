"""What the publication screens share: access (404 for what one may not see), refusals, the timeline labels."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import pgettext_lazy

from proactive.publications.editorial import EditorialState as S

EVENT_LABELS: dict[str, Any] = {
    "created": pgettext_lazy("publication timeline", "Created"),
    "updated": pgettext_lazy("publication timeline", "Details changed"),
    "case_added": pgettext_lazy("publication timeline", "Case added"),
    "case_removed": pgettext_lazy("publication timeline", "Case removed"),
    "case_moved": pgettext_lazy("publication timeline", "Case moved"),
    "photos_set": pgettext_lazy("publication timeline", "Photo choice changed"),
    "mask_decided": pgettext_lazy("publication timeline", "Mask decided"),
    "generation_requested": pgettext_lazy("publication timeline", "Generation requested"),
    "generated": pgettext_lazy("publication timeline", "Files generated"),
    "review": pgettext_lazy("publication timeline", "Submitted for review"),
    "draft": pgettext_lazy("publication timeline", "Returned to draft"),
    "approved": pgettext_lazy("publication timeline", "Approved"),
    "published": pgettext_lazy("publication timeline", "Published"),
    "correction_started": pgettext_lazy("publication timeline", "Created as a correction"),
}


def visible_or_404(request, obj: Any, permission: str) -> Any:
    """Staff pages: the object if the user may see it; a 404 otherwise."""
    if obj is None or not request.user.has_perm(permission, obj):
        raise Http404
    return obj


def public_or_staff(request, obj: Any, permission: str) -> Any:
    """Files of a publication: everyone once published, the staff before."""
    if obj is None:
        raise Http404
    if obj.state == S.PUBLISHED or request.user.has_perm(permission, obj):
        return obj
    raise Http404


def done(request, message: Any, url_name: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(url_name, pk)


def timeline(obj: Any) -> list[dict[str, Any]]:
    from proactive.audit.models import AuditEvent  # the audit trail is the timeline

    events = AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk)).order_by("-pk")[:50]
    out = []
    for event in events:
        verb = event.verb.rsplit(".", 1)[-1]
        out.append(
            {
                "at": event.occurred_at,
                "who": event.actor_label,
                "what": EVENT_LABELS.get(verb, event.verb),
                "reason": (event.data or {}).get("reason", ""),
            }
        )
    return out


def workflow_perms(user: Any, obj: Any, kind: str) -> dict[str, bool]:
    """What the workflow box offers ``user`` on ``obj`` (``kind``: casebook or cardset)."""
    steps = ("submit", "return", "approve", "publish", "correct", "edit", "generate")
    return {step: user.has_perm(f"publications.{step}_{kind}", obj) for step in steps}
