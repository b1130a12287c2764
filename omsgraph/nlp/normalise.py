"""Normalised word forms shared by the lexicon compiler and the matcher.

A name and a stretch of text match when their normalised token sequences are equal:
lower case, Greek letters spelled out, hyphens/dashes and possessive "'s" dropped,
letters and digits split ("IGF1" = "IGF-1" = "IGF 1"), light plural stripping.

>>> name_key("Fcγ receptors")
'fc gamma receptor'
>>> name_key("IGF-1") == name_key("IGF1") == name_key("igf 1")
True
>>> name_key("Alzheimer's disease") == name_key("Alzheimer disease")
True
>>> [t[1] for t in text_tokens("TNF-α level")]
['TNF', 'α', 'level']
"""

from __future__ import annotations

import re

# Greek letters first (one token each, so "Fcγ" splits), then other letters, digits, punctuation.
_TOKEN = re.compile(r"[\u0370-\u03ff]|[^\W\d_\u0370-\u03ff]+|\d+|[^\w\s]|_")
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
# Dropped from keys so that hyphen/space/no-space variants agree.
_DROPPED = frozenset("-‐‑‒–—'’′`")
_APOSTROPHES = frozenset("'’′`")

_cache: dict[str, str] = {}
_CACHE_LIMIT = 400_000


def normal_word(word: str) -> str:
    """The normal form of one token: lower case, Greek spelled out, plural stripped.

    >>> [normal_word(w) for w in ("Neurons", "viruses", "therapies", "IgG", "β", "class")]
    ['neuron', 'virus', 'therapy', 'igg', 'beta', 'class']
    """
    cached = _cache.get(word)
    if cached is not None:
        return cached
    w = word.lower()
    if w in _GREEK:
        w = _GREEK[w]
    elif len(w) > 3 and w[-1] == "s" and w.isalpha():
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith(("uses", "sses", "xes", "ches", "shes")):
            w = w[:-2]
        elif not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if len(_cache) < _CACHE_LIMIT:
        _cache[word] = w
    return w


def text_tokens(text: str) -> list[tuple[str, str, int, int, bool]]:
    """(normal form, surface, start, end, glued to the previous token) for the kept tokens of ``text``.

    "Glued" means the token touches the previous kept token and both are alphanumeric, i.e. they
    are parts of one written word ("IGF1R"); a match may not start or end between glued tokens.
    """
    out: list[tuple[str, str, int, int, bool]] = []
    prev_end = -1
    prev_alnum = False
    skip_s = False
    end = 0
    # findall of (whitespace, token) pairs instead of finditer: no Match object per token (a fifth
    # of this function's time). Offsets add up because _TOKEN matches every non-space character.
    for space, surface in _SPACED_TOKEN.findall(text):
        start = end + len(space)
        end = start + len(surface)
        if surface in _DROPPED:
            skip_s = surface in _APOSTROPHES
            prev_alnum = False
            prev_end = end
            continue
        alnum = surface.isalnum()
        if skip_s and surface in ("s", "S") and start == prev_end:
            skip_s = False
            prev_end = end
            continue
        skip_s = False
        out.append((normal_word(surface), surface, start, end, alnum and prev_alnum and start == prev_end))
        prev_end = end
        prev_alnum = alnum
    return out


def name_key(name: str) -> str:
    """The lookup key of a vocabulary name: its normal tokens joined by single spaces."""
    return " ".join(t[0] for t in text_tokens(name))


def case_form(name: str) -> str:
    """The case-sensitive form checked for short or symbol-like names ("PI3K", "NB")."""
    return "".join(t[1] for t in text_tokens(name))
