"""Cron entry point for the rounds' schedule: freezes configurations whose nomination window has opened."""

from django.core.management.base import BaseCommand

from proactive.nominations.services.rounds import freeze_due_configs


class Command(BaseCommand):
    help = "Freeze the configuration of every published round whose nominations have opened (run every few minutes)."

    def handle(self, *args, **options) -> None:
        frozen = freeze_due_configs()
        self.stdout.write(f"Frozen round configurations: {frozen}")
