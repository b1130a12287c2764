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
from itertools import pairwise

from spacy.tokens import Doc, Span

from omsgraph.extract.chemical_gene import CHEMICAL_TYPES, GENE_TYPES, extract_chemical_gene
from omsgraph.extract.sentence import AGENT_TYPES, GENE_SIDE, OBJECT_TYPES, Rules, Sentence, cue_word, load_rules
from omsgraph.extract.treatments import read_treatments
from omsgraph.extract.phrases import FINITE, coordinated
from omsgraph.extract.induced import read_disease_effect_of, read_induced, read_put_down_to
from omsgraph.extract.verbs import read_agent_nouns, read_verbs
from omsgraph.model import Document, Relation
from omsgraph.nlp.spans import concept_key, entity_spans, lower_words, sentence_spans, spans_by_sentence


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
        state = Sentence(sent, inside, document, rules)
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        if len(inside) == 1:
            # one name: every other reader needs two in the sentence; a treatment can still be of the
            # paper's disease named elsewhere ('a trial with X was attempted')
            read_treatments(state, main, following)
            relations.extend(state.out)
            continue
        # chemical -> gene/protein pairs: dedicated patterns + scorer; the rules below only add pairs it left out
        chem_gene, decided = extract_chemical_gene(doc, document=document, sent=sent, spans=inside)
        read_agent_nouns(state)
        read_induced(state)
        read_put_down_to(state)
        read_disease_effect_of(state)
        read_verbs(state)
        read_treatments(state, main, following)
        _associations(state, main)
        _gene_disease_associations(state)
        _interactions(state)
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


def _associations(s: Sentence, main: str | None) -> None:
    lower = lower_words(s.sent.doc)
    triggers = [s.sent.doc[i] for i in range(s.sent.start, s.sent.end) if lower[i] in s.rules.assoc]
    if not triggers:
        return
    diseases = [e for e in s.spans if e.label_ == "Disease"]
    if len(diseases) < 2:
        return
    paper = next((d for d in diseases if concept_key(d) == main), None)
    anchor = paper or diseases[0]
    for other in diseases:
        if concept_key(other) == concept_key(anchor):
            continue
        # without the paper's disease, two others are related only across the word itself ('X is
        # associated with Y'), not as items named after it ('it may be paraneoplastic or a sign of X or Y')
        word = triggers[0] if paper is not None else next(
            (t for t in triggers if anchor.end <= t.i < other.start), None)
        if word is not None:
            s.relate(anchor, "associated_with", other, rule="association", trigger=word.text)


def _gene_disease_associations(s: Sentence) -> None:
    """A gene or variant and a disease in a sentence worded as a genetic link ('mutations in X in
    families with Y', 'X variants and the risk of Y'): associated_with, unless another rule of this
    sentence already related the two. A variant in a sentence worded as a raised chance of the
    disease ('rs1 and the risk of Y', 'c.1A>G caused Y') takes that wording's predicate instead:
    an allele's association is its effect on the risk, where a gene's stands for its mutations."""
    genes = [e for e in s.spans if e.label_ in GENE_SIDE]
    diseases = [e for e in s.spans if e.label_ == "Disease"] if genes else []
    if not diseases:
        return  # most sentences: no word is read
    lower, rules = lower_words(s.sent.doc), s.rules
    trigger = next((i for i in range(s.sent.start, s.sent.end) if lower[i] in rules.genetic or lower[i] in rules.assoc),
                   None)
    if trigger is None or s.purpose:
        return   # 'we genotyped variants of X in patients with Y': the question, not the answer
    related = {(r.evidence.subject_span, r.evidence.object_span) for r in s.out}
    risk = _predisposing(s, lower) if any(g.label_ == "Variant" for g in genes) else None
    for gene in genes:
        for disease in diseases:
            g, d = (gene.start_char, gene.end_char), (disease.start_char, disease.end_char)
            if (g, d) in related or (d, g) in related:
                continue
            if risk and gene.label_ == "Variant":
                s.relate(gene, risk[0], disease, rule="variant-disease-risk", trigger=s.sent.doc[risk[1]].text)
            else:
                s.relate(gene, "associated_with", disease, rule="gene-disease-association",
                         trigger=s.sent.doc[trigger].text)


_AUXILIARIES = FINITE | frozenset({"also", "remains", "remained", "which", "that", "to"})


_RECEPTOR_WORDS = frozenset({"receptor", "receptors"})
# words after a gene's name that make it the name of its DNA or of another thing, not of its product
_NOT_THE_PRODUCT = frozenset({"promoter", "promoters", "gene", "genes", "enhancer", "enhancers", "locus", "loci",
                              "transcription", "transcripts", "mrna", "mrnas", "region", "regions", "site", "sites",
                              "element", "elements", "sequence", "sequences"})


def _binding_types(rules: Rules) -> tuple[frozenset[str], frozenset[str]]:
    """Who can bind what, from predicates.tsv's row of ``binds``: a drug, gene product or family
    binding a drug, a protein or a cell ('autoantibodies bound to macrophages'); named mentions only."""
    subjects, objects, _ = rules.predicate_types["binds"]
    return subjects - {"Entity"}, objects - {"Entity"}


def _names_its_dna(s: Sentence, lower: tuple[str, ...], span: Span) -> bool:
    """Whether the word after ``span`` makes it a gene's promoter, site or transcript ('the TNFa promoter')."""
    return span.end < s.sent.end and lower[span.end] in _NOT_THE_PRODUCT


def _interactions(s: Sentence) -> None:
    """Two names acting on each other physically: the interaction words (:func:`_interaction_words`),
    ligands and their receptors (:func:`_receptors`) and the noun 'binding of X to Y'
    (:func:`_binding_of`); each only in a sentence holding its words."""
    if len(s.spans) < 2:
        return
    lower = lower_words(s.sent.doc)
    words = lower[s.sent.start:s.sent.end]
    if not s.rules.interaction.keys().isdisjoint(words):   # most sentences: no word loop in Python
        _interaction_words(s, lower)
    if "receptor" in words or "receptors" in words:
        _receptors(s, lower)
    if "binding" in words:
        _binding_of(s, lower)


def _interaction_words(s: Sentence, lower: tuple[str, ...]) -> None:
    """'X interacts with Y', 'X coimmunoprecipitated with Y': two gene products acting on each other
    (``associated_with``); 'X binds to Y', 'X could bind Y and Z', 'X heterodimerizes with Y': a physical
    binding (``binds``), of drugs and cells too. The name at most three words before the word, the next
    within four words after it."""
    doc, rules = s.sent.doc, s.rules
    genes = sum(e.label_ in GENE_TYPES for e in s.spans)
    for k in range(s.sent.start + 1, s.sent.end - 1):
        predicate = rules.interaction.get(lower[k])
        if predicate is None or predicate != "binds" and genes < 2:
            continue
        firsts, seconds = _binding_types(rules) if predicate == "binds" else (GENE_TYPES, GENE_TYPES)
        before = next((e for e in reversed(s.spans) if e.end <= k), None)
        after = next((e for e in s.spans if e.start > k), None)
        if before is None or after is None or before.label_ not in firsts or after.label_ not in seconds \
                or k - before.end > 3 or after.start - k > 4 or lower[k - 1] == "-":
            continue
        # only auxiliaries and adverbs between the name and the word: not 'X inhibitors interact with Y'
        if not all(lower[i] in _AUXILIARIES or lower[i].endswith("ly") for i in range(before.end, k)):
            continue
        if _names_its_dna(s, lower, after):
            if predicate != "binds" or after.label_ not in GENE_TYPES or before.label_ not in GENE_TYPES:
                continue
            predicate = "associated_with"   # 'p50 binds to the TNFa promoter': it regulates the gene, binds no protein
        for other in (after, *coordinated(doc, after, s.spans, seconds)):
            s.relate(before, predicate, other, rule="interaction", trigger=doc[k].text)


def _binding_of(s: Sentence, lower: tuple[str, ...]) -> None:
    """The noun: 'binding of X to Y', 'the binding of X with Y' (X binds Y); the names at most two
    words after 'of' and 'to', no other name between."""
    doc, spans = s.sent.doc, s.spans
    binders, bound = _binding_types(s.rules)
    for k in range(s.sent.start, s.sent.end - 3):
        if lower[k] != "binding" or lower[k + 1] != "of" or (k > s.sent.start and lower[k - 1] == "-"):
            continue
        first = next((e for e in spans if e.start > k + 1), None)
        if first is None or first.label_ not in binders or first.start - (k + 2) > 2:
            continue
        to = first.end
        if to >= s.sent.end or lower[to] not in ("to", "with"):
            continue
        second = next((e for e in spans if e.start > to), None)
        if second is None or second.label_ not in bound or second.start - (to + 1) > 2:
            continue
        if _names_its_dna(s, lower, second):
            continue   # 'binding of Sp1 to the VEGF promoter'
        s.relate(first, "binds", second, rule="interaction", trigger=doc[k].text)


def _receptors(s: Sentence, lower: tuple[str, ...]) -> None:
    """A ligand and its receptor: 'X and its receptor Y', 'Y, a receptor for X' (X binds Y)."""
    doc, spans = s.sent.doc, s.spans
    binders, _ = _binding_types(s.rules)
    for e, after in pairwise(spans):
        if e.label_ not in binders:
            continue
        between = lower[e.end:after.start]
        # 'BDNF and its receptor TrkB', 'CCL2 and its receptors CCR2 and CCR4'
        if after.label_ in GENE_TYPES and len(between) == 3 and between[:2] == ("and", "its") \
                and between[2] in _RECEPTOR_WORDS:
            for receptor in (after, *coordinated(doc, after, spans, GENE_TYPES)):
                s.relate(e, "binds", receptor, rule="receptor", trigger=doc[e.end + 2].text)
        # 'CXCR1, a specific receptor for IL-8': the receptor comes first
        elif e.label_ in GENE_TYPES and after.label_ in binders and 3 <= len(between) <= 6 \
                and between[0] == "," and between[1] in ("a", "the", "an") and between[-2] in _RECEPTOR_WORDS \
                and between[-1] in ("for", "of"):
            s.relate(after, "binds", e, rule="receptor", trigger=doc[after.start - 2].text)


def _predisposing(s: Sentence, lower: tuple[str, ...]) -> tuple[str, int] | None:
    """(predicate, token index) of the sentence's first risk or cause word, ``decreases`` when the
    chance is said to be lowered ('a reduced risk of Y', 'protective against Y'), else None."""
    rules = s.rules
    # not the second part of a compound ('all-cause mortality')
    at = next((i for i in range(s.sent.start, s.sent.end)
               if lower[i] in rules.predisposing and not (i > s.sent.start and lower[i - 1] == "-")), None)
    if at is None:
        return None
    lowered = any(rules.lowers(lower[i]) for i in range(max(s.sent.start, at - 2), at))
    if lowered or any(lower[i].startswith("protect") for i in range(s.sent.start, s.sent.end)):
        return "decreases", at
    return rules.predisposing[lower[at]], at


__all__ = ["AGENT_TYPES", "GENE_SIDE", "OBJECT_TYPES", "Rules", "cue_word", "extract_sentence_relations", "load_rules"]
