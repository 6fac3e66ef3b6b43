"""Delete closed reports whose retention period has passed: ``manage.py purge_reports [--dry-run]``.

Run it daily (e.g. from cron). Running it again deletes nothing more. The rule is in
``proactive/reporting/services/retention.py``; the periods are the centre's settings.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from proactive.reporting.enums import Outcome
from proactive.reporting.services.retention import expired, purge_expired


class Command(BaseCommand):
    help = "Delete the closed passive-administration reports whose retention period has passed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
        parser.add_argument("--actor", default="", help="username recorded as having run the purge (default: system)")

    def handle(self, *args, dry_run: bool, actor: str, **options) -> None:
        user = None
        if actor:
            user = get_user_model().objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user with the username {actor!r}.")
        if dry_run:
            counts = {o: expired().filter(outcome=o).count() for o in Outcome}
            self.stdout.write(self._line("would be purged", counts, sum(counts.values())))
            self.stdout.write("Dry run: nothing was deleted.")
            return
        result = purge_expired(actor=user)
        self.stdout.write(self._line("purged", result.by_outcome, result.reports))
        self.stdout.write(f"Stored files deleted: {result.files_deleted} (already missing: {result.files_missing})")
        self.stdout.write(self.style.SUCCESS("Done. Running it again deletes nothing more."))

    @staticmethod
    def _line(verb: str, counts, total: int) -> str:
        parts = ", ".join(f"{o.value} {counts.get(o.value, 0)}" for o in Outcome)
        return f"Reports {verb}: {total} ({parts})"
