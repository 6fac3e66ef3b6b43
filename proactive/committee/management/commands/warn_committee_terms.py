"""Daily: warn the secretariat and the member, once, that a committee member's term of office ends within the
configured number of days (``CommitteeSettings.warn_days``).

Run it from cron or a systemd timer once a day, e.g. ``manage.py warn_committee_terms``.
"""

from django.core.management.base import BaseCommand

from proactive.committee.services.roster import warn_terms


class Command(BaseCommand):
    help = "Warn the secretariat and the members of committee terms of office ending soon (once per term)."

    def handle(self, *args, **options) -> None:
        warned = warn_terms()
        self.stdout.write(f"{warned} term(s) ending soon warned about.")
