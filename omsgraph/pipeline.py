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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from omsgraph.model import Document, Relation

ProcessResult = tuple[Document, list[Relation]]


@dataclass(frozen=True)
class DocumentProcessor:
    """Picklable recipe for the per-document work; calling it builds the pipeline once.

    ``entities`` chooses where entity mentions come from: ``"vocabulary"`` (omsgraph's
    NER), ``"input"`` (annotations that came with the file, e.g. PubTator) or ``"both"``.
    """

    entities: str = "both"
    broad: bool | None = None
    extra_vocab: tuple[str, ...] = ()

    def __call__(self) -> Callable[[Document], ProcessResult]:
        from omsgraph.extract import extract_relations, load_rules
        from omsgraph.nlp import annotate, load_pipeline

        nlp = load_pipeline(broad=self.broad, extra_vocab=tuple(Path(p) for p in self.extra_vocab))
        rules = load_rules()
        entities = self.entities

        def process(document: Document) -> ProcessResult:
            (annotated,) = [doc for _, doc in annotate([document], nlp, entities=entities)]
            return document, extract_relations(annotated, document=document, rules=rules)

        return process

    def batch(self) -> Callable[[Sequence[Document]], list[ProcessResult]]:
        """A function processing a batch of documents with ``nlp.pipe`` (faster in one process)."""
        from omsgraph.extract import extract_relations, load_rules
        from omsgraph.nlp import annotate, load_pipeline

        nlp = load_pipeline(broad=self.broad, extra_vocab=tuple(Path(p) for p in self.extra_vocab))
        rules = load_rules()
        entities = self.entities

        def process_batch(documents: Sequence[Document]) -> list[ProcessResult]:
            return [
                (document, extract_relations(doc, document=document, rules=rules))
                for document, doc in annotate(documents, nlp, entities=entities)
            ]

        return process_batch


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
) -> Iterator[ProcessResult]:
    """Run extraction over ``documents``: in this process, on ``workers`` processes, or on Dask.

    ``dask`` is a scheduler address, or ``"local"`` for a local cluster on loopback.
    Results come back in input order.
    """
    if dask:
        from omsgraph.parallel import map_documents_dask

        scheduler = None if dask == "local" else dask
        yield from map_documents_dask(documents, make_worker=processor, scheduler=scheduler)
        return
    if workers > 1:
        from omsgraph.parallel import map_documents

        yield from map_documents(documents, make_worker=processor, workers=workers)
        return
    process_batch = processor.batch()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from process_batch(batch)
            batch = []
    if batch:
        yield from process_batch(batch)
