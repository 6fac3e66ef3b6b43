"""Daily: tell whoever owes the next step of an exemption review that its deadline passed (once per application a
day). Run it from cron or a systemd timer once a working day: ``manage.py flag_overdue_exemptions``."""

from django.core.management.base import BaseCommand

from proactive.protection.services.overdue import flag_overdue_exemptions


class Command(BaseCommand):
    help = "Notify whoever owes the next step of overdue exemption reviews (once per application and day)."

    def handle(self, *args, **options) -> None:
        flagged = flag_overdue_exemptions()
        self.stdout.write(f"{flagged} overdue exemption application(s) flagged.")
