"""Gene–disease associations the sentence rules left out, scored per concept pair of a document.

A gene (or sequence variant) and a disease named in one sentence are often related without a
trigger word the rules know ("BRCA1 carriers with breast cancer", "X in patients with Y"). Each
(gene, disease) concept pair named together in at least one sentence, and not already related
by another rule of the document, is described by a few readable features — how many sentences
hold both, whether one is the title, the words between the two, genetic or treatment wording in
the sentence, how often each is named — and scored with the logistic weights of
``ontology/gene_disease_model.tsv`` (fitted on the BioRED training split by
``scripts/train_gene_disease_model.py``). Pairs reaching the table's threshold become
``associated_with`` relations (rule ``gene-disease-scored``), with the pair's best sentence as
evidence: one with genetic wording, else the title, else the first.

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
from functools import lru_cache

from spacy.tokens import Doc, Span

from omsgraph.extract.logistic import probability
from omsgraph.extract.rules import GENE_SIDE, Rules, cue_word, load_rules
from omsgraph.extract.tables import ontology_rows
from omsgraph.model import Document, Evidence, Relation
from omsgraph.nlp.spans import entity_of, entity_spans, lower_words, sentence_spans, span_text, spans_by_sentence

__all__ = ["GeneDiseaseModel", "candidate_pairs", "extract_gene_disease", "load_gene_disease_model", "stated_pairs"]

_WINDOW = 8   # words between the two read as features when they are at most this far apart


@dataclass(frozen=True)
class GeneDiseaseModel:
    """Logistic weights over :func:`candidate_pairs` features and the decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.bias, self.weights, features)


@lru_cache(maxsize=1)
def load_gene_disease_model() -> GeneDiseaseModel:
    """The shipped model, ``ontology/gene_disease_model.tsv`` (``bias``, ``threshold``, weights)."""
    table = {row[0]: float(row[1]) for row in ontology_rows("gene_disease_model.tsv")}
    bias, threshold = table.pop("bias"), table.pop("threshold")
    return GeneDiseaseModel(table, bias, threshold)


@dataclass
class GenePair:
    features: dict[str, float] = field(default_factory=dict)
    # (rank, sentence, gene span, disease span, cue word): lower rank = better evidence
    evidence: tuple | None = None


def _key(span: Span) -> str:
    return span.kb_id_ or span.text.lower()


def candidate_pairs(doc: Doc, *, rules: Rules | None = None,
                    related: frozenset[tuple[str, str]] | set = frozenset()) -> dict[tuple[str, str], GenePair]:
    """Features and best evidence of each (gene, disease) concept pair named in one sentence,
    except the pairs in ``related`` (either order) that other rules already stated."""
    rules = rules or load_rules()
    spans = [s for s in entity_spans(doc) if s.label_ in GENE_SIDE or s.label_ == "Disease"]
    if not spans:
        return {}
    counts = Counter(_key(s) for s in spans)
    genes = {_key(s) for s in spans if s.label_ in GENE_SIDE}
    diseases = {_key(s) for s in spans if s.label_ == "Disease"} - genes
    if not genes or not diseases:
        return {}
    top_gene = max(counts[g] for g in genes)
    top_disease = max(counts[d] for d in diseases)
    lower = lower_words(doc)
    pairs: dict[tuple[str, str], GenePair] = {}
    sentences = sentence_spans(doc)
    for index, (sent, inside) in enumerate(zip(sentences, spans_by_sentence(spans, sentences))):
        gene_spans = [s for s in inside if s.label_ in GENE_SIDE]
        disease_spans = [s for s in inside if s.label_ == "Disease" and _key(s) in diseases] if gene_spans else []
        if not disease_spans:
            continue
        words = lower[sent.start:sent.end]
        genetic = next((w for w in words if w in rules.genetic), None)
        assoc = next((w for w in words if w in rules.assoc), None)
        treat = next((w for w in words if w in rules.treat), None)
        negation = any(w in rules.negation for w in words)
        for g in gene_spans:
            for d in disease_spans:
                gk, dk = _key(g), _key(d)
                if (gk, dk) in related or (dk, gk) in related or g.start < d.end and d.start < g.end:
                    continue
                pair = pairs.get((gk, dk))
                if pair is None:
                    pair = pairs[(gk, dk)] = GenePair({
                        "gene_mentions": math.log1p(counts[gk]), "disease_mentions": math.log1p(counts[dk]),
                        "gene_top": float(counts[gk] == top_gene), "disease_top": float(counts[dk] == top_disease),
                        "genes_in_doc": math.log1p(len(genes)), "diseases_in_doc": math.log1p(len(diseases)),
                        "variant": float(g.label_ == "Variant"), "sentences": 0.0, "adjacent": 0.0,
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
                left, right = (g, d) if g.start < d.start else (d, g)
                gap = right.start - left.end
                if gap <= 3:
                    f["adjacent"] = 1.0
                if gap <= _WINDOW:
                    f["gene_first" if left is g else "disease_first"] = 1.0
                    for i in range(left.end, right.start):
                        if lower[i].isalpha():
                            f["between:" + lower[i]] = 1.0
                rank = 0 if genetic else 1 if index == 0 else 2
                if pair.evidence is None or rank < pair.evidence[0]:
                    pair.evidence = (rank, sent, g, d, genetic or assoc)
    for pair in pairs.values():
        pair.features["sentences"] = math.log1p(pair.features["sentences"])
    return pairs


def stated_pairs(relations: list[Relation]) -> set[tuple[str, str]]:
    """(subject, object) concept keys of the gene–disease relations other rules stated (negated ones
    too: the text then says they are not related)."""
    out = set()
    for rel in relations:
        kinds = {rel.subject.type, rel.object.type}
        if "Disease" in kinds and kinds & set(GENE_SIDE):
            out.add((rel.subject.id or rel.subject.label.lower(), rel.object.id or rel.object.label.lower()))
    return out


def extract_gene_disease(doc: Doc, *, document: Document | str, related: set[tuple[str, str]] | frozenset = frozenset(),
                         rules: Rules | None = None, model: GeneDiseaseModel | None = None) -> list[Relation]:
    """One ``associated_with`` relation per (gene, disease) pair the model accepts (``related``: concept
    keys — identifiers, else lower-case names — of pairs already stated, skipped)."""
    model = model or load_gene_disease_model()
    rules = rules or load_rules()
    document_id = document if isinstance(document, str) else document.id
    out = []
    for _, pair in sorted(candidate_pairs(doc, rules=rules, related=related).items()):
        p = model.probability(pair.features)
        if p < model.threshold:
            continue
        _, sent, gene, disease, cue = pair.evidence
        hedge = cue_word(doc, sent.start, sent.end, rules.hedge)
        section = document.section_at(sent.start_char) if isinstance(document, Document) else None
        evidence = Evidence(document_id=document_id, sentence=span_text(sent).rstrip(), sentence_start=sent.start_char,
                            subject_span=(gene.start_char, gene.end_char),
                            object_span=(disease.start_char, disease.end_char),
                            rule="gene-disease-scored", section=section, trigger=cue, hedged=bool(hedge), cue=hedge)
        out.append(Relation(entity_of(gene), "associated_with", entity_of(disease), evidence, hedged=bool(hedge),
                            confidence=round(p, 3)))
    return out
