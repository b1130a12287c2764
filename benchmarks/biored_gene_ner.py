"""Gene mentions found by the vocabulary NER alone on BioRED texts, against BioRED's gene mentions; prints JSON.

    python benchmarks/biored_gene_ner.py ../shared/corpora/biored/BioRED_Train.PubTator [--false N]

A mention counts when its offsets equal a GeneOrGeneProduct mention's and omsgraph typed it Gene or
ProteinFamily (identifiers are not compared: BioRED uses NCBI Gene, omsgraph HGNC and FamPlex).
`--false N` adds the N names most often found where BioRED marks no gene.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from omsgraph.evaluate.bc5cdr_ner import read_pubtator
from omsgraph.model import Document
from omsgraph.nlp import annotate, load_pipeline
from omsgraph.nlp.spans import entity_spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pubtator")
    parser.add_argument("--false", type=int, default=0)
    args = parser.parse_args()
    records = read_pubtator(args.pubtator)
    gold = {(r.pmid, start, end) for r in records for start, end, _, kind, _ in r.mentions if kind == "GeneOrGeneProduct"}
    found, false = set(), Counter()
    documents = [Document(id=f"PMID:{r.pmid}", text=r.text) for r in records]
    for document, doc in annotate(documents, load_pipeline(), entities="vocabulary"):
        pmid = document.id.split(":", 1)[1]
        for span in entity_spans(doc):
            if span.label_ in ("Gene", "ProteinFamily"):
                key = (pmid, span.start_char, span.end_char)
                found.add(key)
                if key not in gold:
                    false[span.text] += 1
    tp = len(found & gold)
    precision, recall = tp / max(1, len(found)), tp / max(1, len(gold))
    out = {"gold": len(gold), "found": len(found), "right": tp, "precision": round(precision, 3),
           "recall": round(recall, 3), "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3)}
    if args.false:
        out["most_often_false"] = false.most_common(args.false)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
