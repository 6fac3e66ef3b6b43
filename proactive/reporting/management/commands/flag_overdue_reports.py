"""Daily: tell each body's audit officers how many of its reports are past their due date (once per report a day).

Run it from cron or a systemd timer once a working day, e.g. ``manage.py flag_overdue_reports``.
"""

from django.core.management.base import BaseCommand

from proactive.reporting.services.handling import flag_overdue_reports


class Command(BaseCommand):
    help = "Notify the audit officers of overdue passive-administration reports (once per report and day)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_reports()
        self.stdout.write(f"{flagged} overdue report(s) flagged.")
