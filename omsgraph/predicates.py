"""The predicates table, ``ontology/predicates.tsv``: read by extraction (the predicate a
relation's entity types fit), the graph stage (IRIs, the ontology's checks) and the named
questions (signs). A module of its own, beside ``model.py``, so every stage reads it the same way
without importing a later stage.

>>> predicates = load_predicates()
>>> predicates["inhibits"].sign, predicates["inhibits"].ro
(-1, 'RO:0002449')
>>> "Disease" in predicates["causes"].object_types, predicates["antagonist_of"].broader
(True, 'inhibits')
>>> type_names("Chemical|Gene"), type_names("*")
(('Chemical', 'Gene'), ())
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from omsgraph.errors import VocabularyError

_COLUMNS = ("predicate", "label", "sign", "definition", "biolink", "ro", "subject_types", "object_types", "broader")


@dataclass(frozen=True, slots=True)
class PredicateInfo:
    """One row of ``ontology/predicates.tsv``; ``*_types`` is empty when any type is allowed."""

    name: str
    label: str
    sign: int
    definition: str
    biolink: str | None
    ro: str | None
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    broader: str | None = None  # what a relation of this predicate becomes when its entity types do not fit


def type_names(cell: str) -> tuple[str, ...]:
    """The entity types a predicate takes, from its ``predicates.tsv`` cell; empty for ``*`` (any type)."""
    cell = cell.strip()
    return () if cell in ("", "*") else tuple(t.strip() for t in cell.split("|") if t.strip())


def load_predicates(path: str | Path | None = None) -> dict[str, PredicateInfo]:
    """Read the predicates table into a fresh dict (name → :class:`PredicateInfo`)."""
    path = Path(path) if path else Path(str(resources.files("omsgraph") / "ontology" / "predicates.tsv"))
    predicates: dict[str, PredicateInfo] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise VocabularyError(f"cannot read predicates table: {err}", path=str(path)) from err
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.reader(rows, delimiter="\t"), start=1):
        if len(row) != len(_COLUMNS):
            raise VocabularyError(
                f"expected {len(_COLUMNS)} tab-separated columns, found {len(row)}", path=str(path), record=f"row {number}"
            )
        name, label, sign, definition, biolink, ro, subject_types, object_types, broader = (c.strip() for c in row)
        try:
            sign_value = int(sign)
        except ValueError as err:
            raise VocabularyError(f"sign {sign!r} is not -1, 0 or 1", path=str(path), record=name) from err
        predicates[name] = PredicateInfo(
            name=name, label=label, sign=sign_value, definition=definition, biolink=biolink or None,
            ro=ro or None, subject_types=type_names(subject_types), object_types=type_names(object_types),
            broader=broader or None,
        )
    for info in predicates.values():
        if info.broader is not None and info.broader not in predicates:
            raise VocabularyError(f"broader predicate {info.broader!r} is not in the table", path=str(path), record=info.name)
    return predicates


__all__ = ["PredicateInfo", "load_predicates", "type_names"]
