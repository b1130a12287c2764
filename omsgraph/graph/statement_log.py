"""The statements a write to a SPARQL endpoint touched, kept on disk so the run's memory does not grow with it.

:class:`~omsgraph.graph.remote.RemoteStore` writes every statement's summary at ``close()``, so it must
remember each statement the run gave evidence to (or took evidence from): about 80,000 per 9,000
abstracts, hundreds of millions over PubMed. They wait in a temporary SQLite file, one row per
statement IRI (a second row for the same IRI is ignored), and are read back in IRI order, a chunk at
a time; the file goes when the log is closed.

>>> log = StatementLog()
>>> log.add([("urn:s2", "urn:a", "urn:p", "urn:b", False), ("urn:s1", "urn:a", "urn:q", "urn:b", True)])
>>> log.add([("urn:s2", "urn:a", "urn:p", "urn:b", False)])
>>> len(log), [[row[0] for row in chunk] for chunk in log.chunks(1)]
(2, [['urn:s1'], ['urn:s2']])
>>> log.close()
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

StatementRow = tuple[str, str, str, str, bool]  # statement IRI, subject, predicate, object IRIs, negated


class StatementLog:
    """Statement IRI → (subject, predicate, object, negated), on disk, read back sorted by IRI."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="omsgraph-statements-")
        self._db = sqlite3.connect(Path(self._dir.name) / "statements.sqlite")
        # a scratch file nobody reads after a crash: no journal, no waiting for the disk
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE statements (iri TEXT PRIMARY KEY, subject TEXT, predicate TEXT, "
                         "object TEXT, negated INTEGER) WITHOUT ROWID")

    def add(self, rows: Iterable[StatementRow]) -> None:
        """Remember ``rows``; a statement already remembered keeps its first row."""
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO statements VALUES (?, ?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM statements").fetchone()[0]

    def chunks(self, size: int) -> Iterator[list[StatementRow]]:
        """The statements in IRI order, ``size`` at a time (each chunk read when it is asked for)."""
        last = ""
        while True:
            rows = self._db.execute("SELECT iri, subject, predicate, object, negated FROM statements "
                                    "WHERE iri > ? ORDER BY iri LIMIT ?", (last, size)).fetchall()
            if not rows:
                return
            yield [(iri, s, p, o, bool(negated)) for iri, s, p, o, negated in rows]
            last = rows[-1][0]

    def clear(self) -> None:
        with self._db:
            self._db.execute("DELETE FROM statements")

    def close(self) -> None:
        """Forget everything and delete the file."""
        self._db.close()
        self._dir.cleanup()
