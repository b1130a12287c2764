"""SPARQL through run_query and the query/export/stats CLI (click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

from omsgraph.cli import main
from omsgraph.errors import QueryError
from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation
from omsgraph.query import run_query

# Text written for these tests.
TEXT = "Inhibitor K9 blocked PI3K. Growth factor G1 acted through PI3K. Drug D2 did not help OMS."
K9, G1, D2 = Entity("CHEBI:11", "K9", "Chemical"), Entity("HGNC:5464", "IGF1", "Gene"), Entity("CHEBI:22", "D2", "Chemical")
PI3K, OMS = Entity("FPLX:PI3K", "PI3K", "ProteinFamily"), Entity("MESH:D053578", "opsoclonus-myoclonus syndrome", "Disease")


def ev(sentence: str, subj: str, obj: str) -> Evidence:
    start = TEXT.index(sentence)
    s, o = TEXT.index(subj, start), TEXT.index(obj, start)
    return Evidence("PMID:5", sentence, start, (s, s + len(subj)), (o, o + len(obj)), "svo")


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("q")
    rels = [
        Relation(K9, "inhibits", PI3K, ev("Inhibitor K9 blocked PI3K.", "K9", "PI3K")),
        Relation(G1, "acts_via", PI3K, ev("Growth factor G1 acted through PI3K.", "Growth factor G1", "PI3K")),
        Relation(D2, "treats", OMS, ev("Drug D2 did not help OMS.", "D2", "OMS"), negated=True),
    ]
    with GraphStore.create(root) as store:
        store.add_documents([Document(id="PMID:5", text=TEXT, pmid="5", title="Test")])
        store.add_relations(rels)
    return root


TRACE = """
SELECT ?subject ?predicate ?object ?sentence ?s0 ?s1 ?o0 ?o1 ?doc WHERE {
  ?st a omsg:Statement ; rdf:subject/rdfs:label ?subject ; rdf:predicate ?predicate ;
      rdf:object/rdfs:label ?object ; omsg:evidence ?ev .
  ?ev omsg:sentence ?sentence ; omsg:subjectStart ?s0 ; omsg:subjectEnd ?s1 ; omsg:objectStart ?o0 ;
      omsg:objectEnd ?o1 ; omsg:document/dcterms:identifier ?doc .
} ORDER BY ?subject
"""


def test_every_relation_traces_to_sentence_offsets_and_document(graph_dir):
    rows = json.loads(run_query(GraphStore.open(graph_dir), TRACE, format="json"))["results"]["bindings"]
    assert len(rows) == 3
    for row in rows:
        s0, s1, o0, o1 = (int(row[k]["value"]) for k in ("s0", "s1", "o0", "o1"))
        assert row["sentence"]["value"] in TEXT
        assert row["doc"]["value"] == "PMID:5"
        assert TEXT[s0:s1] and TEXT[o0:o1]
    assert {TEXT[int(r["o0"]["value"]):int(r["o1"]["value"])] for r in rows} == {"PI3K", "OMS"}


def test_select_formats(graph_dir):
    graph = GraphStore.open(graph_dir)
    q = "SELECT ?x WHERE { ?x omsg:inhibits ?t . ?t rdfs:label 'PI3K' }"
    assert "obo:CHEBI_11" in run_query(graph, q)
    assert list(csv.reader(io.StringIO(run_query(graph, q, format="csv")))) == [["x"], ["http://purl.obolibrary.org/obo/CHEBI_11"]]
    assert run_query(graph, q, format="tsv").splitlines() == ["?x", "<http://purl.obolibrary.org/obo/CHEBI_11>"]
    assert json.loads(run_query(graph, q, format="json"))["head"]["vars"] == ["x"]


def test_ask_construct_and_own_prefixes(graph_dir):
    graph = GraphStore.open(graph_dir)
    assert run_query(graph, "ASK { ?s omsg:treats ?o }") == "false"  # negated: no plain triple
    assert run_query(graph, "PREFIX o: <https://w3id.org/omsgraph/vocab#> ASK { ?s o:acts_via ?o }") == "true"
    turtle = run_query(graph, "CONSTRUCT { ?s omsg:inhibits ?o } WHERE { ?s omsg:inhibits ?o }")
    assert len(Graph().parse(data=turtle, format="turtle")) == 1


def test_bad_sparql_is_a_one_line_query_error(graph_dir):
    with pytest.raises(QueryError) as info:
        run_query(GraphStore.open(graph_dir), "SELECT ?x WHERE { ?x omsg:inhibits }")
    assert "\n" not in str(info.value) and "invalid SPARQL" in str(info.value)
    with pytest.raises(QueryError, match="unknown output format"):
        run_query(GraphStore.open(graph_dir), "ASK {}", format="xml")


def test_cli_query_export_stats(graph_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["query", str(graph_dir), "SELECT ?x WHERE { ?x omsg:acts_via ?y }", "--format", "csv"])
    assert result.exit_code == 0 and "hgnc:5464" in result.output
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a omsg:Statement }")
    result = runner.invoke(main, ["query", str(graph_dir), "--file", str(rq), "--format", "json"])
    assert json.loads(result.output)["results"]["bindings"][0]["n"]["value"] == "3"
    result = runner.invoke(main, ["stats", str(graph_dir), "--format", "json"])
    stats = json.loads(result.output)
    assert {k: stats[k] for k in ("documents", "entities", "relations", "evidence")} == \
        {"documents": 1, "entities": 5, "relations": 3, "evidence": 3}
    assert all(isinstance(stats[k], int) for k in ("documents", "entities", "relations", "evidence", "triples"))
    assert "relations: 3" in runner.invoke(main, ["stats", str(graph_dir)]).output
    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["export", str(graph_dir), "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0 and len(Graph().parse(out, format="turtle")) == stats["triples"]
    result = runner.invoke(main, ["export", str(graph_dir), "--format", "tsv"])
    assert result.output.splitlines()[0].split("\t")[0] == "subject" and len(result.output.splitlines()) == 4


@pytest.mark.parametrize("args, message", [
    (["query", "{missing}", "ASK {}"], "no such graph folder"),
    (["query", "{empty}", "ASK {}"], "not an omsgraph graph folder"),
    (["query", "{graph}", "SELEKT *"], "invalid SPARQL"),
    (["query", "{graph}", "--file", "{missing}/q.rq"], "no such query file"),
    (["stats", "{empty}"], "not an omsgraph graph folder"),
    (["export", "{missing}", "-o", "{empty}/x.ttl"], "no such graph folder"),
])
def test_cli_errors_are_one_line_with_exit_code_1(graph_dir, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    paths = {"missing": str(tmp_path / "missing"), "empty": str(tmp_path / "empty"), "graph": str(graph_dir)}
    for key, value in paths.items():
        args = [a.replace("{" + key + "}", value) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("omsgraph: error:")


def test_cli_query_needs_text_or_file(graph_dir):
    result = CliRunner().invoke(main, ["query", str(graph_dir)])
    assert result.exit_code == 2


def test_with_prefixes_makes_a_query_self_contained(graph_dir):
    from omsgraph.query import with_prefixes

    raw = GraphStore.open(graph_dir).oxigraph  # no predeclared prefixes, like a remote endpoint
    q = "SELECT ?x WHERE { ?x omsg:inhibits ?t . ?t rdfs:label 'PI3K' }"
    with pytest.raises(SyntaxError):
        raw.query(q)
    assert len(list(raw.query(with_prefixes(q)))) == 1
    own = "PREFIX omsg: <https://w3id.org/omsgraph/vocab#>\n" + q
    assert with_prefixes(own).count("PREFIX omsg:") == 1
