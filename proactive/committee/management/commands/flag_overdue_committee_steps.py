"""Daily: tell the owner of each overdue step of the committee's yearly reorganisation (the secretariat when it has
none), once per due date.

Run it from cron or a systemd timer once a day, e.g. ``manage.py flag_overdue_committee_steps``.
"""

from django.core.management.base import BaseCommand

from proactive.committee.services.reorganisation import flag_overdue_steps


class Command(BaseCommand):
    help = "Notify the owners of overdue steps of the committee's reorganisation (once per step and due date)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_steps()
        self.stdout.write(f"{flagged} overdue step(s) flagged.")
