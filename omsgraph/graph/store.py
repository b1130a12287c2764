"""The embedded graph store: a pyoxigraph on-disk Store inside GRAPH_DIR/build-<id>/store.

Write API (small on purpose, so a SPARQL-endpoint backend can offer the same):
``add_documents``, ``add_relations``, ``remove_document``, ``close``. Relations stream in per
document; each statement's evidence is aggregated in memory (seeded from the store when
updating an existing graph) and the statement summaries are written once, at ``close()``.

>>> import tempfile
>>> from omsgraph.model import Document, Entity, Evidence, Relation
>>> root = tempfile.mkdtemp()
>>> doc = Document(id="PMID:1", text="LY294002 inhibits PI3K.", pmid="1")
>>> ev = Evidence("PMID:1", doc.text, 0, (0, 8), (18, 22), "svo")
>>> rel = Relation(Entity("CHEBI:65329", "LY294002", "Chemical"), "inhibits",
...                Entity("FPLX:PI3K", "PI3K", "ProteinFamily"), ev)
>>> with GraphStore.create(root) as store:
...     store.add_documents([doc]); store.add_relations([rel])
1
1
>>> graph = GraphStore.open(root)
>>> graph.stats()["relations"], list(graph.document_hashes(["PMID:1", "PMID:2"]))
(1, ['PMID:1'])
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store

from omsgraph import __version__
from omsgraph.errors import StoreError
from omsgraph.graph import layout
from omsgraph.graph.exporting import export_store
from omsgraph.graph.batch import EncodedBatch, encode, encode_relations, entity_of
from omsgraph.graph.iris import ONTOLOGY_GRAPH_IRI, document_iri, namespaces, sha1
from omsgraph.graph.rdf import (
    CONFIDENCE, DOCUMENT_PARTS, EV_DOCUMENT, HAS_EVIDENCE, HEDGED, RDF_OBJECT, RDF_PREDICATE,
    RDF_SUBJECT, RDF_TYPE, RDFS_LABEL, SUMMARY_PREDICATES, NEGATED, TermTriple, entity_terms, ntriples,
    document_hashes_query, statement_terms, summary_terms,
)
from omsgraph.graph.statistics import store_stats
from omsgraph.graph.vocabulary import ontology_file
from omsgraph.model import Document, Relation

ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_GRAPH_IRI)
_DEFAULT = DefaultGraph()
_SUMMARY_CHUNK = 100_000  # summary triples made before they are encoded and buffered
# N-Quads bytes (~135,000 quads) handed to the bulk loader at once. Bigger pieces mean fewer RocksDB
# compactions (48 MB: 3.5 -> 2.2 s CPU on 9,093 abstracts) but more memory: a 1M-triple build then
# peaked at 501 MB instead of 372 MB (benchmarks/store_bench.py), over the 0.5 GB the project allows.
_FLUSH_BYTES = 24 << 20

# statement IRI -> (subject, predicate, object IRIs, negated, {evidence IRI: (document IRI, hedged, confidence)})
_Aggregate = tuple[str, str, str, bool, dict[str, tuple[str, bool, float]]]


class GraphStore:
    """A built graph (read) or a graph being built (write). Use :meth:`create`, :meth:`update`, :meth:`open`."""

    def __init__(self, store: Store, *, graph_dir: Path, build: Path, writable: bool, seeded: bool = False) -> None:
        self._store = store
        self.graph_dir = graph_dir
        self.build = build
        self.writable = writable
        self._seeded = seeded
        self._pending_data: list[bytes] = []
        self._pending_size = 0
        self._loader: threading.Thread | None = None
        self._load_error: BaseException | None = None
        self._statements: dict[str, _Aggregate] = {}
        self._entities_written: set[str] = set()
        self._closed = not writable

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, graph_dir: str | Path, *, read_only: bool = True) -> GraphStore:
        """Open the current build of ``graph_dir`` (read-only by default)."""
        graph_dir = Path(graph_dir)
        if not graph_dir.exists():
            raise StoreError("no such graph folder", path=str(graph_dir))
        build = layout.current_build(graph_dir)
        if build is None:
            raise StoreError("not an omsgraph graph folder (no finished build; run 'omsgraph build' first)", path=str(graph_dir))
        path = str(build / layout.STORE)
        try:
            store = Store.read_only(path) if read_only else Store(path)
        except OSError as err:
            raise StoreError(f"cannot open the store: {err}", path=str(graph_dir)) from err
        return cls(store, graph_dir=graph_dir, build=build, writable=not read_only, seeded=True)

    @classmethod
    @contextmanager
    def create(cls, graph_dir: str | Path) -> Iterator[GraphStore]:
        """Write a new, empty graph; it becomes ``current`` only if the block finishes."""
        with cls._building(Path(graph_dir), seed=False) as store:
            yield store

    @classmethod
    @contextmanager
    def update(cls, graph_dir: str | Path) -> Iterator[GraphStore]:
        """Copy-on-write update: a new build seeded from ``current`` (or empty), swapped in at the end."""
        with cls._building(Path(graph_dir), seed=True) as store:
            yield store

    @classmethod
    @contextmanager
    def _building(cls, graph_dir: Path, *, seed: bool) -> Iterator[GraphStore]:
        if graph_dir.exists() and not graph_dir.is_dir():
            raise StoreError("exists and is not a folder", path=str(graph_dir))
        graph_dir.mkdir(parents=True, exist_ok=True)
        layout.clean_stale_builds(graph_dir)
        build = layout.new_build_dir(graph_dir)
        previous = layout.current_build(graph_dir) if seed else None
        graph = None
        try:
            if previous is not None:
                # RocksDB checkpoint: hard links, so seeding a big graph costs little.
                Store.read_only(str(previous / layout.STORE)).backup(str(build / layout.STORE))
            store = Store(str(build / layout.STORE))
            graph = cls(store, graph_dir=graph_dir, build=build, writable=True, seeded=previous is not None)
            # (Re)load the ontology so an update picks up predicates added since the last build.
            if previous is not None and store.contains_named_graph(ONTOLOGY_GRAPH):
                store.clear_graph(ONTOLOGY_GRAPH)
            store.load(path=str(ontology_file("omsgraph.ttl")), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
            yield graph
            graph.close()
            facts = graph.stats()
            facts.update(omsgraph_version=__version__, build=build.name,
                         seeded_from=previous.name if previous else None,
                         ontology_sha1=sha1(ontology_file("omsgraph.ttl").read_text(encoding="utf-8")))
            graph._release()
            layout.write_manifest(build, facts)
        except BaseException:
            if graph is not None and graph._loader is not None:
                graph._loader.join()  # let a background load finish before its folder goes
            shutil.rmtree(build, ignore_errors=True)
            raise
        layout.swap_current(graph_dir, build)
        layout.clean_stale_builds(graph_dir)

    def _release(self) -> None:
        self._store.flush()
        self._store = None  # pyoxigraph closes the RocksDB handle when the Store is dropped

    @property
    def oxigraph(self) -> Store:
        """The underlying pyoxigraph Store (for fast iteration with ``quads_for_pattern``)."""
        if self._store is None:
            raise StoreError("the store is closed", path=str(self.graph_dir))
        return self._store

    # ---- writing -------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if not self.writable or self._closed:
            raise StoreError("the graph is open read-only or already closed", path=str(self.graph_dir))

    def _write_bytes(self, data: bytes) -> None:
        if data:
            self._pending_data.append(data)
            self._pending_size += len(data)
            if self._pending_size >= _FLUSH_BYTES:
                self._flush()

    def _flush(self, *, wait: bool = False) -> None:
        """Hand what is buffered to the bulk loader: in a background thread (pyoxigraph releases the
        GIL while it parses and loads N-Quads bytes) for new builds, synchronously when updating."""
        data = b"".join(self._pending_data)
        self._pending_data, self._pending_size = [], 0
        self._sync()
        if data:
            if self._seeded or wait:
                self._load(data)
                self._sync()
            else:
                self._loader = threading.Thread(target=self._load, args=(data,), name="omsgraph-bulk-load", daemon=True)
                self._loader.start()

    def _load(self, data: bytes) -> None:
        try:
            # bulk_load skips transactions: safe, as nobody reads a build before the swap. Lenient
            # skips re-validating IRIs (10-25 % of the loader's CPU): every IRI the encoder writes is a
            # validated NamedNode or a fixed prefix plus a hash (tests/test_roundtrip.py checks that
            # arbitrary input still gives N-Triples a strict parser accepts).
            self._store.bulk_load(data, format=RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError) as err:
            self._load_error = err

    def _sync(self) -> None:
        """Wait for a background load; raise what it failed with."""
        if self._loader is not None:
            self._loader.join()
            self._loader = None
        if self._load_error is not None:
            err, self._load_error = self._load_error, None
            raise StoreError(f"cannot write the store: {err}", path=str(self.build)) from err

    def add_documents(self, documents: Iterable[Document]) -> int:
        """Add the bibliographic triples of ``documents``; returns how many were added."""
        self._check_writable()
        count = 0
        for document in documents:
            self.add_encoded(encode(document, ()))
            count += 1
        return count

    def add_relations(self, relations: Iterable[Relation]) -> int:
        """Add relations (statement nodes and evidence; summaries are written at :meth:`close`)."""
        self._check_writable()
        return sum(self.add_encoded(batch) for batch in encode_relations(relations))

    def add_encoded(self, batch: EncodedBatch) -> int:
        """Add an :class:`~omsgraph.graph.batch.EncodedBatch` (made by a worker); returns its relation count."""
        self._check_writable()
        self._write_bytes(batch.data)
        for row in batch.entities:
            if row[0] not in self._entities_written:
                self._entities_written.add(row[0])
                has_label = self._seeded and self._has(NamedNode(row[0]), RDFS_LABEL)
                self._write_bytes(ntriples(entity_terms(entity_of(row), label=not has_label)))
        new_statements: list[TermTriple] = []
        for stmt, subject, predicate, obj, negated, evid, document, hedged, confidence in batch.evidence:
            aggregate = self._statements.get(stmt)
            if aggregate is None:
                aggregate = self._aggregate(stmt, (subject, predicate, obj, negated))
                # the statement node goes with the first evidence seen (streamed with the bulk loads),
                # not with the summaries at close, which run after the last document, on one core
                new_statements.extend(statement_terms(stmt, subject=subject, predicate=predicate, object=obj,
                                                      negated=negated))
            aggregate[4][evid] = (document, hedged, confidence)
        if new_statements:
            self._write_bytes(ntriples(new_statements))
        return batch.relations

    def _has(self, subject: NamedNode, predicate: NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(subject, predicate, None, _DEFAULT)), None) is not None

    def _objects(self, subject, predicate) -> list:
        return [q.object for q in self._store.quads_for_pattern(subject, predicate, None, _DEFAULT)]

    def _aggregate(self, stmt: str, parts: tuple[str, str, str, bool] | None = None) -> _Aggregate:
        aggregate = self._statements.get(stmt)
        if aggregate is not None:
            return aggregate
        evidence: dict[str, tuple[str, bool, float]] = {}
        node = NamedNode(stmt)
        if parts is None:
            found = [next(iter(self._objects(node, p)), None) for p in (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)]
            parts = (*(t.value if t is not None else None for t in found),
                     any(o.value == "true" for o in self._objects(node, NEGATED)))
        if self._seeded:
            for evid in self._objects(node, HAS_EVIDENCE):
                document = next(iter(self._objects(evid, EV_DOCUMENT)), None)
                hedged = any(o.value == "true" for o in self._objects(evid, HEDGED))
                confidence = next((float(o.value) for o in self._objects(evid, CONFIDENCE)), 0.5)
                evidence[evid.value] = (document.value if document else evid.value, hedged, confidence)
        aggregate = (*parts, evidence)
        self._statements[stmt] = aggregate
        return aggregate

    def remove_document(self, document_id: str) -> bool:
        """Drop a document, its evidence, and (at close) recompute the statements it supported."""
        self._check_writable()
        self._flush(wait=True)
        doc = document_iri(document_id)
        existed = self._has(doc, RDF_TYPE)
        doomed: list[Quad] = []
        for quad in list(self._store.quads_for_pattern(None, EV_DOCUMENT, doc, _DEFAULT)):
            evid = quad.subject
            for link in list(self._store.quads_for_pattern(None, HAS_EVIDENCE, evid, _DEFAULT)):
                self._aggregate(link.subject.value)[4].pop(evid.value, None)
                doomed.append(link)
            doomed.extend(self._store.quads_for_pattern(evid, None, None, _DEFAULT))
        for predicate in DOCUMENT_PARTS:
            for part in self._objects(doc, predicate):
                doomed.extend(self._store.quads_for_pattern(part, None, None, _DEFAULT))
        doomed.extend(self._store.quads_for_pattern(doc, None, None, _DEFAULT))
        for quad in doomed:
            self._store.remove(quad)
        return existed

    def close(self) -> None:
        """Write statement summaries (counts, confidence, hedged, plain triple); drop emptied statements."""
        if self._closed:
            return
        self._flush(wait=self._seeded)
        orphans: set[NamedNode] = set()
        summaries: list = []
        for stmt in sorted(self._statements):
            subject, predicate, obj, negated, evidence = self._statements[stmt]
            node, s, p, o = NamedNode(stmt), NamedNode(subject), NamedNode(predicate), NamedNode(obj)
            if self._seeded:
                for term in SUMMARY_PREDICATES:
                    for quad in list(self._store.quads_for_pattern(node, term, None, _DEFAULT)):
                        self._store.remove(quad)
                if not negated:
                    self._store.remove(Quad(s, p, o, _DEFAULT))
            if not evidence:
                for quad in list(self._store.quads_for_pattern(node, None, None, _DEFAULT)):
                    self._store.remove(quad)
                orphans.update((s, o))
                continue
            summaries.extend(summary_terms(stmt, subject=subject, predicate=predicate, object=obj,
                                           negated=negated, evidence=sorted(evidence.values())))
            if len(summaries) >= _SUMMARY_CHUNK:
                self._write_bytes(ntriples(summaries))
                summaries = []
        self._write_bytes(ntriples(summaries))
        self._flush(wait=True)
        for entity in orphans:
            if not self._has_any(None, RDF_SUBJECT, entity) and not self._has_any(None, RDF_OBJECT, entity):
                for quad in list(self._store.quads_for_pattern(entity, None, None, _DEFAULT)):
                    self._store.remove(quad)
        self._statements.clear()
        self._closed = True

    def _has_any(self, subject, predicate, obj) -> bool:
        return next(iter(self._store.quads_for_pattern(subject, predicate, obj, _DEFAULT)), None) is not None

    # ---- reading -------------------------------------------------------------------------

    def document_hashes(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Document id (``PMID:n`` …) → omsg:contentHash of those of ``document_ids`` the graph holds,
        for skipping known documents on ``add``."""
        result = self.query(document_hashes_query(document_ids))
        return {row["id"].value: (row["hash"].value if row["hash"] else "") for row in result}

    def query(self, sparql: str, *, substitutions: dict | None = None):
        """Run SPARQL (standard prefixes predeclared); returns pyoxigraph's result object."""
        from omsgraph.errors import QueryError

        try:
            return self.oxigraph.query(sparql, prefixes=namespaces(), substitutions=substitutions)
        except SyntaxError as err:
            raise QueryError(f"invalid SPARQL: {' '.join(str(err).split())}") from err
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise QueryError(f"query failed: {' '.join(str(err).split())}") from err

    def export(self, target, format: str = "turtle") -> None:
        """Write the graph as turtle|nt|jsonld|trig|tsv to a path or binary stream."""
        export_store(self, target, format=format)

    def dump(self, target, rdf_format: RdfFormat, *, prefixes: dict[str, str] | None = None) -> None:
        """Oxigraph's streamed dump: the data (default graph); datasets (TriG) also get the ontology's graph."""
        options = {} if rdf_format.supports_datasets else {"from_graph": _DEFAULT}
        self.oxigraph.dump(target, rdf_format, prefixes=prefixes, **options)

    def stats(self) -> dict:
        """Counts: documents, entities, relations (statements), evidence, triples, plus extras."""
        # len(self) counts with the store's index; SPARQL's COUNT(*) decodes every triple (1.1 s vs
        # 0.3 s on 1.3M triples).
        return store_stats(self, triples=len(self))

    def __len__(self) -> int:
        """Triples in the default graph (the ontology's named graph not counted)."""
        store = self.oxigraph
        return len(store) - sum(sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs())

    def __repr__(self) -> str:
        return f"GraphStore({os.fspath(self.graph_dir)!r}, build={self.build.name!r})"


__all__ = ["GraphStore", "ONTOLOGY_GRAPH"]
