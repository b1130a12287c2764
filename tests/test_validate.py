"""SHACL validation (pySHACL, ontology/shapes.ttl): good graphs pass, broken ones fail with a readable report."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pyoxigraph import DefaultGraph, NamedNode, Quad

from omsgraph.cli import main
from omsgraph.graph import GraphStore, entity_iri
from omsgraph.graph.rdf import evidence_iri, statement_iri
from omsgraph.graph.validate import validate_graph
from omsgraph.model import Document, Entity, Evidence, Relation

OMSG = "https://w3id.org/omsgraph/vocab#"
# Text written for these tests.
TEXT = "Agent R5 inhibited PI3K. Agent R5 did not improve ataxia. Something vague acted via PI3K."
R5 = Entity("CHEBI:55", "R5", "Chemical")
PI3K = Entity("FPLX:PI3K", "PI3K", "ProteinFamily")
ATAXIA = Entity("HP:0001251", "ataxia", "Phenotype")
VAGUE = Entity(None, "something vague", "Entity")


def ev(sentence: str, subj: str, obj: str, **kw) -> Evidence:
    start = TEXT.index(sentence)
    s, o = TEXT.index(subj, start), TEXT.index(obj, start)
    return Evidence("PMID:9", sentence, start, (s, s + len(subj)), (o, o + len(obj)), "svo", **kw)


def relations() -> list[Relation]:
    return [
        Relation(R5, "inhibits", PI3K, ev("Agent R5 inhibited PI3K.", "R5", "PI3K")),
        Relation(R5, "treats", ATAXIA, ev("Agent R5 did not improve ataxia.", "R5", "ataxia", negated=True), negated=True),
        Relation(VAGUE, "acts_via", PI3K, ev("Something vague acted via PI3K.", "Something vague", "PI3K")),
    ]


def build(root: Path, rels=None) -> GraphStore:
    with GraphStore.create(root) as store:
        store.add_documents([Document(id="PMID:9", text=TEXT, pmid="9")])
        store.add_relations(relations() if rels is None else rels)
    return GraphStore.open(root, read_only=False)


def test_good_graph_conforms_and_cli_exits_0(tmp_path):
    report = validate_graph(build(tmp_path))
    assert report.conforms, report.text()
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0 and result.output.startswith("valid")


def test_broken_graph_fails_with_a_readable_report(tmp_path):
    graph = build(tmp_path)
    store = graph.oxigraph
    rels = relations()
    stmt = statement_iri(rels[0].key)
    evid = evidence_iri(rels[0])
    d = DefaultGraph()
    # the statement loses its evidence link, the evidence loses its sentence, the document its identifier
    store.remove(Quad(stmt, NamedNode(OMSG + "evidence"), evid, d))
    for q in list(store.quads_for_pattern(evid, NamedNode(OMSG + "sentence"), None, d)):
        store.remove(q)
    for q in list(store.quads_for_pattern(None, NamedNode("http://purl.org/dc/terms/identifier"), None, d)):
        store.remove(q)
    # a negated finding asserted as a plain triple
    store.add(Quad(entity_iri(R5), NamedNode(OMSG + "treats"), entity_iri(ATAXIA), d))
    # a second subject
    store.add(Quad(stmt, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), entity_iri(ATAXIA), d))
    store.flush()
    report = validate_graph(graph)
    assert not report.conforms
    messages = {v.message for v in report.violations}
    assert "a statement needs at least one omsg:Evidence" in messages
    assert "an evidence needs exactly one sentence text" in messages
    assert "a document needs exactly one dcterms:identifier" in messages
    assert "a negated statement must not be asserted as a plain triple" in messages
    assert "a statement needs exactly one subject entity" in messages
    text = report.text()
    assert text.startswith("invalid:") and "omsr:statement/" in text
    del graph, store
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "a statement needs at least one omsg:Evidence" in result.output


def test_domain_and_range_of_predicates_are_checked(tmp_path):
    gene = Entity("HGNC:1", "GENE1", "Gene")
    disease = Entity("MONDO:1", "some disease", "Disease")
    sentence = "Agent R5 inhibited PI3K."
    rels = [
        Relation(R5, "treats", gene, ev(sentence, "R5", "PI3K")),        # treats a gene: range violation
        Relation(disease, "inhibits", PI3K, ev(sentence, "Agent", "PI3K")),  # a disease inhibits: domain violation
        Relation(R5, "treats", VAGUE, ev(sentence, "R5", "inhibited")),   # untyped object: allowed (Entity)
    ]
    report = validate_graph(build(tmp_path, rels))
    messages = sorted(v.message for v in report.violations)
    assert messages == [
        "the object of 'treats' must be one of: Disease, Phenotype, Entity",
        "the subject of 'inhibits' must be one of: Chemical, Gene, ProteinFamily, Entity",
    ]


BIORED_TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "biored" / "BioRED_Train.PubTator"


def test_a_graph_built_from_real_abstracts_conforms(tmp_path):
    """The shapes hold for what extraction writes, not only for hand-made graphs: 200 BioRED training
    abstracts with their own mentions (genes, chemicals, diseases, variants) built and validated."""
    import pytest

    if not BIORED_TRAIN.exists():
        pytest.skip("../shared BioRED training file absent")
    records = BIORED_TRAIN.read_text(encoding="utf-8").split("\n\n")[:200]
    sample = tmp_path / "sample.pubtator"
    sample.write_text("\n\n".join(records) + "\n", encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(sample), "-o", str(tmp_path / "g"), "--entities", "input", "--no-broad",
                                 "--workers", "1", "--no-progress"])
    assert built.exit_code == 0 and "built 200 document(s)" in built.output, built.output
    result = runner.invoke(main, ["validate", str(tmp_path / "g"), "--limit", "5"])
    assert result.exit_code == 0 and result.output.startswith("valid: "), result.output
