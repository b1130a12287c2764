"""Compact, picklable RDF of one document's results, made where the work is done.

Worker processes turn ``(document, relations)`` into an :class:`EncodedBatch` — the N-Triples
bytes of the document triples and evidence nodes, plus the small tuples the single writer needs
to write entity triples and statement nodes (each once, however many documents name it) — so
what travels back to the writer is a few bytes objects instead of an object graph, and the writer
only aggregates and bulk-loads.
Both :class:`~omsgraph.graph.store.GraphStore` and :class:`~omsgraph.graph.remote.RemoteStore`
accept it (``add_encoded``).

>>> from omsgraph.model import Document, Entity, Evidence, Relation
>>> doc = Document(id="PMID:1", text="LY294002 inhibits PI3K.", pmid="1")
>>> ev = Evidence("PMID:1", doc.text, 0, (0, 8), (18, 22), "svo")
>>> rel = Relation(Entity("CHEBI:65329", "LY294002", "Chemical"), "inhibits",
...                Entity("FPLX:PI3K", "PI3K", "ProteinFamily"), ev)
>>> batch = encode(doc, [rel])
>>> batch.relations, [e[2] for e in batch.entities], batch.evidence[0][4:5]
(1, ['LY294002', 'PI3K'], (False,))
>>> b"<https://identifiers.org/pubmed:1>" in batch.data
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from omsgraph.graph.iris import entity_iri
from omsgraph.graph.rdf import document_terms, evidence_terms, ntriples, relation_iris, stored_confidence
from omsgraph.model import Document, Entity, Relation

# (statement IRI, subject IRI, predicate IRI, object IRI, negated, evidence IRI, document IRI, hedged, confidence)
EvidenceRow = tuple[str, str, str, str, bool, str, str, bool, float]
# (IRI, CURIE or None, label, type): what entity_triples needs, decided by the writer (first label wins)
EntityRow = tuple[str, "str | None", str, str]


@dataclass(frozen=True, slots=True)
class EncodedBatch:
    """The graph part of one or more documents' results, ready for a store's ``add_encoded``.

    ``data`` holds N-Triples (default graph) of the document triples and, per relation, the
    evidence node (:func:`omsgraph.graph.rdf.evidence_terms`) — no entity triples and no
    statement nodes: the writer makes those once (``statement_terms``), from what it saw before.
    """

    data: bytes
    documents: int
    relations: int
    entities: tuple[EntityRow, ...]
    evidence: tuple[EvidenceRow, ...]


def encode(document: Document | None, relations: Iterable[Relation]) -> EncodedBatch:
    """Encode ``document`` (may be None) and its ``relations`` (entities in first-seen order)."""
    terms = document_terms(document) if document is not None else []
    entities: dict[str, EntityRow] = {}
    evidence: list[EvidenceRow] = []
    for relation in relations:
        parts = relation_iris(relation)
        terms.extend(evidence_terms(relation, parts))
        for entity in (relation.subject, relation.object):
            iri = entity_iri(entity).value
            if iri not in entities:
                entities[iri] = (iri, entity.id, entity.label, entity.type)
        stmt, subject, predicate, obj, evid, document_node = parts
        evidence.append((stmt, subject, predicate, obj, relation.negated, evid, document_node,
                         relation.hedged or relation.evidence.hedged, stored_confidence(relation.confidence)))
    return EncodedBatch(ntriples(terms), 1 if document is not None else 0, len(evidence),
                        tuple(entities.values()), tuple(evidence))


def encode_relations(relations: Iterable[Relation], *, chunk: int = 2000) -> Iterator[EncodedBatch]:
    """``relations`` (no document) encoded ``chunk`` at a time: bounded memory for one huge call."""
    iterator = iter(relations)
    while part := list(islice(iterator, chunk)):
        yield encode(None, part)


def entity_of(row: EntityRow) -> Entity:
    """The Entity an :data:`EntityRow` was made from."""
    return Entity(row[1], row[2], row[3])


__all__ = ["EncodedBatch", "EntityRow", "EvidenceRow", "encode", "encode_relations", "entity_of"]
