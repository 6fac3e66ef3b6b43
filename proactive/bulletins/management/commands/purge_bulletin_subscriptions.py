"""Delete citizens' bulletin addresses not confirmed within seven days (PIPA: kept no longer than needed)."""

from django.core.management.base import BaseCommand

from proactive.bulletins.services.subscriptions import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete citizens' bulletin subscriptions not confirmed within seven days."

    def handle(self, *args, **options) -> None:
        count = purge_unconfirmed()
        self.stdout.write(f"{count} unconfirmed subscription(s) deleted.")
