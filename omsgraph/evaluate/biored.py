"""BioRED document-level relations with the file's own mentions, scored the way BioRED reports them.

Two settings: *entity pair* (the two concepts are related in the document at all) and *pair +
type* (and the relation type matches). Pairs are unordered and counted once per document.
omsgraph predicates (for some entity pairs, the pair) become BioRED types through
``ontology/biored_types.tsv``; a pair stated several ways takes the type of its most confident
relation; negated relations, and relations between entity types BioRED does not relate (two
diseases, say), are not predictions.

>>> gold = {("1", "672", "D001943", "Positive_Correlation")}
>>> result = score(gold, {relation_pair("1", "D001943", "672", "Negative_Correlation")})
>>> result["pair"]["f1"], result["pair_type"]["f1"]
(1.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.evaluate.pubtator import Record, corpus_documents, read_corpus
from omsgraph.evaluate.scoring import extracted, prf
from omsgraph.extract.tables import ontology_rows
from omsgraph.ingest.formats import ENTITY_TYPE_NAMES
from omsgraph.model import Document

BIORED_TYPES = ("Association", "Positive_Correlation", "Negative_Correlation", "Bind", "Cotreatment",
                "Comparison", "Drug_Interaction", "Conversion")
Pair = tuple[str, str, str, str]  # (PMID, identifier, identifier (sorted), BioRED type)
# The entity type pairs BioRED annotates relations between (Luo et al. 2022); a relation of another
# pair (two diseases, an organism) is outside the corpus's schema and not a prediction.
_IN_SCOPE = frozenset(tuple(sorted(p)) for p in (
    ("Chemical", "Chemical"), ("Chemical", "Gene"), ("Chemical", "Disease"), ("Chemical", "Variant"),
    ("Gene", "Gene"), ("Gene", "Disease"), ("Disease", "Variant"), ("Variant", "Variant")))
# How a BioRED identifier is named as a CURIE for the extractor (the CID scorer's priors are keyed
# by MeSH CURIEs); the part after the first ':' is the BioRED identifier again.
_PREFIXES = {"Chemical": "MESH", "Disease": "MESH", "Gene": "NCBIGene", "Organism": "NCBITaxon",
             "Variant": "BIORED", "CellLine": "CVCL"}


def relation_pair(pmid: str, a: str, b: str, kind: str) -> Pair:
    """The unordered form of a related pair."""
    first, second = sorted((a, b))
    return pmid, first, second, kind


@lru_cache(maxsize=1)
def biored_types() -> dict[tuple[str, str], str]:
    """(omsgraph predicate or ``*``, entity pair or ``*``) -> BioRED type, from ``ontology/biored_types.tsv``."""
    rows = ontology_rows("biored_types.tsv")
    return {(predicate, pair): kind for predicate, pair, kind in rows[1:]}


def biored_type(predicate: str, subject_type: str, object_type: str) -> str | None:
    """The BioRED type of a relation: the row of its entity pair, else its predicate's.

    >>> biored_type("treats", "Chemical", "Disease"), biored_type("treats", "Gene", "Disease")
    ('Negative_Correlation', 'Association')
    """
    table = biored_types()
    pair = "+".join(sorted((subject_type, object_type)))
    return table.get((predicate, pair)) or table.get(("*", pair)) or table.get((predicate, "*"))


def read_biored(path: str | Path) -> tuple[list[Record], set[Pair]]:
    """Records (composite mentions split at ',') and gold pairs; InputError naming the line otherwise."""
    records = read_corpus(path, id_separators=",;")
    gold: set[Pair] = set()
    for record in records:
        for cells, where in record.relations:
            if len(cells) < 4 or not cells[2].strip() or not cells[3].strip():
                raise InputError("relation line needs PMID, type and two identifiers", path=str(path), record=where)
            if cells[1] not in BIORED_TYPES:
                raise InputError(f"unknown BioRED relation type {cells[1]!r}", path=str(path), record=where)
            gold.add(relation_pair(cells[0], cells[2].strip(), cells[3].strip(), cells[1]))
    return records, gold


def entity_type(name: str) -> str:
    return ENTITY_TYPE_NAMES.get(name.lower().replace(" ", ""), "Entity")


def biored_documents(records: Iterable[Record]) -> Iterator[Document]:
    """BioRED records as Documents with typed mentions named by CURIEs the extractor knows."""
    return corpus_documents(records, curie=lambda raw, kind: f"{_PREFIXES.get(entity_type(kind), 'BIORED')}:{raw}",
                            entity_type=entity_type)


def predict(records: Iterable[Record]) -> set[Pair]:
    """Document-level pairs from the relations ``build`` extracts (given mentions, no vocabulary)."""
    found: dict[tuple[str, str, str], tuple[float, str]] = {}
    for document, _, relations in extracted(biored_documents(records)):
        for rel in relations:
            kind = biored_type(rel.predicate, rel.subject.type, rel.object.type)
            if kind is None or rel.negated or not rel.subject.id or not rel.object.id:
                continue
            if tuple(sorted((rel.subject.type, rel.object.type))) not in _IN_SCOPE:
                continue
            pmid, a, b, _ = relation_pair(document.pmid, rel.subject.id.split(":", 1)[1],
                                          rel.object.id.split(":", 1)[1], kind)
            # equally confident statements of one pair: a signed one says more than an association
            rank = (rel.confidence, kind != "Association")
            if a != b and rank > found.get((pmid, a, b), ((-1.0, False), ""))[0]:
                found[(pmid, a, b)] = (rank, kind)
    return {(pmid, a, b, kind) for (pmid, a, b), (_, kind) in found.items()}


def score(gold: set[Pair], predicted: set[Pair]) -> dict:
    """``pair`` and ``pair_type`` precision/recall/F1, and ``types``: pair + type per BioRED type."""
    kinds = sorted({p[3] for p in gold | predicted})
    return {
        "pair": prf({g[:3] for g in gold}, {p[:3] for p in predicted}),
        "pair_type": prf(gold, predicted),
        "types": {k: prf({g for g in gold if g[3] == k}, {p for p in predicted if p[3] == k}) for k in kinds},
    }
