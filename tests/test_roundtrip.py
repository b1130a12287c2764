"""Turtle written by the store re-parses to the same graph for arbitrary labels and sentences."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store, parse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from omsgraph.graph import GraphStore, document_hash, entity_iri
from omsgraph.graph.iris import sha1
from omsgraph.model import BibLink, Document, Entity, Evidence, MeshHeading, Mention, Passage, Relation, Substance

OMSG = Namespace("https://w3id.org/omsgraph/vocab#")

# Any text a file could hold: no surrogates (not encodable in UTF-8); quotes, backslashes,
# newlines, tabs, emoji and combining marks included on purpose.
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from('"\'\\\n\t\r<>{}@#;:.^_ é漢字🧬\u0301'), st.characters(exclude_categories=("Cs",))),
    min_size=1, max_size=40,
)


def memory_graph() -> GraphStore:
    return GraphStore(Store(), graph_dir=Path("."), build=Path("."), writable=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=TEXT, obj=TEXT, sentence=TEXT, title=TEXT, curie_local=st.from_regex(r"[A-Za-z0-9_.\-]{1,12}", fullmatch=True))
def test_turtle_round_trip_over_random_text(subject, obj, sentence, title, curie_local):
    text = sentence
    doc = Document(id=f"DOI:10.1/{curie_local}", text=text, title=title, doi=f"10.1/{curie_local}")
    s, o = Entity(None, subject, "Chemical"), Entity(f"HGNC:{curie_local}", obj, "Gene")
    ev = Evidence(doc.id, sentence, 0, (0, min(1, len(text))), (0, len(text)), "rule \"q\"", trigger=title)
    graph = memory_graph()
    graph.add_documents([doc])
    graph.add_relations([Relation(s, "increases", o, ev)])
    graph.close()

    out = io.BytesIO()
    graph.export(out, "turtle")
    first = Graph().parse(data=out.getvalue().decode("utf-8"), format="turtle")
    nt = io.BytesIO()
    graph.export(nt, "nt")
    assert isomorphic(first, Graph().parse(data=nt.getvalue().decode("utf-8"), format="nt"))
    again = Graph().parse(data=first.serialize(format="turtle"), format="turtle")
    assert isomorphic(first, again)
    # the literal values survive unchanged
    assert first.value(URIRef(entity_iri(s).value), RDFS.label) == Literal(subject)
    assert Literal(sentence) in set(first.objects(None, OMSG.sentence))
    assert (URIRef(entity_iri(s).value), OMSG.increases, URIRef(entity_iri(o).value)) in first


DOCUMENTS = st.builds(
    Document, id=st.just("PMID:7"), text=TEXT, title=TEXT, source=TEXT,
    passages=st.lists(st.builds(Passage, text=TEXT, offset=st.integers(0, 99), section=TEXT,
                                label=st.none() | TEXT), max_size=3).map(tuple),
    year=st.none() | st.integers(1900, 2100), authors=st.lists(TEXT, max_size=3).map(tuple),
    mesh_terms=st.lists(st.builds(MeshHeading, descriptor=TEXT, mesh_id=st.none() | TEXT, major=st.booleans(),
                                  qualifiers=st.lists(TEXT, max_size=2).map(tuple)), max_size=2).map(tuple),
    substances=st.lists(st.builds(Substance, name=TEXT, id=st.none() | TEXT), max_size=2).map(tuple),
    links=st.lists(st.builds(BibLink, relation=st.sampled_from(["cites", "cited_by"]), target=TEXT,
                             title=st.none() | TEXT), max_size=2).map(tuple),
    mentions=st.lists(st.builds(Mention, start=st.integers(0, 50), end=st.integers(0, 50), text=TEXT,
                                type=st.sampled_from(["Chemical", "Disease"]), id=st.none() | TEXT), max_size=3).map(tuple))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_document_hash_is_the_hash_of_the_documents_facts_as_asdict_gives_them(document):
    # Graphs built before store the hash of dataclasses.asdict's JSON; the faster conversion must give the same.
    facts = asdict(document)
    facts.pop("source")
    for passage in facts["passages"]:
        if passage["label"] is None:
            passage.pop("label")
    assert document_hash(document) == sha1(json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str))


ENTITIES = st.builds(Entity, id=st.none() | TEXT | TEXT.map(lambda t: "MESH:" + t) | TEXT.map(lambda t: "HGNC:" + t),
                     label=TEXT, type=st.sampled_from(["Chemical", "Gene", "Disease"]) | TEXT)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS.map(lambda d: replace(d, id="DOI:" + d.title)), subject=ENTITIES, obj=ENTITIES,
       sentence=TEXT, rule=TEXT, trigger=st.none() | TEXT)
def test_whatever_the_input_the_store_holds_only_terms_a_strict_parser_accepts(document, subject, obj, sentence,
                                                                                rule, trigger):
    # The store bulk-loads leniently (no IRI re-validation, the parser's costliest check): that is safe
    # only while every IRI the encoder writes is a validated NamedNode or a fixed prefix plus a hash.
    # Arbitrary ids, types, titles, links and labels must still give N-Triples a strict parser reads.
    ev = Evidence(document.id, sentence, 0, (0, 1), (1, 2), rule, trigger=trigger, section=rule)
    graph = memory_graph()
    graph.add_documents([document])
    graph.add_relations([Relation(subject, "inhibits", obj, ev, hedged=True)])
    graph.close()
    out = io.BytesIO()
    graph.export(out, "nt")
    strict = list(parse(out.getvalue(), format=RdfFormat.N_TRIPLES))
    assert len(strict) == len(graph)
