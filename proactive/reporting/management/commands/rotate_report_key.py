"""Re-seal every report with the first key of PROACTIVE_REPORT_KEYS (see proactive.reporting.services.keys)."""

from django.core.management.base import BaseCommand

from proactive.reporting.services.keys import rotate_report_key


class Command(BaseCommand):
    help = "Re-seal report contents, messages, action notes and files with the current (first) report key."

    def handle(self, *args, **options):
        done = rotate_report_key(actor=None)
        self.stdout.write(
            f"Re-sealed: {done.reports} reports, {done.messages} messages, {done.actions} action notes, "
            f"{done.attachments} files."
        )
