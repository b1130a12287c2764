"""Counts of a built graph (``omsgraph stats``).

>>> sorted(STAT_KEYS)
['documents', 'entities', 'evidence', 'relations', 'triples']
"""

from __future__ import annotations

from omsgraph.model import ENTITY_TYPES

STAT_KEYS = ("documents", "entities", "relations", "evidence", "triples")

# One plain COUNT per class: each is a range scan of one index (a single query summing IF()s over a
# VALUES join took 30 times longer).
_CLASSES = {"documents": "Document", "entities": "Entity", "relations": "Statement", "evidence": "Evidence"}
_COUNT_CLASS = "SELECT (COUNT(*) AS ?n) WHERE {{ ?x a omsg:{cls} }}"
# the default graph's size (an endpoint reads the graph asked for as its default graph)
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Each statement has exactly one rdf:predicate and one omsg:polarity, and only statements have them:
# plain index scans, no join (joining rdf:predicate with omsg:negated took 40 times longer).
_BY_PREDICATE = "SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s rdf:predicate ?p } GROUP BY ?p"
_NEGATED = 'SELECT (COUNT(?s) AS ?n) WHERE { ?s omsg:polarity "negative" }'
_HEDGED = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a omsg:Statement ; omsg:hedged true }"
# One index range per entity class (every entity is also an omsg:Entity; scanning those and their
# other types took 50 times longer).
_TYPES = "SELECT ?t (COUNT(?e) AS ?n) WHERE {{ VALUES ?t {{ {classes} }} ?e a ?t }} GROUP BY ?t".format(
    classes=" ".join(f"omsg:{t}" for t in ENTITY_TYPES if t != "Entity"))
_MULTI = "SELECT (COUNT(?s) AS ?n) WHERE { ?s omsg:documentCount ?c . FILTER(?c > 1) }"


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def store_stats(graph, *, triples: int | None = None) -> dict:
    """``{"documents", "entities", "relations", "evidence", "triples"}`` plus breakdowns.

    ``triples`` is the default graph's size when the caller can count it faster than SPARQL's
    ``COUNT(*)`` (which reads every triple)."""
    stats = {key: _int(next(iter(graph.query(_COUNT_CLASS.format(cls=cls))))["n"]) for key, cls in _CLASSES.items()}
    stats["triples"] = triples if triples is not None else _int(next(iter(graph.query(COUNT_TRIPLES)))["n"])
    by_predicate = {r["p"].value.rsplit("#", 1)[-1]: _int(r["n"]) for r in graph.query(_BY_PREDICATE)}
    stats["negated"] = _int(next(iter(graph.query(_NEGATED)))["n"])
    stats["hedged"] = _int(next(iter(graph.query(_HEDGED)))["n"])
    stats["multi_document_statements"] = _int(next(iter(graph.query(_MULTI)))["n"])
    stats["by_predicate"] = dict(sorted(by_predicate.items()))
    stats["entity_types"] = dict(sorted((r["t"].value.rsplit("#", 1)[-1], _int(r["n"])) for r in graph.query(_TYPES)))
    return stats
