"""Daily: tell the secretariat how many requests to the committee are past their due date (once per request a day).

Run it from cron or a systemd timer once a working day, e.g. ``manage.py flag_overdue_opinions``.
"""

from django.core.management.base import BaseCommand

from proactive.opinions.services.requests import flag_overdue_opinions


class Command(BaseCommand):
    help = "Notify the secretariat of overdue opinion requests and ratifications (once per request and day)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_opinions()
        self.stdout.write(f"{flagged} overdue request(s) flagged.")
