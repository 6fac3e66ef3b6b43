"""The agenda kind the committee registers itself: the final evaluation of a selection round of outstanding
proactive officials (``nominations``), whose grades the committee confirms.

The nominations app runs the committee stage on its own pages (scores, ranking, the chair's confirmation of the
grades); the committee's agenda item is the meeting's record of it: tabled by the secretariat from the queue, linked
to the round's committee-stage page, decided ``grades_confirmed``. Deciding records an audit event on the round
and changes nothing in the nominations app.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from proactive.audit.services import record_event
from proactive.committee.agenda import AgendaKind, register_kind

SELECTION_ROUND = "selection_round"
GRADES_CONFIRMED = "grades_confirmed"


def selection_round_url(pk: int) -> str:
    return reverse("nominations:committee-ranking", args=[pk])


def selection_round_decided(*, actor: Any, item: Any) -> None:
    from proactive.nominations.models import SelectionRound  # the round is read only to name the audit target

    selection_round = SelectionRound.objects.filter(pk=item.subject_id).first()
    if selection_round is None:
        return
    record_event(
        actor=actor,
        verb="committee.selection_round_evaluated",
        target=selection_round,
        data={
            "item": item.pk,
            "decision": item.decision_number,
            "meeting": item.meeting.number if item.meeting else None,
        },
    )


def register_kinds() -> None:
    register_kind(
        AgendaKind(
            key=SELECTION_ROUND,
            label=_("Selection of outstanding officials: final evaluation"),
            outcomes=[(GRADES_CONFIRMED, _("Grades confirmed"))],
            subject_url=selection_round_url,
            on_decided=selection_round_decided,
        )
    )


def round_title(selection_round: Any) -> str:
    """``2025년 상반기 적극행정 우수공무원 선발 최종 평가``: how the item reads on the agenda."""
    half = "상반기" if selection_round.half == 1 else "하반기"
    return f"{selection_round.year}년 {half} 적극행정 우수공무원 선발 최종 평가"


def rounds_to_table() -> list[Any]:
    """Published rounds (tally frozen or not) whose final evaluation is not before the committee or decided yet."""
    from proactive.committee.models import AgendaItem  # kinds load before the models in the app's ready()
    from proactive.nominations.enums import RoundStatus
    from proactive.nominations.models import SelectionRound

    taken = AgendaItem.objects.filter(kind=SELECTION_ROUND).exclude(state="withdrawn").values("subject_id")
    return list(
        SelectionRound.objects.exclude(status=RoundStatus.DRAFT).exclude(pk__in=taken).order_by("-year", "-half")
    )
