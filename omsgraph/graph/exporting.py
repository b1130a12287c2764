"""Export a graph: RDF serialisations (streamed by Oxigraph) and the statement TSV.

Oxigraph dumps in the order of its indexes, which depends only on the store's content, so
the same graph always gives the same bytes. TSV rows are sorted explicitly.

>>> EXPORT_FORMATS
('turtle', 'nt', 'jsonld', 'trig', 'tsv')
>>> TSV_COLUMNS[:3]
('subject', 'subject_id', 'predicate')
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import RdfFormat

from omsgraph.errors import StoreError
from omsgraph.graph.iris import iri_to_curie, namespaces

EXPORT_FORMATS = ("turtle", "nt", "jsonld", "trig", "tsv")
TSV_COLUMNS = (
    "subject", "subject_id", "predicate", "object", "object_id", "negated", "hedged", "evidence_count", "documents",
)
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "trig": RdfFormat.TRIG,
}
_STATEMENTS = """
SELECT ?stmt ?s ?p ?o ?negated ?hedged ?count ?sl ?sid ?ol ?oid ?d ?did WHERE {
  ?stmt a omsg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; omsg:negated ?negated .
  OPTIONAL { ?stmt omsg:hedged ?hedged }
  OPTIONAL { ?stmt omsg:evidenceCount ?count }
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?s skos:notation ?sid }
  OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?o skos:notation ?oid }
  OPTIONAL { ?stmt omsg:evidence/omsg:document ?d . OPTIONAL { ?d dcterms:identifier ?did } }
}
"""


def _cell(value: str) -> str:
    # TSV has no quoting: keep each value on one line, in one column.
    return " ".join(value.replace("\t", " ").split())


def statement_rows(graph) -> list[tuple[str, ...]]:
    """One row per statement with the :data:`TSV_COLUMNS`, sorted."""
    rows: dict[str, dict] = {}
    for r in graph.query(_STATEMENTS):
        row = rows.setdefault(r["stmt"].value, {
            "s": r["s"].value, "p": r["p"].value.rsplit("#", 1)[-1], "o": r["o"].value,
            "negated": r["negated"].value, "hedged": r["hedged"].value if r["hedged"] else "false",
            "count": r["count"].value if r["count"] else "0",
            "sl": set(), "sid": set(), "ol": set(), "oid": set(), "docs": set(),
        })
        for key in ("sl", "sid", "ol", "oid"):
            if r[key] is not None:
                row[key].add(r[key].value)
        if r["d"] is not None:
            row["docs"].add(r["did"].value if r["did"] is not None else (iri_to_curie(r["d"].value) or r["d"].value))
    out = []
    for row in rows.values():
        subject_id = min(row["sid"]) if row["sid"] else (iri_to_curie(row["s"]) or "")
        object_id = min(row["oid"]) if row["oid"] else (iri_to_curie(row["o"]) or "")
        out.append(tuple(_cell(v) for v in (
            min(row["sl"]) if row["sl"] else subject_id or row["s"], subject_id, row["p"],
            min(row["ol"]) if row["ol"] else object_id or row["o"], object_id,
            row["negated"], row["hedged"], row["count"], ";".join(sorted(row["docs"])),
        )))
    return sorted(out)


def _tsv_lines(graph) -> Iterator[str]:
    yield "\t".join(TSV_COLUMNS) + "\n"
    for row in statement_rows(graph):
        yield "\t".join(row) + "\n"


def export_store(graph, target, *, format: str = "turtle") -> None:
    """Write ``graph`` to ``target`` (path or binary stream) as turtle|nt|jsonld|trig|tsv.

    turtle, nt and jsonld hold the default graph (the data); trig also holds the ontology,
    which the store keeps in its own named graph. ``graph`` is anything with ``query`` (the TSV
    is a SPARQL answer) and ``dump(target, rdf_format, prefixes=…)``: a GraphStore, or an
    EndpointGraph.
    """
    if format not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {format!r} (choose from {', '.join(EXPORT_FORMATS)})")
    if isinstance(target, (str, Path)):
        # written beside the target and moved over it when complete: a failed export (an endpoint's
        # answer cut short, a full disk) leaves an earlier file as it was
        target = Path(target)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            with open(partial, "wb") as handle:
                export_store(graph, handle, format=format)
            os.replace(partial, target)
        except OSError as err:
            raise StoreError(f"cannot write: {err.strerror or err}", path=str(target)) from err
        finally:
            partial.unlink(missing_ok=True)
        return
    if format == "tsv":
        text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
        try:
            text.writelines(_tsv_lines(graph))
            text.flush()
        finally:
            text.detach()
        return
    prefixes = namespaces() if format in ("turtle", "trig", "jsonld") else None
    try:
        graph.dump(target, _RDF_FORMATS[format], prefixes=prefixes)
    except (OSError, ValueError) as err:
        raise StoreError(f"cannot export as {format}: {err}") from err
