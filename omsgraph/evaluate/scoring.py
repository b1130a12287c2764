"""What the corpus evaluators share: precision, recall and F1 over sets of predictions, and the
build extractor run over documents with their own entities.

>>> prf({1, 2}, {2, 3})["f1"]
0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from omsgraph.model import Document, Relation


def prf(gold: set, predicted: set) -> dict:
    """True positives, counts, and precision/recall/F1 rounded to four places."""
    tp = len(gold & predicted)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted": len(predicted), "gold": len(gold),
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def extracted(documents: Iterable[Document]) -> Iterator[tuple[Document, Doc, list[Relation]]]:
    """(document, annotated Doc, relations) from what ``build --entities input`` runs: the document's
    own mentions as entities, no vocabulary, the same extractor."""
    from omsgraph.extract import extract_relations, load_rules
    from omsgraph.nlp import annotate, load_pipeline

    nlp = load_pipeline(vocabulary=False)
    rules = load_rules()
    for document, doc in annotate(documents, nlp, entities="input"):
        yield document, doc, extract_relations(doc, document=document, rules=rules)
