"""RemoteStore against a real Virtuoso Open Source started on loopback by the tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from pyoxigraph import Quad, Store

from omsgraph.errors import StoreError
from omsgraph.graph.iris import sha1, with_prefixes
from omsgraph.graph.rdf import document_triples, entity_triples, relation_triples, to_triples
from omsgraph.graph.remote import RemoteStore
from omsgraph.model import Document

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "start-virtuoso.sh"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_virtuoso(directory: Path, *options: str) -> tuple[int, int, int]:
    """(pid, HTTP port, SQL port) of a fresh Virtuoso in ``directory`` (``options``: the script's MAX_ROWS)."""
    if shutil.which("virtuoso-t") is None:
        pytest.skip("virtuoso-t is not installed (run .ci/start-virtuoso.sh or apt-get install virtuoso-opensource)")
    http, sql = _free_port(), _free_port()
    out = subprocess.run([str(SCRIPT), str(directory), str(sql), str(http), *options],
                         capture_output=True, text=True, timeout=120, check=True)
    os.environ["OMSGRAPH_SPARQL_USER"] = "dba"        # fresh Virtuoso databases have dba/dba
    os.environ["OMSGRAPH_SPARQL_PASSWORD"] = "dba"
    return int(out.stdout.split()[-1]), http, sql


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """(SPARQL URL, SQL port, server folder: the one the bulk loader may read) of a fresh Virtuoso."""
    directory = tmp_path_factory.mktemp("virtuoso")
    pid, http, sql = _start_virtuoso(directory)
    yield f"http://127.0.0.1:{http}/sparql-auth", sql, directory
    os.kill(pid, signal.SIGTERM)


@pytest.fixture(scope="session")
def virtuoso(virtuoso_server):
    return virtuoso_server[0]


def _small_graph():
    from omsgraph.pipeline import make_document_processor

    process = make_document_processor(broad=False)()
    texts = ["LY294002 inhibits PI3K in neurons.", "IGF-1 activates AKT.", "A sentence with no relation."]
    return [process(Document(id=f"HASH:r{i}", text=t, title=f"Paper {i}")) for i, t in enumerate(texts)]


def test_write_and_query_back_matches_embedded(virtuoso):
    results = _small_graph()
    store = RemoteStore(virtuoso, update_url=virtuoso, graph_iri="urn:omsgraph:test", batch_size=20)
    store.clear()
    store.add_documents(d for d, _ in results)
    store.add_relations(r for _, rels in results for r in rels)
    store.flush()
    streamed = Store()      # all but the statement summaries, which come at the end
    for document, relations in results:
        streamed.extend(document_triples(document))
        for relation in relations:
            streamed.extend(relation_triples(relation))
            streamed.extend(entity_triples(relation.subject))
            streamed.extend(entity_triples(relation.object))
    assert store.count() == len(streamed) > 20
    assert store.write_summaries() == len({r.key for _, rels in results for r in rels}) > 0
    embedded = Store()
    embedded.extend(Quad(t.subject, t.predicate, t.object) for t in to_triples(
        [d for d, _ in results], [r for _, rels in results for r in rels]))
    assert store.count() == len(embedded) > 20
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert {"g": "urn:omsgraph:test"} in rows
    assert store.query("ASK { GRAPH <urn:omsgraph:test> { ?s ?p ?o } }") is True
    store.close()


def test_bad_endpoint_is_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{_free_port()}/sparql", timeout=2).query("ASK {}")


def test_bad_query_is_one_line_store_error(virtuoso):
    with pytest.raises(StoreError) as info:
        RemoteStore(virtuoso).query("SELECT nonsense")
    assert "\n" not in str(info.value)


_SUMMARY = """SELECT ?st ?count ?docs ?confidence ?hedged WHERE { GRAPH <%s> {
  ?st a <https://w3id.org/omsgraph/vocab#Statement> ;
      <https://w3id.org/omsgraph/vocab#evidenceCount> ?count ;
      <https://w3id.org/omsgraph/vocab#documentCount> ?docs ;
      <https://w3id.org/omsgraph/vocab#confidence> ?confidence ;
      <https://w3id.org/omsgraph/vocab#hedged> ?hedged } } ORDER BY ?st"""


def _supported_graph():
    """The same finding in two papers (twice in the first) plus a finding in one paper."""
    from omsgraph.pipeline import make_document_processor

    process = make_document_processor(broad=False)()
    texts = ["LY294002 inhibits PI3K in neurons. LY294002 also inhibits PI3K in glia.",
             "LY294002 inhibits PI3K.", "IGF-1 activates AKT."]
    return [process(Document(id=f"HASH:s{i}", text=t, title=f"Paper {i}")) for i, t in enumerate(texts)]


def _embedded_summaries(results, tmp_path) -> dict[str, tuple[int, int, float]]:
    from omsgraph.graph import GraphStore

    with GraphStore.create(tmp_path / "embedded") as graph:
        for document, relations in results:
            graph.add_documents([document])
            graph.add_relations(relations)
    rows = GraphStore.open(tmp_path / "embedded").query(
        "SELECT ?st ?c ?d ?k WHERE { ?st omsg:evidenceCount ?c ; omsg:documentCount ?d ; omsg:confidence ?k }")
    return {r["st"].value: (int(r["c"].value), int(r["d"].value), float(r["k"].value)) for r in rows}


def _remote_summaries(store: RemoteStore) -> dict[str, tuple[int, int, float]]:
    rows = store.query(_SUMMARY % store.graph_iri)
    assert len({row["st"] for row in rows}) == len(rows), "one summary per statement"
    return {row["st"]: (int(row["count"]), int(row["docs"]), float(row["confidence"])) for row in rows}


def test_statement_summaries_match_embedded_store(virtuoso, tmp_path):
    results = _supported_graph()
    store = RemoteStore(virtuoso, update_url=virtuoso, graph_iri="urn:omsgraph:summaries", batch_size=50)
    store.clear()
    for document, relations in results:
        store.add_documents([document])
        store.add_relations(relations)
    store.close()
    reader = RemoteStore(virtuoso, graph_iri="urn:omsgraph:summaries")
    remote = _remote_summaries(reader)
    embedded = _embedded_summaries(results, tmp_path)
    assert remote == embedded
    counts = sorted(v[:2] for v in remote.values())
    assert counts == [(1, 1), (3, 2)]  # PI3K finding: 3 evidence sentences from 2 papers
    best = max(remote.values())
    assert best[2] > min(remote.values())[2]  # independent support raises confidence
    assert reader.query(
        "ASK { GRAPH <urn:omsgraph:summaries> { ?s <https://w3id.org/omsgraph/vocab#inhibits> ?o } }") is True


def test_a_run_that_forgets_what_it_sent_writes_the_same_graph(virtuoso, tmp_path, monkeypatch):
    """Past _RECENT statements or entities the store starts its memory again and may send a statement
    node or an entity twice: the graph (triples and summaries) must be the same."""
    from omsgraph.graph import remote

    results = _supported_graph()

    def write(graph_iri):
        store = RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph_iri, batch_size=50)
        store.clear()
        for document, relations in results:
            store.add_documents([document])
            store.add_relations(relations)
        store.close()
        reader = RemoteStore(virtuoso, graph_iri=graph_iri)
        return _remote_summaries(reader), reader.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")

    remembering = write("urn:omsgraph:remembering")
    monkeypatch.setattr(remote, "_RECENT", 1)
    forgetting = write("urn:omsgraph:forgetting")
    assert forgetting == remembering and remembering[0] == _embedded_summaries(results, tmp_path)


def test_the_statement_log_keeps_one_row_per_statement_in_order_and_cleans_up():
    from omsgraph.graph.statement_log import StatementLog

    log = StatementLog()
    folder = Path(log._dir.name)
    log.add((f"urn:s{i % 500:03d}", "urn:a", "urn:p", "urn:b", i % 2 == 1) for i in range(1200))
    assert len(log) == 500
    rows = [row for chunk in log.chunks(64) for row in chunk]
    assert [row[0] for row in rows] == sorted(f"urn:s{i:03d}" for i in range(500))
    assert rows[1] == ("urn:s001", "urn:a", "urn:p", "urn:b", True)    # the first row of a statement stays
    assert max(len(chunk) for chunk in log.chunks(64)) == 64
    log.clear()
    assert len(log) == 0 and not list(log.chunks(10))
    log.close()
    assert not folder.exists()


def test_second_run_into_same_graph_counts_earlier_evidence(virtuoso):
    first, second, _ = _supported_graph()
    graph = "urn:omsgraph:incremental"
    with RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph) as store:
        store.clear()
        store.add_documents([first[0]])
        store.add_relations(first[1])
    assert sorted(v[:2] for v in _remote_summaries(RemoteStore(virtuoso, graph_iri=graph)).values()) == [(2, 1)]
    with RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph) as store:
        store.add_documents([second[0]])
        store.add_relations(second[1])
    assert sorted(v[:2] for v in _remote_summaries(RemoteStore(virtuoso, graph_iri=graph)).values()) == [(3, 2)]


def test_cli_build_to_endpoint_writes_summaries(virtuoso, tmp_path):
    from click.testing import CliRunner

    from omsgraph.cli import main

    text = tmp_path / "papers"
    text.mkdir()
    (text / "a.txt").write_text("LY294002 inhibits PI3K in neurons.\n", encoding="utf-8")
    (text / "b.txt").write_text("LY294002 inhibits PI3K in glia.\n", encoding="utf-8")
    RemoteStore(virtuoso, update_url=virtuoso).clear()
    result = CliRunner().invoke(main, ["build", str(text), "--endpoint", virtuoso, "--no-broad", "--workers", "1",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    summaries = _remote_summaries(RemoteStore(virtuoso))
    assert sorted(v[:2] for v in summaries.values()) == [(2, 2)]


# ---- reading an endpoint with the CLI, and add --endpoint --------------------------------------

DATA = Path(__file__).resolve().parents[1] / "data"


def _cli(*args: str) -> str:
    from click.testing import CliRunner

    from omsgraph.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _graph(turtle: str):
    import rdflib

    return rdflib.Graph().parse(data=turtle, format="turtle")


def test_query_ask_stats_read_an_endpoint_as_they_read_a_folder(virtuoso, tmp_path):
    """The same input built into a folder and (by the Graph Store protocol) into Virtuoso answers
    every named question, a CONSTRUCT, an ASK, stats, explain and network the same way."""
    from rdflib.compare import isomorphic

    graph, folder = "urn:omsgraph:cli-read", str(tmp_path / "graph")
    gsp = virtuoso.replace("/sparql-auth", "/sparql-graph-crud-auth")
    RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph).clear()
    common = ["--no-broad", "--workers", "1", "--no-progress"]
    _cli("build", str(DATA), "-o", folder, *common)
    _cli("build", str(DATA), "--endpoint", virtuoso, "--graph-store", gsp, "--graph-iri", graph, *common)
    remote = ["--endpoint", virtuoso, "--graph-iri", graph]

    stats = _cli("stats", folder, "--format", "json")
    assert _cli("stats", *remote, "--format", "json") == stats
    assert '"relations": 0' not in stats
    questions = [("activators", "AKT"), ("contradictions",), ("effects", "IVIg"), ("entity", "PI3K"),
                 ("evidence", "LY294002", "inhibits", "PI3K"), ("inhibitors", "PI3K"), ("targets", "LY294002"),
                 ("treatments", "Guillain-Barre syndrome")]
    answered = 0
    for question in questions:
        here = _cli("ask", folder, *question, "--format", "json")
        assert _cli("ask", *remote, *question, "--format", "json") == here, question
        answered += here.strip() != "[]"
    assert answered >= 6
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert isomorphic(_graph(_cli("query", *remote, everything)), _graph(_cli("query", folder, everything)))
    assert _cli("query", *remote, "ASK { ?s omsg:inhibits ?o }").strip() == "true"
    assert _cli("query", *remote, "ASK { ?s omsg:inhibits omsg:nothing }").strip() == "false"
    table = _cli("query", *remote, "SELECT ?ev ?n WHERE { ?ev omsg:negated ?n } LIMIT 1")
    assert table.split()[-1] == "false"  # Virtuoso's 0/1 booleans read as false/true
    paths = _cli("explain", folder, "LY294002", "AKT")
    assert "PI3K" in paths and _cli("explain", *remote, "LY294002", "AKT") == paths
    _cli("network", folder, "-o", str(tmp_path / "here.json"))
    _cli("network", *remote, "-o", str(tmp_path / "there.json"))
    assert (tmp_path / "there.json").read_text(encoding="utf-8") == (tmp_path / "here.json").read_text(encoding="utf-8")


def test_add_to_an_endpoint_skips_known_and_replaces_changed_documents(virtuoso, tmp_path):
    from rdflib.compare import isomorphic

    graph = "urn:omsgraph:cli-add"
    RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph).clear()
    papers = tmp_path / "papers"
    papers.mkdir()
    first = ("101|t|PI3K signalling in neurons\n101|a|LY294002 inhibits PI3K in cultured neurons. "
             "Wortmannin inhibits PI3K in the same cells.\n\n"
             "102|t|IVIg in neuropathy\n102|a|IVIg treats Guillain-Barre syndrome in adults.\n\n")
    (papers / "a.pubtator").write_text(first, encoding="utf-8")
    common = ["--no-broad", "--workers", "1", "--no-progress"]
    remote = ["--endpoint", virtuoso, "--graph-iri", graph]
    assert "added 2 document(s)" in _cli("add", *remote, str(papers), *common)
    stats = _cli("stats", *remote, "--format", "json")
    assert "wortmannin" in _cli("ask", *remote, "inhibitors", "PI3K").lower()

    assert "0 document(s), 0 relation(s), 2 unchanged" in _cli("add", *remote, str(papers), *common)
    assert _cli("stats", *remote, "--format", "json") == stats

    # paper 101 changes: the wortmannin finding goes, an IGF-1 one comes
    (papers / "a.pubtator").write_text(first.replace("Wortmannin inhibits PI3K in the same cells.",
                                                     "IGF-1 activates AKT in these cells."), encoding="utf-8")
    assert "1 unchanged, 1 replaced" in _cli("add", *remote, str(papers), *common)
    assert "wortmannin" not in _cli("ask", *remote, "inhibitors", "PI3K").lower()
    folder = str(tmp_path / "graph")
    _cli("build", str(papers), "-o", folder, *common)
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert isomorphic(_graph(_cli("query", *remote, everything)), _graph(_cli("query", folder, everything)))


def test_endpoint_options_misused_are_usage_errors(tmp_path):
    from click.testing import CliRunner

    from omsgraph.cli import main

    runner = CliRunner()
    both = runner.invoke(main, ["query", str(tmp_path), "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert both.exit_code == 2 and "not both" in both.output
    alone = runner.invoke(main, ["build", str(DATA), "-o", str(tmp_path / "g"), "--graph-store", "http://127.0.0.1:9/x"])
    assert alone.exit_code == 2 and "goes with --endpoint" in alone.output
    alone = runner.invoke(main, ["build", str(DATA), "-o", str(tmp_path / "g"), "--in-place"])
    assert alone.exit_code == 2 and "--in-place goes with --endpoint" in alone.output
    unreachable = runner.invoke(main, ["stats", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert unreachable.exit_code == 1 and "cannot reach" in unreachable.output


def test_first_label_wins_across_runs_into_one_graph(virtuoso):
    from omsgraph.model import Entity, Evidence, Relation

    graph = "urn:omsgraph:labels"
    RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph).clear()

    def relation(label: str, document: str) -> Relation:
        text = f"{label} inhibits PI3K."
        return Relation(Entity("CHEBI:65329", label, "Chemical"), "inhibits", Entity("FPLX:PI3K", "PI3K", "ProteinFamily"),
                        Evidence(document, text, 0, (0, len(label)), (len(label) + 10, len(label) + 14), "svo"))

    for label, document in (("LY294002", "PMID:1"), ("LY-294002", "PMID:2")):
        with RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph) as store:
            store.add_relations([relation(label, document)])
    labels = RemoteStore(virtuoso, graph_iri=graph).query(
        f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ <http://purl.obolibrary.org/obo/CHEBI_65329> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
    assert [row["l"] for row in labels] == ["LY294002"]


def test_virtuoso_bulk_loader_takes_the_nquads_files(virtuoso_server, tmp_path):
    """build --nquads, then Virtuoso's own bulk loader (ld_dir + rdf_loader_run over isql): the graph
    it holds reads like the folder build of the same input."""
    from rdflib.compare import isomorphic

    url, sql, directory = virtuoso_server
    graph, shards, folder = "urn:omsgraph:bulk", directory / "shards", str(tmp_path / "graph")
    common = ["--no-broad", "--workers", "1", "--no-progress"]
    _cli("build", str(DATA), "--nquads", str(shards), "--graph-iri", graph, *common)
    _cli("build", str(DATA), "-o", folder, *common)
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        pytest.skip("Virtuoso's isql is not installed")
    loaded = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba",
                             f"exec=ld_dir('{shards}', '*.nq', 'urn:unused'); rdf_loader_run(); checkpoint;"],
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    remote = ["--endpoint", url, "--graph-iri", graph]
    assert _cli("stats", *remote, "--format", "json") == _cli("stats", folder, "--format", "json")
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert isomorphic(_graph(_cli("query", *remote, everything)), _graph(_cli("query", folder, everything)))
    assert _cli("ask", *remote, "inhibitors", "PI3K") == _cli("ask", folder, "inhibitors", "PI3K")


def test_export_and_validate_read_an_endpoint_as_they_read_a_folder(virtuoso, tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    graph, folder = "urn:omsgraph:cli-export", str(tmp_path / "graph")
    RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph).clear()
    common = ["--no-broad", "--workers", "1", "--no-progress"]
    _cli("build", str(DATA), "-o", folder, *common)
    _cli("build", str(DATA), "--endpoint", virtuoso, "--graph-store", virtuoso.replace("/sparql-auth", "/sparql-graph-crud-auth"),
         "--graph-iri", graph, *common)
    remote = ["--endpoint", virtuoso, "--graph-iri", graph]
    assert _cli("export", *remote, "--format", "tsv") == _cli("export", folder, "--format", "tsv")
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        there = rdflib.Graph().parse(data=_cli("export", *remote, "--format", fmt), format=parser)
        assert len(there) > 1000 and isomorphic(there, rdflib.Graph().parse(data=_cli("export", folder, "--format", fmt),
                                                                            format=parser)), fmt
    there, here = (rdflib.Dataset().parse(data=_cli("export", *where, "--format", "trig"), format="trig")
                   for where in (remote, [folder]))
    for name in (rdflib.graph.DATASET_DEFAULT_GRAPH_ID, rdflib.URIRef("https://w3id.org/omsgraph/vocab")):
        assert len(there.graph(name)) > 100 and isomorphic(there.graph(name), here.graph(name)), name
    assert _cli("validate", *remote) == _cli("validate", folder)
    assert _cli("validate", *remote).startswith("valid: ")


def test_an_answer_the_endpoint_cuts_short_is_an_error_not_a_partial_result(tmp_path):
    """Virtuoso cuts answers at ResultSetMaxRows (Debian's default: 10,000) without an error: omsgraph
    notices and says so instead of exporting part of the graph or counting part of the evidence."""
    from click.testing import CliRunner

    from omsgraph.cli import main

    pid, http, _ = _start_virtuoso(tmp_path / "virtuoso", "200")
    try:
        url = f"http://127.0.0.1:{http}/sparql-auth"
        remote, common = ["--endpoint", url], ["--no-broad", "--workers", "1", "--no-progress"]
        _cli("build", str(DATA), *remote, *common)
        folder = str(tmp_path / "graph")
        _cli("build", str(DATA), "-o", folder, *common)
        assert _cli("stats", *remote, "--format", "json") == _cli("stats", folder, "--format", "json")
        # 250 more papers report one finding: its evidence is more rows than one answer may hold
        many = tmp_path / "many.pubtator"
        many.write_text("".join(f"{900000 + i}|t|Paper {i}\n{900000 + i}|a|LY294002 inhibits PI3K in cell line {i}.\n\n"
                                for i in range(250)), encoding="utf-8")
        _cli("add", *remote, str(many), *common)
        _cli("add", folder, str(many), *common)
        assert _cli("stats", *remote, "--format", "json") == _cli("stats", folder, "--format", "json")
        summary = ("SELECT ?n ?papers ?c WHERE { ?st rdf:subject ?s ; rdf:predicate omsg:inhibits ; omsg:evidenceCount ?n ; "
                   "omsg:documentCount ?papers ; omsg:confidence ?c . ?s rdfs:label 'LY294002' } ORDER BY DESC(?n) ?c")
        counted = _cli("query", folder, summary, "--format", "csv")
        assert int(counted.splitlines()[1].split(",")[0]) > 250 and _cli("query", *remote, summary, "--format", "csv") == counted
        # add looks documents up a hundred at a time, never the whole graph's list (here more than the limit)
        assert "0 document(s), 0 relation(s), 255 unchanged" in _cli("add", *remote, str(DATA), str(many), *common)
        out = tmp_path / "graph.ttl"
        out.write_text("earlier\n", encoding="utf-8")
        for args in (["export", *remote, "-o", str(out)], ["query", *remote, "SELECT * WHERE { ?s ?p ?o }"]):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
            assert "of the graph's" in result.output or "cut its answer at 200 rows" in result.output
        assert out.read_text(encoding="utf-8") == "earlier\n"
        rows = _cli("query", *remote, "SELECT * WHERE { ?s ?p ?o } LIMIT 150").splitlines()
        assert len(rows) == 2 + 150  # header, rule, rows: an answer under the limit is whole
    finally:
        os.kill(pid, signal.SIGTERM)


KILLED_ADD = r"""
import sys
import time
from omsgraph.graph.batch import encode
from omsgraph.graph.remote import RemoteStore
from omsgraph.model import Document

url, graph, known = sys.argv[1:4]
with RemoteStore(url, update_url=url, graph_iri=graph, staged=True) as store:
    store.remove_document(known)  # a changed paper: its old version goes first
    for n in range(300):
        store.add_encoded(encode(Document(id=f"PMID:{8000000 + n}", pmid=str(8000000 + n), text="Agent A lowers M."), []))
    store.flush()
    print("written", flush=True)
    time.sleep(600)  # killed while waiting here, before its summaries and the swap
"""


def test_sigkill_during_an_add_to_an_endpoint_leaves_the_graph_as_it_was(virtuoso, tmp_path, sigkill_after):
    import sys

    graph = "urn:omsgraph:killed"
    RemoteStore(virtuoso, update_url=virtuoso, graph_iri=graph).clear()
    remote, common = ["--endpoint", virtuoso, "--graph-iri", graph], ["--no-broad", "--workers", "1", "--no-progress"]
    _cli("build", str(DATA), *remote, *common)
    stats, answers = _cli("stats", *remote, "--format", "json"), _cli("ask", *remote, "inhibitors", "PI3K")
    known = RemoteStore(virtuoso, graph_iri=graph).query(with_prefixes(
        "SELECT ?id WHERE { ?d a omsg:Document ; dcterms:identifier ?id } ORDER BY ?id LIMIT 1"), default_graph=True)[0]["id"]
    target = RemoteStore(virtuoso, graph_iri=graph)
    assert sigkill_after([sys.executable, "-c", KILLED_ADD, virtuoso, graph, known], "written") == -signal.SIGKILL
    copy = RemoteStore(virtuoso, graph_iri=f"urn:omsgraph:staging:{sha1(graph)}")
    assert copy.count() > target.count()  # the killed run had written its copy; the graph is untouched:
    assert _cli("stats", *remote, "--format", "json") == stats and _cli("ask", *remote, "inhibitors", "PI3K") == answers
    assert "0 document(s), 0 relation(s), 5 unchanged" in _cli("add", *remote, str(DATA), *common)
    assert copy.count() == 0 and _cli("stats", *remote, "--format", "json") == stats  # the next run replaced the copy
    # --in-place writes into the graph itself: no copy is made
    assert "0 document(s), 0 relation(s), 5 unchanged" in _cli("add", *remote, "--in-place", str(DATA), *common)
    assert copy.count() == 0
