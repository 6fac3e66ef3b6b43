"""Year-end expiry of unspent mileage points: ``manage.py expire_mileage --year 2025 [--dry-run]``.

Run it once the year is over (e.g. from cron on 1 January). Running it again posts nothing more. The rule and how
it stays correct while officials keep redeeming are in ``proactive/mileage/services/expiry.py``.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from proactive.mileage.services.expiry import expire_year


class Command(BaseCommand):
    help = "Expire the unspent mileage points of a year whose policy says they expire at the end of the year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the year whose unspent points expire")
        parser.add_argument("--dry-run", action="store_true", help="only count what would expire; write nothing")
        parser.add_argument(
            "--actor", default="", help="username recorded as having run the expiry (default: the system)"
        )
        parser.add_argument(
            "--before-year-end",
            action="store_true",
            help="allow expiring the current year before it has ended (points could still be earned and spent)",
        )

    def handle(self, *args, year: int, dry_run: bool, actor: str, before_year_end: bool, **options) -> None:
        today = timezone.localdate()
        if year > today.year or (year == today.year and not before_year_end and not dry_run):
            raise CommandError(
                f"{year} has not ended yet (today is {today:%Y-%m-%d}). Run it after 31 December, or pass "
                "--before-year-end if you really mean to expire points now."
            )
        user = None
        if actor:
            user = get_user_model().objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user with the username {actor!r}.")
        started = time.monotonic()
        run = expire_year(actor=user, year=year, dry_run=dry_run)
        seconds = time.monotonic() - started
        if not run.expires:
            self.stdout.write(f"The {year} policy keeps unspent points: nothing expires.")
            return
        verb = "would expire" if dry_run else "expired"
        self.stdout.write(
            f"{year}: {run.points} points {verb} for {run.accounts} officials in {seconds:.1f} s.\n"
            f"  points kept because open appeals hold them: {run.held_back}\n"
            f"  officials whose {year} points had already expired in an earlier run: {run.already_expired}"
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Done. Running it again posts nothing more."))
