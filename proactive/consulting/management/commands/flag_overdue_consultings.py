"""Daily: flag overdue pre-consulting requests (their reviewers are told, once per request and day) and remind
requesters who have not reported how they acted on an opinion (once per opinion).

Run it from cron or a systemd timer once a working day: ``manage.py flag_overdue_consultings``.
"""

from django.core.management.base import BaseCommand

from proactive.consulting.services.review import flag_overdue_consultings, remind_implementation


class Command(BaseCommand):
    help = "Flag overdue pre-consulting requests and remind requesters to report the implementation."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_consultings()
        reminded = remind_implementation()
        self.stdout.write(f"{flagged} overdue request(s) flagged, {reminded} implementation reminder(s) sent.")
