"""The document-level pair scorers (omsgraph/extract/scored_pairs.py) through the real pipeline.

Sentences are invented (made-up gene, chemical and disease names), mentions given as PubTator
annotations would be. Hand-made weights test the mechanism; the shipped weights of every kind are
checked against a refit on the BioRED training split.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from omsgraph.extract import extract_relations, load_rules
from omsgraph.extract.scored_pairs import (
    CHEMICAL_CHEMICAL, CHEMICAL_GENE, GENE_DISEASE, GENE_GENE, PAIR_KINDS, VARIANT_DISEASE_APART, PairModel, candidate_pairs,
    extract_scored_pairs, load_pair_model,
)
from omsgraph.model import Document, Mention
from omsgraph.nlp import annotate, load_pipeline

ROOT = Path(__file__).resolve().parents[1]
BIORED_TRAIN = ROOT.parent / "shared" / "corpora" / "biored" / "BioRED_Train.PubTator"
NAMES = {"KIN1": ("Gene", "NCBIGene:90001"), "TRX2": ("Gene", "NCBIGene:90002"),
         "Blorf syndrome": ("Disease", "MESH:D999001"), "c.100A>G": ("Variant", "dbSNP:rs900001"),
         "zentamol": ("Chemical", "MESH:C999001"), "quorafen": ("Chemical", "MESH:C999002"),
         "Kinases": ("Gene", "MESH:D999002")}
# accepts exactly the pairs named together in the title
TITLE_ONLY = PairModel({"title": 6.0}, -3.0, 0.5)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(vocabulary=False)


def annotated(nlp, text: str):
    mentions = tuple(Mention(start, start + len(name), name, kind, curie)
                     for name, (kind, curie) in NAMES.items()
                     for start in _all(text, name))
    document = Document(id="HASH:g", text=text, mentions=mentions)
    return next(iter(annotate([document], nlp, entities="input")))


def _all(text: str, name: str) -> list[int]:
    out, at = [], text.find(name)
    while at >= 0:
        out.append(at)
        at = text.find(name, at + 1)
    return out


def test_pairs_the_model_accepts_become_associations_with_their_probability(nlp):
    document, doc = annotated(nlp, "KIN1 in Blorf syndrome. TRX2 was also measured in Blorf syndrome.")
    found = extract_scored_pairs(doc, document=document, model=TITLE_ONLY)
    assert [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in found] == [
        ("KIN1", "associated_with", "Blorf syndrome", "gene-disease-scored")]
    assert found[0].confidence == pytest.approx(TITLE_ONLY.probability({"title": 1.0}), abs=1e-3)
    assert found[0].evidence.sentence == "KIN1 in Blorf syndrome." and not found[0].hedged


def test_a_hedged_sentence_gives_a_hedged_association(nlp):
    document, doc = annotated(nlp, "KIN1 may take part in Blorf syndrome.")
    found = extract_scored_pairs(doc, document=document, model=TITLE_ONLY)
    assert found[0].hedged and found[0].evidence.hedged and found[0].evidence.cue == "may"


def test_pairs_other_rules_stated_are_not_scored_again(nlp):
    document, doc = annotated(nlp, "KIN1 in Blorf syndrome.")
    for related in ({("NCBIGene:90001", "MESH:D999001")}, {("MESH:D999001", "NCBIGene:90001")}):
        assert not candidate_pairs(doc, related=related)
    # through the whole extractor: a verb rule relates the pair, the scorer adds nothing beside it
    document, doc = annotated(nlp, "KIN1 in Blorf syndrome: KIN1 increased Blorf syndrome severity.")
    rules = {(r.predicate, r.evidence.rule) for r in extract_relations(doc, document=document, rules=load_rules())}
    assert ("increases", "verb-active") in rules and not any(rule == "gene-disease-scored" for _, rule in rules)


def test_evidence_prefers_a_sentence_with_genetic_wording(nlp):
    text = "KIN1 and Blorf syndrome. Later, mutations of KIN1 were seen in Blorf syndrome."
    document, doc = annotated(nlp, text)
    pair = candidate_pairs(doc)[("NCBIGene:90001", "MESH:D999001")]
    assert pair.features["title"] == 1.0 and pair.features["genetic"] == 1.0
    found = extract_scored_pairs(doc, document=document, model=TITLE_ONLY)
    assert found[0].evidence.sentence.startswith("Later, mutations") and found[0].evidence.trigger == "mutations"


def test_two_genes_make_one_unordered_pair_led_by_the_more_often_named(nlp):
    text = "TRX2 binds KIN1 and KIN1 in Blorf syndrome. KIN1 was measured."
    document, doc = annotated(nlp, text)
    pairs = candidate_pairs(doc, kind=GENE_GENE)
    assert list(pairs) == [("NCBIGene:90001", "NCBIGene:90002")]   # KIN1 (3 mentions) first, once
    features = pairs[("NCBIGene:90001", "NCBIGene:90002")].features
    assert features["partner_first"] == 1.0 and features["between:binds"] == 1.0 and "gene_first" not in features
    found = extract_scored_pairs(doc, document=document, kind=GENE_GENE, model=TITLE_ONLY)
    assert [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in found] == [
        ("KIN1", "associated_with", "TRX2", "gene-gene-scored")]
    # the gene-disease kind of the same text does not pair the two genes
    assert all(d == "MESH:D999001" for _, d in candidate_pairs(doc, kind=GENE_DISEASE))


def test_a_gene_class_named_by_a_mesh_heading_pairs_with_no_gene(nlp):
    _, doc = annotated(nlp, "Kinases and KIN1 bind TRX2 in Blorf syndrome.")
    assert set(candidate_pairs(doc, kind=GENE_GENE)) == {("NCBIGene:90001", "NCBIGene:90002")}
    # the gene-disease kind still takes it (autoantibodies, "Antibodies", are a finding in a disease)
    assert ("MESH:D999002", "MESH:D999001") in candidate_pairs(doc, kind=GENE_DISEASE)


def test_chemical_pairs_named_together_are_scored_through_the_whole_extractor(nlp):
    document, doc = annotated(nlp, "Zentamol with quorafen. Neither zentamol nor quorafen was stable.")
    assert set(candidate_pairs(doc, kind=CHEMICAL_CHEMICAL)) == {("MESH:C999002", "MESH:C999001")}
    always = PairModel({}, 5.0, 0.5)
    found = extract_scored_pairs(doc, document=document, kind=CHEMICAL_CHEMICAL, model=always)
    assert [(r.subject.id, r.object.id, r.evidence.rule) for r in found] == [
        ("MESH:C999002", "MESH:C999001", "chemical-chemical-scored")]
    # a pair a verb rule already relates is not scored again
    document, doc = annotated(nlp, "Zentamol with quorafen: zentamol inhibited quorafen.")
    rels = extract_relations(doc, document=document, rules=load_rules())
    assert ("inhibits", "verb-active") in {(r.predicate, r.evidence.rule) for r in rels}
    assert not any(r.evidence.rule.endswith("-scored") for r in rels)


def test_a_drug_and_a_gene_the_chemical_gene_stage_left_unrelated_are_scored(nlp):
    document, doc = annotated(nlp, "In the serum, zentamol and KIN1 were measured.")
    assert set(candidate_pairs(doc, kind=CHEMICAL_GENE)) == {("MESH:C999001", "NCBIGene:90001")}
    found = extract_scored_pairs(doc, document=document, kind=CHEMICAL_GENE, model=PairModel({}, 5.0, 0.5))
    assert [(r.subject.id, r.predicate, r.object.id, r.evidence.rule) for r in found] == [
        ("MESH:C999001", "associated_with", "NCBIGene:90001", "chemical-gene-pair-scored")]
    # a pair the chemical-gene stage related is not scored again
    document, doc = annotated(nlp, "In the serum, zentamol inhibited KIN1.")
    rels = extract_relations(doc, document=document, rules=load_rules())
    assert any(r.predicate == "inhibits" for r in rels)
    assert not any(r.evidence.rule.endswith("-scored") for r in rels)


def test_a_variant_and_a_disease_never_named_together_are_scored_from_the_variants_sentence(nlp):
    text = "Blorf syndrome in one family. Sequencing found a change. The c.100A>G change was a mutation."
    document, doc = annotated(nlp, text)
    pairs = candidate_pairs(doc, kind=VARIANT_DISEASE_APART)
    assert list(pairs) == [("dbSNP:rs900001", "MESH:D999001")]
    features = pairs[("dbSNP:rs900001", "MESH:D999001")].features
    assert features["disease_in_title"] == 1.0 and features["variant_in_title"] == 0.0
    assert features["disease_named_first"] == 1.0 and features["genetic"] == 1.0
    assert not candidate_pairs(doc, kind=GENE_DISEASE)   # the sentence scorer sees no pair here
    found = extract_scored_pairs(doc, document=document, kind=VARIANT_DISEASE_APART, model=PairModel({}, 5.0, 0.5))
    [rel] = found
    assert (rel.subject.id, rel.object.id, rel.evidence.rule) == ("dbSNP:rs900001", "MESH:D999001",
                                                                  "variant-disease-apart-scored")
    assert rel.evidence.sentence == "The c.100A>G change was a mutation." and rel.evidence.object_span == (0, 14)
    # named together once, the pair is the sentence scorer's, not this one's
    document, doc = annotated(nlp, "Blorf syndrome in one family. The c.100A>G change causes Blorf syndrome.")
    assert not candidate_pairs(doc, kind=VARIANT_DISEASE_APART)


@pytest.mark.parametrize("kind", PAIR_KINDS, ids=lambda k: k.name)
def test_the_shipped_model_reads_only_features_the_scorer_makes(kind):
    model = load_pair_model(kind)
    assert 0.0 < model.threshold < 1.0
    a, b = kind.words
    base = {f"{a}_mentions", f"{b}_mentions", f"{a}_top", f"{b}_top", f"{a}s_in_doc", f"{b}s_in_doc",
            "variant", "sentences", "adjacent", "title", "genetic", "assoc", "treat", "negation", "finding", f"{a}_first",
            f"{b}_first", f"{a}_in_title", f"{b}_in_title", f"{b}_named_first"}
    assert model.weights and all(name in base or name.startswith("between:") for name in model.weights)


@pytest.mark.skipif(not BIORED_TRAIN.exists(), reason="needs ../shared/corpora/biored")
@pytest.mark.parametrize("kind", PAIR_KINDS, ids=lambda k: k.name)
def test_refitting_on_the_training_split_gives_the_shipped_weights(tmp_path, kind):
    out = tmp_path / "model.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_pair_model.py"), kind.name, str(BIORED_TRAIN),
                    "--out", str(out)], check=True, capture_output=True, cwd=ROOT)
    rows = lambda path: [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert rows(out) == rows(ROOT / "omsgraph" / "ontology" / kind.table)
