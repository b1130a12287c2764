"""A name → concept lexicon that scales to a million names and scans text in one pass.

Names are stored under their normalised token key (:func:`omsgraph.nlp.normalise.name_key`);
``maxlen`` holds, per first word pair, the lengths (in tokens) of the keys starting with it, so a
scan tries only lengths that exist and takes the longest. Each key keeps its candidates in priority order;
a candidate with a case form (short names, gene symbols) matches only that exact spelling.
The compiled tables are plain dicts/lists/tuples, so they save and load with :mod:`marshal` fast.

>>> b = LexiconBuilder()
>>> b.add("PI3K", "FPLX:PI3K", "ProteinFamily", priority=0)
>>> b.add("phosphoinositide 3-kinase", "FPLX:PI3K", "ProteinFamily", label="PI3K", priority=0)
>>> lex = b.build()
>>> [(s, e, lex.entry(i).curie) for s, e, i in lex.scan("Phosphoinositide 3 kinases and pi3k")]
[(0, 26, 'FPLX:PI3K')]
"""

from __future__ import annotations

import gc
import marshal
from dataclasses import dataclass
from pathlib import Path

from omsgraph.errors import VocabularyError
from omsgraph.nlp.normalise import case_form, name_key, text_tokens

FORMAT_VERSION = 6


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One concept a name can stand for."""

    curie: str          # "" when no identifier is known
    type: str
    label: str
    case: str           # exact case form required ("" = any case)
    mesh: str           # MeSH CURIE of the concept when known (for BC5CDR-style scoring)
    source: str


class Lexicon:
    """Compiled tables; build with :class:`LexiconBuilder`, persist with :meth:`save`/:meth:`load`."""

    def __init__(self, keys: dict, rows: list[str], cases: list[str], maxlen: dict,
                 info: dict | None = None) -> None:
        self.keys = keys            # normalised key -> entry index or tuple of indices (priority order)
        self.rows = rows            # entry index -> "curie\ttype\tlabel\tcase\tmesh\tsource" (split on use:
        self.cases = cases          # one string per entry loads ~50x faster than a tuple of six)
        self.maxlen = maxlen
        self.info = info or {}

    def __len__(self) -> int:
        return len(self.keys)

    def entry(self, index: int) -> LexiconEntry:
        return LexiconEntry(*self.rows[index].split("\t"))

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Longest, leftmost non-overlapping matches as (start, end, entry index)."""
        toks = text_tokens(text)
        norms = [t[0] for t in toks]
        n = len(toks)
        keys, lengths_of, cases = self.keys, self.maxlen, self.cases
        out = []
        i = 0
        while i < n:
            if toks[i][4]:
                i += 1
                continue
            # Lengths of the keys starting with this word pair (longest first), then the word alone.
            lengths = lengths_of.get(norms[i] + " " + norms[i + 1], ()) if i + 1 < n else ()
            if norms[i] in keys:
                lengths += (1,)
            found = False
            for length in lengths:
                j = i + length
                if j > n or (j < n and (toks[j][4] or toks[j][1] == "." and _inside_number(toks, j))):
                    continue
                cands = keys.get(norms[i] if length == 1 else " ".join(norms[i:j]))
                if cands is None:
                    continue
                if type(cands) is int:
                    cands = (cands,)
                surface = None
                for c in cands:
                    need = cases[c]
                    if need:
                        if surface is None:
                            surface = "".join([t[1] for t in toks[i:j]])
                        if surface != need and not (toks[j - 1][3] - toks[i][2] == len(surface)   # one word
                                                    and _rodent_form(surface, need)
                                                    and self.rows[c].split("\t", 2)[1] == "Gene"):
                            continue
                    out.append((toks[i][2], toks[j - 1][3], c))
                    found = True
                    break
                if found:
                    i = j
                    break
            if not found:
                i += 1
        return out

    def save(self, path: Path) -> None:
        data = {"version": FORMAT_VERSION, "keys": self.keys, "rows": self.rows, "cases": self.cases,
                "maxlen": self.maxlen, "info": self.info}
        tmp = Path(str(path) + ".tmp")
        tmp.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump(data, fh)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        gc_was_on = gc.isenabled()
        gc.disable()                # millions of new objects: generational GC passes would double the time
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())   # load(fh) reads in small chunks: 4x slower
        except (OSError, EOFError, ValueError, TypeError) as err:
            raise VocabularyError(f"cannot read compiled lexicon ({err})", path=str(path)) from None
        finally:
            if gc_was_on:
                gc.enable()
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise VocabularyError("compiled lexicon has an unknown format; run 'omsgraph vocab build'",
                                  path=str(path))
        return cls(data["keys"], data["rows"], data["cases"], data["maxlen"], data.get("info"))


class LexiconBuilder:
    """Collects names with priorities (lower wins) and builds a :class:`Lexicon`."""

    def __init__(self, *, stop_keys: frozenset[str] = frozenset()) -> None:
        self._cands: dict[str, list[tuple[int, int]]] = {}
        self._entry_ids: dict[tuple, int] = {}
        self._entries: list[tuple] = []
        self.stop_keys = stop_keys

    def add(self, name: str, curie: str, type: str, *, label: str | None = None, priority: int = 10,
            case_sensitive: bool | None = None, mesh: str = "", source: str = "",
            guarded: bool = True) -> None:
        """Add one name. ``case_sensitive=None`` decides by shape (short or symbol-like names)."""
        key = name_key(name)
        if not key:
            return
        if guarded and key in self.stop_keys:
            return
        if case_sensitive is None:
            case_sensitive = _symbol_like(name)
        entry = (curie or "", type, label or name, case_form(name) if case_sensitive else "", mesh, source)
        idx = self._entry_ids.get(entry)
        if idx is None:
            idx = self._entry_ids[entry] = len(self._entries)
            self._entries.append(entry)
        cands = self._cands.setdefault(key, [])
        if all(c[1] != idx for c in cands):
            cands.append((priority, idx))

    def build(self, *, info: dict | None = None) -> Lexicon:
        keys: dict[str, object] = {}
        lengths: dict[str, set] = {}
        entries = self._entries
        for key, cands in self._cands.items():
            cands.sort()
            kept = []
            for _, idx in cands:
                kept.append(idx)
                if not entries[idx][3]:
                    break           # a case-free candidate always matches: later ones never would
            keys[key] = kept[0] if len(kept) == 1 else tuple(kept)
            words = key.split(" ", 2)
            if len(words) > 1:
                lengths.setdefault(words[0] + " " + words[1], set()).add(key.count(" ") + 1)
        maxlen = {pair: tuple(sorted(ls, reverse=True)) for pair, ls in lengths.items()}
        rows = ["\t".join(e) for e in entries]
        return Lexicon(keys, rows, [e[3] for e in entries], maxlen, info)


def _inside_number(toks: list, j: int) -> bool:
    """Whether token ``j`` (a full stop) is the decimal point of a number: "OR 1.50" names no OR1."""
    before, point = toks[j - 1], toks[j]
    return (before[1].isdigit() and before[3] == point[2] and j + 1 < len(toks)
            and toks[j + 1][1].isdigit() and toks[j + 1][2] == point[3])


def _rodent_form(surface: str, symbol: str) -> bool:
    """Whether ``surface`` writes the gene symbol ``symbol`` the way mouse and rat genes are written
    — capitalised, in lower case or with a letter lowered — when the symbol holds a digit and three
    letters or more ("Bcl6", "sgk1", "HIF1a" for BCL6, SGK1, HIF1A). Symbols without a digit are
    left out (capitalised, they are English words as often: "Was", "Cast", "Park"), and so are those
    of two letters, which are ions and cell types as often ("Ca2+" is no CA2, "Th1" cells no TH1).

    >>> [_rodent_form(s, "BCL6") for s in ("Bcl6", "bcl6", "BCl6", "bCL6", "Bcl-6")]
    [True, True, True, False, False]
    >>> _rodent_form("Was", "WAS"), _rodent_form("Ca2", "CA2")
    (False, False)
    """
    return (any(ch.isdigit() for ch in symbol) and sum(ch.isalpha() for ch in symbol) >= 3
            and surface.lower() == symbol.lower()
            and (surface[0].isupper() or surface.islower()))


def _symbol_like(name: str) -> bool:
    """Short names and gene-symbol shapes are matched case-sensitively ("NB", "PI3K", "CAT")."""
    compact = name.replace("-", "").replace(" ", "")
    if len(compact) <= 4:
        return True
    if " " not in name.strip() and any(c.isdigit() for c in compact) and any(c.isupper() for c in compact):
        return True
    return sum(c.isupper() for c in compact) >= 2 and " " not in name.strip() and len(compact) <= 8
