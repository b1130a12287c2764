"""SPARQL latency of the named questions and peak memory on a synthetic schema-following graph.

Builds a graph of synthetic documents and relations with the real GraphStore (so it follows the
DEVELOPERS.md schema, summaries included), then times every named question of
omsgraph/ontology/queries/*.rq exactly as ``omsgraph ask`` runs it (``omsgraph.query.named``:
argument lookups resolved to entity IRIs first with ``resolve_entities``, then arguments bound
with ``bind_values``; both steps are timed; rdflib gets the same two steps; every argument is the label ``"agent 7"``, written in upper
case so the case-insensitive match is exercised) on the embedded pyoxigraph store and, unless
``--skip-rdflib``, on rdflib's in-memory Graph loaded from the same N-Triples. Each query: one
warm-up, then the best of ``--repeat``; rdflib queries are cut off after ``--rdflib-timeout``
seconds (reported as ``"> T s"``). Row counts of both engines are compared. Prints JSON.

    python benchmarks/sparql_latency.py --relations 40000          # ~1.2M triples
    python benchmarks/sparql_latency.py --relations 40000 --keep /tmp/g1m   # reuse the graph
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from omsgraph.graph.iris import namespaces
from omsgraph.graph.store import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation
from omsgraph.query.named import bind_values, load_questions, resolve_entities

PREDICATES = ["inhibits", "activates", "treats", "increases", "decreases"]
ARGUMENT = "AGENT 7"


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


def best_of(fn, repeat: int) -> tuple[float, int]:
    rows = fn()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        rows = fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2), rows


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


class _RdflibEngine:
    """rdflib's memory Graph behind the ``query(sparql)`` call resolve_entities and the timing use."""

    def __init__(self, graph, prefixes) -> None:
        self.graph, self.prefixes = graph, prefixes

    def query(self, sparql: str, prefixes=None):
        from pyoxigraph import Literal as OxLiteral, NamedNode as OxNamedNode
        from rdflib import URIRef

        result = self.graph.query(sparql, initNs=self.prefixes)
        names = [str(v) for v in result.vars]
        for row in result:
            yield {n: OxNamedNode(str(v)) if isinstance(v, URIRef) else OxLiteral(str(v)) if v is not None else None
                   for n, v in zip(names, row)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--relations", type=int, default=40000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--rdflib-timeout", type=int, default=120, help="seconds per rdflib query before giving up")
    parser.add_argument("--keep", type=Path, default=None, help="graph folder to reuse (built there if missing)")
    parser.add_argument("--only", nargs="*", default=None, help="question names to run (default: all)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="omsgraph-sparql-"))
    graph_dir = args.keep or tmp / "g"
    report: dict = {"relations": args.relations}
    try:
        if not (graph_dir / "current").exists():
            documents, relations = synthetic(args.relations)
            start = time.perf_counter()
            with GraphStore.create(graph_dir) as store:
                store.add_documents(documents)
                store.add_relations(relations)
            report["build_seconds"] = round(time.perf_counter() - start, 1)
            report["peak_rss_mb_after_build"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        store = GraphStore.open(graph_dir)
        report["triples"] = len(store)
        questions = {name: q for name, q in sorted(load_questions().items()) if not args.only or name in args.only}
        bound = {name: {a: ARGUMENT for a in q.args} for name, q in questions.items()}

        def asked(engine, name: str) -> int:
            text = bind_values(resolve_entities(engine, questions[name].sparql, bound[name]), bound[name])
            return len(list(engine.query(text)))

        report["queries_ms"] = {}
        for name in questions:
            ms, rows = best_of(lambda: asked(store, name), args.repeat)
            report["queries_ms"][name] = {"pyoxigraph": ms, "rows": rows}
        report["peak_rss_mb_after_queries"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        if not args.skip_rdflib:
            import rdflib

            nt = tmp / "g.nt"
            store.export(nt, format="nt")
            start = time.perf_counter()
            graph = rdflib.Graph()
            graph.parse(nt, format="nt")
            report["rdflib_load_seconds"] = round(time.perf_counter() - start, 1)
            report["rdflib_triples"] = len(graph)
            signal.signal(signal.SIGALRM, _alarm)
            engine = _RdflibEngine(graph, namespaces())
            for name in questions:
                entry = report["queries_ms"][name]
                signal.alarm(args.rdflib_timeout)
                try:
                    start = time.perf_counter()
                    rows = asked(engine, name)
                    entry["rdflib"] = round((time.perf_counter() - start) * 1000, 2)
                    entry["rdflib_rows"] = rows
                    entry["speedup"] = round(entry["rdflib"] / max(entry["pyoxigraph"], 0.01), 1)
                except _Timeout:
                    entry["rdflib"] = f"> {args.rdflib_timeout} s"
                    entry["speedup"] = f"> {round(args.rdflib_timeout * 1000 / max(entry['pyoxigraph'], 0.01))}"
                finally:
                    signal.alarm(0)
            report["peak_rss_mb_with_rdflib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
