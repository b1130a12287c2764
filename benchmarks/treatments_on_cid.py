"""How many `treats` relations the rules state on a BC5CDR split, and how many of them join a pair the
split annotates as chemical-*induced* (certainly no treatment); prints JSON.

    python benchmarks/treatments_on_cid.py ../shared/corpora/bc5cdr/CDR_TrainingSet.PubTator.txt [--show N]

Counts distinct non-negated relations by (document, chemical, disease, sentence), with the file's own
mentions, through `extract_relations` as `omsgraph evaluate bc5cdr` runs it. `--show N` prints N of
the induced ones (a fixed sample) after the JSON, for reading.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter

from omsgraph.evaluate.bc5cdr import cid_documents, read_cid_pubtator
from omsgraph.evaluate.scoring import extracted


def _bare(curie: str | None) -> str:
    return (curie or "").split(":", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pubtator")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    records, induced = read_cid_pubtator(args.pubtator)
    seen: set[tuple[str, str, str, str]] = set()
    by_rule, on_induced = Counter(), Counter()
    shown: list[tuple[str, str, str, str]] = []
    for document, _, relations in extracted(cid_documents(records)):
        for rel in relations:
            if rel.predicate != "treats" or rel.negated:
                continue
            key = (document.pmid, _bare(rel.subject.id), _bare(rel.object.id), rel.evidence.sentence)
            if key in seen:
                continue
            seen.add(key)
            by_rule[rel.evidence.rule] += 1
            if key[:3] in induced:
                on_induced[rel.evidence.rule] += 1
                shown.append((rel.evidence.rule, rel.subject.label, rel.object.label, rel.evidence.sentence))
    print(json.dumps({"treats": len(seen), "by_rule": dict(sorted(by_rule.items())),
                      "on_induced_pairs": sum(on_induced.values()), "on_induced_by_rule": dict(sorted(on_induced.items()))}))
    for row in random.Random(0).sample(shown, min(args.show, len(shown))):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
