"""ChemProt (BioCreative VI track 5) scoring of the build extractor with the given entities.

Relations come from exactly what ``omsgraph build --entities input`` runs (``nlp.annotate`` with
``entities="input"``, then ``extract.extract_relations``); a relation from a Chemical mention to a
Gene mention counts as a ChemProt prediction through :data:`CPR_OF_PREDICATE`. Negated relations
are not predictions.

>>> gold = {("1", "CPR:4", "T1", "T2"), ("1", "CPR:3", "T3", "T2")}
>>> s = score(gold, {("1", "CPR:4", "T1", "T2"), ("1", "CPR:4", "T3", "T2")})
>>> (s["precision"], s["recall"], s["groups"]["CPR:4"]["f1"])
(0.5, 0.5, 0.6667)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.evaluate.scoring import extracted, prf
from omsgraph.ingest.chemprot import read_chemprot
from omsgraph.model import Document, Relation

GROUPS = ("CPR:3", "CPR:4", "CPR:5", "CPR:6", "CPR:9")
CPR_OF_PREDICATE = {
    "activates": "CPR:3", "increases": "CPR:3",
    "inhibits": "CPR:4", "decreases": "CPR:4",
    "agonist_of": "CPR:5",
    "antagonist_of": "CPR:6",
    "substrate_of": "CPR:9",
}
Prediction = tuple[str, str, str, str]      # (PMID, "CPR:n", "T1", "T5")


def split_files(split: str | Path, *, name: str | None = None) -> tuple[Path, Path, Path | None]:
    """(abstracts, entities, gold standard) of a split folder (or of one ``*abstracts*.tsv`` file).

    A folder holding several splits needs ``name`` ("development"); the official test release's
    ``*_abstracts_gs.tsv`` / ``*_entities_gs.tsv`` names are understood too.
    """
    split = Path(split)
    if split.is_file():
        abstracts = split
    else:
        if not split.is_dir():
            raise InputError("no such file or folder", path=str(split))
        found = sorted(p for p in split.glob("*abstracts*.tsv") if name is None or name in p.name)
        if len(found) != 1:
            names = ", ".join(p.name for p in found)
            raise InputError(f"expected one *abstracts*.tsv file, found {len(found)}"
                             + (f" ({names}; choose one with --split NAME)" if found else ""), path=str(split))
        abstracts = found[0]
    stem = abstracts.name
    if "abstracts" not in stem:
        raise InputError("not a ChemProt abstracts file (its name must contain 'abstracts')", path=str(abstracts))
    entities = abstracts.with_name(stem.replace("abstracts", "entities"))
    if not entities.is_file():
        raise InputError(f"entities file {entities.name} not found beside the abstracts", path=str(abstracts))
    prefix = stem[: stem.index("abstracts")]
    for candidate in (stem.replace("abstracts", "gold_standard"), stem.replace("abstracts_gs", "gold_standard"),
                      prefix + "gold_standard.tsv"):
        gold = abstracts.with_name(candidate)
        if gold.is_file():
            return abstracts, entities, gold
    return abstracts, entities, None


def read_split(split: str | Path, *, name: str | None = None) -> tuple[list[Document], set[Prediction] | None]:
    """Documents (with their entity mentions) and the gold relations (None without a gold file)."""
    abstracts, entities, gold_path = split_files(split, name=name)
    documents = list(read_chemprot(abstracts, entities))
    gold = read_gold(gold_path, documents) if gold_path is not None else None
    return documents, gold


def read_gold(path: str | Path, documents: Iterable[Document]) -> set[Prediction]:
    """Gold relations of the evaluated groups; InputError (file and line) for malformed lines or unknown ids."""
    path = Path(path)
    known: dict[str, dict[str, str]] = {d.pmid or "": {m.mention_id or "": m.type for m in d.mentions} for d in documents}
    gold: set[Prediction] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte {err.start})", path=str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 4:
            raise InputError(f"gold line has {len(cells)} columns, expected 4 (PMID, CPR:n, Arg1:Tx, Arg2:Ty)",
                             path=str(path), record=where)
        pmid, group, arg1, arg2 = cells[0], cells[1], cells[-2], cells[-1]
        if not group.startswith("CPR:"):
            raise InputError(f"relation group {group!r} is not CPR:n", path=str(path), record=where)
        if not (arg1.startswith("Arg1:") and arg2.startswith("Arg2:")):
            raise InputError(f"arguments {arg1!r} {arg2!r} are not Arg1:Tx Arg2:Ty", path=str(path), record=where)
        if pmid not in known:
            raise InputError(f"PMID {pmid} has no abstract", path=str(path), record=where)
        t1, t2 = arg1[5:], arg2[5:]
        for tid in (t1, t2):
            if tid not in known[pmid]:
                raise InputError(f"unknown entity id {tid} for PMID {pmid}", path=str(path), record=where)
        if group in GROUPS:
            gold.add((pmid, group, t1, t2))
    return gold


def predictions_of(document: Document, doc, relations: Iterable[Relation]) -> set[Prediction]:
    """ChemProt predictions of one document's relations (span offsets → the mentions' ids)."""
    by_span: dict[tuple[int, int, str], list[str]] = {}
    for m in document.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and m.mention_id:
            by_span.setdefault((span.start_char, span.end_char, m.type), []).append(m.mention_id)
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for rel in relations:
        group = CPR_OF_PREDICATE.get(rel.predicate)
        if group is None or rel.negated or rel.subject.type != "Chemical" or rel.object.type != "Gene":
            continue
        chems = by_span.get((*rel.evidence.subject_span, "Chemical"), [])
        genes = by_span.get((*rel.evidence.object_span, "Gene"), [])
        for c in chems:
            for g in genes:
                if (c, g) not in best or rel.confidence > best[(c, g)][0]:
                    best[(c, g)] = (rel.confidence, group)
    return {(document.pmid or "", group, c, g) for (c, g), (_, group) in best.items()}


def predict(documents: Iterable[Document]) -> set[Prediction]:
    """Predictions of the build extractor over the documents, with their own entities."""
    predicted: set[Prediction] = set()
    for document, doc, relations in extracted(documents):
        predicted |= predictions_of(document, doc, relations)
    return predicted


def score(gold: set[Prediction], predicted: set[Prediction]) -> dict:
    """Micro precision/recall/F1 over CPR:3,4,5,6,9 and the same per group."""
    predicted = {p for p in predicted if p[1] in GROUPS}
    result = prf(gold, predicted)
    result["groups"] = {g: prf({x for x in gold if x[1] == g}, {x for x in predicted if x[1] == g}) for g in GROUPS}
    return result


def write_predictions(path: str | Path, predicted: Iterable[Prediction]) -> None:
    """The official BioCreative VI format: ``PMID<TAB>CPR:n<TAB>Arg1:Tx<TAB>Arg2:Ty``, sorted."""
    with open(path, "w", encoding="utf-8") as out:
        for pmid, group, c, g in sorted(predicted, key=lambda p: (int(p[0]) if p[0].isdigit() else 0, p)):
            out.write(f"{pmid}\t{group}\tArg1:{c}\tArg2:{g}\n")
