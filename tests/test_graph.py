"""The graph stage: IRIs, triples, statement aggregation, ontology consistency, GraphStore writes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Graph, Literal as RLiteral, Namespace, URIRef
from rdflib.namespace import RDFS

from omsgraph.errors import StoreError
from omsgraph.graph import GraphStore, curie_to_iri, document_iri, entity_iri, to_triples
from omsgraph.graph.rdf import CONFIDENCE_CAP, statement_iri
from omsgraph.graph.vocabulary import load_predicates, ontology_file
from omsgraph.model import (
    CORE_PREDICATES, ENTITY_TYPES, BibLink, Document, Entity, Evidence, MeshHeading, Relation, Substance,
)

OMSG = Namespace("https://w3id.org/omsgraph/vocab#")

# Sentences written for these tests.
TEXT_A = "Compound Q7 blocked PI3K in rat neurons. Compound Q7 did not treat ataxia."
TEXT_B = "In a second cohort, compound Q7 also blocked PI3K."

Q7 = Entity(id=None, label="compound Q7", type="Chemical")
PI3K = Entity(id="FPLX:PI3K", label="PI3K", type="ProteinFamily")
ATAXIA = Entity(id="HP:0001251", label="ataxia", type="Phenotype")


def span(text: str, word: str, start: int = 0) -> tuple[int, int]:
    i = text.index(word, start)
    return (i, i + len(word))


def relation(doc_id: str, text: str, sentence: str, subj: Entity, pred: str, obj: Entity, subj_word: str, obj_word: str,
             *, negated: bool = False, hedged: bool = False, confidence: float = 0.6) -> Relation:
    start = text.index(sentence)
    ev = Evidence(document_id=doc_id, sentence=sentence, sentence_start=start,
                  subject_span=span(text, subj_word, start), object_span=span(text, obj_word, start),
                  rule="test-rule", trigger="blocked", negated=negated, hedged=hedged, section="abstract")
    return Relation(subj, pred, obj, ev, negated=negated, hedged=hedged, confidence=confidence)


def sample() -> tuple[list[Document], list[Relation]]:
    doc_a = Document(id="PMID:111", text=TEXT_A, pmid="111", title="Q7 and PI3K", journal="J Test", year=2021,
                     authors=("Doe J", "Roe R"), publication_types=("Journal Article",),
                     mesh_terms=(MeshHeading("Ataxia", "MESH:D001259", True, ("drug therapy",)),),
                     substances=(Substance("Phosphatidylinositol 3-Kinases", "MESH:D019869"),),
                     links=(BibLink("cites", "PMID:222"), BibLink("similar_to", "DOI:10.1000/xyz", title="Other")))
    doc_b = Document(id="DOI:10.1000/b", text=TEXT_B, doi="10.1000/b")
    s1 = TEXT_A.split(". ")[0] + "."
    s2 = TEXT_A.split(". ")[1]
    rels = [
        relation("PMID:111", TEXT_A, s1, Q7, "inhibits", PI3K, "Compound Q7", "PI3K", confidence=0.6),
        relation("PMID:111", TEXT_A, s2, Q7, "treats", ATAXIA, "Compound Q7", "ataxia", negated=True),
        relation("DOI:10.1000/b", TEXT_B, TEXT_B, Q7, "inhibits", PI3K, "compound Q7", "PI3K", hedged=True, confidence=0.5),
    ]
    return [doc_a, doc_b], rels


def rdflib_graph(triples) -> Graph:
    from pyoxigraph import RdfFormat, serialize

    return Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode(), format="nt")


# ---- IRIs ------------------------------------------------------------------------------

@pytest.mark.parametrize("curie, iri", [
    ("MESH:D016756", "http://id.nlm.nih.gov/mesh/D016756"),
    ("CHEBI:65329", "http://purl.obolibrary.org/obo/CHEBI_65329"),
    ("GO:0019835", "http://purl.obolibrary.org/obo/GO_0019835"),
    ("NCBITaxon:10116", "http://purl.obolibrary.org/obo/NCBITaxon_10116"),
    ("HGNC:5464", "https://identifiers.org/hgnc:5464"),
    ("FPLX:PI3K", "https://identifiers.org/fplx:PI3K"),
    ("NCBIGene:3479", "https://identifiers.org/ncbigene:3479"),
    ("mesh:D016756", "http://id.nlm.nih.gov/mesh/D016756"),
])
def test_curies_expand_with_the_shipped_prefix_map(curie, iri):
    assert curie_to_iri(curie) == iri


def test_document_iris_follow_the_schema():
    assert document_iri("PMID:30538297").value == "https://identifiers.org/pubmed:30538297"
    assert document_iri("DOI:10.1038/abc").value == "https://doi.org/10.1038/abc"
    assert document_iri("PMC:PMC123").value == "https://identifiers.org/pmc:PMC123"
    assert document_iri("HASH:ab12").value == "https://w3id.org/omsgraph/resource/document/ab12"


def test_minted_iris_only_without_identifier_and_stay_distinct():
    assert entity_iri(Entity(None, "neuronal cytolysis")).value.endswith("/entity/neuronal-cytolysis")
    assert entity_iri(Entity(None, "IL-6")) != entity_iri(Entity(None, "IL 6"))
    assert entity_iri(Entity("CHEBI:1", "x")).value.startswith("http://purl.obolibrary.org/obo/")
    # An unknown prefix still gives a valid IRI (pyoxigraph validates it) and keeps the CURIE as notation.
    odd = Entity("WEIRD:a b<c>", "odd")
    assert entity_iri(odd).value.startswith("https://w3id.org/omsgraph/resource/entity/")
    assert curie_to_iri("DOI:10.1000/a b") == "https://doi.org/10.1000/a%20b"


# ---- triples -----------------------------------------------------------------------------

def test_one_statement_per_key_with_evidence_from_two_papers():
    docs, rels = sample()
    g = rdflib_graph(to_triples(docs, rels))
    stmt = URIRef(statement_iri(rels[0].key).value)
    assert stmt == URIRef(statement_iri(rels[2].key).value)
    evidence = set(g.objects(stmt, OMSG.evidence))
    assert len(evidence) == 2
    assert g.value(stmt, OMSG.evidenceCount).toPython() == 2
    assert g.value(stmt, OMSG.documentCount).toPython() == 2
    # 1 - (1 - 0.6)(1 - 0.5) = 0.8: support from a second paper raises confidence
    assert float(g.value(stmt, OMSG.confidence)) == pytest.approx(0.8)
    assert g.value(stmt, OMSG.hedged).toPython() is False  # only one of the two is hedged
    docs_of_evidence = {str(g.value(e, OMSG.document)) for e in evidence}
    assert docs_of_evidence == {"https://identifiers.org/pubmed:111", "https://doi.org/10.1000/b"}


def test_repeated_support_in_one_paper_does_not_inflate_confidence_and_is_capped():
    docs, rels = sample()
    g = rdflib_graph(to_triples(docs, [rels[0], rels[0]]))
    stmt = URIRef(statement_iri(rels[0].key).value)
    assert g.value(stmt, OMSG.evidenceCount).toPython() == 1
    many = [relation(f"PMID:{n}", TEXT_B, TEXT_B, Q7, "inhibits", PI3K, "compound Q7", "PI3K", confidence=0.9)
            for n in range(1, 8)]
    g = rdflib_graph(to_triples([], many))
    assert float(g.value(stmt, OMSG.confidence)) == pytest.approx(CONFIDENCE_CAP)
    assert g.value(stmt, OMSG.documentCount).toPython() == 7


def test_negated_relation_never_becomes_a_plain_triple():
    docs, rels = sample()
    g = rdflib_graph(to_triples(docs, rels))
    q7, ataxia = URIRef(entity_iri(Q7).value), URIRef(entity_iri(ATAXIA).value)
    assert (q7, OMSG.treats, ataxia) not in g
    assert (q7, OMSG.inhibits, URIRef(entity_iri(PI3K).value)) in g
    stmt = URIRef(statement_iri(rels[1].key).value)
    assert str(g.value(stmt, OMSG.polarity)) == "negative"
    assert g.value(stmt, OMSG.negated).toPython() is True


def test_entities_carry_type_label_notation_and_surface_forms():
    docs, rels = sample()
    g = rdflib_graph(to_triples(docs, rels))
    q7 = URIRef(entity_iri(Q7).value)
    assert (q7, URIRef(str(OMSG) + "Chemical"), None) not in g  # types are rdf:type, not properties
    from rdflib.namespace import RDF, SKOS
    assert {OMSG.Entity, OMSG.Chemical} <= set(g.objects(q7, RDF.type))
    assert g.value(q7, RDFS.label) == RLiteral("compound Q7")
    assert RLiteral("Compound Q7") in set(g.objects(q7, SKOS.altLabel))
    pi3k = URIRef(entity_iri(PI3K).value)
    assert g.value(pi3k, SKOS.notation) == RLiteral("FPLX:PI3K")


def test_document_metadata_uses_dcterms_fabio_prism_cito():
    docs, _ = sample()
    g = rdflib_graph(to_triples(docs, []))
    d = URIRef("https://identifiers.org/pubmed:111")
    DCT, FABIO, PRISM, CITO = (Namespace(n) for n in ("http://purl.org/dc/terms/", "http://purl.org/spar/fabio/",
                                                         "http://prismstandard.org/namespaces/basic/2.0/", "http://purl.org/spar/cito/"))
    assert str(g.value(d, DCT.identifier)) == "PMID:111"
    assert str(g.value(d, DCT.title)) == "Q7 and PI3K"
    assert str(g.value(d, PRISM.publicationName)) == "J Test"
    assert str(g.value(d, FABIO.hasPublicationYear)) == "2021"
    assert {str(a) for a in g.objects(d, DCT.creator)} == {"Doe J", "Roe R"}
    assert (d, CITO.cites, URIRef("https://identifiers.org/pubmed:222")) in g
    assert (d, OMSG.similarTo, URIRef("https://doi.org/10.1000/xyz")) in g
    assert (d, DCT.subject, URIRef("http://id.nlm.nih.gov/mesh/D001259")) in g
    heading = g.value(d, OMSG.meshHeading)
    assert g.value(heading, OMSG.majorTopic).toPython() is True
    assert str(g.value(heading, RDFS.label)) == "Ataxia/drug therapy*"
    from rdflib.namespace import RDF
    assert FABIO.JournalArticle in set(g.objects(d, RDF.type))
    assert g.value(d, OMSG.contentHash) is not None


def test_unknown_predicate_is_a_one_line_store_error():
    docs, rels = sample()
    bad = Relation(Q7, "frobnicates", PI3K, rels[0].evidence)
    with pytest.raises(StoreError, match="unknown predicate 'frobnicates'"):
        to_triples([], [bad])


def test_to_triples_is_deterministic_and_order_independent():
    docs, rels = sample()
    assert [str(t) for t in to_triples(docs, rels)] == [str(t) for t in to_triples(list(reversed(docs)), list(reversed(rels)))]


# ---- ontology files agree with predicates.tsv ----------------------------------------------

def test_ontology_declares_every_predicate_with_sign_mappings_and_types():
    predicates = load_predicates()
    assert set(CORE_PREDICATES) <= set(predicates)
    onto = Graph().parse(ontology_file("omsgraph.ttl"))
    SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
    declared = {str(s).rsplit("#", 1)[1] for s in onto.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), OMSG.Predicate)}
    assert declared == set(predicates)
    for p in predicates.values():
        node = OMSG[p.name]
        assert onto.value(node, OMSG.sign).toPython() == p.sign
        assert str(onto.value(node, RDFS.label)) == p.label
        assert str(onto.value(node, SKOS.definition)) == p.definition
        matches = {str(o) for o in onto.objects(node, SKOS.exactMatch)} | {str(o) for o in onto.objects(node, SKOS.closeMatch)}
        if p.biolink:
            assert "https://w3id.org/biolink/vocab/" + p.biolink.split(":")[1] in matches
        if p.ro:
            assert "http://purl.obolibrary.org/obo/RO_" + p.ro.split(":")[1] in matches
        assert {str(o).rsplit("#")[1] for o in onto.objects(node, OMSG.subjectType)} == set(p.subject_types)
        assert {str(o).rsplit("#")[1] for o in onto.objects(node, OMSG.objectType)} == set(p.object_types)
        # the broader predicate a relation falls back to is its super-property
        assert {str(o).rsplit("#")[1] for o in onto.objects(node, RDFS.subPropertyOf)} == ({p.broader} if p.broader else set())
    for t in ENTITY_TYPES:
        if t != "Entity":
            assert (OMSG[t], RDFS.subClassOf, OMSG.Entity) in onto


def test_shapes_cover_the_domain_and_range_of_predicates_tsv():
    from rdflib.collection import Collection

    shapes = Graph().parse(ontology_file("shapes.ttl"))
    SHS = Namespace("https://w3id.org/omsgraph/shapes#")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    found = {}
    for shape in shapes.subjects(SHS.role, None):
        key = (str(shapes.value(shape, SHS.predicate)).rsplit("#")[1], str(shapes.value(shape, SHS.role)))
        found[key] = set(str(shapes.value(shape, SHS.allowedTypes)).split("|"))
        target = str(shapes.value(shapes.value(shape, SH.target), SH.select))
        assert f"rdf:predicate omsg:{key[0]} " in target
        prop = shapes.value(shape, SH.property)
        assert shapes.value(prop, SH.path) == URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#" + key[1])
        alternatives = list(Collection(shapes, shapes.value(prop, SH["or"])))
        classes = {str(shapes.value(a, SH["class"])).rsplit("#")[1] for a in alternatives if shapes.value(a, SH["class"])}
        assert classes == found[key] - {"Entity"}
        assert any(shapes.value(a, SH["not"]) for a in alternatives) == ("Entity" in found[key])
    expected = {}
    for p in load_predicates().values():
        if p.subject_types:
            expected[(p.name, "subject")] = set(p.subject_types)
        if p.object_types:
            expected[(p.name, "object")] = set(p.object_types)
    assert found == expected


# ---- GraphStore ----------------------------------------------------------------------------

def build(root: Path, docs, rels) -> None:
    with GraphStore.create(root) as store:
        store.add_documents(docs)
        store.add_relations(rels)


def test_store_matches_to_triples(tmp_path):
    docs, rels = sample()
    build(tmp_path, docs, rels)
    graph = GraphStore.open(tmp_path)
    from pyoxigraph import DefaultGraph
    stored = {str(q.triple) for q in graph.oxigraph.quads_for_pattern(None, None, None, DefaultGraph())}
    assert stored == {str(t) for t in to_triples(docs, rels)}
    assert graph.stats() | {} == graph.stats()
    s = graph.stats()
    assert (s["documents"], s["relations"], s["evidence"], s["entities"]) == (2, 2, 3, 3)
    assert s["negated"] == 1 and s["by_predicate"] == {"inhibits": 1, "treats": 1}
    assert s["triples"] == len(stored)


def test_workers_send_evidence_and_the_writer_adds_the_statement_nodes(tmp_path):
    from pyoxigraph import DefaultGraph

    from omsgraph.graph.batch import encode

    docs, rels = sample()
    batches = [encode(d, [r for r in rels if r.evidence.document_id == d.id]) for d in docs]
    shared = {row[0] for row in batches[0].evidence} & {row[0] for row in batches[1].evidence}
    assert shared, "the sample should state one statement in both documents"
    for batch in batches:
        for stmt in {row[0] for row in batch.evidence}:
            assert f"<{stmt}> <https://w3id.org/omsgraph/vocab#evidence> ".encode() in batch.data
            assert f"<{stmt}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#".encode() not in batch.data
    with GraphStore.create(tmp_path) as store:
        for batch in batches:
            store.add_encoded(batch)
    stored = {str(q.triple) for q in GraphStore.open(tmp_path).oxigraph.quads_for_pattern(None, None, None, DefaultGraph())}
    assert stored == {str(t) for t in to_triples(docs, rels)}


def test_streaming_per_document_aggregates_across_documents(tmp_path):
    docs, rels = sample()
    with GraphStore.create(tmp_path) as store:
        for doc in docs:
            store.add_documents([doc])
            store.add_relations([r for r in rels if r.evidence.document_id == doc.id])
    graph = GraphStore.open(tmp_path)
    rows = list(graph.query("SELECT ?n WHERE { ?s omsg:evidenceCount ?n ; rdf:predicate omsg:inhibits }"))
    assert [r["n"].value for r in rows] == ["2"]


def test_read_only_store_rejects_writes_and_missing_dirs_are_one_line_errors(tmp_path):
    docs, rels = sample()
    build(tmp_path / "g", docs, rels)
    graph = GraphStore.open(tmp_path / "g")
    with pytest.raises(StoreError):
        graph.add_documents(docs)
    with pytest.raises(StoreError, match="no such graph folder"):
        GraphStore.open(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="not an omsgraph graph folder") as info:
        GraphStore.open(tmp_path / "empty")
    assert "\n" not in str(info.value)


def test_update_skips_known_and_replaces_changed_documents(tmp_path):
    docs, rels = sample()
    build(tmp_path, docs, rels)
    before = GraphStore.open(tmp_path)
    hashes = before.document_hashes(["PMID:111", "DOI:10.1000/b", "PMID:999"])
    stats_before = before.stats()
    assert set(hashes) == {"PMID:111", "DOI:10.1000/b"}  # what the graph holds of those asked about
    assert before.document_hashes(["PMID:999"]) == {} and before.document_hashes([]) == {}
    del before

    # A changed version of document B: its evidence is replaced, the statement recomputed.
    new_b = Document(id="DOI:10.1000/b", text=TEXT_B + " Extra.", doi="10.1000/b")
    with GraphStore.update(tmp_path) as store:
        assert store.document_hashes(["DOI:10.1000/b"]) == {"DOI:10.1000/b": hashes["DOI:10.1000/b"]}
        assert store.remove_document("DOI:10.1000/b") is True
        store.add_documents([new_b])
    graph = GraphStore.open(tmp_path)
    s = graph.stats()
    assert s["documents"] == 2 and s["evidence"] == 2
    stmt = statement_iri(rels[0].key)
    counts = {r["p"].value.rsplit("#")[1]: r["o"].value for r in graph.query(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p IN (omsg:evidenceCount, omsg:documentCount, omsg:confidence, omsg:hedged)) }",
        substitutions={__import__("pyoxigraph").Variable("s"): stmt})}
    assert counts == {"evidenceCount": "1", "documentCount": "1", "confidence": "0.6", "hedged": "false"}
    assert graph.document_hashes(["DOI:10.1000/b"])["DOI:10.1000/b"] != hashes["DOI:10.1000/b"]
    del graph

    # Removing the only support of a statement removes the statement, its plain triple and orphan entities.
    with GraphStore.update(tmp_path) as store:
        store.remove_document("PMID:111")
    graph = GraphStore.open(tmp_path)
    s = graph.stats()
    assert (s["documents"], s["relations"], s["evidence"], s["entities"]) == (1, 0, 0, 0)
    assert not graph.query("ASK { ?s omsg:inhibits ?o }")
    del graph

    # Adding everything back gives exactly the original graph.
    with GraphStore.update(tmp_path) as store:
        store.remove_document("DOI:10.1000/b")
        store.add_documents(docs)
        store.add_relations(rels)
    assert GraphStore.open(tmp_path).stats() == stats_before


def test_failed_build_leaves_previous_graph_current(tmp_path):
    docs, rels = sample()
    build(tmp_path, docs, rels)
    first = GraphStore.open(tmp_path)
    first_build, first_stats = first.build, first.stats()
    del first
    with pytest.raises(RuntimeError):
        with GraphStore.create(tmp_path) as store:
            store.add_documents(docs[:1])
            raise RuntimeError("extraction crashed midway")
    graph = GraphStore.open(tmp_path)
    assert graph.build == first_build and graph.stats() == first_stats
    assert sorted(p.name for p in tmp_path.glob("build-*")) == [first_build.name]


def test_successful_rebuild_swaps_current_and_keeps_one_previous(tmp_path):
    docs, rels = sample()
    names = []
    for n in range(3):
        build(tmp_path, docs[: 1 + n % 2], rels)
        names.append(GraphStore.open(tmp_path).build.name)
    assert len(set(names)) == 3
    assert (tmp_path / "current").is_symlink()
    assert sorted(p.name for p in tmp_path.glob("build-*")) == sorted(names[1:])
    assert GraphStore.open(tmp_path).stats()["documents"] == 1


def test_store_holds_the_ontology_in_its_own_graph_after_create_and_update(tmp_path):
    from omsgraph.graph import ONTOLOGY_GRAPH

    docs, rels = sample()
    expected = len(Graph().parse(ontology_file("omsgraph.ttl")))
    build(tmp_path, docs, rels)
    for step in range(2):
        graph = GraphStore.open(tmp_path)
        assert sum(1 for _ in graph.oxigraph.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)) == expected
        assert graph.query("ASK { GRAPH <https://w3id.org/omsgraph/vocab> { omsg:inhibits omsg:sign -1 } }")
        assert not graph.query("ASK { omsg:inhibits omsg:sign -1 }")  # the default graph is data only
        del graph
        if step == 0:
            with GraphStore.update(tmp_path) as store:
                store.add_documents(docs[:1])


def test_stored_triple_count_is_the_default_graphs_size_without_the_ontology(tmp_path):
    docs, rels = sample()
    with GraphStore.create(tmp_path / "g") as store:
        store.add_documents(docs)
        store.add_relations(rels)
    graph = GraphStore.open(tmp_path / "g")
    (row,) = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    expected = int(row["n"].value)
    assert expected == len(to_triples(docs, rels))          # the ontology lives in its own named graph
    assert len(graph) == graph.stats()["triples"] == expected


def test_a_statement_confidence_does_not_depend_on_when_its_evidence_came(tmp_path):
    """Summaries use evidence confidences as stored (4 places): a graph built at once and one built
    in two runs (the second reading the first's evidence back) agree to the last digit."""
    docs, rels = sample()
    rels = [dataclasses.replace(rels[0], confidence=0.63104), dataclasses.replace(rels[2], confidence=0.35)]
    build(tmp_path / "once", docs, rels)
    build(tmp_path / "twice", docs[:1], rels[:1])
    with GraphStore.update(tmp_path / "twice") as store:
        store.add_documents(docs[1:])
        store.add_relations(rels[1:])
    ask = "SELECT ?c WHERE { ?st rdf:predicate omsg:inhibits ; omsg:confidence ?c }"
    once, twice = ([row["c"].value for row in GraphStore.open(tmp_path / name).query(ask)] for name in ("once", "twice"))
    assert once == twice == ["0.7601"]  # 1 - (1 - 0.631)(1 - 0.35); 0.7602 from the unrounded 0.63104
    assert [t.object.value for t in to_triples(docs, rels)
            if t.predicate.value == str(OMSG.confidence) and "/statement/" in t.subject.value] == ["0.7601"]
