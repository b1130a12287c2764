"""Glue between the stages: documents -> annotated Docs -> relations -> graph store.

This module (with the CLI and the server) is the only place that combines stages. The
per-document work is wrapped in :class:`DocumentProcessor`, a picklable factory, so worker
processes and Dask workers build their NLP pipeline once and run exactly what ``build``
runs in-process.

>>> from omsgraph.model import Document
>>> process = make_document_processor(broad=False)()
>>> doc, relations = process(Document(id="HASH:1", text="LY294002 inhibits PI3K."))
>>> [(r.subject.label, r.predicate, r.object.label) for r in relations]
[('LY294002', 'inhibits', 'PI3K')]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from omsgraph.model import Document, Relation

ProcessResult = tuple[Document, list[Relation]]


@dataclass(frozen=True)
class DocumentProcessor:
    """Picklable recipe for the per-document work; calling it builds the pipeline once.

    ``entities`` chooses where entity mentions come from: ``"vocabulary"`` (omsgraph's
    NER), ``"input"`` (annotations that came with the file, e.g. PubTator) or ``"both"``.
    With ``encoded=True`` the functions return, instead of ``(document, relations)``, the
    document's :class:`~omsgraph.graph.batch.EncodedBatch` (its RDF as N-Triples bytes plus the
    tuples the writer aggregates): cheap to send back from a worker process, and the RDF is made
    where the work is spread, not in the single writer.
    """

    entities: str = "both"
    broad: bool | None = None
    extra_vocab: tuple[str, ...] = ()
    encoded: bool = False

    def _setup(self):
        from omsgraph.extract import extract_relations, load_rules
        from omsgraph.nlp import annotate, load_pipeline

        nlp = load_pipeline(broad=self.broad, extra_vocab=tuple(Path(p) for p in self.extra_vocab))
        rules = load_rules()
        entities = self.entities
        if self.encoded:
            from omsgraph.graph.batch import encode
        else:
            def encode(document, relations):
                return document, relations

        def run(documents: Sequence[Document]) -> list:
            return [
                encode(document, extract_relations(doc, document=document, rules=rules))
                for document, doc in annotate(documents, nlp, entities=entities)
            ]

        return run

    def __call__(self) -> Callable[[Document], ProcessResult]:
        run = self._setup()

        def process(document: Document) -> ProcessResult:
            (result,) = run([document])
            return result

        return process

    def batch(self) -> Callable[[Sequence[Document]], list[ProcessResult]]:
        """A function processing a batch of documents with ``nlp.pipe`` (faster than one by one)."""
        return self._setup()


def make_document_processor(
    *, entities: str = "both", broad: bool | None = None, extra_vocab: Iterable[str | Path] = ()
) -> DocumentProcessor:
    """The factory workers call to get ``process(document) -> (document, relations)``."""
    return DocumentProcessor(entities=entities, broad=broad, extra_vocab=tuple(str(p) for p in extra_vocab))


def process_documents(
    documents: Iterable[Document],
    *,
    processor: DocumentProcessor,
    workers: int = 1,
    dask: str | None = None,
    batch_size: int = 64,
    encoded: bool = False,
) -> Iterator[tuple[Document, Any]]:
    """Run extraction over ``documents``: in this process, on ``workers`` processes, or on Dask.

    ``dask`` is a scheduler address, or ``"local"`` for a local cluster on loopback.
    Results come back in input order as ``(document, relations)``, or ``(document, EncodedBatch)``
    with ``encoded=True`` (what a graph store's ``add_encoded`` takes; workers then send back only
    the encoded batch, the document is the one read here).

    >>> from omsgraph.model import Document
    >>> docs = [Document(id="HASH:1", text="LY294002 inhibits PI3K.")]
    >>> [(d.id, b.relations) for d, b in process_documents(docs, processor=make_document_processor(broad=False), encoded=True)]
    [('HASH:1', 1)]
    """
    if encoded != processor.encoded:
        processor = replace(processor, encoded=encoded)
    if dask or workers > 1:
        from omsgraph.parallel import map_documents, map_documents_dask

        sent: deque[Document] = deque()

        def remember(items: Iterable[Document]) -> Iterator[Document]:
            for document in items:
                sent.append(document)
                yield document

        if dask:
            scheduler = None if dask == "local" else dask
            results = map_documents_dask(remember(documents), make_worker=processor, scheduler=scheduler)
        else:
            results = map_documents(remember(documents), make_worker=processor, workers=workers)
        for result in results:
            document = sent.popleft()
            yield (document, result) if encoded else (document, result[1])
        return
    process_batch = processor.batch()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _pairs(batch, process_batch(batch), encoded)
            batch = []
    if batch:
        yield from _pairs(batch, process_batch(batch), encoded)


def _pairs(documents: Sequence[Document], results: list, encoded: bool) -> Iterator[tuple[Document, Any]]:
    if not encoded:
        return iter(results)
    return zip(documents, results)
