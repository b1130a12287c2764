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


def extract_relations(doc: Doc, *, document: Document, rules: Rules | None = None) -> list[Relation]:
    """All relations of one document, each under a predicate its entity types fit (:meth:`Rules.fitting`),
    exact duplicates (same statement and evidence) dropped."""
    rules = rules or load_rules()
    found = extract_sentence_relations(doc, document=document, rules=rules)
    # document-level chemical-induced disease (BC5CDR CID task); a pair a rule reads as a treatment is
    # not also called a cause unless an induced cue says so ('In Y, X is used as a rescue therapy' gave
    # both; BC5CDR development: 10 such CID pairs, 7 wrong)
    treated = {(r.subject.key, r.object.key) for r in found if r.predicate == "treats" and not r.negated}
    found += [r for r in extract_chemical_disease(doc, document=document)
              if r.evidence.rule == "cid-cue" or (r.subject.key, r.object.key) not in treated]
    # gene-disease, gene-gene, chemical-chemical, chemical-gene pairs named together that no rule related
    # (and variant-disease pairs never named together): scored per pair
    for kind in PAIR_KINDS:
        found += extract_scored_pairs(doc, document=document, kind=kind, related=stated_pairs(found, kind=kind),
                                      rules=rules)
    seen, out = set(), []
    for rel in map(rules.fitting, found):
        key = (rel.key, rel.evidence.subject_span, rel.evidence.object_span, rel.evidence.rule)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out
