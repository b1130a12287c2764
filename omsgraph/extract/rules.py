"""Sentence-level relation rules over entity spans (no parser): triggers, roles, clause limits, cues.

>>> import spacy
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("The PI3K inhibitor LY294002 did not reduce apoptosis.")
>>> _ = set_entity_spans(doc, [doc.char_span(4, 8, label="ProteinFamily", kb_id="FPLX:PI3K"),
...     doc.char_span(19, 27, label="Chemical"), doc.char_span(43, 52, label="Process")])
>>> rels = extract_sentence_relations(doc, document=Document(id="HASH:x", text=doc.text), rules=load_rules())
>>> sorted((r.subject.label, r.predicate, r.object.label, r.negated) for r in rels)
[('LY294002', 'decreases', 'apoptosis', True), ('LY294002', 'inhibits', 'PI3K', False)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span

from omsgraph.extract.chemical_gene import CHEMICAL_TYPES, GENE_TYPES, denies_another_mention, extract_chemical_gene
from omsgraph.extract.tables import is_cue, ontology_rows
from omsgraph.model import ENTITY_TYPES, Document, Evidence, Relation
from omsgraph.predicates import load_predicates
from omsgraph.nlp.spans import (
    concept_key, entity_of, entity_spans, lower_words, mentions_by_token, sentence_spans, span_text, spans_by_sentence,
)

AGENT_TYPES = {"Chemical", "Gene", "ProteinFamily", "Entity", "Disease", "Process", "Variant"}
GENE_SIDE = ("Gene", "Variant")   # what a gene–disease association links to a disease
OBJECT_TYPES = {"Chemical", "Gene", "ProteinFamily", "Entity", "Disease", "Phenotype", "Process"}
_MEDIATOR_TYPES = ("Gene", "ProteinFamily", "Process")   # what 'through'/'via' can name as a mediator
# 'X protects neurons … in a model of Y': a name after these and 'of' is the setting, not an object
_SETTINGS = frozenset({"model", "models"})
_MODALS = frozenset({"may", "might", "can", "could", "will", "would", "also"})
# ', and is …', ', but may …': a verb phrase right after the comma shares the clause's subject
_SHARED_SUBJECT = frozenset({"is", "are", "was", "were", "has", "have", "had", "may", "might", "can", "could",
                             "will", "would"})
_NOUN_LEAD = frozenset({"the", "a", "an", "both", "human", "rat", "mouse"})  # before the name an agent noun is 'of'
_CLAUSE_BREAKS = {";", "whereas", "while", "which", "although"}
_PREPOSITIONS = {"with", "from", "in", "on", "for", "among", "to", "at", "into"}
_BE = {"is", "are", "was", "were", "be", "been", "being"}
# words between a negation and the mention it denies: "no effect on X", "no significant change in X",
# "but not by X" (a mention after these is what the cue is about; the chemical–gene scorer keeps its
# own, shorter list, which its weights were fitted with)
_WORDS_BEFORE_DENIED = frozenset({"by", "with", "in", "of", "the", "a", "an", "to", "on", "for", "any", "significant",
                           "significantly", "effect", "effects", "change", "changes", "difference", "differences",
                           "alteration", "alterations", "influence", "impact", "further"})
_NOMINAL_ENDINGS = ("ion", "ions", "ment", "ments")  # trigger nouns: 'inhibition', 'activation', 'enhancement'
_CAUSAL = ("caus", "induc")  # verbs that only say something happened: 'X caused a reduction in Y'
_ANY_TYPE = frozenset(ENTITY_TYPES) | AGENT_TYPES


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
    # words naming experimental material ('rats', 'cells'): a drug given to it is an exposure
    experiment: frozenset[str] = frozenset()
    # predicate -> (subject types, object types, broader predicate) of predicates.tsv; no types = any
    predicate_types: dict[str, tuple[frozenset[str], frozenset[str], str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)
    # predicates of sign -1 in predicates.tsv: the subject lowers the object ('inhibits', 'decreases')
    lowering: frozenset[str] = frozenset()
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

    def verb(self, word: str) -> str | None:
        low = word.lower()
        try:
            return self._verb_cache[low]
        except KeyError:
            pass
        found = None
        for stem, predicate in self.verbs:
            if low.startswith(stem) and len(low) - len(stem) <= 4:
                found = predicate
                break
        if len(self._verb_cache) < 500_000:
            self._verb_cache[low] = found
        return found


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rule tables of ``ontology/triggers.tsv`` and ``ontology/cues.tsv``, and the entity types of
    each predicate of ``ontology/predicates.tsv``."""
    triggers = ontology_rows("triggers.tsv")
    cues = ontology_rows("cues.tsv")
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
        negation=frozenset(c for c, kind in cues if kind == "negation"),
        hedge=frozenset(c for c, kind in cues if kind == "hedge"),
        experiment=frozenset(w for w, _ in by_kind("experiment")),
        predicate_types=predicate_types,
        lowering=frozenset(name for name, p in predicates.items() if p.sign < 0),
    )


def _clause_id(sent: Span) -> list[int]:
    """Clause number of every token of the sentence (breaks at ';', 'whereas', ', which' …)."""
    lower = lower_words(sent.doc)
    ids, current = [], 0
    for i in range(sent.start, sent.end):
        word = lower[i]
        if word in _CLAUSE_BREAKS or (word in ("and", "but") and i > sent.start and lower[i - 1] == ","):
            current += 1  # ', and …' / ', but …' start a new clause with its own subject
        ids.append(current)
    return ids


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


class _Sentence:
    def __init__(self, sent: Span, spans: list[Span], document: Document, rules: Rules) -> None:
        self.sent, self.spans, self.document, self.rules = sent, spans, document, rules
        self.clause = _clause_id(sent)
        self.out: list[Relation] = []

    def clause_of(self, i: int) -> int:
        return self.clause[i - self.sent.start]

    @cached_property
    def hedge(self) -> str | None:
        """The sentence's hedging cue (every relation read from it is hedged), if any."""
        return cue_word(self.sent.doc, self.sent.start, self.sent.end, self.rules.hedge)

    @cached_property
    def entity_at(self) -> list[Span | None]:
        """The mention covering each token of the sentence."""
        return mentions_by_token(self.sent, self.spans)

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


def _main_disease(spans: list[Span]) -> str | None:
    counts = Counter(concept_key(s) for s in spans if s.label_ == "Disease")
    return counts.most_common(1)[0][0] if counts else None


def extract_sentence_relations(doc: Doc, *, document: Document, rules: Rules) -> list[Relation]:
    """Relations read sentence by sentence with the trigger tables."""
    spans = entity_spans(doc)
    main = _main_disease(spans)
    relations: list[Relation] = []
    sentences = sentence_spans(doc)
    for index, (sent, inside) in enumerate(zip(sentences, spans_by_sentence(spans, sentences))):
        if not inside:
            continue
        state = _Sentence(sent, inside, document, rules)
        # chemical -> gene/protein pairs: dedicated patterns + scorer; the rules below only add pairs it left out
        chem_gene, decided = extract_chemical_gene(doc, document=document, sent=sent, spans=inside)
        _agent_nouns(state)
        _induced(state)
        _verbs(state)
        _treatments(state, main, sentences[index + 1] if index + 1 < len(sentences) else None)
        _associations(state, main)
        _gene_disease_associations(state)
        relations.extend(chem_gene)
        relations.extend(r for r in state.out if not _decided(r, decided))
    return relations


def _decided(rel: Relation, decided: set[tuple]) -> bool:
    """A chemical -> gene relation of a pair the chemical-gene stage already related."""
    if not decided:
        return False
    ev = rel.evidence
    return (rel.subject.type in CHEMICAL_TYPES and rel.object.type in GENE_TYPES
            and (ev.subject_span, ev.object_span) in decided)


def _agent_nouns(s: _Sentence) -> None:
    """'the PI3K inhibitor LY294002', 'NVP-AEW541, an IGF-1R antagonist'."""
    doc = s.sent.doc
    for target in s.spans:
        nxt = doc[target.end] if target.end < s.sent.end else None
        predicate = s.rules.agent_noun(nxt.lower_) if nxt is not None else None
        if predicate is None:
            continue
        # 'the Y inhibitor X', 'the Y inhibitor, X' ('Y inhibitors of X', '… in X' name no agent)
        after = [e for e in s.spans if e.label_ in AGENT_TYPES and (
            e.start == nxt.i + 1 or (e.start == nxt.i + 2 and doc[nxt.i + 1].text in (",", "(")))]
        before = [e for e in s.spans if e.end in (target.start - 1, target.start - 2, target.start - 3)
                  and e.label_ in AGENT_TYPES and doc[e.end].text == ","]
        for agent in after[:1] or before[-1:]:
            s.relate(agent, predicate, target, rule="agent-noun", trigger=nxt.text, negated=False)
    # 'X, an inhibitor of Y', 'X is a selective antagonist of Y'
    lower = lower_words(doc)
    for i in range(s.sent.start + 1, s.sent.end - 2):
        predicate = s.rules.agent_noun(lower[i]) if lower[i + 1] == "of" else None
        if predicate is None or any(e.start <= i < e.end for e in s.spans):
            continue
        target = next((e for e in s.spans if i + 2 <= e.start <= i + 4 and e.label_ in OBJECT_TYPES), None)
        agent = next((e for e in reversed(s.spans) if e.end <= i and e.label_ in AGENT_TYPES), None)
        if target is None or agent is None or i - agent.end > 6 or not _described_as(s, agent.end, i):
            continue
        if all(lower[k] in _NOUN_LEAD or (lower[k].isalpha() and s.rules.verb(lower[k]) is None)
               for k in range(i + 2, target.start)):
            s.relate(agent, predicate, target, rule="agent-noun", trigger=doc[i].text, negated=False)


def _described_as(s: _Sentence, start: int, noun: int) -> bool:
    """Whether the words from ``start`` to the agent noun at ``noun`` describe the name before them:
    a comma, bracket or form of 'be', then an article and adjectives ('X, a potent', 'X is an')."""
    lower = lower_words(s.sent.doc)
    words = list(lower[start:noun])
    if len(words) < 2 or words[0] not in (",", "(", *_BE):
        return False
    article = 2 if words[1] == "also" else 1
    if article >= len(words) or words[article] not in ("a", "an"):
        return False
    return all(w == "and" or (w.isalpha() and w not in _PREPOSITIONS and w not in ("of", "by", "or")
                              and s.rules.verb(w) is None) for w in words[article + 1:]) \
        and not any(e.start < noun and e.end > start for e in s.spans)


def _is_role_word(s: _Sentence, span: Span) -> bool:
    """An entity that only names the target of an agent noun ('PI3K' in 'the PI3K inhibitor X')."""
    doc = s.sent.doc
    return span.end < s.sent.end and s.rules.agent_noun(doc[span.end].lower_) is not None


def _induced(s: _Sentence) -> None:
    """'X-induced Y' and 'Y induced by X'."""
    doc = s.sent.doc
    for e in s.spans:
        if e.end + 1 < s.sent.end and doc[e.end].text == "-" and doc[e.end + 1].lower_ in ("induced", "mediated", "evoked"):
            obj = next((o for o in s.spans if o.start > e.end + 1 and o.label_ in OBJECT_TYPES), None)
            if obj is not None and obj.start - e.end <= 4:
                s.relate(e, "causes" if obj.label_ in ("Disease", "Phenotype") else "increases", obj,
                         rule="x-induced-y", trigger=doc[e.end + 1].text)


def _candidates(s: _Sentence, clause: int, lo: int, hi: int) -> list[Span]:
    return [e for e in s.spans if lo <= e.start and e.end <= hi and s.clause_of(e.start) == clause]


def _verbs(s: _Sentence) -> None:
    doc = s.sent.doc
    lower = lower_words(doc)
    for i in range(s.sent.start, s.sent.end):
        hyphened = i - 2 >= s.sent.start and lower[i - 1] == "-"
        # 'up-regulated', 'down-regulates': the tokenizer splits them; '-induced' is _induced's
        predicate = s.rules.verb(lower[i - 2] + lower[i]) if hyphened and lower[i - 2] in ("up", "down") else (
            None if hyphened else s.rules.verb(lower[i]))
        if predicate is None or any(e.start <= i < e.end for e in s.spans) or s.rules.agent_noun(lower[i]):
            continue  # 'KIN1 inhibitors such as X': a noun naming the agent's role (_agent_nouns reads it)
        tok = doc[i]
        clause = s.clause_of(tok.i)
        if tok.i > s.sent.start and doc[tok.i - 1].lower_ in _PREPOSITIONS:
            continue  # 'patients with worsening X': an adjective, not a clause verb
        # 'Y was blocked by X' and the reduced relative 'Y induced by X'; 'Y was induced in rats by X'
        by_at = _agent_by(s, i, lower)
        # 'Y was increased in the X transgenic mice': no 'by', and the setting after the verb is
        # what changed Y (read as before, with X as the agent, never as 'Y increases X')
        setting = by_at is None and lower[i].endswith("ed") and _after_be(lower, i, s.sent.start)
        passive = by_at is not None or setting
        left = _candidates(s, clause, s.sent.start, tok.i)
        right = _candidates(s, clause, tok.i + 1, s.sent.end)
        if passive:
            agent = next((e for e in right if e.label_ in AGENT_TYPES and not _is_role_word(s, e) and (
                e.start <= i + 8 if setting else
                e.start > by_at and not any(w in (",", ";", "and", "or") for w in lower[by_at + 1:e.start - 1])
                and lower[e.start - 1] not in (";", "and", "or"))), None)   # '…antagonist, MK-801' names it
            target = next((e for e in reversed(left) if e.label_ in OBJECT_TYPES), None)
            if target is not None and target.label_ == "Process":
                # 'Akt phosphorylation was activated by X': X acts on the gene the process is of
                owner = next((e for e in left if e.end == target.start and e.label_ in ("Gene", "ProteinFamily")), None)
                target = owner or target
            if target is not None and lower[i].endswith(_NOMINAL_ENDINGS) and target.end != i:
                # a noun ('Akt activation by IGF-1') takes only the name right before it as its object;
                # in 'wortmannin abolished the protection by IGF-1' nothing is protected from wortmannin
                target = None
            if agent is not None and target is not None:
                s.relate(agent, predicate, target, rule="verb-passive", trigger=tok.text, trigger_at=tok.i)
                # 'A and B were blocked by X' / 'A was blocked by X and Y'
                for other in _coordinated(doc, agent, right, AGENT_TYPES):
                    s.relate(other, predicate, target, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
                if target.end == i or (lower[i - 1] in _BE and target.end == i - 1):
                    for other in _coordinated(doc, target, left, OBJECT_TYPES, before=True):
                        s.relate(agent, predicate, other, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
            continue
        subjects = [e for e in left if e.label_ in AGENT_TYPES and not _is_role_word(s, e)
                    and not (e.start > s.sent.start and doc[e.start - 1].lower_ in _PREPOSITIONS
                             and not _given(lower, e.start - 1, s.sent.start))
                    and not (e.end < s.sent.end and doc[e.end].text == "-")]
        objects = [e for e in right if e.label_ in OBJECT_TYPES and not _is_role_word(s, e)
                   and not (e.end < s.sent.end and doc[e.end].text == "-")
                   and not _in_setting(lower, e.start, i)]
        if not subjects or not objects:
            continue
        subject, target = _nearest_subject(s, subjects, i, lower), objects[0]
        via_at = next((k for k in range(i + 1, target.start) if lower[k] in s.rules.via), None)
        if via_at is not None:
            # 'BDNF increases neuronal survival via the PI3K pathway': the name past 'via' mediates
            # the effect on something unnamed; it is not what the verb acts on
            if target.label_ in _MEDIATOR_TYPES and target.start - via_at <= 3:
                s.relate(subject, "acts_via", target, rule="through-y", trigger=doc[via_at].text)
            continue
        noun = _nominal(lower, i, s.sent.end)
        if noun and all(lower[k] in (":", "-", "/") or any(e.start <= k < e.end for e in s.spans)
                        for k in range(subject.end, i)):
            continue  # 'Dll4:Notch blockade in tissues': the names before the noun are what it blocks
        if lower[i].startswith(_CAUSAL) and any(s.rules.lowers(lower[k]) and _nominal(lower, k, s.sent.end)
                                               for k in range(i + 1, target.start)):
            continue  # 'X caused a reduction in Y': X lowered Y, which the noun states, not 'X causes Y'
        if predicate in ("increases", "activates") and noun and any(s.rules.lowers(w) for w in lower[subject.end:i]):
            continue  # 'X prevented the activation of Y': the verb before the noun states X's effect
        if predicate == "increases" and tok.lower_.startswith("induc") and target.label_ in ("Disease", "Phenotype"):
            predicate = "causes"
        s.relate(subject, predicate, target, rule="verb-active", trigger=tok.text, trigger_at=tok.i)
        # coordinated subjects: 'IGF-1/PI3K signalling alleviates …', 'X and Y inhibited Z'
        agents = [subject, *_coordinated(doc, subject, left, AGENT_TYPES)]
        for other in agents[1:]:
            s.relate(other, predicate, target, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
        # coordinated objects: 'X attenuated the cardiac dysfunction and myocardial injury'; not after a
        # form of 'be' ('A, B and C were up-regulated, and D, E …': lists, no agent) nor past a list word,
        # nor after a noun ('… and decrease in A, B and C', 'activation of A, B …': no agent on its left)
        if lower[i - 1] not in _BE and not noun and not any(w in (",", "and", "or", ";") for w in lower[i + 1:target.start]):
            for other in _coordinated(doc, target, objects, OBJECT_TYPES):
                s.relate(subject, predicate, other, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
        # mediation: 'X alleviates Y through Z signalling'
        for v in range(max(s.sent.start, target.end), s.sent.end):
            if lower[v] in s.rules.via:
                via = doc[v]
                mediator = next((e for e in right if e.start > via.i and e.label_ in _MEDIATOR_TYPES), None)
                if mediator is not None and mediator.start - via.i <= 3:
                    s.relate(subject, "acts_via", mediator, rule="through-y", trigger=via.text)
                break


def _in_setting(lower: tuple[str, ...], start: int, trigger: int) -> bool:
    """Whether the name at ``start`` follows 'model(s) of' and at most two words ('in a model of
    paediatric Y'), past the trigger at ``trigger``."""
    for k in range(start - 1, max(trigger, start - 4), -1):
        if lower[k] == "of":
            return k - 1 > trigger and lower[k - 1] in _SETTINGS
        if not lower[k].isalpha():
            return False
    return False


def _after_be(lower: tuple[str, ...], i: int, start: int) -> bool:
    """Whether the word at ``i`` follows a form of 'be', perhaps past one adverb ('was significantly')."""
    return (i - 1 >= start and lower[i - 1] in _BE) or (
        i - 2 >= start and lower[i - 2] in _BE and lower[i - 1].endswith("ly"))


def _agent_by(s: _Sentence, i: int, lower: tuple[str, ...]) -> int | None:
    """The index of the 'by' naming the agent of a passive trigger at ``i``: right after it ('Y
    blocked by X'), or after a form of 'be' within five words with no other trigger or break between
    ('Y was induced in rats by X')."""
    end = s.sent.end
    if i + 1 < end and lower[i + 1] == "by":
        return i + 1
    if not _after_be(lower, i, s.sent.start):
        return None
    for k in range(i + 2, min(end, i + 7)):
        if lower[k] == "by":
            return k
        if lower[k] in (",", ";", "and", "or", "but", "which", "that") or s.rules.verb(lower[k]):
            return None
    return None


def _nearest_subject(s: _Sentence, subjects: list[Span], trigger: int, lower: tuple[str, ...]) -> Span:
    """The clause's first name, unless another name stands right before a past-participle trigger
    and a verb or 'and' lies between the two ('X failed to prevent ACTH induced hypertension': ACTH
    induced it, not X); names merely listed with the first ('X and Y induced Z') leave it first."""
    first, last = subjects[0], subjects[-1]
    if last is first or last.end != trigger or not lower[trigger].endswith("ed"):
        return first
    # a list ending right before the verb is read from its head, which must itself be able to be a
    # subject: in 'sera from children with OMS and NB increased …' the list is in a prepositional phrase
    listed = _coordinated(s.sent.doc, last, s.spans, _ANY_TYPE, before=True)
    head = listed[-1] if listed else last
    if head is first or head not in subjects or head in _coordinated(s.sent.doc, first, subjects, AGENT_TYPES):
        return first
    between = [w for k, w in enumerate(lower[first.end:head.start], start=first.end)
               if not any(e.start <= k < e.end for e in s.spans)]
    if any(w == "and" or w.endswith("ed") or s.rules.verb(w) for w in between):
        return head
    return first


# nouns of giving a drug: in 'treatment with X reduced Y' and 'exposure to X raised Y', X is the agent
_GIVING = frozenset({"treatment", "pretreatment", "co-treatment", "cotreatment", "incubation", "exposure",
                     "supplementation", "administration", "coadministration", "co-administration", "infusion",
                     "injection", "therapy", "stimulation", "preincubation", "pre-treatment", "challenge"})


def _given(lower: tuple[str, ...], preposition: int, start: int) -> bool:
    """Whether the preposition at ``preposition`` joins a noun of giving to what was given
    ('treatment with X', 'exposure to X'), so the name after it can be a verb's subject."""
    return (lower[preposition] in ("with", "to") and preposition > start
            and lower[preposition - 1] in _GIVING)


def _nominal(lower: tuple[str, ...], i: int, end: int) -> bool:
    """Whether the trigger at ``i`` is a noun: 'inhibition', 'enhancement', or any trigger word
    followed by 'of' or 'in' ('increase in', 'decrease of')."""
    return lower[i].endswith(_NOMINAL_ENDINGS) or (i + 1 < end and lower[i + 1] in ("of", "in"))


def _listed(doc: Doc, left: Span, right: Span) -> bool:
    """Whether ``right`` follows ``left`` with nothing but '/', 'and', 'or' and commas between ('X, Y and Z')."""
    return left.end < right.start and all(t.lower_ in ("/", "and", "or", ",") for t in doc[left.end:right.start])


def _coordinated(doc: Doc, anchor: Span, spans: list[Span], types: set[str], *, before: bool = False) -> list[Span]:
    """The names of ``types`` listed after ``anchor`` in text order, or with ``before`` the names
    listed before it, nearest first ('X, Y and Z' read from Z back); see :func:`_listed`."""
    chain, edge = [], anchor
    for other in reversed(spans) if before else spans:
        left, right = (other, edge) if before else (edge, other)
        if right.start < left.end or other.label_ not in types:
            continue
        if not _listed(doc, left, right):
            break
        chain.append(other)
        edge = other
    return chain


def _treatments(s: _Sentence, main: str | None, following: Span | None) -> None:
    doc = s.sent.doc
    lower = lower_words(doc)
    triggers = [doc[i] for i in range(s.sent.start, s.sent.end) if lower[i] in s.rules.treat]
    if not triggers:
        return
    chemicals = [e for e in s.spans if e.label_ in ("Chemical", "Gene", "ProteinFamily")]
    diseases = [e for e in s.spans if e.label_ in ("Disease", "Phenotype")]
    if not chemicals:
        return
    words = lower[s.sent.start:s.sent.end]
    # 'patients treated with X developed Y', 'Y occurred during X therapy': harm, not treatment, unless
    # the sentence names the disease as what is treated ('X therapy for Y', 'Y treated with X')
    helped = any(w.startswith(s.rules.benefit) for w in words)
    harm = not helped and any(w.startswith(s.rules.adverse) for w in words)
    if not diseases:
        # 'a trial with X was attempted' + 'lack of any beneficial effect' in the next sentence:
        # the treated condition is the document's main disease, named elsewhere.
        main_span = next((e for e in entity_spans(doc) if concept_key(e) == main), None)
        if main_span is None:
            return
        if harm or any(w in s.rules.experiment for w in words):
            return  # 'rats were treated with X', 'side effects during treatment with X': exposure, not therapy
        negated = following is not None and cue_word(doc, following.start, following.end, s.rules.negation) is not None and any(
            t.lower_ in ("beneficial", "benefit", "effect", "improvement", "response") for t in following)
        withs = [t for t in s.sent if t.lower_ == "with" and t.i > s.sent.start
                 and doc[t.i - 1].lower_ in ("trial", "treated", "treatment", "therapy")]
        if not withs:
            return
        for chem in chemicals:
            if chem.start > withs[0].i and not any(t.text in ".;" for t in doc[withs[0].i:chem.start]) \
                    and not _induces_in_document(doc, chem, main):
                s.relate(chem, "treats", main_span, rule="trial-main-disease", trigger=triggers[0].text,
                         negated=negated or None, object_main=True)
        return
    trigger = triggers[0]
    for chem in chemicals:
        for dis in diseases:
            if harm and not _indication(lower, dis, s.rules.treat, s.sent):
                continue
            if _named_inducer(lower, chem, dis, helped=_helped(lower, chem, dis, s.rules.benefit)):
                continue  # 'treatment for ticlopidine-induced aplastic anemia': the drug brought it on
            if _treated_group(lower, chem, dis):
                continue  # 'the tobramycin-treated patients had renal failure': an outcome of the drug
            if _target_of_agent(lower, chem, s.sent, s.rules):
                continue  # 'COMT inhibitors for Parkinson disease': the inhibitors treat it, not COMT
            if s.clause_of(chem.start) != s.clause_of(dis.start) and not any(
                    t.lower_ in ("but",) for t in doc[min(chem.end, dis.end):max(chem.start, dis.start)]) \
                    and not _subject_shared(s, chem, dis):
                continue
            if trigger.i > max(chem.start, dis.start) and not _given_as(lower, chem.end, trigger.i):
                continue  # 'X … for Y, which may be therapy targets': the trigger must come before one of them
            if _raised_by_verb(s, max(trigger.i, chem.end), dis.start):
                continue  # 'X is not effective in A and may worsen B': B is what X worsens, not treats
            s.relate(chem, "treats", dis, rule="treatment", trigger=trigger.text)


def _subject_shared(s: _Sentence, chem: Span, dis: Span) -> bool:
    """Whether the drug, named first, is the subject of the clauses up to the disease: each clause
    begun between them is a verb phrase with no subject of its own (', and is …', ', and may …')."""
    if chem.end > dis.start:
        return False
    lower = lower_words(s.sent.doc)
    return all(s.clause_of(k) == s.clause_of(k - 1) or (
        lower[k] in ("and", "but") and k + 1 < dis.start and lower[k + 1] in _SHARED_SUBJECT)
        for k in range(chem.end + 1, dis.start))


def _raised_by_verb(s: _Sentence, start: int, end: int) -> bool:
    """Whether a second verb phrase raising or causing something begins between ``start`` and
    ``end``: 'and' (or 'but'), perhaps a modal, then the verb ('… and may worsen B'). A participle
    ('attenuated STZ induced injury') or a gerund ('effective in increasing counts') does not count."""
    lower = lower_words(s.sent.doc)
    for k in range(start + 1, end):
        if s.rules.verb(lower[k]) in ("increases", "causes", "activates") and not any(
                e.start <= k < e.end for e in s.spans):
            j = k - 1 if lower[k - 1] in _MODALS else k
            if j - 1 > start and lower[j - 1] in ("and", "but"):
                return True
    return False


def _indication(lower: tuple[str, ...], dis: Span, treat: frozenset[str], sent: Span) -> bool:
    """Whether the words around a disease name it as what a treatment is for: '… therapy for Y',
    'treated for disseminated Y', 'for the treatment of Y', 'Y treated with …', 'Y patients treated …'."""
    before = lower[max(sent.start, dis.start - 6):dis.start]
    first = next((i for i, w in enumerate(before) if w in treat), None)
    if first is not None and any(w in ("for", "of") for w in before[first + 1:first + 3]):
        return True  # 'therapy for Y', 'treatment of severe Y' (not 'therapy increases the risk of Y')
    if "for" in before and any(w in treat for w in before[before.index("for") + 1:]):
        return True
    if "for" in before[-2:] and any(w in treat for w in before):
        return True  # 'patients treated with X for preterm labor'
    return "treated" in lower[dis.end:min(sent.end, dis.end + 2)]


def _target_of_agent(lower: tuple[str, ...], name: Span, sent: Span, rules: Rules) -> bool:
    """Whether a name is the target of the drugs named beside it: 'COMT inhibitors', 'monoamine
    oxidase (MAO) B inhibitor', 'inhibitors of human MAO-B' (an agent noun at most five words after
    it, before any comma, or an agent noun and 'of' in the three words before it) — a wider reading
    than :func:`_is_role_word`'s next word, for the treatment rule only."""
    for word in lower[name.end:min(sent.end, name.end + 5)]:
        if word in (",", ";") or (word not in ("-", "(", ")") and not word.isalnum()):
            break
        if rules.agent_noun(word):
            return True
    before = lower[max(sent.start, name.start - 3):name.start]
    return any(rules.agent_noun(w) and "of" in before[i + 1:] for i, w in enumerate(before))


_INDUCER_WORDS = frozenset({"induced", "mediated", "associated", "related", "evoked", "elicited", "provoked"})
# words after a disease that name what brought it on: 'Y caused by X', 'hepatic injury due to X
# treatment', 'Y after the use of X', 'Y following X'
_CAUSE_AFTER = frozenset({"caused", "induced", "due", "secondary", "attributed", "attributable", "after", "following",
                          "during", "associated"})


def _named_inducer(lower: tuple[str, ...], chem: Span, disease: Span, *, helped: bool = False) -> bool:
    """Whether a drug is named as what brought on a disease: 'X-induced Y', 'X-mediated acute Y', 'X
    induced Y', 'cisplatin nephrotoxicity' (the drug right before the disease), and — in a sentence
    with no word of benefit ('remission of Y after X') — 'Y caused by X', 'Y due to X treatment',
    'Y after the use of X' (a cause word at most three words after the disease, the drug at most six).

    >>> import spacy
    >>> doc = spacy.blank("en")("injury due to amiodarone treatment")
    >>> words = tuple(t.lower_ for t in doc)
    >>> _named_inducer(words, doc[3:4], doc[0:1]), _named_inducer(words, doc[3:4], doc[0:1], helped=True)
    (True, False)
    """
    if chem.end <= disease.start:
        after = lower[chem.end:disease.start]
        if after[:1] == ("-",):
            after = after[1:]
        return not after or (len(after) <= 4 and after[0] in _INDUCER_WORDS)
    between = lower[disease.end:chem.start]
    return not helped and 0 < len(between) <= 6 and any(w in _CAUSE_AFTER for w in between[:3])


def _helped(lower: tuple[str, ...], chem: Span, disease: Span, benefit: tuple[str, ...]) -> bool:
    """A word of benefit just before the disease or between it and the drug ('remission of Y after X',
    'Y improved on X'), so that 'Y after X' there names no cause."""
    window = lower[max(0, min(chem.start, disease.start) - 3):max(chem.start, disease.start)]
    return any(w.startswith(benefit) for w in window)


def _treated_group(lower: tuple[str, ...], chem: Span, disease: Span) -> bool:
    """Whether the drug names a treated group and the disease comes later as what the group showed:
    'X-treated rats exhibited Y', 'in the X-treated group Y increased' — not 'X-treated Y patients'
    nor 'X-treated patients with Y', which name what was treated."""
    after = lower[chem.end:chem.end + 2]
    at = chem.end + 1 if after[:1] == ("-",) else chem.end
    if at >= disease.start or lower[at] != "treated":
        return False
    return disease.start - at > 2 and lower[disease.start - 1] not in ("with", "for", "of")


def _induces_in_document(doc: Doc, chem: Span, disease: str) -> bool:
    """Whether some sentence names the chemical as what brought on the disease ('indomethacin induced
    renal dysfunction' in the title of a trial of a drug given with indomethacin)."""
    lower = lower_words(doc)
    spans = entity_spans(doc)
    key = concept_key(chem)
    for inside in spans_by_sentence(spans, sentence_spans(doc)):
        causes = [e for e in inside if concept_key(e) == key]
        if causes:
            for effect in inside:
                if concept_key(effect) == disease and any(
                        c.end <= effect.start and _named_inducer(lower, c, effect) for c in causes):
                    return True
    return False


def _given_as(lower: tuple[str, ...], after: int, trigger: int) -> bool:
    """Whether the few words from a drug to a treatment word after it name the drug's use: 'In Y, X is
    used as a rescue therapy', 'X was given as adjunctive treatment'."""
    return 0 < trigger - after <= 6 and "as" in lower[after:trigger]


def _associations(s: _Sentence, main: str | None) -> None:
    lower = lower_words(s.sent.doc)
    triggers = [s.sent.doc[i] for i in range(s.sent.start, s.sent.end) if lower[i] in s.rules.assoc]
    if not triggers:
        return
    diseases = [e for e in s.spans if e.label_ == "Disease"]
    if len(diseases) < 2:
        return
    anchor = next((d for d in diseases if concept_key(d) == main), diseases[0])
    for other in diseases:
        if concept_key(other) != concept_key(anchor):
            s.relate(anchor, "associated_with", other, rule="association", trigger=triggers[0].text)


def _gene_disease_associations(s: _Sentence) -> None:
    """A gene or variant and a disease in a sentence worded as a genetic link ('mutations in X in
    families with Y', 'X variants and the risk of Y'): associated_with, unless another rule of this
    sentence already related the two."""
    genes = [e for e in s.spans if e.label_ in GENE_SIDE]
    diseases = [e for e in s.spans if e.label_ == "Disease"] if genes else []
    if not diseases:
        return  # most sentences: no word is read
    lower, rules = lower_words(s.sent.doc), s.rules
    trigger = next((i for i in range(s.sent.start, s.sent.end) if lower[i] in rules.genetic or lower[i] in rules.assoc),
                   None)
    if trigger is None:
        return
    related = {(r.evidence.subject_span, r.evidence.object_span) for r in s.out}
    for gene in genes:
        for disease in diseases:
            g, d = (gene.start_char, gene.end_char), (disease.start_char, disease.end_char)
            if (g, d) not in related and (d, g) not in related:
                s.relate(gene, "associated_with", disease, rule="gene-disease-association",
                         trigger=s.sent.doc[trigger].text)
