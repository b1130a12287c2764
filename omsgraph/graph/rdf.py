"""Documents and Relations → RDF triples (the schema of DEVELOPERS.md, "RDF").

The builders return pyoxigraph Quads in the default graph (what the store writes, without a
conversion step); :func:`to_triples` returns plain Triples.

Each Relation becomes an Evidence node attached to the Statement of its key
(subject, predicate, object, negated); a statement's summary (evidence and document counts,
hedged, confidence, and the plain triple for positive statements) is computed from all of
its evidence by :func:`statement_summary`. IRIs are content hashes, so the same input gives
the same triples; :func:`to_triples` returns them sorted.

>>> from omsgraph.model import Document, Entity, Evidence, Relation
>>> doc = Document(id="PMID:1", text="LY294002 inhibits PI3K.", pmid="1")
>>> ev = Evidence(document_id="PMID:1", sentence=doc.text, sentence_start=0,
...               subject_span=(0, 8), object_span=(18, 22), rule="svo")
>>> rel = Relation(Entity("CHEBI:65329", "LY294002", "Chemical"), "inhibits",
...                Entity("FPLX:PI3K", "PI3K", "ProteinFamily"), ev, confidence=0.6)
>>> triples = to_triples([doc], [rel, rel])
>>> plain = [t for t in triples if t.predicate.value.endswith("#inhibits")]
>>> [(t.subject.value, t.object.value) for t in plain]
[('http://purl.obolibrary.org/obo/CHEBI_65329', 'https://identifiers.org/fplx:PI3K')]
>>> sorted(t.object.value for t in triples if t.predicate.value.endswith("#evidenceCount"))
['1']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, Triple

from omsgraph.errors import StoreError
from omsgraph.graph.iris import OMSG, OMSR, document_iri, entity_iri, sha1, vocab
from omsgraph.graph.vocabulary import PredicateInfo, load_predicates
from omsgraph.model import ENTITY_TYPES, Document, Entity, Evidence, Relation, polarity

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FABIO = "http://purl.org/spar/fabio/"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
CITO = "http://purl.org/spar/cito/"

RDF_TYPE = NamedNode(RDF + "type")
RDF_SUBJECT = NamedNode(RDF + "subject")
RDF_PREDICATE = NamedNode(RDF + "predicate")
RDF_OBJECT = NamedNode(RDF + "object")
RDFS_LABEL = NamedNode(RDFS + "label")
XSD_GYEAR = NamedNode(XSD + "gYear")

DOCUMENT = vocab("Document")
ENTITY = vocab("Entity")
HAS_EVIDENCE = vocab("evidence")
EV_DOCUMENT = vocab("document")
HEDGED = vocab("hedged")
NEGATED = vocab("negated")
CONFIDENCE = vocab("confidence")
EVIDENCE_COUNT = vocab("evidenceCount")
DOCUMENT_COUNT = vocab("documentCount")
CONTENT_HASH = vocab("contentHash")
SUMMARY_PREDICATES = (HEDGED, CONFIDENCE, EVIDENCE_COUNT, DOCUMENT_COUNT)
# Nodes that belong to one document (its MeSH headings, its substances): removed with it.
DOCUMENT_PARTS = (vocab("meshHeading"), vocab("substance"))
def document_hashes_query(document_ids: Iterable[str]) -> str:
    """Document id -> omsg:contentHash (what ``add`` compares a document read again with) for these
    documents only, named by their IRIs (which :func:`~omsgraph.graph.iris.document_iri` has
    validated) in a VALUES block: ``add`` asks about the documents it reads, a few hundred at a time,
    never for every document of a graph that may hold millions. (The block is inside the pattern:
    Virtuoso rejects a trailing VALUES on a variable the query does not return.)

    >>> "VALUES ?d { <https://identifiers.org/pubmed:1> }" in document_hashes_query(["PMID:1"])
    True
    """
    values = " ".join(sorted({str(document_iri(i)) for i in document_ids}))
    return (f"SELECT ?id ?hash WHERE {{ VALUES ?d {{ {values} }} ?d a omsg:Document ; dcterms:identifier ?id . "
            "OPTIONAL { ?d omsg:contentHash ?hash } }")

# Independent support raises confidence but never to certainty.
CONFIDENCE_CAP = 0.99

# PubMed publication types with a FaBiO class; others are kept as omsg:publicationType only.
_FABIO_TYPES = {
    "journal article": "JournalArticle",
    "review": "ReviewArticle",
    "systematic review": "ReviewArticle",
    "letter": "Letter",
    "comment": "Comment",
    "editorial": "Editorial",
    "case reports": "CaseReport",
    "clinical trial": "ClinicalTrialReport",
    "randomized controlled trial": "ClinicalTrialReport",
    "meta-analysis": "ReviewArticle",
    "book chapter": "BookChapter",
    "preprint": "Preprint",
}
_LINK_PREDICATES = {"cites": CITO + "cites", "cited_by": CITO + "isCitedBy", "similar_to": vocab("similarTo").value}


@lru_cache(maxsize=1)
def _predicates() -> Mapping[str, PredicateInfo]:
    return load_predicates()


def predicate_iri(name: str) -> NamedNode:
    """``omsg:<name>`` for a predicate of ``ontology/predicates.tsv``; StoreError otherwise."""
    if name not in _predicates():
        raise StoreError(f"unknown predicate {name!r} (not in ontology/predicates.tsv)", record=name)
    return vocab(name)


def entity_class(entity_type: str) -> NamedNode:
    """``omsg:<Type>``; unknown types fall back to ``omsg:Entity``."""
    return vocab(entity_type if entity_type in ENTITY_TYPES else "Entity")


def statement_iri(key: tuple[str, str, str, bool]) -> NamedNode:
    """``omsr:statement/<sha1(subject, predicate, object, negated)>`` for a Relation.key."""
    subject, predicate, obj, negated = key
    return NamedNode(f"{OMSR}statement/{sha1(subject, predicate, obj, str(bool(negated)).lower())}")


def evidence_iri(relation: Relation) -> NamedNode:
    """``omsr:evidence/<sha1(document, spans, predicate, rule, statement key)>``.

    The statement key is hashed too, so one evidence node belongs to exactly one statement.
    """
    ev = relation.evidence
    return NamedNode(
        f"{OMSR}evidence/"
        + sha1(ev.document_id, *ev.subject_span, *ev.object_span, relation.predicate, ev.rule, *relation.key)
    )


def _plain(value: object) -> object:
    """What ``dataclasses.asdict`` makes of ``value`` (dicts and lists), without its deep copies:
    the model's dataclasses hold only strings, numbers, None, tuples and other model dataclasses."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool:
        return value
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    names = _FIELD_NAMES.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES[kind] = tuple(kind.__dataclass_fields__)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def document_hash(document: Document) -> str:
    """sha1 of a document's text and bibliographic facts (not of its source file name).

    >>> document_hash(Document(id="PMID:1", text="x")) == document_hash(Document(id="PMID:1", text="x", source="a.xml"))
    True
    """
    facts = _plain(document)
    facts.pop("source", None)
    for passage in facts.get("passages", ()):
        if passage.get("label") is None:  # added later: absent labels keep earlier hashes unchanged
            passage.pop("label", None)
    return sha1(json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str))


def _span_text(ev: Evidence, span: tuple[int, int]) -> str | None:
    start, end = span[0] - ev.sentence_start, span[1] - ev.sentence_start
    if 0 <= start < end <= len(ev.sentence):
        return ev.sentence[start:end]
    return None


# A triple as plain strings: (subject IRI, predicate IRI, object), the object an IRI (str) or a
# literal (lexical form, datatype IRI). Cheaper to make than pyoxigraph terms, and written
# straight to N-Triples by :func:`ntriples` where many are made (workers encoding documents).
TermTriple = tuple[str, str, "str | tuple[str, str]"]
_S = XSD + "string"
_I = XSD + "integer"
_B = XSD + "boolean"
_D = XSD + "decimal"
_V = {term: OMSG + term for term in (
    "polarity", "sentence", "sentenceStart", "subjectStart", "subjectEnd", "objectStart", "objectEnd", "rule",
    "trigger", "section", "cue", "subjectText", "objectText", "Statement", "Evidence", "evidence", "document",
    "negated", "hedged", "confidence", "evidenceCount", "documentCount")}
_BOOL = {True: ("true", _B), False: ("false", _B)}


def _decimal_text(value: float) -> str:
    # 4 places, in the canonical form Oxigraph stores ("0.8", "1"), so stored == generated.
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def stored_confidence(value: float) -> float:
    """An evidence confidence as the graph stores it (4 places). Statement summaries are computed
    from this in every writer, so a statement's confidence does not depend on whether its evidence
    came in this run or was read back from a store (an endpoint, or a folder being updated).

    >>> stored_confidence(0.631042), stored_confidence(0.35)
    (0.631, 0.35)
    """
    return float(_decimal_text(value))


def relation_terms(relation: Relation) -> list[TermTriple]:
    """Statement core, Evidence node and surface forms of one Relation (no labels, no summary)."""
    parts = relation_iris(relation)
    stmt, subject, predicate, obj = parts[:4]
    return statement_terms(stmt, subject=subject, predicate=predicate, object=obj,
                           negated=relation.negated) + evidence_terms(relation, parts)


def relation_iris(relation: Relation) -> tuple[str, str, str, str, str, str]:
    """(statement, subject, predicate, object, evidence, document) IRIs of a Relation."""
    return (statement_iri(relation.key).value, entity_iri(relation.subject).value,
            predicate_iri(relation.predicate).value, entity_iri(relation.object).value,
            evidence_iri(relation).value, document_iri(relation.evidence.document_id).value)


def statement_terms(stmt: str, *, subject: str, predicate: str, object: str, negated: bool) -> list[TermTriple]:
    """The Statement node itself: its types, the reified triple and its polarity.

    Stores write it once, when their writer first sees the statement, not once per document
    that states it (workers send only the evidence, :mod:`omsgraph.graph.batch`)."""
    rdf_type, v = RDF + "type", _V
    return [
        (stmt, rdf_type, v["Statement"]),
        (stmt, rdf_type, RDF + "Statement"),
        (stmt, RDF + "subject", subject),
        (stmt, RDF + "predicate", predicate),
        (stmt, RDF + "object", object),
        (stmt, v["polarity"], (polarity(negated), _S)),
        (stmt, v["negated"], _BOOL[bool(negated)]),
    ]


def evidence_terms(relation: Relation, parts: Sequence[str] | None = None) -> list[TermTriple]:
    """The Evidence node of one Relation, its link from the statement and the surface forms
    (``parts``: the :func:`relation_iris` when already made)."""
    ev = relation.evidence
    stmt, subj, _, obj, evid, document = parts or relation_iris(relation)
    v = _V
    out: list[TermTriple] = [
        (stmt, v["evidence"], evid),
        (evid, RDF + "type", v["Evidence"]),
        (evid, v["document"], document),
        (evid, v["sentence"], (ev.sentence, _S)),
        (evid, v["sentenceStart"], (str(int(ev.sentence_start)), _I)),
        (evid, v["subjectStart"], (str(int(ev.subject_span[0])), _I)),
        (evid, v["subjectEnd"], (str(int(ev.subject_span[1])), _I)),
        (evid, v["objectStart"], (str(int(ev.object_span[0])), _I)),
        (evid, v["objectEnd"], (str(int(ev.object_span[1])), _I)),
        (evid, v["rule"], (ev.rule, _S)),
        (evid, v["negated"], _BOOL[bool(relation.negated or ev.negated)]),
        (evid, v["hedged"], _BOOL[bool(relation.hedged or ev.hedged)]),
        (evid, v["confidence"], (_decimal_text(relation.confidence), _D)),
    ]
    for term, value in (("trigger", ev.trigger), ("section", ev.section), ("cue", ev.cue)):
        if value:
            out.append((evid, v[term], (value, _S)))
    for entity, span, term, iri in ((relation.subject, ev.subject_span, "subjectText", subj),
                                    (relation.object, ev.object_span, "objectText", obj)):
        surface = _span_text(ev, span)
        if surface is not None:
            out.append((evid, v[term], (surface, _S)))
            if surface != entity.label:
                out.append((iri, SKOS + "altLabel", (surface, _S)))
    return out


def relation_triples(relation: Relation) -> list[Quad]:
    """:func:`relation_terms` as pyoxigraph Quads (default graph)."""
    return _quads(relation_terms(relation))


def entity_terms(entity: Entity, *, label: bool = True) -> list[TermTriple]:
    """Type, notation and (optionally) preferred label of an entity."""
    node = entity_iri(entity).value
    out: list[TermTriple] = [(node, RDF + "type", ENTITY.value)]
    cls = entity_class(entity.type).value
    if cls != ENTITY.value:
        out.append((node, RDF + "type", cls))
    if entity.id:
        out.append((node, SKOS + "notation", (entity.id, _S)))
    if label:
        out.append((node, RDFS + "label", (entity.label, _S)))
    return out


def entity_triples(entity: Entity, *, label: bool = True) -> list[Quad]:
    """:func:`entity_terms` as pyoxigraph Quads."""
    return _quads(entity_terms(entity, label=label))


def summary_terms(
    stmt: str,
    *,
    subject: str,
    predicate: str,
    object: str,
    negated: bool,
    evidence: Sequence[tuple[str, bool, float]],
) -> list[TermTriple]:
    """Summary triples of a statement from its evidence ``(document IRI, hedged, confidence)``.

    confidence = 1 − Π over distinct documents of (1 − best confidence in that document),
    capped at 0.99, so a finding grows more certain with independent papers, not with
    repetition inside one paper.
    """
    if not evidence:
        return []
    best: dict[str, float] = {}
    for document, _, confidence in evidence:
        best[document] = max(best.get(document, 0.0), min(max(confidence, 0.0), 1.0))
    doubt = 1.0
    for confidence in best.values():
        doubt *= 1.0 - confidence
    v = _V
    out: list[TermTriple] = [
        (stmt, v["hedged"], _BOOL[all(hedged for _, hedged, _ in evidence)]),
        (stmt, v["confidence"], (_decimal_text(min(1.0 - doubt, CONFIDENCE_CAP)), _D)),
        (stmt, v["evidenceCount"], (str(len(evidence)), _I)),
        (stmt, v["documentCount"], (str(len(best)), _I)),
    ]
    if not negated:
        out.append((subject, predicate, object))
    return out


def statement_summary(stmt: NamedNode, *, subject: NamedNode, predicate: NamedNode, object: NamedNode,
                      negated: bool, evidence: Sequence[tuple[str, bool, float]]) -> list[Quad]:
    """:func:`summary_terms` as pyoxigraph Quads."""
    return _quads(summary_terms(stmt.value, subject=subject.value, predicate=predicate.value, object=object.value,
                                negated=negated, evidence=evidence))


def _quads(terms: Iterable[TermTriple]) -> list[Quad]:
    return [Quad(NamedNode(s), NamedNode(p), NamedNode(o) if type(o) is str else Literal(o[0], datatype=NamedNode(o[1])))
            for s, p, o in terms]


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def ntriples(triples: Iterable[TermTriple]) -> bytes:
    """N-Triples of :data:`TermTriple` s, each once (plain ``xsd:string`` literals written without a datatype).

    >>> ntriples([("http://x/a", "http://x/p", ('say "hi"\\n', XSD + "string"))])
    b'<http://x/a> <http://x/p> "say \\\\"hi\\\\"\\\\n" .\\n'
    """
    lines: dict[str, None] = {}  # one line per triple (a document often repeats a statement's core)
    for s, p, o in triples:
        if type(o) is str:
            lines[f"<{s}> <{p}> <{o}> .\n"] = None
            continue
        text, datatype = o
        if "\\" in text or '"' in text or "\n" in text or "\r" in text:
            text = text.translate(_NT_ESCAPES)
        if datatype == _S:
            lines[f'<{s}> <{p}> "{text}" .\n'] = None
        else:
            lines[f'<{s}> <{p}> "{text}"^^<{datatype}> .\n'] = None
    # "replace": a lone surrogate from a badly decoded input must not make the whole batch unloadable.
    return "".join(lines).encode("utf-8", "replace")


def document_terms(document: Document) -> list[TermTriple]:
    """Bibliographic triples of a Document (DCTERMS, FaBiO, PRISM, CiTO) plus omsg:contentHash."""
    node = document_iri(document.id).value
    rdf_type = RDF + "type"
    out: list[TermTriple] = [
        (node, rdf_type, DOCUMENT.value),
        (node, rdf_type, FABIO + "Work"),
        (node, DCTERMS + "identifier", (document.id, _S)),
        (node, CONTENT_HASH.value, (document_hash(document), _S)),
    ]
    for predicate, value in ((FABIO + "hasPubMedId", document.pmid), (PRISM + "doi", document.doi),
                             (FABIO + "hasPubMedCentralId", document.pmcid), (DCTERMS + "title", document.title),
                             (PRISM + "publicationName", document.journal)):
        if value:
            out.append((node, predicate, (str(value), _S)))
    if document.year:
        out.append((node, FABIO + "hasPublicationYear", (f"{document.year:04d}", XSD_GYEAR.value)))
    if document.pub_date:
        out.append((node, DCTERMS + "date", (str(document.pub_date), _S)))
    if document.source:
        out.append((node, DCTERMS + "source", (str(document.source), _S)))
    out += [(node, DCTERMS + "creator", (str(author), _S)) for author in document.authors]
    out += [(node, OMSG + "keyword", (str(keyword), _S)) for keyword in document.keywords]
    for kind in document.publication_types:
        out.append((node, OMSG + "publicationType", (str(kind), _S)))
        fabio_class = _FABIO_TYPES.get(kind.lower())
        if fabio_class:
            out.append((node, rdf_type, FABIO + fabio_class))
    for heading in document.mesh_terms:
        out.extend(_heading_terms(node, document.id, heading))
    for substance in document.substances:
        item = f"{OMSR}substance/{sha1(document.id, substance.name, substance.id)}"
        out += [(node, OMSG + "substance", item), (item, rdf_type, OMSG + "Substance"),
                (item, RDFS + "label", (str(substance.name), _S))]
        if substance.id:
            out += [(item, OMSG + "concept", entity_iri(Entity(substance.id, substance.name)).value),
                    (item, SKOS + "notation", (str(substance.id), _S))]
    for link in document.links:
        predicate = _LINK_PREDICATES.get(link.relation)
        if not predicate:
            raise StoreError(f"unknown bibliographic link {link.relation!r}", record=document.id)
        target = document_iri(link.target).value
        out += [(node, predicate, target), (target, rdf_type, FABIO + "Work")]
        if link.title:
            # How the citing work refers to it; not dcterms:title, so a cited work that is also a
            # Document in the graph keeps exactly its own title.
            out.append((target, DCTERMS + "bibliographicCitation", (str(link.title), _S)))
        if link.doi:
            out.append((target, PRISM + "doi", (str(link.doi), _S)))
        prefix, _, local = link.target.partition(":")
        if prefix.upper() == "PMID":
            out.append((target, FABIO + "hasPubMedId", (local, _S)))
        elif prefix.upper() == "DOI" and not link.doi:
            out.append((target, PRISM + "doi", (local, _S)))
        elif prefix.upper() == "PMC":
            out.append((target, FABIO + "hasPubMedCentralId", (local, _S)))
    return out


def document_triples(document: Document) -> list[Quad]:
    """:func:`document_terms` as pyoxigraph Quads."""
    return _quads(document_terms(document))


def _heading_terms(node: str, document_id: str, heading) -> list[TermTriple]:
    quals = "/".join(heading.qualifiers)
    item = f"{OMSR}mesh-heading/{sha1(document_id, heading.descriptor, heading.mesh_id, quals, heading.major)}"
    text = heading.descriptor + ("/" + quals if quals else "") + ("*" if heading.major else "")
    out: list[TermTriple] = [
        (node, OMSG + "meshHeading", item),
        (item, RDF + "type", OMSG + "MeshHeading"),
        (item, RDFS + "label", (text, _S)),
        (item, OMSG + "descriptorName", (str(heading.descriptor), _S)),
        (item, OMSG + "majorTopic", _BOOL[bool(heading.major)]),
    ]
    out += [(item, OMSG + "qualifier", (str(q), _S)) for q in heading.qualifiers]
    if heading.mesh_id:
        descriptor = entity_iri(Entity(heading.mesh_id, heading.descriptor)).value
        out += [(item, OMSG + "descriptor", descriptor), (node, DCTERMS + "subject", descriptor)]
    return out


def to_triples(documents: Iterable[Document], relations: Iterable[Relation]) -> list[Triple]:
    """All triples of ``documents`` and ``relations``, statements aggregated, sorted and deduplicated."""
    out: set[Quad] = set()  # default-graph quads, returned as triples
    for document in documents:
        out.update(document_triples(document))
    labelled: set[NamedNode] = set()
    statements: dict[NamedNode, tuple[Relation, list[tuple[str, bool, float]]]] = {}
    evidence_seen: set[NamedNode] = set()
    for relation in relations:
        for entity in (relation.subject, relation.object):
            node = entity_iri(entity)
            out.update(entity_triples(entity, label=node not in labelled))
            labelled.add(node)
        out.update(relation_triples(relation))
        stmt = statement_iri(relation.key)
        first, evidence = statements.setdefault(stmt, (relation, []))
        evid = evidence_iri(relation)
        if evid not in evidence_seen:
            evidence_seen.add(evid)
            ev = relation.evidence
            evidence.append((document_iri(ev.document_id).value, relation.hedged or ev.hedged,
                             stored_confidence(relation.confidence)))
    for stmt, (first, evidence) in statements.items():
        out.update(statement_summary(
            stmt, subject=entity_iri(first.subject), predicate=predicate_iri(first.predicate),
            object=entity_iri(first.object), negated=first.negated, evidence=evidence,
        ))
    return sorted((q.triple for q in out), key=str)


__all__ = [
    "CONFIDENCE_CAP", "document_hash", "document_terms", "document_triples", "entity_terms", "entity_triples", "evidence_iri",
    "evidence_terms", "relation_iris", "statement_terms",
    "ntriples", "predicate_iri", "relation_terms", "relation_triples", "statement_iri", "statement_summary", "summary_terms", "to_triples",
]
