"""Counts of a built graph (``omsgraph stats``).

>>> sorted(STAT_KEYS)
['documents', 'entities', 'evidence', 'relations', 'triples']
"""

from __future__ import annotations

STAT_KEYS = ("documents", "entities", "relations", "evidence", "triples")

# One plain COUNT per class: each is a range scan of one index (a single query summing IF()s over a
# VALUES join took 30 times longer).
_CLASSES = {"documents": "Document", "entities": "Entity", "relations": "Statement", "evidence": "Evidence"}
_COUNT_CLASS = "SELECT (COUNT(*) AS ?n) WHERE {{ ?x a omsg:{cls} }}"
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# rdf:predicate and omsg:documentCount are only ever said of statements: no type join needed.
_BY_PREDICATE = """
SELECT ?p ?negated (COUNT(?s) AS ?n) WHERE { ?s rdf:predicate ?p ; omsg:negated ?negated }
GROUP BY ?p ?negated
"""
_HEDGED = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a omsg:Statement ; omsg:hedged true }"
_TYPES = """
SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a omsg:Entity, ?t . FILTER(?t != omsg:Entity && STRSTARTS(STR(?t), STR(omsg:))) }
GROUP BY ?t
"""
_MULTI = "SELECT (COUNT(?s) AS ?n) WHERE { ?s omsg:documentCount ?c . FILTER(?c > 1) }"


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def store_stats(graph, *, triples: int | None = None) -> dict:
    """``{"documents", "entities", "relations", "evidence", "triples"}`` plus breakdowns.

    ``triples`` is the default graph's size when the caller can count it faster than SPARQL's
    ``COUNT(*)`` (which reads every triple)."""
    stats = {key: _int(next(iter(graph.query(_COUNT_CLASS.format(cls=cls))))["n"]) for key, cls in _CLASSES.items()}
    stats["triples"] = triples if triples is not None else _int(next(iter(graph.query(_TRIPLES)))["n"])
    by_predicate: dict[str, int] = {}
    negated = 0
    for r in graph.query(_BY_PREDICATE):
        name = r["p"].value.rsplit("#", 1)[-1]
        by_predicate[name] = by_predicate.get(name, 0) + _int(r["n"])
        if r["negated"].value == "true":
            negated += _int(r["n"])
    stats["negated"] = negated
    stats["hedged"] = _int(next(iter(graph.query(_HEDGED)))["n"])
    stats["multi_document_statements"] = _int(next(iter(graph.query(_MULTI)))["n"])
    stats["by_predicate"] = dict(sorted(by_predicate.items()))
    stats["entity_types"] = dict(sorted((r["t"].value.rsplit("#", 1)[-1], _int(r["n"])) for r in graph.query(_TYPES)))
    return stats
