"""Who may vote in a round's online vote (온라인심사), and who may see and freeze its tally.

Object permissions take a ``SelectionRound``. The running tally is hidden from everyone, the secretariat
included, until the vote window closes; during the window the secretariat sees only the ballot count and the
anomaly flags (``monitor_vote``). See docs/workflows/online-vote.md.
"""

import rules
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, UserKind
from proactive.accounts.rules import is_secretariat
from proactive.nominations.enums import RoundPhase, RoundStatus, Voters


def is_eligible_voter_for(user, selection_round) -> bool:
    """Whether ``user`` belongs to the round's electorate (``round.voters``), whatever the window says.

    Citizens count once their identity is verified; officials count when their account is linked to an
    official who is still in service (active), so retired officials and accounts without an HR record do not.
    """
    if selection_round is None or not user.is_authenticated or not user.is_active:
        return False
    voters = selection_round.voters
    if voters in (Voters.CITIZENS, Voters.BOTH) and getattr(user, "is_verified_citizen", False):
        return True
    if voters in (Voters.OFFICIALS, Voters.BOTH) and getattr(user, "kind", None) == UserKind.OFFICIAL:
        official = getattr(user, "official", None)
        return official is not None and official.status == OfficialStatus.ACTIVE
    return False


@rules.predicate
def is_eligible_voter(user, selection_round) -> bool:
    return is_eligible_voter_for(user, selection_round)


@rules.predicate
def vote_is_open(user, selection_round) -> bool:
    return selection_round is not None and selection_round.phase() == RoundPhase.ONLINE_VOTE


@rules.predicate
def has_not_voted(user, selection_round) -> bool:
    from proactive.nominations.models import Ballot  # rules load before models in the import order

    return not Ballot.objects.filter(round=selection_round, voter_id=user.pk).exists()


@rules.predicate
def vote_window_closed(user, selection_round) -> bool:
    return (
        selection_round is not None
        and selection_round.status != RoundStatus.DRAFT
        and timezone.now() >= selection_round.vote_end_at
    )


rules.add_perm("nominations.cast_ballot", is_eligible_voter & vote_is_open & has_not_voted)
rules.add_perm("nominations.monitor_vote", is_secretariat)
rules.add_perm("nominations.view_tally", is_secretariat & vote_window_closed)
rules.add_perm("nominations.freeze_tally", is_secretariat)
