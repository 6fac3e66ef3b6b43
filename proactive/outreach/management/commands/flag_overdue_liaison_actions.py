"""Daily: tell the secretariat how many action items of liaison meetings are past their due date (once per item a
day).

Run it from cron or a systemd timer once a working day, e.g. ``manage.py flag_overdue_liaison_actions``.
"""

from django.core.management.base import BaseCommand

from proactive.outreach.services.liaison import flag_overdue_actions


class Command(BaseCommand):
    help = "Notify the secretariat of overdue action items of liaison meetings (once per item and day)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_actions()
        self.stdout.write(f"{flagged} overdue action item(s) flagged.")
