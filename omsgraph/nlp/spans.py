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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from omsgraph.model import Entity

ENTITY_SPANS = "omsgraph_entities"
NAMES_KEY = "omsgraph_names"
DOCUMENT_KEY = "omsgraph_document"


def entity_spans(doc: Doc) -> list[Span]:
    """All entity spans of ``doc`` (overlaps allowed), in text order."""
    if ENTITY_SPANS in doc.spans:
        return sorted(doc.spans[ENTITY_SPANS], key=lambda s: (s.start_char, -s.end_char))
    return list(doc.ents)


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
