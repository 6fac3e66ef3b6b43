"""``manage.py rebuild_search_index [--kind case …] [--batch-size 500]``: re-analyse every public document."""

from django.core.management.base import BaseCommand

from proactive.search.enums import DocumentKind
from proactive.search.services.index import BATCH_SIZE, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the Korean full-text search index from the published records (in batches, one transaction)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", action="append", choices=list(DocumentKind.values), dest="kinds")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options) -> None:
        counts = rebuild_index(actor=None, kinds=options["kinds"], batch_size=options["batch_size"])
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
