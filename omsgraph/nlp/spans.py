"""How entity spans are stored on a spaCy Doc (the contract between nlp/ and extract/).

* ``doc.spans[ENTITY_SPANS]`` holds every entity span, overlaps allowed (nested ChemProt
  mentions, a gene inside a chemical name); ``doc.ents`` holds a non-overlapping subset.
* ``span.label_`` is the entity type (see :data:`omsgraph.model.ENTITY_TYPES`),
  ``span.kb_id_`` the CURIE ("" when none is known).
* ``doc.user_data[NAMES_KEY]`` maps CURIE -> preferred label.
* ``doc.user_data[DOCUMENT_KEY]`` is the :class:`omsgraph.model.Document` id,
  and the Doc's text is exactly ``Document.text`` (offsets agree).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("LY294002 inhibits PI3K")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 8, label="Chemical", kb_id="CHEBI:65329")],
...                      names={"CHEBI:65329": "LY294002"})
>>> [entity_of(s) for s in entity_spans(doc)]
[Entity(id='CHEBI:65329', label='LY294002', type='Chemical')]

Extractors read sentences and lowercased words through :func:`sentence_spans` and
:func:`lower_words`: both are computed once per Doc from its arrays and kept in ``user_data``
(``doc.sents`` and iterating Tokens build a Python object per token on every call, which cost
more than tokenising when every rule asked again).

>>> doc = nlp("IVIg helped. It stopped.")
>>> doc[3].is_sent_start = True
>>> [s.text for s in sentence_spans(doc)], lower_words(doc)[:2]
(['IVIg helped.', 'It stopped.'], ('ivig', 'helped'))
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy
from spacy.attrs import IDX, LENGTH, LIKE_NUM, SENT_START
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from omsgraph.model import Entity

ENTITY_SPANS = "omsgraph_entities"
NAMES_KEY = "omsgraph_names"
DOCUMENT_KEY = "omsgraph_document"
_SENTENCES_KEY = "omsgraph_sentence_bounds"
_SENTENCE_SPANS_KEY = "omsgraph_sentence_spans"
_LOWER_KEY = "omsgraph_lower_words"
_ARRAYS_KEY = "omsgraph_token_arrays"
_SORTED_SPANS_KEY = "omsgraph_sorted_entity_spans"
_LABELLED_KEY = "omsgraph_labelled_entity_spans"
TEXT_KEY = "omsgraph_text"
WORDS_KEY = "omsgraph_words"   # the token texts, as omsgraph's tokenizer made them
_TEXT_CHECKED_KEY = "omsgraph_text_checked"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``user_data`` (:func:`omsgraph.nlp.annotate` puts the input text there):
    the property joins a Token object per token on every read.

    >>> import spacy
    >>> doc = spacy.blank("en")("IVIg helped. ")
    >>> doc_text(doc) == doc.text and doc.user_data[TEXT_KEY] == "IVIg helped. "
    True
    """
    data = doc.user_data
    text = data.get(TEXT_KEY)
    if text is not None and data.get(_TEXT_CHECKED_KEY) == len(doc):
        return text
    if text is None or not _ends_at(doc, len(text)):
        text = data[TEXT_KEY] = doc.text
    data[_TEXT_CHECKED_KEY] = len(doc)  # checked against this tokenisation: later reads skip the check
    return text


def _ends_at(doc: Doc, length: int) -> bool:
    if len(doc) == 0:
        return length == 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == length


def span_text(span: Span) -> str:
    """``span.text`` cut from :func:`doc_text` (no Token objects)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def concept_key(span: Span) -> str:
    """The concept an entity span names: its identifier, else its lower-cased text (how the rules and
    pair scorers tell one concept from another within a document)."""
    return span.kb_id_ or span_text(span).lower()


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` as Spans (boundaries computed once, then cached on the Doc)."""
    bounds = doc.user_data.get(_SENTENCES_KEY)
    if bounds is None or (bounds and bounds[-1][1] != len(doc)):
        if len(doc) == 0:
            bounds = ()
        else:
            starts = doc.to_array(SENT_START).astype("int64")
            if not starts.any():  # no boundaries set: ask spaCy (a parser, or its error)
                bounds = tuple((s.start, s.end) for s in doc.sents)
            else:
                cuts = [0, *(int(i) for i in numpy.flatnonzero(starts[1:] == 1) + 1), len(doc)]
                bounds = tuple(zip(cuts, cuts[1:]))
        doc.user_data[_SENTENCES_KEY] = bounds
    # the Spans too are made once: every extractor asks for them, several times per Doc
    made = doc.user_data.get(_SENTENCE_SPANS_KEY)
    if made is None or made[0] is not bounds:
        made = doc.user_data[_SENTENCE_SPANS_KEY] = (bounds, [doc[a:b] for a, b in bounds])
    return list(made[1])


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, by token index: the tokenizer's own list when it left one, else cut from
    :func:`doc_text` (no Token objects).

    >>> import spacy
    >>> token_texts(spacy.blank("en")("IVIg  helped."))
    ['IVIg', ' ', 'helped', '.']
    """
    words = doc.user_data.get(WORDS_KEY)
    if words is None or len(words) != len(doc):
        text = doc_text(doc)
        words = doc.user_data[WORDS_KEY] = [text[a:a + b] for a, b in doc.to_array([IDX, LENGTH]).tolist()]
    return words


def lower_words(doc: Doc) -> tuple[str, ...]:
    """Every token's lowercase form, by token index (computed once per Doc)."""
    words = doc.user_data.get(_LOWER_KEY)
    if words is None or len(words) != len(doc):
        # spaCy's LOWER is str.lower of the token's text (spacy.lang.lex_attrs.lower)
        words = doc.user_data[_LOWER_KEY] = tuple(map(str.lower, token_texts(doc)))
    return words


def token_values(doc: Doc, attr: int) -> tuple[int, ...]:
    """Every token's integer value of a spaCy attribute (``LIKE_NUM``, ``IS_ALPHA``, ``LENGTH`` …),
    by token index, computed once per Doc."""
    cache = doc.user_data.setdefault(_ARRAYS_KEY, {})
    values = cache.get(attr)
    if values is None or len(values) != len(doc):
        values = cache[attr] = tuple(doc.to_array(attr).tolist()) if len(doc) else ()
    return values


def tokens_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (indices clamped like a slice) without making a Span or Tokens.

    >>> import spacy
    >>> doc = spacy.blank("en")("IVIg  helped rats.")
    >>> [tokens_text(doc, a, b) == doc[a:b].text for a, b in ((0, 2), (1, 9), (3, 3), (2, 4))]
    [True, True, True, True]
    """
    return tokens_text_of(doc)(start, end)


def tokens_text_of(doc: Doc) -> Callable[[int, int], str]:
    """:func:`tokens_text` for many windows of one Doc: its text and offsets looked up once.

    >>> import spacy
    >>> cut = tokens_text_of(spacy.blank("en")("IVIg  helped rats."))
    >>> [cut(0, 2), cut(-1, 1), cut(3, 3)]
    ['IVIg  ', 'IVIg', '']
    """
    text, idx, length, n = doc_text(doc), token_values(doc, IDX), token_values(doc, LENGTH), len(doc)

    def cut(start: int, end: int) -> str:
        start, end = max(0, start), min(end, n)
        if start >= end:
            return ""
        return text[idx[start]:idx[end - 1] + length[end - 1]]

    return cut


def number_flags(doc: Doc) -> tuple[int, ...]:
    """Every token's ``like_num`` (1 or 0), by token index."""
    return token_values(doc, LIKE_NUM)


def entity_spans(doc: Doc) -> list[Span]:
    """All entity spans of ``doc`` (overlaps allowed), in text order."""
    if ENTITY_SPANS in doc.spans:
        group = doc.spans[ENTITY_SPANS]
        cached = doc.user_data.get(_SORTED_SPANS_KEY)
        # every extractor asks for them: made into Spans and sorted once per Doc, not once per caller
        if cached is None or cached[0] is not group or len(cached[1]) != len(group):
            cached = doc.user_data[_SORTED_SPANS_KEY] = (group, sorted(group, key=lambda s: (s.start_char, -s.end_char)))
        return list(cached[1])
    return list(doc.ents)


def labelled_entities(doc: Doc) -> list[tuple[Span, str, str]]:
    """(span, label, :func:`concept_key`) of each of :func:`entity_spans`, in text order.

    Made once per Doc (until its entities change): the pair scorers filter every span by type once
    per pair kind, and ``Span.label_`` / ``kb_id_`` look their strings up on each read.

    >>> import spacy
    >>> doc = spacy.blank("en")("IVIg helped OMS.")
    >>> doc.ents = [doc.char_span(0, 4, label="Chemical", kb_id="MESH:D016756"), doc.char_span(12, 15, label="Disease")]
    >>> [(span.text, label, key) for span, label, key in labelled_entities(doc)]
    [('IVIg', 'Chemical', 'MESH:D016756'), ('OMS', 'Disease', 'oms')]
    """
    spans = entity_spans(doc)
    cached = doc.user_data.get(_LABELLED_KEY)
    if cached is None or len(cached) != len(spans) or any(a is not b[0] for a, b in zip(spans, cached)):
        cached = doc.user_data[_LABELLED_KEY] = [(s, s.label_, concept_key(s)) for s in spans]
    return list(cached)


def mentions_by_token(sent: Span, spans: Sequence[Span]) -> list[Span | None]:
    """The mention covering each token of ``sent`` (the first of ``spans`` where several do), else None.

    >>> import spacy
    >>> doc = spacy.blank("en")("IVIg helped OMS children.")
    >>> [m.text if m else None for m in mentions_by_token(doc[0:5], [doc[2:3], doc[0:1]])]
    ['IVIg', None, 'OMS', None, None]
    """
    at: list[Span | None] = [None] * len(sent)
    for span in spans:
        for i in range(span.start - sent.start, span.end - sent.start):
            if at[i] is None:
                at[i] = span
    return at


def spans_by_sentence(spans: Sequence[Span], sentences: Sequence[Span]) -> list[list[Span]]:
    """For each sentence, the ``spans`` (in text order, as :func:`entity_spans` gives them) that lie
    inside it.

    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> doc = nlp("IVIg helps. OMS remits in NB.")
    >>> [[s.text for s in group] for group in spans_by_sentence([doc[0:1], doc[3:4], doc[6:7]], list(doc.sents))]
    [['IVIg'], ['OMS', 'NB']]
    """
    starts, ends = [s.start for s in spans], [s.end for s in spans]   # read once: Span properties cost
    out = []
    for sent in sentences:
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        out.append([spans[k] for k in range(lo, hi) if ends[k] <= sent.end])
    return out


def set_entity_spans(doc: Doc, spans: Iterable[Span], *, names: Mapping[str, str] | None = None) -> Doc:
    """Store ``spans`` as the Doc's entities: all in the span group, the longest non-overlapping in ``doc.ents``."""
    spans = [s for s in spans if s is not None]
    doc.spans[ENTITY_SPANS] = spans
    doc.ents = filter_spans(spans)
    if names:
        doc.user_data.setdefault(NAMES_KEY, {}).update(names)
    return doc


def entity_of(span: Span) -> Entity:
    """The :class:`Entity` a span names (identifier, preferred label, type)."""
    curie = span.kb_id_ or None
    names = span.doc.user_data.get(NAMES_KEY, {})
    label = names.get(curie) if curie else None
    return Entity(id=curie, label=label or span.text, type=span.label_ or "Entity")
