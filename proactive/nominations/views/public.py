"""Public pages of the selection programme (no sign-in): the 적극행정 게시판 and each round's call page."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from proactive.nominations.enums import RoundPhase
from proactive.nominations.queries import rounds as queries
from proactive.nominations.services.rounds import freeze_due_configs


def _nominate_url(rnd) -> str | None:
    # The nomination pages are built separately; link to them only once their URL exists.
    try:
        return reverse("nominations:nomination-create", args=[rnd.pk])
    except NoReverseMatch:
        return None


def board(request):
    """Open calls (window open or ahead) with their rules, and past rounds."""
    now = timezone.now()
    freeze_due_configs(now)
    calls = queries.with_phase(queries.open_calls(now), now)
    for rnd in calls:
        rnd.nominate_url = _nominate_url(rnd) if rnd.current_phase == RoundPhase.NOMINATIONS_OPEN else None  # type: ignore[attr-defined]
    past = queries.with_phase(queries.past_rounds(now), now)
    return render(request, "nominations/public/board.html", {"calls": calls, "past_rounds": past})


def round_public(request, year: int, half: int):
    """One round's call: text, schedule, phase, rules and the frozen configuration version."""
    now = timezone.now()
    freeze_due_configs(now)
    rnd = queries.public_round(year, half)
    if rnd is None:
        raise Http404
    queries.with_phase([rnd], now)
    nominate_url = _nominate_url(rnd) if rnd.current_phase == RoundPhase.NOMINATIONS_OPEN else None  # type: ignore[attr-defined]
    return render(request, "nominations/public/round.html", {"round": rnd, "nominate_url": nominate_url})
