"""Downloading PubMed records from NCBI E-utilities into a folder that ``omsgraph build`` reads.

NCBI's rules are followed: every request carries ``tool`` and ``email`` (and ``api_key`` when
given); requests are spaced by a rate limiter (at most 3 per second without a key, 10 with
one); a query is run once with ``usehistory=y`` and its records are fetched in batches from
the history server (``WebEnv``/``query_key`` with ``retstart``/``retmax``); HTTP 429 and 5xx
answers and dropped connections are retried with exponential back-off (``Retry-After`` is
honoured). Downloads are resumable: each batch is written atomically as a PubMed XML file,
and PMIDs already present in the folder are not fetched again.

For each batch, ELink's cited-by links are saved beside it (:mod:`omsgraph.ingest.elink`);
a batch file written by an earlier run without its link file gets one on the next run.
Queries with more hits than esearch can list are split by publication date
(:mod:`omsgraph.ingest.esearch`).

The base URL comes from ``$OMSGRAPH_EUTILS_URL`` (default NCBI's), which is how the tests
replay recorded responses from a server on 127.0.0.1.

>>> limiter = RateLimiter(2.0, clock=iter([0.0, 0.1, 0.9]).__next__, sleep=print)
>>> limiter.wait(); limiter.wait(); limiter.wait()
0.4
0.1
>>> rate_limit(api_key=None), rate_limit(api_key="k")
(3.0, 10.0)
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
from lxml import etree

from omsgraph.errors import InputError
from omsgraph.ingest.base import write_atomically
from omsgraph.ingest.elink import fetch_cited_by, is_link_file, link_file_for, save_link_file
from omsgraph.ingest.esearch import search_pubmed
from omsgraph.ingest.xmlrecords import inline_text, iter_xml_records, parse_bytes

DEFAULT_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
URL_ENV = "OMSGRAPH_EUTILS_URL"
EMAIL_ENV = "NCBI_EMAIL"
API_KEY_ENV = "NCBI_API_KEY"
TOOL = "omsgraph"
BATCH = 200                     # records per efetch request
_PMID_IN_BYTES = re.compile(rb"<PMID[^>]*>\s*(\d{1,12})")
_BATCH_FILE = re.compile(r"pubmed-\d+-\d+-\d+\.xml")   # the names fetch gives its batch files


def rate_limit(*, api_key: str | None) -> float:
    """NCBI's limit in requests per second: 10 with an API key, 3 without."""
    return 10.0 if api_key else 3.0


class RateLimiter:
    """At most ``rate`` calls of :meth:`wait` per second: each call waits for its time slot."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(round(self._next - now, 6))
                now = self._next
            self._next = now + self.interval


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What esearch returned: the total count, the IDs and the history-server handles."""

    count: int
    ids: tuple[str, ...]
    webenv: str | None
    query_key: str | None


@dataclass(slots=True)
class FetchReport:
    """Counts of a fetch run."""

    requested: int = 0           # PMIDs asked for (query hits up to --max, or the given list)
    found: int = 0               # hits of the query in PubMed
    fetched: int = 0             # records downloaded now
    skipped: int = 0             # PMIDs already in the folder
    missing: list[str] = field(default_factory=list)   # requested, not returned by efetch
    files: list[Path] = field(default_factory=list)
    requests: int = 0
    linked: int = 0              # records whose cited-by links were fetched now
    citations: int = 0           # cited-by links among them
    link_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # e.g. hits a date-split search could not list

    def summary(self, out_dir: Path | str) -> str:
        parts = [f"fetched {self.fetched} record(s)"]
        if self.skipped:
            parts.append(f"{self.skipped} already in the folder")
        if self.linked:
            parts.append(f"cited-by links of {self.linked} record(s) ({self.citations} link(s))")
        if self.missing:
            parts.append(f"{len(self.missing)} not returned by PubMed")
        if self.found > self.requested:
            parts.append(f"query has {self.found} hits, first {self.requested} requested (--max)")
        return ", ".join(parts) + f" -> {out_dir}"


class EUtils:
    """A small E-utilities client: rate-limited, retrying, identifying itself to NCBI."""

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None, email: str | None = None,
                 tool: str = TOOL, rate: float | None = None, retries: int = 5, backoff: float = 1.0,
                 timeout: float = 60.0, sleep: Callable[[float], object] = time.sleep) -> None:
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/") + "/"
        self.api_key = api_key if api_key is not None else (os.environ.get(API_KEY_ENV) or None)
        self.email = email if email is not None else (os.environ.get(EMAIL_ENV) or None)
        self.tool = tool
        limit = rate_limit(api_key=self.api_key)
        self.limiter = RateLimiter(min(rate, limit) if rate else limit, sleep=sleep)
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.requests = 0
        self._client = httpx.Client(timeout=timeout, follow_redirects=True,
                                    headers={"User-Agent": f"{tool} (https://w3id.org/omsgraph)"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> EUtils:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _params(self, params: Mapping[str, str | Sequence[str]]) -> dict[str, str | Sequence[str]]:
        out = dict(params, tool=self.tool)
        if self.email:
            out["email"] = self.email
        if self.api_key:
            out["api_key"] = self.api_key
        return out

    def request(self, endpoint: str, params: Mapping[str, str | Sequence[str]], *, post: bool = False) -> bytes:
        """The body of a successful answer; 429/5xx/connection errors retried with back-off.

        A list value is sent as that many parameters of one name (``id=1&id=2``).
        """
        url = self.base_url + endpoint
        last = ""
        for attempt in range(self.retries + 1):
            self.limiter.wait()
            self.requests += 1
            delay = self.backoff * (2 ** attempt)
            try:
                if post:
                    response = self._client.post(url, data=self._params(params))
                else:
                    response = self._client.get(url, params=self._params(params))
            except httpx.HTTPError as err:
                last = f"{type(err).__name__}: {err}"
            else:
                if response.status_code == 200:
                    return response.content
                if response.status_code != 429 and response.status_code < 500:
                    raise InputError(f"E-utilities answered HTTP {response.status_code}: "
                                     f"{response.text[:200].strip()}", path=url)
                last = f"HTTP {response.status_code}"
                delay = _retry_after(response.headers.get("Retry-After"), delay)
            if attempt < self.retries:
                self.sleep(min(delay, 120.0))
        raise InputError(f"E-utilities failed after {self.retries + 1} attempts ({last})", path=url)

    def esearch(self, term: str, *, retmax: int, retstart: int = 0, webenv: str | None = None,
                history: bool = True) -> SearchResult:
        """Run a PubMed query (on the history server unless ``history`` is false); IDs ``retstart … + retmax``."""
        params = {"db": "pubmed", "term": term, "retmax": str(retmax), "retstart": str(retstart)}
        if history:
            params["usehistory"] = "y"
        if webenv:
            params["WebEnv"] = webenv
        root = parse_bytes(self.request("esearch.fcgi", params), source=self.base_url + "esearch.fcgi")
        error = inline_text(root.find("ERROR"))
        if error:
            raise InputError(f"PubMed search failed: {error}", path=self.base_url + "esearch.fcgi", record=term)
        if root.tag != "eSearchResult":
            raise InputError(f"unexpected esearch answer <{root.tag}>", path=self.base_url + "esearch.fcgi")
        count = inline_text(root.find("Count"))
        return SearchResult(
            count=int(count) if count.isdigit() else 0,
            ids=tuple(i for i in (inline_text(n) for n in root.iterfind("IdList/Id")) if i.isdigit()),
            webenv=inline_text(root.find("WebEnv")) or None, query_key=inline_text(root.find("QueryKey")) or None,
        )

    def efetch(self, *, ids: Iterable[str] = (), webenv: str | None = None, query_key: str | None = None,
               retstart: int = 0, retmax: int = BATCH) -> tuple[bytes, list[str]]:
        """PubMed XML of a history-server slice or of an ID list (POSTed), with the PMIDs it holds."""
        params = {"db": "pubmed", "retmode": "xml", "rettype": "abstract"}
        id_list = list(ids)
        if id_list:
            params["id"] = ",".join(id_list)
        elif webenv and query_key:
            params.update(WebEnv=webenv, query_key=query_key, retstart=str(retstart), retmax=str(retmax))
        else:
            raise ValueError("efetch needs ids or a WebEnv and query_key")
        data, root = self.request_xml("efetch.fcgi", params, post=bool(id_list))
        if root.tag != "PubmedArticleSet":
            error = inline_text(root.find("ERROR")) or f"<{root.tag}>"
            raise InputError(f"efetch did not return PubMed XML ({error})", path=self.base_url + "efetch.fcgi")
        pmids = [inline_text(p) for p in root.iterfind("*/MedlineCitation/PMID")]
        pmids += [inline_text(p) for p in root.iterfind("*/BookDocument/PMID")]
        return data, [p for p in pmids if p]

    def request_xml(self, endpoint: str, params: Mapping[str, str | Sequence[str]], *,
                    post: bool = False) -> tuple[bytes, etree._Element]:
        """:meth:`request` and parse the answer; an answer cut off mid-XML is asked for again (3 tries)."""
        for attempt in range(3):
            data = self.request(endpoint, params, post=post)
            try:
                return data, parse_bytes(data, source=self.base_url + endpoint)
            except InputError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return default


def pmids_in_folder(folder: Path) -> set[str]:
    """PMIDs of the PubMed XML files already in ``folder`` (unreadable files are ignored)."""
    return {pmid for pmids in pmids_by_file(folder).values() for pmid in pmids}


def pmids_by_file(folder: Path) -> dict[Path, list[str]]:
    """The PMIDs of each PubMed XML file in ``folder`` (cited-by files, hidden and unreadable files left out)."""
    from omsgraph.ingest.detect import open_stream

    found: dict[Path, list[str]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.xml*")):
        if path.name.startswith(".") or is_link_file(path):  # unfinished downloads are hidden; build skips them too
            continue
        pmids: list[str] = []
        try:
            with open_stream(path) as stream:
                for raw in iter_xml_records(stream, ("PubmedArticle", "PubmedBookArticle"), source=str(path),
                                            label=_PMID_IN_BYTES):
                    if raw.label:
                        pmids.append(raw.label)
        except InputError:
            pass
        if pmids:
            found[path] = pmids
    return found


def read_pmid_file(path: str | Path) -> list[str]:
    """PMIDs listed in a file, one per line (``PMID:123``, ``pmid 123`` and ``#`` comments allowed)."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the PMID list ({err})", path=str(path)) from err
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        out.extend(parse_pmids([line], where=f"{path} line {number}"))
    return out


def parse_pmids(values: Iterable[str], *, where: str = "--pmid") -> list[str]:
    """PMIDs from values such as ``"30538297"``, ``"PMID:30538297"`` or ``"1,2 3"``."""
    out = []
    for value in values:
        for token in re.split(r"[\s,;]+", value.strip()):
            if not token:
                continue
            digits = re.sub(r"^(?:pmid|pubmed)\s*:?\s*", "", token, flags=re.I)
            if not digits.isdigit():
                raise InputError(f"{token!r} is not a PMID", path=where)
            out.append(str(int(digits)))
    return out


def _save(out_dir: Path, data: bytes, pmids: list[str]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_atomically(out_dir / f"pubmed-{pmids[0]}-{pmids[-1]}-{len(pmids)}.xml", data)


def fetch_pubmed(
    *,
    query: str | None = None,
    pmids: Iterable[str] = (),
    out_dir: str | Path,
    max_records: int = 500,
    batch_size: int = BATCH,
    api_key: str | None = None,
    email: str | None = None,
    base_url: str | None = None,
    progress: bool | None = None,
    client: EUtils | None = None,
    cited_by: bool = True,
) -> FetchReport:
    """Download the records of ``query`` (first ``max_records``) and/or ``pmids`` into ``out_dir``.

    With ``cited_by``, each batch gets its ELink cited-by file, and batch files of earlier runs
    that lack one get it too.
    """
    from tqdm import tqdm

    if not query and not pmids:
        raise InputError("nothing to fetch: give a query or PMIDs")
    if batch_size < 1 or max_records < 0:
        raise InputError("--batch-size must be positive and --max not negative")
    out = Path(out_dir)
    report = FetchReport()
    own_client = client is None
    eutils = client or EUtils(base_url=base_url, api_key=api_key, email=email)
    try:
        on_disk = pmids_by_file(out)
        known = {pmid for pmids in on_disk.values() for pmid in pmids}
        if cited_by:
            for path, pmids in on_disk.items():
                if _BATCH_FILE.fullmatch(path.name) and not link_file_for(path).exists():
                    _save_links(eutils, path, pmids, report)
        plan: list[tuple[list[str], tuple[str, str, int] | None]] = []   # (PMIDs, history slice)
        if query:
            search = search_pubmed(eutils, query, max_records)
            report.found = search.count
            report.notes += search.notes
            hits = search.ids
            for start in range(0, len(hits), batch_size):
                batch = hits[start:start + batch_size]
                history = (search.webenv, search.query_key, start) if search.webenv and search.query_key else None
                plan.append((batch, history))
            report.requested += len(hits)
        planned = {p for batch, _ in plan for p in batch}
        listed = [p for p in dict.fromkeys(pmids) if p not in planned]
        report.requested += len(listed)
        for start in range(0, len(listed), batch_size):
            plan.append((listed[start:start + batch_size], None))
        bar = tqdm(total=report.requested, unit="record", desc="fetching", file=sys.stderr,
                   disable=None if progress is None else not progress)
        try:
            for batch, history in plan:
                todo = [p for p in batch if p not in known]
                report.skipped += len(batch) - len(todo)
                if todo:
                    if history is not None and len(todo) == len(batch):
                        webenv, query_key, start = history
                        data, got = eutils.efetch(webenv=webenv, query_key=query_key, retstart=start,
                                                  retmax=len(batch))
                    else:
                        data, got = eutils.efetch(ids=todo)
                    if got:
                        saved = _save(out, data, got)
                        report.files.append(saved)
                        known.update(got)
                        if cited_by:
                            _save_links(eutils, saved, got, report)
                    returned = set(got)
                    report.fetched += len(returned & set(todo))
                    report.missing += [p for p in todo if p not in returned]
                bar.update(len(batch))
        finally:
            bar.close()
    finally:
        report.requests = eutils.requests
        if own_client:
            eutils.close()
    return report


def _save_links(eutils: EUtils, batch_file: Path, pmids: list[str], report: FetchReport) -> None:
    data, links = fetch_cited_by(eutils, pmids)
    report.link_files.append(save_link_file(batch_file, data))
    report.linked += len(pmids)
    report.citations += sum(len(citing) for citing in links.values())


__all__ = [
    "API_KEY_ENV", "BATCH", "DEFAULT_URL", "EMAIL_ENV", "EUtils", "FetchReport", "RateLimiter", "SearchResult",
    "URL_ENV", "fetch_pubmed", "parse_pmids", "pmids_by_file", "pmids_in_folder", "rate_limit", "read_pmid_file",
]
