"""The one search query, with a branch per database vendor (decision 0021).

The terms are Kiwi's content morphemes of the query (``analysis.query_terms``); every term must match (AND).
SQLite: the FTS5 table ``search_fts`` ranked by ``bm25()`` (title 3×, body 1×; lower is better).
PostgreSQL: the weighted ``tsvector`` of migration 0002 (title A, body B, ``simple``) ranked by ``ts_rank_cd``.
Filters (visibility, kind, year) are plain columns. Two queries: the count and the page.
"""

from dataclasses import dataclass

from django.db import connection

from proactive.search.models import SearchDocument

# Keep in step with the index of migration 0002.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, d.title_terms), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, d.body_terms), 'B'))"
)
COLUMNS = "d.id, d.kind, d.source_id, d.title, d.summary, d.url, d.visibility, d.date, d.year, d.subtitle"


@dataclass
class SearchPage:
    total: int
    documents: list[SearchDocument]


def _fts5_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _filters(visibilities: list[str], kinds: list[str], year: int | None) -> tuple[str, list]:
    sql = f" AND d.visibility IN ({', '.join(['%s'] * len(visibilities))})"
    params: list = list(visibilities)
    if kinds:
        sql += f" AND d.kind IN ({', '.join(['%s'] * len(kinds))})"
        params += kinds
    if year:
        sql += " AND d.year = %s"
        params.append(year)
    return sql, params


def _statements(
    terms: list[str], visibilities: list[str], kinds: list[str], year: int | None
) -> tuple[str, list, str, list]:
    """(count SQL, its params, page SQL, its params without LIMIT/OFFSET) for this database."""
    where, filter_params = _filters(visibilities, kinds, year)
    if connection.vendor == "postgresql":
        match = f"{PG_VECTOR} @@ plainto_tsquery('simple'::regconfig, %s)"
        text = " ".join(terms)
        count_sql = f"SELECT COUNT(*) FROM search_searchdocument d WHERE {match}{where}"
        page_sql = (
            f"SELECT {COLUMNS}, ts_rank_cd({PG_VECTOR}, plainto_tsquery('simple'::regconfig, %s)) AS rank"
            f" FROM search_searchdocument d WHERE {match}{where}"
            " ORDER BY rank DESC, d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s"
        )
        return count_sql, [text, *filter_params], page_sql, [text, text, *filter_params]
    if connection.vendor == "sqlite":
        match_text = " AND ".join(_fts5_quote(t) for t in terms)
        base = (
            f"FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE search_fts MATCH %s{where}"
        )
        page_sql = (
            f"SELECT {COLUMNS}, -bm25(search_fts, 3.0, 1.0) AS rank {base}"
            " ORDER BY bm25(search_fts, 3.0, 1.0), d.date DESC, d.id DESC LIMIT %s OFFSET %s"
        )
        return f"SELECT COUNT(*) {base}", [match_text, *filter_params], page_sql, [match_text, *filter_params]
    raise NotImplementedError(connection.vendor)  # pragma: no cover - SQLite and PostgreSQL only


class SearchResults:
    """The matches of a search, best first, as a lazy sequence the paginator can slice: ``count()`` runs the count
    query, a slice runs the page query (``rank`` set on each document, higher is better)."""

    def __init__(
        self, terms: list[str], *, visibilities: list[str], kinds: list[str] | None = None, year: int | None = None
    ) -> None:
        self.empty = not terms or not visibilities
        if not self.empty:
            self._count_sql, self._count_params, self._page_sql, self._page_params = _statements(
                terms, visibilities, list(kinds or []), year
            )
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            if self.empty:
                self._count = 0
            else:
                with connection.cursor() as cursor:
                    cursor.execute(self._count_sql, self._count_params)
                    self._count = int(cursor.fetchone()[0])
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[SearchDocument]:
        if not isinstance(item, slice):
            raise TypeError("SearchResults supports slices only")
        start, stop = item.start or 0, item.stop
        if self.empty or (stop is not None and stop <= start):
            return []
        limit = (stop - start) if stop is not None else 1000
        return list(SearchDocument.objects.raw(self._page_sql, [*self._page_params, limit, start]))


def search_documents(
    terms: list[str],
    *,
    visibilities: list[str],
    kinds: list[str] | None = None,
    year: int | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SearchPage:
    """Documents matching every term, best first, with ``rank`` set on each (higher is better)."""
    results = SearchResults(terms, visibilities=visibilities, kinds=kinds, year=year)
    total = results.count()
    return SearchPage(total, results[offset : offset + limit] if total > offset else [])


def years_with_documents(visibilities: list[str]) -> list[int]:
    """Years that have documents, newest first (the year filter); one query."""
    return list(
        SearchDocument.objects.filter(visibility__in=visibilities, year__isnull=False)  # type: ignore[arg-type]
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
