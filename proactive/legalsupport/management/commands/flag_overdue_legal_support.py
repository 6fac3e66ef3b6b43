"""Daily: tell the accountable officers how many legal-support fact-findings are past their due date (once per
application a day).

Run it from cron or a systemd timer once a working day, e.g. ``manage.py flag_overdue_legal_support``.
"""

from django.core.management.base import BaseCommand

from proactive.legalsupport.services.applications import flag_overdue_applications


class Command(BaseCommand):
    help = "Notify the accountable officers of overdue legal-support fact-findings (once per application and day)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_applications()
        self.stdout.write(f"{flagged} overdue fact-finding(s) flagged.")
