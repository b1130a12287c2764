"""The ``ontology/`` tables the extractors read: tab-separated rows; blank and ``#`` lines skipped.

>>> ontology_rows("cues.tsv")[0]
['not', 'negation']
"""

from __future__ import annotations

from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def ontology_rows(name: str) -> list[list[str]]:
    """The cells of every row of ``ontology/<name>``."""
    return [line.split("\t") for line in (ONTOLOGY / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
