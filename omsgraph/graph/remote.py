"""An external SPARQL 1.1 store (e.g. Virtuoso): a build target with GraphStore's write API, and a graph to query.

:class:`RemoteStore` writes. Triples go in batches via the Graph Store HTTP Protocol (POST
N-Triples to ``gsp_url``) or, when only ``update_url`` is given, via SPARQL Update ``INSERT DATA``,
all into one named graph (``graph_iri``). Reads use the SPARQL 1.1 Protocol. Credentials come from
OMSGRAPH_SPARQL_USER / OMSGRAPH_SPARQL_PASSWORD (digest auth).

Statement summaries (``omsg:evidenceCount``, ``omsg:documentCount``, ``omsg:confidence``,
``omsg:hedged``, the plain triple) are written at :meth:`close`, as GraphStore does: for every
statement this run touched (remembered in a temporary file, :mod:`omsgraph.graph.statement_log`, not in
memory), its evidence is read back from the endpoint (so evidence written by
earlier runs into the same graph counts too), the summary is computed with the same function as
the embedded store's, the old summary is deleted (SPARQL Update, when ``update_url`` is given)
and the new one inserted. ``omsgraph add --endpoint`` skips documents the graph holds unchanged
(:meth:`RemoteStore.document_hashes`) and replaces changed ones (:meth:`RemoteStore.remove_document`).

:class:`EndpointGraph` reads: its ``query`` answers with pyoxigraph's result objects, the same
as an embedded graph's, so ``omsgraph query``, ``ask`` and ``stats`` run unchanged on an endpoint
(the standard prefixes are declared in the query text; the graph is the request's default graph).

>>> try:
...     RemoteStore("http://127.0.0.1:9/sparql", timeout=1).query("ASK {}")
... except StoreError as err:
...     print(str(err).startswith("http://127.0.0.1:9/sparql: cannot reach"))
True
>>> _query_form("PREFIX omsg: <https://w3id.org/omsgraph/vocab#> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import httpx
from pyoxigraph import (
    DefaultGraph, NamedNode, Quad, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results, serialize,
)

from omsgraph.errors import QueryError, StoreError
from omsgraph.graph.batch import EncodedBatch, encode, encode_relations, entity_of
from omsgraph.graph.exporting import export_store
from omsgraph.graph.iris import GRAPH_IRI, ONTOLOGY_GRAPH_IRI, checked_graph_iri, document_iri, sha1, with_prefixes
from omsgraph.graph.rdf import (
    CONFIDENCE, DOCUMENT, DOCUMENT_PARTS, EV_DOCUMENT, HAS_EVIDENCE, HEDGED, NEGATED, RDF_OBJECT, RDF_PREDICATE,
    RDF_SUBJECT, RDFS_LABEL, SUMMARY_PREDICATES, document_hashes_query, entity_terms, ntriples, statement_terms,
    summary_terms,
)
from omsgraph.graph.statistics import COUNT_TRIPLES, store_stats
from omsgraph.graph.statement_log import StatementLog
from omsgraph.graph.vocabulary import ontology_file
from omsgraph.model import Document, Relation

_BATCH = 5000  # triples per HTTP request: large enough to amortise round trips, small enough for Virtuoso's limits
# ... but at most this many in one INSERT DATA: Virtuoso's SPARQL parser runs out of stack near 5,000
# triples in one request ("SP030 ... memory exhausted"; 4,900 passed, 5,000 failed, Virtuoso 7.2.3)
_UPDATE_TRIPLES = 2000
_SUMMARY_CHUNK = 200  # statements per evidence query / summary DELETE
# statements and entities remembered in memory as written this run; past this many the set starts
# again (what is forgotten may be sent twice, which a graph's set semantics absorbs), so a run over
# millions of abstracts keeps to the memory of a small one
_RECENT = 200_000
# What may come before a query's form keyword: comments, PREFIX and BASE declarations.
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\s*([A-Za-z]+)")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the answer format to ask the endpoint for depends on it."""
    at = 0
    while (match := _PROLOGUE.match(sparql, at)) and match.end() > at:
        at = match.end()
    word = _FORM.match(sparql, at)
    return word.group(1).upper() if word else ""


def _standard_results(payload: dict) -> dict:
    """SPARQL JSON results as the standard writes them, from Virtuoso's: an ASK answer comes as a
    one-cell table (``__ASK_RETVAL``) and booleans as 0/1 (``"0"^^xsd:boolean``); both are
    rewritten so answers read the same as from an embedded graph.

    >>> _standard_results({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"type": "literal", "value": "1"}}]}})
    {'head': {}, 'boolean': True}
    >>> _standard_results({"head": {"vars": ["b"]}, "results": {"bindings": [{"b": {"type": "typed-literal", "datatype": _BOOLEAN, "value": "0"}}]}})["results"]["bindings"][0]["b"]["value"]
    'false'
    """
    if "boolean" in payload:
        return payload
    rows = payload["results"]["bindings"]
    if payload["head"].get("vars") == ["__ASK_RETVAL"]:
        return {"head": {}, "boolean": any(row.get("__ASK_RETVAL", {}).get("value") not in (None, "0", "false") for row in rows)}
    for row in rows:
        for cell in row.values():
            if cell.get("datatype") == _BOOLEAN and cell.get("value") in ("0", "1"):
                cell["value"] = "true" if cell["value"] == "1" else "false"
    return payload


class _CutShort(StoreError):
    """The endpoint answered only its first ``limit`` rows (and said so)."""

    def __init__(self, limit: str, *, path: str) -> None:
        super().__init__(f"the endpoint cut its answer at {limit} rows (its result-size limit, Virtuoso's "
                         "ResultSetMaxRows): raise the limit, or ask for fewer rows (LIMIT)", path=path)
        self.limit = int(limit) if limit.isdigit() else 0


class _Endpoint:
    """One HTTP client for a SPARQL endpoint: credentials from the environment, errors as StoreError."""

    def __init__(self, endpoint_url: str, *, graph_iri: str | None = None, timeout: float = 60.0) -> None:
        self.endpoint_url = endpoint_url
        self.graph_iri = checked_graph_iri(graph_iri)
        user = os.environ.get("OMSGRAPH_SPARQL_USER")
        password = os.environ.get("OMSGRAPH_SPARQL_PASSWORD", "")
        auth = httpx.DigestAuth(user, password) if user else None
        self._client = httpx.Client(timeout=timeout, auth=auth)

    def _send(self, url: str, *, stream: bool = False, **kwargs) -> httpx.Response:
        """POST; with ``stream`` the body is left unread (the caller reads and closes the response)."""
        try:
            response = self._client.send(self._client.build_request("POST", url, **kwargs), stream=stream)
        except httpx.HTTPError as err:
            raise StoreError(f"cannot reach the SPARQL endpoint: {err}", path=url) from err
        if response.status_code >= 300:
            try:
                first = " ".join(response.read().decode("utf-8", "replace").split())[:200]
            finally:
                response.close()
            raise StoreError(f"HTTP {response.status_code}: {first}", path=url)
        return response

    def _post_query(self, sparql: str, *, accept: str, default_graph: bool, stream: bool = False) -> httpx.Response:
        """A SPARQL 1.1 protocol query; ``default_graph``: this store's graph is the query's default graph."""
        data = {"query": sparql, **({"default-graph-uri": self.graph_iri} if default_graph else {})}
        return self._send(self.endpoint_url, data=data, headers={"Accept": accept}, stream=stream)

    def _json_results(self, sparql: str, *, default_graph: bool) -> dict:
        """The answer to a SELECT or ASK as standard SPARQL JSON results (see :func:`_standard_results`)."""
        response = self._post_query(sparql, accept="application/sparql-results+json", default_graph=default_graph)
        if "X-SPARQL-MaxRows" in response.headers:  # Virtuoso's mark of an answer it cut short
            raise _CutShort(response.headers["X-SPARQL-MaxRows"], path=self.endpoint_url)
        try:
            return _standard_results(response.json())
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise StoreError(f"answer is not SPARQL JSON results: {err}", path=self.endpoint_url) from err

    def count(self) -> int:
        """Number of triples in this graph."""
        payload = self._json_results(COUNT_TRIPLES, default_graph=True)
        return int(payload["results"]["bindings"][0]["n"]["value"])


class EndpointGraph(_Endpoint):
    """A graph in a SPARQL 1.1 endpoint, read with pyoxigraph's result objects (like ``GraphStore.query``)."""

    def query(self, sparql: str, *, substitutions: dict | None = None):
        """Run SPARQL with the standard prefixes; QuerySolutions, QueryBoolean, or a list of Triples."""
        if substitutions:
            raise QueryError("a remote endpoint takes no substitutions: bind values in the query (VALUES)")
        text = with_prefixes(sparql)
        try:
            if _query_form(text) in ("CONSTRUCT", "DESCRIBE"):
                response = self._post_query(text, accept="application/n-triples", default_graph=True)
                return [Triple(q.subject, q.predicate, q.object) for q in parse(response.content, RdfFormat.N_TRIPLES)]
            payload = self._json_results(text, default_graph=True)
            return parse_query_results(json.dumps(payload).encode(), QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"unreadable answer: {' '.join(str(err).split())}", path=self.endpoint_url) from err

    def stats(self) -> dict:
        """The same counts as ``omsgraph stats`` on a folder."""
        return store_stats(self)

    def dump(self, target: BinaryIO, rdf_format: RdfFormat, *, prefixes: dict[str, str] | None = None) -> None:
        """Write the whole graph to ``target`` (datasets, e.g. TriG, also get the ontology in its own
        named graph, as a folder's export does). The endpoint's answer is spooled to a temporary file
        and converted as a stream, so memory stays flat; an answer cut short by the endpoint's result
        limit (Virtuoso's ``ResultSetMaxRows``) is an error, not a silently partial export."""
        expected = self.count()
        with tempfile.TemporaryFile() as spool:
            response = self._post_query(_EVERYTHING, accept="application/n-triples", default_graph=True, stream=True)
            try:
                for chunk in response.iter_bytes():
                    spool.write(chunk)
            except httpx.HTTPError as err:
                raise StoreError(f"the answer broke off: {err}", path=self.endpoint_url) from err
            finally:
                response.close()
            spool.seek(0)
            received = [0]

            def data() -> Iterator[Quad]:
                for triple in parse(spool, RdfFormat.N_TRIPLES):
                    received[0] += 1
                    yield Quad(triple.subject, triple.predicate, triple.object, DefaultGraph())
                if received[0] != expected:
                    raise StoreError(f"the endpoint answered {received[0]} of the graph's {expected} triples (its "
                                     "result-size limit?); raise the limit or use the store's own dump tool",
                                     path=self.endpoint_url)
                if rdf_format.supports_datasets:
                    ontology = NamedNode(ONTOLOGY_GRAPH_IRI)
                    for q in parse(path=str(ontology_file("omsgraph.ttl")), format=RdfFormat.TURTLE):
                        yield Quad(q.subject, q.predicate, q.object, ontology)

            try:
                serialize(data(), target, rdf_format, prefixes=prefixes)
            except SyntaxError as err:
                raise StoreError(f"unreadable answer: {' '.join(str(err).split())}", path=self.endpoint_url) from err

    def export(self, target, format: str = "turtle") -> None:
        """Write the graph as turtle|nt|jsonld|trig|tsv to a path or binary stream (as ``GraphStore.export``)."""
        export_store(self, target, format=format)

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"EndpointGraph({self.endpoint_url!r}, graph_iri={self.graph_iri!r})"


class RemoteStore(_Endpoint):
    """Write omsgraph triples into, and query, a SPARQL endpoint over HTTP."""

    def __init__(
        self,
        endpoint_url: str,
        *,
        graph_iri: str | None = None,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 60.0,
        batch_size: int = _BATCH,
        staged: bool = False,
    ) -> None:
        super().__init__(endpoint_url, graph_iri=graph_iri, timeout=timeout)
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.batch_size = batch_size
        self.target_iri = self.graph_iri
        # staged: write into a copy made inside the store (at the first write, so a run that only finds
        # known documents costs nothing) and moved over the graph at close() in one request; a run
        # killed before then leaves the graph as it was (the next run replaces the copy)
        self._staging = f"urn:omsgraph:staging:{sha1(self.target_iri)}" if staged else None
        if staged and not update_url:
            raise StoreError("a staged run needs SPARQL Update (update_url)", path=endpoint_url)
        self._pending_data: list[bytes] = []
        self._pending_count = 0
        self._entities_written: set[str] = set()
        self._new_entities: list = []  # EntityRows whose triples go with the next flush
        # the statements this run touched, for the summaries at close(): on disk, made at first use
        self._log: StatementLog | None = None
        self._statements_written: set[str] = set()   # statement nodes sent (recent ones only, see _RECENT)
        # entities of statements that lost evidence (remove_document): dropped at close if nothing names them
        self._maybe_orphans: set[str] = set()
        self._closed = False

    # -- writing -------------------------------------------------------------------------
    def _write_bytes(self, data: bytes) -> None:
        if data:
            self._pending_data.append(data)
            self._pending_count += data.count(b"\n")
            if self._pending_count >= self.batch_size:
                self.flush()

    def _begin_writing(self) -> None:
        """Before the first change of a staged run: copy the graph; from now on every read and write goes to the copy."""
        if self._staging and self.graph_iri != self._staging:
            self._update(f"DROP SILENT GRAPH <{self._staging}> ;\nCOPY SILENT <{self.target_iri}> TO <{self._staging}>")
            self.graph_iri = self._staging

    def flush(self) -> None:
        """Send buffered triples to the store."""
        if self._new_entities:
            self._write_entities()
        if not self._pending_data:
            return
        self._begin_writing()
        body = b"".join(self._pending_data)
        if self.gsp_url:
            self._send(self.gsp_url, params={"graph": self.graph_iri}, content=body,
                       headers={"Content-Type": "application/n-triples"})
        elif self.update_url:
            lines = body.decode().splitlines()  # one triple per line: N-Triples escapes newlines in literals
            for at in range(0, len(lines), _UPDATE_TRIPLES):
                triples = "\n".join(lines[at:at + _UPDATE_TRIPLES])
                self._send(self.update_url, data={"update": f"INSERT DATA {{ GRAPH <{self.graph_iri}> {{\n{triples}\n}} }}"})
        else:
            raise StoreError("no update_url or gsp_url given: the store is read-only", path=self.endpoint_url)
        self._pending_data, self._pending_count = [], 0

    def _write_entities(self) -> None:
        """Entity triples, with a label only for entities the graph has none for (the first label
        wins, as in the embedded store, also across runs into the same graph)."""
        rows, self._new_entities = self._new_entities, []
        values = " ".join(f"<{row[0]}>" for row in rows)
        labelled = {row["e"] for row in self.query(
            f"SELECT DISTINCT ?e WHERE {{ GRAPH <{self.graph_iri}> {{ VALUES ?e {{ {values} }} ?e {RDFS_LABEL} ?l }} }}")}
        self._pending_data.append(ntriples([t for row in rows
                                            for t in entity_terms(entity_of(row), label=row[0] not in labelled)]))

    def _update(self, sparql: str) -> None:
        if not self.update_url:
            raise StoreError("no update_url given: cannot delete from the graph", path=self.endpoint_url)
        self._send(self.update_url, data={"update": sparql})

    def add_documents(self, documents: Iterable[Document]) -> int:
        """Add the bibliographic triples of ``documents``; returns how many were added."""
        count = 0
        for document in documents:
            self.add_encoded(encode(document, ()))
            count += 1
        return count

    def add_relations(self, relations: Iterable[Relation]) -> int:
        """Add relation statements, evidence and (once) their entities; returns how many were added."""
        return sum(self.add_encoded(batch) for batch in encode_relations(relations))

    def add_encoded(self, batch: EncodedBatch) -> int:
        """Add an :class:`~omsgraph.graph.batch.EncodedBatch`; returns its relation count."""
        self._write_bytes(batch.data)
        for row in batch.entities:
            if row[0] not in self._entities_written:
                _remember(self._entities_written, row[0])
                self._new_entities.append(row)
        touched = []
        for row in batch.evidence:
            if row[0] not in self._statements_written:
                _remember(self._statements_written, row[0])
                touched.append(row[:5])
                self._write_bytes(ntriples(statement_terms(row[0], subject=row[1], predicate=row[2], object=row[3],
                                                           negated=row[4])))
        if touched:
            self._touched().add(touched)
        return batch.relations

    def _touched(self) -> StatementLog:
        if self._log is None:
            self._log = StatementLog()
        return self._log

    def document_hashes(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Document id → omsg:contentHash of those of ``document_ids`` the graph holds (what ``add`` skips or replaces)."""
        rows = self.query(with_prefixes(document_hashes_query(document_ids)), default_graph=True)
        return {row["id"]: row.get("hash", "") for row in rows}

    def remove_document(self, document_id: str) -> bool:
        """Delete a document, its evidence and its parts; the statements it supported get new
        summaries at :meth:`close` (or go, with their plain triple, when no evidence is left)."""
        self.flush()
        self._begin_writing()
        doc, graph = str(document_iri(document_id)), f"<{self.graph_iri}>"
        existed = self.query(f"ASK {{ GRAPH {graph} {{ {doc} a {DOCUMENT} }} }}")
        rows = self.query(
            f"SELECT DISTINCT ?st ?s ?p ?o ?negated WHERE {{ GRAPH {graph} {{ ?ev {EV_DOCUMENT} {doc} . "
            f"?st {HAS_EVIDENCE} ?ev ; {RDF_SUBJECT} ?s ; {RDF_PREDICATE} ?p ; {RDF_OBJECT} ?o ; {NEGATED} ?negated }} }}")
        self._touched().add((row["st"], row["s"], row["p"], row["o"], row["negated"].lower() in ("true", "1"))
                            for row in rows)
        for row in rows:
            self._maybe_orphans.update((row["s"], row["o"]))
        parts = " ".join(str(p) for p in DOCUMENT_PARTS)
        self._update(
            f"DELETE {{ GRAPH {graph} {{ ?st {HAS_EVIDENCE} ?ev . ?ev ?p ?o }} }} WHERE {{ GRAPH {graph} "
            f"{{ ?ev {EV_DOCUMENT} {doc} . ?st {HAS_EVIDENCE} ?ev . ?ev ?p ?o }} }} ;\n"
            f"DELETE {{ GRAPH {graph} {{ ?part ?p ?o }} }} WHERE {{ GRAPH {graph} "
            f"{{ VALUES ?link {{ {parts} }} {doc} ?link ?part . ?part ?p ?o }} }} ;\n"
            f"DELETE {{ GRAPH {graph} {{ {doc} ?p ?o }} }} WHERE {{ GRAPH {graph} {{ {doc} ?p ?o }} }}")
        return bool(existed)

    def write_summaries(self) -> int:
        """(Re)write the summaries of the statements added so far; returns how many were written."""
        self.flush()
        graph = f"<{self.graph_iri}>"
        written = 0
        for rows in (self._log.chunks(_SUMMARY_CHUNK) if self._log is not None else ()):
            chunk = [row[0] for row in rows]
            parts = {row[0]: row[1:] for row in rows}
            written += len(chunk)
            evidence = self._evidence_of(chunk)
            emptied = [stmt for stmt in chunk if not evidence.get(stmt)]
            if self.update_url:
                values = " ".join(f"<{s}>" for s in chunk)
                terms = " ".join(str(p) for p in SUMMARY_PREDICATES)
                self._update(
                    f"DELETE {{ GRAPH {graph} {{ ?st ?p ?o }} }} WHERE {{ GRAPH {graph} "
                    f"{{ VALUES ?st {{ {values} }} VALUES ?p {{ {terms} }} ?st ?p ?o }} }}")
            if emptied:  # no evidence left (its documents were removed): the statement goes
                plain = " ".join(f"<{s}> <{p}> <{o}> ." for s, p, o, negated in map(parts.get, emptied)
                                 if not negated)
                self._update(
                    f"DELETE {{ GRAPH {graph} {{ ?st ?p ?o }} }} WHERE {{ GRAPH {graph} "
                    f"{{ VALUES ?st {{ {' '.join(f'<{s}>' for s in emptied)} }} ?st ?p ?o }} }}"
                    + (f" ;\nDELETE DATA {{ GRAPH {graph} {{ {plain} }} }}" if plain else ""))
            for stmt in chunk:
                subject, predicate, obj, negated = parts[stmt]
                self._write_bytes(ntriples(summary_terms(
                    stmt, subject=subject, predicate=predicate, object=obj, negated=negated,
                    evidence=sorted(evidence.get(stmt, {}).values()))))
            self.flush()
        if self._maybe_orphans:
            entities = " ".join(f"<{e}>" for e in sorted(self._maybe_orphans))
            self._update(
                f"DELETE {{ GRAPH {graph} {{ ?e ?p ?o }} }} WHERE {{ GRAPH {graph} {{ VALUES ?e {{ {entities} }} ?e ?p ?o "
                f"FILTER NOT EXISTS {{ ?x {RDF_SUBJECT} ?e }} FILTER NOT EXISTS {{ ?y {RDF_OBJECT} ?e }} }} }}")
            self._maybe_orphans.clear()
        if self._log is not None:
            self._log.clear()
        return written

    def _evidence_of(self, statements: list[str]) -> dict[str, dict[str, tuple[str, bool, float]]]:
        """{statement: {evidence: (document, hedged, confidence)}} as stored in the endpoint. An answer
        longer than the endpoint's row limit is asked again in halves, and one statement's evidence
        page by page, so a finding reported by thousands of papers is counted in full."""
        values = " ".join(f"<{s}>" for s in statements)
        query = (f"SELECT ?st ?ev ?doc ?hedged ?conf WHERE {{ GRAPH <{self.graph_iri}> {{ VALUES ?st {{ {values} }} "
                 f"?st {HAS_EVIDENCE} ?ev . OPTIONAL {{ ?ev {EV_DOCUMENT} ?doc }} OPTIONAL {{ ?ev {HEDGED} ?hedged }} "
                 f"OPTIONAL {{ ?ev {CONFIDENCE} ?conf }} }} }}")
        try:
            rows = self.query(query)
        except _CutShort as cut:
            if len(statements) > 1:
                half = len(statements) // 2
                return {**self._evidence_of(statements[:half]), **self._evidence_of(statements[half:])}
            rows, page = [], max(cut.limit // 2, 1)  # a page of exactly the limit is marked as cut too
            while True:
                more = self.query(f"{query} ORDER BY ?ev LIMIT {page} OFFSET {len(rows)}")
                rows.extend(more)
                if len(more) < page:
                    break
        out: dict[str, dict[str, tuple[str, bool, float]]] = {}
        for row in rows:
            hedged = row.get("hedged", "false").lower() in ("true", "1")
            out.setdefault(row["st"], {})[row["ev"]] = (row.get("doc", row["ev"]), hedged, float(row.get("conf", 0.5)))
        return out

    def close(self) -> None:
        """Flush what is buffered, write the statement summaries and release the HTTP connection."""
        if self._closed:
            return
        try:
            self.flush()
            if self._log is not None and len(self._log):
                self.write_summaries()
            if self.graph_iri != self.target_iri:  # staged: the finished copy replaces the graph
                self._update(f"MOVE SILENT <{self.graph_iri}> TO <{self.target_iri}>")
                self.graph_iri = self.target_iri
            elif self._staging:  # nothing changed; a copy a killed run left goes
                self._update(f"DROP SILENT GRAPH <{self._staging}>")
        finally:
            self._closed = True
            self._client.close()
            self._forget()

    def _forget(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def discard(self) -> None:
        """Give up a staged run: drop the copy; the graph stays as it was."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.graph_iri != self.target_iri:
                self._update(f"DROP SILENT GRAPH <{self.graph_iri}>")
                self.graph_iri = self.target_iri
        finally:
            self._client.close()
            self._forget()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None and self.graph_iri != self.target_iri:
            self.discard()  # staged: the graph stays as it was
        else:
            self.close()  # in place, even after an error: summaries for what was sent

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, *, default_graph: bool = False) -> list[dict[str, str]] | bool:
        """Run a SELECT (rows as {variable: value}) or ASK (a bool) query; with ``default_graph``, on
        this store's graph as the default graph (otherwise the query names it: ``GRAPH <…>``)."""
        payload = self._json_results(sparql, default_graph=default_graph)
        if "boolean" in payload:
            return bool(payload["boolean"])
        return [{k: v["value"] for k, v in row.items()} for row in payload["results"]["bindings"]]

    def clear(self) -> None:
        """Drop this store's graph (for rebuilds)."""
        if not self.update_url:
            raise StoreError("no update_url given: cannot clear the graph", path=self.endpoint_url)
        self._send(self.update_url, data={"update": f"DROP SILENT GRAPH <{self.graph_iri}>"})


__all__ = ["GRAPH_IRI", "EndpointGraph", "RemoteStore"]


def _remember(seen: set[str], key: str) -> None:
    """Add ``key`` to a set that starts again once it holds ``_RECENT`` keys."""
    if len(seen) >= _RECENT:
        seen.clear()
    seen.add(key)
