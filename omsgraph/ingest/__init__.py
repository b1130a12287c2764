"""The ingest stage: files and folders -> Documents, format detected from content.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.pubtator").write_text("1|t|T\\n1|a|Wortmannin inhibits PI3K.\\n", encoding="utf-8")
>>> [d.id for d in read_inputs([folder])]
['PMID:1']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from omsgraph.errors import InputError
from omsgraph.ingest.detect import FORMATS, decode, detect_format_of_text, read_bytes
from omsgraph.ingest.formats import read_html, read_pubmed_xml, read_pubtator
from omsgraph.ingest.pages import read_page
from omsgraph.model import Document

__all__ = ["FORMATS", "detect_format", "read_inputs"]


def detect_format(path: str | Path) -> str:
    """The format name of a file, from its content (gzip is looked inside)."""
    path = Path(path)
    return detect_format_of_text(decode(read_bytes(path), path))


def _files(paths: Iterable[str | Path], on_error: Callable[[InputError], None]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            yield path
        else:
            on_error(InputError("no such file or folder", path=str(path)))


def _read_file(path: Path, fmt: str | None, on_error) -> Iterator[Document]:
    data = read_bytes(path)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})", path=str(path))
    if fmt == "html":
        yield read_html(data, source=str(path))
        return
    text = decode(data, path)
    fmt = fmt or detect_format_of_text(text)
    if fmt == "pubtator":
        yield from read_pubtator(text, source=str(path), on_error=on_error)
    elif fmt == "pubmed-xml":
        yield from read_pubmed_xml(text.encode("utf-8"), source=str(path), on_error=on_error)
    elif fmt == "html":
        yield read_html(data, source=str(path))
    elif fmt == "text":
        document = read_page(text, source=str(path))
        if not document.text.strip():
            raise InputError("no prose found (is this a page of lists only?)", path=str(path))
        yield document
    else:
        raise InputError(f"{fmt} files are recognised but not read by this version", path=str(path))


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

    for path in _files(paths, report):
        try:
            yield from _read_file(path, format, report)
        except InputError as err:
            report(err)
