"""The treatment rule of one sentence: a drug and the disease a treatment word says it treats.

>>> import spacy
>>> from omsgraph.extract.sentence import load_rules
>>> from omsgraph.model import Document
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Zentamol is an effective treatment for Blorf syndrome.")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 8, label="Chemical"), doc.char_span(39, 53, label="Disease")])
>>> s = Sentence(doc[:], list(doc.ents), Document(id="HASH:x", text=doc.text), load_rules())
>>> read_treatments(s, None, None); [(r.subject.label, r.predicate, r.object.label) for r in s.out]
[('Zentamol', 'treats', 'Blorf syndrome')]
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from omsgraph.extract.sentence import DISEASE_TYPES, Rules, Sentence, cue_word
from omsgraph.extract.tables import cue_words
from omsgraph.nlp.spans import concept_key, entity_spans, lower_words, sentence_spans, spans_by_sentence

_MODALS = frozenset({"may", "might", "can", "could", "will", "would", "also"})
# ', and is …', ', but may …': a verb phrase right after the comma shares the clause's subject
_SHARED_SUBJECT = frozenset({"is", "are", "was", "were", "has", "have", "had", "may", "might", "can", "could",
                             "will", "would"})


def read_treatments(s: Sentence, main: str | None, following: Span | None) -> None:
    doc = s.sent.doc
    lower = lower_words(doc)
    triggers = [doc[i] for i in range(s.sent.start, s.sent.end) if lower[i] in s.rules.treat]
    if not triggers:
        return
    chemicals = [e for e in s.spans if e.label_ in ("Chemical", "Gene", "ProteinFamily")]
    diseases = [e for e in s.spans if e.label_ in DISEASE_TYPES]
    if not chemicals:
        return
    words = lower[s.sent.start:s.sent.end]
    # 'patients treated with X developed Y', 'Y occurred during X therapy': harm, not treatment, unless
    # the sentence names the disease as what is treated ('X therapy for Y', 'Y treated with X')
    helped = s.helped
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
            # the names of the phrase after 'with', up to a comma ('treated with VEGF or control, 1) ROS
            # generation …' gave "ROS treats retinopathy"); a gene only when given ('with IVIg')
            if chem.start > withs[0].i and not any(t.text in ".;," for t in doc[withs[0].i:chem.start]) \
                    and (chem.label_ == "Chemical" or _given_as_therapy(lower, chem, s.rules.treat, s.sent)) \
                    and not _induces_in_document(doc, chem, main):
                s.relate(chem, "treats", main_span, rule="trial-main-disease", trigger=triggers[0].text,
                         negated=negated or None, object_main=True)
        return
    trigger = triggers[0]
    stopped = cue_words("stopped")
    for chem in chemicals:
        if (chem.end < s.sent.end and lower[chem.end] in stopped) or (
                chem.start - 2 >= s.sent.start and lower[chem.start - 1] == "of" and lower[chem.start - 2] in stopped):
            continue  # 'Y resolved following X withdrawal' / 'discontinuation of X': X brought Y on; stopping it helped
        if _named_as_inducer(lower, chem, s.sent):
            continue  # 'crocin antagonized the deficits caused by STZ': STZ is the model's harm, treating nothing
        # a gene or protein treats only when given ('insulin monotherapy', 'treatment with IVIg'); in
        # 'short CsA treatment … kidney lesions and TGF-b, NF-kb and TP53 as relevant gene changes' it is
        # only named with the disease where a treatment is spoken of (an association, rule 'treatment-mention')
        given = chem.label_ == "Chemical" or _given_as_therapy(lower, chem, s.rules.treat, s.sent)
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
            if _outcome_before(s, max(trigger.i, chem.end), dis.start):
                continue  # 'X treatment results in Y': what the treatment brought about
            s.relate(chem, "treats" if given else "associated_with", dis,
                     rule="treatment" if given else "treatment-mention", trigger=trigger.text)


def _named_as_inducer(lower: tuple[str, ...], name: Span, sent: Span) -> bool:
    """Whether the sentence names ``name`` as what brought something on: 'caused by X', 'induced by X',
    'due to X', 'X-induced' (whatever it brought on; :func:`_named_inducer` asks it of one disease)."""
    inducer = cue_words("inducer")
    return (name.start - 2 >= sent.start and (
        lower[name.start - 1] == "by" and lower[name.start - 2] in inducer | {"caused"}
        or lower[name.start - 1] == "to" and lower[name.start - 2] in cue_words("put-down-to"))) or (
        name.end + 1 < sent.end and lower[name.end] == "-" and lower[name.end + 1] in inducer)


def _given_as_therapy(lower: tuple[str, ...], name: Span, treat: frozenset[str], sent: Span) -> bool:
    """Whether a treatment word stands right after the name ('insulin monotherapy', 'IVIg therapy'),
    after a form of 'be' or a modal and at most three more words ('IGF-1 may be a candidate treatment
    for OMS'), or right before it with 'with' or 'of' ('treatment with IVIg', 'administration of EPO', 'in
    combination with interferon')."""
    if name.end < sent.end and lower[name.end] in treat:
        return True
    if name.end < sent.end and (lower[name.end] in _SHARED_SUBJECT or lower[name.end] in _MODALS):
        ahead = lower[name.end:min(sent.end, name.end + 5)]
        at = next((k for k, w in enumerate(ahead) if w in treat), None)
        if at is not None and not any(w in (",", ";", "and", "but", "not") for w in ahead[:at]):
            return True
    return name.start - 2 >= sent.start and lower[name.start - 1] in ("with", "of") and (
        lower[name.start - 2] in treat or lower[name.start - 2] in cue_words("giving-with"))


def _subject_shared(s: Sentence, chem: Span, dis: Span) -> bool:
    """Whether the drug, named first, is the subject of the clauses up to the disease: each clause
    begun between them is a verb phrase with no subject of its own (', and is …', ', and may …')."""
    if chem.end > dis.start:
        return False
    lower = lower_words(s.sent.doc)
    return all(s.clause_of(k) == s.clause_of(k - 1) or (
        lower[k] in ("and", "but") and k + 1 < dis.start and lower[k + 1] in _SHARED_SUBJECT)
        for k in range(chem.end + 1, dis.start))


def _raised_by_verb(s: Sentence, start: int, end: int) -> bool:
    """Whether a second verb phrase raising or causing something begins between ``start`` and
    ``end``: 'and' (or 'but'), perhaps a modal, then the verb ('… and may worsen B'). A participle
    ('attenuated STZ induced injury') or a gerund ('effective in increasing counts') does not count."""
    lower = lower_words(s.sent.doc)
    for k in range(start + 1, end):
        if s.rules.raises(lower[k]) and not s.named(k):
            j = k - 1 if lower[k - 1] in _MODALS else k
            if j - 1 > start and lower[j - 1] in ("and", "but"):
                return True
    return False


def _outcome_before(s: Sentence, start: int, end: int) -> bool:
    """Whether an outcome phrase ('results in', 'led to') stands between ``start`` and ``end`` with no
    word of benefit or lowering after it ('led to remission of Y', 'resulting in decreased Y' are a
    treatment's help)."""
    lower = lower_words(s.sent.doc)
    return any((lower[k], lower[k + 1]) in s.rules.outcome
               and not any(w.startswith(s.rules.benefit) or s.rules.lowers(w) for w in lower[k + 2:end])
               for k in range(start, end - 1))


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
        return not after or (len(after) <= 4 and after[0] in cue_words("inducer"))
    between = lower[disease.end:chem.start]
    cause_after = cue_words("cause-after")   # 'Y caused by X', 'Y due to X treatment', 'Y following X'
    return not helped and 0 < len(between) <= 6 and any(w in cause_after for w in between[:3])


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
