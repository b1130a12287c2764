"""Sentence rules of omsgraph/extract/rules.py (and verbs.py, treatments.py) through the real pipeline, with input mentions.

The sentences are invented (made-up gene and disease names); the mentions come with the
document, as PubTator annotations would (``entities="input"``).
"""

from __future__ import annotations

import re

import pytest

from omsgraph.extract import extract_relations, load_rules
from omsgraph.model import Document, Mention
from omsgraph.nlp import annotate, load_pipeline

NAMES = {"KIN1": ("Gene", "NCBIGene:90001"), "TRX2": ("Gene", "NCBIGene:90002"),
         "Blorf syndrome": ("Disease", "MESH:D999001"), "c.100A>G": ("Variant", "dbSNP:rs900001"),
         "zentamol": ("Chemical", "MESH:C999001"), "Glimmer palsy": ("Disease", "MESH:D999002"),
         "glorpination": ("Process", "GO:9999001")}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(vocabulary=False)


def extracted(nlp, text: str) -> list:
    """The relations of ``text``, its NAMES given as the document's own mentions."""
    mentions = tuple(sorted((Mention(m.start(), m.end(), name, kind, curie)
                             for name, (kind, curie) in NAMES.items() for m in re.finditer(re.escape(name), text)),
                            key=lambda mention: mention.start))
    (document, doc), = annotate([Document(id="HASH:r", text=text, mentions=mentions)], nlp, entities="input")
    return extract_relations(doc, document=document, rules=load_rules())


def relations(nlp, text: str) -> set[tuple[str, str, str, str]]:
    return {(rel.subject.label, rel.predicate, rel.object.label, rel.evidence.rule) for rel in extracted(nlp, text)}


def rule_relations(nlp, text: str) -> set[tuple[str, str, str, str]]:
    """What the word rules read, without the pairs the fitted scorers add (``*-scored``)."""
    return {r for r in relations(nlp, text) if not r[3].endswith("-scored")}


def verb_relations(nlp, text: str) -> dict:
    """(subject, predicate, object) -> Relation, for the relations of ``text``'s verb rules."""
    return {(r.subject.label, r.predicate, r.object.label): r
            for r in extracted(nlp, text) if r.evidence.rule.startswith("verb")}


def _with_names(names: dict[str, tuple[str, str]]):
    """NAMES with ``names`` added for one test (a fixture body: ``yield from``)."""
    NAMES.update(names)
    try:
        yield
    finally:
        for name in names:
            NAMES.pop(name)


@pytest.fixture()
def more_genes():
    """KIN3 and KIN4 as further genes, for lists of three."""
    yield from _with_names({"KIN3": ("Gene", "NCBIGene:90003"), "KIN4": ("Gene", "NCBIGene:90004")})


@pytest.mark.parametrize("text,statement,negated", [
    # the 'not' of "but not Y" denies Y, not the object before it
    ("In the trial zentamol reduced Blorf syndrome but not Glimmer palsy.", "decreases Blorf syndrome", False),
    # a negated phrase that names a third mention and ends at 'and'/'but' does not reach the next verb
    ("In adults zentamol is not effective in Glimmer palsy and may worsen Blorf syndrome.", "increases Blorf syndrome", False),
    ("In the trial zentamol had no effect on Blorf syndrome but reduced Glimmer palsy.", "decreases Glimmer palsy", False),
    ("In the trial zentamol reduced Blorf syndrome with no change in Glimmer palsy.", "decreases Blorf syndrome", False),
    # … but a cue in the verb's own phrase still negates
    ("In the trial zentamol did not reduce Blorf syndrome.", "decreases Blorf syndrome", True),
    ("In the trial neither zentamol nor placebo reduced Blorf syndrome.", "decreases Blorf syndrome", True),
])
def test_a_negation_is_about_the_mention_it_stands_before_and_its_own_phrase(nlp, text, statement, negated):
    predicate, obj = statement.split(" ", 1)
    assert verb_relations(nlp, text)[("zentamol", predicate, obj)].negated is negated


def test_every_reader_of_hedging_cues_skips_a_measured_potential():
    # cue_word is what the sentence rules and the pair scorers read a sentence's hedge with
    import spacy

    from omsgraph.extract.rules import cue_word
    hedges = load_rules().hedge
    doc = spacy.blank("en")("The membrane potential fell.")
    assert cue_word(doc, 0, len(doc), hedges) is None
    doc = spacy.blank("en")("It is a potential treatment.")
    assert cue_word(doc, 0, len(doc), hedges) == "potential"


def test_the_noun_of_a_measured_potential_is_no_hedge(nlp):
    key = ("zentamol", "decreases", "Blorf syndrome")
    assert not verb_relations(nlp, "In rats zentamol reduced Blorf syndrome and the membrane potential.")[key].hedged
    assert verb_relations(nlp, "In rats zentamol reduced Blorf syndrome, a potential mechanism.")[key].hedged


def test_a_gene_or_variant_worded_as_a_genetic_link_to_a_disease_is_associated(nlp):
    assert ("KIN1", "associated_with", "Blorf syndrome", "gene-disease-association") in relations(
        nlp, "Mutations in KIN1 were found in three families with Blorf syndrome.")
    assert ("c.100A>G", "associated_with", "Blorf syndrome", "gene-disease-association") in relations(
        nlp, "The c.100A>G variant was carried by two families with Blorf syndrome.")


def test_a_variant_can_be_the_subject_of_a_trigger_verb(nlp):
    assert relations(nlp, "The c.100A>G change raised the risk of Blorf syndrome.") == {
        ("c.100A>G", "increases", "Blorf syndrome", "verb-active")}


@pytest.mark.parametrize("text,predicate,trigger", [
    ("Carriers of c.100A>G had a higher risk of Blorf syndrome than non-carriers.", "increases", "risk"),
    ("The c.100A>G allele conferred susceptibility to Blorf syndrome in this cohort.", "increases", "susceptibility"),
    ("Blorf syndrome resulting from a homozygous c.100A>G mutation was found in two families.", "causes", "resulting"),
    ("Blorf syndrome in carriers of the c.100A>G allele: a pathogenic mutation.", "causes", "pathogenic"),
    # a lowered chance: a lowering word right before the risk word, or protective wording
    ("Carriers of c.100A>G were at lower risk of Blorf syndrome.", "decreases", "risk"),
    ("The c.100A>G genotype and the risk of Blorf syndrome: a protective allele.", "decreases", "risk"),
])
def test_a_variant_worded_as_raising_the_chance_of_a_disease_takes_that_wording(nlp, text, predicate, trigger):
    (rel,) = [r for r in extracted(nlp, text) if r.subject.label == "c.100A>G"]
    assert (rel.predicate, rel.object.label, rel.evidence.rule, rel.evidence.trigger) == (
        predicate, "Blorf syndrome", "variant-disease-risk", trigger)


def test_a_disease_put_down_to_a_drug_is_caused_by_it(nlp):
    found = relations(nlp, "Severe Blorf syndrome and Glimmer palsy secondary to concomitant use of zentamol were reported.")
    assert {("zentamol", "causes", "Blorf syndrome", "y-due-to-x"),
            ("zentamol", "causes", "Glimmer palsy", "y-due-to-x")} <= found
    assert ("zentamol", "causes", "Blorf syndrome", "y-due-to-x") in relations(
        nlp, "We saw Blorf syndrome due to zentamol treatment in two patients.")
    assert ("zentamol", "causes", "Blorf syndrome", "y-due-to-x") in relations(
        nlp, "In both adults the Blorf syndrome was attributed to zentamol.")
    # a word of benefit: the remission is what is put down to the drug; a gene's mutations are no drug
    assert not any(r[3] == "y-due-to-x" for r in relations(nlp, "Remission of Blorf syndrome due to zentamol was seen."))
    assert not any(r[3] == "y-due-to-x" for r in relations(nlp, "Blorf syndrome due to KIN1 mutations was seen."))
    # the drug too far after 'to', or another name in between
    assert not any(r[3] == "y-due-to-x" for r in relations(
        nlp, "Blorf syndrome due to a rare and poorly known side effect of zentamol was seen."))


@pytest.mark.parametrize("text,partners,predicate", [
    ("KIN1 interacts with TRX2 in cells.", {"TRX2"}, "associated_with"),
    ("KIN1 could interact with and stabilize TRX2 and KIN3.", {"TRX2", "KIN3"}, "associated_with"),
    ("KIN1 directly binds to TRX2.", {"TRX2"}, "binds"),
    ("KIN1 coimmunoprecipitated with TRX2.", {"TRX2"}, "binds"),
    # the interaction word inside a name, or said of another noun ('X inhibitors'): nothing
    ("By regulating KIN1 (TRX2-interacting killer), cells died.", set(), "associated_with"),
    ("The capacity of KIN1 inhibitors to interact with TRX2 was assessed.", set(), "associated_with"),
    # a factor binding a gene's DNA regulates the gene; it binds no protein
    ("KIN1 binds to the TRX2 promoter in cells.", {"TRX2"}, "associated_with"),
])
def test_two_gene_products_worded_as_interacting_or_binding(nlp, more_genes, text, partners, predicate):
    read = relations(nlp, text)
    assert {r[2] for r in read if r[0] == "KIN1" and r[3] == "interaction"} == partners
    assert all(r[1] == predicate for r in read if r[3] == "interaction")


@pytest.fixture()
def binding_names():
    """A receptor, an antibody and a cell type, for binding."""
    yield from _with_names({"KRX1R": ("Gene", "NCBIGene:90011"), "antiglorp IgG": ("Chemical", "MESH:C999011"),
                            "glial cells": ("CellType", "CL:9999011")})


@pytest.mark.parametrize("text,statements", [
    # drugs and antibodies bind proteins and cells, not only gene products one another
    ("zentamol bound to KIN1 with high affinity.", {("zentamol", "binds", "KIN1", "interaction")}),
    ("The antiglorp IgG binds to glial cells.", {("antiglorp IgG", "binds", "glial cells", "interaction")}),
    # a ligand and its receptor, either way round
    ("KIN1 and its receptor KRX1R were raised.", {("KIN1", "binds", "KRX1R", "receptor")}),
    ("KRX1R, a specific receptor for KIN1, is on glial cells.", {("KIN1", "binds", "KRX1R", "receptor")}),
    ("zentamol and its receptor KRX1R were studied.", {("zentamol", "binds", "KRX1R", "receptor")}),
    # the noun, and a gene's promoter, which is no binding of its product
    ("The binding of zentamol to KRX1R was measured.", {("zentamol", "binds", "KRX1R", "interaction")}),
    ("The binding of KIN1 to the KRX1R promoter rose.", set()),
    # a receptor named without its ligand, or a disease that binds nothing
    ("KIN1 and KRX1R were raised.", set()),
    ("Blorf syndrome binds to KIN1.", set()),
])
def test_binding_and_ligand_receptor_pairs(nlp, binding_names, text, statements):
    found = {r for r in relations(nlp, text) if r[1] == "binds"}
    assert found == statements


def test_a_cause_word_inside_a_compound_is_no_risk_wording(nlp):
    assert ("c.100A>G", "associated_with", "Blorf syndrome", "gene-disease-association") in relations(
        nlp, "The c.100A>G variant was associated with all-cause death in Blorf syndrome.")


def test_a_gene_worded_with_risk_stays_associated(nlp):
    # a gene stands for its mutations, not for one allele: its risk wording is no effect of the gene product
    assert ("KIN1", "associated_with", "Blorf syndrome", "gene-disease-association") in relations(
        nlp, "Mutations in KIN1 raise the risk of Blorf syndrome in families.")


def test_no_association_without_genetic_wording_nor_beside_a_stated_relation(nlp):
    # (the document-level gene-disease scorer may still relate the pair: tests/test_extract_scored_pairs.py)
    assert not {r for r in relations(nlp, "KIN1 was measured in serum from patients with Blorf syndrome.")
                if r[3] != "gene-disease-scored"}
    found = relations(nlp, "KIN1 mutations increased Blorf syndrome severity.")
    assert ("KIN1", "increases", "Blorf syndrome", "verb-active") in found
    assert not any(r[1] == "associated_with" for r in found)


def test_a_predicate_the_entity_types_do_not_fit_becomes_its_broader_one(nlp):
    """'inhibits' is for proteins and processes: KIN1 'inhibiting' a disease is a finding that KIN1
    decreases it (predicates.tsv: inhibits → decreases), so the graph keeps it and stays valid."""
    assert ("KIN1", "decreases", "Blorf syndrome", "verb-active") in relations(nlp, "KIN1 inhibited Blorf syndrome in mice.")
    assert ("KIN1", "inhibits", "TRX2", "verb-active") in relations(nlp, "KIN1 inhibited TRX2 in mice.")


def test_fitting_walks_up_the_broader_predicates_and_keeps_what_fits():
    from omsgraph.model import Entity, Evidence, Relation

    rules = load_rules()
    drug, receptor = Entity("CHEBI:1", "drug", "Chemical"), Entity("HGNC:1", "GRIN1", "Gene")
    process, disease = Entity("GO:1", "apoptosis", "Process"), Entity("MESH:D1", "ataxia", "Disease")
    unknown = Entity(None, "it", "Thing")  # a type outside the model counts as a plain Entity

    def fitted(predicate, subject, obj):
        return rules.fitting(Relation(subject, predicate, obj, Evidence("HASH:1", "s", 0, (0, 1), (2, 3), "r"))).predicate

    assert fitted("antagonist_of", drug, receptor) == "antagonist_of"
    assert fitted("antagonist_of", drug, process) == "inhibits"      # one step: inhibits takes a process
    assert fitted("antagonist_of", drug, disease) == "decreases"     # two steps
    assert fitted("agonist_of", disease, receptor) == "increases"
    assert fitted("causes", drug, receptor) == "increases"
    assert fitted("substrate_of", disease, drug) == "associated_with"
    assert fitted("treats", drug, disease) == "treats" and fitted("inhibits", unknown, unknown) == "inhibits"


def test_a_drug_named_as_a_therapy_after_the_disease_treats_it(nlp):
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "In Blorf syndrome, zentamol is used as a rescue therapy during relapses.")
    # a treatment word after both, not naming the drug's use, still relates nothing
    assert not any(r[1] == "treats" for r in relations(
        nlp, "Blorf syndrome worsened with zentamol, which may guide future therapy."))


def test_the_verb_treats_and_its_other_forms_are_treatment_words(nlp):
    for text in ("Controlled trials show that zentamol treats Blorf syndrome in adults.",
                 "In adults, zentamol is used in treating Blorf syndrome.",
                 "Of the treatments tried, zentamol helped Blorf syndrome most."):
        assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(nlp, text), text


def test_a_sentence_reporting_harm_states_no_treatment_unless_it_names_the_indication(nlp):
    harmed = relations(nlp, "Three patients treated with zentamol developed Blorf syndrome within a week.")
    assert not any(r[1] == "treats" for r in harmed)
    # the harm is still said when the disease is named as what the drug was given for
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "A rash developed during zentamol therapy for Blorf syndrome.")
    # and a benefit word outweighs the harm word
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "With zentamol treatment, Blorf syndrome improved although nausea developed.")


def test_a_drug_named_as_the_inducer_is_not_the_treatment(nlp):
    found = relations(nlp, "Treatment for zentamol-induced Blorf syndrome with rest was tried.")
    assert not any(r[:3] == ("zentamol", "treats", "Blorf syndrome") for r in found)
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "Treatment with zentamol improved Blorf syndrome.")


def test_a_drug_the_disease_is_put_down_to_is_not_the_treatment(nlp):
    found = relations(nlp, "Treatment with a chelating agent can alleviate Blorf syndrome due to zentamol exposure.")
    assert not any(r[:3] == ("zentamol", "treats", "Blorf syndrome") for r in found)
    assert ("zentamol", "causes", "Blorf syndrome") in {r[:3] for r in found}


@pytest.fixture
def second_drug():
    """flurbinol as a second chemical, for a drug acting on another drug's harm."""
    yield from _with_names({"flurbinol": ("Chemical", "MESH:C999002")})


@pytest.mark.parametrize("text", [
    "We studied rats. In rats, flurbinol blocked zentamol-induced Blorf syndrome.",
    "We studied rats. A protective effect of flurbinol on zentamol-induced Blorf syndrome was found.",
])
def test_a_drug_a_sentence_says_lessens_a_disease_is_not_also_its_cause(nlp, second_drug, text):
    # the chemical-induced-disease scorer reads the 'induced' / 'after' cue for either drug; the sentence's
    # verb says which one lessens the disease
    found = {r[:3] for r in relations(nlp, text)}
    assert ("flurbinol", "decreases", "Blorf syndrome") in found
    assert ("flurbinol", "causes", "Blorf syndrome") not in found
    assert ("zentamol", "causes", "Blorf syndrome") in found


def test_the_target_of_the_drugs_named_is_not_the_treatment(nlp):
    found = relations(nlp, "KIN1 inhibitors are a new treatment for Blorf syndrome.")
    assert not any(r[:3] == ("KIN1", "treats", "Blorf syndrome") for r in found)
    assert ("KIN1", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "KIN1 is a new treatment for Blorf syndrome.")
    for text in ("Inhibitors of human KIN1 are a new treatment for Blorf syndrome.",
                 "The KIN1 (K1) B inhibitor zentamol is a treatment for Blorf syndrome."):
        assert not any(r[:3] == ("KIN1", "treats", "Blorf syndrome") for r in relations(nlp, text))
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "The drug zentamol, a KIN1 inhibitor, is a treatment for Blorf syndrome.")


def test_a_disease_the_sentence_puts_down_to_the_drug_is_not_treated_by_it(nlp):
    for text in ("Treatment records showed Blorf syndrome due to zentamol in two patients.",
                 "Treatment records showed Blorf syndrome after zentamol in two patients.",
                 "Rest is the usual treatment for zentamol Blorf syndrome."):   # the drug right before it
        assert not any(r[:3] == ("zentamol", "treats", "Blorf syndrome") for r in relations(nlp, text)), text
    # a word of benefit before the disease makes 'after' the time of a recovery, not its cause
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "Treatment brought remission of Blorf syndrome after zentamol was started.")


def test_what_a_drug_treated_group_showed_is_not_treated_by_the_drug(nlp):
    assert not any(r[1] == "treats" for r in relations(
        nlp, "The zentamol-treated rats showed Blorf syndrome more often than controls."))
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "The zentamol-treated patients with Blorf syndrome improved.")


def test_an_indication_needs_its_preposition_next_to_the_treatment_word(nlp):
    assert not any(r[1] == "treats" for r in relations(
        nlp, "The zentamol therapy increases the risk of Blorf syndrome."))
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "Nausea occurred in two patients treated with zentamol for Blorf syndrome.")


def test_a_drug_given_to_animals_or_named_as_the_inducer_is_no_trial_of_the_main_disease(nlp):
    trial = "Blorf syndrome is common in adults. Two patients were treated with zentamol for a week."
    assert ("zentamol", "treats", "Blorf syndrome", "trial-main-disease") in relations(nlp, trial)
    for text in ("Blorf syndrome is common in adults. Rats were treated with zentamol for a week.",
                 "Blorf syndrome is common in adults. Side effects were counted during treatment with zentamol.",
                 "Oral zentamol induced Blorf syndrome in adults. Two patients were treated with zentamol for a week."):
        assert not any(r[1] == "treats" for r in relations(nlp, text)), text


def test_a_verb_reaches_every_name_of_a_coordinated_object(nlp):
    found = verb_relations(nlp, "In the trial zentamol attenuated Blorf syndrome and Glimmer palsy.")
    assert {("zentamol", "decreases", "Blorf syndrome"), ("zentamol", "decreases", "Glimmer palsy")} <= set(found)
    assert found[("zentamol", "decreases", "Glimmer palsy")].evidence.rule == "verb-coordinated"
    # passive: 'A and B were blocked by X'
    found = verb_relations(nlp, "In the trial Blorf syndrome and Glimmer palsy were reduced by zentamol.")
    assert {("zentamol", "decreases", "Blorf syndrome"), ("zentamol", "decreases", "Glimmer palsy")} <= set(found)


def test_names_listed_after_a_form_of_be_or_a_noun_are_no_coordinated_objects(nlp):
    # 'A and B were raised in C and D' lists findings; it says nothing of A and D
    found = verb_relations(nlp, "KIN1 and TRX2 were increased in Blorf syndrome and Glimmer palsy.")
    assert not any(obj == "Glimmer palsy" for _, _, obj in found)
    # nor after a noun: '… and a decrease in A, B and C' has no agent on its left
    found = verb_relations(nlp, "KIN1 levels rose, with a decrease in Blorf syndrome and Glimmer palsy.")
    assert not any(obj == "Glimmer palsy" for _, _, obj in found)


def test_the_drug_of_a_treatment_with_it_is_the_subject_of_the_verb(nlp):
    found = verb_relations(nlp, "Treatment with zentamol reduced Blorf syndrome in the mice.")
    assert ("zentamol", "decreases", "Blorf syndrome") in found
    # other prepositions still keep a name out of the subject: 'in KIN1 mice' is no agent
    found = verb_relations(nlp, "In KIN1 mice the lesions reduced Blorf syndrome.")
    assert not any(subject == "KIN1" for subject, _, _ in found)


@pytest.mark.parametrize("text,predicate", [
    ("In rats zentamol ameliorates Blorf syndrome.", "decreases"),
    ("In dogs zentamol reversed Blorf syndrome within hours.", "decreases"),
    ("In mice zentamol mitigated Blorf syndrome.", "decreases"),
    ("In mice zentamol aggravated Blorf syndrome.", "increases"),
    ("In mice zentamol potentiated Blorf syndrome.", "increases"),
    ("In one man zentamol precipitated Blorf syndrome.", "causes"),
    ("In one man zentamol provoked Blorf syndrome.", "causes"),
    ("In mice zentamol facilitated Blorf syndrome.", "increases"),
    ("In mice zentamol repressed Blorf syndrome.", "decreases"),
    ("In mice zentamol inactivated Blorf syndrome.", "decreases"),
    # the tokenizer splits 'up-regulated': the two halves make the verb
    ("In cells zentamol down-regulated Blorf syndrome.", "decreases"),
    ("In cells zentamol up-regulates Blorf syndrome.", "increases"),
])
def test_more_verbs_of_change_are_triggers(nlp, text, predicate):
    assert ("zentamol", predicate, "Blorf syndrome") in verb_relations(nlp, text)


def test_a_reversible_inhibitor_is_no_reversal(nlp):
    assert not verb_relations(nlp, "In cells zentamol is a reversible Blorf syndrome marker.")


def test_the_name_right_before_a_participle_is_its_subject_past_another_verb(nlp):
    found = verb_relations(nlp, "In rats zentamol failed to prevent KIN1 induced Blorf syndrome.")
    assert ("KIN1", "causes", "Blorf syndrome") in found
    assert ("zentamol", "causes", "Blorf syndrome") not in found
    # names listed together keep the first as subject, and the rest coordinated
    found = verb_relations(nlp, "In rats zentamol and KIN1 induced Blorf syndrome.")
    assert {("zentamol", "causes", "Blorf syndrome"), ("KIN1", "causes", "Blorf syndrome")} <= set(found)
    # … unless that name ends a list in a prepositional phrase: the clause's first name stays
    found = verb_relations(nlp, "Sera or zentamol from children with Blorf syndrome and KIN1 increased Glimmer palsy.")
    assert ("zentamol", "increases", "Glimmer palsy") in found
    assert ("KIN1", "increases", "Glimmer palsy") not in found


def test_a_cause_of_a_reduction_is_a_decrease_not_a_cause(nlp):
    found = verb_relations(nlp, "In rats zentamol caused a marked reduction in Blorf syndrome.")
    assert ("zentamol", "decreases", "Blorf syndrome") in found
    assert ("zentamol", "causes", "Blorf syndrome") not in found
    # an increase caused stays a cause
    assert ("zentamol", "causes", "Blorf syndrome") in verb_relations(nlp, "In rats zentamol caused Blorf syndrome.")


def test_a_verb_that_prevents_an_increase_is_no_increase(nlp):
    found = verb_relations(nlp, "In rats zentamol prevented the rise and the activation of Blorf syndrome.")
    assert ("zentamol", "decreases", "Blorf syndrome") in found
    assert ("zentamol", "increases", "Blorf syndrome") not in found
    # a noun of increase with no lowering verb before it still states one
    found = verb_relations(nlp, "In rats zentamol led to the activation of Blorf syndrome.")
    assert ("zentamol", "increases", "Blorf syndrome") in found


@pytest.mark.parametrize("text", [
    "We report the efficacy of zentamol in adults with Blorf syndrome.",
    "Zentamol monotherapy was given to adults with Blorf syndrome.",
])
def test_efficacy_and_monotherapy_are_treatment_words(nlp, text):
    text = text.replace("Zentamol", "zentamol")
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(nlp, text)


@pytest.mark.parametrize("noun,predicate", [("stimulator", "activates"), ("opener", "activates"),
                                            ("inducer", "increases"), ("inactivator", "inhibits")])
def test_more_agent_nouns_name_what_their_agent_does(nlp, noun, predicate):
    found = relations(nlp, f"In the cells the KIN1 {noun} TRX2 was tested.")
    assert ("TRX2", predicate, "KIN1", "agent-noun") in found


@pytest.mark.parametrize("text", ["We hypothesized that zentamol reduced Blorf syndrome in mice.",
                                  "We asked whether zentamol reduced Blorf syndrome in mice.",
                                  "In mice zentamol probably reduced Blorf syndrome."])
def test_a_hypothesis_or_a_question_is_hedged(nlp, text):
    assert verb_relations(nlp, text)[("zentamol", "decreases", "Blorf syndrome")].hedged


def test_a_name_past_via_is_what_mediates_the_effect_not_what_the_verb_acts_on(nlp):
    # nothing named between the verb and 'via': the name past it mediates, it is not increased
    assert relations(nlp, "In cultures zentamol increases neuronal survival via the KIN1 pathway.") == {
        ("zentamol", "acts_via", "KIN1", "through-y")}
    # an object before 'via' is still the verb's, and the name past it the mediator
    # (the chemical–gene stage may state the first with its own rule)
    found = relations(nlp, "In cultures zentamol increases KIN1 via TRX2 signalling.")
    assert {r[:3] for r in found} == {("zentamol", "increases", "KIN1"), ("zentamol", "acts_via", "TRX2")}
    assert ("zentamol", "acts_via", "TRX2", "through-y") in found


def test_the_disease_of_a_model_is_the_setting_not_the_object(nlp):
    assert relations(nlp, "KIN1 protects cultured neurons from injury in a model of paediatric Blorf syndrome.") == set()
    assert ("KIN1", "decreases", "Blorf syndrome", "verb-active") in relations(
        nlp, "KIN1 protects cultured neurons from Blorf syndrome.")
    found = relations(nlp, "In mice KIN1 reduced Blorf syndrome in a model of Glimmer palsy.")
    assert ("KIN1", "decreases", "Blorf syndrome", "verb-active") in found
    assert not any(r[2] == "Glimmer palsy" for r in found)


def test_a_second_verb_phrase_after_a_treatment_word_takes_its_own_disease(nlp):
    found = relations(nlp, "In adults zentamol is not effective in Glimmer palsy and may worsen Blorf syndrome.")
    assert ("zentamol", "treats", "Glimmer palsy", "treatment") in found
    assert ("zentamol", "increases", "Blorf syndrome", "verb-active") in found
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") not in found
    # a participle ('KIN1 induced') opens no second phrase: the treatment still reaches the disease
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "Oral treatment with zentamol attenuated KIN1 induced Blorf syndrome in the brain.")


def test_a_verb_phrase_right_after_comma_and_keeps_the_clause_subject(nlp):
    # ', and is …' has no subject of its own: the drug named before the comma is the one treating
    text = "In adults zentamol has been used for decades, and is an effective treatment for Blorf syndrome."
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(nlp, text)
    # ', and <name> …' opens a clause with its own subject
    text = "In adults zentamol has been used for decades, and KIN1 is a treatment for Blorf syndrome."
    assert not any(r[:3] == ("zentamol", "treats", "Blorf syndrome") for r in relations(nlp, text))


def test_a_passive_verb_acts_on_the_gene_whose_process_is_named(nlp):
    # 'KIN1 glorpination was raised by TRX2': TRX2 acts on KIN1, the process is KIN1's
    assert ("TRX2", "increases", "KIN1", "verb-passive") in relations(nlp, "KIN1 glorpination was raised by TRX2.")
    assert ("TRX2", "increases", "glorpination", "verb-passive") in relations(nlp, "In cells glorpination was raised by TRX2.")


def test_an_agent_noun_is_no_verb(nlp):
    # 'inhibitors' names the drugs' role; read as a verb it made the gene inhibit the drug
    found = relations(nlp, "Among them are TRX2 (KIN1) inhibitors such as zentamol.")
    assert not any(r[0] == "TRX2" and r[2] == "zentamol" for r in found)


def test_an_agent_noun_of_a_name_relates_the_name_it_describes(nlp):
    for text in ("In cells TRX2, an inhibitor of KIN1, was expressed.",
                 "In cells TRX2 (an inhibitor of KIN1) was expressed.",
                 "In cells TRX2 is also a potent and selective inhibitor of human KIN1."):
        assert relations(nlp, text) == {("TRX2", "inhibits", "KIN1", "agent-noun")}, text
    # an agent noun after a preposition describes no name before it
    assert not any(r[:3] == ("TRX2", "inhibits", "KIN1") for r in relations(
        nlp, "In cells TRX2 was given with an inhibitor of KIN1."))
    # nor does a name after a preposition name the agent of 'the TRX2 inhibitors'
    assert relations(nlp, "In cells the TRX2 inhibitors in KIN1 cells were studied.") == set()


def test_the_names_before_a_trigger_noun_are_what_it_acts_on(nlp):
    # 'KIN1:TRX2 blockade': KIN1 is blocked; it blocks nothing named after the noun
    assert rule_relations(nlp, "In mice the effects of KIN1:TRX2 blockade in tissues other than Blorf syndrome were studied.") == set()


def test_a_passive_reads_its_agent_after_by_or_from_the_setting(nlp):
    # 'by' a few words after 'was induced': the agent, never the object of an active reading
    assert ("zentamol", "increases", "Blorf syndrome", "verb-passive") in relations(
        nlp, "In the model Blorf syndrome was induced in rats by zentamol.")
    # the agent follows 'by' closely: 'by PCR and …' names no agent
    assert relations(nlp, "In the lab TRX2 was amplified by PCR and KIN1 was sequenced.") == set()
    # no 'by': the setting named after the verb is what changed the name before it
    assert relations(nlp, "In the study KIN1 was upregulated in the TRX2 transgenic mice.") == {
        ("TRX2", "increases", "KIN1", "verb-passive")}
    assert ("zentamol", "decreases", "Blorf syndrome", "verb-passive") in relations(
        nlp, "Blorf syndrome was reduced in mice treated with zentamol.")
    # 'from' names what was kept away, not an agent; and the agent of an earlier participle
    # ('climbing induced by zentamol') is no target of the passive after it
    assert not any(r[0] == "Blorf syndrome" for r in relations(
        nlp, "In mice KIN1 knockouts were protected from Blorf syndrome."))
    assert rule_relations(nlp, "Climbing induced by zentamol was reduced in animals treated with KIN1.") == set()


def test_a_gerund_names_its_agent_only_where_the_clause_does(nlp):
    # after a verb whose object is the name: that name is not the gerund's agent
    assert rule_relations(nlp, "Among them are zentamol drugs, which enhance KIN1 function by increasing TRX2.") == set()
    # the clause's subject is: 'X reduced Y by inhibiting Z'
    assert ("zentamol", "inhibits", "KIN1", "verb-active") in relations(
        nlp, "In rats zentamol reduced Blorf syndrome by inhibiting KIN1.")
    # after 'upon', 'after', 'without' … the gerund names no agent at all
    assert not any(r[1] == "decreases" for r in relations(
        nlp, "In one patient Blorf syndrome resolved upon reducing the dose of zentamol."))


def test_a_name_right_before_a_disease_names_its_kind_not_the_object(nlp):
    found = relations(nlp, "In mice zentamol ameliorates acute KIN1 Glimmer palsy.")
    assert ("zentamol", "decreases", "Glimmer palsy", "verb-active") in found
    assert not any(r[2] == "KIN1" for r in found)


def test_a_drug_whose_withdrawal_helped_is_no_treatment(nlp):
    for text in ("Glimmer palsy was treated by rest and the Blorf syndrome resolved following zentamol withdrawal.",
                 "Treatment of Blorf syndrome included zentamol discontinuation."):
        assert not any(r[1] == "treats" for r in relations(nlp, text)), text


@pytest.mark.parametrize("text,statement", [
    ("Furthermore, knockdown of KIN1 enhanced Blorf syndrome in cells.", ("KIN1", "decreases", "Blorf syndrome")),
    ("Knockdown of endogenous KIN1 potentiated Blorf syndrome.", ("KIN1", "decreases", "Blorf syndrome")),
    ("In mice KIN1 knockdown enhanced the action of TRX2.", ("KIN1", "decreases", "TRX2")),
    ("Inhibition of KIN1 reduced TRX2 levels.", ("KIN1", "increases", "TRX2")),
    ("In mice the KIN1 deficiency caused Blorf syndrome.", ("KIN1", "associated_with", "Blorf syndrome")),
    ("In cells KIN1 increased TRX2.", ("KIN1", "increases", "TRX2")),   # no loss: as written
    ("In cells TRX2 was raised by knockdown of KIN1.", ("KIN1", "decreases", "TRX2")),
    ("In mice anti-KIN1 treatment increased TRX2 levels.", ("KIN1", "decreases", "TRX2")),   # an antibody against it
])
def test_what_the_loss_of_a_name_does_turns_its_sign_over(nlp, text, statement):
    found = {r[:3] for r in relations(nlp, text) if r[3].startswith("verb")}
    assert found == {statement}


@pytest.mark.parametrize("text,statements", [
    # a loss word after one of two coordinated subjects is that one's
    ("In cells, zentamol or KIN1 knockdown alleviated Blorf syndrome.",
     {("zentamol", "decreases", "Blorf syndrome"), ("KIN1", "increases", "Blorf syndrome")}),
    ("In cells, zentamol and KIN1 deficiency reduced Blorf syndrome.",
     {("zentamol", "decreases", "Blorf syndrome"), ("KIN1", "increases", "Blorf syndrome")}),
    # one before the list is all of theirs
    ("In cells, knockdown of KIN1 and TRX2 reduced Blorf syndrome.",
     {("KIN1", "increases", "Blorf syndrome"), ("TRX2", "increases", "Blorf syndrome")}),
])
def test_the_loss_of_one_of_coordinated_subjects_turns_only_its_sign_over(nlp, text, statements):
    assert {r[:3] for r in relations(nlp, text) if r[3].startswith("verb")} == statements


def test_adjectives_of_a_trigger_stem_are_no_verbs(nlp):
    # 'stimulatory', 'protective': read as verbs they related whatever stood around them
    assert relations(nlp, "It was concluded that KIN1 and TRX2 are protective in the cells.") == set()
    assert relations(nlp, "In the cells TRX2 and inducible KIN1 were found.") == set()
    assert not any(r[:3] == ("KIN1", "activates", "TRX2") for r in relations(
        nlp, "In mice KIN1 and the stimulatory effects of TRX2 were studied."))


def test_a_reduced_relative_qualifies_only_the_noun_right_before_it(nlp):
    # 'the changes caused by zentamol': neither does zentamol act on KIN1 nor KIN1 on zentamol
    assert relations(nlp, "In mice KIN1 reversed the changes caused by zentamol.") == set()
    assert relations(nlp, "In mice KIN1 was unable to reverse the changes caused by the zentamol diet.") == set()
    # the noun right before the participle is still its target
    assert ("zentamol", "increases", "Blorf syndrome", "verb-passive") in relations(
        nlp, "In mice Blorf syndrome induced by zentamol was severe.")


@pytest.mark.parametrize("text,statement", [
    # after 'led to' / 'resulted in' the trigger is what the subject brought about, not the adjective
    # of a prepositional phrase ('patients with worsening Y')
    ("In cells KIN1 overexpression led to upregulation of TRX2.", ("KIN1", "increases", "TRX2")),
    ("In cells KIN1 resulted in reduced expression of TRX2.", ("KIN1", "decreases", "TRX2")),
    ("KIN1 knockdown resulted in increased TRX2 in cells.", ("KIN1", "decreases", "TRX2")),
    # a trigger noun after 'X-mediated' or 'X-dependent' says what X did
    ("In cells we saw KIN1-mediated suppression of TRX2.", ("KIN1", "decreases", "TRX2")),
    ("In cells we saw a KIN1-dependent upregulation of TRX2.", ("KIN1", "increases", "TRX2")),
    ("In cells the KIN1-induced reduction of TRX2 was seen.", ("KIN1", "decreases", "TRX2")),
    # 'the Ns of Y by X'
    ("In cells, the inhibition of TRX2 by KIN1 was strong.", ("KIN1", "inhibits", "TRX2")),
])
def test_what_a_name_brought_about_is_read_through_outcome_words_and_nouns(nlp, text, statement):
    assert {r[:3] for r in relations(nlp, text)} == {statement}


def test_a_dependent_name_without_a_trigger_noun_is_not_said_to_act(nlp):
    assert rule_relations(nlp, "In cells the KIN1-dependent TRX2 was seen.") == set()
    # the guard 'led to'/'resulted in' passes is still kept for a plain preposition
    assert verb_relations(nlp, "In patients with worsening Blorf syndrome zentamol was stopped.") == {}


def test_a_drug_that_led_to_a_disease_causes_it(nlp):
    assert ("zentamol", "causes", "Blorf syndrome") in {r[:3] for r in verb_relations(
        nlp, "Heavy use of zentamol may lead to long lasting Blorf syndrome.")}
    # only a drug's harm is read so, and only for a disease right after the phrase
    assert verb_relations(nlp, "An interaction of zentamol and KIN1 resulting in Blorf syndrome was reported.").keys() \
        == {("zentamol", "causes", "Blorf syndrome")}
    assert verb_relations(nlp, "In rats zentamol led to the loss of KIN1 and later to Blorf syndrome.") == {}


def test_a_name_with_a_verb_of_its_own_is_not_a_later_participles_agent(nlp):
    # 'X is … in Y induced Z': Y induced Z; X's verb is 'is'
    found = {r[:3] for r in verb_relations(nlp, "KIN1 is an early event in both zentamol and TRX2 induced Blorf syndrome.")}
    assert found == {("zentamol", "causes", "Blorf syndrome"), ("TRX2", "causes", "Blorf syndrome")}


def test_a_participle_right_after_a_name_in_a_phrase_is_that_names(nlp):
    # 'Effect of A in B induced Z': B induced Z; A, the clause's first name, did not
    found = {r[:3] for r in verb_relations(nlp, "Effect of KIN1 in zentamol induced Blorf syndrome in rats.")}
    assert found == {("zentamol", "causes", "Blorf syndrome")}
    # a disease so placed is a setting, not an agent
    assert verb_relations(nlp, "Effect of zentamol in Glimmer palsy induced TRX2 in rats.").keys() <= {
        ("zentamol", "increases", "TRX2")}


def test_what_the_animals_were_given_is_what_acted(nlp):
    # 'X-treated rats showed … decreases in Y': X lowered Y, not the first name after it
    found = {r[:3] for r in verb_relations(
        nlp, "The zentamol-treated rats showed significant increases in the levels of KIN1 and decreases in TRX2.")}
    assert ("zentamol", "decreases", "TRX2") in found and ("KIN1", "decreases", "TRX2") not in found
    assert {r[:3] for r in verb_relations(nlp, "The zentamol-exposed mice had reduced KIN1 levels.")} == {
        ("zentamol", "decreases", "KIN1")}


def test_a_name_after_a_comma_with_a_verb_of_its_own_is_not_listed(nlp):
    # 'X activated Y, Z did not': Z is the next clause's subject, not a second object
    assert relations(nlp, "While KIN1 potently activated TRX2, zentamol did not.") == {
        ("KIN1", "activates", "TRX2", "verb-active")}
    # a list still is one
    assert ("KIN1", "activates", "zentamol", "verb-coordinated") in relations(
        nlp, "In cells KIN1 activated TRX2, zentamol and glorpination.")


def test_names_that_were_x_induced_were_raised_by_x(nlp):
    assert relations(nlp, "In cells TRX2 and Glimmer palsy were KIN1-induced as feedback.") == {
        ("KIN1", "increases", "TRX2", "x-induced-y"), ("KIN1", "causes", "Glimmer palsy", "x-induced-y")}
    assert relations(nlp, "In cells TRX2 was KIN1-dependent.") == set()


def test_the_object_of_a_first_verb_is_not_the_subject_of_a_second(nlp):
    # 'Z lowered A and increased B' with Z unnamed: neither 'A increases B' nor anything else
    assert verb_relations(nlp, "The diet lowered the levels of KIN1 and increased TRX2 in the liver.") == {}
    # a named subject still takes both verbs
    assert {r[:3] for r in verb_relations(nlp, "In mice KIN1 lowered Blorf syndrome and increased TRX2.")} == {
        ("KIN1", "decreases", "Blorf syndrome"), ("KIN1", "increases", "TRX2")}


@pytest.mark.parametrize("text,statements", [
    # 'improve' lowers a disease and raises a process; a drug or gene 'improved' names no effect of the subject
    ("The symptoms of Blorf syndrome can be dramatically improved by zentamol.", {("zentamol", "decreases", "Blorf syndrome")}),
    ("In rats zentamol improved Blorf syndrome and glorpination.", {("zentamol", "decreases", "Blorf syndrome")}),
    ("In rats KIN1 improved glorpination.", {("KIN1", "increases", "glorpination")}),
    ("In rats KIN1 improved the efficacy of zentamol.", set()),
    # a process and a disease listed after it go opposite ways: neither takes the other's sign
    ("In rats zentamol improved glorpination and Blorf syndrome.", {("zentamol", "increases", "glorpination")}),
    ("In rats glorpination and Blorf syndrome were improved by zentamol.", {("zentamol", "decreases", "Blorf syndrome")}),
])
def test_improving_lowers_a_disease_and_raises_a_process(nlp, text, statements):
    assert {r[:3] for r in verb_relations(nlp, text)} == statements


@pytest.mark.parametrize("text,statement", [
    # a gene treats only when the sentence gives it as the therapy
    ("In the trial KIN1 may be a candidate treatment for Blorf syndrome.", ("KIN1", "treats", "Blorf syndrome", "treatment")),
    ("In the trial, therapy with KIN1 helped patients with Blorf syndrome.", ("KIN1", "treats", "Blorf syndrome", "treatment")),
    # named beside a treatment it is only associated with the disease
    ("After short zentamol treatment, Blorf syndrome was mild and KIN1 changed.",
     ("KIN1", "associated_with", "Blorf syndrome", "treatment-mention")),
])
def test_a_gene_treats_a_disease_only_when_given(nlp, text, statement):
    found = relations(nlp, text)
    assert statement in found
    assert not any(r[0] == "KIN1" and r[1] == "treats" for r in found) or statement[1] == "treats"


def test_a_trial_of_the_main_disease_names_only_the_drugs_given(nlp):
    # past a comma the names after 'with' are no longer what was given; a gene only when given as a drug
    text = "Blorf syndrome is common in adults. Two patients were treated with zentamol or placebo, and TRX2 was measured."
    found = relations(nlp, text)
    assert ("zentamol", "treats", "Blorf syndrome", "trial-main-disease") in found
    assert not any(r[0] == "TRX2" and r[1] == "treats" for r in found)
    text = "Blorf syndrome is common in adults. Cells were then treated with KIN1 for a day."
    assert not any(r[1] == "treats" for r in relations(nlp, text))


def test_a_trigger_noun_after_x_induced_reaches_a_list_further_on(nlp):
    found = {r[:3] for r in relations(nlp, "In rats the KIN1-induced elevation in the levels of TRX2 and glorpination was seen.")}
    assert {("KIN1", "increases", "TRX2"), ("KIN1", "increases", "glorpination")} <= found
    # without the noun the reach stays short and no list is read
    assert not any(r[2] == "glorpination" for r in relations(
        nlp, "In rats the KIN1-induced changes in the many levels of TRX2 and glorpination were seen."))


@pytest.mark.parametrize("text,statement", [
    # an adjective of a trigger stem is no verb, but its effect phrase states what a name does
    ("In rats we studied the protective effect of zentamol against Blorf syndrome.", ("zentamol", "decreases", "Blorf syndrome")),
    ("In rats zentamol was protective against Blorf syndrome.", ("zentamol", "decreases", "Blorf syndrome")),
    ("In cells the inhibitory effect of KIN1 on TRX2 was strong.", ("KIN1", "inhibits", "TRX2")),
    # the name joined to 'induced' only qualifies the target
    ("In rats we saw the protective effect of zentamol against KIN1-induced Blorf syndrome.", ("zentamol", "decreases", "Blorf syndrome")),
    # and so does a drug right before the disease ('puromycin aminonucleoside nephrosis')
    ("We studied rats. Protective effects of flurbinol on zentamol Blorf syndrome in rats.", ("flurbinol", "decreases", "Blorf syndrome")),
    # an organ's protection is protection ('cardioprotective', 'neuroprotective')
    ("We studied rats. Cardioprotective effect of flurbinol on zentamol-induced Blorf syndrome in rats.",
     ("flurbinol", "decreases", "Blorf syndrome")),
    ("In rats zentamol was neuroprotective against Blorf syndrome.", ("zentamol", "decreases", "Blorf syndrome")),
    # a drug joined to the disease by a participle without a hyphen only qualifies it too
    ("We studied rats. We saw the neuroprotective effect of flurbinol in zentamol mediated Blorf syndrome.",
     ("flurbinol", "decreases", "Blorf syndrome")),
])
def test_the_effect_phrase_of_a_trigger_adjective(nlp, second_drug, text, statement):
    found = {r[:3] for r in relations(nlp, text) if r[3] == "effect-of"}
    assert found == {statement}


def test_every_cue_kind_the_extractors_ask_for_is_in_the_cue_table():
    """The word sets live in ontology/cues.tsv; a kind asked for in code but missing from the table
    (a typo, a row deleted) stops the run with a VocabularyError rather than switching a rule off."""
    from pathlib import Path

    from omsgraph.errors import VocabularyError
    from omsgraph.extract.tables import cue_words

    source = "".join(path.read_text(encoding="utf-8")
                     for path in (Path(__file__).parents[1] / "omsgraph" / "extract").glob("*.py")
                     if path.name != "tables.py")   # the reader itself, whose docstring asks for a missing kind
    kinds = set(re.findall(r'cue_words\("([a-z-]+)"\)', source))
    assert {"giving", "chemical-gene-negation", "put-down-to", "negation"} <= kinds
    for kind in kinds:
        assert cue_words(kind), kind
    with pytest.raises(VocabularyError, match="cues.tsv: no cue of kind 'givng'"):
        cue_words("givng")



def test_a_serial_comma_closes_a_list_of_names_and_opens_no_clause(nlp, more_genes):
    text = "zentamol also decreased glorpination in mice and this was accompanied by decreased KIN1, KIN3, and KIN4 levels."
    assert {("zentamol", "decreases", gene) for gene in ("KIN1", "KIN3", "KIN4")} <= verb_relations(nlp, text).keys()
    # ', and' after a single name still begins a clause with its own subject
    found = verb_relations(nlp, "zentamol inhibited KIN1, and KIN3 activated KIN4.")
    assert ("KIN3", "activates", "KIN4") in found and ("zentamol", "inhibits", "KIN4") not in found


def test_two_trigger_nouns_joined_by_and_are_two_findings(nlp, more_genes):
    # 'downregulation of A, B, and C and upregulation of D': A, B, C are not D's agents
    for text in ("The analysis revealed downregulation of KIN1 and upregulation of TRX2 in mice.",
                 "The analysis revealed downregulation of KIN1, KIN3, and KIN4 and upregulation of TRX2 in mice."):
        assert not {rel for rel in verb_relations(nlp, text) if rel[2] == "TRX2"}, text
    # one agent named before the first noun still reaches both
    assert ("zentamol", "increases", "glorpination") in verb_relations(
        nlp, "zentamol caused inhibition of KIN1 and increased glorpination.")


def test_a_name_past_a_reported_that_is_another_clauses(nlp):
    text = "The KIN1 variants representing the blocks in our cohort indicated that Glimmer palsy was more frequent."
    assert not verb_relations(nlp, text)
    # a relative 'that' does not end the object's reach
    assert ("zentamol", "causes", "Glimmer palsy") in verb_relations(
        nlp, "zentamol induced changes in mice that displayed Glimmer palsy.")
    assert ("zentamol", "decreases", "glorpination") in verb_relations(
        nlp, "zentamol reduced the number of cells that showed glorpination.")


def test_what_led_to_the_resolution_of_a_disease_did_not_cause_it(nlp):
    found = relations(nlp, "Treatment with zentamol led to resolution of Blorf syndrome.")
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in found
    assert not {r for r in found if r[1] == "causes"}
    assert ("zentamol", "causes", "Blorf syndrome") in verb_relations(nlp, "Heavy use of zentamol led to Blorf syndrome.")


def test_a_drug_whose_withdrawal_helped_neither_treats_nor_lowers_the_disease(nlp):
    found = relations(nlp, "Discontinuation of zentamol and treatment with plasma exchange resolved Blorf syndrome.")
    assert not {r for r in found if r[1] == "treats"}
    # the loss of the drug improved the disease: the drug worsens it
    assert verb_relations(nlp, "Withdrawal of zentamol improved Blorf syndrome.").keys() == {("zentamol", "increases", "Blorf syndrome")}


def test_a_drug_named_as_what_brought_something_on_treats_nothing_in_the_sentence(nlp, second_drug):
    found = relations(nlp, "The results show the effect of zentamol on the deficits caused by flurbinol in rats "
                           "and its potential in the treatment of Blorf syndrome.")
    hyphened = relations(nlp, "zentamol reversed flurbinol-induced changes and may be a treatment for Blorf syndrome.")
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in found
    assert not {r for r in found | hyphened if r[0] == "flurbinol" and r[1] == "treats"}


def test_a_sentence_giving_the_studys_aim_or_method_states_no_genetic_link(nlp):
    finding = "Mutations in KIN1 were found in families with Blorf syndrome."
    assert ("KIN1", "associated_with", "Blorf syndrome", "gene-disease-association") in relations(nlp, finding)
    for aim in ("The aim of this study was to investigate whether mutations in KIN1 cause Blorf syndrome.",
                "We genotyped variants of KIN1 in 300 patients with Blorf syndrome."):
        assert not {r for r in relations(nlp, aim) if r[3] == "gene-disease-association"}, aim


@pytest.fixture
def third_disease():
    """Trex fever as a third disease, for a sentence naming two diseases other than the paper's."""
    yield from _with_names({"Trex fever": ("Disease", "MESH:D999003")})


def test_two_diseases_other_than_the_papers_are_associated_only_across_the_word(nlp, third_disease):
    title = "Blorf syndrome in adults. "
    # named as items after the word, the two are not said to go together
    listed = relations(nlp, title + "Associated disorders include Glimmer palsy and Trex fever.")
    assert not any(r[3] == "association" for r in listed)
    # the paper's own disease is still associated with each disease its sentence names with the word
    assert {r[:3] for r in relations(nlp, title + "Blorf syndrome is associated with Glimmer palsy and Trex fever.")
            if r[3] == "association"} == {("Blorf syndrome", "associated_with", "Glimmer palsy"),
                                          ("Blorf syndrome", "associated_with", "Trex fever")}
    # and two others are, with the word between them
    assert ("Glimmer palsy", "associated_with", "Trex fever", "association") in relations(
        nlp, title + "Glimmer palsy is associated with Trex fever.")


@pytest.mark.parametrize("text,statement,not_said", [
    # after 'against', the name right before 'induced' is the participle's agent; the clause's subject is not
    ("We studied rats. We saw the protective effect of flurbinol against zentamol induced Blorf syndrome.",
     ("zentamol", "causes", "Blorf syndrome"), ("flurbinol", "causes", "Blorf syndrome")),
    ("We studied cells. In cells, flurbinol protects against KIN1 induced sensitivity to Blorf syndrome.",
     None, ("flurbinol", "increases", "Blorf syndrome")),
])
def test_a_participle_after_a_name_in_a_prepositional_phrase_is_that_names(nlp, second_drug, text, statement, not_said):
    found = {r[:3] for r in relations(nlp, text) if r[3].startswith("verb")}
    assert not_said not in found
    assert statement is None or statement in found


def test_what_a_treatment_results_in_is_not_what_it_treats(nlp):
    found = relations(nlp, "We studied rats. These findings indicate that zentamol treatment results in Blorf syndrome.")
    assert not any(r[:3] == ("zentamol", "treats", "Blorf syndrome") for r in found)
    assert ("zentamol", "causes", "Blorf syndrome", "verb-active") in found
    # an outcome that is a lowering is still the treatment's help
    assert ("zentamol", "treats", "Blorf syndrome", "treatment") in relations(
        nlp, "We studied rats. Short-term zentamol treatment ameliorated Glimmer palsy resulting in decreased Blorf syndrome.")


@pytest.mark.parametrize("text,statements", [
    ("We studied rats. Serotonin nerves are involved in the Blorf syndrome effect of zentamol.",
     {("zentamol", "causes", "Blorf syndrome")}),
    ("We studied rats. We saw the Blorf syndrome activity of zentamol and flurbinol.",
     {("zentamol", "causes", "Blorf syndrome"), ("flurbinol", "causes", "Blorf syndrome")}),
    ("We studied rats. We saw the anti-Blorf syndrome effect of zentamol.", set()),
])
def test_a_disease_named_as_the_kind_of_a_drugs_effect_is_caused_by_it(nlp, second_drug, text, statements):
    assert {r[:3] for r in relations(nlp, text) if r[3] == "disease-effect-of"} == statements
