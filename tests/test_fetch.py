"""``omsgraph fetch`` end to end against recorded E-utilities responses served on 127.0.0.1.

The server replays the recorded esearch reply and assembles efetch replies from recorded
PubmedArticle records (by history-server slice or by ID list), the way NCBI does. It logs
every request with its arrival time, so the tests check what the client sent: tool/email,
WebEnv batches, the retry after a 429, fewer requests on a resumed run, request spacing.

ELink answers are assembled from recorded cited-by LinkSets: one LinkSet per ``id=``
parameter, and, as NCBI does, one merged LinkSet for a comma-separated ``id``. A synthetic
query (:data:`BIG_QUERY`) has 25,000 hits with publication dates; the server answers its
date-restricted forms by counting, and refuses to list past the 9,999th hit as NCBI does.
"""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.errors import InputError
from omsgraph.ingest.elink import fetch_cited_by, link_file_for, parse_cited_by
from omsgraph.ingest.esearch import search_pubmed
from omsgraph.ingest.eutils import EUtils, fetch_pubmed, parse_pmids, pmids_in_folder, read_pmid_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "eutils"
ESEARCH = (FIXTURES / "esearch.xml").read_bytes()
ESEARCH_ERROR = (FIXTURES / "esearch_error.xml").read_bytes()
POOL = (FIXTURES / "efetch_records.xml").read_bytes()
RECORDS = {re.search(rb"<PMID[^>]*>(\d+)", r).group(1).decode(): r
           for r in re.findall(rb"<PubmedArticle>.*?</PubmedArticle>", POOL, re.S)}
HITS = re.findall(rb"<Id>(\d+)</Id>", ESEARCH)
WEBENV = re.search(rb"<WebEnv>([^<]+)", ESEARCH).group(1).decode()
HEADER = POOL[: POOL.index(b"<PubmedArticleSet>")]
ELINK = (FIXTURES / "elink_citedin.xml").read_bytes()
ELINK_HEADER = ELINK[: ELINK.index(b"<eLinkResult>")]
LINK_SETS = {re.search(rb"<Id>(\d+)</Id>", s).group(1).decode(): s
             for s in re.findall(rb"<LinkSet>.*?</LinkSet>", ELINK, re.S)}
CITED_BY = parse_cited_by(ELINK, source="fixture")

# A query with 25,000 hits: PMID 20000000 + n published n * 7 // 20 days after 1990/01/01 (1990-2013).
BIG_QUERY = "kinase signalling"
BIG = [(date(1990, 1, 1) + timedelta(days=n * 7 // 20), str(20_000_000 + n)) for n in range(25_000)]
BIG_SET = {pmid for _, pmid in BIG}
_PDAT = re.compile(r'^\((.*)\) AND \("(\d{4})/(\d\d)/(\d\d)"\[PDAT\] : "(\d{4})/(\d\d)/(\d\d)"\[PDAT\]\)$')


def big_search(term: str, records: list[tuple[date, str]] = BIG) -> list[str]:
    """The hits of the synthetic query (newest first), also restricted to a publication-date range."""
    first, last = date.min, date.max
    found = _PDAT.match(term)
    if found:
        term = found.group(1)
        first, last = date(*map(int, found.group(2, 3, 4))), date(*map(int, found.group(5, 6, 7)))
    if term != BIG_QUERY:
        return []
    return [pmid for day, pmid in sorted(records, reverse=True) if first <= day <= last]


def synthetic_record(pmid: str) -> bytes:
    return (b"<PubmedArticle><MedlineCitation><PMID Version=\"1\">%s</PMID><Article><ArticleTitle>Kinase record %s"
            b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>" % (pmid.encode(), pmid.encode()))


class Replay(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.log: list[dict] = []
        self.failures: list[tuple[int, dict]] = []      # (status, headers) answered to the next efetch requests
        self.link_failures: list[tuple[int, dict]] = []   # the same for elink requests
        self.search_reply = ESEARCH
        self.big = BIG                                  # the synthetic query's (date, PMID) hits

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/entrez/eutils/"

    def efetches(self) -> list[dict]:
        return [r for r in self.log if r["path"].endswith("efetch.fcgi")]

    def elinks(self) -> list[dict]:
        return [r for r in self.log if r["path"].endswith("elink.fcgi")]

    def esearches(self) -> list[dict]:
        return [r for r in self.log if r["path"].endswith("esearch.fcgi")]


class Handler(BaseHTTPRequestHandler):
    server: Replay

    def log_message(self, *args) -> None:  # quiet
        pass

    def _params(self) -> dict[str, list[str]]:
        query = parse_qs(urlparse(self.path).query)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            query.update(parse_qs(self.rfile.read(length).decode()))
        return query

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        multi = self._params()
        params = {k: v[-1] for k, v in multi.items()}
        path = urlparse(self.path).path
        self.server.log.append({"time": time.monotonic(), "method": self.command, "path": path, "params": params,
                                "multi": multi})
        if path.endswith("esearch.fcgi"):
            if self.server.search_reply is not ESEARCH:
                return self._send(200, self.server.search_reply)
            if BIG_QUERY in params["term"]:
                return self._big_search(params)
            start, count = int(params.get("retstart", 0)), int(params.get("retmax", 20))
            ids = HITS[start:start + count]
            body = re.sub(rb"<IdList>.*</IdList>", b"<IdList>\n" + b"".join(b"<Id>%s</Id>\n" % i for i in ids)
                          + b"</IdList>", ESEARCH, flags=re.S)
            return self._send(200, body.replace(b"<RetMax>7</RetMax>", b"<RetMax>%d</RetMax>" % len(ids)))
        if path.endswith("efetch.fcgi"):
            if self.server.failures:
                status, headers = self.server.failures.pop(0)
                return self._send(status, json.dumps({"error": "API rate limit exceeded"}).encode(), headers)
            if "id" in params:
                ids = params["id"].split(",")
                if ids[0] in BIG_SET:
                    return self._send(200, b"<PubmedArticleSet>" + b"".join(synthetic_record(i) for i in ids)
                                      + b"</PubmedArticleSet>")
            elif params.get("WebEnv") == WEBENV and params.get("query_key") == "1":
                start, count = int(params["retstart"]), int(params["retmax"])
                ids = [i.decode() for i in HITS[start:start + count]]
            else:
                return self._send(200, b"<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>")
            body = HEADER + b"<PubmedArticleSet>\n" + b"\n".join(RECORDS[i] for i in ids if i in RECORDS) \
                + b"\n</PubmedArticleSet>\n"
            return self._send(200, body)
        if path.endswith("elink.fcgi"):
            return self._elink(params, multi)
        self._send(404, b"not found")

    def _big_search(self, params: dict[str, str]) -> None:
        hits = big_search(params["term"], self.server.big)
        start, count = int(params.get("retstart", 0)), int(params.get("retmax", 20))
        if start > 9998:
            return self._send(200, b"<eSearchResult><ERROR>retstart is above 9998: esearch lists only the first "
                                   b"9,999 hits of a PubMed query</ERROR></eSearchResult>")
        ids = hits[start:min(start + count, 9999)]
        self._send(200, b"<eSearchResult><Count>%d</Count><RetMax>%d</RetMax><RetStart>%d</RetStart><IdList>%s"
                        b"</IdList></eSearchResult>" % (len(hits), len(ids), start,
                                                      b"".join(b"<Id>%s</Id>" % i.encode() for i in ids)))

    def _elink(self, params: dict[str, str], multi: dict[str, list[str]]) -> None:
        if self.server.link_failures:
            status, headers = self.server.link_failures.pop(0)
            return self._send(status, b"<html><body>Service unavailable</body></html>", headers)
        if (params.get("dbfrom"), params.get("db"), params.get("linkname")) != ("pubmed", "pubmed",
                                                                               "pubmed_pubmed_citedin"):
            return self._send(200, b"<eLinkResult><ERROR>unsupported link request</ERROR></eLinkResult>")
        sets = []
        for value in multi.get("id", []):
            ids = value.split(",")
            if len(ids) == 1:
                sets.append(LINK_SETS.get(ids[0]) or b"<LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>%s</Id></IdList>"
                            b"</LinkSet>" % ids[0].encode())
                continue
            # several PMIDs in one id=: NCBI answers with one LinkSet, the union of their citers
            citing = sorted({c for i in ids for c in CITED_BY.get(i, ())}, reverse=True)
            sets.append(b"<LinkSet><DbFrom>pubmed</DbFrom><IdList>%s</IdList><LinkSetDb><DbTo>pubmed</DbTo>"
                        b"<LinkName>pubmed_pubmed_citedin</LinkName>%s</LinkSetDb></LinkSet>"
                        % (b"".join(b"<Id>%s</Id>" % i.encode() for i in ids),
                           b"".join(b"<Link><Id>%s</Id></Link>" % c.encode() for c in citing)))
        self._send(200, ELINK_HEADER + b"<eLinkResult>\n" + b"\n".join(sets) + b"\n</eLinkResult>\n")

    do_GET = _handle
    do_POST = _handle


@pytest.fixture
def server(monkeypatch):
    replay = Replay()
    thread = threading.Thread(target=replay.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OMSGRAPH_EUTILS_URL", replay.url)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    yield replay
    replay.shutdown()
    replay.server_close()


def invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_search_fetch_build_with_a_429_retry(server, tmp_path):
    out = tmp_path / "pubmed"
    server.failures.append((429, {"Retry-After": "1"}))
    result = invoke("fetch", "--query", "opsoclonus myoclonus", "--max", 5, "--batch-size", 2, "-o", out,
                    "--email", "curator@example.org")
    assert result.exit_code == 0, result.output
    assert "fetched 5 record(s)" in result.output
    assert "query has 7 hits" in result.output

    searches = [r for r in server.log if r["path"].endswith("esearch.fcgi")]
    assert len(searches) == 1
    assert searches[0]["params"]["usehistory"] == "y" and searches[0]["params"]["term"] == "opsoclonus myoclonus"
    for request in server.log:  # NCBI's rules: every request names the tool and a contact
        assert request["params"]["tool"] == "omsgraph"
        assert request["params"]["email"] == "curator@example.org"
        assert "api_key" not in request["params"]
    fetches = server.efetches()
    # 3 batches from the history server, the first one asked twice (429, then success)
    assert [(f["params"]["WebEnv"], f["params"]["query_key"], f["params"]["retstart"], f["params"]["retmax"])
            for f in fetches] == [(WEBENV, "1", "0", "2"), (WEBENV, "1", "0", "2"), (WEBENV, "1", "2", "2"),
                                  (WEBENV, "1", "4", "1")]
    assert fetches[1]["time"] - fetches[0]["time"] >= 0.95  # Retry-After: 1 was honoured
    assert pmids_in_folder(out) == {h.decode() for h in HITS[:5]}

    graph = tmp_path / "graph"
    result = invoke("build", out, "-o", graph, "--workers", 1)
    assert result.exit_code == 0, result.output
    stats = json.loads(invoke("stats", graph, "--format", "json").output)
    assert stats["documents"] == 5
    rows = invoke("query", graph, "SELECT ?pmid WHERE { ?d a omsg:Document ; fabio:hasPubMedId ?pmid } ORDER BY ?pmid",
                  "--format", "csv").output.split()
    assert rows[1:] == sorted(h.decode() for h in HITS[:5])


def test_resumed_download_skips_pmids_on_disk(server, tmp_path):
    out = tmp_path / "pubmed"
    first = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=5, batch_size=2, api_key="k", progress=False)
    assert (first.fetched, first.skipped, len(first.files)) == (5, 0, 3)
    fresh_requests = len(server.efetches())
    # the run was "interrupted": the second batch's file is gone and an unfinished part file is left
    second_file = next(p for p in first.files if "39200105" in p.name or "39200104" in p.name)
    second_file.unlink()
    (out / ".part-x.xml").write_bytes(RECORDS["39200104"])
    server.log.clear()
    again = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=7, batch_size=2, api_key="k", progress=False)
    assert again.skipped == 3                      # 39200107, 39200106, 39200103 were on disk
    assert again.fetched == 4
    fetches = server.efetches()
    # batches: [107,106] skipped; [105,104] whole -> history; [103,102] partial -> id list; [101] -> history
    assert fresh_requests == 3 and len(fetches) == 3   # a fresh run of 7 records would need 4
    by_id = [f for f in fetches if "id" in f["params"]]
    assert [f["params"]["id"] for f in by_id] == ["39200102"] and by_id[0]["method"] == "POST"
    assert pmids_in_folder(out) == {h.decode() for h in HITS}
    server.log.clear()
    done = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=7, batch_size=2, api_key="k", progress=False)
    assert (done.fetched, done.skipped) == (0, 7) and server.efetches() == []


def test_requests_are_spaced_by_the_rate_limit(server):
    with EUtils() as client:          # no API key: at most 3 requests per second
        assert client.limiter.interval == pytest.approx(1 / 3)
        for _ in range(4):
            client.esearch("opsoclonus", retmax=1)
    times = [r["time"] for r in server.log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) == 3 and min(gaps) >= 1 / 3 - 0.05, gaps
    server.log.clear()
    with EUtils(api_key="secret", rate=50) as client:   # a key allows 10/s, never more
        assert client.limiter.interval == pytest.approx(0.1)
        for _ in range(4):
            client.esearch("opsoclonus", retmax=1)
    times = [r["time"] for r in server.log]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.1 - 0.03
    assert all(r["params"]["api_key"] == "secret" for r in server.log)


def test_server_errors_are_retried_with_backoff_then_reported_in_one_line(server, tmp_path):
    server.failures += [(503, {}), (502, {})]
    report = fetch_pubmed(pmids=["39200101", "39200102"], out_dir=tmp_path / "a", progress=False,
                          client=EUtils(api_key="k", backoff=0.2))
    assert report.fetched == 2
    times = [f["time"] for f in server.efetches()]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.2 - 0.03 and times[2] - times[1] >= 0.4 - 0.03   # exponential back-off
    server.failures += [(500, {})] * 10
    client = EUtils(api_key="secret", retries=2, backoff=0.01)
    with pytest.raises(InputError) as caught:
        fetch_pubmed(pmids=["39200103"], out_dir=tmp_path / "b", client=client, progress=False)
    message = str(caught.value)
    assert "after 3 attempts" in message and "HTTP 500" in message
    assert "secret" not in message and "\n" not in message


def test_pmid_list_and_file_are_fetched_by_post_and_missing_ones_reported(server, tmp_path):
    listing = tmp_path / "pmids.txt"
    listing.write_text("# wanted\nPMID:39200103\n39200104\n\n99999999  # not in PubMed\n", encoding="utf-8")
    out = tmp_path / "pubmed"
    result = invoke("fetch", "--pmid", "39200101", "39200102", "--pmid-file", listing, "-o", out, "--api-key", "k")
    assert result.exit_code == 0, result.output
    assert "fetched 4 record(s)" in result.output and "99999999" in result.output
    fetches = server.efetches()
    assert len(fetches) == 1 and fetches[0]["method"] == "POST"
    assert fetches[0]["params"]["id"] == "39200101,39200102,39200103,39200104,99999999"
    assert read_pmid_file(listing) == ["39200103", "39200104", "99999999"]
    assert parse_pmids(["1, 2", "pmid:3"]) == ["1", "2", "3"]


def test_bad_pmid_and_search_errors_are_one_line(server, tmp_path):
    result = invoke("fetch", "--pmid", "12x", "-o", tmp_path / "o")
    assert result.exit_code == 1 and "'12x' is not a PMID" in result.output and "Traceback" not in result.output
    server.search_reply = ESEARCH_ERROR
    result = invoke("fetch", "--query", "((", "-o", tmp_path / "o", "--api-key", "k")
    assert result.exit_code == 1
    assert result.output.count("\n") <= 2 and "PubMed search failed" in result.output
    assert invoke("fetch", "-o", tmp_path / "o").exit_code == 2   # nothing asked for: usage error


def test_build_with_pubmed_query_fetches_and_builds_in_one_command(server, tmp_path, monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "k")
    graph = tmp_path / "graph"
    result = invoke("build", "--pubmed-query", "opsoclonus myoclonus", "--max", 3, "-o", graph, "--workers", 1)
    assert result.exit_code == 0, result.output
    assert json.loads(invoke("stats", graph, "--format", "json").output)["documents"] == 3
    assert server.log[0]["params"]["api_key"] == "k"


# ---- cited-by links (ELink) ------------------------------------------------------------------------

CITED_QUERY = ("SELECT ?cited ?citing WHERE { ?d cito:isCitedBy ?c . ?d fabio:hasPubMedId ?cited . "
               "?c fabio:hasPubMedId ?citing } ORDER BY ?cited ?citing")


def cited_pairs(graph) -> list[tuple[str, str]]:
    result = invoke("query", graph, CITED_QUERY, "--format", "csv")
    assert result.exit_code == 0, result.output
    return [tuple(line.split(",")) for line in result.output.split()[1:]]


def expected_pairs(pmids) -> list[tuple[str, str]]:
    return sorted((cited, citing) for cited in pmids for citing in CITED_BY[cited])


def test_cited_by_links_are_fetched_per_batch_and_built_as_cito_is_cited_by(server, tmp_path):
    out = tmp_path / "pubmed"
    server.link_failures.append((503, {}))          # retried like any other request
    result = invoke("fetch", "--query", "opsoclonus myoclonus", "--max", 7, "--batch-size", 3, "-o", out,
                    "--email", "curator@example.org", "--api-key", "k")
    assert result.exit_code == 0, result.output
    assert "cited-by links of 7 record(s) (12 link(s))" in result.output

    links = server.elinks()
    assert len(links) == 4                                     # 3 batches, the first asked twice (503)
    batches = [[h.decode() for h in HITS[i:i + 3]] for i in (0, 3, 6)]
    assert [r["multi"]["id"] for r in links] == [batches[0]] + batches   # one id= per PMID, not "a,b,c"
    for request in links:
        assert request["method"] == "POST"
        assert (request["params"]["dbfrom"], request["params"]["db"], request["params"]["linkname"]) == \
            ("pubmed", "pubmed", "pubmed_pubmed_citedin")
        assert (request["params"]["tool"], request["params"]["email"], request["params"]["api_key"]) == \
            ("omsgraph", "curator@example.org", "k")
    batch_files = sorted(out.glob("pubmed-*-*-*.xml"))
    batch_files = [p for p in batch_files if not p.name.endswith(".elink.xml")]
    assert len(batch_files) == 3
    for path in batch_files:
        assert parse_cited_by(link_file_for(path).read_bytes(), source=str(path)).keys() == \
            {p for p in CITED_BY if p in path.read_text()}

    graph = tmp_path / "graph"
    result = invoke("build", out, "-o", graph, "--workers", 1)
    assert result.exit_code == 0, result.output
    assert "built 7 document(s)" in result.output and "skipped" not in result.output   # link files are not inputs
    assert cited_pairs(graph) == expected_pairs(CITED_BY)
    # a citing work that is a fetched document is the same node: 39200107 cites 39200103 and 39200104
    rows = invoke("query", graph, "SELECT ?t WHERE { ?c fabio:hasPubMedId '39200107' ; dcterms:title ?t . "
                                  "?d cito:isCitedBy ?c }", "--format", "csv").output.split("\n")
    assert sum("Sleep disturbance" in row for row in rows) == 2


def test_a_resumed_fetch_adds_missing_link_files_and_no_cited_by_skips_elink(server, tmp_path):
    out = tmp_path / "pubmed"
    first = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=4, batch_size=2, api_key="k", progress=False,
                         cited_by=False)
    assert first.fetched == 4 and server.elinks() == [] and not list(out.glob("*.elink.xml"))
    (out / "mine.xml").write_bytes(HEADER + b"<PubmedArticleSet>" + RECORDS["39200101"] + b"</PubmedArticleSet>")
    server.log.clear()
    again = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=4, batch_size=2, api_key="k", progress=False)
    assert (again.fetched, again.skipped, again.linked) == (0, 4, 4)
    assert server.efetches() == []
    assert sorted(r["multi"]["id"] for r in server.elinks()) == sorted(
        [[h.decode() for h in HITS[0:2]], [h.decode() for h in HITS[2:4]]])
    assert all(link_file_for(p).is_file() for p in first.files)
    assert not (out / "mine.elink.xml").exists()   # only the batch files fetch wrote get link files
    server.log.clear()
    done = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=4, batch_size=2, api_key="k", progress=False)
    assert done.linked == 0 and server.elinks() == []


def test_a_bad_link_file_is_one_line_and_the_build_goes_on(server, tmp_path):
    out = tmp_path / "pubmed"
    report = fetch_pubmed(query="opsoclonus", out_dir=out, max_records=7, batch_size=4, api_key="k", progress=False)
    broken, kept = link_file_for(report.files[0]), report.files[1]
    broken.write_bytes(broken.read_bytes()[:300])                 # cut off mid-element
    graph = tmp_path / "graph"
    result = invoke("build", out, "-o", graph, "--workers", 1)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "skipped" in line and "elink" in line]
    assert len(lines) == 1 and broken.name in lines[0] and "cited-by links not read" in lines[0], result.output
    assert "built 7 document(s)" in result.output
    assert cited_pairs(graph) == expected_pairs(p for p in CITED_BY if p in kept.read_text())
    result = invoke("build", out, "-o", tmp_path / "strict", "--workers", 1, "--strict")
    assert result.exit_code == 1 and broken.name in result.output and "Traceback" not in result.output


def test_long_pmid_lists_are_linked_in_chunks_kept_in_one_file(server, tmp_path):
    pmids = ["39200103"] + [pmid for _, pmid in BIG[:1100]] + ["39200101"]
    with EUtils(api_key="k") as client:
        data, links = fetch_cited_by(client, pmids)
    assert [len(r["multi"]["id"]) for r in server.elinks()] == [500, 500, 102]
    assert [i for r in server.elinks() for i in r["multi"]["id"]] == pmids
    assert parse_cited_by(data, source="merged") == links
    assert list(links) == pmids and links["39200101"] == CITED_BY["39200101"] and links[BIG[0][1]] == ()


def test_link_answers_that_merge_pmids_are_refused(server):
    merged = (b"<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>1</Id><Id>2</Id></IdList>"
              b"<LinkSetDb><DbTo>pubmed</DbTo><LinkName>pubmed_pubmed_citedin</LinkName><Link><Id>3</Id></Link>"
              b"</LinkSetDb></LinkSet></eLinkResult>")
    with pytest.raises(InputError, match="expected one PMID per LinkSet"):
        parse_cited_by(merged, source="a.elink.xml")
    with EUtils(api_key="k") as client:     # the loopback server merges a comma-separated id= as NCBI does
        body = client.request("elink.fcgi", {"dbfrom": "pubmed", "db": "pubmed", "linkname": "pubmed_pubmed_citedin",
                                             "id": "39200101,39200102"})
    with pytest.raises(InputError, match="2 source id"):
        parse_cited_by(body, source="merged")
    with pytest.raises(InputError, match="ELink reported an error"):
        parse_cited_by(b"<eLinkResult><ERROR>Invalid uid</ERROR></eLinkResult>", source="e")


# ---- queries with more than 9,999 hits -----------------------------------------------------------------

def test_a_query_over_9999_hits_is_split_by_publication_date(server, tmp_path):
    out = tmp_path / "pubmed"
    result = invoke("fetch", "--query", BIG_QUERY, "--max", 12_000, "--batch-size", 10_000, "-o", out,
                    "--api-key", "k", "--no-cited-by")
    assert result.exit_code == 0, result.output
    assert "fetched 12000 record(s)" in result.output and "query has 25000 hits" in result.output
    newest = [pmid for _, pmid in sorted(BIG, reverse=True)][:12_000]
    assert pmids_in_folder(out) == set(newest)
    searches = server.esearches()
    assert searches[0]["params"]["term"] == BIG_QUERY
    ranges = [big_search(s["params"]["term"]) for s in searches[1:]]
    assert all(_PDAT.match(s["params"]["term"]) and "usehistory" not in s["params"] for s in searches[1:])
    listed = [r for r in ranges if len(r) <= 9999]
    assert len(listed) < len(ranges) < 20                        # ranges over 9,999 hits were cut in two
    assert sum(map(len, listed)) >= 12_000 and len(set().union(*listed)) == sum(map(len, listed))  # disjoint
    fetches = server.efetches()
    assert [len(f["params"]["id"].split(",")) for f in fetches] == [10_000, 2_000]
    assert all(f["method"] == "POST" for f in fetches) and server.elinks() == []


def test_a_single_day_over_9999_hits_is_listed_as_far_as_possible_with_a_note(server):
    server.big = BIG[:100] + [(date(2001, 5, 5), str(30_000_000 + n)) for n in range(10_500)]
    with EUtils(api_key="k", sleep=lambda _: None) as client:     # ~35 searches: no need to space them here
        hits = search_pubmed(client, BIG_QUERY, 20_000)
    assert hits.count == 10_600 and len(hits.ids) == 9_999 + 100 and hits.webenv is None
    assert any("published on 2001/05/05" in n for n in hits.notes)
    assert any("listed 10099 of the 10600" in n for n in hits.notes)


def test_gzipped_batch_and_link_files_are_read_together(tmp_path):
    import gzip

    from omsgraph.ingest import read_inputs

    (tmp_path / "batch.xml.gz").write_bytes(gzip.compress(POOL))
    (tmp_path / "batch.elink.xml.gz").write_bytes(gzip.compress(ELINK))
    (tmp_path / "other.xml").write_bytes(POOL.replace(b">3920", b">5920"))      # no link file beside it
    errors: list[InputError] = []
    documents = list(read_inputs([tmp_path], on_error=errors.append))
    assert errors == [] and len(documents) == 14
    cited = {d.pmid: [link.target for link in d.links if link.relation == "cited_by"] for d in documents}
    assert {p: c for p, c in cited.items() if p.startswith("3920")} == \
        {p: [f"PMID:{c}" for c in citing] for p, citing in CITED_BY.items()}
    assert not any(c for p, c in cited.items() if p.startswith("5920"))
