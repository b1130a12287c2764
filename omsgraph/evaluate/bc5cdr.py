"""BC5CDR chemical-induced disease (CID) scoring with the given PubTator mentions.

>>> score({("1", "D1", "D2")}, {("1", "D1", "D2"), ("1", "D3", "D2")})["precision"]
0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from omsgraph.errors import InputError
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


def predict(records: Iterable[Record]) -> set[Pair]:
    """Document-level CID pairs: non-negated Chemical ``causes`` Disease relations of the build extractor."""
    pairs: set[Pair] = set()
    for document, _, relations in extracted(cid_documents(records)):
        for rel in relations:
            if (rel.predicate == "causes" and not rel.negated and rel.subject.type == "Chemical"
                    and rel.object.type == "Disease" and rel.subject.id and rel.object.id):
                pairs.add((document.pmid, rel.subject.id.split(":", 1)[1], rel.object.id.split(":", 1)[1]))
    return pairs


def score(gold: set[Pair], predicted: set[Pair]) -> dict:
    """Precision, recall and F1 over unique document-level pairs."""
    return prf(gold, predicted)
