"""Document-local abbreviation definitions, Schwartz–Hearst style.

Finds "long form (SF)" (also "long form (SF, 10 mg/kg)") and "SF (long form)" and returns (short
form, long form start, long form end, short form start). The pipeline then gives every occurrence
of the short form in that document the concept of the long form, overriding the vocabulary.

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
# words no long form starts with ("a disintegrin and metalloproteinase (ADAM)", "in situ forming
# depots (ISFD)" do start with 'a' and 'in')
_JOINING_WORDS = frozenset({"and", "or", "than", "that", "which", "was", "were", "is", "are", "as", "to", "of", "with",
                            "by"})
# a one- or two-word short form, then a comma, semicolon or colon and a space ("(Na,K)" is no
# definition), or a capitalised one-word short form and a dose ("(pH 7.2)" and "(PDE 1B1)" are none)
_LEADING_SF = re.compile(r"([^\s,;:]+(?: [^\s,;:]+)?)\s*[,;:]\s+\S"
                         r"|([A-Z][A-Z0-9-]+) (?=[\d.]+\s?(?:[mµμnp]?g|[mµμn]?M|[mµμ]?mol|m?[lL]|IU|U|%)(?!\w))")


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


def _leading_short_form(inner: str) -> str:
    """The short form a bracket opens with when more follows it: Schwartz and Hearst take the text
    before a comma or semicolon ("(STZ, 50 mg/kg)"); a colon or a dose does the same here
    ("(DEN: 10 mg/kg/day)", "(PCPA 100 mg/kg)"). Otherwise ``inner`` itself."""
    head = _LEADING_SF.match(inner)
    return (head.group(1) or head.group(2)) if head else inner


def _long_form_start(long_form: str) -> int | None:
    """Where the long form Schwartz–Hearst matching found really starts: after a bracket it opens
    with ("(odds ratio (OR)"); None when it starts with a joining word or leaves a bracket open
    ("and vasopressin", "criteria) was 15%", "ATP-sensitive K+ (K" are spans, not names)."""
    start = 1 if long_form.startswith("(") and long_form.count("(") > long_form.count(")") else 0
    rest = long_form[start:]
    if not rest or rest.split(maxsplit=1)[0] in _JOINING_WORDS or rest.count("(") != rest.count(")"):
        return None
    return start


def _defined_before(sf: str, before: str) -> int | None:
    """Start in ``before`` of the long form that ``sf``, in the bracket right after it, abbreviates."""
    words = list(_WORD.finditer(before))
    limit = min(len(sf) + 5, len(sf) * 2)
    window = words[-limit:]
    if not window:
        return None
    cand_start = window[0].start()
    cand = before[cand_start:]
    # Never reach over a sentence or clause end.
    cut = max(cand.rfind(". "), cand.rfind("; "), cand.rfind(", "))
    if cut >= 0:
        cand_start += cut + 2
        cand = before[cand_start:]
    start = _best_long_form(sf, cand)
    if start is None or len(cand) - start <= len(sf):
        return None
    skip = _long_form_start(cand[start:])
    return None if skip is None else cand_start + start + skip


def find_definitions(text: str) -> Iterator[tuple[str, int, int, int]]:
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        inner_start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        before = text[max(0, m.start() - 200):m.start()].rstrip()
        before_off = m.start() - len(text[max(0, m.start() - 200):m.start()]) + 0
        sf = _leading_short_form(inner)
        if _short_form_ok(sf) and before:
            start = _defined_before(sf, before)
            if start is not None:
                yield sf, before_off + start, before_off + len(before), inner_start
                continue
            if sf == inner:
                continue
        # "SF (long form)": the short form is the word right before the bracket.
        words = list(_WORD.finditer(before))
        if words and len(inner.split()) >= 2:
            sf = words[-1].group().strip(",;:")
            if _short_form_ok(sf) and sf.upper() != sf.lower():
                start = _best_long_form(sf, inner)
                if start == 0 or (start is not None and start < 3):
                    yield sf, inner_start, inner_start + len(inner), before_off + words[-1].start()
