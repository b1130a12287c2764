"""``omsgraph fetch`` end to end against recorded E-utilities responses served on 127.0.0.1.

The server replays the recorded esearch reply and assembles efetch replies from recorded
PubmedArticle records (by history-server slice or by ID list), the way NCBI does. It logs
every request with its arrival time, so the tests check what the client sent: tool/email,
WebEnv batches, the retry after a 429, fewer requests on a resumed run, request spacing.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.errors import InputError
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


class Replay(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.log: list[dict] = []
        self.failures: list[tuple[int, dict]] = []      # (status, headers) answered to the next efetch requests
        self.search_reply = ESEARCH

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/entrez/eutils/"

    def efetches(self) -> list[dict]:
        return [r for r in self.log if r["path"].endswith("efetch.fcgi")]


class Handler(BaseHTTPRequestHandler):
    server: Replay

    def log_message(self, *args) -> None:  # quiet
        pass

    def _params(self) -> dict[str, str]:
        query = parse_qs(urlparse(self.path).query)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            query.update(parse_qs(self.rfile.read(length).decode()))
        return {k: v[-1] for k, v in query.items()}

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        params = self._params()
        path = urlparse(self.path).path
        self.server.log.append({"time": time.monotonic(), "method": self.command, "path": path, "params": params})
        if path.endswith("esearch.fcgi"):
            if self.server.search_reply is not ESEARCH:
                return self._send(200, self.server.search_reply)
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
            elif params.get("WebEnv") == WEBENV and params.get("query_key") == "1":
                start, count = int(params["retstart"]), int(params["retmax"])
                ids = [i.decode() for i in HITS[start:start + count]]
            else:
                return self._send(200, b"<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>")
            body = HEADER + b"<PubmedArticleSet>\n" + b"\n".join(RECORDS[i] for i in ids if i in RECORDS) \
                + b"\n</PubmedArticleSet>\n"
            return self._send(200, body)
        self._send(404, b"not found")

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
