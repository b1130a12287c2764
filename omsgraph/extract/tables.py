"""The ``ontology/`` tables the extractors read: tab-separated rows; blank and ``#`` lines skipped.

>>> ontology_rows("cues.tsv")[0]
['not', 'negation']
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def ontology_rows(name: str) -> list[list[str]]:
    """The cells of every row of ``ontology/<name>``."""
    return [line.split("\t") for line in (ONTOLOGY / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def not_hedges() -> frozenset[str]:
    """The two-word phrases of ``cues.tsv`` (kind ``not-hedge``) in which a hedge word is a noun."""
    return frozenset(cue for cue, kind in ontology_rows("cues.tsv") if kind == "not-hedge")


def is_cue(words: Sequence[str], k: int, cues: frozenset[str]) -> bool:
    """Whether the lower-case word ``words[k]`` is one of ``cues`` here: not the noun of a measured
    quantity ("potential" hedges in "a potential treatment", not in "membrane potential").

    >>> words = "the membrane potential fell ; a potential treatment".split()
    >>> [k for k in range(len(words)) if is_cue(words, k, frozenset({"potential"}))]
    [6]
    """
    return words[k] in cues and not (k > 0 and f"{words[k - 1]} {words[k]}" in not_hedges())
