"""How the opinions app puts matters before the committee (``committee.agenda``): two agenda kinds.

- ``opinion``: outcomes ``opinion_issued`` (the resolution becomes the committee's opinion) and ``returned`` (back
  to the requester for more information);
- ``ratification``: outcomes ``ratified`` and ``not_ratified``.

``on_decided`` and ``on_withdrawn`` move the request (``services.requests``); ``can_view`` lets the committee's pages
(the item, its resolution PDF) admit whoever may view the request, the requester above all; ``can_challenge`` lets
only the requester challenge (기피) a member called to decide it.
"""

import dataclasses
from typing import Any

from django.urls import reverse

from proactive.committee.agenda import AgendaKind, register_kind
from proactive.opinions.enums import CommitteeOutcome, RequestKind
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import requests as services
from proactive.opinions.services.common import may

Outcome = CommitteeOutcome


def _subject_url(pk: int) -> str:
    return reverse("opinions:request-detail", args=[pk])


def can_view(user: Any, subject_id: int) -> bool:
    """Whether ``user`` may see the matter (and so the committee's resolution on it): ``opinions.view_request``."""
    request = OpinionRequest.objects.filter(pk=subject_id).first()
    return request is not None and may(user, "opinions.view_request", request)


def can_challenge(user: Any, subject_id: int) -> bool:
    """Only the requester may challenge (기피) a member called to decide their request."""
    request = OpinionRequest.objects.filter(pk=subject_id).first()
    return (
        request is not None
        and getattr(user, "is_authenticated", False)
        and not user.is_superuser
        and request.requester_id == user.pk
    )


def register_agenda_kinds() -> None:
    fields = {f.name for f in dataclasses.fields(AgendaKind)}
    optional: dict[str, Any] = {}
    if "can_view" in fields:
        optional["can_view"] = can_view
    if "can_challenge" in fields:
        optional["can_challenge"] = can_challenge
    register_kind(
        AgendaKind(
            key=RequestKind.OPINION.value,
            label=RequestKind.OPINION.label,
            outcomes=[
                (Outcome.OPINION_ISSUED, Outcome.OPINION_ISSUED.label),
                (Outcome.RETURNED, Outcome.RETURNED.label),
            ],
            subject_url=_subject_url,
            on_decided=services.on_decided,
            on_withdrawn=services.on_withdrawn,
            **optional,
        )
    )
    register_kind(
        AgendaKind(
            key=RequestKind.RATIFICATION.value,
            label=RequestKind.RATIFICATION.label,
            outcomes=[(Outcome.RATIFIED, Outcome.RATIFIED.label), (Outcome.NOT_RATIFIED, Outcome.NOT_RATIFIED.label)],
            subject_url=_subject_url,
            on_decided=services.on_decided,
            on_withdrawn=services.on_withdrawn,
            **optional,
        )
    )
