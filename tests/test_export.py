"""Exports: every RDF format re-parses with rdflib; the TSV has the documented columns; output is deterministic."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from omsgraph.errors import StoreError
from omsgraph.graph import TSV_COLUMNS, GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

# Text written for these tests.
TEXT = 'Drug "Z-12" suppressed AKT\\mTOR signalling. Drug "Z-12" did not treat cerebellar ataxia.'


def sample():
    doc = Document(id="PMID:42", text=TEXT, pmid="42", title="Z-12 — a test", year=2020)
    doc2 = Document(id="DOI:10.5555/x.1", text="AKT rose after Z-12.", doi="10.5555/x.1")
    z12 = Entity("CHEBI:999", 'Z-12 "quoted"', "Chemical")
    akt = Entity("HGNC:391", "AKT1", "Gene")
    ataxia = Entity(None, "cerebellar ataxia", "Phenotype")
    s1, s2 = TEXT.split(". ")
    s1 += "."
    off2 = TEXT.index(s2)
    rels = [
        Relation(z12, "inhibits", akt, Evidence("PMID:42", s1, 0, (6, 10), (23, 26), "svo", trigger="suppressed")),
        Relation(z12, "treats", ataxia, Evidence("PMID:42", s2, off2, (off2 + 5, off2 + 11), (off2 + 33, off2 + 50), "svo",
                                                  negated=True, cue="did not"), negated=True),
        Relation(z12, "inhibits", akt, Evidence("DOI:10.5555/x.1", doc2.text, 0, (15, 19), (0, 3), "passive"), hedged=True),
    ]
    return [doc, doc2], rels


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    docs, rels = sample()
    with GraphStore.create(root) as store:
        store.add_documents(docs)
        store.add_relations(rels)
    return GraphStore.open(root)


def dump(graph, fmt: str) -> bytes:
    out = io.BytesIO()
    graph.export(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_reparse_with_rdflib_to_the_same_graph(graph, fmt, rdflib_format):
    reference = Graph().parse(data=dump(graph, "nt").decode(), format="nt")
    parsed = Graph().parse(data=dump(graph, fmt).decode(), format=rdflib_format)
    assert len(parsed) == graph.stats()["triples"]
    assert isomorphic(parsed, reference)


def test_trig_export_holds_data_and_the_ontology_graph(graph):
    ds = Dataset()
    ds.parse(data=dump(graph, "trig").decode(), format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/omsgraph/vocab" in names
    assert len(ds.graph("https://w3id.org/omsgraph/vocab")) > 100


def test_turtle_round_trip_is_isomorphic(graph):
    first = Graph().parse(data=dump(graph, "turtle").decode(), format="turtle")
    again = Graph().parse(data=first.serialize(format="turtle"), format="turtle")
    assert isomorphic(first, again)


def test_tsv_has_exactly_the_documented_columns_and_one_row_per_statement(graph):
    text = dump(graph, "tsv").decode()
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    assert tuple(rows[0]) == TSV_COLUMNS == (
        "subject", "subject_id", "predicate", "object", "object_id", "negated", "hedged", "evidence_count", "documents")
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(body) == graph.stats()["relations"] == 2
    inhibits = next(r for r in body if r["predicate"] == "inhibits")
    assert inhibits == {
        "subject": 'Z-12 "quoted"', "subject_id": "CHEBI:999", "predicate": "inhibits", "object": "AKT1",
        "object_id": "HGNC:391", "negated": "false", "hedged": "false", "evidence_count": "2",
        "documents": "DOI:10.5555/x.1;PMID:42",
    }
    treats = next(r for r in body if r["predicate"] == "treats")
    assert (treats["negated"], treats["object_id"], treats["object"]) == ("true", "", "cerebellar ataxia")


def test_export_to_file_and_bad_format(graph, tmp_path):
    graph.export(tmp_path / "g.jsonld", "jsonld")
    assert json.loads((tmp_path / "g.jsonld").read_text())
    with pytest.raises(StoreError, match="unknown export format"):
        graph.export(tmp_path / "g.x", "rdfxml")
    with pytest.raises(StoreError, match="cannot write"):
        graph.export(tmp_path / "no" / "such" / "dir.ttl", "turtle")


def test_two_builds_are_byte_identical_whatever_the_input_order(tmp_path):
    docs, rels = sample()
    outputs = []
    for n, order in enumerate((1, -1)):
        root = tmp_path / f"g{n}"
        with GraphStore.create(root) as store:
            for doc in docs[::order]:
                store.add_documents([doc])
                store.add_relations([r for r in rels[::order] if r.evidence.document_id == doc.id])
        graph = GraphStore.open(root)
        outputs.append({fmt: dump(graph, fmt) for fmt in ("turtle", "nt", "tsv", "jsonld")})
    assert outputs[0] == outputs[1]
    assert isomorphic(Graph().parse(data=outputs[0]["turtle"].decode(), format="turtle"),
                      Graph().parse(data=outputs[1]["turtle"].decode(), format="turtle"))
