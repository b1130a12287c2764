"""The ontology files the graph stage reads: predicates table (:mod:`omsgraph.predicates`), OWL
ontology, SHACL shapes.

>>> ontology_file("omsgraph.ttl").name
'omsgraph.ttl'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from omsgraph.predicates import PredicateInfo, load_predicates


def ontology_file(name: str) -> Path:
    """Path of a file shipped in ``omsgraph/ontology``."""
    return Path(str(resources.files("omsgraph") / "ontology" / name))


__all__ = ["PredicateInfo", "load_predicates", "ontology_file"]
