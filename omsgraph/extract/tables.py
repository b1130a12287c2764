"""The ``ontology/`` tables the extractors read: tab-separated rows; blank and ``#`` lines skipped.

>>> ontology_rows("cues.tsv")[0]
['not', 'negation']
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from omsgraph.errors import VocabularyError

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def ontology_rows(name: str) -> list[list[str]]:
    """The cells of every row of ``ontology/<name>``."""
    return [line.split("\t") for line in (ONTOLOGY / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def cue_words(kind: str) -> frozenset[str]:
    """The cues of ``kind`` in ``cues.tsv`` (lower case), read once per kind.

    >>> sorted(cue_words("put-down-to"))
    ['attributable', 'attributed', 'due', 'secondary']
    >>> cue_words("no-such-kind")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    omsgraph.errors.VocabularyError: ...cues.tsv: no cue of kind 'no-such-kind'
    """
    words = frozenset(cue for cue, cue_kind in ontology_rows("cues.tsv") if cue_kind == kind)
    if not words:
        # a misspelt kind would otherwise switch a rule off without a word
        raise VocabularyError(f"no cue of kind {kind!r}", path=str(ONTOLOGY / "cues.tsv"))
    return words


def is_cue(words: Sequence[str], k: int, cues: frozenset[str]) -> bool:
    """Whether the lower-case word ``words[k]`` is one of ``cues`` here: not the noun of a measured
    quantity ("potential" hedges in "a potential treatment", not in "membrane potential").

    >>> words = "the membrane potential fell ; a potential treatment".split()
    >>> [k for k in range(len(words)) if is_cue(words, k, frozenset({"potential"}))]
    [6]
    """
    return words[k] in cues and not (k > 0 and f"{words[k - 1]} {words[k]}" in cue_words("not-hedge"))
