"""The ingest stage: files and folders -> Documents, format detected from content.

Readers (format names in :data:`FORMATS`; ``--format`` overrides detection):

- ``pubmed-xml``: PubMed efetch ``PubmedArticleSet`` and MEDLINE baseline files (gzip too),
  streamed record by record (:mod:`omsgraph.ingest.pubmed`); the ELink cited-by file beside
  one (``a.elink.xml`` for ``a.xml``, :mod:`omsgraph.ingest.elink`) is read with it;
- ``jats``: PMC full text ``.nxml`` / ``<pmc-articleset>`` (:mod:`omsgraph.ingest.jats`);
- ``bioc-xml``, ``bioc-json``: BioC collections, PubTator3 exports (:mod:`omsgraph.ingest.bioc`);
- ``pubtator``: title/abstract lines with optional mention and relation lines;
- ``chemprot``: ChemProt ``PMID<TAB>title<TAB>abstract`` files, the ``*_entities.tsv`` beside them
  as mentions (:mod:`omsgraph.ingest.chemprot`); the annotation files themselves are skipped;
- ``text``, ``html``: saved pages (:mod:`omsgraph.ingest.pages`).

Large files are streamed (constant memory); a bad record is reported through ``on_error``
as one InputError naming the file and the record, and the rest of the file is read.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.pubtator").write_text("1|t|T\\n1|a|Wortmannin inhibits PI3K.\\n", encoding="utf-8")
>>> [d.id for d in read_inputs([folder])]
['PMID:1']
>>> detect_format(folder / "a.pubtator")
'pubtator'
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.ingest.base import OnError
from omsgraph.ingest.chemprot import read_chemprot_text
from omsgraph.ingest.bioc import read_bioc_json_chunks, read_bioc_xml_stream
from omsgraph.ingest.detect import (
    FORMATS, check_text, decode, detect_format_of_bytes, iter_text_chunks, iter_text_lines, normalise_format,
    open_stream, read_bytes, sniff,
)
from omsgraph.ingest.elink import is_elink_result, is_link_file, link_file_for, read_cited_by
from omsgraph.ingest.formats import read_html, read_pubtator
from omsgraph.ingest.jats import read_jats_stream
from omsgraph.ingest.pages import read_page
from omsgraph.ingest.pubmed import read_pubmed_stream
from omsgraph.model import Document

__all__ = ["FORMATS", "detect_format", "read_file", "read_inputs"]

# One-document formats are read whole; this bounds what that may cost.
PAGE_LIMIT = 64 << 20


def detect_format(path: str | Path) -> str:
    """The format name of a file, from its first bytes (gzip is looked inside)."""
    path = Path(path)
    return detect_format_of_bytes(sniff(path))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, one directory listing at a time; hidden names skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _files(paths: Iterable[str | Path], on_error: Callable[[InputError], None]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            on_error(InputError("no such file or folder", path=str(path)))


def _read_page_file(path: Path) -> Iterator[Document]:
    text = decode(read_bytes(path, limit=PAGE_LIMIT), path)
    _refuse_other_json(text, path)
    document = read_page(text, source=str(path))
    if not document.text.strip():
        raise InputError("no prose found (is this a page of lists only?)", path=str(path))
    yield document


def _refuse_other_json(text: str, path: Path) -> None:
    """A JSON file that is not BioC would otherwise be read as prose, braces and keys included.

    A text abstract may open with a bracket ("[Opsoclonus in adults]. …"), so only content that
    parses as JSON whole is refused.
    """
    if not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return
    try:
        json.loads(text)
    except ValueError:
        return
    raise InputError('JSON, but not BioC JSON (no "documents" or "passages"); '
                     "convert it to text, PubTator or BioC", path=str(path))


def read_file(path: str | Path, *, format: str | None = None, on_error: OnError | None = None) -> Iterator[Document]:
    """Documents of one file; record errors go to ``on_error`` (raised when None), file errors are raised."""
    path = Path(path)
    source = str(path)
    fmt = normalise_format(format, path=source)
    head = sniff(path)
    fmt = fmt or detect_format_of_bytes(head)
    if fmt in ("pubtator", "bioc-json", "text"):
        check_text(head, path)
    if fmt == "chemprot-annotations" or is_link_file(path) or is_elink_result(head):
        return  # read together with the abstracts file they annotate / the PubMed file they link
    if fmt == "chemprot":
        yield from read_chemprot_text(decode(read_bytes(path, limit=PAGE_LIMIT), path), source=source,
                                      on_error=on_error)
    elif fmt == "html":
        yield read_html(read_bytes(path, limit=PAGE_LIMIT), source=source)
    elif fmt == "text":
        yield from _read_page_file(path)
    elif fmt == "pubtator":
        yield from read_pubtator(iter_text_lines(path), source=source, on_error=on_error)
    elif fmt == "bioc-json":
        yield from read_bioc_json_chunks(iter_text_chunks(path), source=source, on_error=on_error)
    else:
        reader = {"pubmed-xml": read_pubmed_stream, "jats": read_jats_stream, "bioc-xml": read_bioc_xml_stream}[fmt]
        if fmt == "pubmed-xml":
            reader = partial(read_pubmed_stream, cited_by=_cited_by_beside(path, on_error))
        reported = []

        def record_error(err: InputError) -> None:
            reported.append(err)
            if on_error is None:
                raise err
            on_error(err)

        count = 0
        with open_stream(path) as stream:
            for document in reader(stream, source=source, on_error=record_error):
                count += 1
                yield document
        if count == 0 and not reported:
            raise InputError(f"no {fmt} record found in this file", path=source)


def _cited_by_beside(path: Path, on_error: OnError | None) -> dict[str, tuple[str, ...]] | None:
    """The cited-by links of the ELink file beside a PubMed file; a bad one is reported, not used."""
    link_file = link_file_for(path)
    if not link_file.is_file():
        link_file = link_file.with_name(link_file.name + ".gz")   # a folder gzipped afterwards
        if not link_file.is_file():
            return None
    try:
        return read_cited_by(link_file)
    except InputError as err:
        if on_error is None:
            raise
        on_error(InputError(f"{err.message}; cited-by links not read", path=err.path, record=err.record))
        return None


def read_inputs(
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Document]:
    """Documents of every file under ``paths``; bad files/records go to ``on_error`` and are skipped."""

    def report(err: InputError) -> None:
        if strict or on_error is None:
            raise err
        on_error(err)

    normalise_format(format)  # an unknown --format is a usage error before any file is read
    for path in _files(paths, report):
        try:
            yield from read_file(path, format=format, on_error=report)
        except InputError as err:
            report(err)
