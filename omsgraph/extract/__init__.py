"""The extract stage: an annotated spaCy Doc -> directed, typed Relations with Evidence.

>>> import spacy
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Wortmannin inhibited PI3K in neurons.")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 10, label="Chemical"), doc.char_span(21, 25, label="ProteinFamily")])
>>> [(r.subject.label, r.predicate, r.object.label) for r in extract_relations(doc, document=Document(id="HASH:1", text=doc.text))]
[('Wortmannin', 'inhibits', 'PI3K')]
"""

from __future__ import annotations

from spacy.tokens import Doc

from omsgraph.extract.chemical_disease import extract_chemical_disease
from omsgraph.extract.rules import Rules, extract_sentence_relations, load_rules
from omsgraph.extract.scored_pairs import PAIR_KINDS, extract_scored_pairs, stated_pairs
from omsgraph.model import Document, Relation

__all__ = ["Rules", "extract_relations", "load_rules"]


_LESSENING = frozenset({"treats", "decreases"})   # what a chemical does to a disease it lessens


def extract_relations(doc: Doc, *, document: Document, rules: Rules | None = None) -> list[Relation]:
    """All relations of one document, each under a predicate its entity types fit (:meth:`Rules.fitting`),
    exact duplicates (same statement and evidence) dropped."""
    rules = rules or load_rules()
    # each relation under a predicate its entity types fit, once, as it is found
    found = [rules.fitting(r) for r in extract_sentence_relations(doc, document=document, rules=rules)]
    # document-level chemical-induced disease (BC5CDR CID task); a pair a rule reads as a treatment or a
    # decrease is not also called a cause unless an induced cue says so in another sentence ('In Y, X is
    # used as a rescue therapy' gave both, BC5CDR development: 10 such CID pairs, 7 wrong; 'X blocked
    # Z-induced Y' gave X a cue that is Z's)
    lessened = [r for r in found if r.predicate in _LESSENING and not r.negated]
    treated = {(r.subject.key, r.object.key) for r in lessened}
    lessened_in = {(r.subject.key, r.object.key, r.evidence.sentence_start) for r in lessened}
    found += [rules.fitting(r) for r in extract_chemical_disease(doc, document=document)
              if (r.subject.key, r.object.key) not in treated
              or r.evidence.rule == "cid-cue" and (r.subject.key, r.object.key, r.evidence.sentence_start) not in lessened_in]
    # gene-disease, gene-gene, chemical-chemical, chemical-gene pairs named together that no rule related
    # (and variant-disease pairs never named together): scored per pair
    for kind in PAIR_KINDS:
        found += map(rules.fitting, extract_scored_pairs(doc, document=document, kind=kind,
                                                         related=stated_pairs(found, kind=kind), rules=rules))
    seen, out = set(), []
    for rel in found:
        key = (rel.key, rel.evidence.subject_span, rel.evidence.object_span, rel.evidence.rule)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out
