"""Demo content for the selection of outstanding proactive officials: four rounds, one in each stage, so that every
screen has something on it. Each is simulated through the domain services (``proactive.nominations.simulation``),
so every row is validated and audited like real use. Idempotent: a round that exists is left as it is.

* 2025 H1: the realistic round, announced — 44 nominations, 20 shortlisted, 2,600 voters, 14 officials graded
  over 3/5/2/1 cases; the demo ``official`` is on a winning team (우수) nominated by ``depthead``.
* 2025 H2: in the committee review — scores partly in: ``committee`` and ``chair`` still have cases to score.
* 2026 H1: in the online vote — shortlist confirmed, some ballots cast; ``official`` and ``citizen`` can still vote.
* 2026 H2: nominations open — drafts and submitted nominations, some verified (verification is allowed while the
  window is open) and assigned to reviewers, among them the demo ``reviewer``; one from the demo ``citizen``.
"""

from dataclasses import dataclass

from proactive.accounts.models import User
from proactive.nominations.enums import Half
from proactive.nominations.models import SelectionRound
from proactive.nominations.simulation import SimulationConfig, simulate_round


@dataclass(frozen=True)
class DemoRound:
    year: int
    half: int
    until: str | None
    nominations: int
    voters: int


DEMO_ROUNDS = (
    DemoRound(2025, Half.FIRST, None, 44, 2600),
    DemoRound(2025, Half.SECOND, "committee", 38, 600),
    DemoRound(2026, Half.FIRST, "vote", 40, 250),
    DemoRound(2026, Half.SECOND, "nominations", 24, 0),
)


def write_selection_demo() -> int:
    """Simulate the demo rounds that are missing; return the number of nominations written."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["depthead", "official", "citizen", "committee", "chair"]
        ).select_related("official")
    }
    official = users.get("official")
    written = 0
    for spec in DEMO_ROUNDS:
        if SelectionRound.objects.filter(year=spec.year, half=spec.half).exists():
            continue
        config = SimulationConfig(
            year=spec.year,
            half=spec.half,
            until=spec.until,
            seed=2025,
            nominations=spec.nominations,
            voters=max(1, spec.voters),
            featured_nominator=users.get("depthead"),
            featured_member=official.official if official is not None else None,
            featured_citizen=users.get("citizen") if spec.until == "nominations" else None,
            non_voters=[u for name in ("official", "citizen") if (u := users.get(name))]
            if spec.until == "vote"
            else (),
            partial_scorers=[u for name in ("committee", "chair") if (u := users.get(name))],
        )
        written += simulate_round(config).nominations
    return written
