"""Document-local abbreviation definitions, Schwartz–Hearst style.

Finds "long form (SF)" and "SF (long form)" and returns (short form, long form start, long form end,
short form start). The pipeline then gives every occurrence of the short form in that document the
concept of the long form, overriding the vocabulary.

>>> text = "Opsoclonus-myoclonus syndrome (OMS) is rare; intravenous immunoglobulin (IVI g) helped."
>>> [(sf, text[s:e]) for sf, s, e, _ in find_definitions(text)]
[('OMS', 'Opsoclonus-myoclonus syndrome'), ('IVI g', 'intravenous immunoglobulin')]
>>> other = "IVIg (intravenous immunoglobulin) works"
>>> [(sf, other[s:e]) for sf, s, e, _ in find_definitions(other)]
[('IVIg', 'intravenous immunoglobulin')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_PAREN = re.compile(r"\(([^()\[\]]{1,120})\)")
_WORD = re.compile(r"[^\s]+")


def _short_form_ok(sf: str) -> bool:
    words = sf.split()
    return (1 <= len(words) <= 2 and 2 <= len(sf) <= 10 and sf[0].isalnum()
            and any(c.isalpha() for c in sf) and not sf.islower() or (len(words) == 1 and 2 <= len(sf) <= 10
            and sf[0].isalpha() and sum(c.isupper() for c in sf) >= 2))


def _best_long_form(sf: str, candidate: str) -> int | None:
    """Schwartz–Hearst: start index in ``candidate`` of the shortest long form matching ``sf``."""
    s = [c.lower() for c in sf if c.isalnum()]
    lf = candidate.lower()
    si = len(s) - 1
    li = len(lf) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (lf[li] != c or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    start = lf.rfind(" ", 0, li + 2) + 1
    return start


def find_definitions(text: str) -> Iterator[tuple[str, int, int, int]]:
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        inner_start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        before = text[max(0, m.start() - 200):m.start()].rstrip()
        before_off = m.start() - len(text[max(0, m.start() - 200):m.start()]) + 0
        if _short_form_ok(inner) and before:
            words = list(_WORD.finditer(before))
            limit = min(len(inner) + 5, len(inner) * 2)
            window = words[-limit:]
            if not window:
                continue
            cand_start = window[0].start()
            cand = before[cand_start:]
            # Never reach over a sentence or clause end.
            cut = max(cand.rfind(". "), cand.rfind("; "), cand.rfind(", "))
            if cut >= 0:
                cand_start += cut + 2
                cand = before[cand_start:]
            start = _best_long_form(inner, cand)
            if start is not None and len(cand) - start > len(inner):
                lf_start = before_off + cand_start + start
                lf_end = before_off + len(before)
                yield inner, lf_start, lf_end, inner_start
            continue
        # "SF (long form)": the short form is the word right before the bracket.
        words = list(_WORD.finditer(before))
        if words and len(inner.split()) >= 2:
            sf = words[-1].group().strip(",;:")
            if _short_form_ok(sf) and sf.upper() != sf.lower():
                start = _best_long_form(sf, inner)
                if start == 0 or (start is not None and start < 3):
                    yield sf, inner_start, inner_start + len(inner), before_off + words[-1].start()
