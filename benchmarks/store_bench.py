"""Store benchmark: write ~N triples of synthetic relations into a GraphStore, query and export them.

Prints one JSON object: write time, triples, peak memory (ru_maxrss of this process), and
timings of typical queries, stats, TSV and Turtle export. Synthetic data only (no corpus),
deterministic (seeded), so runs are comparable.

    python benchmarks/store_bench.py --relations 30000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

TYPES = ("Chemical", "Gene", "ProteinFamily", "Process", "Disease")
PREDICATES = ("inhibits", "activates", "increases", "decreases", "associated_with", "acts_via")


def synthetic(n_relations: int, *, per_document: int = 5, n_entities: int = 5000, seed: int = 7):
    """Yield (Document, [Relation]) with repeated statements across documents, as real corpora have."""
    rng = random.Random(seed)
    entities = [Entity(f"MESH:D{100000 + i}" if i % 3 else None, f"entity {i}", TYPES[i % len(TYPES)]) for i in range(n_entities)]
    for d in range(n_relations // per_document):
        doc_id = f"PMID:{1_000_000 + d}"
        sentences = []
        rels = []
        offset = 0
        for _ in range(per_document):
            # a Zipf-like pick so popular pairs recur in many documents
            s = entities[min(int(rng.paretovariate(1.2)) - 1, n_entities - 1) if rng.random() < 0.5 else rng.randrange(n_entities)]
            o = entities[rng.randrange(n_entities)]
            pred = PREDICATES[rng.randrange(len(PREDICATES))]
            sentence = f"In this model {s.label} {pred.replace('_', ' ')} {o.label} (n = {rng.randint(3, 90)})."
            ev = Evidence(doc_id, sentence, offset, (offset + 14, offset + 14 + len(s.label)),
                          (len(sentence) + offset - 20, len(sentence) + offset - 10), "svo",
                          trigger=pred, hedged=rng.random() < 0.1)
            rels.append(Relation(s, pred, o, ev, negated=rng.random() < 0.05, confidence=round(rng.uniform(0.3, 0.9), 2)))
            sentences.append(sentence)
            offset += len(sentence) + 1
        doc = Document(id=doc_id, text=" ".join(sentences), pmid=doc_id[5:], title=f"Synthetic study {d}",
                       journal="J Synth", year=2000 + d % 25, authors=(f"Author {d % 97}", f"Author {d % 89}"))
        yield doc, rels


# Oxigraph joins patterns in the order written: start from the most selective one (the label).
# "inhibitors_unordered" is the same question written statement-first, to show the cost.
QUERIES = {
    "inhibitors_of_entity": """SELECT ?s ?label (MAX(?n) AS ?evidence) WHERE {
        ?o rdfs:label "entity 1869" . ?st rdf:object ?o ; rdf:predicate omsg:inhibits ; omsg:negated false ;
        rdf:subject ?s ; omsg:evidenceCount ?n . ?s rdfs:label ?label } GROUP BY ?s ?label ORDER BY DESC(?evidence)""",
    "inhibitors_unordered": """SELECT ?s ?label (MAX(?n) AS ?evidence) WHERE {
        ?st rdf:subject ?s ; rdf:predicate omsg:inhibits ; rdf:object ?o ; omsg:negated false ; omsg:evidenceCount ?n .
        ?o rdfs:label "entity 1869" . ?s rdfs:label ?label } GROUP BY ?s ?label ORDER BY DESC(?evidence)""",
    "evidence_of_statement": """SELECT ?sentence ?doc WHERE {
        ?st rdf:subject/rdfs:label "entity 1" ; omsg:evidence ?ev . ?ev omsg:sentence ?sentence ; omsg:document ?doc } LIMIT 100""",
    "count_by_predicate": "SELECT ?p (COUNT(?st) AS ?n) WHERE { ?st rdf:predicate ?p } GROUP BY ?p",
    "two_step_paths": """SELECT ?b (COUNT(*) AS ?n) WHERE { ?a rdfs:label "entity 2" . ?a omsg:inhibits ?b . ?b ?p ?c .
        ?c a omsg:Entity } GROUP BY ?b ORDER BY DESC(?n) LIMIT 20""",
}


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def compare_rdflib(graph, root: Path, ours: dict) -> dict:
    """Same queries on rdflib's memory store (queries prepared once, as rdflib spends ms parsing them)."""
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    from omsgraph.graph.iris import namespaces

    nt = root / "export.nt"
    graph.export(nt, "nt")
    load_s, rdf = timed(lambda: Graph().parse(nt, format="nt"))
    out = {"rdflib_load_seconds": round(load_s, 1)}
    for name, sparql in QUERIES.items():
        prepared = prepareQuery(sparql, initNs=namespaces())
        len(list(rdf.query(prepared)))
        best = min(timed(lambda: len(list(rdf.query(prepared))))[0] for _ in range(3))
        out[f"rdflib_query_{name}_ms"] = round(best * 1000, 1)
        out[f"speedup_{name}"] = round(best * 1000 / max(ours[f"query_{name}_ms"], 0.01), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=30000, help="synthetic relations to write (~33 triples each)")
    parser.add_argument("--compare-rdflib", action="store_true",
                        help="also load the graph into rdflib's memory store and time the same queries there")
    parser.add_argument("--keep", type=Path, help="build here and keep the graph (default: a temp folder, removed)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="omsgraph-bench-"))
    try:
        start = time.perf_counter()
        n_rel = n_doc = 0
        with GraphStore.create(root) as store:
            for doc, rels in synthetic(args.relations):
                store.add_documents([doc])
                n_rel += store.add_relations(rels)
                n_doc += 1
            streamed = time.perf_counter() - start
        write_s = time.perf_counter() - start
        open_s, graph = timed(lambda: GraphStore.open(root))
        stats_s, stats = timed(graph.stats)
        result = {
            "relations_written": n_rel, "documents_written": n_doc, "triples": stats["triples"],
            "statements": stats["relations"], "evidence": stats["evidence"],
            "write_seconds": round(write_s, 2), "stream_seconds": round(streamed, 2),
            "triples_per_second": round(stats["triples"] / write_s),
            "open_seconds": round(open_s, 3), "stats_seconds": round(stats_s, 3),
        }
        for name, sparql in QUERIES.items():
            graph.query(sparql)  # warm the block cache once, as a server would be
            best, rows = min(timed(lambda: len(list(graph.query(sparql)))) for _ in range(3))
            result[f"query_{name}_ms"] = round(best * 1000, 1)
            result[f"query_{name}_rows"] = rows
        sink = root / "export"
        result["export_tsv_seconds"] = round(timed(lambda: graph.export(sink, "tsv"))[0], 2)
        result["export_turtle_seconds"] = round(timed(lambda: graph.export(sink, "turtle"))[0], 2)
        result["turtle_bytes"] = sink.stat().st_size
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        if args.compare_rdflib:
            result.update(compare_rdflib(graph, root, result))
            result["peak_rss_mb_with_rdflib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(result, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
