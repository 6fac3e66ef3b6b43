"""Demo for search and the import of past cases (issue 7).

1. The secretariat's archive file ``proactive/demo/data/archive_2020_2021.csv`` (selected cases of 2020 and 2021, as
   the secretariat keeps them) is checked (dry run) and imported through ``nominations.services.archive``. Those
   cases are already in the demo's history (``demo.history`` wrote the programme's past files, whose totals
   reproduce Busan's published figures), so the import matches each row to its case and skips it: it shows the
   import's idempotency without changing the published totals. Rows for a new past case would be created.
2. The search index is rebuilt from everything the demo published (``search.services.index.rebuild_index``): the
   history is written with bulk inserts, which no receiver sees.

Idempotent: the import skips what is there (and records nothing when nothing changed); the index is rebuilt only
when it does not hold one document per published source.
"""

from pathlib import Path

from django.db.models import Count

from proactive.accounts.models import User
from proactive.nominations.services.archive import check_archive, import_archive, read_table
from proactive.search.models import SearchDocument
from proactive.search.services.index import rebuild_index
from proactive.search.sources import SOURCES

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive_2020_2021.csv"


def write_search_demo() -> dict:
    """Import the archive file (dry run first) and rebuild the search index. Returns the counts."""
    secretariat = User.objects.filter(username="secretariat").first()
    result: dict = {}
    if secretariat is not None and ARCHIVE.exists():
        with ARCHIVE.open("rb") as fh:
            check = check_archive(fh, ARCHIVE.name)
        result["archive_errors"] = len(check.errors)
        if not check.errors:
            with ARCHIVE.open("rb") as fh:
                table = read_table(fh, ARCHIVE.name)
            result["archive"] = import_archive(
                actor=secretariat, table=table, filename=ARCHIVE.name, names_consented=True
            )
    published = {str(kind): len(list(source.all_ids())) for kind, source in SOURCES.items()}
    indexed = dict(SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    current = all(indexed.get(kind, 0) == count for kind, count in published.items())
    result["index"] = published if current else rebuild_index(actor=secretariat)
    return result
