"""BC5CDR chemical-induced disease (CID) scoring with the given PubTator mentions.

>>> score({("1", "D1", "D2")}, {("1", "D1", "D2"), ("1", "D3", "D2")})["precision"]
0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.evaluate.bc5cdr_ner import mesh_tree_numbers
from omsgraph.evaluate.pubtator import Record, corpus_documents, read_corpus
from omsgraph.evaluate.scoring import extracted, prf
from omsgraph.model import Document

Pair = tuple[str, str, str]


def read_cid_pubtator(path: str | Path) -> tuple[list[Record], set[Pair]]:
    """Records (mentions with split composite ids, all MeSH) and gold CID pairs; InputError on bad lines."""
    records = read_corpus(path)
    gold: set[Pair] = set()
    for record in records:
        for *_, ids, where in record.mentions:
            for raw in ids:
                if not (raw[:1] in "DC" and raw[1:].isdigit()):
                    raise InputError(f"bad MeSH identifier {raw!r}", path=str(path), record=where)
        for cells, where in record.relations:
            if len(cells) != 4 or cells[1] != "CID":
                raise InputError("relation line is not 'PMID, CID, chemical MeSH id, disease MeSH id'",
                                 path=str(path), record=where)
            gold.add((cells[0], cells[2], cells[3]))
    return records, gold


def cid_documents(records: Iterable[Record]) -> Iterator[Document]:
    """BC5CDR records as Documents (MeSH identifiers as ``MESH:`` CURIEs)."""
    return corpus_documents(records, curie=lambda raw, _: "MESH:" + raw)


def predict(records: Iterable[Record], *, most_specific: bool = True) -> set[Pair]:
    """Document-level CID pairs: non-negated Chemical ``causes`` Disease relations of the build extractor,
    with BC5CDR's most-specific convention (:func:`most_specific_pairs`) unless ``most_specific`` is False."""
    pairs: set[Pair] = set()
    for document, _, relations in extracted(cid_documents(records)):
        for rel in relations:
            if (rel.predicate == "causes" and not rel.negated and rel.subject.type == "Chemical"
                    and rel.object.type == "Disease" and rel.subject.id and rel.object.id):
                pairs.add((document.pmid, rel.subject.id.split(":", 1)[1], rel.object.id.split(":", 1)[1]))
    return most_specific_pairs(pairs, mesh_tree_numbers()) if most_specific else pairs


def most_specific_pairs(pairs: set[Pair], trees: Mapping[str, str]) -> set[Pair]:
    """``pairs`` without those a more specific pair of the same document says again.

    BC5CDR relates the most specific concepts a paper names: when a drug caused hepatitis, the
    same drug and 'liver diseases' is no CID pair. So a pair goes when the document has a pair of
    the same chemical with a disease below its disease in the MeSH trees, or of the same disease
    with a chemical below its chemical. The graph keeps both statements (each is true and has its
    own evidence); only this scorer follows the annotation guideline. ``trees`` maps a MeSH id to
    its tree numbers joined by ``|``.

    >>> trees = {"D1": "C06.552", "D2": "C06.552.380", "D9": "C10.228"}
    >>> sorted(most_specific_pairs({("1", "C1", "D1"), ("1", "C1", "D2"), ("1", "C2", "D1"), ("1", "C1", "D9")}, trees))
    [('1', 'C1', 'D2'), ('1', 'C1', 'D9'), ('1', 'C2', 'D1')]
    """
    def below(general: str, specific: str) -> bool:
        tops = trees.get(general, "").split("|")
        return any(n.startswith(t + ".") for t in tops if t for n in trees.get(specific, "").split("|"))

    by_document: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_document.setdefault(pair[0], []).append(pair)
    kept: set[Pair] = set()
    for found in by_document.values():
        for pmid, chemical, disease in found:
            if not any((c == chemical and below(disease, d)) or (d == disease and below(chemical, c))
                       for _, c, d in found):
                kept.add((pmid, chemical, disease))
    return kept


def score(gold: set[Pair], predicted: set[Pair]) -> dict:
    """Precision, recall and F1 over unique document-level pairs."""
    return prf(gold, predicted)
