"""What every reader shares: the error callback and the per-record guard (plus the atomic file
write the downloader uses, so a half-written file is never read as input).

A reader turns each record into a Document inside :func:`guard`: whatever goes wrong with
one record (malformed XML, a missing field, offsets outside the text, an unexpected type)
becomes one InputError naming the file and the record, handed to ``on_error``; the reader
then goes on with the next record. Only InputError ever leaves a reader.

>>> errors = []
>>> guard(lambda: int("x"), source="a.xml", where="record 2, PMID 7", on_error=errors.append) is None
True
>>> str(errors[0])
"a.xml [record 2, PMID 7]: cannot read record (ValueError: invalid literal for int() with base 10: 'x'); record skipped"
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from omsgraph.errors import InputError

OnError = Callable[[InputError], None]
T = TypeVar("T")

# Exceptions a converter may raise on odd input; anything else is a bug and propagates.
RECORD_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, OverflowError,
                 UnicodeError, LookupError)


def report(err: InputError, on_error: OnError | None) -> None:
    """Hand ``err`` to ``on_error``, or raise it when there is none (strict reading)."""
    if on_error is None:
        raise err
    on_error(err)


def guard(convert: Callable[[], T], *, source: str, where: str | None, on_error: OnError | None) -> T | None:
    """``convert()``, or None after reporting why this record cannot be read."""
    try:
        return convert()
    except InputError as err:
        if err.path is None:
            err = InputError(err.message, path=source, record=err.record or where)
        elif err.record is None and where:
            err = InputError(err.message, path=err.path, record=where)
        report(err, on_error)
    except RECORD_ERRORS as err:
        report(InputError(f"cannot read record ({type(err).__name__}: {err}); record skipped", path=source,
                          record=where), on_error)
    return None


__all__ = ["OnError", "RECORD_ERRORS", "guard", "report"]


def document_id(*, pmid: str | None, doi: str | None, pmcid: str | None, fallback: str) -> str:
    """A document's CURIE: PMID, else DOI, else PMCID, else a hash of ``fallback`` (its text or origin).

    >>> document_id(pmid=None, doi="10.1/x", pmcid="PMC1", fallback="text")
    'DOI:10.1/x'
    """
    if pmid:
        return f"PMID:{pmid}"
    if doi:
        return f"DOI:{doi}"
    if pmcid:
        return f"PMC:{pmcid}"
    return "HASH:" + hashlib.sha1(fallback.encode("utf-8")).hexdigest()[:16]


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a hidden part file in the same folder, then rename it.

    >>> import tempfile as t; folder = Path(t.mkdtemp())
    >>> write_atomically(folder / "a.xml", b"<x/>").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'<x/>', ['a.xml'])
    """
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix="".join(target.suffixes[-2:]))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
