"""Reading raw files safely and telling their format from content, not from the file name.

>>> detect_format_of_text("123|t|A title\\n123|a|An abstract.\\n")
'pubtator'
>>> detect_format_of_text("<?xml version='1.0'?><PubmedArticleSet></PubmedArticleSet>")
'pubmed-xml'
>>> detect_format_of_text("Just a title\\n\\nSome prose.")
'text'
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from omsgraph.errors import InputError

FORMATS = ("text", "html", "pubmed-xml", "jats", "pubtator", "bioc-xml", "bioc-json")

_PUBTATOR = re.compile(r"^\d+\|[ta]\|", re.M)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is gzip; one-line InputError for the usual problems."""
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(f"corrupt or truncated gzip file ({err})", path=str(path)) from err
    if not data.strip():
        raise InputError("empty file", path=str(path))
    return data


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text, refusing binary and other encodings with a clear message."""
    if b"\x00" in data[:4096]:
        raise InputError("binary file, not text (no reader for it)", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); re-save it as UTF-8",
                         path=str(path)) from err
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise InputError("binary file, not text (no reader for it)", path=str(path))
    return text


def detect_format_of_text(text: str) -> str:
    """Format name of decoded content (see :data:`FORMATS`)."""
    head = text.lstrip()[:4000]
    low = head.lower()
    if head.startswith(("{", "[")) and '"documents"' in head or head.startswith("[") and '"passages"' in head:
        return "bioc-json"
    if head.startswith("<"):
        if "<pubmedarticleset" in low or "<medlinecitationset" in low or "<pubmedarticle" in low:
            return "pubmed-xml"
        if "<collection" in low and "<document" in low:
            return "bioc-xml"
        if "<article" in low and ("jats" in low or "<front" in low):
            return "jats"
        if "<html" in low or "<!doctype html" in low or "<body" in low:
            return "html"
    if _PUBTATOR.search(head):
        return "pubtator"
    return "text"
