"""The gene–disease pair scorer (omsgraph/extract/gene_disease.py) through the real pipeline.

Sentences are invented (made-up gene and disease names), mentions given as PubTator annotations
would be. Hand-made weights test the mechanism; the shipped weights are checked against a refit
on the BioRED training split.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from omsgraph.extract import extract_relations, load_rules
from omsgraph.extract.gene_disease import GeneDiseaseModel, candidate_pairs, extract_gene_disease, load_gene_disease_model
from omsgraph.model import Document, Mention
from omsgraph.nlp import annotate, load_pipeline

ROOT = Path(__file__).resolve().parents[1]
BIORED_TRAIN = ROOT.parent / "shared" / "corpora" / "biored" / "BioRED_Train.PubTator"
NAMES = {"KIN1": ("Gene", "NCBIGene:90001"), "TRX2": ("Gene", "NCBIGene:90002"),
         "Blorf syndrome": ("Disease", "MESH:D999001"), "c.100A>G": ("Variant", "dbSNP:rs900001")}
# accepts exactly the pairs named together in the title
TITLE_ONLY = GeneDiseaseModel({"title": 6.0}, -3.0, 0.5)


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
    found = extract_gene_disease(doc, document=document, model=TITLE_ONLY)
    assert [(r.subject.label, r.predicate, r.object.label, r.evidence.rule) for r in found] == [
        ("KIN1", "associated_with", "Blorf syndrome", "gene-disease-scored")]
    assert found[0].confidence == pytest.approx(TITLE_ONLY.probability({"title": 1.0}), abs=1e-3)
    assert found[0].evidence.sentence == "KIN1 in Blorf syndrome." and not found[0].hedged


def test_a_hedged_sentence_gives_a_hedged_association(nlp):
    document, doc = annotated(nlp, "KIN1 may take part in Blorf syndrome.")
    found = extract_gene_disease(doc, document=document, model=TITLE_ONLY)
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
    found = extract_gene_disease(doc, document=document, model=TITLE_ONLY)
    assert found[0].evidence.sentence.startswith("Later, mutations") and found[0].evidence.trigger == "mutations"


def test_the_shipped_model_reads_only_features_the_scorer_makes():
    model = load_gene_disease_model()
    assert 0.0 < model.threshold < 1.0
    base = {"gene_mentions", "disease_mentions", "gene_top", "disease_top", "genes_in_doc", "diseases_in_doc",
            "variant", "sentences", "adjacent", "title", "genetic", "assoc", "treat", "negation", "gene_first",
            "disease_first"}
    assert model.weights and all(name in base or name.startswith("between:") for name in model.weights)


@pytest.mark.skipif(not BIORED_TRAIN.exists(), reason="needs ../shared/corpora/biored")
def test_refitting_on_the_training_split_gives_the_shipped_weights(tmp_path):
    out = tmp_path / "model.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_gene_disease_model.py"), str(BIORED_TRAIN),
                    "--out", str(out)], check=True, capture_output=True, cwd=ROOT)
    rows = lambda path: [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert rows(out) == rows(ROOT / "omsgraph" / "ontology" / "gene_disease_model.tsv")
