"""The PMIDs of a PubMed query, also past the 9,999 hits one esearch query can be paged through.

esearch lists at most the first 9,999 hits of a PubMed query (``retstart`` stops there). When
a query has more hits and more are wanted, it is split by publication date: the query is
asked again with ``AND ("YYYY/MM/DD"[PDAT] : "YYYY/MM/DD"[PDAT])`` appended, and every range
with more than 9,999 hits is cut in two, until each range can be listed whole. Newer ranges
are listed first, and listing stops as soon as enough PMIDs are known. These PMIDs are then
fetched by ID list (POST), not from the history server.

A single publication day with more than 9,999 hits cannot be split further; its first 9,999
PMIDs are taken and a note says so.

>>> date_clause(date(2020, 1, 1), date(2020, 6, 30))
'("2020/01/01"[PDAT] : "2020/06/30"[PDAT])'
>>> halves(date(2020, 1, 1), date(2020, 1, 4))
((datetime.date(2020, 1, 3), datetime.date(2020, 1, 4)), (datetime.date(2020, 1, 1), datetime.date(2020, 1, 2)))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from omsgraph.ingest.eutils import EUtils

SEARCH_PAGE = 10_000            # the most IDs one esearch request returns
LIMIT = 9_999                   # the most hits of one query esearch lets a client list
FIRST_DAY = date(1700, 1, 1)    # before PubMed's oldest records


@dataclass(slots=True)
class Hits:
    """The PMIDs of a query (in PubMed's order, newest date ranges first when it was split)."""

    count: int
    ids: list[str]
    webenv: str | None = None           # history-server handles, only when the query was not split
    query_key: str | None = None
    notes: list[str] = field(default_factory=list)


def date_clause(first: date, last: date) -> str:
    """A PubMed publication-date range, both days included."""
    return f'("{first:%Y/%m/%d}"[PDAT] : "{last:%Y/%m/%d}"[PDAT])'


def halves(first: date, last: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The later and the earlier half of a range of at least two days."""
    middle = first + timedelta(days=(last - first).days // 2)
    return (middle + timedelta(days=1), last), (first, middle)


def search_pubmed(eutils: EUtils, query: str, max_records: int, *, today: date | None = None) -> Hits:
    """Up to ``max_records`` PMIDs of ``query``, split by publication date when that is needed."""
    first = eutils.esearch(query, retmax=min(max_records, SEARCH_PAGE))
    hits = Hits(first.count, list(dict.fromkeys(first.ids)), first.webenv, first.query_key)
    wanted = min(max_records, first.count)
    if len(hits.ids) >= wanted:
        del hits.ids[wanted:]
        return hits
    if wanted <= LIMIT:  # pages of one query reach it
        while len(hits.ids) < wanted:
            page = eutils.esearch(query, retmax=min(wanted - len(hits.ids), SEARCH_PAGE), retstart=len(hits.ids),
                                  webenv=first.webenv)
            if not page.ids:
                break
            hits.ids.extend(page.ids)
        return hits
    last_day = date((today or date.today()).year + 5, 12, 31)
    return _split_by_date(eutils, query, wanted, Hits(first.count, []), last_day)


def _split_by_date(eutils: EUtils, query: str, wanted: int, hits: Hits, last_day: date) -> Hits:
    seen: dict[str, None] = {}
    ranges = [(FIRST_DAY, last_day)]
    while ranges and len(seen) < wanted:
        first, last = ranges.pop()
        term = f"({query}) AND {date_clause(first, last)}"
        result = eutils.esearch(term, retmax=LIMIT, history=False)
        if result.count > LIMIT and first < last:
            ranges.extend(reversed(halves(first, last)))   # the later half is listed first
            continue
        if result.count > LIMIT:
            hits.notes.append(f"{result.count} hits were published on {first:%Y/%m/%d}: only {len(result.ids)} of "
                              "them can be listed")
        seen.update(dict.fromkeys(result.ids))
    hits.ids = list(seen)[:wanted]
    if len(hits.ids) < wanted:
        hits.notes.append(f"publication-date ranges listed {len(hits.ids)} of the {wanted} hits wanted")
    return hits


__all__ = ["FIRST_DAY", "Hits", "LIMIT", "SEARCH_PAGE", "date_clause", "halves", "search_pubmed"]
