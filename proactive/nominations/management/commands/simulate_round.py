"""``manage.py simulate_round --year 2025 --half 1 [--until STAGE] [--seed N]``: a whole selection round with
realistic numbers, walked through the real services (see ``proactive.nominations.simulation``)."""

import time

from django.core.management.base import BaseCommand, CommandError

from proactive.nominations.simulation import STAGES, SimulationConfig, SimulationError, simulate_round


class Command(BaseCommand):
    help = (
        "Simulate a selection round through every stage with realistic numbers (about 44 nominations, "
        "20 shortlisted, about 2,600 voters, 14 officials graded over 3/5/2/1 cases). Needs the organisation "
        "chart (load_demo loads one); creates the accounts it needs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--half", type=int, choices=[1, 2], required=True)
        parser.add_argument("--until", choices=STAGES, help="Stop after this stage, leaving the round in it now.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--nominations", type=int, default=44)
        parser.add_argument("--shortlist", type=int, default=20)
        parser.add_argument("--voters", type=int, default=2600)
        parser.add_argument("--reviewers", type=int, default=6)
        parser.add_argument("--committee", type=int, default=7)

    def handle(self, *args, **options):
        config = SimulationConfig(
            year=options["year"],
            half=options["half"],
            until=options["until"],
            seed=options["seed"],
            nominations=options["nominations"],
            shortlist=options["shortlist"],
            voters=options["voters"],
            reviewers=options["reviewers"],
            committee=options["committee"],
            log=(lambda line: self.stdout.write(f"  {line}")) if options["verbosity"] > 1 else None,
        )
        started = time.monotonic()
        try:
            result = simulate_round(config)
        except SimulationError as exc:
            raise CommandError(exc.message) from exc
        rnd = result.round
        self.stdout.write(
            f"{rnd.year} H{rnd.half}: {result.nominations} nominations, {result.ballots} ballots; "
            f"phase now: {rnd.phase()} ({time.monotonic() - started:.1f} s)"
        )
        if result.awards:
            parts = [
                f"{grade} {result.awards[grade]} cases/{result.awarded_officials[grade]} officials"
                for grade in result.awards
            ]
            self.stdout.write("Awards: " + ", ".join(parts))
