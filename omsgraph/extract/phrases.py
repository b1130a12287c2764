"""Word-order helpers the sentence rules share: forms of 'be', trigger nouns, lists of names.

They read the lower-cased words of a Doc (:func:`omsgraph.nlp.spans.lower_words`) and spans, no parse.

>>> lower = ("kin1", "was", "significantly", "reduced", "by", "the", "inhibition", "of", "trx2")
>>> after_be(lower, 3, 0), next_word(lower, 1, len(lower)), nominal(lower, 6, len(lower))
(True, 'reduced', True)
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from spacy.tokens import Doc, Span

BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# auxiliaries and forms of 'be' and 'have': a name after a comma followed by one begins a clause
FINITE = frozenset({"did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "may", "might", "can",
                    "could", "would", "should", "will", "shall", "must"})
NOMINAL_ENDINGS = ("ion", "ions", "ment", "ments")  # trigger nouns: 'inhibition', 'activation', 'enhancement'


def next_word(lower: tuple[str, ...], i: int, end: int) -> str | None:
    """The word after ``i``, past adverbs ('reduced significantly in')."""
    k = i + 1
    while k < end and lower[k].endswith("ly"):
        k += 1
    return lower[k] if k < end else None


def after_be(lower: tuple[str, ...], i: int, start: int) -> bool:
    """Whether the word at ``i`` follows a form of 'be', perhaps past one adverb ('was significantly')."""
    return (i - 1 >= start and lower[i - 1] in BE) or (
        i - 2 >= start and lower[i - 2] in BE and lower[i - 1].endswith("ly"))


def nominal(lower: tuple[str, ...], i: int, end: int) -> bool:
    """Whether the trigger at ``i`` is a noun: 'inhibition', 'enhancement', or any trigger word
    followed by 'of' or 'in' ('increase in', 'decrease of')."""
    return lower[i].endswith(NOMINAL_ENDINGS) or (i + 1 < end and lower[i + 1] in ("of", "in"))


def listed(doc: Doc, left: Span, right: Span) -> bool:
    """Whether ``right`` follows ``left`` with nothing but '/', 'and', 'or' and commas between ('X, Y and Z')."""
    return left.end < right.start and all(t.lower_ in ("/", "and", "or", ",") for t in doc[left.end:right.start])


def coordinated(doc: Doc, anchor: Span, spans: list[Span], types: AbstractSet[str], *, before: bool = False) -> list[Span]:
    """The names of ``types`` listed after ``anchor`` in text order, or with ``before`` the names
    listed before it, nearest first ('X, Y and Z' read from Z back); see :func:`listed`."""
    chain, edge = [], anchor
    for other in reversed(spans) if before else spans:
        left, right = (other, edge) if before else (edge, other)
        if right.start < left.end or other.label_ not in types:
            continue
        if not listed(doc, left, right):
            break
        if not before and right.end < len(doc) and doc[right.end].lower_ in FINITE \
                and all(t.text == "," for t in doc[left.end:right.start]):
            break  # 'X activated Y, Z did not': Z begins a clause of its own
        chain.append(other)
        edge = other
    return chain
