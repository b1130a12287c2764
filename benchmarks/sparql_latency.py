"""SPARQL latency of the named questions and peak memory on a synthetic schema-following graph.

Builds a graph of synthetic documents and relations with the real GraphStore (so it follows the
DEVELOPERS.md schema), then times every omsgraph/ontology/queries/*.rq on the embedded
pyoxigraph store and on rdflib's in-memory Graph loaded from the same N-Triples. Prints JSON.

    /work/venv/bin/python benchmarks/sparql_latency.py --relations 60000   # ~1M triples
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from omsgraph.graph.iris import namespaces
from omsgraph.graph.store import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

PREDICATES = ["inhibits", "activates", "treats", "increases", "decreases"]
QUERIES = Path(__file__).resolve().parents[1] / "omsgraph" / "ontology" / "queries"


def synthetic(relations: int, *, seed: int = 7):
    rng = random.Random(seed)
    entities = [Entity(f"MESH:D{i:06d}", f"agent {i}", rng.choice(["Chemical", "Gene", "Disease"]))
                for i in range(max(50, relations // 20))]
    documents = [Document(id=f"PMID:{9000000 + i}", text="Agent one inhibits agent two in cells.",
                          title=f"Synthetic paper {i}", year=2000 + i % 25) for i in range(max(1, relations // 5))]
    out = []
    for i in range(relations):
        subject, obj = rng.sample(entities, 2)
        doc = documents[i % len(documents)]
        ev = Evidence(doc.id, doc.text, 0, (0, 9), (19, 28), f"rule{i % 9}", trigger="inhibits", hedged=i % 11 == 0)
        out.append(Relation(subject, rng.choice(PREDICATES), obj, ev, negated=i % 13 == 0))
    return documents, out


def _args(text: str) -> list[str]:
    """Parameter names from the query's ``# args: x, y`` header line."""
    for line in text.splitlines():
        if line.startswith("# args:"):
            return [a.strip() for a in line[len("# args:"):].replace(",", " ").split()]
    return []


def _bind(text: str, names: list[str]) -> str:
    """Bind every parameter to the label of a synthetic entity with an inline VALUES block."""
    values = " ".join(f'VALUES ?{n} {{ "agent 7" }}' for n in names)
    return text.replace("WHERE {", "WHERE { " + values, 1)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--relations", type=int, default=60000)
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()
    documents, relations = synthetic(args.relations)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with GraphStore.create(Path(tmp) / "g") as store:
            store.add_documents(documents)
            store.add_relations(relations)
        build_s = time.perf_counter() - start
        store = GraphStore.open(Path(tmp) / "g")
        triples = len(store)
        rss_after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        nt = Path(tmp) / "g.nt"
        store.export(nt, format="nt")
        report = {"relations": args.relations, "triples": triples, "build_seconds": round(build_s, 1),
                  "peak_rss_mb_after_oxigraph_build": rss_after_build, "queries_ms": {}}
        texts = {p.stem: p.read_text() for p in sorted(QUERIES.glob("*.rq"))}
        args_of = {name: _args(text) for name, text in texts.items()}
        for name, text in texts.items():
            text = texts[name] = _bind(text, args_of[name])
            try:
                report["queries_ms"][name] = {"pyoxigraph": timed(lambda: list(store.query(text)))}
            except Exception as err:  # a query needing substitutions: record why it was skipped
                report["queries_ms"][name] = {"error": str(err).splitlines()[0][:120]}
        if not args.skip_rdflib:
            import rdflib

            start = time.perf_counter()
            graph = rdflib.Graph()
            graph.parse(nt, format="nt")
            report["rdflib_load_seconds"] = round(time.perf_counter() - start, 1)
            report["peak_rss_mb_after_rdflib_load"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            for name, text in texts.items():
                if "pyoxigraph" in report["queries_ms"][name]:
                    report["queries_ms"][name]["rdflib"] = timed(
                        lambda: list(graph.query(text, initNs=namespaces())), repeat=1)
        store.close()
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
