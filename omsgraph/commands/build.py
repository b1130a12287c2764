"""``omsgraph build`` and ``omsgraph add``: inputs -> documents -> relations -> graph folder.

Both write copy-on-write: a new build directory becomes current only when everything is
written, so an interrupted run leaves the earlier graph intact.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import click
from tqdm import tqdm

from omsgraph.errors import InputError
from omsgraph.model import BuildReport, Document
from omsgraph.pipeline import make_document_processor, process_documents

ENTITY_SOURCES = ("both", "vocabulary", "input")


def _input_options(func):
    """Options shared by build and add (kept in one place so both commands agree)."""
    options = [
        click.option("--format", "fmt", default=None, help="Input format for all files (default: detected from content)."),
        click.option("--strict", is_flag=True, help="Stop at the first bad file or record instead of skipping it."),
        click.option("--entities", type=click.Choice(ENTITY_SOURCES), default="both", show_default=True,
                     help="Entity mentions from omsgraph's vocabulary, from annotations in the input (PubTator, BioC), or both."),
        click.option("--vocab", "extra_vocab", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra vocabulary file (TSV or OBO); repeatable."),
        click.option("--broad/--no-broad", default=None,
                     help="Use the broad vocabularies (HGNC, MeSH, GO, MONDO, FamPlex) when installed (default: when installed)."),
        click.option("--workers", type=int, default=None, help="Extraction processes (default: number of cores)."),
        click.option("--dask", "dask_address", default=None, help="Dask scheduler address, or 'local' for a local cluster."),
        click.option("--endpoint", default=None, metavar="URL",
                     help="Write to this SPARQL 1.1 endpoint (SPARQL Update) instead of a graph folder."),
        click.option("--graph-store", "graph_store", default=None, metavar="URL",
                     help="With --endpoint: send the triples by the Graph Store HTTP Protocol to this URL (faster)."),
        click.option("--graph-iri", default=None, metavar="IRI",
                     help="With --endpoint or --nquads: the named graph written (default https://w3id.org/omsgraph/graph)."),
        click.option("--in-place", is_flag=True,
                     help="With --endpoint: write into the graph itself, not into a copy the store swaps in at the end "
                          "(for graphs too big to copy; a run killed midway then leaves part of its work)."),
        click.option("--pubmed-query", default=None, help="Also fetch the abstracts of this PubMed query (NCBI E-utilities)."),
        click.option("--max", "max_records", type=int, default=500, show_default=True, help="Most records fetched for --pubmed-query."),
        click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _ErrorLog:
    """Prints each bad file/record as one line and counts it; re-raises when strict."""

    def __init__(self, report: BuildReport, *, strict: bool) -> None:
        self.report, self.strict = report, strict

    def __call__(self, err: InputError) -> None:
        if self.strict:
            raise err
        self.report.skipped += 1
        self.report.errors.append(err.one_line())
        tqdm.write(f"omsgraph: skipped: {err.one_line()}", file=sys.stderr)


def _documents(inputs: Iterable[str], *, fmt: str | None, log: _ErrorLog, pubmed_query: str | None,
               max_records: int, workdir: Path) -> Iterator[Document]:
    from omsgraph.ingest import read_inputs

    paths = list(inputs)
    if pubmed_query:
        from omsgraph.ingest.eutils import fetch_pubmed

        out = workdir / "pubmed"
        fetch_pubmed(query=pubmed_query, out_dir=out, max_records=max_records)
        paths.append(str(out))
    yield from read_inputs(paths, format=fmt, strict=log.strict, on_error=log)


def _workers(requested: int | None) -> int:
    return max(1, requested if requested is not None else (os.cpu_count() or 1))


def _results(documents: Iterator[Document], *, processor, workers: int, dask: str | None, progress: bool | None):
    """Stream (document, EncodedBatch); small inputs stay in-process (a worker pool costs more than it saves)."""
    head: list[Document] = []
    for document in documents:
        head.append(document)
        if len(head) >= 64 * workers or dask:
            break
    if not head:
        # nothing new (an 'add' of known documents): no pipeline, vocabulary or worker is started
        return
    if workers > 1 and not dask and len(head) < 64 * workers:
        workers = 1
    documents = _chain(head, documents)
    bar = tqdm(unit="doc", desc="extracting", disable=None if progress is None else not progress, file=sys.stderr)
    try:
        for result in process_documents(documents, processor=processor, workers=workers, dask=dask, encoded=True):
            bar.update(1)
            yield result
    finally:
        bar.close()


def _chain(head: list[Document], rest: Iterator[Document]) -> Iterator[Document]:
    yield from head
    yield from rest


def _open_target(graph_dir: str | None, endpoint: str | None, *, update: bool, graph_store: str | None = None,
                 graph_iri: str | None = None, nquads: str | None = None, in_place: bool = False):
    if (graph_store or in_place) and not endpoint:
        raise click.UsageError(f"{'--graph-store' if graph_store else '--in-place'} goes with --endpoint")
    if graph_iri and not (endpoint or nquads):
        raise click.UsageError("--graph-iri goes with --endpoint or --nquads")
    if nquads:
        from omsgraph.graph.shards import NQuadsShards

        return NQuadsShards(nquads, graph_iri=graph_iri)
    if endpoint:
        from omsgraph.graph.remote import RemoteStore

        # SPARQL 1.1 endpoints take updates at the same URL (Virtuoso: /sparql-auth with credentials)
        return RemoteStore(endpoint, update_url=endpoint, gsp_url=graph_store, graph_iri=graph_iri, staged=not in_place)
    from omsgraph.graph import GraphStore

    return GraphStore.update(graph_dir) if update else GraphStore.create(graph_dir)


def _run(inputs, graph_dir, *, update: bool, fmt, strict, entities, extra_vocab, broad, workers, dask_address,
         endpoint, graph_store, graph_iri, in_place, pubmed_query, max_records, progress, nquads=None) -> BuildReport:
    if not inputs and not pubmed_query:
        raise click.UsageError("give at least one INPUT file or folder (or --pubmed-query)")
    if sum(map(bool, (graph_dir, endpoint, nquads))) != 1:
        raise click.UsageError("give one target: a graph folder (build: -o GRAPH_DIR), --endpoint URL or --nquads DIR")
    report = BuildReport()
    log = _ErrorLog(report, strict=strict)
    processor = make_document_processor(entities=entities, broad=broad, extra_vocab=extra_vocab)
    with tempfile.TemporaryDirectory(prefix="omsgraph-") as tmp:
        documents = _documents(inputs, fmt=fmt, log=log, pubmed_query=pubmed_query, max_records=max_records,
                               workdir=Path(tmp))
        target = _open_target(graph_dir, endpoint, update=update, graph_store=graph_store, graph_iri=graph_iri,
                              nquads=nquads, in_place=in_place)
        with target as store:
            if update and hasattr(store, "document_hashes"):
                documents = _new_or_changed(documents, store, report)
            for _, encoded in _results(documents, processor=processor, workers=_workers(workers),
                                       dask=dask_address, progress=progress):
                # The worker already turned the document and its relations into N-Triples bytes.
                report.relations += store.add_encoded(encoded)
                report.documents += 1
            if report.documents == 0 and not update:
                raise InputError("no document could be read; the earlier graph (if any) is unchanged",
                                 path=", ".join(map(str, inputs)) or pubmed_query)
    return report


def _new_or_changed(documents: Iterator[Document], store, report: BuildReport, *, lookup: int = 100):
    """Skip documents already in the graph unchanged; drop the old version of changed ones. The graph
    is asked about ``lookup`` documents at a time (memory and answers stay small on a huge graph)."""
    from omsgraph.graph import document_hash

    while part := list(islice(documents, lookup)):
        known = store.document_hashes(document.id for document in part)
        for document in part:
            old = known.get(document.id)
            if old is not None:
                if old == document_hash(document):
                    report.unchanged += 1
                    continue
                store.remove_document(document.id)
                report.replaced += 1
            yield document


def _summary(report: BuildReport, graph_dir: str | None, *, verb: str) -> str:
    parts = [f"{verb} {report.documents} document(s), {report.relations} relation(s)"]
    if report.unchanged:
        parts.append(f"{report.unchanged} unchanged")
    if report.replaced:
        parts.append(f"{report.replaced} replaced")
    if report.skipped:
        parts.append(f"{report.skipped} skipped")
    return ", ".join(parts) + (f" -> {graph_dir}" if graph_dir else "")


@click.command()
@click.argument("inputs", nargs=-1)
@click.option("-o", "--out", "graph_dir", type=click.Path(file_okay=False), help="Graph folder to write.")
@click.option("--nquads", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Instead of a graph folder, write the graph as N-Quads files for a triple store's bulk loader.")
@_input_options
def build(inputs, graph_dir, **options) -> None:
    """Build a graph from INPUT files and folders (formats detected from content).

    \b
    Examples:
      omsgraph build data -o graph
      omsgraph build abstracts.pubtator --entities input -o graph
      omsgraph build --pubmed-query "opsoclonus myoclonus" --max 200 -o graph
      omsgraph build medline/ --dask tcp://scheduler:8786 --nquads shards/
    """
    report = _run(inputs, graph_dir, update=False, **options)
    click.echo(_summary(report, graph_dir or options["nquads"], verb="built"))


@click.command()
@click.argument("graph_dir", required=False)
@click.argument("inputs", nargs=-1)
@_input_options
def add(graph_dir, inputs, **options) -> None:
    """Add INPUT documents to an existing graph; known documents are skipped, changed ones replaced.

    With --endpoint URL, leave GRAPH_DIR out: omsgraph add --endpoint URL INPUT...
    """
    if options["endpoint"] and graph_dir is not None:  # no folder with an endpoint: it was the first input
        graph_dir, inputs = None, (graph_dir, *inputs)
    elif graph_dir is not None and Path(graph_dir).is_file():
        raise click.UsageError(f"GRAPH_DIR {graph_dir!r} is a file: omsgraph add GRAPH_DIR INPUT...")
    report = _run(inputs, graph_dir, update=True, **options)
    click.echo(_summary(report, graph_dir, verb="added"))


commands = [build, add]
