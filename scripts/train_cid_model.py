"""Fit the chemical-induced-disease pair scorer (``omsgraph/ontology/cid_model.tsv``).

Trained on the BC5CDR *training* split only, with its given mentions, through the same
pipeline ``build`` uses (tokeniser, sentences, input entities). L2-regularised logistic
regression by gradient descent (numpy); the threshold maximises F1 over 5-fold
cross-validated training predictions, so the development split stays unseen.

    python scripts/train_cid_model.py ../shared/corpora/bc5cdr/CDR_TrainingSet.PubTator.txt \
        --out omsgraph/ontology/cid_model.tsv
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date

import numpy as np

from omsgraph.evaluate.bc5cdr import cid_documents, most_specific_pairs, read_cid_pubtator
from omsgraph.evaluate.bc5cdr_ner import mesh_tree_numbers
from omsgraph.extract.chemical_disease import load_cues, pair_features
from omsgraph.nlp import annotate, load_pipeline


FOLDS = 5
FALLBACKS = (1.0,)  # a fallback pair per document assumes every text states one: true of BC5CDR, not of general text


def concept_priors(pairs) -> dict[str, tuple[int, int]]:
    """(CID pairs, all pairs) per concept."""
    counts: dict[str, list[int]] = {}
    for c, d, label in pairs:
        for concept in (c, d, c + " " + d):
            entry = counts.setdefault(concept, [0, 0])
            entry[0] += int(label)
            entry[1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def table(path: str, *, min_count: int = 15):
    records, gold = read_cid_pubtator(path)
    nlp = load_pipeline(vocabulary=False)
    cues = load_cues()
    docs = list(annotate(cid_documents(records), nlp, entities="input"))
    # concept priors out of fold: a document's own pairs never inform its features
    pairs_by_fold = [[] for _ in range(FOLDS)]
    for number, (document, doc) in enumerate(docs):
        for c, d in pair_features(doc, cues=cues):
            label = (document.pmid, c.split(":", 1)[1], d.split(":", 1)[1]) in gold
            pairs_by_fold[number % FOLDS].append((c, d, label))
    rows, labels, groups, keys = [], [], [], []
    for number, (document, doc) in enumerate(docs):
        priors = concept_priors(p for k, fold in enumerate(pairs_by_fold) if k != number % FOLDS for p in fold)
        for (c, d), pair in pair_features(doc, cues=cues, priors=priors).items():
            rows.append(pair.features)
            keys.append((document.pmid, c.split(":", 1)[1], d.split(":", 1)[1]))
            labels.append(keys[-1] in gold)
            groups.append(number)
    counts = Counter(k for r in rows for k in r)
    # word features only when common enough in training to carry a weight worth reading
    names = sorted(k for k, n in counts.items() if ":" not in k or n >= min_count)
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows])
    everything = concept_priors(p for fold in pairs_by_fold for p in fold)
    return names, x, np.array(labels, dtype=float), np.array(groups), len(gold), everything, keys


def fit(x, y, *, l2: float = 1.0, steps: int = 3000, rate: float = 0.5):
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= rate * float(np.mean(p - y))
    return w, b


def cross_validated(x, y, groups, *, l2: float, repeats: int = 1) -> list[np.ndarray]:
    """Held-out probabilities of ``repeats`` 5-fold cross-validations by document: the first deals
    document ``n`` to fold ``n % 5``, the others shuffle the documents first (seeded, so reproducible)."""
    held_out = []
    documents = int(groups.max()) + 1
    for repeat in range(repeats):
        order = np.random.default_rng(repeat).permutation(documents) if repeat else np.arange(documents)
        folds = order[groups] % FOLDS
        p = np.zeros(len(y))
        for k in range(FOLDS):
            w, b = fit(x[folds != k], y[folds != k], l2=l2)
            p[folds == k] = 1 / (1 + np.exp(-(x[folds == k] @ w + b)))
        held_out.append(p)
    return held_out


def write_weights(out, names, weights) -> None:
    """One ``feature<TAB>weight`` row per feature, largest weights first."""
    for name, weight in sorted(zip(names, weights), key=lambda nw: -abs(nw[1])):
        out.write(f"{name}\t{weight:.4f}\n")


def select(p, groups, threshold, fallback, eligible):
    """Pairs at or above ``threshold``, plus each document's best eligible pair (chemical named in
    the title) when none is chosen and it reaches ``fallback``."""
    chosen = p >= threshold
    best_of = {}
    for i, g in enumerate(groups):
        if eligible[i] and (g not in best_of or p[i] > p[best_of[g]]):
            best_of[g] = i
    covered = set(groups[chosen])
    for g, i in best_of.items():
        if g not in covered and p[i] >= fallback:
            chosen[i] = True
    return chosen


def most_specific(chosen, keys, trees):
    """``chosen`` without the pairs a more specific chosen pair of the same document says again, as
    ``evaluate bc5cdr`` scores them (:func:`omsgraph.evaluate.bc5cdr.most_specific_pairs`)."""
    picked = {keys[i]: i for i in np.flatnonzero(chosen)}
    kept = most_specific_pairs(set(picked), trees)
    out = np.zeros_like(chosen)
    out[[i for k, i in picked.items() if k in kept]] = True
    return out


def best_threshold(p, y, groups, eligible, n_gold, *, min_precision: float = 0.0, keys=None, trees=None):
    best = (0.0, 0.5, 1.0, 0.0, 0.0)
    for t in np.arange(0.2, 0.8, 0.01):
        for fallback in FALLBACKS:
            chosen = select(p, groups, t, fallback, eligible)
            if trees is not None:
                chosen = most_specific(chosen, keys, trees)
            tp = float(np.sum(y[chosen]))
            precision = tp / max(1, chosen.sum())
            recall = tp / n_gold
            f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
            if f1 > best[0] and precision >= min_precision:
                best = (f1, float(t), fallback, precision, recall)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pubtator")
    parser.add_argument("--out", default=None)
    parser.add_argument("--priors-out", default="omsgraph/ontology/cid_priors.tsv")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--min-precision", type=float, default=0.0,
                        help="choose the best-F1 threshold among those with at least this CV precision")
    parser.add_argument("--all-pairs", action="store_true",
                        help="choose the threshold on every chosen pair, not only the most specific ones "
                             "'evaluate bc5cdr' scores")
    args = parser.parse_args()
    names, x, y, groups, n_gold, priors, keys = table(args.pubtator)
    # one deal only: the concept priors in the features were counted out of fold for this deal
    held_out, = cross_validated(x, y, groups, l2=args.l2)
    f1, threshold, fallback, precision, recall = best_threshold(held_out, y, groups, x[:, names.index("chem_in_title")] > 0, n_gold, min_precision=args.min_precision,
                                                               keys=keys, trees=None if args.all_pairs else mesh_tree_numbers())
    w, b = fit(x, y, l2=args.l2)
    print(json.dumps({"pairs": len(y), "gold": n_gold, "cv_f1": round(f1, 4), "cv_precision": round(precision, 4),
                      "cv_recall": round(recall, 4), "threshold": round(threshold, 2),
                      "fallback": fallback}))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write("# CID pair scorer: logistic weights over omsgraph.extract.chemical_disease.pair_features.\n")
            out.write(f"# Fitted {date.today()} by scripts/train_cid_model.py on the BC5CDR training split only\n")
            out.write(f"# (l2={args.l2}); threshold from 5-fold cross-validation on that split.\n")
            out.write("# feature\tweight\n")
            out.write(f"bias\t{b:.4f}\nthreshold\t{threshold:.2f}\nfallback\t{fallback:.2f}\n")
            write_weights(out, names, w)
        with open(args.priors_out, "w", encoding="utf-8") as out:
            out.write("# CID concept priors: MeSH concept (or 'chemical disease' pair) <TAB> CID pairs <TAB> pairs,\n")
            out.write(f"# counted over the given mentions of the BC5CDR training split by scripts/train_cid_model.py ({date.today()}).\n")
            for key in sorted(priors):
                out.write(f"{key}\t{priors[key][0]}\t{priors[key][1]}\n")


if __name__ == "__main__":
    main()
