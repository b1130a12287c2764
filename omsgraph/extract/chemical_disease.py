"""Chemical-induced disease (``causes``) relations between Chemical and Disease spans of a Doc.

Rules (each prediction names its rule): ``cid-title`` (both concepts in the title, no
treatment cue there), ``cid-cue`` (a sentence holding both with an induced-disease cue and
no treatment cue). Cues live in ``omsgraph/ontology/cid_cues.tsv``.

>>> import spacy
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Rash induced by penicillin. Other text follows.")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 4, label="Disease", kb_id="MESH:D005076"),
...                            doc.char_span(16, 26, label="Chemical", kb_id="MESH:D010406")])
>>> [(r.subject.id, r.predicate, r.object.id, r.evidence.rule) for r in extract_chemical_disease(doc, document="PMID:1")]
[('MESH:D010406', 'causes', 'MESH:D005076', 'cid-title')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Span

from omsgraph.model import Evidence, Relation
from omsgraph.nlp.spans import entity_of, entity_spans


@lru_cache(maxsize=1)
def _cue_table() -> tuple[tuple[str, str], ...]:
    text = files("omsgraph.ontology").joinpath("cid_cues.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, pattern = line.partition("\t")
            rows.append((kind.strip(), pattern.strip()))
    return tuple(rows)


def load_cues() -> dict[str, re.Pattern]:
    """The cue patterns by kind (a fresh dict on each call)."""
    kinds: dict[str, list[str]] = {}
    for kind, pattern in _cue_table():
        kinds.setdefault(kind, []).append(pattern)
    return {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in kinds.items()}


def _find(cues: dict[str, re.Pattern], kind: str, text: str) -> str | None:
    pattern = cues.get(kind)
    match = pattern.search(text) if pattern else None
    return match.group(0) if match else None


def _relation(doc: Doc, sent: Span, chem: Span, dis: Span, *, document: str, rule: str,
              cue: str | None, cues: dict[str, re.Pattern]) -> Relation:
    negation = _find(cues, "negation", sent.text.lower())
    hedge = _find(cues, "hedge", sent.text.lower())
    evidence = Evidence(document_id=document, sentence=sent.text, sentence_start=sent.start_char,
                        subject_span=(chem.start_char, chem.end_char), object_span=(dis.start_char, dis.end_char),
                        rule=rule, trigger=cue, negated=bool(negation), hedged=bool(hedge), cue=negation or hedge)
    return Relation(entity_of(chem), "causes", entity_of(dis), evidence, negated=bool(negation),
                    hedged=bool(hedge), confidence=0.7 if rule == "cid-title" else 0.6)


def extract_chemical_disease(doc: Doc, *, document: str, rules: dict | None = None) -> list[Relation]:
    """One ``causes`` relation per (chemical concept, disease concept) pair supported anywhere in ``doc``."""
    cues = (rules or {}).get("cid_cues") or load_cues()
    found: dict[tuple[str, str], Relation] = {}
    spans = [s for s in entity_spans(doc) if s.kb_id_]
    for index, sent in enumerate(doc.sents):
        inside = [s for s in spans if sent.start_char <= s.start_char and s.end_char <= sent.end_char]
        chems = [s for s in inside if s.label_ == "Chemical"]
        diseases = [s for s in inside if s.label_ == "Disease"]
        lowered = sent.text.lower()
        for chem in chems:
            for dis in diseases:
                pair = (chem.kb_id_, dis.kb_id_)
                if pair in found or pair[0] == pair[1]:
                    continue
                left, right = sorted((chem, dis), key=lambda s: s.start_char)
                between = doc.text[left.start_char:right.end_char].lower()
                if _find(cues, "treatment", between):
                    continue
                if index == 0 and not _find(cues, "treatment", lowered):
                    found[pair] = _relation(doc, sent, chem, dis, document=document, rule="cid-title", cue=None, cues=cues)
                    continue
                cue = _find(cues, "induced", between)
                if cue:
                    found[pair] = _relation(doc, sent, chem, dis, document=document, rule="cid-cue", cue=cue, cues=cues)
    return [found[k] for k in sorted(found)]
