"""What the sentence rules share: the trigger and cue tables (:class:`Rules`), a sentence's clauses,
cues and the relations read from it (:class:`Sentence`), and the entity types the rules relate.

>>> import spacy
>>> from omsgraph.model import Document
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("X may reduce Y, and Z raised W.")
>>> s = Sentence(doc[:], [], Document(id="HASH:x", text=doc.text), load_rules())
>>> s.hedge, [s.clause_of(i) for i in (0, 7)]
('may', [0, 1])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span

from omsgraph.extract.chemical_gene import denies_another_mention
from omsgraph.extract.tables import cue_words, is_cue, ontology_rows
from omsgraph.model import ENTITY_TYPES, Document, Evidence, Relation
from omsgraph.predicates import load_predicates
from omsgraph.nlp.spans import entity_of, lower_words, mentions_by_token, span_text

AGENT_TYPES = {"Chemical", "Gene", "ProteinFamily", "Entity", "Disease", "Process", "Variant"}
GENE_SIDE = ("Gene", "Variant")   # what a gene–disease association links to a disease
OBJECT_TYPES = {"Chemical", "Gene", "ProteinFamily", "Entity", "Disease", "Phenotype", "Process"}
DISEASE_TYPES = frozenset({"Disease", "Phenotype"})   # what a drug causes or treats
_CLAUSE_BREAKS = {";", "whereas", "while", "which", "although"}
# words between a negation and the mention it denies: "no effect on X", "no significant change in X",
# "but not by X" (a mention after these is what the cue is about; the chemical–gene scorer keeps its
# own, shorter list, which its weights were fitted with)
_WORDS_BEFORE_DENIED = frozenset({"by", "with", "in", "of", "the", "a", "an", "to", "on", "for", "any", "significant",
                           "significantly", "effect", "effects", "change", "changes", "difference", "differences",
                           "alteration", "alterations", "influence", "impact", "further"})


_UNSEEN = object()   # a word Rules.verb has not been asked about


@dataclass(frozen=True)
class Rules:
    """Trigger and cue tables loaded from ``ontology/`` (immutable once loaded)."""

    verbs: tuple[tuple[str, str], ...]          # (stem, predicate)
    agents: dict[str, str]
    treat: frozenset[str]
    assoc: frozenset[str]
    via: frozenset[str]
    genetic: frozenset[str]
    adverse: tuple[str, ...]                    # word stems: a drug's harm ('developed', 'induced', 'risk')
    benefit: tuple[str, ...]                    # word stems: a drug's help ('improved', 'remission')
    negation: frozenset[str]
    hedge: frozenset[str]
    # words naming the loss of a name ('knockdown', 'deficiency'): its effects are those of its absence
    loss: frozenset[str] = frozenset()
    # (verb, preposition) pairs naming an outcome ('led to', 'resulted in'): a trigger after one is the
    # subject's effect ('X led to upregulation of Y'), not a noun or adjective of a prepositional phrase
    outcome: frozenset[tuple[str, str]] = frozenset()
    # words naming experimental material ('rats', 'cells'): a drug given to it is an exposure
    experiment: frozenset[str] = frozenset()
    # word -> predicate for wording that makes a variant's link to a disease a raised chance of it
    # ('risk', 'susceptibility', 'caused'): 'rs1 and the risk of Y' says rs1 increases Y
    predisposing: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # word -> predicate for two gene products acting on each other physically ('interacts', 'binds')
    interaction: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # predicate -> (subject types, object types, broader predicate) of predicates.tsv; no types = any
    predicate_types: dict[str, tuple[frozenset[str], frozenset[str], str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)
    # predicates of sign -1 in predicates.tsv: the subject lowers the object ('inhibits', 'decreases')
    lowering: frozenset[str] = frozenset()
    # predicates of sign +1: the subject raises the object ('increases', 'activates', 'causes')
    raising: frozenset[str] = frozenset()
    # word -> predicate or None: every token of every sentence is looked up, so answer each word once
    _verb_cache: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def fitting(self, relation: Relation) -> Relation:
        """``relation`` under the first predicate, going broader, whose entity types it fits: a disease a
        drug 'inhibits' is one it decreases (predicates.tsv: inhibits → decreases), so the graph keeps
        the finding and still satisfies the SHACL domain and range of every predicate."""
        subject_type, object_type = (t if t in ENTITY_TYPES else "Entity" for t in (relation.subject.type, relation.object.type))
        predicate, seen = relation.predicate, set()
        while predicate in self.predicate_types and predicate not in seen:
            seen.add(predicate)
            subjects, objects, broader = self.predicate_types[predicate]
            if ((not subjects or subject_type in subjects) and (not objects or object_type in objects)) or not broader:
                break
            predicate = broader
        return relation if predicate == relation.predicate else replace(relation, predicate=predicate)

    def agent_noun(self, word: str) -> str | None:
        """The predicate of an agent noun, singular or plural ('inhibitors' -> inhibits), else None."""
        return self.agents.get(word.lower().rstrip("s"))

    def lowers(self, word: str) -> bool:
        """Whether ``word`` is a trigger of a lowering predicate ('prevented', 'reduction')."""
        return self.verb(word) in self.lowering

    def raises(self, word: str) -> bool:
        """Whether ``word`` is a trigger of a raising predicate ('worsen', 'induced', 'activates')."""
        return self.verb(word) in self.raising

    def verb(self, word: str) -> str | None:
        # the cache is keyed by the word as asked (mostly already lower-case): one lookup per call
        found = self._verb_cache.get(word, _UNSEEN)
        if found is not _UNSEEN:
            return found
        low = word.lower()
        found = None
        for stem, predicate in self.verbs:
            if low.startswith(stem) and len(low) - len(stem) <= 4:
                found = predicate
                break
        if len(self._verb_cache) < 500_000:
            self._verb_cache[word] = found
        return found


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rule tables of ``ontology/triggers.tsv`` and ``ontology/cues.tsv``, and the entity types of
    each predicate of ``ontology/predicates.tsv``."""
    triggers = ontology_rows("triggers.tsv")
    predicates = load_predicates()
    predicate_types = {name: (frozenset(p.subject_types), frozenset(p.object_types), p.broader or "")
                       for name, p in predicates.items()}
    by_kind = lambda k: [(w, p) for w, p, kind in triggers if kind == k]
    return Rules(
        verbs=tuple(sorted(by_kind("verb"), key=lambda wp: -len(wp[0]))),
        agents=dict(by_kind("agent")),
        treat=frozenset(w for w, _ in by_kind("treat")),
        assoc=frozenset(w for w, _ in by_kind("assoc")),
        via=frozenset(w for w, _ in by_kind("via")),
        genetic=frozenset(w for w, _ in by_kind("genetic")),
        adverse=tuple(w for w, _ in by_kind("adverse")),
        benefit=tuple(w for w, _ in by_kind("benefit")),
        negation=cue_words("negation"),
        hedge=cue_words("hedge"),
        loss=cue_words("loss"),
        outcome=frozenset(tuple(c.split()) for c in cue_words("outcome")),
        experiment=frozenset(w for w, _ in by_kind("experiment")),
        predisposing=dict(by_kind("predisposing")),
        interaction=dict(by_kind("interaction")),
        predicate_types=predicate_types,
        lowering=frozenset(name for name, p in predicates.items() if p.sign < 0),
        raising=frozenset(name for name, p in predicates.items() if p.sign > 0),
    )


def _clause_id(sent: Span, spans: Sequence[Span] = ()) -> list[int]:
    """Clause number of every token of the sentence (breaks at ';', 'whereas', ', which' …)."""
    lower = lower_words(sent.doc)
    start_of = {e.end: e.start for e in spans}   # a name ending before token k starts at start_of[k]
    starts = {e.start for e in spans}
    ids, current = [], 0
    for i in range(sent.start, sent.end):
        word = lower[i]
        if word in _CLAUSE_BREAKS or (word in ("and", "but") and i > sent.start and lower[i - 1] == ","
                                      and not (word == "and" and _last_of_list(lower, i, start_of, starts))):
            current += 1  # ', and …' / ', but …' start a new clause with its own subject
        ids.append(current)
    return ids


def _last_of_list(lower: tuple[str, ...], i: int, start_of: dict[int, int], starts: set[int]) -> bool:
    """Whether the ', and' ending at ``i`` closes a list of names with a serial comma ('A, B, and C'):
    a name before the comma that itself follows a name and a comma, and a name right after 'and'."""
    before = start_of.get(i - 1)
    return (i + 1 in starts and before is not None and before >= 1 and lower[before - 1] == ","
            and before - 1 in start_of)


def states_purpose(lower: Sequence[str], start: int, end: int) -> bool:
    """Whether the words ``start:end`` give a study's aim or method ('the aim of this study was to
    investigate whether …', 'we genotyped …'; ``cues.tsv`` kind ``purpose``) rather than a finding.

    >>> states_purpose("we genotyped kin1 in 300 patients".split(), 0, 6)
    True
    >>> states_purpose("kin1 variants raised the risk".split(), 0, 5)
    False
    """
    cues, openers = _purpose_cues()
    if not cues.isdisjoint(lower[start:end]):
        return True
    # two-word cues ('aim of'): joined only after a word that opens one
    return any(lower[i] in openers and f"{lower[i]} {lower[i + 1]}" in cues for i in range(start, end - 1))


@lru_cache(maxsize=1)
def _purpose_cues() -> tuple[frozenset[str], frozenset[str]]:
    """The ``purpose`` cues and the first words of those of two words."""
    cues = cue_words("purpose")
    return cues, frozenset(c.split(" ", 1)[0] for c in cues if " " in c)


def cue_word(doc: Doc, start: int, end: int, words: frozenset[str], *,
             about: Callable[[int], bool] | None = None) -> str | None:
    """The first cue word of ``words`` among tokens ``start:end`` (its text), if any — not 'not only', nor
    the noun of a measured quantity (:func:`~omsgraph.extract.tables.is_cue`); with ``about``, the
    first at a token index it accepts (a negation about the pair in hand, not a third mention)."""
    lower = lower_words(doc)
    for i in range(start, end):
        if lower[i] == "not" and i + 1 < len(lower) and lower[i + 1] == "only":
            continue  # 'not only … but also' affirms
        if is_cue(lower, i, words) and (about is None or about(i)):
            return doc[i].text
    return None


class Sentence:
    """One sentence being read: its spans, clause of each token, cues, and the relations read so far (``out``)."""

    def __init__(self, sent: Span, spans: list[Span], document: Document, rules: Rules) -> None:
        self.sent, self.spans, self.document, self.rules = sent, spans, document, rules
        self.clause = _clause_id(sent, spans)
        self.out: list[Relation] = []

    def clause_of(self, i: int) -> int:
        return self.clause[i - self.sent.start]

    @cached_property
    def hedge(self) -> str | None:
        """The sentence's hedging cue (every relation read from it is hedged), if any."""
        return cue_word(self.sent.doc, self.sent.start, self.sent.end, self.rules.hedge)

    @cached_property
    def helped(self) -> bool:
        """Whether the sentence has a word of benefit ('improved', 'remission'): what it puts down to
        a drug is then no harm."""
        lower = lower_words(self.sent.doc)
        return any(lower[i].startswith(self.rules.benefit) for i in range(self.sent.start, self.sent.end))

    @cached_property
    def purpose(self) -> bool:
        """Whether the sentence gives the study's aim or method, not a finding (:func:`states_purpose`)."""
        return states_purpose(lower_words(self.sent.doc), self.sent.start, self.sent.end)

    @cached_property
    def entity_at(self) -> list[Span | None]:
        """The mention covering each token of the sentence."""
        return mentions_by_token(self.sent, self.spans)

    def named(self, i: int) -> bool:
        """Whether the token at doc index ``i`` (inside the sentence) lies in a mention."""
        return self.entity_at[i - self.sent.start] is not None

    def relate(self, subj: Span, predicate: str, obj: Span, *, rule: str, trigger: str | None,
               negated: bool | None = None, object_main: bool = False, trigger_at: int | None = None) -> None:
        if subj.kb_id_ and subj.kb_id_ == obj.kb_id_ or span_text(subj).lower() == span_text(obj).lower():
            return
        lo, hi = min(subj.start, obj.start), max(subj.end, obj.end)
        sent, doc = self.sent, self.sent.doc
        scope = (max(sent.start, lo - 3), min(len(doc), hi + 3)) if not object_main else (sent.start, sent.end)
        neg = self._negation(*scope, subj, obj, trigger_at) if negated is None else ("lack" if negated else None)
        hedge = self.hedge
        ev = Evidence(
            document_id=self.document.id, sentence=span_text(self.sent).rstrip(), sentence_start=self.sent.start_char,
            subject_span=(subj.start_char, subj.end_char), object_span=(obj.start_char, obj.end_char), rule=rule,
            section=self.document.section_at(self.sent.start_char), trigger=trigger,
            negated=bool(neg), hedged=bool(hedge), cue=neg or hedge,
        )
        confidence = 0.7 if rule in ("agent-noun", "verb-active", "verb-passive") else 0.55
        self.out.append(Relation(entity_of(subj), predicate, entity_of(obj), ev, negated=bool(neg),
                                 hedged=bool(hedge), confidence=confidence if not hedge else confidence - 0.2))

    def _negation(self, start: int, end: int, subj: Span, obj: Span, trigger_at: int | None) -> str | None:
        """The first negation cue in ``start:end`` that is about this pair: not one denying a third
        mention ("IVIg reduced ataxia but not opsoclonus"), nor — before the trigger ``trigger_at`` —
        one whose own phrase ends at a coordinator ("X is not effective in Y and may worsen Z")."""
        doc, first = self.sent.doc, self.sent.start
        lower = lower_words(doc)
        words = lower[first:self.sent.end]
        entity_at = self.entity_at

        def about(i: int) -> bool:
            if denies_another_mention(words, entity_at, i - first, (subj, obj), lead=_WORDS_BEFORE_DENIED,
                                      stops=lambda m: self.rules.verb(words[m]) is not None):
                return False
            # the cue's phrase names a third mention and ends at a coordinator before the trigger
            return trigger_at is None or i >= trigger_at or not any(
                lower[j] in ("and", "but", "or") and any(i < e.start and e.end <= j for e in self.spans)
                and not any(i < e.start and e.end <= j for e in (subj, obj))
                for j in range(i + 1, trigger_at))

        return cue_word(doc, start, end, self.rules.negation, about=about)
