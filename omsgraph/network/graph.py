"""The mechanism graph as a networkx MultiDiGraph, read straight from the RDF store.

Nodes are entity IRIs (``label``, ``type``, ``curie``, ``synonyms``); one edge per statement with ``predicate``,
``sign``, ``negated``, ``hedged``, ``evidence`` (count), ``sentence`` (best evidence), ``pmids``.

>>> import networkx as nx
>>> g = to_networkx(__import__("pyoxigraph").Store())
>>> isinstance(g, nx.MultiDiGraph), g.number_of_nodes()
(True, 0)
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import networkx as nx

from omsgraph.query.named import OMSG, predicate_signs
from omsgraph.query.sparql import execute

# One row per (statement, evidence); the best sentence is the one with the highest confidence.
_EDGES = """
SELECT ?st ?s ?p ?o ?negated ?hedged ?n ?sentence ?conf ?doc ?doi WHERE {
  ?st a omsg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      omsg:negated ?negated ; omsg:evidenceCount ?n .
  OPTIONAL { ?st omsg:hedged ?hedged }
  OPTIONAL { ?st omsg:evidence ?ev . ?ev omsg:sentence ?sentence .
             OPTIONAL { ?ev omsg:confidence ?conf }
             OPTIONAL { ?ev omsg:document ?d . OPTIONAL { ?d dcterms:identifier ?doc } OPTIONAL { ?d prism:doi ?doi } } }
}
"""
_NODES = """
SELECT ?e ?label ?type ?curie ?alt WHERE {
  ?e a omsg:Entity ; rdfs:label ?label .
  OPTIONAL { ?e a ?type . FILTER(?type != omsg:Entity && STRSTARTS(STR(?type), STR(omsg:))) }
  OPTIONAL { ?e skos:notation ?curie }
  OPTIONAL { ?e skos:altLabel ?alt }
}
"""


def open_store(store_or_graph_dir):
    """A GraphStore for a GRAPH_DIR path; stores (GraphStore, EndpointGraph, pyoxigraph Store) are passed through."""
    if isinstance(store_or_graph_dir, (str, Path)):
        from omsgraph.graph import GraphStore

        return GraphStore.open(store_or_graph_dir)
    return store_or_graph_dir


def to_networkx(store_or_graph_dir, *, predicates=None, min_evidence: int = 1, exclude_hedged: bool = False,
                types=None, include_negated: bool = False) -> nx.MultiDiGraph:
    """Build a MultiDiGraph of statements from a GraphStore, pyoxigraph Store or GRAPH_DIR.

    ``predicates`` (names such as ``inhibits``) and ``types`` (``Chemical``, ``Gene`` …) filter
    edges and nodes; negated findings are left out unless ``include_negated``.
    """
    store = open_store(store_or_graph_dir)
    signs = predicate_signs()
    wanted_predicates = set(predicates) if predicates else None
    wanted_types = set(types) if types else None
    nodes: dict[str, dict] = {}
    for row in execute(store, _NODES):
        iri = row["e"].value
        info = nodes.setdefault(iri, {"label": row["label"].value, "type": "Entity", "curie": "", "synonyms": set()})
        if row["alt"] is not None:
            info["synonyms"].add(row["alt"].value)
        if row["type"] is not None:
            info["type"] = row["type"].value[len(OMSG):]
        if row["curie"] is not None:
            info["curie"] = row["curie"].value
    edges: dict[str, dict] = {}
    for row in execute(store, _EDGES):
        predicate = row["p"].value.rsplit("#", 1)[-1]
        negated = row["negated"].value == "true"
        hedged = row["hedged"] is not None and row["hedged"].value == "true"
        count = int(row["n"].value)
        if (wanted_predicates and predicate not in wanted_predicates) or count < min_evidence \
                or (negated and not include_negated) or (hedged and exclude_hedged):
            continue
        key = row["st"].value
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = {"source": row["s"].value, "target": row["o"].value, "predicate": predicate,
                                 "sign": signs.get(predicate, 0), "negated": negated, "hedged": hedged,
                                 "evidence": count, "sentence": "", "_conf": -1.0, "pmids": set(), "dois": set()}
        if row["doc"] is not None:
            edge["pmids"].add(row["doc"].value)
        if row["doi"] is not None:
            edge["dois"].add(row["doi"].value)
        if row["sentence"] is not None:
            conf = float(row["conf"].value) if row["conf"] is not None else 0.0
            sentence = row["sentence"].value
            # highest confidence wins; ties go to the alphabetically first sentence (deterministic)
            if conf > edge["_conf"] or (conf == edge["_conf"] and sentence < edge["sentence"]):
                edge["sentence"], edge["_conf"] = sentence, conf
    for info in nodes.values():
        info["synonyms"] = sorted(info["synonyms"])
    graph = nx.MultiDiGraph()
    for key in sorted(edges):
        edge = edges[key]
        source, target = edge.pop("source"), edge.pop("target")
        edge.pop("_conf")
        edge["pmids"] = sorted(edge["pmids"])
        edge["dois"] = sorted(edge["dois"])
        if wanted_types and not ({nodes.get(source, {}).get("type"), nodes.get(target, {}).get("type")} <= wanted_types):
            continue
        for iri in (source, target):
            if iri not in graph:
                graph.add_node(iri, **nodes.get(iri, {"label": iri, "type": "Entity", "curie": "", "synonyms": []}))
        graph.add_edge(source, target, key=key, **edge)
    return graph


def resolve(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Node IRIs whose label, synonym, CURIE or IRI equals ``name`` (case-insensitive), sorted."""
    wanted = name.casefold()
    return sorted(n for n, d in graph.nodes(data=True)
                  if wanted in (d.get("label", "").casefold(), d.get("curie", "").casefold(), n.casefold())
                  or wanted in (s.casefold() for s in d.get("synonyms", ())))


def neighbourhood(graph: nx.MultiDiGraph, focus: list[str], *, depth: int = 1) -> nx.MultiDiGraph:
    """Subgraph within ``depth`` steps (either direction) of the focus nodes, by BFS on a view.

    (networkx's ego_graph copies the whole graph per call; a BFS plus one subgraph copy is cheap.)
    """
    seen = set(focus)
    frontier = deque((n, 0) for n in focus)
    while frontier:
        node, dist = frontier.popleft()
        if dist >= depth:
            continue
        for other in list(graph.successors(node)) + list(graph.predecessors(node)):
            if other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
    return graph.subgraph(seen).copy()
