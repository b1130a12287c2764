"""Verb and agent-noun rules of one sentence (no parser: word order, clauses, cue words).

>>> import spacy
>>> from omsgraph.extract.sentence import load_rules
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("In rats KIN1 was induced by zentamol.")
>>> _ = set_entity_spans(doc, [doc.char_span(8, 12, label="Gene"), doc.char_span(28, 36, label="Chemical")])
>>> s = Sentence(doc[:], list(doc.ents), Document(id="HASH:x", text=doc.text), load_rules())
>>> read_verbs(s); [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in s.out]
[('zentamol', 'increases', 'KIN1', 'verb-passive')]
"""

from __future__ import annotations

from spacy.tokens import Span

from omsgraph.extract.phrases import BE, NOMINAL_ENDINGS, after_be, coordinated, next_word, nominal
from omsgraph.extract.sentence import AGENT_TYPES, DISEASE_TYPES, OBJECT_TYPES, Sentence
from omsgraph.extract.tables import cue_words
from omsgraph.model import ENTITY_TYPES
from omsgraph.nlp.spans import lower_words

_MEDIATOR_TYPES = ("Gene", "ProteinFamily", "Process")   # what 'through'/'via' can name as a mediator
# 'X protects neurons … in a model of Y': a name after these and 'of' is the setting, not an object
_SETTINGS = frozenset({"model", "models"})
_NOUN_LEAD = frozenset({"the", "a", "an", "both", "human", "rat", "mouse"})  # before the name an agent noun is 'of'
_PREPOSITIONS = {"with", "from", "in", "on", "for", "among", "to", "at", "into", "against"}
# prepositions naming the setting a passive happened in ('was reduced in mice treated with X')
_SETTING_WORDS = frozenset({"in", "with", "upon", "after", "following", "during", "among"})
# before a gerund, these make it a time or manner phrase with no agent of its own
_TIME_WORDS = frozenset({"upon", "after", "before", "without", "while"})
_NO_AGENT_BEFORE = frozenset(_PREPOSITIONS) | _TIME_WORDS
_ADJECTIVE_ENDINGS = ("ory", "ive", "ible")
# 'the protective effect of X against Y': the prepositions of an adjective's effect phrase (its nouns
# are cues.tsv kind effect-noun)
_TOWARDS = frozenset({"on", "against", "toward", "towards", "in", "to", "for"})
# what can act as the agent of a participle right after it ('in isoproterenol induced Y'); a disease or a
# process so placed ('in colorectal tumours induced by …', 'diabetic induced') is a setting
_ACTORS = frozenset({"Chemical", "Gene", "ProteinFamily", "Variant"})
_INVERSE = {"increases": "decreases", "decreases": "increases", "activates": "inhibits", "inhibits": "activates"}
_CAUSAL = ("caus", "induc")  # verbs that only say something happened: 'X caused a reduction in Y'
_ANY_TYPE = frozenset(ENTITY_TYPES) | AGENT_TYPES


def read_agent_nouns(s: Sentence) -> None:
    """'the PI3K inhibitor LY294002', 'NVP-AEW541, an IGF-1R antagonist'."""
    doc = s.sent.doc
    lower = lower_words(doc)
    for target in s.spans:
        # the word after the name, read from the lower-case words first: a Token only for an agent noun
        predicate = s.rules.agent_noun(lower[target.end]) if target.end < s.sent.end else None
        if predicate is None:
            continue
        nxt = doc[target.end]
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
        if predicate is None or s.named(i):
            continue
        target = next((e for e in s.spans if i + 2 <= e.start <= i + 4 and e.label_ in OBJECT_TYPES), None)
        agent = next((e for e in reversed(s.spans) if e.end <= i and e.label_ in AGENT_TYPES), None)
        if target is None or agent is None or i - agent.end > 6 or not _described_as(s, agent.end, i):
            continue
        if all(lower[k] in _NOUN_LEAD or (lower[k].isalpha() and s.rules.verb(lower[k]) is None)
               for k in range(i + 2, target.start)):
            s.relate(agent, predicate, target, rule="agent-noun", trigger=doc[i].text, negated=False)


def _described_as(s: Sentence, start: int, noun: int) -> bool:
    """Whether the words from ``start`` to the agent noun at ``noun`` describe the name before them:
    a comma, bracket or form of 'be', then an article and adjectives ('X, a potent', 'X is an')."""
    lower = lower_words(s.sent.doc)
    words = list(lower[start:noun])
    if len(words) < 2 or words[0] not in (",", "(", *BE):
        return False
    article = 2 if words[1] == "also" else 1
    if article >= len(words) or words[article] not in ("a", "an"):
        return False
    return all(w == "and" or (w.isalpha() and w not in _PREPOSITIONS and w not in ("of", "by", "or")
                              and s.rules.verb(w) is None) for w in words[article + 1:]) \
        and not any(e.start < noun and e.end > start for e in s.spans)


def _is_role_word(s: Sentence, span: Span) -> bool:
    """An entity that only names the target of an agent noun ('PI3K' in 'the PI3K inhibitor X')."""
    doc = s.sent.doc
    return span.end < s.sent.end and s.rules.agent_noun(doc[span.end].lower_) is not None


def _candidates(s: Sentence, clause: int, lo: int, hi: int) -> list[Span]:
    return [e for e in s.spans if lo <= e.start and e.end <= hi and s.clause_of(e.start) == clause]


def read_verbs(s: Sentence) -> None:
    doc = s.sent.doc
    lower = lower_words(doc)
    for i in range(s.sent.start, s.sent.end):
        hyphened = i - 2 >= s.sent.start and lower[i - 1] == "-"
        # 'up-regulated', 'down-regulates': the tokenizer splits them; '-induced' is _induced's
        predicate = s.rules.verb(lower[i - 2] + lower[i]) if hyphened and lower[i - 2] in ("up", "down") else (
            None if hyphened else s.rules.verb(lower[i]))
        stated = predicate   # the table's predicate, before it is fitted to one object
        outcome = predicate is None and i + 1 < s.sent.end and (lower[i], lower[i + 1]) in s.rules.outcome
        if outcome:
            predicate = "causes"   # 'heavy use of X may lead to memory impairments': only a disease, below
        if predicate is not None and lower[i].endswith(_ADJECTIVE_ENDINGS) and not s.named(i):
            _read_adjective(s, i, lower, predicate)
            continue
        if predicate is None or s.named(i) or s.rules.agent_noun(lower[i]):
            continue  # 'KIN1 inhibitors such as X': a noun naming the agent's role (_agent_nouns reads it)
        tok = doc[i]
        clause = s.clause_of(tok.i)
        if tok.i > s.sent.start and lower[i - 1] in _NO_AGENT_BEFORE \
                and (lower[i - 2], lower[i - 1]) not in s.rules.outcome:
            continue  # 'patients with worsening X': an adjective; 'resolved upon reducing X': no agent named;
            # but 'X led to increased Y', 'X resulted in reduced Y': what X brought about
        # 'Y was blocked by X' and the reduced relative 'Y induced by X'; 'Y was induced in rats by X'
        follows_be = after_be(lower, i, s.sent.start)
        by_at = _agent_by(s, i, lower, follows_be=follows_be)
        # 'Y was increased in the X transgenic mice': no 'by', and the setting after the verb is
        # what changed Y (read as before, with X as the agent, never as 'Y increases X')
        setting = by_at is None and lower[i].endswith("ed") and follows_be and (
            next_word(lower, i, s.sent.end) in _SETTING_WORDS)   # not 'were protected from Y'
        if by_at is None and _read_of_by(s, i, lower, predicate):
            continue
        passive = by_at is not None or setting
        left = _candidates(s, clause, s.sent.start, tok.i)
        right = _candidates(s, clause, tok.i + 1, s.sent.end)
        if passive:
            agent = next((e for e in right if e.label_ in AGENT_TYPES and not _is_role_word(s, e) and (
                e.start <= i + 8 if setting else
                e.start > by_at and not any(w in (",", ";", "and", "or") for w in lower[by_at + 1:e.start - 1])
                and lower[e.start - 1] not in (";", "and", "or"))), None)   # '…antagonist, MK-801' names it
            target = next((e for e in reversed(left) if e.label_ in OBJECT_TYPES), None)
            if target is not None and not follows_be and not _qualified(s, target, i, lower):
                target = None  # a reduced relative ('the changes caused by X') qualifies the noun phrase before it
            if target is not None and target.start > s.sent.start and lower[target.start - 1] == "by":
                target = None  # 'behaviour induced by X was reduced in …': X is another verb's agent
            if target is not None and target.label_ == "Process":
                # 'Akt phosphorylation was activated by X': X acts on the gene the process is of
                owner = next((e for e in left if e.end == target.start and e.label_ in ("Gene", "ProteinFamily")), None)
                target = owner or target
            if target is not None and lower[i].endswith(NOMINAL_ENDINGS) and target.end != i:
                # a noun ('Akt activation by IGF-1') takes only the name right before it as its object;
                # in 'wortmannin abolished the protection by IGF-1' nothing is protected from wortmannin
                target = None
            if agent is None or target is None:
                continue
            predicate = _improving(predicate, tok.lower_, target)
            if predicate is None:
                continue
            predicate = _said_of(s, agent, predicate, lower)   # 'Y was raised by knockdown of X': X lowers Y
            if predicate is None:
                continue
            s.relate(agent, predicate, target, rule="verb-passive", trigger=tok.text, trigger_at=tok.i)
            # 'A and B were blocked by X' / 'A was blocked by X and Y'
            for other in coordinated(doc, agent, right, AGENT_TYPES):
                s.relate(other, predicate, target, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
            if target.end == i or (lower[i - 1] in BE and target.end == i - 1):
                for other in coordinated(doc, target, left, OBJECT_TYPES, before=True):
                    if _improving(stated, tok.lower_, other) == _improving(stated, tok.lower_, target):
                        s.relate(agent, predicate, other, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
            continue
        subjects = [e for e in left if e.label_ in AGENT_TYPES and not _is_role_word(s, e)
                    and not (e.start > s.sent.start and doc[e.start - 1].lower_ in _PREPOSITIONS
                             and not _given(lower, e.start - 1, s.sent.start))
                    and not (e.end < s.sent.end and doc[e.end].text == "-" and not _given_to(lower, e.end, s.sent.end))]
        objects = [e for e in right if e.label_ in OBJECT_TYPES and not _is_role_word(s, e)
                   and not (e.end < s.sent.end and doc[e.end].text == "-")
                   and not _in_setting(lower, e.start, i) and not _agent_of_participle(lower, e.start, i)
                   and not _reported_that(lower, i + 1, e.start)]
        # 'in isoproterenol induced myocardial infarction': a participle right after a name inside a
        # prepositional phrase, its object right after it, is that name's (the clause's subject has its own verb)
        inner = next((e for e in left if e.end == i and e.label_ in _ACTORS
                      and e.start > s.sent.start and lower[e.start - 1] in _PREPOSITIONS), None)
        if inner is not None and lower[i].endswith("ed") and objects and objects[0].start <= i + 2:
            subjects = [inner]
        elif inner is not None and lower[i] in cue_words("brought-about") and not _given(lower, inner.start - 1, s.sent.start):
            continue  # 'protects against Z induced sensitivity to Y': the participle is Z's, not the subject's
        if not subjects or not objects:
            continue
        subject, target = _nearest_subject(s, subjects, i, lower), objects[0]
        if outcome and not (subject.label_ == "Chemical" and target.label_ in DISEASE_TYPES
                            and target.start - i <= 4 and not any(s.rules.verb(w) or w.startswith(s.rules.benefit)
                                                                  for w in lower[i + 2:target.start])):
            # 'led to increased Y' is read at 'increased'; 'led to the loss of Y' states nothing, 'led to
            # resolution of Y' no harm (the treatment rule reads it); a
            # drug's harm only: a gene and a disease named so are the gene–disease table's to score
            continue
        if lower[i - 1] == "and" and any(s.rules.verb(lower[k]) and not nominal(lower, k, s.sent.end)
                                         and k + 1 < subject.start and s.clause_of(k) == clause
                                         and "," not in lower[k:subject.start]
                                         for k in range(s.sent.start, subject.start)):
            continue  # 'Z lowered the levels of A and increased B': A is the first verb's object; Z is unnamed
        if lower[i - 1] == "and" and nominal(lower, i, s.sent.end) and any(
                lower[k + 1] == "of" and s.rules.verb(lower[k]) and s.clause_of(k) == clause
                for k in range(s.sent.start, subject.start)):
            continue  # 'downregulation of A, B and C and upregulation of D': two findings, A is the first noun's
        if lower[i - 1] == "by" and any(s.rules.verb(lower[k]) and s.clause_of(k) == clause
                                        for k in range(s.sent.start, subject.start)):
            continue  # 'which enhance Y function by increasing Z': Y is the verb's object, not the gerund's agent
        head = objects[1] if len(objects) > 1 else None
        if head is not None and head.start == target.end and target.label_ in ("Chemical", "Gene", "ProteinFamily") \
                and head.label_ in ("Disease", "Phenotype", "Process"):
            target = head  # 'ameliorates acute cisplatin nephrotoxicity': the drug names the kind of injury
        via_at = next((k for k in range(i + 1, target.start) if lower[k] in s.rules.via), None)
        if via_at is not None:
            # 'BDNF increases neuronal survival via the PI3K pathway': the name past 'via' mediates
            # the effect on something unnamed; it is not what the verb acts on
            if target.label_ in _MEDIATOR_TYPES and target.start - via_at <= 3:
                s.relate(subject, "acts_via", target, rule="through-y", trigger=doc[via_at].text)
            continue
        noun = nominal(lower, i, s.sent.end)
        if noun and all(lower[k] in (":", "-", "/") or s.named(k) for k in range(subject.end, i)):
            continue  # 'Dll4:Notch blockade in tissues': the names before the noun are what it blocks
        if lower[i].startswith(_CAUSAL) and any(s.rules.lowers(lower[k]) and nominal(lower, k, s.sent.end)
                                               for k in range(i + 1, target.start)):
            continue  # 'X caused a reduction in Y': X lowered Y, which the noun states, not 'X causes Y'
        if predicate in ("increases", "activates") and noun and any(s.rules.lowers(w) for w in lower[subject.end:i]):
            continue  # 'X prevented the activation of Y': the verb before the noun states X's effect
        predicate = _improving(predicate, tok.lower_, target)
        if predicate is None:
            continue
        if predicate == "increases" and tok.lower_.startswith("induc") and target.label_ in DISEASE_TYPES:
            predicate = "causes"
        base = predicate
        predicate = _said_of(s, subject, predicate, lower)   # 'knockdown of OPN enhanced cell death': OPN lowers it
        if predicate is None:
            continue
        s.relate(subject, predicate, target, rule="verb-active", trigger=tok.text, trigger_at=tok.i)
        # coordinated subjects: 'IGF-1/PI3K signalling alleviates …', 'X and Y inhibited Z'; a loss word
        # after one of them is that one's ('X or Y knockdown alleviated Z': Y raises Z), one before the
        # list is all of theirs ('knockdown of X and Y')
        agents = [subject, *coordinated(doc, subject, left, AGENT_TYPES)]
        subject_lost = _loss_after(s, subject, lower)
        for other in agents[1:]:
            said = predicate
            other_lost = _loss_after(s, other, lower)
            if other_lost != subject_lost:
                said = _turned_over(base) if other_lost else base
            if said is not None and (not outcome or other.label_ == "Chemical"):
                s.relate(other, said, target, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
        # coordinated objects: 'X attenuated the cardiac dysfunction and myocardial injury'; not after a
        # form of 'be' ('A, B and C were up-regulated, and D, E …': lists, no agent) nor past a list word,
        # nor after a noun ('… and decrease in A, B and C', 'activation of A, B …': no agent on its left)
        if lower[i - 1] not in BE and not noun and not any(w in (",", "and", "or", ";") for w in lower[i + 1:target.start]):
            for other in coordinated(doc, target, objects, OBJECT_TYPES):
                if _improving(stated, tok.lower_, other) != _improving(stated, tok.lower_, target):
                    continue  # 'improved Y syndrome and memory': the two go opposite ways
                s.relate(subject, predicate, other, rule="verb-coordinated", trigger=tok.text, trigger_at=tok.i)
        # mediation: 'X alleviates Y through Z signalling'
        for v in range(max(s.sent.start, target.end), s.sent.end):
            if lower[v] in s.rules.via:
                via = doc[v]
                mediator = next((e for e in right if e.start > via.i and e.label_ in _MEDIATOR_TYPES), None)
                if mediator is not None and mediator.start - via.i <= 3:
                    s.relate(subject, "acts_via", mediator, rule="through-y", trigger=via.text)
                break


def _read_adjective(s: Sentence, i: int, lower: tuple[str, ...], predicate: str) -> None:
    """An adjective of a trigger stem ('protective', 'inhibitory', 'stimulatory') is no verb, but two
    phrases built on one state what a name does: 'the protective effect of X against Y' and 'X was
    protective against Y' (X lowers Y; 'the inhibitory effect of X on Y': X inhibits Y)."""
    end = s.sent.end

    diseases_at = {e.start for e in s.spans if e.label_ in DISEASE_TYPES}
    brought_about = cue_words("brought-about")

    def name_at(lo: int, types: set[str]) -> Span | None:
        # the name opening the phrase at ``lo``, past an article or an adjective or two; a name joined
        # to what follows by a hyphen or a participle ('against isoproterenol-induced injury', 'in
        # glutamate mediated excitotoxicity') only qualifies it, and so does a drug right before a
        # disease ('on puromycin aminonucleoside nephrosis')
        return next((e for e in s.spans if lo <= e.start <= lo + 4 and e.label_ in types
                     and not (e.end < end and (lower[e.end] == "-" or lower[e.end] in brought_about
                                                and e.label_ not in DISEASE_TYPES))
                     and not (e.label_ == "Chemical" and e.end in diseases_at)
                     and not any(w in (",", ";", "and", "or") for w in lower[lo:e.start])
                     and (e.start <= lo + 2 or "-" in lower[lo:e.start])), None)

    agent = target = None
    if i + 2 < end and lower[i + 1] in cue_words("effect-noun") and lower[i + 2] == "of":
        agent = name_at(i + 3, AGENT_TYPES)     # 'the protective effect of X against Y'
        if agent is not None and agent.end < end and lower[agent.end] in _TOWARDS:
            target = name_at(agent.end + 1, OBJECT_TYPES)
    elif after_be(lower, i, s.sent.start) and i + 1 < end and lower[i + 1] in _TOWARDS:
        target = name_at(i + 2, OBJECT_TYPES)    # 'X was protective against Y'
        left = [e for e in s.spans if e.end <= i and e.label_ in AGENT_TYPES and s.clause_of(e.start) == s.clause_of(i)]
        agent = left[-1] if left and not any(s.named(k) for k in range(left[-1].end, i)) else None
    if agent is None or target is None or agent is target:
        return
    s.relate(agent, predicate, target, rule="effect-of", trigger=s.sent.doc[i].text, trigger_at=i)


def _read_of_by(s: Sentence, i: int, lower: tuple[str, ...], predicate: str) -> bool:
    """'the upregulation of Y by X': a trigger noun, its object after 'of' (past 'the'), and the
    agent right after the 'by' that follows the object. Relates the two and answers whether it did."""
    end = s.sent.end
    if not (nominal(lower, i, end) and i + 1 < end and lower[i + 1] == "of"):
        return False
    target = next((e for e in s.spans if e.start in (i + 2, i + 3) and e.label_ in OBJECT_TYPES), None)
    if target is None or target.start == i + 3 and lower[i + 2] not in ("the", "a", "an"):
        return False
    if target.end + 1 >= end or lower[target.end] != "by":
        return False
    agent = next((e for e in s.spans if e.start in (target.end + 1, target.end + 2) and e.label_ in AGENT_TYPES
                  and not _is_role_word(s, e)), None)
    if agent is None or agent.start == target.end + 2 and lower[target.end + 1] not in ("the", "a", "an"):
        return False
    predicate = _said_of(s, agent, predicate, lower)
    if predicate is None:
        return False
    s.relate(agent, predicate, target, rule="verb-passive", trigger=s.sent.doc[i].text, trigger_at=i)
    return True


def _qualified(s: Sentence, target: Span, i: int, lower: tuple[str, ...]) -> bool:
    """Whether the participle at ``i`` can qualify ``target``: right after it, or after an 'of'
    phrase of at most three words ('the cytolysis of cultured neurons induced by X'), with no verb,
    comma or 'and' between."""
    between = lower[target.end:i]
    if not between or (len(between) == 1 and between[0] in ("-", "(")):
        return True
    return len(between) <= 4 and between[0] == "of" and not any(
        w in (",", ";", "and", "or") or s.rules.verb(w) for w in between)


def _agent_of_participle(lower: tuple[str, ...], start: int, trigger: int) -> bool:
    """Whether the name at ``start`` is the agent of a participle after the trigger at ``trigger``
    ('reverse the changes caused by the diet'): '…ed by', perhaps 'the', right before it."""
    k = start - 2 if lower[start - 1] in ("the", "a", "an") else start - 1
    return k - 1 > trigger and lower[k] == "by" and lower[k - 1].endswith("ed")


def _reported_that(lower: tuple[str, ...], start: int, end: int) -> bool:
    """Whether 'that' after a verb of reporting lies in ``start:end`` ('X blocks … indicated that Y'):
    what follows is another clause's ('mice that showed Y' is still X's object's setting)."""
    reporting = cue_words("reporting")
    return any(lower[k] == "that" and (lower[k - 1].endswith("ed") or lower[k - 1] in reporting)
               for k in range(start + 1, end))


def _in_setting(lower: tuple[str, ...], start: int, trigger: int) -> bool:
    """Whether the name at ``start`` follows 'model(s) of' and at most two words ('in a model of
    paediatric Y'), past the trigger at ``trigger``."""
    for k in range(start - 1, max(trigger, start - 4), -1):
        if lower[k] == "of":
            return k - 1 > trigger and lower[k - 1] in _SETTINGS
        if not lower[k].isalpha():
            return False
    return False


def _improving(predicate: str, word: str, target: Span) -> str | None:
    """'improve' lowers a disease or symptom ('X improved Y syndrome') and raises a process ('X
    improved memory'); a drug or gene improved is the effect of it ('improved the efficacy of Y',
    'improved glycaemic control when added to Y'), which the verb does not name (None)."""
    if not word.startswith("improv"):
        return predicate
    if target.label_ in DISEASE_TYPES:
        return predicate
    return "increases" if target.label_ == "Process" else None


def _said_of(s: Sentence, name: Span, predicate: str, lower: tuple[str, ...]) -> str | None:
    """What a trigger's ``predicate`` states of ``name``: itself, or turned over when the sentence
    speaks of the name's loss (:func:`_lost`; None: nothing to state of it)."""
    if not _lost(s, name, lower):
        return predicate
    return _turned_over(predicate)


def _turned_over(predicate: str) -> str | None:
    """What ``predicate`` says of a name by its absence: the opposite sign; a cause only an
    association; None when there is nothing to state."""
    return _INVERSE.get(predicate, "associated_with" if predicate == "causes" else None)


def _loss_after(s: Sentence, name: Span, lower: tuple[str, ...]) -> bool:
    """Whether a loss word stands right after ``name`` ('OPN knockdown', 'XBP1-deficient')."""
    end = s.sent.end
    after = lower[name.end + 1] if name.end + 1 < end and lower[name.end] == "-" else (
        lower[name.end] if name.end < end else None)
    return after in s.rules.loss


def _lost(s: Sentence, name: Span, lower: tuple[str, ...]) -> bool:
    """Whether the sentence speaks of the loss of ``name``: a loss word right after it ('OPN
    knockdown', 'XBP1-deficient'), before it with 'of' and at most one word between ('knockdown
    of endogenous OPN'), or 'anti-' (an antibody against it)."""
    loss = s.rules.loss
    if _loss_after(s, name, lower):
        return True
    if name.start - 2 >= s.sent.start and lower[name.start - 1] == "-" and lower[name.start - 2] == "anti":
        return True  # 'anti-Dll4 treatment': an antibody against Dll4
    for k in (name.start - 2, name.start - 3):
        if k >= s.sent.start and lower[k + 1] == "of" and lower[k] in loss and (
                k + 2 == name.start or lower[k + 2].isalpha()):
            return True
    return False


def _agent_by(s: Sentence, i: int, lower: tuple[str, ...], *, follows_be: bool) -> int | None:
    """The index of the 'by' naming the agent of a passive trigger at ``i``: right after it ('Y
    blocked by X'), or, when the trigger follows a form of 'be' (``follows_be``), within five words
    with no other trigger or break between ('Y was induced in rats by X')."""
    end = s.sent.end
    if i + 1 < end and lower[i + 1] == "by":
        return i + 1
    if not follows_be:
        return None
    for k in range(i + 2, min(end, i + 7)):
        if lower[k] == "by":
            return k
        if lower[k] in (",", ";", "and", "or", "but", "which", "that") or s.rules.verb(lower[k]):
            return None
    return None


def _nearest_subject(s: Sentence, subjects: list[Span], trigger: int, lower: tuple[str, ...]) -> Span:
    """The clause's first name, unless another name stands right before a past-participle trigger
    and a verb or 'and' lies between the two ('X failed to prevent ACTH induced hypertension': ACTH
    induced it, not X); names merely listed with the first ('X and Y induced Z') leave it first."""
    first, last = subjects[0], subjects[-1]
    if last is first or last.end != trigger or not lower[trigger].endswith("ed"):
        return first
    # a list ending right before the verb is read from its head, which must itself be able to be a
    # subject: in 'sera from children with OMS and NB increased …' the list is in a prepositional phrase
    listed = coordinated(s.sent.doc, last, s.spans, _ANY_TYPE, before=True)
    head = listed[-1] if listed else last
    if head is first or head not in subjects or head in coordinated(s.sent.doc, first, subjects, AGENT_TYPES):
        return first
    between = [w for k, w in enumerate(lower[first.end:head.start], start=first.end)
               if not s.named(k)]
    if any(w == "and" or w in BE or w.endswith("ed") or s.rules.verb(w) for w in between):
        return head   # 'X is an early event in Y induced Z': X has a verb of its own
    return first


def _given(lower: tuple[str, ...], preposition: int, start: int) -> bool:
    """Whether the preposition at ``preposition`` joins a noun of giving to what was given
    ('treatment with X', 'exposure to X'), so the name after it can be a verb's subject."""
    return (lower[preposition] in ("with", "to") and preposition > start
            and lower[preposition - 1] in cue_words("giving"))


def _given_to(lower: tuple[str, ...], hyphen: int, end: int) -> bool:
    """Whether the hyphen at ``hyphen`` joins a name to a participle of giving ('X-treated')."""
    return hyphen + 1 < end and lower[hyphen + 1] in cue_words("given")


