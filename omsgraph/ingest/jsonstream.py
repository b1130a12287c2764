"""Cutting a BioC JSON file into its documents while it streams (no JSON library loads it whole).

Accepted layouts: a BioC collection ``{"source": …, "documents": [doc, …]}``, a PubTator3
export ``{"PubTator3": [doc, …]}``, a bare list ``[doc, …]``, one document ``{"passages": …}``
and JSON Lines (one such value per line). The scanner only tracks strings and brackets, so a
document with bad JSON inside (a stray token) is still cut out cleanly and fails on its own
when it is parsed; unbalanced brackets end the file with one InputError.

>>> list(iter_json_documents(['{"source": "x", "documents": [{"id": "1"}, {"id": "2", "passages": []}]}'], source="c.json"))
[(1, '{"id": "1"}'), (2, '{"id": "2", "passages": []}')]
>>> list(iter_json_documents(['[{"id": "a"}]\\n{"id": "b", "passa', 'ges": []}'], source="c.json"))
[(1, '{"id": "a"}'), (2, '{"id": "b", "passages": []}')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from omsgraph.errors import InputError

DOCUMENT_KEYS = ("documents", "PubTator3")
MAX_DOCUMENT = 64 << 20      # characters
MAX_DEPTH = 10_000
_SPECIAL = re.compile(r'["{}\[\],:]')
_STRING_END = re.compile(r'["\\]')


def iter_json_documents(
    chunks: Iterable[str], *, source: str, keys: tuple[str, ...] = DOCUMENT_KEYS, max_document: int = MAX_DOCUMENT,
) -> Iterator[tuple[int, str | InputError]]:
    """``(number, raw JSON text)`` of each BioC document in a stream of text pieces.

    A document too large to hold comes as ``(number, InputError)`` instead, so the caller can
    report it and go on.
    """
    buf = ""
    i = 0                              # scan position in buf
    stack: list[str] = []              # open containers: "{", "[" or "D" (an array of documents)
    in_string = False
    string_start = 0
    last_string: str | None = None     # the last short string at depth 1 (a key of the top object)
    awaiting_value_of: str | None = None
    doc_start: int | None = None       # start of the document being cut out
    doc_depth = 0
    doc_too_big = False
    top_start: int | None = None       # start of a top-level object that may itself be a document
    top_is_document = False
    number = 0
    consumed = 0                       # characters dropped from the front of buf (for messages)

    for chunk in chunks:
        buf += chunk
        n = len(buf)
        while i < n:
            if in_string:
                found = _STRING_END.search(buf, i)
                if found is None:
                    i = n
                    break
                if buf[found.start()] == "\\":
                    if found.start() + 1 >= n:
                        i = found.start()
                        break
                    i = found.start() + 2
                    continue
                in_string = False
                i = found.end()
                if len(stack) == 1 and stack[0] == "{" and i - string_start < 80:
                    last_string = buf[string_start + 1: i - 1]
                continue
            found = _SPECIAL.search(buf, i)
            if found is None:
                i = n
                break
            at = found.start()
            char = buf[at]
            i = at + 1
            if char == '"':
                in_string, string_start = True, at
            elif char == ":":
                if len(stack) == 1 and stack[0] == "{":
                    awaiting_value_of = last_string
                    if last_string == "passages" and top_start is not None:
                        top_is_document = True
            elif char == ",":
                awaiting_value_of = None
            elif char in "{[":
                if len(stack) >= MAX_DEPTH:
                    raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", path=source)
                is_docs = char == "[" and (not stack or (len(stack) == 1 and stack[0] == "{"
                                                         and awaiting_value_of in keys))
                if char == "{" and stack and stack[-1] == "D" and doc_start is None:
                    doc_start, doc_depth, doc_too_big = at, len(stack), False
                if char == "{" and not stack:
                    top_start, top_is_document = at, False
                if is_docs and len(stack) == 1:
                    top_start = None  # a collection: its documents are cut out one by one
                stack.append("D" if is_docs else char)
                awaiting_value_of = None
            else:  # "}" or "]"
                if not stack or (char == "}") != (stack[-1] == "{"):
                    raise InputError(f"malformed JSON: unexpected {char!r} at character {consumed + at}", path=source)
                stack.pop()
                if doc_start is not None and len(stack) == doc_depth:
                    number += 1
                    if doc_too_big:
                        yield number, InputError(f"document larger than {max_document} characters; skipped",
                                                 path=source, record=f"record {number}")
                    else:
                        yield number, buf[doc_start: at + 1]
                    doc_start = None
                elif not stack and top_start is not None:
                    if top_is_document:
                        number += 1
                        yield number, buf[top_start: at + 1]
                    top_start = None
        # drop what is no longer needed
        keep = i
        for start in (doc_start, top_start, string_start if in_string else None):
            if start is not None:
                keep = min(keep, start)
        if doc_start is not None and i - doc_start > max_document:
            doc_too_big = True
            keep = i if not in_string else min(i, string_start)
            doc_start = keep  # keep scanning, but stop holding the document
        if top_start is not None and i - top_start > max_document:
            top_start = None
        if keep:
            buf = buf[keep:]
            consumed += keep
            i -= keep
            string_start -= keep
            if doc_start is not None:
                doc_start -= keep
            if top_start is not None:
                top_start -= keep
    if in_string or stack:
        raise InputError("the JSON ends inside a document (truncated file?); the documents before it were read",
                         path=source, record=f"record {number + 1}")


__all__ = ["DOCUMENT_KEYS", "iter_json_documents"]
