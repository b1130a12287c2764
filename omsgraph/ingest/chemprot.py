"""ChemProt (BioCreative VI track 5) abstracts with their entity annotations as Documents.

Files of a split: ``<name>_abstracts.tsv`` (``PMID<TAB>title<TAB>abstract``) and, next to it,
``<name>_entities.tsv`` (``PMID<TAB>Tn<TAB>CHEMICAL|GENE-Y|GENE-N<TAB>start<TAB>end<TAB>text``,
offsets into ``title + " " + abstract``). Every entity becomes a :class:`Mention` with
``mention_id`` "Tn", type "Chemical" or "Gene" and ``source`` "input".

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "x_abstracts.tsv").write_text("7\\tDrug A blocks KIN1.\\tIt works.\\n", encoding="utf-8")
>>> _ = (d / "x_entities.tsv").write_text("7\\tT1\\tCHEMICAL\\t0\\t6\\tDrug A\\n7\\tT2\\tGENE-Y\\t14\\t18\\tKIN1\\n", encoding="utf-8")
>>> [(m.mention_id, m.type, m.text) for m in next(read_chemprot(d / "x_abstracts.tsv")).mentions]
[('T1', 'Chemical', 'Drug A'), ('T2', 'Gene', 'KIN1')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.model import Document, Mention, Passage

__all__ = ["ENTITY_TYPES", "entities_path_for", "looks_like_chemprot", "read_chemprot", "read_chemprot_entities",
           "read_chemprot_text"]

ENTITY_TYPES = {"CHEMICAL": "Chemical", "GENE-Y": "Gene", "GENE-N": "Gene"}
OnError = Callable[[InputError], None]


def entities_path_for(abstracts: str | Path) -> Path | None:
    """The entities file beside an abstracts file (``x_abstracts.tsv`` → ``x_entities.tsv``), if present."""
    abstracts = Path(abstracts)
    name = abstracts.name
    if "abstracts" not in name:
        return None
    candidate = abstracts.with_name(name[::-1].replace("abstracts"[::-1], "entities"[::-1], 1)[::-1])
    return candidate if candidate.is_file() else None


def looks_like_chemprot(text: str) -> bool:
    """True when the first non-empty line is ``digits<TAB>title<TAB>abstract`` (three cells)."""
    for line in text.splitlines():
        if line.strip():
            cells = line.split("\t")
            return len(cells) == 3 and cells[0].strip().isdigit()
    return False


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte {err.start})", path=str(path)) from None


def read_chemprot_entities(path: str | Path, texts: dict[str, str] | None = None) -> dict[str, list[Mention]]:
    """Mentions per PMID; with ``texts`` (PMID → document text) the offsets are checked against it.

    Raises :class:`InputError` naming the file and line for missing columns, bad offsets, unknown
    types, duplicated ids or PMIDs that are not among ``texts``.
    """
    path = Path(path)
    mentions: dict[str, list[Mention]] = {}
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        cells = line.split("\t")
        if len(cells) < 6:
            raise InputError(f"entity line has {len(cells)} columns, expected 6", path=str(path), record=where)
        pmid, tid, etype, start, end, surface = (c.strip() for c in cells[:6])
        if etype not in ENTITY_TYPES:
            raise InputError(f"unknown entity type {etype!r} (expected CHEMICAL, GENE-Y or GENE-N)",
                             path=str(path), record=where)
        try:
            a, b = int(start), int(end)
        except ValueError:
            raise InputError(f"entity offsets {start!r}-{end!r} are not integers", path=str(path), record=where) from None
        if (pmid, tid) in seen:
            raise InputError(f"entity id {tid} given twice for PMID {pmid}", path=str(path), record=where)
        seen.add((pmid, tid))
        if texts is not None:
            if pmid not in texts:
                raise InputError(f"PMID {pmid} has no abstract", path=str(path), record=where)
            text = texts[pmid]
            if not 0 <= a < b <= len(text):
                raise InputError(f"entity offsets {a}-{b} outside the text ({len(text)} characters)",
                                 path=str(path), record=where)
            if text[a:b] != cells[5]:
                raise InputError(f"entity text {cells[5]!r} does not match the abstract at {a}-{b} ({text[a:b]!r})",
                                 path=str(path), record=where)
        elif not 0 <= a < b:
            raise InputError(f"entity offsets {a}-{b} are not a span", path=str(path), record=where)
        mentions.setdefault(pmid, []).append(Mention(a, b, cells[5], ENTITY_TYPES[etype], mention_id=tid))
    return mentions


def read_chemprot(abstracts: str | Path, entities: str | Path | None = None, *,
                  on_error: OnError | None = None) -> Iterator[Document]:
    """Documents of a ChemProt abstracts file, with the entities file's mentions when there is one.

    ``entities`` defaults to the ``*_entities.tsv`` beside ``abstracts``. A malformed abstract line
    goes to ``on_error`` and is skipped (raised when ``on_error`` is None); a malformed entities file
    is always raised, since mentions cannot be trusted after a bad line.
    """
    path = Path(abstracts)
    yield from read_chemprot_text("\n".join(_read_lines(path)), source=str(path), entities=entities,
                                  on_error=on_error)


def read_chemprot_text(text: str, *, source: str, entities: str | Path | None = None,
                       on_error: OnError | None = None) -> Iterator[Document]:
    """Like :func:`read_chemprot` for already decoded text; ``source`` is its path (the entities
    file is looked for beside it unless ``entities`` is given)."""
    records: list[tuple[str, str, str]] = []
    texts: dict[str, str] = {}
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        try:
            if len(cells) != 3:
                raise InputError(f"abstract line has {len(cells)} columns, expected 3 (PMID, title, abstract)",
                                 path=source, record=f"line {number}")
            pmid = cells[0].strip()
            if not pmid.isdigit():
                raise InputError(f"PMID {pmid!r} is not a number", path=source, record=f"line {number}")
            if pmid in texts:
                raise InputError(f"PMID {pmid} given twice", path=source, record=f"line {number}")
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        texts[pmid] = cells[1] + " " + cells[2]
        records.append((pmid, cells[1], cells[2]))
    entities_path = Path(entities) if entities is not None else entities_path_for(source)
    given = read_chemprot_entities(entities_path, texts) if entities_path is not None else {}
    for pmid, title, abstract in records:
        yield Document(
            id=f"PMID:{pmid}", text=texts[pmid], title=title, pmid=pmid, source=source,
            passages=(Passage(title, 0, "title"), Passage(abstract, len(title) + 1, "abstract")),
            mentions=tuple(sorted(given.get(pmid, ()), key=lambda m: (m.start, -m.end))),
        )
