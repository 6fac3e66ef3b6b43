"""Writes of the online vote (온라인심사): casting a ballot and freezing the tally into stage results.

One ballot per person per round is enforced by the database (``one_ballot_per_person_per_round``); the checks
here give friendly messages, the constraint is the final guard against double submits and races. The picks are
never written to the audit log. See docs/workflows/online-vote.md.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import RoundPhase
from proactive.nominations.models import (
    VOTE_STRIPES,
    Ballot,
    BallotPick,
    Nomination,
    SelectionRound,
    StageResult,
    VoteCount,
)
from proactive.nominations.queries.vote import anomaly_flags, count_picks, running_counts, tally
from proactive.nominations.rules.vote import is_eligible_voter_for

__all__ = ["AlreadyVotedError", "anomaly_flags", "cast_ballot", "count_picks", "freeze_tally", "tally"]

VOTE_STAGE = "vote"
FORMULA = "votes / max votes × weight"
_POINTS = Decimal("0.0001")


class AlreadyVotedError(DomainError):
    def __init__(self) -> None:
        super().__init__(_("You have already voted in this round."), code="already_voted")


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def cast_ballot(
    *, actor: Any, round: SelectionRound, nomination_ids: Iterable[int], now: datetime.datetime | None = None
) -> Ballot:
    """Record ``actor``'s ballot in ``round``: between 1 and ``round.picks_per_ballot`` distinct shortlisted
    nominations of that round, while the online vote is open, by a member of the round's electorate.

    Side effects: one Ballot and its BallotPicks, in one transaction; an audit event with the number of picks
    only. A second ballot by the same person (double submit, a race) raises ``AlreadyVotedError``.
    """
    now = now or timezone.now()
    if not is_eligible_voter_for(actor, round):
        raise PermissionDeniedError(_("You are not eligible to vote in this round."), code="not_eligible")
    if round.phase(now) != RoundPhase.ONLINE_VOTE:
        raise DomainError(
            _("The online vote for %(round)s is not open now (window: %(opens)s – %(closes)s).")
            % {"round": round.title, "opens": _local(round.vote_start_at), "closes": _local(round.vote_end_at)},
            code="window_closed",
        )
    ids = sorted({int(i) for i in nomination_ids})
    if not ids:
        raise DomainError(_("Choose at least one case."), code="no_picks")
    if len(ids) > round.picks_per_ballot:
        raise DomainError(
            ngettext("Choose at most %(count)s case.", "Choose at most %(count)s cases.", round.picks_per_ballot)
            % {"count": round.picks_per_ballot},
            code="too_many_picks",
        )
    shortlisted = Nomination.objects.filter(round=round, shortlisted=True, pk__in=ids).count()
    if shortlisted != len(ids):
        raise DomainError(_("You can only choose cases shortlisted for this vote."), code="not_shortlisted")
    try:  # a second ballot (double submit, a race) breaks the unique (round, voter) constraint: one check, no race
        with transaction.atomic():
            ballot = Ballot.objects.create(round=round, voter=actor, cast_at=now)
            BallotPick.objects.bulk_create([BallotPick(ballot=ballot, nomination_id=i) for i in ids])
            # The running counts (one stripe per ballot, so concurrent ballots rarely share a row).
            VoteCount.objects.filter(nomination_id__in=ids, stripe=ballot.pk % VOTE_STRIPES).update(
                votes=F("votes") + 1
            )
            # The picks stay out of the audit log: it records that a ballot was cast, not how.
            record_event(actor=actor, verb="nominations.ballot_cast", target=round, data={"picks": len(ids)})
    except IntegrityError as exc:
        raise AlreadyVotedError() from exc
    return ballot


def _points(votes: int, max_votes: int, weight: Decimal) -> Decimal:
    if not max_votes:
        return Decimal("0")
    return (Decimal(votes) / Decimal(max_votes) * weight).quantize(_POINTS, rounding=ROUND_HALF_UP)


def freeze_tally(*, actor: Any, round: SelectionRound, now: datetime.datetime | None = None) -> list[StageResult]:
    """Freeze the vote's result once the window has closed: a StageResult(stage="vote") per shortlisted
    nomination with raw = votes, points = votes / max votes × round.weight_vote (0 when nobody voted), the rank
    (equal votes share a rank) and the inputs; sets ``round.tally_frozen_at``. Refused a second time.

    Side effects: the stage results, the round's frozen moment, an audit event.
    """
    now = now or timezone.now()
    if not actor.has_perm("nominations.freeze_tally", round):
        raise PermissionDeniedError(_("You do not have permission to do this."))
    if now < round.vote_end_at:
        raise DomainError(
            _("The tally can only be frozen after the vote closes (%(closes)s).")
            % {"closes": _local(round.vote_end_at)},
            code="vote_open",
        )
    with transaction.atomic():
        locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
        if locked.tally_frozen_at is not None:
            raise DomainError(_("The tally of this round has already been frozen."), code="already_frozen")
        rows = count_picks(locked)  # the picks themselves, not the running counts
        counted = running_counts(locked)
        counts_agree = counted is None or counted == {n.pk: votes for n, votes in rows}
        ballots = Ballot.objects.filter(round=locked).count()
        max_votes = max((votes for _n, votes in rows), default=0)
        results: list[StageResult] = []
        rank, previous = 0, None
        for position, (nomination, votes) in enumerate(rows, start=1):
            if votes != previous:
                rank, previous = position, votes
            results.append(
                StageResult(
                    nomination=nomination,
                    stage=VOTE_STAGE,
                    raw=Decimal(votes),
                    points=_points(votes, max_votes, locked.weight_vote),
                    rank=rank,
                    detail={"votes": votes, "ballots": ballots, "max_votes": max_votes, "formula": FORMULA},
                    confirmed_by=actor,
                )
            )
        StageResult.objects.bulk_create(results)
        locked.tally_frozen_at = now
        locked.save(update_fields=["tally_frozen_at", "updated_at"])
        record_event(
            actor=actor,
            verb="nominations.tally_frozen",
            target=locked,
            changes={"tally_frozen_at": [None, now.isoformat()]},
            data={"ballots": ballots, "nominations": len(results), "running_counts_agree": counts_agree},
        )
    round.tally_frozen_at = now
    return results
