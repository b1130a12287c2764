"""Annotated PubTator corpus files (BC5CDR, BioRED): records with their mention and relation lines.

Mention lines are checked here (columns, integer offsets inside the text) so every corpus
reader reports a bad line the same way: one :class:`~omsgraph.errors.InputError` naming the
file and the line. What a relation line means is left to the corpus reader.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.PubTator"
>>> _ = path.write_text("9|t|Drugx harms.\\n9|a|Yes.\\n9\\t0\\t5\\tDrugx\\tChemical\\tD1|D2\\n9\\tCID\\tD1\\tD3\\n\\n")
>>> [(r.pmid, r.text, r.mentions, r.relations) for r in read_corpus(path)]
[('9', 'Drugx harms. Yes.', [(0, 5, 'Chemical', ('D1', 'D2'), 'line 3')], [(['9', 'CID', 'D1', 'D3'], 'line 4')])]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.model import Document, Mention, Passage

# (start, end, type, identifiers, "line N"): a composite mention ("D1|D2", "3172,3651") has several
MentionLine = tuple[int, int, str, tuple[str, ...], str]


@dataclass
class Record:
    """One abstract of the file: title + " " + abstract as ``text``, offsets into it."""

    pmid: str
    title: str
    text: str
    mentions: list[MentionLine] = field(default_factory=list)
    relations: list[tuple[list[str], str]] = field(default_factory=list)  # (cells, "line N")


def read_corpus(path: str | Path, *, id_separators: str = "|") -> list[Record]:
    """Every record of ``path``; a mention's identifier column is split at any of ``id_separators``
    (composite mentions), and an identifier of ``-1`` or empty is dropped."""
    records: list[Record] = []
    current: Record | None = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {number}"
        if not line.strip():
            current = None
            continue
        if "|t|" in line[:30]:
            pmid, _, title = line.split("|", 2)
            current = Record(pmid, title, title)
            records.append(current)
            continue
        if current is None:
            raise InputError("line outside a PubTator record", path=str(path), record=where)
        if "|a|" in line[:30]:
            current.text = current.title + " " + line.split("|", 2)[2]
            continue
        cells = line.split("\t")
        if len(cells) >= 4 and not cells[1].strip().isdigit():
            current.relations.append((cells, where))
            continue
        if len(cells) < 6:
            raise InputError(f"mention line has {len(cells)} columns, expected 6", path=str(path), record=where)
        try:
            start, end = int(cells[1]), int(cells[2])
        except ValueError:
            raise InputError("mention offsets are not integers", path=str(path), record=where) from None
        if not 0 <= start < end <= len(current.text):
            raise InputError(f"mention offsets {start}-{end} outside the text", path=str(path), record=where)
        ids = tuple(i.strip() for i in re.split(f"[{re.escape(id_separators)}]", cells[5])
                    if i.strip() not in ("", "-1"))
        current.mentions.append((start, end, cells[4], ids, where))
    return records


def corpus_documents(records: Iterable[Record], *, curie: Callable[[str, str], str],
                     entity_type: Callable[[str], str] = str) -> Iterator[Document]:
    """The records as Documents whose mentions are the given annotations, one per identifier
    (``curie(identifier, corpus type)`` names it as the extractor expects, e.g. ``MESH:D003409``;
    ``entity_type`` turns the corpus's type name into omsgraph's)."""
    for record in records:
        title, text = record.title, record.text
        mentions = tuple(Mention(s, e, text[s:e], entity_type(t), curie(k, t))
                         for s, e, t, ids, _ in record.mentions for k in ids)
        yield Document(id="PMID:" + record.pmid, text=text, title=title, pmid=record.pmid,
                       passages=(Passage(title, 0, "title"), Passage(text[len(title) + 1:], len(title) + 1)),
                       mentions=mentions)
