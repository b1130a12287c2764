"""Streaming XML files record by record, parsed with a hardened parser.

Large XML files (MEDLINE baseline, BioC collections, PMC article sets) are cut into records
(``<PubmedArticle>…</PubmedArticle>``, ``<document>…</document>``, ``<article>…</article>``)
while the bytes stream in, and each record is parsed on its own. So memory stays bounded by
the largest record, and a malformed record costs only itself: it is reported with its number
and identifier, and the records after it are still read. A record larger than
:data:`MAX_RECORD` is not kept in memory: its bytes are skipped up to its end tag, and it is
yielded as a RawRecord whose ``parse()`` reports it (file, record number, PMID, size).

Safety: a file whose prolog declares entities (``<!ENTITY``, the "billion laughs" and
external-entity tricks) is refused; records are parsed by lxml with entity resolution,
DTD loading and network access off and libxml2's size limits on.

>>> import io
>>> data = io.BytesIO(b"<set><rec>a<i>b</i></rec><rec>R & D</rec><rec>c</rec></set>")
>>> out = []
>>> for raw in iter_xml_records(data, ("rec",), source="x.xml"):
...     try:
...         out.append(inline_text(raw.parse()))
...     except InputError as err:
...         out.append(str(err).split(":")[0])
>>> out
['ab', 'x.xml [record 2]', 'c']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from omsgraph.errors import InputError

MAX_RECORD = 64 << 20          # a single record larger than this is reported and skipped
_READ = 256 << 10
_LONG = 1 << 20                # a record still open after this many bytes is collected in pieces
_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.S)
_XMLNS = re.compile(rb"""\sxmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*("[^"]*"|'[^']*')""")
_ENTITY_DECL = b"<!ENTITY"
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_SELF_CLOSING = re.compile(rb"[^>]*/>")
_ROOT_TAG = re.compile(rb"<[A-Za-z_][^>]*>")
_DECLARED = re.compile(rb"xmlns(?::[A-Za-z_][\w.-]*)?(?=\s*=)")


class _Readable(Protocol):
    def read(self, size: int = -1) -> bytes: ...


def hardened_parser(encoding: str | None = None) -> etree.XMLParser:
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, encoding=encoding)


def parse_bytes(data: bytes, *, source: str, record: str | None = None) -> etree._Element:
    """Parse a small XML document safely (entity declarations refused); InputError when malformed."""
    if _ENTITY_DECL in _prolog_of(data):
        raise InputError("XML entity declarations are refused (entity expansion / external entity risk)",
                         path=source, record=record)
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed XML ({err.msg})", path=source, record=record) from err
    except ValueError as err:
        raise InputError(f"cannot parse XML ({err})", path=source, record=record) from err
    if root is None:
        raise InputError("no XML element found", path=source, record=record)
    return root


def _prolog_of(data: bytes) -> bytes:
    """The bytes before the first element start tag (declaration, comments, DOCTYPE)."""
    match = _ELEMENT_START.search(data)
    return data[: match.start()] if match else data


@dataclass(frozen=True, slots=True)
class RawRecord:
    """The bytes of one record, with what is needed to parse it and to name it in errors."""

    data: bytes
    number: int                       # 1-based position in the file
    source: str
    encoding: str | None = None
    namespaces: bytes = b""           # xmlns declarations of the enclosing root element
    label: str | None = None          # e.g. "PMID 123", found cheaply in the bytes
    error: str | None = None          # why the record cannot be read (e.g. too large); data is empty then

    @property
    def where(self) -> str:
        return f"record {self.number}" + (f", {self.label}" if self.label else "")

    def parse(self) -> etree._Element:
        """The record's element; InputError (naming file and record) when it is malformed or too large."""
        if self.error:
            raise InputError(self.error, path=self.source, record=self.where)
        data = self.data
        if self.namespaces:
            end = data.find(b">")
            if end > 0:
                declared = set(_DECLARED.findall(data[:end]))
                extra = b"".join(m.group(0) for m in _XMLNS.finditer(self.namespaces)
                                 if _DECLARED.search(m.group(0)).group(0) not in declared)
                cut = end - 1 if data[end - 1:end] == b"/" else end
                data = data[:cut] + extra + data[cut:]
        try:
            element = etree.fromstring(data, hardened_parser(self.encoding))
        except etree.XMLSyntaxError as err:
            raise InputError(f"malformed XML ({err.msg}); record skipped", path=self.source, record=self.where) from err
        except (ValueError, LookupError) as err:
            raise InputError(f"cannot parse record ({err}); record skipped", path=self.source, record=self.where) from err
        if element is None:
            raise InputError("empty record", path=self.source, record=self.where)
        return element


def iter_xml_records(
    stream: _Readable,
    tags: Iterable[str],
    *,
    source: str,
    label: re.Pattern[bytes] | None = None,
    label_format: str = "{}",
    max_record: int = MAX_RECORD,
) -> Iterator[RawRecord]:
    """The records (elements named one of ``tags``) of an XML stream, in order, as raw bytes.

    Raises InputError for problems of the whole file (entity declarations, UTF-16, a record
    cut off by the end of the file); the records before it have been yielded by then. A record
    over ``max_record`` bytes comes as a RawRecord with ``error`` set, and reading goes on after it.
    """
    names = b"|".join(re.escape(t.encode("ascii")) for t in tags)
    start_tag = re.compile(rb"<(" + names + rb")(?=[\s/>])")
    end_tags: dict[bytes, re.Pattern[bytes]] = {}
    buf = b""
    pos = 0                   # scan position in buf
    eof = False
    number = 0
    prolog_done = False
    encoding: str | None = None
    namespaces = b""
    keep = max(len(t) for t in tags) + 3

    def fill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        block = stream.read(_READ)
        if not block:
            eof = True
            return False
        buf = buf[pos:] + block
        pos = 0
        return True

    fill()
    if buf[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in buf[:4]:
        raise InputError("UTF-16/UTF-32 XML is not read; re-save it as UTF-8", path=source)
    while True:
        match = start_tag.search(buf, pos)
        if match is None:
            if not prolog_done:
                _check_prolog(buf, source)
            pos = max(pos, len(buf) - keep)
            if not fill():
                break
            continue
        if not prolog_done:
            prolog = buf[: match.start()]
            _check_prolog(prolog, source)
            found = _DECL_ENCODING.search(prolog[:200])
            encoding = found.group(1).decode("ascii") if found else None
            if encoding and encoding.lower().replace("-", "").replace("_", "") in ("utf16", "utf32", "ucs2", "ucs4",
                                                                                      "utf16le", "utf16be"):
                raise InputError(f"{encoding} XML is not read; re-save it as UTF-8", path=source)
            root_start = _ROOT_TAG.search(prolog)
            namespaces = b" ".join(m.group(0) for m in _XMLNS.finditer(root_start.group(0))) if root_start else b""
            prolog_done = True
        name = match.group(1)
        end_tag = end_tags.get(name) or end_tags.setdefault(name, re.compile(rb"</" + re.escape(name) + rb"\s*>"))
        start = match.start()
        search_from = match.end()
        self_closing = _SELF_CLOSING.match(buf, match.end())
        if self_closing and b"<" not in buf[match.end():self_closing.end()]:
            pos = self_closing.end()
            continue
        long_record = False
        while True:
            closing = end_tag.search(buf, search_from)
            if closing is not None:
                break
            search_from = max(search_from, len(buf) - len(name) - 4)
            if len(buf) - start > _LONG and not eof:
                long_record = True     # collected in pieces below: re-joining a growing buffer is quadratic
                break
            relative_start, relative_from = start - pos, search_from - pos
            if not fill():
                number += 1
                found_label = _label(buf[start:], label, label_format)
                raise InputError("the file ends inside a record (truncated file?); the records before it were read",
                                 path=source, record=f"record {number}" + (f", {found_label}" if found_label else ""))
            start, search_from = relative_start, relative_from
        number += 1
        if long_record:
            first = buf[start:]
            found_label = _label(first, label, label_format)
            pieces, rest, size, closed = _read_long_record(stream, first, end_tag, len(name) + 40, max_record)
            buf, pos = rest, 0
            if not closed:
                eof = True
                raise InputError("the file ends inside a record (truncated file?); the records before it were read",
                                 path=source, record=f"record {number}" + (f", {found_label}" if found_label else ""))
            if pieces is None:
                yield RawRecord(b"", number, source, encoding, namespaces, found_label,
                                error=f"record of {size / (1 << 20):.0f} MB is larger than the {max_record >> 20} MB "
                                      f"limit; record skipped")
            else:
                yield RawRecord(b"".join(pieces), number, source, encoding, namespaces, found_label)
            continue
        data = buf[start: closing.end()]
        pos = closing.end()
        yield RawRecord(data, number, source, encoding, namespaces, _label(data, label, label_format))


def _read_long_record(stream: _Readable, first: bytes, end_tag: re.Pattern[bytes], overlap: int,
                      max_record: int) -> tuple[list[bytes] | None, bytes, int, bool]:
    """Read on to the end tag of a record that began with ``first`` (which holds no end tag).

    Returns (the record's pieces, or None once it passed ``max_record`` bytes and was no
    longer kept; the bytes after it; its size; whether its end tag was found).
    """
    pieces: list[bytes] | None = [first]
    size = len(first)
    tail = first[-overlap:]
    while True:
        block = stream.read(_READ)
        if not block:
            return pieces, b"", size, False
        window = tail + block
        closing = end_tag.search(window)
        used = max(0, closing.end() - len(tail)) if closing else len(block)
        size += used
        if pieces is not None:
            if size > max_record:
                pieces = None
            else:
                pieces.append(block[:used] if closing else block)
        if closing:
            return pieces, block[used:], size, True
        tail = window[-overlap:]


def _label(data: bytes, pattern: re.Pattern[bytes] | None, label_format: str) -> str | None:
    if pattern is None:
        return None
    found = pattern.search(data[:200_000])
    if not found:
        return None
    return label_format.format(found.group(1).decode("utf-8", errors="replace").strip()[:80])


def _check_prolog(data: bytes, source: str) -> None:
    if _ENTITY_DECL in data:
        raise InputError("XML entity declarations are refused (entity expansion / external entity risk)", path=source)


# ---- text of mixed-content elements ------------------------------------------------------

# Elements that start a new block: their text is separated from its neighbours by a space.
BLOCK_TAGS = frozenset({
    "p", "title", "label", "caption", "list-item", "td", "th", "tr", "sec", "AbstractText", "text",
    "def", "term", "disp-quote", "li", "br", "div",
})
_NO_TEXT = frozenset({"tex-math", "annotation"})   # TeX and MathML annotations: not prose


def local_name(element: etree._Element) -> str:
    """The element name without namespace (``{ns}math`` → ``math``)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def inline_text(element: etree._Element | None, *, skip: frozenset[str] = frozenset()) -> str:
    """All text of ``element``, whitespace-normalised; inline markup (<i>, <sub>, <sup>) does not split words.

    Children named in ``skip`` are left out (their tail text is kept).

    >>> inline_text(etree.fromstring("<t>the &#946;<sub>2</sub>-agonist <i>in vivo</i></t>"))
    'the β2-agonist in vivo'
    >>> inline_text(etree.fromstring("<t><p>one</p><p>two</p></t>"))
    'one two'
    """
    if element is None:
        return ""
    if not len(element):   # a leaf (most calls): its own text
        tag = element.tag
        if not isinstance(tag, str) or tag.rsplit("}", 1)[-1] in skip | _NO_TEXT:
            return ""
        return " ".join(element.text.split()) if element.text else ""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        name = local_name(node)
        if closing:
            if name in BLOCK_TAGS:
                parts.append(" ")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if name in skip or name in _NO_TEXT or not isinstance(node.tag, str):
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if name in BLOCK_TAGS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        for child in reversed(node):
            stack.append((child, False))
    return " ".join("".join(parts).split())


__all__ = ["BLOCK_TAGS", "MAX_RECORD", "RawRecord", "hardened_parser", "inline_text", "iter_xml_records",
           "local_name", "parse_bytes"]
