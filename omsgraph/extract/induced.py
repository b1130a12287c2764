"""'-induced' rules of one sentence: 'X-induced Y', 'X-mediated inhibition of Y', 'A and B were X-induced',
a disease put down to a drug: 'Y secondary to X', 'Y due to X treatment', and a drug's effect named by
its disease: 'the hypotensive effect of X'.

>>> import spacy
>>> from omsgraph.extract.sentence import load_rules
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("We saw KIN1-mediated suppression of TRX2.")
>>> _ = set_entity_spans(doc, [doc.char_span(7, 11, label="Gene"), doc.char_span(36, 40, label="Gene")])
>>> s = Sentence(doc[:], list(doc.ents), Document(id="HASH:x", text=doc.text), load_rules())
>>> read_induced(s); [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in s.out]
[('KIN1', 'decreases', 'TRX2', 'x-induced-y')]
"""

from __future__ import annotations

from spacy.tokens import Span

from omsgraph.extract.phrases import BE, coordinated, nominal
from omsgraph.extract.sentence import DISEASE_TYPES, OBJECT_TYPES, Sentence
from omsgraph.extract.tables import cue_words
from omsgraph.nlp.spans import lower_words


def read_induced(s: Sentence) -> None:
    """'X-induced Y', 'X-mediated inhibition of Y' and 'X-dependent upregulation of Y'."""
    doc = s.sent.doc
    lower = lower_words(doc)
    brought_about = cue_words("brought-about")   # 'X-induced', 'X-mediated', 'X-dependent'
    for e in s.spans:
        if e.end + 1 < s.sent.end and lower[e.end] == "-" and lower[e.end + 1] in brought_about:
            obj = next((o for o in s.spans if o.start > e.end + 1 and o.label_ in OBJECT_TYPES), None)
            # a trigger noun right after reaches further: 'X-induced elevation in the levels of A, B and C'
            led = e.end + 2 < s.sent.end and s.rules.verb(lower[e.end + 2]) is not None \
                and nominal(lower, e.end + 2, s.sent.end)
            if obj is None or obj.start - e.end > (8 if led else 4):
                _read_were_induced(s, e, lower)
                continue
            # a trigger noun in between says what X did to Y: 'X-mediated suppression of Y' lowers Y
            noun = next((k for k in range(e.end + 2, obj.start) if s.rules.verb(lower[k])
                         and nominal(lower, k, s.sent.end)), None)
            if noun is not None:
                predicate = s.rules.verb(lower[noun])
                trigger = doc[noun].text
            elif lower[e.end + 1] == "dependent":
                continue  # 'Ca2+-dependent kinase': X is needed, not said to act
            else:
                predicate, trigger = "increases", doc[e.end + 1].text
            listed = coordinated(doc, obj, s.spans, OBJECT_TYPES) if led else []
            for target in (obj, *listed):
                s.relate(e, _of_disease(predicate, target), target, rule="x-induced-y", trigger=trigger)


def _read_were_induced(s: Sentence, e: Span, lower: tuple[str, ...]) -> None:
    """'A, B and C were X-induced': X raised the names listed right before the form of 'be'."""
    doc, at = s.sent.doc, e.start - 1
    if at <= s.sent.start or lower[at] not in BE or lower[e.end + 1] == "dependent":
        return
    last = next((o for o in s.spans if o.end == at and o.label_ in OBJECT_TYPES), None)
    if last is None:
        return
    for obj in (last, *coordinated(doc, last, s.spans, OBJECT_TYPES, before=True)):
        s.relate(e, _of_disease("increases", obj), obj, rule="x-induced-y", trigger=doc[e.end + 1].text)


def _of_disease(predicate: str, target: Span) -> str:
    """A raising predicate said of a disease or phenotype is a cause ('X-induced Y syndrome')."""
    return "causes" if predicate == "increases" and target.label_ in DISEASE_TYPES else predicate


def read_put_down_to(s: Sentence) -> None:
    """'Y secondary to X', 'Y was attributed to X', 'A and B due to concomitant use of X, Z': each drug
    (listed) causes each disease (listed before), when at most four words lie between 'to' and the
    drug, no other name stands between, and the sentence has no word of benefit ('remission of Y due
    to X' names no cause)."""
    doc = s.sent.doc
    lower = lower_words(doc)
    put_down_to = cue_words("put-down-to")
    for k in range(s.sent.start + 1, s.sent.end - 2):
        if lower[k] not in put_down_to or lower[k + 1] != "to" or s.helped:
            continue
        # 'Y secondary to X', 'Y was attributed to X'
        ends = (k, k - 1) if lower[k - 1] in BE else (k,)
        disease = next((e for e in s.spans if e.end in ends and e.label_ in DISEASE_TYPES), None)
        drug = next((e for e in s.spans if e.start > k + 1), None)
        if disease is None or drug is None or drug.label_ != "Chemical" or drug.start - (k + 2) > 4:
            continue
        for cause in (drug, *coordinated(doc, drug, s.spans, {"Chemical"})):
            for effect in (disease, *coordinated(doc, disease, s.spans, DISEASE_TYPES, before=True)):
                s.relate(cause, "causes", effect, rule="y-due-to-x", trigger=doc[k].text)


def read_disease_effect_of(s: Sentence) -> None:
    """'the hypotensive effect of X', 'the convulsive activity of X and Z': a disease (or phenotype)
    named as the kind of a drug's effect is what the drug brings about. Not after 'anti-' ('the
    anti-convulsive effect of X' lowers it)."""
    doc = s.sent.doc
    lower = lower_words(doc)
    effect_nouns = cue_words("effect-noun")
    for e in s.spans:
        if e.label_ not in DISEASE_TYPES or e.end + 2 >= s.sent.end or lower[e.end] not in effect_nouns \
                or lower[e.end + 1] != "of" or lower[e.end - 1].endswith("ed"):
            continue   # (a participle is no kind of effect: 'depressed activities of X')
        if e.start - 2 >= s.sent.start and lower[e.start - 1] == "-" and lower[e.start - 2].startswith("anti"):
            continue
        at = e.end + 3 if lower[e.end + 2] == "the" else e.end + 2
        drug = next((d for d in s.spans if d.start == at and d.label_ == "Chemical"), None)
        if drug is None:
            continue
        for cause in (drug, *coordinated(doc, drug, s.spans, {"Chemical"})):
            s.relate(cause, "causes", e, rule="disease-effect-of", trigger=doc[e.end].text)
