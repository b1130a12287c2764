"""One exception tree for omsgraph.

Every error a user can cause is an :class:`OmsGraphError`; the command line turns it
into a single line naming the file (and record) and the problem.

>>> err = InputError("empty file", path="a.txt")
>>> str(err)
'a.txt: empty file'
>>> isinstance(err, OmsGraphError)
True
"""

from __future__ import annotations


class OmsGraphError(Exception):
    """Base class: a problem with what the user gave omsgraph, reported in one line."""

    def __init__(self, message: str, *, path: str | None = None, record: str | None = None) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.record = record
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.record:
                where += f" [{self.record}]"
            where += ": "
        elif self.record:
            where = f"[{self.record}]: "
        return where + " ".join(self.message.split())


class InputError(OmsGraphError):
    """An input file or record cannot be read (missing, empty, binary, bad encoding, malformed)."""


class VocabularyError(OmsGraphError):
    """A vocabulary or lexicon file is missing or malformed."""


class ExtractionError(OmsGraphError):
    """Relation extraction could not run on a document."""


class StoreError(OmsGraphError):
    """The graph store (embedded folder or remote endpoint) cannot be opened, read or written."""


class QueryError(OmsGraphError):
    """A SPARQL query or a named question is malformed or cannot be answered."""
