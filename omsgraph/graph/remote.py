"""An external SPARQL 1.1 store (e.g. Virtuoso) as a build target: same small write API as GraphStore.

Writes go in batches via the Graph Store HTTP Protocol (POST N-Triples to ``gsp_url``) or, when
only ``update_url`` is given, via SPARQL Update ``INSERT DATA``. Reads use the SPARQL 1.1 Protocol.
Credentials come from OMSGRAPH_SPARQL_USER / OMSGRAPH_SPARQL_PASSWORD (digest, then basic auth).

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
from pyoxigraph import RdfFormat, Triple, serialize

from omsgraph.errors import StoreError
from omsgraph.graph.iris import entity_iri
from omsgraph.graph.rdf import document_triples, entity_triples, relation_triples
from omsgraph.model import Document, Relation

_BATCH = 5000  # triples per HTTP request: large enough to amortise round trips, small enough for Virtuoso's limits


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
        self._pending: list[Triple] = []
        self._entities_written: set[str] = set()

    # -- writing -------------------------------------------------------------------------
    def _write(self, quads: Iterable) -> None:
        self._pending.extend(Triple(q.subject, q.predicate, q.object) for q in quads)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Send buffered triples to the store."""
        if not self._pending:
            return
        body = serialize(self._pending, format=RdfFormat.N_TRIPLES) or b""
        if self.gsp_url:
            self._send(self.gsp_url, params={"graph": self.graph_iri}, content=body,
                       headers={"Content-Type": "application/n-triples"})
        elif self.update_url:
            update = f"INSERT DATA {{ GRAPH <{self.graph_iri}> {{\n{body.decode()}\n}} }}"
            self._send(self.update_url, data={"update": update})
        else:
            raise StoreError("no update_url or gsp_url given: the store is read-only", path=self.endpoint_url)
        self._pending = []

    def add_documents(self, documents: Iterable[Document]) -> int:
        """Add the bibliographic triples of ``documents``; returns how many were added."""
        count = 0
        for document in documents:
            self._write(document_triples(document))
            count += 1
        return count

    def add_relations(self, relations: Iterable[Relation]) -> int:
        """Add relation statements, evidence and (once) their entities; returns how many were added."""
        count = 0
        for relation in relations:
            quads = relation_triples(relation)
            for entity in (relation.subject, relation.object):
                node = entity_iri(entity).value
                if node not in self._entities_written:
                    self._entities_written.add(node)
                    quads.extend(entity_triples(entity))
            self._write(quads)
            count += 1
        return count

    def close(self) -> None:
        """Flush what is buffered and release the HTTP connection."""
        try:
            self.flush()
        finally:
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
