"""Fit a document-level pair scorer (``omsgraph/ontology/<kind>_model.tsv``; kinds in
``omsgraph.extract.scored_pairs.PAIR_KINDS``: gene-disease, gene-gene, chemical-chemical,
chemical-gene-pair, variant-disease-apart).

Trained on the BioRED *training* split only, with its given mentions, through the same path
``build --entities input`` takes: the candidates are the pairs of the kind (a gene or variant and a
disease; two genes; two chemicals; a chemical and a gene) named in one sentence that the other rules left unrelated; a
candidate is positive when BioRED relates the two concepts in that document (any type). L2-regularised logistic regression (the CID script's
``fit``); the threshold maximises F1 over 5-fold cross-validated training predictions, counting
the rules' own pairs of the kind, among thresholds where the pairs the scorer adds are right at
least ``--min-precision`` (0.7; 0.65 for variant–disease pairs never named together, below) of the
time: a curator's graph should not fill with guesses. Both figures are the mean of five
cross-validations, the documents dealt to the folds in a different order each time: the scorers'
added pairs are right about equally often over a wide band of thresholds, and with one deal the
threshold went wherever that deal's noise crossed the floor (gene–disease: 0.52, 0.53, 0.63 after
small rule changes; the mean of five moves smoothly).

    python scripts/train_pair_model.py gene-disease ../shared/corpora/biored/BioRED_Train.PubTator \
        --out omsgraph/ontology/gene_disease_model.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_cid_model import cross_validated, fit, write_weights  # noqa: E402  (same regression, folds and table, one copy)

from omsgraph.evaluate.biored import biored_documents, entity_type, read_biored  # noqa: E402
from omsgraph.evaluate.scoring import extracted  # noqa: E402
from omsgraph.extract.scored_pairs import PAIR_KINDS, PairKind, candidate_pairs, stated_pairs  # noqa: E402
from omsgraph.extract.rules import load_rules  # noqa: E402

REPEATS = 5  # cross-validations averaged, each with its own deal of documents to folds
# The floor on how often the pairs a scorer adds are right. Variant–disease pairs never named in one
# sentence (half of BioRED's variant–disease pairs; no rule can state them) are right about 0.65 of
# the time at every threshold, averaged over five deals (one deal had put them at 0.70): they are
# kept at that floor, each with its probability as the relation's confidence for a curator to filter on.
# Chemical–gene pairs the chemical–gene stage (fitted on ChemProt) leaves unstated reach 0.63 at most
# since the 2026-12-02 refit of its weights (0.71 before); at 0.6 the table adds a few at a high threshold
# (BioRED development pair / typed F1 0.667 / 0.520 without the table, 0.668 / 0.520 with it).
# Gene–gene pairs: the scores of right and wrong pairs overlap in a band; at 0.7 the threshold sits
# above it (0.68: cross-validated F1 0.50, recall 0.37), at 0.6 below it (0.41: F1 0.63, recall 0.60,
# the pairs added right 0.60 of the time). BioRED development pair F1 0.682 -> 0.701; typed 0.531 ->
# 0.527, as the added pairs are associations and development's gene pairs are more often positive
# correlations than training's (training typed 0.535 -> 0.543).
MIN_PRECISION = {"variant-disease-apart": 0.65, "chemical-gene-pair": 0.6, "gene-gene": 0.6}


def _bare(key: str) -> str:
    return key.split(":", 1)[1] if ":" in key else key


def table(path: str, kind: PairKind, *, min_count: int = 10):
    records, gold = read_biored(path)
    gold_pairs = {(pmid, a, b) for pmid, a, b, _ in gold}
    rules = load_rules()
    rows, labels, groups = [], [], []
    rule_hits = rule_pairs = 0
    for number, (document, doc, relations) in enumerate(extracted(biored_documents(records))):
        # what the other rules state when this scorer runs: its own output (from the model being
        # replaced) and that of the kinds scored after it (extract_relations runs them in PAIR_KINDS
        # order) left out
        later = {k.rule for k in PAIR_KINDS[PAIR_KINDS.index(kind):]}
        relations = [rel for rel in relations if rel.evidence.rule not in later]
        related = stated_pairs(relations, kind=kind)
        # what the rules already predict for pairs of the kind counts toward precision and recall
        stated = {tuple(sorted((_bare(a), _bare(b))))
                  for a, b in stated_pairs([r for r in relations if not r.negated], kind=kind)}
        rule_pairs += len(stated)
        rule_hits += sum((document.pmid, *p) in gold_pairs for p in stated)
        for (g, d), pair in candidate_pairs(doc, kind=kind, rules=rules, related=related).items():
            rows.append(pair.features)
            labels.append((document.pmid, *sorted((_bare(g), _bare(d)))) in gold_pairs)
            groups.append(number)
    typed = {}
    for record in records:
        for mention in record.mentions:
            for i in mention[3]:
                typed[(record.pmid, i)] = entity_type(mention[2])
    n_gold = sum(1 for pmid, a, b in gold_pairs if kind.relates(typed.get((pmid, a)), typed.get((pmid, b))))
    counts = Counter(k for r in rows for k in r)
    names = sorted(k for k, n in counts.items() if ":" not in k or n >= min_count)
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows])
    return names, x, np.array(labels, dtype=float), np.array(groups), n_gold, rule_hits, rule_pairs


def best_threshold(held_out, y, n_gold, rule_hits, rule_pairs, *, min_precision: float):
    """The threshold of best overall F1 (the rules' own pairs of the kind counted) among those where
    the pairs the scorer adds are right at least ``min_precision`` of the time; each figure is the
    mean over the cross-validations in ``held_out`` (one array of held-out probabilities each)."""
    best = (0.0, 0.5, 0.0, 0.0, 0.0)
    for t in np.arange(0.2, 0.9, 0.01):
        figures = []
        for p in held_out:
            chosen = p >= t
            added, right = float(chosen.sum()), float(np.sum(y[chosen]))
            if not added:
                break
            tp, predicted = rule_hits + right, rule_pairs + added
            precision, recall = tp / max(1.0, predicted), tp / n_gold
            f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
            figures.append((f1, precision, recall, right / added))
        if len(figures) < len(held_out):
            continue  # a deal in which the scorer adds nothing at this threshold
        f1, precision, recall, added_precision = np.mean(figures, axis=0)
        if f1 > best[0] and added_precision >= min_precision:
            best = (float(f1), float(t), float(precision), float(recall), float(added_precision))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=[k.name for k in PAIR_KINDS])
    parser.add_argument("pubtator")
    parser.add_argument("--out", default=None)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--min-precision", type=float, default=None, help="default: 0.7, or MIN_PRECISION[kind]")
    args = parser.parse_args()
    kind = next(k for k in PAIR_KINDS if k.name == args.kind)
    names, x, y, groups, n_gold, rule_hits, rule_pairs = table(args.pubtator, kind)
    min_precision = args.min_precision if args.min_precision is not None else MIN_PRECISION.get(kind.name, 0.7)
    held_out = cross_validated(x, y, groups, l2=args.l2, repeats=REPEATS)
    f1, threshold, precision, recall, added_precision = best_threshold(held_out, y, n_gold, rule_hits, rule_pairs,
                                                                       min_precision=min_precision)
    if not f1:
        # no threshold makes the added pairs right often enough: ship no table rather than guesses
        sys.exit(f"{kind.name}: no threshold where the pairs the scorer adds are right >= {min_precision} "
                 "in cross-validation; no model written")
    w, b = fit(x, y, l2=args.l2)
    print(json.dumps({"candidates": len(y), "positive": int(y.sum()), "gold_pairs_of_kind": n_gold,
                      "rules_alone": {"pairs": rule_pairs, "correct": rule_hits},
                      "cv_f1": round(f1, 4), "cv_precision": round(precision, 4), "cv_recall": round(recall, 4),
                      "cv_precision_of_added_pairs": round(added_precision, 4),
                      "threshold": round(threshold, 2)}))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(f"# {kind.name} pair scorer: logistic weights over omsgraph.extract.scored_pairs.candidate_pairs.\n")
            out.write(f"# Fitted {date.today()} by scripts/train_pair_model.py {kind.name} on the BioRED training split only\n")
            out.write(f"# (l2={args.l2}); threshold: best cross-validated F1 where the pairs it adds are right >= {min_precision}\n")
            out.write(f"# (both the mean of {REPEATS} cross-validations).\n")
            out.write("# feature\tweight\n")
            out.write(f"bias\t{b:.4f}\nthreshold\t{threshold:.2f}\n")
            write_weights(out, names, w)


if __name__ == "__main__":
    main()
