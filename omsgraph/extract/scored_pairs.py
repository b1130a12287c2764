"""Concept pairs the sentence rules left out, scored per document: gene–disease, gene–gene, chemical–chemical,
chemical–gene, and variant–disease pairs never named together.

Two concepts named in one sentence are often related without a trigger word the rules know
("BRCA1 carriers with breast cancer", "KRAS and BRAF in colorectal tumours", "X combined with Y").
Each :class:`PairKind` names the entity types of its two sides. Every concept pair of a kind named
together in at least one sentence, and not already related by another rule of the document, is
described by a few readable features — how many sentences hold both, whether one is the title,
the words between the two, genetic, association or treatment wording in the sentence, how often
each is named — and scored with the logistic weights of the kind's ``ontology/<kind>_model.tsv``
(fitted on the BioRED training split by ``scripts/train_pair_model.py``). Pairs reaching the
table's threshold become ``associated_with`` relations (rule ``<kind>-scored``, e.g.
``gene-disease-scored``), with the pair's best sentence as evidence: one with genetic wording,
else the title, else the first.

In a kind whose two sides take the same types (gene–gene) the pair is unordered: its first side is
the concept named more often (the lower identifier on a tie), so a pair is scored once. An
``apart`` kind (variant–disease) takes the opposite candidates, the pairs never named in one
sentence (:func:`apart_pairs`).

>>> import spacy
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Germline NF1 mutations in children with optic glioma.")
>>> _ = set_entity_spans(doc, [doc.char_span(9, 12, label="Gene", kb_id="HGNC:7765"),
...                            doc.char_span(40, 52, label="Disease", kb_id="MESH:D020339")])
>>> [(f, round(v, 2)) for f, v in sorted(candidate_pairs(doc)[("HGNC:7765", "MESH:D020339")].features.items())][:4]
[('adjacent', 0.0), ('between:children', 1.0), ('between:in', 1.0), ('between:mutations', 1.0)]
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from omsgraph.extract.logistic import probability
from omsgraph.extract.rules import GENE_SIDE, Rules, cue_word, load_rules
from omsgraph.extract.sentence import states_purpose
from omsgraph.extract.tables import ontology_rows
from omsgraph.model import Document, Evidence, Relation
from omsgraph.nlp.spans import concept_key, entity_of, labelled_entities, lower_words, sentence_spans, span_text, spans_by_sentence

__all__ = ["CHEMICAL_CHEMICAL", "CHEMICAL_GENE", "GENE_DISEASE", "GENE_GENE", "PAIR_KINDS", "VARIANT_DISEASE_APART", "PairKind",
           "PairModel", "ScoredPair", "apart_pairs", "candidate_pairs", "extract_scored_pairs", "load_pair_model",
           "stated_pairs"]

_WINDOW = 8   # words between the two read as features when they are at most this far apart


@dataclass(frozen=True)
class PairKind:
    """Which entity types the two sides of a scored pair take, and the words naming them in features."""

    name: str                       # "gene-disease": rule "gene-disease-scored", table "gene_disease_model.tsv"
    first: frozenset[str]
    second: frozenset[str]
    words: tuple[str, str]          # feature names: "gene_mentions", "disease_mentions" …
    # the candidates are the pairs never named in one sentence (see :func:`apart_pairs`)
    apart: bool = False
    # concepts whose identifier starts so take no part (MeSH names protein classes — "Proteins",
    # "Enzymes", "Cytokines" — as often as single proteins, and a class pairs with every gene nearby)
    excluded: tuple[str, ...] = ()

    @property
    def symmetric(self) -> bool:
        return self.first == self.second

    @property
    def rule(self) -> str:
        return f"{self.name}-scored"

    @property
    def table(self) -> str:
        return self.name.replace("-", "_") + "_model.tsv"

    def relates(self, a: str, b: str) -> bool:
        """Whether entity types ``a`` and ``b`` are this kind's two sides, in either order."""
        return (a in self.first and b in self.second) or (a in self.second and b in self.first)


GENE_DISEASE = PairKind("gene-disease", frozenset(GENE_SIDE), frozenset({"Disease"}), ("gene", "disease"))
# BioRED relates genes to genes (interactions, regulation, shared pathways) and chemicals to chemicals
# (combinations, one drug changing another's effect); its given mentions of both are Gene / Chemical
GENE_GENE = PairKind("gene-gene", frozenset({"Gene"}), frozenset({"Gene"}), ("gene", "partner"), excluded=("MESH:",))
CHEMICAL_CHEMICAL = PairKind("chemical-chemical", frozenset({"Chemical"}), frozenset({"Chemical"}),
                             ("chemical", "partner"))
# Papers on inherited disease name the disease in the title and list the variants found in later
# sentences: half of BioRED's variant–disease pairs are never named in one sentence (training split)
VARIANT_DISEASE_APART = PairKind("variant-disease-apart", frozenset({"Variant"}), frozenset({"Disease"}),
                                 ("variant", "disease"), apart=True)
# A drug and a gene named together that the chemical–gene stage (fitted to ChemProt's narrower
# relations) left unrelated: BioRED also relates a drug to the genes whose expression or variants
# go with its effect
CHEMICAL_GENE = PairKind("chemical-gene-pair", frozenset({"Chemical"}), frozenset({"Gene"}), ("chemical", "gene"))
PAIR_KINDS = (GENE_DISEASE, GENE_GENE, CHEMICAL_CHEMICAL, VARIANT_DISEASE_APART, CHEMICAL_GENE)


@dataclass(frozen=True)
class PairModel:
    """Logistic weights over :func:`candidate_pairs` features and the decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.bias, self.weights, features)


@cache
def load_pair_model(kind: PairKind = GENE_DISEASE) -> PairModel:
    """The shipped model of ``kind``, ``ontology/<kind>_model.tsv`` (``bias``, ``threshold``, weights)."""
    table = {row[0]: float(row[1]) for row in ontology_rows(kind.table)}
    bias, threshold = table.pop("bias"), table.pop("threshold")
    return PairModel(table, bias, threshold)


@dataclass
class ScoredPair:
    features: dict[str, float] = field(default_factory=dict)
    # (rank, sentence, first span, second span, cue word): lower rank = better evidence
    evidence: tuple | None = None


@dataclass(frozen=True)
class _Sides:
    """The concepts of a document on each side of a kind, and how often each is named."""

    kind: PairKind
    spans: list[Span]
    counts: Counter
    firsts: set[str]
    seconds: set[str]
    top_first: int
    top_second: int

    def features(self, a: str, b: str) -> dict[str, float]:
        """What both candidate readers describe a pair by: how often each side is named, whether it is
        the most named of its side, how many concepts each side has."""
        a_word, b_word = self.kind.words
        counts = self.counts
        return {f"{a_word}_mentions": math.log1p(counts[a]), f"{b_word}_mentions": math.log1p(counts[b]),
                f"{a_word}_top": float(counts[a] == self.top_first), f"{b_word}_top": float(counts[b] == self.top_second),
                f"{a_word}s_in_doc": math.log1p(len(self.firsts)), f"{b_word}s_in_doc": math.log1p(len(self.seconds))}


def _sides(doc: Doc, kind: PairKind) -> _Sides | None:
    """The document's concepts of ``kind``, or None when a side has none."""
    rows = [r for r in labelled_entities(doc) if r[1] in kind.first or r[1] in kind.second]
    if kind.excluded:
        rows = [r for r in rows if not r[0].kb_id_.startswith(kind.excluded)]
    spans = [r[0] for r in rows]
    firsts = {key for _, label, key in rows if label in kind.first}
    seconds = {key for _, label, key in rows if label in kind.second}
    if not kind.symmetric:
        seconds -= firsts   # a name tagged both ways is taken for the first side
    if not firsts or not seconds:
        return None
    counts = Counter(r[2] for r in rows)
    return _Sides(kind, spans, counts, firsts, seconds, max(counts[k] for k in firsts), max(counts[k] for k in seconds))


def candidate_pairs(doc: Doc, *, kind: PairKind = GENE_DISEASE, rules: Rules | None = None,
                    related: frozenset[tuple[str, str]] | set = frozenset()) -> dict[tuple[str, str], ScoredPair]:
    """Features and best evidence of each concept pair of ``kind`` named in one sentence (of each
    pair never named together, for an ``apart`` kind), keyed (first side, second side), except the
    pairs in ``related`` (either order) other rules stated."""
    rules = rules or load_rules()
    if kind.apart:
        return apart_pairs(doc, kind=kind, rules=rules, related=related)
    sides = _sides(doc, kind)
    if sides is None or (kind.symmetric and len(sides.firsts) < 2):
        return {}
    spans, counts, seconds = sides.spans, sides.counts, sides.seconds
    a_word, b_word = kind.words
    lower = lower_words(doc)
    pairs: dict[tuple[str, str], ScoredPair] = {}
    sentences = sentence_spans(doc)
    for index, (sent, inside) in enumerate(zip(sentences, spans_by_sentence(spans, sentences))):
        first_spans = [s for s in inside if s.label_ in kind.first]
        second_spans = [s for s in inside if s.label_ in kind.second and concept_key(s) in seconds] if first_spans else []
        if not second_spans:
            continue
        words = lower[sent.start:sent.end]
        genetic = next((w for w in words if w in rules.genetic), None)
        assoc = next((w for w in words if w in rules.assoc), None)
        treat = next((w for w in words if w in rules.treat), None)
        negation = not rules.negation.isdisjoint(words)
        finding = not states_purpose(lower, sent.start, sent.end)   # not 'we genotyped X in patients with Y'
        for g in first_spans:
            for d in second_spans:
                gk, dk = concept_key(g), concept_key(d)
                if gk == dk or (gk, dk) in related or (dk, gk) in related or g.start < d.end and d.start < g.end:
                    continue
                if kind.symmetric and (counts[dk], gk) > (counts[gk], dk):
                    continue   # the pair is taken once, from the side of its more often named concept
                pair = pairs.get((gk, dk))
                if pair is None:
                    pair = pairs[(gk, dk)] = ScoredPair({
                        **sides.features(gk, dk),
                        "variant": float(g.label_ == "Variant" or d.label_ == "Variant"),
                        "sentences": 0.0, "adjacent": 0.0,
                    })
                f = pair.features
                f["sentences"] += 1.0
                if index == 0:
                    f["title"] = 1.0
                for name, cue in (("genetic", genetic), ("assoc", assoc), ("treat", treat)):
                    if cue:
                        f[name] = 1.0
                if negation:
                    f["negation"] = 1.0
                if finding:
                    f["finding"] = 1.0
                left, right = (g, d) if g.start < d.start else (d, g)
                gap = right.start - left.end
                if gap <= 3:
                    f["adjacent"] = 1.0
                if gap <= _WINDOW:
                    f[f"{a_word}_first" if left is g else f"{b_word}_first"] = 1.0
                    for i in range(left.end, right.start):
                        if lower[i].isalpha():
                            f["between:" + lower[i]] = 1.0
                rank = 0 if genetic else 1 if index == 0 else 2
                if pair.evidence is None or rank < pair.evidence[0]:
                    pair.evidence = (rank, sent, g, d, genetic or assoc)
    for pair in pairs.values():
        pair.features["sentences"] = math.log1p(pair.features["sentences"])
    return pairs


def apart_pairs(doc: Doc, *, kind: PairKind, rules: Rules | None = None,
                related: frozenset[tuple[str, str]] | set = frozenset()) -> dict[tuple[str, str], ScoredPair]:
    """Features and evidence of each concept pair of ``kind`` never named in one sentence: how often
    each is named, whether in the title, which is named first, genetic wording or negation in a
    sentence naming the first side. The evidence is the first side's best sentence (genetic wording, else its
    first), with the second side's first mention — the title's, for a paper's disease."""
    rules = rules or load_rules()
    sides = _sides(doc, kind)
    if sides is None:
        return {}
    spans, firsts, seconds = sides.spans, sides.firsts, sides.seconds
    lower = lower_words(doc)
    sentences = sentence_spans(doc)
    together: set[tuple[str, str]] = set()
    where: dict[str, list[tuple[int, Span]]] = {}     # concept -> (sentence index, span) in text order
    found: dict[str, tuple[str | None, bool]] = {}    # first-side concept -> (genetic cue, negation)
    for index, (sent, inside) in enumerate(zip(sentences, spans_by_sentence(spans, sentences))):
        keys = [concept_key(s) for s in inside]
        for span, key in zip(inside, keys):
            where.setdefault(key, []).append((index, span))
        present = set(keys)
        if not present & firsts:
            continue
        together.update((a, b) for a in present & firsts for b in present & seconds)
        words = lower[sent.start:sent.end]
        genetic = next((w for w in words if w in rules.genetic), None)
        negation = not rules.negation.isdisjoint(words)
        for key in present & firsts:
            cue, negated = found.get(key, (None, False))
            found[key] = (cue or genetic, negated or negation)
            if genetic and not cue:
                where[key].insert(0, (index, next(s for s, k in zip(inside, keys) if k == key)))
    a_word, b_word = kind.words
    pairs: dict[tuple[str, str], ScoredPair] = {}
    # (a mention across a sentence boundary lies in no sentence: such a concept has no evidence to give)
    for a in sorted(firsts & where.keys()):
        cue, negated = found.get(a, (None, False))
        a_where = where[a]
        for b in sorted(seconds & where.keys()):
            if (a, b) in together or (a, b) in related or (b, a) in related:
                continue
            b_where = where[b]
            f = {**sides.features(a, b),
                 f"{a_word}_in_title": float(any(i == 0 for i, _ in a_where)),
                 f"{b_word}_in_title": float(any(i == 0 for i, _ in b_where)),
                 f"{b_word}_named_first": float(b_where[0][0] < min(i for i, _ in a_where))}
            if cue:
                f["genetic"] = 1.0
            if negated:
                f["negation"] = 1.0
            index, span = a_where[0]
            pairs[(a, b)] = ScoredPair(f, (0, sentences[index], span, b_where[0][1], cue))
    return pairs


def stated_pairs(relations: list[Relation], *, kind: PairKind = GENE_DISEASE) -> set[tuple[str, str]]:
    """(subject, object) concept keys of the relations of ``kind`` other rules stated (negated ones
    too: the text then says they are not related)."""
    return {(rel.subject.id or rel.subject.label.lower(), rel.object.id or rel.object.label.lower())
            for rel in relations if kind.relates(rel.subject.type, rel.object.type)}


def extract_scored_pairs(doc: Doc, *, document: Document | str, kind: PairKind = GENE_DISEASE,
                         related: set[tuple[str, str]] | frozenset = frozenset(),
                         rules: Rules | None = None, model: PairModel | None = None) -> list[Relation]:
    """One ``associated_with`` relation per pair of ``kind`` the model accepts (``related``: concept
    keys — identifiers, else lower-case names — of pairs already stated, skipped)."""
    model = model or load_pair_model(kind)
    rules = rules or load_rules()
    document_id = document if isinstance(document, str) else document.id
    out = []
    for _, pair in sorted(candidate_pairs(doc, kind=kind, rules=rules, related=related).items()):
        p = model.probability(pair.features)
        if p < model.threshold:
            continue
        _, sent, first, second, cue = pair.evidence
        hedge = cue_word(doc, sent.start, sent.end, rules.hedge)
        section = document.section_at(sent.start_char) if isinstance(document, Document) else None
        evidence = Evidence(document_id=document_id, sentence=span_text(sent).rstrip(), sentence_start=sent.start_char,
                            subject_span=(first.start_char, first.end_char),
                            object_span=(second.start_char, second.end_char),
                            rule=kind.rule, section=section, trigger=cue, hedged=bool(hedge), cue=hedge)
        out.append(Relation(entity_of(first), "associated_with", entity_of(second), evidence, hedged=bool(hedge),
                            confidence=round(p, 3)))
    return out
