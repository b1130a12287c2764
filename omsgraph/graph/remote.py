"""An external SPARQL 1.1 store (e.g. Virtuoso) as a build target: same small write API as GraphStore.

Writes go in batches via the Graph Store HTTP Protocol (POST N-Triples to ``gsp_url``) or, when
only ``update_url`` is given, via SPARQL Update ``INSERT DATA``. Reads use the SPARQL 1.1 Protocol.
Credentials come from OMSGRAPH_SPARQL_USER / OMSGRAPH_SPARQL_PASSWORD (digest, then basic auth).

Statement summaries (``omsg:evidenceCount``, ``omsg:documentCount``, ``omsg:confidence``,
``omsg:hedged``, the plain triple) are written at :meth:`close`, as GraphStore does: for every
statement this run touched, its evidence is read back from the endpoint (so evidence written by
earlier runs into the same graph counts too), the summary is computed with the same function as
the embedded store's, the old summary is deleted (SPARQL Update, when ``update_url`` is given)
and the new one inserted.

>>> try:
...     RemoteStore("http://127.0.0.1:9/sparql", timeout=1).query("ASK {}")
... except StoreError as err:
...     print(str(err).startswith("http://127.0.0.1:9/sparql: cannot reach"))
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import httpx

from omsgraph.errors import StoreError
from omsgraph.graph.batch import EncodedBatch, encode, encode_relations, entity_of
from omsgraph.graph.rdf import (
    CONFIDENCE, EV_DOCUMENT, HAS_EVIDENCE, HEDGED, SUMMARY_PREDICATES, entity_terms, ntriples, statement_terms,
    summary_terms,
)
from omsgraph.model import Document, Relation

_BATCH = 5000  # triples per HTTP request: large enough to amortise round trips, small enough for Virtuoso's limits
_SUMMARY_CHUNK = 200  # statements per evidence query / summary DELETE


class RemoteStore:
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
    ) -> None:
        self.endpoint_url = endpoint_url
        self.graph_iri = graph_iri or "https://w3id.org/omsgraph/graph"
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.batch_size = batch_size
        user = os.environ.get("OMSGRAPH_SPARQL_USER")
        password = os.environ.get("OMSGRAPH_SPARQL_PASSWORD", "")
        auth = httpx.DigestAuth(user, password) if user else None
        self._client = httpx.Client(timeout=timeout, auth=auth)
        self._pending_data: list[bytes] = []
        self._pending_count = 0
        self._entities_written: set[str] = set()
        # statement IRI -> (subject, predicate, object IRIs, negated), for the summaries at close()
        self._statements: dict[str, tuple[str, str, str, bool]] = {}
        self._closed = False

    # -- writing -------------------------------------------------------------------------
    def _write_bytes(self, data: bytes) -> None:
        if data:
            self._pending_data.append(data)
            self._pending_count += data.count(b"\n")
            if self._pending_count >= self.batch_size:
                self.flush()

    def flush(self) -> None:
        """Send buffered triples to the store."""
        if not self._pending_data:
            return
        body = b"".join(self._pending_data)
        if self.gsp_url:
            self._send(self.gsp_url, params={"graph": self.graph_iri}, content=body,
                       headers={"Content-Type": "application/n-triples"})
        elif self.update_url:
            update = f"INSERT DATA {{ GRAPH <{self.graph_iri}> {{\n{body.decode()}\n}} }}"
            self._send(self.update_url, data={"update": update})
        else:
            raise StoreError("no update_url or gsp_url given: the store is read-only", path=self.endpoint_url)
        self._pending_data, self._pending_count = [], 0

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
                self._entities_written.add(row[0])
                self._write_bytes(ntriples(entity_terms(entity_of(row))))
        for row in batch.evidence:
            if row[0] not in self._statements:
                self._statements[row[0]] = (row[1], row[2], row[3], row[4])
                self._write_bytes(ntriples(statement_terms(row[0], subject=row[1], predicate=row[2], object=row[3],
                                                           negated=row[4])))
        return batch.relations

    def write_summaries(self) -> int:
        """(Re)write the summaries of the statements added so far; returns how many were written."""
        self.flush()
        statements = sorted(self._statements)
        for at in range(0, len(statements), _SUMMARY_CHUNK):
            chunk = statements[at:at + _SUMMARY_CHUNK]
            evidence = self._evidence_of(chunk)
            if self.update_url:
                values = " ".join(f"<{s}>" for s in chunk)
                terms = " ".join(str(p) for p in SUMMARY_PREDICATES)
                self._send(self.update_url, data={"update": (
                    f"DELETE {{ GRAPH <{self.graph_iri}> {{ ?st ?p ?o }} }} WHERE {{ GRAPH <{self.graph_iri}> "
                    f"{{ VALUES ?st {{ {values} }} VALUES ?p {{ {terms} }} ?st ?p ?o }} }}")})
            for stmt in chunk:
                subject, predicate, obj, negated = self._statements[stmt]
                self._write_bytes(ntriples(summary_terms(
                    stmt, subject=subject, predicate=predicate, object=obj, negated=negated,
                    evidence=sorted(evidence.get(stmt, {}).values()))))
            self.flush()
        self._statements.clear()
        return len(statements)

    def _evidence_of(self, statements: list[str]) -> dict[str, dict[str, tuple[str, bool, float]]]:
        """{statement: {evidence: (document, hedged, confidence)}} as stored in the endpoint."""
        values = " ".join(f"<{s}>" for s in statements)
        rows = self.query(
            f"SELECT ?st ?ev ?doc ?hedged ?conf WHERE {{ GRAPH <{self.graph_iri}> {{ VALUES ?st {{ {values} }} "
            f"?st {HAS_EVIDENCE} ?ev . OPTIONAL {{ ?ev {EV_DOCUMENT} ?doc }} OPTIONAL {{ ?ev {HEDGED} ?hedged }} "
            f"OPTIONAL {{ ?ev {CONFIDENCE} ?conf }} }} }}")
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
            if self._statements:
                self.write_summaries()
        finally:
            self._closed = True
            self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str) -> list[dict[str, str]] | bool:
        """Run a SELECT (rows as {variable: value}) or ASK (a bool) query."""
        response = self._send(self.endpoint_url, data={"query": sparql},
                              headers={"Accept": "application/sparql-results+json"})
        try:
            payload = response.json()
        except ValueError as err:
            raise StoreError(f"answer is not SPARQL JSON results: {err}", path=self.endpoint_url) from err
        if "boolean" in payload:
            return bool(payload["boolean"])
        rows = [{k: v["value"] for k, v in row.items()} for row in payload["results"]["bindings"]]
        if [list(row) for row in rows] == [["__ASK_RETVAL"]]:  # Virtuoso answers ASK as a one-cell table
            return rows[0]["__ASK_RETVAL"] not in ("0", "false")
        return rows

    def count(self) -> int:
        """Number of triples in this store's graph."""
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.graph_iri}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"])

    def clear(self) -> None:
        """Drop this store's graph (for rebuilds)."""
        if not self.update_url:
            raise StoreError("no update_url given: cannot clear the graph", path=self.endpoint_url)
        self._send(self.update_url, data={"update": f"DROP SILENT GRAPH <{self.graph_iri}>"})

    def _send(self, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._client.post(url, **kwargs)
        except httpx.HTTPError as err:
            raise StoreError(f"cannot reach the SPARQL endpoint: {err}", path=url) from err
        if response.status_code >= 300:
            first = " ".join(response.text.split())[:200]
            raise StoreError(f"HTTP {response.status_code}: {first}", path=url)
        return response


__all__ = ["RemoteStore"]
