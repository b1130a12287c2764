"""Chemical → gene/protein relations (inhibits, activates, agonist_of, antagonist_of, substrate_of …).

For every Chemical and Gene/ProteinFamily mention named in one sentence, the pair is read with
patterns over tokens (no parser needed):

* ``cg-agent-noun`` — "the KIN1 inhibitor drugA", "drugA, a selective KIN1 antagonist",
  "KIN1 inhibitors such as drugA and drugB", "drugA, an inhibitor of KIN1";
* ``cg-induced`` — "drugA-induced activation of KIN1", "drugA-stimulated KIN1";
* ``cg-passive`` — "KIN1 was blocked by drugA", "KIN1 activity inhibited by drugA";
* ``cg-by-gene`` — "drugA is metabolized by CYP9Z9" (the protein acts on the chemical);
* ``cg-nominal`` — "inhibition of KIN1 by drugA", "drugA inhibition of KIN1";
* ``cg-verb`` — "drugA and drugB inhibited KIN1" (coordination through the list);
* ``cg-between`` / ``cg-near`` — a trigger word between the two or right beside them.

Trigger words come from ``ontology/chemical_gene_triggers.tsv``. Each candidate carries
readable features (the words between the two mentions, the words beside them, the trigger
classes, the pattern, distance, clause and bracket boundaries, other mentions in between, a
negation cue) and is scored by the logistic model of ``ontology/chemical_gene_model.tsv``
(trained on the ChemProt training split by ``scripts/train_chemprot_model.py``); without that
file the pattern's own trigger class decides. The relation's Evidence names the pattern
(``rule``) and the trigger word of the chosen class.

>>> import spacy
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Zorbinol, a selective KIN1 inhibitor, was given.")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 8, label="Chemical"), doc.char_span(22, 26, label="Gene")])
>>> rels, _ = extract_chemical_gene(doc, document=Document(id="HASH:1", text=doc.text))
>>> [(r.subject.label, r.predicate, r.object.label, r.evidence.rule, r.evidence.trigger) for r in rels]
[('Zorbinol', 'inhibits', 'KIN1', 'cg-agent-noun', 'inhibitor')]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from omsgraph.extract.tables import ONTOLOGY, cue_words, is_cue, ontology_rows
from omsgraph.model import Document, Evidence, Relation
from omsgraph.nlp.spans import (
    entity_of, entity_spans, lower_words, mentions_by_token, number_flags, sentence_spans, span_text,
)

__all__ = ["Candidate", "ChemicalGeneModel", "candidates", "denies_another_mention", "extract_chemical_gene",
           "load_model", "trigger_class"]

CHEMICAL_TYPES = frozenset({"Chemical"})
GENE_TYPES = frozenset({"Gene", "ProteinFamily"})
_PARTNER_TYPES = CHEMICAL_TYPES | GENE_TYPES     # other entities (diseases, processes) read as plain words
PREDICATE_CLASSES = ("inhibits", "decreases", "activates", "increases", "agonist_of", "antagonist_of", "substrate_of")
# the model's classes (ChemProt's evaluated groups) and the predicate each becomes by default
GROUP_OF = {"activates": "CPR:3", "increases": "CPR:3", "inhibits": "CPR:4", "decreases": "CPR:4",
            "agonist_of": "CPR:5", "antagonist_of": "CPR:6", "substrate_of": "CPR:9"}
DEFAULT_PREDICATE = {"CPR:3": "activates", "CPR:4": "inhibits", "CPR:5": "agonist_of",
                     "CPR:6": "antagonist_of", "CPR:9": "substrate_of"}
_AGENT_ENDINGS = ("or", "ors", "er", "ers", "ist", "ists", "ate", "ates")   # inhibitor, blocker, agonist, substrate
_LIST_WORDS = frozenset({",", "(", ")", "such", "as", "e.g.", "e.g", "eg", "including", "like", "namely", "i.e.",
                         "the", "a", "an", ":", "and", "or", "/", "specifically", "particularly", "both"})
_APPOSITION_WORDS = frozenset({",", "(", "a", "an", "the", "is", "was", "as", "be", "being", "known", "well", "well-known",
                               "selective", "potent", "specific", "novel", "new", "competitive", "irreversible",
                               "reversible", "noncompetitive", "non", "-", "highly", "orally", "active", "direct",
                               "powerful", "partial", "full", "dual", "classical", "prototypical", "synthetic",
                               "nonpeptide", "non-peptide", "peptide", "small", "molecule", "weak", "strong",
                               "nonselective", "non-selective", "reference", "standard", "putative", "mixed",
                               "avid", "good", "poor", "preferred", "natural", "major", "main", "principal"})
_CHAIN_WORDS = frozenset({",", "and", "or", "/", "(", ")", "as", "well", "both", "either", "nor", "vs", "versus"})
_CLAUSE_BREAKS = frozenset({";", "whereas", "while", "although", "but", "however", "which", "whereby"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, str], ...]:
    rows = [(row[0].strip().lower(), row[1].strip()) for row in ontology_rows("chemical_gene_triggers.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=20000)
def trigger_class(word: str) -> str | None:
    """The trigger class of a word ("inhibitory" → "inhibits"), or None.

    >>> trigger_class("antagonized"), trigger_class("metabolism"), trigger_class("table")
    ('antagonist_of', 'substrate_of', None)
    """
    low = word.lower()
    if len(low) < 3:
        return None
    for stem, cls in _lexicon():
        if low.startswith(stem) and len(low) - len(stem) <= 6:
            return cls
    return None


@dataclass(frozen=True)
class ChemicalGeneModel:
    """Multinomial logistic weights (one column per ChemProt group; "none" is the zero class)."""

    groups: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float

    def probabilities(self, features: list[str]) -> dict[str, float]:
        rows = [row for row in map(self.weights.get, features) if row is not None]
        # fsum is exact, so the score does not depend on the order of the features (some come
        # from sets, whose order changes with the process's hash seed: a pair near the threshold
        # would otherwise be kept in one process and dropped in another)
        scores = [math.fsum(column) for column in zip(*rows)] if rows else [0.0] * len(self.groups)
        top = max(0.0, *scores)
        exp = [math.exp(s - top) for s in scores]
        total = math.exp(-top) + sum(exp)
        return {g: e / total for g, e in zip(self.groups, exp)}


MODEL_FILE = ONTOLOGY / "chemical_gene_model.tsv"


def load_model(path: str | Path | None = None) -> ChemicalGeneModel | None:
    """The trained pair scorer (default :data:`MODEL_FILE`; None when the file is absent)."""
    return _load_model(str(path or MODEL_FILE))


@lru_cache(maxsize=4)
def _load_model(path: str) -> ChemicalGeneModel | None:
    file = Path(path)
    if not file.is_file():
        return None
    groups: tuple[str, ...] = ()
    weights: dict[str, tuple[float, ...]] = {}
    threshold = 0.5
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line[1:].split()
            if len(parts) == 2 and parts[0] == "threshold":
                threshold = float(parts[1])
            continue
        cells = line.split("\t")
        if cells[0] == "feature":
            groups = tuple(cells[1:])
            continue
        weights[cells[0]] = tuple(float(c) for c in cells[1:])
    return ChemicalGeneModel(groups, weights, threshold)


@dataclass
class Candidate:
    """One chemical–gene pair of a sentence: its pattern, trigger tokens and features."""

    sent: Span
    chemical: Span
    gene: Span
    rule: str
    trigger: int | None                     # token index of the pattern's trigger
    triggers: list[tuple[int, str]]         # (token index, class) of every trigger of the sentence
    features: list[str] = field(default_factory=list)
    negation: str | None = None             # negation cue before or between the two
    hedged: bool = False                    # a hedging cue in the sentence
    # the gene only describes another one between the two ("drugA inhibits KIN1, a kinase downstream
    # of KIN2"): scored like any pair (the weights were fitted on every pair) but never related
    described: bool = False

    @property
    def pattern_class(self) -> str | None:
        if self.trigger is None:
            return None
        return dict(self.triggers).get(self.trigger)


class _SentenceView:
    """Token texts, classes and entity coverage of one sentence, computed once."""

    def __init__(self, sent: Span, spans: list[Span]) -> None:
        self.sent = sent
        self.start = sent.start
        doc = sent.doc
        lower, numeric = lower_words(doc), number_flags(doc)
        self.words = ["NUM" if numeric[i] else lower[i] for i in range(sent.start, sent.end)]
        self.classes: list[str | None] = []
        for k, w in enumerate(self.words):
            cls = trigger_class(w)
            if cls == "regulates" and k >= 2 and self.words[k - 1] == "-" and self.words[k - 2] in ("up", "down"):
                cls = "increases" if self.words[k - 2] == "up" else "decreases"
            self.classes.append(cls)
        self.entity_at = mentions_by_token(sent, spans)
        for k, s in enumerate(self.entity_at):
            if s is not None:
                self.classes[k] = None     # a gene named "Activin" is not a trigger
        self.triggers = [(self.start + k, c) for k, c in enumerate(self.classes) if c is not None]
        self.doc = doc
        self.end = sent.end
        # per position: the word an entity there is read as in features ("CHEM"/"GENE"), or None
        self.mask: list[str | None] = [None if e is None else "CHEM" if e.label_ in CHEMICAL_TYPES else "GENE"
                                       for e in self.entity_at]
        # (start, end, is chemical, is gene, span) of each mention, read once (Span properties cost)
        self.mentions = [(e.start, e.end, e.label_ in CHEMICAL_TYPES, e.label_ in GENE_TYPES, e) for e in spans]
        hedges = cue_words("chemical-gene-hedge")
        self.hedged = any(is_cue(self.words, k, hedges) for k in range(len(self.words)))
        self.sentence_features = ["st=" + c for c in {c for _, c in self.triggers}]
        # coordination chains: mentions of one kind separated only by list words ("X, Y and Z", "X (Y)")
        self.chain: dict[tuple[int, int], list[Span]] = {}
        for kind in (CHEMICAL_TYPES, GENE_TYPES):
            members = sorted((e for e in spans if e.label_ in kind), key=lambda e: (e.start, -e.end))
            chains: list[list[Span]] = []
            for e in members:
                last = chains[-1][-1] if chains else None
                if last is not None and last.end <= e.start and e.start - last.end <= 4 and all(
                        self.words[i - self.start] in _CHAIN_WORDS for i in range(last.end, e.start)):
                    chains[-1].append(e)
                elif last is None or last.end <= e.start:
                    chains.append([e])
            for c in chains:
                for e in c:
                    self.chain[(e.start, e.end)] = c

    def word(self, i: int) -> str:
        k = i - self.start
        return self.words[k] if 0 <= k < len(self.words) else "<s>"

    def cls(self, i: int) -> str | None:
        k = i - self.start
        return self.classes[k] if 0 <= k < len(self.classes) else None

    def masked(self, lo: int, hi: int) -> list[str]:
        """Words lo..hi with every entity replaced by CHEM/GENE once."""
        out: list[str] = []
        last = None
        start, entity_at, mask, words = self.start, self.entity_at, self.mask, self.words
        for k in range(max(lo, start) - start, min(hi, self.end) - start):
            e = entity_at[k]
            if e is not None:
                if e is not last:
                    out.append(mask[k])
                last = e
                continue
            last = None
            out.append(words[k])
        return out


def _is_agent_noun(view: _SentenceView, i: int) -> bool:
    cls, word = view.cls(i), view.word(i)
    return cls in PREDICATE_CLASSES and word.endswith(_AGENT_ENDINGS) and not word.endswith(("ated", "ates")) \
        or word in ("substrate", "substrates", "inducer", "inducers", "ligand", "ligands")


def _agent_after(view: _SentenceView, gene: Span) -> int | None:
    """Index of the agent noun right after a gene name ("KIN1 inhibitor", "KIN1 receptor antagonists")."""
    for i in range(gene.end, min(gene.end + 3, view.sent.end)):
        if _is_agent_noun(view, i):
            return i
        if view.word(i) not in ("receptor", "receptors", "-", "channel", "enzyme", "kinase", "selective", "specific",
                                "type", "subtype", "dual", "activity"):
            return None
    return None


def _pattern(view: _SentenceView, chem: Span, gene: Span, clause_break: bool) -> tuple[str, int | None]:
    doc = view.doc
    # agent nouns: "KIN1 inhibitor(s) (such as) drugA", "drugA, a selective KIN1 inhibitor"
    agent = _agent_after(view, gene)
    if agent is not None:
        if chem.start > agent and chem.start - agent <= 5 and all(view.word(i) in _LIST_WORDS or view.entity_at[i - view.start] is not None
                                                                   for i in range(agent + 1, chem.start)):
            return "cg-agent-noun", agent
        if chem.end <= gene.start and gene.start - chem.end <= 7 and all(
                view.word(i) in _APPOSITION_WORDS or view.entity_at[i - view.start] is not None
                for i in range(chem.end, gene.start)):
            return "cg-agent-noun", agent
    # "drugA, an inhibitor of KIN1" / "drugA is a substrate for KIN1" / "inhibitors of KIN1, drugA"
    if chem.end <= gene.start and not clause_break:
        for i in range(chem.end, gene.start):
            if _is_agent_noun(view, i) and view.word(i + 1) in ("of", "for", "to", "at") and \
                    all(view.word(j) in _APPOSITION_WORDS for j in range(chem.end, i)) and gene.start - i <= 5:
                return "cg-agent-noun", i
    if gene.end <= chem.start and not clause_break:
        for i in range(max(view.start, gene.start - 3), gene.start):
            if _is_agent_noun(view, i) and view.word(i + 1) in ("of", "for") and \
                    chem.start - gene.end <= 6 and all(view.word(j) in _LIST_WORDS or view.entity_at[j - view.start] is not None
                                                       for j in range(gene.end, chem.start)):
                return "cg-agent-noun", i
    # "drugA-induced KIN1 activation", "drugA-stimulated KIN1"
    if chem.end + 1 < view.sent.end and doc[chem.end].text in ("-", "‐", "–") and \
            0 <= gene.start - chem.end <= 6 and \
            (view.word(chem.end + 1) in cue_words("chemical-gene-induced") or view.cls(chem.end + 1)):
        first = next((i for i in range(chem.end + 1, gene.start) if view.cls(i) in PREDICATE_CLASSES), chem.end + 1)
        return "cg-induced", first
    lo, hi = (chem.end, gene.start) if chem.end <= gene.start else (gene.end, chem.start)
    between = [i for i in range(lo, hi) if view.cls(i) is not None]
    if gene.end <= chem.start:
        # "KIN1 was inhibited by drugA", "inhibition of KIN1 by drugA"
        by = next((i for i in range(lo, hi) if view.word(i) == "by"), None)
        if by is not None and not clause_break:
            before_by = [i for i in between if i < by]
            if before_by:
                return "cg-passive", before_by[-1]
            nominal = next((i for i in range(max(view.start, gene.start - 3), gene.start)
                            if view.cls(i) in PREDICATE_CLASSES and view.word(i + 1) in ("of", "in", "on")), None)
            if nominal is not None:
                return "cg-nominal", nominal
    else:
        # "drugA is metabolized by CYP9Z9": the gene acts on the chemical (substrate, product)
        by = next((i for i in range(lo, hi) if view.word(i) == "by"), None)
        if by is not None and not clause_break and any(i < by for i in between):
            return "cg-by-gene", [i for i in between if i < by][-1]
        if between and not clause_break:
            first = between[0]
            if view.word(first + 1) in ("of", "on", "in") and first + 2 >= gene.start - 2:
                return "cg-nominal", first
            return "cg-verb", first
    if between:
        return "cg-between", between[0] if chem.end <= gene.start else between[-1]
    near = [i for i in list(range(max(view.start, min(chem.start, gene.start) - 3), min(chem.start, gene.start)))
            + list(range(max(chem.end, gene.end), min(view.sent.end, max(chem.end, gene.end) + 3)))
            if view.cls(i) is not None]
    if near:
        return "cg-near", near[0]
    return "cg-sentence", None


def _facing(view: _SentenceView, chem: Span, gene: Span) -> tuple[Span, Span]:
    """The members of each mention's coordination chain nearest the other mention.

    "drugA inhibited KIN1, KIN2 and KIN3": for (drugA, KIN3) the pair is read as (drugA, KIN1).
    """
    cc = view.chain.get((chem.start, chem.end), [chem])
    gc = view.chain.get((gene.start, gene.end), [gene])
    if chem.end <= gene.start:
        return cc[-1], gc[0]
    if gene.end <= chem.start:
        return cc[0], gc[-1]
    return chem, gene


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"), (20, "13-20")):
        if n <= limit:
            return name
    return "21+"


def _features(view: _SentenceView, chem: Span, gene: Span, rule: str, trigger: int | None,
              named: Span | None = None) -> tuple[list[str], str | None, bool]:
    """Features of the pair (``chem``, ``gene`` as read: the chain members facing each other);
    ``named`` is the gene mention itself, for the features of its own words."""
    chem_start, chem_end, gene_start, gene_end = chem.start, chem.end, gene.start, gene.end
    if chem_start <= gene_start:
        order, first_start, lo, hi, second_end = "cg", chem_start, chem_end, gene_start, gene_end
    else:
        order, first_start, lo, hi, second_end = "gc", gene_start, gene_end, chem_start, chem_end
    start, n = view.start, len(view.words)
    words, classes, mask = view.words, view.classes, view.mask
    between = view.masked(lo, hi)
    f = ["bias", "order=" + order, "dist=" + _bucket(len(between)), "rule=" + rule]
    cls_between = [c for c in classes[lo - start:hi - start] if c is not None]
    if len(between) <= 12:
        f += ["bw=" + w for w in set(between)]
        f += ["bb=" + a + "_" + b for a, b in set(zip(between, between[1:]))]
    else:
        f += ["bwfar=" + w for w in set(between[:4] + between[-4:])]
    if 0 < len(between) <= 4:
        f.append("short=" + "_".join(between))
    f += ["bt=" + c for c in set(cls_between)]
    if cls_between:
        f += ["bt1=" + cls_between[0], "btl=" + cls_between[-1], "bt1o=" + cls_between[0] + f[1]]
    pc = view.cls(trigger) if trigger is not None else None
    f.append("pat=" + rule + ":" + (pc or "-"))
    if trigger is not None:
        f.append("tw=" + view.word(trigger))
        f.append("twr=" + rule + ":" + view.word(trigger))
    for name, i in (("cp1", chem_start - 1), ("cp2", chem_start - 2), ("cn1", chem_end), ("cn2", chem_end + 1),
                    ("gp1", gene_start - 1), ("gp2", gene_start - 2), ("gn1", gene_end), ("gn2", gene_end + 1)):
        k = i - start
        if 0 <= k < n:
            w = mask[k]
            if w is None or first_start <= i < second_end:
                w = words[k]
            f.append(f"{name}={w}")
            c = classes[k]
            if c:
                f.append(f"{name}c={c}")
        else:
            f.append(f"{name}={view.word(i)}")   # outside the sentence
    named = named if named is not None else gene
    gwords = [view.word(i) for i in range(named.start, named.end)]
    if gwords and gwords[-1].isalpha():
        f.append("ghead=" + gwords[-1])
    if any(w.endswith("ase") or w.endswith("ases") for w in gwords):
        f.append("genzyme")
    if any(w.startswith("receptor") for w in gwords + [view.word(named.end)]):
        f.append("greceptor")
    if any(w.startswith(("transporter", "channel", "pump")) for w in gwords + [view.word(named.end)]):
        f.append("gtransporter")
    others = [m for m in view.mentions if m[0] >= lo and m[1] <= hi]
    f.append("nent=" + str(min(len(others), 3)))
    if any(m[2] for m in others):
        f.append("chem_between")
    if any(m[3] for m in others):
        f.append("gene_between")
    if between and all(w in (",", "and", "or", "/", "CHEM", "GENE", "(", ")") for w in between):
        f.append("coordination")
    if any(w in _CLAUSE_BREAKS for w in between):
        f.append("clause_break")
    depth = 0
    for w in between:
        depth += (w == "(") - (w == ")")
    if depth:
        f.append("paren=" + ("open" if depth > 0 else "close"))
    if chem_start < gene_end and gene_start < chem_end:
        f.append("overlap")
    negation = _negation(view, chem, gene, first_start, lo, hi)
    if negation:
        f.append("neg")
    hedged = view.hedged
    if hedged:
        f.append("hedge")
    f += view.sentence_features
    # a competitor of the same type between the two
    if any(m[3] and m[4] is not gene for m in others):
        f.append("closer_gene")
    if any(m[2] and m[4] is not chem for m in others):
        f.append("closer_chem")
    return f, negation, hedged


# words between a negation and the mention it denies ("but not by X", "not with the X")
_NEGATED_LEAD = frozenset({"by", "with", "in", "of", "the", "a", "an", "to", "on", "for"})


def _negation(view: _SentenceView, chem: Span, gene: Span, first_start: int, lo: int, hi: int) -> str | None:
    """The negation cue in the four words before the pair or between its two mentions, unless it
    denies a third mention ("X but not Y inhibited Z": the 'not' is Y's, not X's)."""
    start, words, entity_at = view.start, view.words, view.entity_at
    negations = cue_words("chemical-gene-negation")   # the set its weights were fitted with
    for i in [*range(max(start, first_start - 4), first_start), *range(lo, hi)]:
        k = i - start
        if entity_at[k] is None and words[k] in negations and not _denies_another(view, k, chem, gene):
            return words[k]
    return None


def _denies_another(view: _SentenceView, k: int, chem: Span, gene: Span) -> bool:
    return denies_another_mention(view.words, view.entity_at, k, (chem, gene), stops=lambda m: (
        view.classes[m] is not None and not _is_agent_noun(view, view.start + m)))


def denies_another_mention(words: Sequence[str], entity_at: Sequence[Span | None], k: int,
                           pair: tuple[Span, Span], *, stops: Callable[[int], bool],
                           lead: frozenset[str] = _NEGATED_LEAD) -> bool:
    """Whether the negation at position ``k`` (of ``words``, a sentence's lower-case tokens, with
    ``entity_at`` the mention covering each) is about a mention other than the ``pair``'s: the first
    mention after it (past ``lead`` words: 'by', 'the' …) is neither of the two, and neither follows
    in that phrase — up to a comma, a position ``stops`` (a verb) or eight words: "not the glucose
    cotransport inhibitor phloridzin" still denies phloridzin. Shared with the sentence rules."""
    n = len(words)
    j = k + 1
    while j < n and entity_at[j] is None and words[j] in lead:
        j += 1
    denied = entity_at[j] if j < n else None
    if denied is None or any(denied is p for p in pair):
        return False
    for m in range(j, min(n, k + 9)):
        e = entity_at[m]
        if e is not None and any(e is p for p in pair):
            return False
        if e is None and (words[m] in (",", ";") or stops(m)):
            break
    return True


def _described_gene(view: _SentenceView, chem: Span, gene: Span, genes: list[Span]) -> bool:
    """Whether ``gene`` is named in an apposition describing another gene that stands between it and
    ``chem``: that gene, then ', a' or ', an' and at most six words without a trigger or a list
    word before ``gene`` ("KIN1, a kinase downstream of KIN2")."""
    if chem.end > gene.start:
        return False
    for other in genes:
        if chem.end <= other.start and other.end + 2 < gene.start <= other.end + 8:
            between = view.words[other.end - view.start:gene.start - view.start]
            if between[0] == "," and between[1] in ("a", "an") and not any(
                    w in _CHAIN_WORDS or w in _CLAUSE_BREAKS for w in between[1:]) and not any(
                    view.classes[k - view.start] is not None or view.entity_at[k - view.start] is not None
                    for k in range(other.end + 1, gene.start)):
                return True
    return False


def candidates(doc: Doc, spans: list[Span] | None = None, sent: Span | None = None) -> list[Candidate]:
    """Every chemical–gene pair named in one sentence (of ``sent``, else of the whole Doc), with features."""
    spans = entity_spans(doc) if spans is None else spans
    out: list[Candidate] = []
    sentences = [sent] if sent is not None else sentence_spans(doc)
    for s in sentences:
        # a lower-case trigger word tagged as an entity ("activators") is a trigger, not a partner
        inside = [e for e in spans if e.start >= s.start and e.end <= s.end and e.label_ in _PARTNER_TYPES
                  and not (len(e) == 1 and (word := span_text(e)).islower() and trigger_class(word))]
        chems = [e for e in inside if e.label_ in CHEMICAL_TYPES]
        genes = [e for e in inside if e.label_ in GENE_TYPES]
        if not chems or not genes:
            continue
        view = _SentenceView(s, inside)
        pairs = []
        for chem in chems:
            for gene in genes:
                if chem.start < gene.end and gene.start < chem.end:
                    continue    # nested mentions ("KIN1" inside a chemical's name)
                lo, hi = min(chem.end, gene.end), max(chem.start, gene.start)
                clause_break = any(view.word(i) in _CLAUSE_BREAKS for i in range(lo, hi))
                c_eff, g_eff = _facing(view, chem, gene)
                rule, trigger = _pattern(view, c_eff, g_eff, clause_break)
                pairs.append((chem, gene, c_eff, g_eff, rule, trigger))
        # role nouns already taken: "drugA, a KIN1 inhibitor, lowered drugB" — KIN1 belongs to drugA
        roles = [(c, g) for c, g, _, _, rule, _ in pairs if rule == "cg-agent-noun"]
        for chem, gene, c_eff, g_eff, rule, trigger in pairs:
            features, negation, hedged = _features(view, c_eff, g_eff, rule, trigger, gene)
            if (c_eff.start, c_eff.end) != (chem.start, chem.end):
                features.append("cchain")
            if (g_eff.start, g_eff.end) != (gene.start, gene.end):
                features.append("gchain")
            if rule != "cg-agent-noun":
                if any(g is gene and c is not chem for c, g in roles):
                    features.append("gene_role_of_other")
                if any(c is chem and g is not gene for c, g in roles):
                    features.append("chem_role_with_other")
            out.append(Candidate(s, chem, gene, rule, trigger, view.triggers, features, negation, hedged,
                                 _described_gene(view, chem, gene, genes)))
    return out


def _choose_trigger(c: Candidate, group: str) -> tuple[int | None, str | None]:
    """The trigger (token index, class) of ``group`` nearest the pair, preferring the pattern's own."""
    if c.trigger is not None and GROUP_OF.get(c.pattern_class or "") == group:
        return c.trigger, c.pattern_class
    lo, hi = min(c.chemical.start, c.gene.start), max(c.chemical.end, c.gene.end)
    fits = [(i, cls) for i, cls in c.triggers if GROUP_OF.get(cls) == group]
    if not fits:
        if c.trigger is not None:
            return c.trigger, c.pattern_class
        fits = c.triggers                   # no word of the group: the nearest trigger of any class
    if not fits:
        return None, None
    return min(fits, key=lambda t: 0 if lo <= t[0] < hi else min(abs(t[0] - lo), abs(t[0] - hi)) + 1)


def classify(c: Candidate, model: ChemicalGeneModel | None) -> tuple[str | None, float]:
    """(ChemProt group or None, confidence) of a candidate."""
    if model is None:
        cls = c.pattern_class
        if c.rule in ("cg-agent-noun", "cg-induced", "cg-passive", "cg-nominal", "cg-verb") and cls in GROUP_OF:
            return GROUP_OF[cls], 0.6
        return None, 0.0
    probs = model.probabilities(c.features)
    group = max(probs, key=probs.get)
    p = probs[group]
    if p < model.threshold or 1.0 - sum(probs.values()) > p:   # above the threshold and above "none"
        return None, p
    return group, p


def extract_chemical_gene(doc: Doc, *, document: Document, sent: Span | None = None, spans: list[Span] | None = None,
                          model: ChemicalGeneModel | None | bool = True) -> tuple[list[Relation], set[tuple]]:
    """Relations from chemicals to genes/proteins, and the (chemical span, gene span) character
    offsets of the pairs related (``rules.py`` leaves those pairs to this stage).

    ``model=True`` loads the packaged scorer, ``None``/``False`` uses the patterns alone.
    """
    if model is True:
        model = load_model()
    elif model is False:
        model = None
    relations: list[Relation] = []
    decided: set[tuple] = set()
    for c in candidates(doc, spans, sent):
        if (c.trigger is None and not c.triggers) or c.described:
            continue
        group, p = classify(c, model)
        if group is None:
            continue
        decided.add(((c.chemical.start_char, c.chemical.end_char), (c.gene.start_char, c.gene.end_char)))
        index, cls = _choose_trigger(c, group)
        predicate = cls if cls in GROUP_OF and GROUP_OF[cls] == group else DEFAULT_PREDICATE[group]
        trigger = doc[index].text if index is not None else None
        hedged = c.hedged
        ev = Evidence(document_id=document.id, sentence=span_text(c.sent).rstrip(), sentence_start=c.sent.start_char,
                      subject_span=(c.chemical.start_char, c.chemical.end_char),
                      object_span=(c.gene.start_char, c.gene.end_char), rule=c.rule,
                      section=document.section_at(c.sent.start_char), trigger=trigger,
                      negated=c.negation is not None, hedged=hedged, cue=c.negation)
        relations.append(Relation(entity_of(c.chemical), predicate, entity_of(c.gene), ev,
                                  negated=c.negation is not None, hedged=hedged,
                                  confidence=round(max(0.05, p - (0.2 if hedged else 0.0)), 3)))
    return relations, decided
