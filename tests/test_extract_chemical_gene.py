"""Chemical -> gene/protein patterns of omsgraph/extract/chemical_gene.py on hand-built sentences.

The sentences are invented for these tests (made-up drug and gene names), never corpus text.
"""

from __future__ import annotations

import re

import pytest
import spacy

from omsgraph.extract import extract_relations
from omsgraph.extract.chemical_gene import candidates, extract_chemical_gene, trigger_class
from omsgraph.model import Document
from omsgraph.nlp.spans import set_entity_spans

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
CHEMICALS = ("Zorbinol", "Blarazine", "Quexamide")
GENES = ("KIN1", "CYP9Z9", "RCPT4", "TRX2")


def annotated(text: str):
    """A Doc with every invented chemical and gene name marked as an entity."""
    doc = NLP(text)
    spans = []
    for names, label in ((CHEMICALS, "Chemical"), (GENES, "Gene")):
        for name in names:
            for m in re.finditer(re.escape(name), text):
                spans.append(doc.char_span(m.start(), m.end(), label=label))
    set_entity_spans(doc, spans)
    return doc


def triples(text: str, **kwargs) -> set[tuple[str, str, str, bool]]:
    doc = annotated(text)
    rels = extract_relations(doc, document=Document(id="HASH:t", text=text), **kwargs)
    return {(r.subject.label, r.predicate, r.object.label, r.negated) for r in rels}


@pytest.mark.parametrize("text,expected", [
    ("The KIN1 inhibitor Zorbinol reduced growth of the cells.", ("Zorbinol", "inhibits", "KIN1")),
    ("Zorbinol, a potent and selective RCPT4 antagonist, was given to the rats.", ("Zorbinol", "antagonist_of", "RCPT4")),
    ("Cells were treated with Zorbinol, an RCPT4 agonist, for two hours.", ("Zorbinol", "agonist_of", "RCPT4")),
    ("Inhibition of KIN1 by Zorbinol was reversible.", ("Zorbinol", "inhibits", "KIN1")),
    ("In liver microsomes Zorbinol is metabolized by CYP9Z9 to one product.", ("Zorbinol", "substrate_of", "CYP9Z9")),
    ("Zorbinol strongly inhibited KIN1 activity in vitro.", ("Zorbinol", "inhibits", "KIN1")),
])
def test_patterns_give_the_expected_relation(text, expected):
    assert expected + (False,) in triples(text)


def test_coordinated_chemicals_both_relate():
    found = triples("Both Zorbinol and Blarazine inhibited KIN1 in a dose-dependent manner.")
    assert ("Zorbinol", "inhibits", "KIN1", False) in found
    assert ("Blarazine", "inhibits", "KIN1", False) in found


def test_negated_finding_is_marked_negated_not_positive():
    found = triples("Zorbinol did not inhibit KIN1 activity at any dose.")
    assert ("Zorbinol", "inhibits", "KIN1", False) not in found


def test_a_negation_belongs_to_the_mention_it_stands_before():
    # "X but not Y inhibited Z": the 'not' denies Y, not X; a negated phrase reaching the pair's own
    # chemical past a trigger noun still denies it
    doc = annotated("Zorbinol but not Blarazine inhibited KIN1 and CYP9Z9 in the cells.")
    negation = {(c.chemical.text, c.gene.text): c.negation for c in candidates(doc)}
    assert negation[("Zorbinol", "KIN1")] is None and negation[("Zorbinol", "CYP9Z9")] is None
    assert negation[("Blarazine", "KIN1")] == "not"
    doc = annotated("The KIN1 blocker Zorbinol, but not the RCPT4 antagonist Quexamide, lowered TRX2 output.")
    negation = {(c.chemical.text, c.gene.text): c.negation for c in candidates(doc)}
    assert negation[("Zorbinol", "TRX2")] is None and negation[("Quexamide", "TRX2")] == "not"


def test_unrelated_pair_across_a_clause_gives_no_relation():
    found = triples("Zorbinol was dissolved in saline; KIN1 was measured in serum samples of the donors.")
    assert not any(t[0] == "Zorbinol" and t[2] == "KIN1" and not t[3] for t in found)


def test_every_relation_names_sentence_rule_and_trigger():
    text = "The KIN1 inhibitor Zorbinol was tested. Blarazine activated TRX2 in the neurons."
    doc = annotated(text)
    rels, decided = extract_chemical_gene(doc, document=Document(id="HASH:e", text=text))
    assert {(r.subject.label, r.object.label) for r in rels} >= {("Zorbinol", "KIN1"), ("Blarazine", "TRX2")}
    for r in rels:
        assert r.evidence.sentence in text and r.evidence.rule.startswith("cg-") and r.evidence.trigger
        assert text[slice(*r.evidence.subject_span)] == r.subject.label
        assert text[slice(*r.evidence.object_span)] == r.object.label


def test_patterns_alone_work_without_the_trained_scorer():
    text = "The KIN1 inhibitor Zorbinol reduced growth of the cells."
    doc = annotated(text)
    rels, _ = extract_chemical_gene(doc, document=Document(id="HASH:p", text=text), model=False)
    assert [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in rels] == [
        ("Zorbinol", "inhibits", "KIN1", "cg-agent-noun")]


def test_trigger_words_are_entities_only_when_named_so():
    # 'activators' tagged as a chemical by a vocabulary is read as a trigger, not as a partner
    text = "The TRX2 activators Quexamide and Blarazine were compared."
    doc = NLP(text)
    spans = [doc.char_span(4, 8, label="Gene"), doc.char_span(9, 19, label="Chemical"),
             doc.char_span(20, 29, label="Chemical"), doc.char_span(34, 43, label="Chemical")]
    set_entity_spans(doc, spans)
    assert {c.chemical.text for c in candidates(doc)} == {"Quexamide", "Blarazine"}
    assert trigger_class("activators") == "activates"



def test_relations_from_a_corpus_slice_all_name_rule_and_trigger():
    from pathlib import Path

    from omsgraph.evaluate.chemprot import read_split
    from omsgraph.nlp import annotate, load_pipeline

    folder = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "chemprot"
    if not (folder / "chemprot_sample_abstracts.tsv").is_file():
        pytest.skip("../shared/corpora/chemprot absent")
    documents, _ = read_split(folder, name="sample")
    count = 0
    for document, doc in annotate(documents[:15], load_pipeline(vocabulary=False), entities="input"):
        for r in extract_relations(doc, document=document):
            if not r.evidence.rule.startswith("cg-"):
                continue
            count += 1
            ev = r.evidence
            assert ev.rule and ev.trigger and ev.sentence in document.text
            assert document.text[slice(*ev.subject_span)] in ev.sentence
    assert count > 10


def test_pair_scores_do_not_depend_on_feature_order():
    """Features partly come from sets, whose order follows the process's hash seed: the score of a
    pair (and so whether a pair near the threshold is kept) must be the same in every process."""
    import random

    from omsgraph.extract.chemical_gene import load_model

    model = load_model()
    names = sorted(model.weights)[:: max(1, len(model.weights) // 60)]
    reference = model.probabilities(names)
    rng = random.Random(3)
    for _ in range(50):
        shuffled = names[:]
        rng.shuffle(shuffled)
        assert model.probabilities(shuffled) == reference


def test_a_trigger_noun_before_by_takes_only_the_name_right_before_it():
    # 'X activation by Y': Y activates X; 'A abolished the protection by Y' says nothing of Y acting on A
    assert ("KIN1", "activates", "TRX2", False) in triples("TRX2 activation by KIN1 was rapid.")
    found = triples("Zorbinol abolished the protection by KIN1 in the cells.")
    assert not any(s == "KIN1" and o == "Zorbinol" for s, _, o, _ in found)
    assert ("KIN1", "inhibits", "TRX2", False) in triples("TRX2 was blocked by KIN1.")


def test_a_gene_that_only_describes_the_target_is_not_related_to_the_drug():
    assert triples("Zorbinol inhibits KIN1, a kinase downstream of TRX2.") == {("Zorbinol", "inhibits", "KIN1", False)}
    assert triples("Zorbinol inhibits KIN1 and TRX2.") == {("Zorbinol", "inhibits", "KIN1", False),
                                                         ("Zorbinol", "inhibits", "TRX2", False)}
    # the pair is still a candidate, with the features the weights were fitted on
    doc = annotated("Zorbinol inhibits KIN1, a kinase downstream of TRX2.")
    described = [(c.gene.text, c.described) for c in candidates(doc)]
    assert described == [("KIN1", False), ("TRX2", True)]
