"""Chemical-induced disease pairs from the sentence-level rules on a BC5CDR PubTator file (given entities); prints JSON.

Usage: python benchmarks/cid_probe.py ../shared/corpora/bc5cdr/CDR_DevelopmentSet.PubTator.txt
A measurement of what `build --entities input` yields today, not the `omsgraph evaluate bc5cdr` scorer of issue 3.
"""
import json
import sys
from omsgraph.ingest import read_inputs
from omsgraph.pipeline import make_document_processor
path = sys.argv[1]
gold = set()
for line in open(path, encoding="utf-8"):
    c = line.rstrip("\n").split("\t")
    if len(c) == 4 and c[1] == "CID":
        gold.add((c[0], c[2], c[3]))
proc = make_document_processor(entities="input", broad=False).batch()
docs = list(read_inputs([path]))
pred = set()
for d, rels in proc(docs):
    for r in rels:
        if r.negated or r.subject.type != "Chemical" or r.object.type != "Disease":
            continue
        if r.predicate in ("causes", "increases") and r.subject.id and r.object.id:
            pred.add((d.pmid, r.subject.id.split(":")[1], r.object.id.split(":")[1]))
tp = len(pred & gold); p = tp / max(1, len(pred)); rc = tp / max(1, len(gold))
print(json.dumps(dict(tp=tp, pred=len(pred), gold=len(gold), P=round(p, 3), R=round(rc, 3), F1=round(2*p*rc/max(1e-9, p+rc), 3))))
