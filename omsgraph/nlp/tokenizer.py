"""omsgraph's tokenizer: one regular expression instead of spaCy's rule-based English tokenizer.

Tokens are runs of letters and digits (``IgG``, ``LY294002``), decimal numbers (``0.05``,
``1,000``), dotted abbreviations (``e.g.``) and single other characters (``-``, ``(``, ``/``,
``+``), so hyphenated names split like spaCy's English rules with omsgraph's biomedical infixes did
(``IgG-induced`` → ``IgG`` ``-`` ``induced``). Whitespace other than one space after a token
becomes a token of its own, as in spaCy, so ``doc.text`` is always the input and character
offsets hold. It builds the Doc from words and spaces in one call: 0.46–0.78 s per 3,031 benchmark
abstracts against 1.7–2.6 s for the English rules (benchmarks/README.md, 2026-11-30).

>>> import spacy
>>> nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "omsgraph.RegexTokenizer.v1"}}})
>>> doc = nlp("IgG-induced lysis (p<0.05), e.g.  in IL-6 cells.")
>>> [t.text for t in doc]
['IgG', '-', 'induced', 'lysis', '(', 'p', '<', '0.05', ')', ',', 'e.g.', ' ', 'in', 'IL', '-', '6', 'cells', '.']
>>> doc.text == "IgG-induced lysis (p<0.05), e.g.  in IL-6 cells."
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from omsgraph.nlp.spans import WORDS_KEY

# (whitespace before, token): dotted abbreviations, decimal numbers, word characters, one other character
_TOKEN = re.compile(r"(\s*)((?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)+|\w+|[^\w\s])")


class RegexTokenizer:
    """``text -> Doc`` for ``nlp.tokenizer``; see the module docstring."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for gap, word in _TOKEN.findall(text):
            if gap:
                if gap == " " and words:
                    spaces[-1] = True
                else:
                    _add_gap(gap, words, spaces)
            words.append(word)
            spaces.append(False)
        # every character is whitespace or in a token (the pattern's last branch takes any other
        # one), so what the matches leave is the trailing whitespace (re's \s is str.isspace)
        tail = len(text) - len(text.rstrip())
        if tail:
            _add_gap(text[-tail:], words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[WORDS_KEY] = words   # the later components read token texts from here
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Nothing to save: the pattern is code. These let nlp.to_disk / spacy.load round-trip a pipeline
    # (the config names the registered tokenizer below, which rebuilds it).
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RegexTokenizer:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).write_bytes(b"")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RegexTokenizer:
        return self


@spacy.registry.tokenizers("omsgraph.RegexTokenizer.v1")
def create_tokenizer() -> Callable[[Language], RegexTokenizer]:
    """The registered factory: ``[nlp.tokenizer] @tokenizers = "omsgraph.RegexTokenizer.v1"``."""
    def make(nlp: Language) -> RegexTokenizer:
        return RegexTokenizer(nlp.vocab)

    return make


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """One space after a token is its trailing space; any other whitespace is a token."""
    if words and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


__all__ = ["RegexTokenizer", "create_tokenizer"]
