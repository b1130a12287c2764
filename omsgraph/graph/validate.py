"""Check a graph against ``ontology/shapes.ttl`` with pySHACL (``omsgraph validate``).

pySHACL works on rdflib graphs, so the store's triples (data plus the ontology, which the
shapes consult for predicate and entity classes) are copied into an rdflib Graph first.
Measured (benchmarks/README.md, "Store"): 18.6 s and 0.3 GB for a 100,000-triple graph, so
minutes per million triples; fine for lab-sized graphs, while for big graphs one validates a
sample or a CONSTRUCTed subgraph.

>>> from rdflib import Graph
>>> report = validate_rdflib(Graph())
>>> report.conforms, report.violations
(True, [])
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from omsgraph.errors import VocabularyError
from omsgraph.graph.iris import namespaces
from omsgraph.graph.vocabulary import ontology_file

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Violation:
    """One SHACL result: the node, the property path (if any), the value and the message."""

    focus: str
    path: str
    value: str
    message: str
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """Outcome of a validation; :meth:`text` is the readable report the CLI prints."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def text(self, *, limit: int = 50) -> str:
        if self.conforms:
            return f"valid: the graph ({self.triples} triples) conforms to ontology/shapes.ttl"
        counts = Counter(v.message for v in self.violations)
        lines = [f"invalid: {len(self.violations)} violation(s) of ontology/shapes.ttl"]
        lines += [f"  {n} x {message}" for message, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("first violations:")
        for v in self.violations[:limit]:
            where = f" {v.path}" if v.path else ""
            value = f" = {v.value}" if v.value else ""
            lines.append(f"  {v.focus}{where}{value}: {v.message}")
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _short(term, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = str(term)
    for prefix, base in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(base):
            return f"{prefix}:{value[len(base):]}"
    return value


def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph (``ontology/shapes.ttl`` unless ``path`` is given)."""
    path = Path(path) if path else ontology_file("shapes.ttl")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises many parser error types
        raise VocabularyError(f"cannot read SHACL shapes: {' '.join(str(err).split())}", path=str(path)) from err


def validate_rdflib(data: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate an rdflib graph (data + ontology) against the shapes."""
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if not isinstance(results, Graph):  # pySHACL reports broken shapes this way, not by raising
        raise VocabularyError(f"the SHACL shapes cannot be applied: {' '.join(str(text).split())}")
    prefixes = namespaces()
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=_short(results.value(result, SH.focusNode), prefixes),
            path=_short(results.value(result, SH.resultPath), prefixes),
            value=_short(results.value(result, SH.value), prefixes),
            message=str(results.value(result, SH.resultMessage) or "constraint violated"),
            severity=_short(results.value(result, SH.resultSeverity), prefixes).rsplit(":", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.message, v.focus, v.path, v.value))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def graph_as_rdflib(graph) -> Graph:
    """Copy a graph's data (a GraphStore's, or an EndpointGraph's) into an rdflib Graph (rdflib's own N-Triples parser)."""
    text = io.BytesIO()
    graph.dump(text, RdfFormat.N_TRIPLES)
    data = Graph()
    data.parse(data=text.getvalue().decode("utf-8"), format="nt")
    return data


def validate_graph(graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a :class:`~omsgraph.graph.store.GraphStore` (or an EndpointGraph) against ``ontology/shapes.ttl``."""
    data = graph_as_rdflib(graph)
    triples = len(data)
    data.parse(ontology_file("omsgraph.ttl"), format="turtle")
    report = validate_rdflib(data, shapes=shapes)
    report.triples = triples
    return report
