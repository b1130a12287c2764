"""Opening files safely (gzip looked inside, streamed) and telling their format from content.

Only the first :data:`SNIFF_BYTES` of a file are read to choose a reader; the readers then
stream the file, so a gigabyte MEDLINE file is never loaded whole.

>>> detect_format_of_text("123|t|A title\\n123|a|An abstract.\\n")
'pubtator'
>>> detect_format_of_text("<?xml version='1.0'?><PubmedArticleSet></PubmedArticleSet>")
'pubmed-xml'
>>> detect_format_of_text('<collection><source>PubTator</source><document><id>1</id></document></collection>')
'bioc-xml'
>>> detect_format_of_text("Just a title\\n\\nSome prose.")
'text'
>>> normalise_format("nxml")
'jats'
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from omsgraph.errors import InputError

FORMATS = ("text", "html", "pubmed-xml", "jats", "pubtator", "bioc-xml", "bioc-json", "chemprot",
           "chemprot-annotations")
# Other names users give formats (--format medline, --format nxml ...).
ALIASES = {
    "txt": "text", "page": "text", "htm": "html", "pubmed": "pubmed-xml", "medline": "pubmed-xml",
    "xml": "pubmed-xml", "nxml": "jats", "pmc": "jats", "bioc": "bioc-xml", "biocxml": "bioc-xml",
    "biocjson": "bioc-json", "json": "bioc-json", "pubtator3": "pubtator",
}
SNIFF_BYTES = 64 * 1024
CHUNK = 1 << 20

_PUBTATOR = re.compile(r"^\d+\|[ta]\|", re.M)
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


def normalise_format(name: str | None, *, path: str | None = None) -> str | None:
    """The canonical format name for ``name`` (None stays None); InputError for unknown names."""
    if name is None:
        return None
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise InputError(f"unknown format {name!r} (known: {', '.join(FORMATS)})", path=path)
    return key


class _Checked:
    """A binary stream whose gzip/OS errors become a one-line InputError naming the file."""

    def __init__(self, raw: BinaryIO, path: Path, *, gzipped: bool) -> None:
        self.raw, self.path, self.gzipped = raw, path, gzipped

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes; fewer when that is what one underlying read gives (``read1``), so
        the data before a truncation point is returned before the error is raised."""
        try:
            if size > 0 and hasattr(self.raw, "read1"):
                return self.raw.read1(size)
            return self.raw.read(size)
        except EOFError as err:
            raise InputError("truncated gzip file (it ends before its end-of-stream marker); "
                             "the records before the cut were read", path=str(self.path)) from err
        except (OSError, zlib.error) as err:
            what = "corrupt gzip data" if self.gzipped else "cannot read"
            raise InputError(f"{what} ({getattr(err, 'strerror', None) or err})", path=str(self.path)) from err


@contextmanager
def open_stream(path: Path) -> Iterator[_Checked]:
    """The file's content as a binary stream, decompressed on the fly when it is gzip."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError as err:
        raise InputError("no such file or folder", path=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err
    try:
        magic = handle.read(2)
        handle.seek(0)
        gzipped = magic == b"\x1f\x8b"
        raw: BinaryIO = gzip.GzipFile(fileobj=handle, mode="rb") if gzipped else handle  # type: ignore[assignment]
        yield _Checked(raw, path, gzipped=gzipped)
    finally:
        handle.close()


def sniff(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` leading bytes of the (decompressed) content; InputError when there are none."""
    parts: list[bytes] = []
    got = 0
    with open_stream(path) as stream:
        try:
            while got < size:
                block = stream.read(size - got)
                if not block:
                    break
                parts.append(block)
                got += len(block)
        except InputError:
            if not parts:  # a truncated gzip with readable data is reported by the reader, after its records
                raise
    data = b"".join(parts)
    if not data.strip():
        raise InputError("empty file", path=str(path))
    return data


def check_text(head: bytes, path: Path) -> None:
    """Refuse binary content (InputError); text formats check their encoding while streaming."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text is not read; re-save the file as UTF-8", path=str(path))
    if b"\x00" in head[:4096]:
        raise InputError("binary file, not text (no reader for it)", path=str(path))
    sample = head[:4096].decode("utf-8", errors="replace")
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f") > 8:
        raise InputError("binary file, not text (no reader for it)", path=str(path))


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The whole (decompressed) file, for one-document formats; ``limit`` bounds the size read."""
    parts: list[bytes] = []
    total = 0
    with open_stream(path) as stream:
        while True:
            block = stream.read(CHUNK)
            if not block:
                break
            parts.append(block)
            total += len(block)
            if limit is not None and total > limit:
                raise InputError(f"file larger than {limit // (1 << 20)} MB for a one-document format", path=str(path))
    data = b"".join(parts)
    if not data.strip():
        raise InputError("empty file", path=str(path))
    return data


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text, refusing binary and other encodings with a clear message."""
    check_text(data[:SNIFF_BYTES], path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(data, err.start, path) from err


def _not_utf8(data: bytes, start: int, path: Path, *, base: int = 0) -> InputError:
    byte = data[start] if 0 <= start < len(data) else 0
    return InputError(f"not UTF-8 text (byte 0x{byte:02x} at offset {base + start}); re-save it as UTF-8",
                      path=str(path))


def iter_text_chunks(path: Path, size: int = CHUNK) -> Iterator[str]:
    """Decoded UTF-8 pieces of a text file (gzip allowed), streamed; InputError at the first bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    with open_stream(path) as stream:
        while True:
            block = stream.read(size)
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as err:
                raise _not_utf8(block, err.start, path, base=offset) from err
            offset += len(block)
            if text:
                yield text
            if not block:
                return


def iter_text_lines(path: Path) -> Iterator[str]:
    """Lines (without their newline) of a UTF-8 text file, streamed."""
    pending = ""
    for text in iter_text_chunks(path):
        lines = (pending + text).split("\n")
        pending = lines.pop()
        yield from lines
    if pending:
        yield pending


def detect_format_of_text(text: str) -> str:
    """Format name of (the beginning of) decoded content (see :data:`FORMATS`)."""
    head = text.lstrip("\ufeff \t\r\n")[:SNIFF_BYTES]
    low = head.lower()
    if head.startswith(("{", "[")):
        if '"documents"' in head or '"passages"' in head or '"pubtator3"' in low:
            return "bioc-json"
    if head.startswith("<"):
        if "<pubmedarticleset" in low or "<medlinecitationset" in low or "<pubmedarticle" in low \
                or "<pubmedbookarticle" in low:
            return "pubmed-xml"
        if "<collection" in low and ("<document" in low or "<source" in low):
            return "bioc-xml"
        if "<pmc-articleset" in low or re.search(r"<article[\s>]", low) and (
                "jats" in low or "<front" in low or "journal archiving" in low or "journal publishing" in low):
            return "jats"
        if "<html" in low or "<!doctype html" in low or "<body" in low:
            return "html"
    if _PUBTATOR.search(head[:4000]):
        return "pubtator"
    first = head.split("\n", 1)[0].rstrip("\r").split("\t")
    if first[0].strip().isdigit():
        if len(first) == 3:
            return "chemprot"             # PMID, title, abstract; entities in the file beside it
        if len(first) >= 4 and re.fullmatch(r"T\d+|CPR:\d+", first[1].strip()):
            return "chemprot-annotations"  # entities / relations / gold standard, read with the abstracts
    return "text"


def detect_format_of_bytes(head: bytes) -> str:
    """Format name of the leading bytes of a file (only ASCII markers matter, so any encoding works)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return detect_format_of_text(head.decode("utf-16", errors="replace"))
        except UnicodeError:  # pragma: no cover - errors="replace" does not raise
            return "text"
    return detect_format_of_text(head.decode("utf-8", errors="replace"))


__all__ = [
    "ALIASES", "FORMATS", "SNIFF_BYTES", "check_text", "decode", "detect_format_of_bytes", "detect_format_of_text",
    "iter_text_chunks", "iter_text_lines", "normalise_format", "open_stream", "read_bytes", "sniff",
]
