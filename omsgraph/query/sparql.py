"""Run SPARQL on a graph and render the answer as text (table, CSV, TSV, JSON; Turtle for graphs).

The standard prefixes (``omsg``, ``omsr``, ``rdfs``, ``skos``, ``dcterms`` …, see
``ontology/prefixes.json``) are predeclared; a query's own PREFIX lines take precedence.
CSV/TSV/JSON are the W3C SPARQL 1.1 results formats; ``table`` is for people: prefixed names,
plain literal values, aligned columns.

>>> from pyoxigraph import Store, Quad, NamedNode, Literal
>>> store = Store()
>>> store.add(Quad(NamedNode("https://w3id.org/omsgraph/resource/entity/x"),
...                NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("x")))
>>> print(run_query(store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }"))
e             | l
--------------+--
omsr:entity/x | x
>>> run_query(store, "ASK { ?e rdfs:label 'x' }")
'true'
"""

from __future__ import annotations

import io
import json

from pyoxigraph import BlankNode, Literal, QueryBoolean, QueryResultsFormat, QueryTriples, RdfFormat, Triple

from omsgraph.errors import QueryError
from omsgraph.graph.iris import namespaces

QUERY_FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON}


def execute(store, sparql: str):
    """``store.query(sparql)`` with the standard prefixes, errors as QueryError.

    ``store`` is a GraphStore or an EndpointGraph (which declare the prefixes and wrap errors
    themselves) or a bare pyoxigraph Store."""
    if hasattr(store, "oxigraph") or not hasattr(store, "quads_for_pattern"):
        return store.query(sparql)
    try:
        return store.query(sparql, prefixes=namespaces())
    except SyntaxError as err:
        raise QueryError(f"invalid SPARQL: {' '.join(str(err).split())}") from err
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        raise QueryError(f"query failed: {' '.join(str(err).split())}") from err


def short_name(term, prefixes: dict[str, str] | None = None) -> str:
    """A term for people: ``prefix:local`` for IRIs under a known namespace, plain literal text.

    >>> from pyoxigraph import NamedNode
    >>> short_name(NamedNode("http://www.w3.org/2000/01/rdf-schema#label"))
    'rdfs:label'
    """
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if isinstance(term, Triple):
        return f"<< {short_name(term.subject, prefixes)} {short_name(term.predicate, prefixes)} {short_name(term.object, prefixes)} >>"
    value = term.value
    best = ("", "")
    for prefix, base in (prefixes or namespaces()).items():
        if value.startswith(base) and len(base) > len(best[1]):
            best = (prefix, base)
    return f"{best[0]}:{value[len(best[1]):]}" if best[1] else value


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(variables: list[str], rows: list[list[str]], *, max_width: int = 100) -> str:
    """Aligned text table (cells on one line, cut at ``max_width`` characters)."""
    rows = [[_cell(c, max_width) for c in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(variables), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def run_query(store, sparql: str, *, format: str = "table", max_width: int = 100) -> str:
    """Run ``sparql`` (SELECT, ASK, CONSTRUCT, DESCRIBE) on ``store`` and return the answer as text.

    ``store`` is a :class:`omsgraph.graph.store.GraphStore`, an
    :class:`omsgraph.graph.remote.EndpointGraph` or a pyoxigraph Store. SELECT and ASK
    answers come as ``table|csv|tsv|json``; CONSTRUCT/DESCRIBE as Turtle (JSON-LD for ``json``).
    """
    if format not in QUERY_FORMATS:
        raise QueryError(f"unknown output format {format!r} (choose from {', '.join(QUERY_FORMATS)})")
    result = execute(store, sparql)
    try:
        if isinstance(result, QueryBoolean):
            if format == "table":
                return "true" if bool(result) else "false"
            return result.serialize(format=_RESULT_FORMATS[format]).decode("utf-8")
        if isinstance(result, (QueryTriples, list)):  # a list of Triples: an endpoint's graph answer
            rdf_format = RdfFormat.JSON_LD if format == "json" else RdfFormat.TURTLE
            triples = sorted(result, key=str)
            from pyoxigraph import serialize

            return serialize(triples, format=rdf_format, prefixes=namespaces()).decode("utf-8")
        if format != "table":
            buffer = io.BytesIO()
            result.serialize(buffer, _RESULT_FORMATS[format])
            return buffer.getvalue().decode("utf-8")
        variables = [v.value for v in result.variables]
        prefixes = namespaces()
        rows = [[short_name(solution[v], prefixes) for v in variables] for solution in result]
        return render_table(variables, rows, max_width=max_width)
    except (OSError, ValueError, SyntaxError) as err:
        raise QueryError(f"query failed: {' '.join(str(err).split())}") from err


def result_json(store, sparql: str) -> object:
    """The answer as parsed SPARQL JSON results (handy for tests and scripts)."""
    return json.loads(run_query(store, sparql, format="json"))
