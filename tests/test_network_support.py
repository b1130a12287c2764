"""A small mechanism graph built with the real GraphStore, shared by the ask/explain/network tests.

The sentences are written for these tests; names and identifiers are facts.
"""

from __future__ import annotations

from pathlib import Path

from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

LY = Entity(id="MESH:C085911", label="LY294002", type="Chemical")
PI3K = Entity(id="FPLX:PI3K", label="PI3K", type="ProteinFamily")
CYTOLYSIS = Entity(id="GO:0019835", label="cytolysis", type="Process")
IVIG = Entity(id="MESH:D016756", label="IVIg", type="Chemical")
OMS = Entity(id="MESH:D054546", label="opsoclonus-myoclonus syndrome", type="Disease")
IGF1 = Entity(id="HGNC:5464", label="IGF1", type="Gene")

# (document, sentence, subject, subject word, predicate, object, object word, negated, hedged)
FACTS = [
    ("PMID:1001", "Adding LY294002 blocked PI3K in the cultured cells.", LY, "LY294002", "inhibits", PI3K, "PI3K", False, False),
    ("PMID:1002", "Here LY294002 strongly inhibited PI3K.", LY, "LY294002", "inhibits", PI3K, "PI3K", False, False),
    ("PMID:1001", "Active PI3K lowered cytolysis by the killer cells.", PI3K, "PI3K", "decreases", CYTOLYSIS, "cytolysis", False, False),
    ("PMID:1001", "With LY294002 present, cytolysis rose markedly.", LY, "LY294002", "increases", CYTOLYSIS, "cytolysis", False, False),
    ("PMID:2001", "Children with opsoclonus-myoclonus syndrome improved on IVIg.", IVIG, "IVIg", "treats", OMS, "opsoclonus-myoclonus syndrome", False, False),
    ("PMID:2002", "IVIg was given for opsoclonus-myoclonus syndrome with benefit.", IVIG, "IVIg", "treats", OMS, "opsoclonus-myoclonus syndrome", False, False),
    ("PMID:2003", "IVIg did not treat opsoclonus-myoclonus syndrome in this child.", IVIG, "IVIg", "treats", OMS, "opsoclonus-myoclonus syndrome", True, False),
    ("PMID:3001", "IGF1 may increase PI3K signalling.", IGF1, "IGF1", "increases", PI3K, "PI3K", False, True),
    ("PMID:3002", "IGF1 decreased PI3K in starved cells.", IGF1, "IGF1", "decreases", PI3K, "PI3K", False, False),
    ("PMID:3001", "IGF1 activated PI3K.", IGF1, "IGF1", "activates", PI3K, "PI3K", False, False),
]


def _relation(doc: str, sentence: str, subj: Entity, sw: str, pred: str, obj: Entity, ow: str, negated: bool, hedged: bool) -> Relation:
    s, o = sentence.index(sw), sentence.index(ow)
    evidence = Evidence(document_id=doc, sentence=sentence, sentence_start=0, subject_span=(s, s + len(sw)),
                        object_span=(o, o + len(ow)), rule="test-rule", trigger=pred, negated=negated, hedged=hedged,
                        section="abstract")
    return Relation(subj, pred, obj, evidence, negated=negated, hedged=hedged, confidence=0.6)


def build_fixture_graph(root: Path, facts=FACTS) -> Path:
    """Write the facts as a real GRAPH_DIR at ``root`` and return it."""
    by_doc: dict[str, list[str]] = {}
    for fact in facts:
        by_doc.setdefault(fact[0], []).append(fact[1])
    docs = [Document(id=d, text=" ".join(s), pmid=d.split(":")[1]) for d, s in sorted(by_doc.items())]
    # evidence offsets are relative to the document text
    relations = []
    for doc, sentence, *rest in facts:
        text = " ".join(by_doc[doc])
        start = text.index(sentence)
        rel = _relation(doc, sentence, *rest)
        ev = rel.evidence
        shifted = Evidence(document_id=ev.document_id, sentence=ev.sentence, sentence_start=start,
                           subject_span=(ev.subject_span[0] + start, ev.subject_span[1] + start),
                           object_span=(ev.object_span[0] + start, ev.object_span[1] + start), rule=ev.rule,
                           trigger=ev.trigger, negated=ev.negated, hedged=ev.hedged, section=ev.section)
        relations.append(Relation(rel.subject, rel.predicate, rel.object, shifted, negated=rel.negated,
                                  hedged=rel.hedged, confidence=rel.confidence))
    with GraphStore.create(root) as store:
        store.add_documents(docs)
        store.add_relations(relations)
    return root
