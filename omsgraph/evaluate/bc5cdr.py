"""BC5CDR chemical-induced disease (CID) scoring with the given PubTator mentions.

>>> score({("1", "D1", "D2")}, {("1", "D1", "D2"), ("1", "D3", "D2")})["precision"]
0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.evaluate.scoring import prf
from omsgraph.model import Document, Mention, Passage

Pair = tuple[str, str, str]


def read_cid_pubtator(path: str | Path) -> tuple[list[dict], set[Pair]]:
    """Records (pmid, text, mentions with split composite ids) and gold CID pairs; InputError on bad lines."""
    records: list[dict] = []
    gold: set[Pair] = set()
    current: dict | None = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {number}"
        if not line.strip():
            current = None
            continue
        if "|t|" in line[:30]:
            pmid, _, title = line.split("|", 2)
            current = {"pmid": pmid, "title": title, "text": title, "mentions": []}
            records.append(current)
            continue
        if current is None:
            raise InputError("line outside a PubTator record", path=str(path), record=where)
        if "|a|" in line[:30]:
            current["text"] = current["title"] + " " + line.split("|", 2)[2]
            continue
        cells = line.split("\t")
        if len(cells) == 4 and cells[1] == "CID":
            gold.add((cells[0], cells[2], cells[3]))
            continue
        if len(cells) < 6:
            raise InputError(f"mention line has {len(cells)} columns, expected 6", path=str(path), record=where)
        try:
            start, end = int(cells[1]), int(cells[2])
        except ValueError:
            raise InputError("mention offsets are not integers", path=str(path), record=where) from None
        if not 0 <= start < end <= len(current["text"]):
            raise InputError(f"mention offsets {start}-{end} outside the text", path=str(path), record=where)
        for raw in cells[5].split("|"):
            if raw == "-1":
                continue
            if not (raw[:1] in "DC" and raw[1:].isdigit()):
                raise InputError(f"bad MeSH identifier {raw!r}", path=str(path), record=where)
            current["mentions"].append((start, end, cells[4], "MESH:" + raw))
    return records, gold


def cid_documents(records: Iterable[dict]) -> Iterator[Document]:
    """The records as Documents whose mentions are the given annotations (one per MeSH id)."""
    for record in records:
        title = record["title"]
        mentions = tuple(Mention(s, e, record["text"][s:e], t, k) for s, e, t, k in record["mentions"])
        yield Document(id="PMID:" + record["pmid"], text=record["text"], title=title, pmid=record["pmid"],
                       passages=(Passage(title, 0, "title"), Passage(record["text"][len(title) + 1:], len(title) + 1)),
                       mentions=mentions)


def predict(records: Iterable[dict]) -> set[Pair]:
    """Document-level CID pairs: non-negated Chemical ``causes`` Disease relations of the build extractor."""
    from omsgraph.extract import extract_relations, load_rules
    from omsgraph.nlp import annotate, load_pipeline

    nlp = load_pipeline(vocabulary=False)
    rules = load_rules()
    pairs: set[Pair] = set()
    for document, doc in annotate(cid_documents(records), nlp, entities="input"):
        for rel in extract_relations(doc, document=document, rules=rules):
            if (rel.predicate == "causes" and not rel.negated and rel.subject.type == "Chemical"
                    and rel.object.type == "Disease" and rel.subject.id and rel.object.id):
                pairs.add((document.pmid, rel.subject.id.split(":", 1)[1], rel.object.id.split(":", 1)[1]))
    return pairs


def score(gold: set[Pair], predicted: set[Pair]) -> dict:
    """Precision, recall and F1 over unique document-level pairs."""
    return prf(gold, predicted)
