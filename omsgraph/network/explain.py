"""Signed mechanism paths from SOURCE to TARGET over the positive statements (``omsgraph explain``).

Each edge carries the sign of its predicate (−1, 0, +1); a path's net sign is their product.
Paths are ranked by their weakest edge's evidence, then total evidence, then shortness.

>>> net_sign([-1, -1]), net_sign([1, 0]), sign_word(-1)
(1, 0, 'decreases')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from omsgraph.errors import QueryError
from omsgraph.network.graph import resolve, to_networkx


@dataclass(frozen=True)
class Step:
    source: str
    predicate: str
    target: str
    sign: int
    evidence: int
    sentence: str
    pmids: tuple[str, ...]


@dataclass(frozen=True)
class Path:
    steps: tuple[Step, ...]
    sign: int
    agrees: str  # "agrees" | "disagrees" | "no direct relation"


SIGN_MARK = {1: "+", -1: "−", 0: "0"}


def net_sign(signs: list[int]) -> int:
    """Product of edge signs (0 when any edge is unsigned)."""
    return math.prod(signs)


def sign_word(sign: int) -> str:
    return {1: "increases", -1: "decreases"}.get(sign, "is associated with")


def explain(store_or_graph_dir, source: str, target: str, *, max_length: int = 4, limit: int = 20) -> list[Path]:
    """Ranked signed paths (at most ``max_length`` edges) from ``source`` to ``target``."""
    graph = to_networkx(store_or_graph_dir)
    sources, targets = resolve(graph, source), resolve(graph, target)
    if not sources:
        raise QueryError(f"no entity named {source!r} in the graph")
    if not targets:
        raise QueryError(f"no entity named {target!r} in the graph")
    direct = {d["sign"] for s in sources for t in targets for d in graph.get_edge_data(s, t, default={}).values()}
    paths: list[Path] = []
    for s in sources:
        for t in targets:
            if s == t:
                continue
            for edge_path in nx.all_simple_edge_paths(graph, s, t, cutoff=max_length):
                steps = tuple(_step(graph, u, v, k) for u, v, k in edge_path)
                sign = net_sign([st.sign for st in steps])
                if len(steps) == 1:
                    agrees = "direct relation"
                elif not direct - {0}:
                    agrees = "no direct relation"
                else:
                    agrees = "agrees" if sign in direct else "disagrees"
                paths.append(Path(steps, sign, agrees))
    paths.sort(key=lambda p: (-min(s.evidence for s in p.steps), -sum(s.evidence for s in p.steps), len(p.steps),
                              [(s.predicate, s.target) for s in p.steps]))
    return paths[:limit]


def _step(graph: nx.MultiDiGraph, u: str, v: str, key: str) -> Step:
    data = graph.edges[u, v, key]
    return Step(graph.nodes[u]["label"], data["predicate"], graph.nodes[v]["label"], data["sign"],
                data["evidence"], data["sentence"], tuple(data["pmids"]))


def format_paths(paths: list[Path], source: str, target: str) -> str:
    """Readable text: one block per path with each signed edge and its best evidence."""
    if not paths:
        return f"no path from {source} to {target}"
    out = []
    for i, path in enumerate(paths, 1):
        chain = " → ".join([path.steps[0].source] + [f"[{s.predicate} {SIGN_MARK[s.sign]}] {s.target}" for s in path.steps])
        out.append(f"{i}. {chain}")
        out.append(f"   net: {path.steps[0].source} {sign_word(path.sign)} {path.steps[-1].target} ({path.agrees})")
        for s in path.steps:
            out.append(f"   - {s.source} {s.predicate} {s.target} [{s.evidence} evidence; {' '.join(s.pmids)}]: {s.sentence}")
    return "\n".join(out)
