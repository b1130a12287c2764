"""The query worker: a process that owns a read-only view of the graph and answers SPARQL jobs.

Queries run here, not in the web server, so a runaway query can be stopped for real: the
server kills the worker process at the timeout and starts a fresh one. pyoxigraph's own
serializers write every answer. The worker reopens the store when ``GRAPH_DIR/current``
moves (after an update, or an ``omsgraph add`` next to the running server).

>>> from pyoxigraph import Literal, NamedNode, Quad, Store
>>> store = Store()
>>> store.add(Quad(NamedNode("http://example.org/a"), NamedNode("http://example.org/p"), Literal("x")))
>>> reply = answer(store, Job(sparql="SELECT ?o WHERE { ?s ?p ?o }", results=["csv"], graph=[]))
>>> reply.status, reply.media_type, reply.body
(200, 'text/csv; charset=utf-8', b'o\\r\\nx\\r\\n')
>>> answer(store, Job(sparql="SELEC nothing", results=["json"], graph=[])).status
400
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import (
    DefaultGraph, NamedNode, QueryBoolean, QueryResultsFormat, QueryTriples, RdfFormat, Store, Variable,
    parse_query_results, serialize,
)

from omsgraph.graph.iris import GRAPH_IRI

RESULT_FORMATS = {
    "json": (QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS = {
    "turtle": (RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "ntriples": (RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (RdfFormat.RDF_XML, "application/rdf+xml"),
}
_CHECK_EVERY = 500  # rows between deadline checks while reading an answer


@dataclass
class Job:
    """One SPARQL query to answer, with the formats the client accepts (best first)."""

    sparql: str
    results: list[str]
    graph: list[str]
    max_results: int = 0                     # most rows/triples; 0 = no limit
    deadline: float | None = None            # time.time() after which the worker gives up
    default_graph: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)   # variable -> IRI, bound as a value
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """The worker's answer: an HTTP status, a media type and the body (or an error code and message)."""

    status: int
    media_type: str = "application/json"
    body: bytes = b""
    code: str = ""
    message: str = ""


class _Deadline(Exception):
    pass


class _TooLarge(Exception):
    pass


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _counted(items, job: Job):
    """Materialise an answer, stopping at the size limit or the deadline."""
    rows = []
    for count, item in enumerate(items, start=1):
        if 0 < job.max_results < count:
            raise _TooLarge()
        if count % _CHECK_EVERY == 0 and job.deadline is not None and time.time() > job.deadline:
            raise _Deadline()
        rows.append(item)
    return rows


def _solutions_tsv(variables, rows) -> str:
    # SPARQL TSV carries full RDF terms, so it round-trips through pyoxigraph's parser and the
    # answer can be written by pyoxigraph's serializers after the size check.
    lines = ["\t".join(str(v) for v in variables)]
    for row in rows:
        lines.append("\t".join("" if row[v] is None else str(row[v]) for v in variables))
    return "\n".join(lines) + "\n"


def _graph_named(iri: str) -> NamedNode | DefaultGraph:
    # A graph folder keeps its data in the store's default graph; to a client it is the graph omsgraph
    # writes to a triple store (GRAPH_IRI), so `omsgraph query --endpoint` reads this server as it
    # reads Virtuoso. (No named graph of that name can exist here: builds never make one.)
    return DefaultGraph() if iri == GRAPH_IRI else NamedNode(iri)


def _query_options(job: Job) -> dict:
    options: dict = {"prefixes": job.prefixes or None}
    if job.default_graph:
        options["default_graph"] = [_graph_named(iri) for iri in job.default_graph]
    if job.named_graphs:
        options["named_graphs"] = [NamedNode(iri) for iri in job.named_graphs]
    if job.bindings:
        options["substitutions"] = {Variable(name): NamedNode(iri) for name, iri in job.bindings.items()}
    return options


def answer(store: Store, job: Job) -> Reply:
    """Run ``job`` on ``store`` and serialize the answer in the best acceptable format."""
    try:
        options = _query_options(job)
    except ValueError as err:
        return Reply(400, code="bad_request", message=f"invalid IRI in the request: {_one_line(err)}")
    try:
        result = store.query(job.sparql, **options)
        if isinstance(result, QueryBoolean):
            if not job.results:
                return _not_acceptable("ASK", RESULT_FORMATS)
            fmt, media = RESULT_FORMATS[job.results[0]]
            return Reply(200, media, result.serialize(format=fmt))
        if isinstance(result, QueryTriples):
            if not job.graph:
                return _not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_FORMATS)
            triples = _counted(result, job)
            fmt, media = GRAPH_FORMATS[job.graph[0]]
            return Reply(200, media, serialize(triples, format=fmt, prefixes=job.prefixes or None))
        if not job.results:
            return _not_acceptable("SELECT", RESULT_FORMATS)
        variables = result.variables
        rows = _counted(result, job)
        fmt, media = RESULT_FORMATS[job.results[0]]
        buffer = io.BytesIO()
        parse_query_results(_solutions_tsv(variables, rows), QueryResultsFormat.TSV).serialize(buffer, fmt)
        return Reply(200, media, buffer.getvalue())
    except SyntaxError as err:
        return Reply(400, code="malformed_query", message=f"invalid SPARQL: {_one_line(err)}")
    except _TooLarge:
        return Reply(422, code="result_too_large",
                     message=f"the answer has more than {job.max_results} results; add a LIMIT or narrow the query")
    except _Deadline:
        return Reply(503, code="timeout", message="the query ran out of time and was stopped")
    except (ValueError, TypeError, RuntimeError) as err:
        return Reply(400, code="query_failed", message=f"the query cannot be answered: {_one_line(err)}")
    except OSError as err:
        return Reply(500, code="store_error", message=f"cannot read the store: {_one_line(err)}")


def _not_acceptable(form: str, table: dict) -> Reply:
    media = ", ".join(m for _, m in table.values())
    return Reply(406, code="not_acceptable", message=f"a {form} answer can be sent as: {media}")


class _GraphView:
    """The read-only store of ``GRAPH_DIR/current``, reopened when the link moves."""

    def __init__(self, graph_dir: str) -> None:
        self.graph_dir = Path(graph_dir)
        self.build: Path | None = None
        self.store: Store | None = None

    def current(self) -> Store:
        from omsgraph.graph import layout  # noqa: PLC0415 - keeps worker start-up light

        build = layout.current_build(self.graph_dir)
        if build is None:
            raise OSError(f"{self.graph_dir}: no finished graph build")
        if build != self.build or self.store is None:
            self.store = None  # drop the old RocksDB handle before opening the new one
            self.store = Store.read_only(str(build / layout.STORE))
            self.build = build
        return self.store


def serve_jobs(conn, graph_dir: str) -> None:
    """Worker process main loop: receive :class:`Job`, send :class:`Reply`, until the pipe closes."""
    view = _GraphView(graph_dir)
    try:
        view.current()
        conn.send(("ready", os.getpid()))
    except OSError as err:
        conn.send(("failed", _one_line(err)))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(view.current(), job)
        except OSError as err:
            reply = Reply(500, code="store_error", message=f"cannot open the store: {_one_line(err)}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
