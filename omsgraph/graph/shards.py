"""A graph as N-Quads files for a triple store's bulk loader (``omsgraph build --nquads DIR``).

For corpora too big to push through HTTP: workers (processes or Dask) extract, this writer
aggregates statements exactly as the embedded store does (each entity and statement node once,
evidence counts, documents, confidence and the plain triple written at :meth:`NQuadsShards.close`)
and writes ``part-00000.nq``, ``part-00001.nq`` … of about ``shard_bytes`` each, every triple in
one named graph, plus ``ontology.nq``: ``omsgraph.ttl`` in its own named graph, as a graph folder
keeps it (the classes and predicate definitions a reader's queries and SHACL shapes consult). Its
memory does not grow with the corpus: document and evidence triples go straight to the files,
and the rows the summaries need wait in 64 files by statement, aggregated one file at a time at
the end. Virtuoso loads them with ``ld_dir('DIR', '*.nq', NULL); rdf_loader_run();``,
Oxigraph with ``oxigraph load``. The files are written to a temporary folder beside DIR and moved
into place only when complete, so a failed or killed run leaves an earlier DIR as it was (what a
killed run leaves beside it, ``.DIR-<pid>-…``, the next run removes).

>>> import tempfile, pathlib
>>> from omsgraph.graph.batch import encode
>>> from omsgraph.model import Document, Entity, Evidence, Relation
>>> doc = Document(id="PMID:1", text="LY294002 inhibits PI3K.", pmid="1")
>>> rel = Relation(Entity("CHEBI:65329", "LY294002", "Chemical"), "inhibits",
...                Entity("FPLX:PI3K", "PI3K", "ProteinFamily"), Evidence("PMID:1", doc.text, 0, (0, 8), (18, 22), "svo"))
>>> out = pathlib.Path(tempfile.mkdtemp()) / "shards"
>>> with NQuadsShards(out) as shards:
...     shards.add_encoded(encode(doc, [rel]))
1
>>> [p.name for p in sorted(out.iterdir())]
['manifest.json', 'ontology.nq', 'part-00000.nq']
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
import zlib
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from omsgraph import __version__
from omsgraph.errors import StoreError
from omsgraph.graph.batch import EncodedBatch, entity_of
from omsgraph.graph.iris import ONTOLOGY_GRAPH_IRI, checked_graph_iri
from omsgraph.graph.layout import pid_alive
from omsgraph.graph.rdf import entity_terms, ntriples, statement_terms, summary_terms
from omsgraph.graph.vocabulary import ontology_file

_SHARD_BYTES = 256 << 20
# Evidence rows wait in this many files, by statement, until close() aggregates one file at a time:
# the writer's memory is bounded by a slice of the statements, not by the corpus (all of PubMed).
_PARTITIONS = 64


def _remove_dead_runs(directory: Path) -> None:
    """Remove what killed runs left beside ``directory``: ``.NAME-<pid>-…`` folders whose process is gone."""
    for leftover in directory.parent.glob(f".{glob.escape(directory.name)}-*"):
        pid = leftover.name[len(directory.name) + 2:].split("-", 1)[0]
        if leftover.is_dir() and pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _write_ontology(path: Path) -> int:
    """``omsgraph.ttl`` as N-Quads in :data:`~omsgraph.graph.iris.ONTOLOGY_GRAPH_IRI`; returns the quad count."""
    graph = NamedNode(ONTOLOGY_GRAPH_IRI)
    quads = [Quad(q.subject, q.predicate, q.object, graph)
             for q in parse(path=str(ontology_file("omsgraph.ttl")), format=RdfFormat.TURTLE)]
    serialize(quads, str(path), RdfFormat.N_QUADS)
    return len(quads)


class NQuadsShards:
    """Write-only graph target with the ``add_encoded`` / ``close`` API of the stores."""

    def __init__(self, directory: str | Path, *, graph_iri: str | None = None, shard_bytes: int = _SHARD_BYTES) -> None:
        self.directory = Path(directory)
        self.graph_iri = checked_graph_iri(graph_iri)
        self.shard_bytes = shard_bytes
        if self.directory.exists() and not self.directory.is_dir():
            raise StoreError("exists and is not a folder", path=str(self.directory))
        try:
            self.directory.parent.mkdir(parents=True, exist_ok=True)
            _remove_dead_runs(self.directory)
            self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.directory.name}-{os.getpid()}-", dir=self.directory.parent))
        except OSError as err:
            raise StoreError(f"cannot create a folder beside it: {err.strerror or err}", path=str(self.directory)) from err
        # N-Triples lines end in " .\n" (a newline inside a literal is escaped), so the graph goes in there
        self._graph_end = f" <{self.graph_iri}> .\n".encode()
        self._paths: list[Path] = []
        self._handle = None
        self._written = 0
        self.triples = 0
        self._entities: set[str] = set()
        self._rows_dir = self._tmp / ".evidence"
        self._rows: dict[int, object] = {}  # partition -> open text file of evidence rows
        self.documents = self.statements = self.evidence = 0
        self._closed = False

    def _write(self, data: bytes) -> None:
        if not data:
            return
        if self._handle is None or self._written >= self.shard_bytes:
            self._next_file()
        data = data.replace(b" .\n", self._graph_end)
        self._handle.write(data)
        self._written += len(data)
        self.triples += data.count(b"\n")

    def _next_file(self) -> None:
        if self._handle is not None:
            self._handle.close()
        path = self._tmp / f"part-{len(self._paths):05d}.nq"
        self._paths.append(path)
        self._handle = open(path, "wb")
        self._written = 0

    def add_encoded(self, batch: EncodedBatch) -> int:
        """Add one document's :class:`~omsgraph.graph.batch.EncodedBatch`; returns its relation count."""
        self._write(batch.data)
        self.documents += batch.documents
        fresh = [row for row in batch.entities if row[0] not in self._entities]
        for row in fresh:  # the first label seen wins, as in the embedded store
            self._entities.add(row[0])
            self._write(ntriples(entity_terms(entity_of(row))))
        for row in batch.evidence:
            # IRIs hold no tab or newline, so a row is one line of tab-separated fields
            self._row_file(zlib.crc32(row[0].encode()) % _PARTITIONS).write(
                "\t".join((*row[:4], "1" if row[4] else "0", *row[5:7], "1" if row[7] else "0", repr(float(row[8]))))
                + "\n")
        return batch.relations

    def _row_file(self, partition: int):
        handle = self._rows.get(partition)
        if handle is None:
            self._rows_dir.mkdir(exist_ok=True)
            handle = self._rows[partition] = open(self._rows_dir / f"{partition:02d}.tsv", "w", encoding="utf-8")
        return handle

    def _write_statements(self) -> None:
        """Per partition: each statement's node once and its summary from all its evidence (an
        evidence node seen twice, from a document given twice, counts once, as in the stores)."""
        for partition in sorted(self._rows):
            self._rows[partition].close()
            path = self._rows_dir / f"{partition:02d}.tsv"
            statements: dict[str, tuple[tuple[str, str, str, bool], dict[str, tuple[str, bool, float]]]] = {}
            with open(path, encoding="utf-8") as rows:
                for line in rows:
                    stmt, subject, predicate, obj, negated, evid, document, hedged, confidence = line.rstrip("\n").split("\t")
                    entry = statements.setdefault(stmt, ((subject, predicate, obj, negated == "1"), {}))
                    entry[1][evid] = (document, hedged == "1", float(confidence))
            path.unlink()
            for stmt in sorted(statements):
                (subject, predicate, obj, negated), evidence = statements[stmt]
                self._write(ntriples(statement_terms(stmt, subject=subject, predicate=predicate, object=obj,
                                                     negated=negated)
                                     + summary_terms(stmt, subject=subject, predicate=predicate, object=obj,
                                                     negated=negated, evidence=sorted(evidence.values()))))
                self.statements += 1
                self.evidence += len(evidence)
        self._rows.clear()
        shutil.rmtree(self._rows_dir, ignore_errors=True)

    def close(self) -> None:
        """Write the statement summaries, then move the finished files into place."""
        if self._closed:
            return
        self._closed = True
        try:
            self._write_statements()
            if self._handle is not None:
                self._handle.close()
            ontology = _write_ontology(self._tmp / "ontology.nq")
            manifest = {"format": "omsgraph-nquads", "omsgraph_version": __version__, "graph": self.graph_iri,
                        "documents": self.documents, "statements": self.statements,
                        "evidence": self.evidence, "quads": self.triples,
                        "files": [p.name for p in self._paths],
                        "ontology": {"file": "ontology.nq", "graph": ONTOLOGY_GRAPH_IRI, "quads": ontology}}
            (self._tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            self._swap()
        except OSError as err:
            self.discard()
            raise StoreError(f"cannot write the shards: {err.strerror or err}", path=str(self.directory)) from err

    def _swap(self) -> None:
        os.chmod(self._tmp, 0o755)  # mkdtemp makes it private; a store's loader may run as another user
        old = None
        if self.directory.exists():
            old = self.directory.with_name(f"{self._tmp.name}-old")
            os.replace(self.directory, old)
        os.replace(self._tmp, self.directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Drop what was written (an earlier DIR stays as it was)."""
        self._closed = True
        for handle in [self._handle, *self._rows.values()]:
            if handle is not None:
                handle.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> NQuadsShards:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


__all__ = ["NQuadsShards"]
