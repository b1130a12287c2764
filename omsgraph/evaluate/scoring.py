"""Precision, recall and F1 over sets of predictions (shared by the corpus evaluators).

>>> prf({1, 2}, {2, 3})["f1"]
0.5
"""

from __future__ import annotations


def prf(gold: set, predicted: set) -> dict:
    """True positives, counts, and precision/recall/F1 rounded to four places."""
    tp = len(gold & predicted)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted": len(predicted), "gold": len(gold),
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
