"""BioRED relation scorer: an invented record, a real dev slice, malformed files."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from omsgraph.cli import main as cli_main
from omsgraph.errors import InputError
from omsgraph.evaluate.biored import biored_type, biored_types, predict, read_biored, relation_pair, score

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "biored" / "BioRED_Dev.PubTator"

# Invented text; the identifiers are real kinds (MeSH, NCBI Gene, a tmVar-style variant) but arbitrary.
TITLE = "Zorbinol inhibited KIN1 in cultured cells."
ABSTRACT = "The c.100A>G change of KIN1 was found in two families with ataxia."
RECORD = (
    f"11|t|{TITLE}\n11|a|{ABSTRACT}\n"
    "11\t0\t8\tZorbinol\tChemicalEntity\tD000001\n"
    "11\t19\t23\tKIN1\tGeneOrGeneProduct\t5290\n"
    f"11\t{len(TITLE) + 5}\t{len(TITLE) + 13}\tc.100A>G\tSequenceVariant\tc|SUB|A|100|G\n"
    f"11\t{len(TITLE) + 24}\t{len(TITLE) + 28}\tKIN1\tGeneOrGeneProduct\t5290,5291\n"
    f"11\t{len(TITLE) + 61}\t{len(TITLE) + 67}\tataxia\tDiseaseOrPhenotypicFeature\tD001259\n"
    "11\tNegative_Correlation\tD000001\t5290\tNovel\n"
    "11\tAssociation\tc|SUB|A|100|G\tD001259\tNovel\n"
)


def _write(tmp_path, body):
    path = tmp_path / "x.PubTator"
    path.write_text(body, encoding="utf-8")
    return path


def test_reader_keeps_variant_ids_whole_splits_composites_and_reads_gold(tmp_path):
    records, gold = read_biored(_write(tmp_path, RECORD + "\n"))
    ids = [m[3] for m in records[0].mentions]
    assert ids == [("D000001",), ("5290",), ("c|SUB|A|100|G",), ("5290", "5291"), ("D001259",)]
    assert gold == {("11", "5290", "D000001", "Negative_Correlation"),
                    relation_pair("11", "c|SUB|A|100|G", "D001259", "Association")}


def test_predictions_come_from_the_build_extractor_and_are_scored_both_ways(tmp_path):
    path = _write(tmp_path, RECORD + "\n")
    records, gold = read_biored(path)
    predicted = predict(records)
    assert ("11", "5290", "D000001", "Negative_Correlation") in predicted   # 'Zorbinol inhibited KIN1'
    result = score(gold, predicted)
    assert result["pair_type"]["tp"] >= 1 and result["types"]["Negative_Correlation"]["recall"] == 1.0
    out = tmp_path / "pred.tsv"
    run = CliRunner().invoke(cli_main, ["evaluate", "biored", str(path), "--predictions", str(out)])
    assert run.exit_code == 0, run.output
    assert "11\tNegative_Correlation\t5290\tD000001" in out.read_text().splitlines()


def test_every_predicate_maps_to_a_biored_type():
    from omsgraph.graph.vocabulary import ontology_file

    predicates = [line.split("\t")[0] for line in ontology_file("predicates.tsv").read_text().splitlines()
                  if line.strip() and not line.startswith("#")]
    assert {predicate for predicate, pair in biored_types() if pair == "*"} == set(predicates)


def test_a_gene_and_a_disease_are_an_association_whatever_the_predicate():
    assert biored_type("inhibits", "Chemical", "Gene") == "Negative_Correlation"
    assert biored_type("inhibits", "Gene", "Disease") == "Association"
    assert biored_type("increases", "Disease", "Gene") == "Association"
    assert biored_type("no_such_predicate", "Chemical", "Gene") is None


def test_malformed_files_give_one_line_errors(tmp_path):
    head = f"11|t|{TITLE}\n11|a|{ABSTRACT}\n"
    for bad, reason in [("11\tCauses\tD1\tD2\tNovel\n", "unknown BioRED relation type"),
                        ("11\tAssociation\tD1\n", "3 columns"),
                        ("11\t0\t999\tZorbinol\tChemicalEntity\tD1\n", "outside the text")]:
        with pytest.raises(InputError, match=reason):
            read_biored(_write(tmp_path, head + bad))
        result = CliRunner().invoke(cli_main, ["evaluate", "biored", str(_write(tmp_path, head + bad))])
        assert result.exit_code != 0 and "x.PubTator" in result.output and "line 3" in result.output
        assert "Traceback" not in result.output


@pytest.mark.skipif(not DEV.exists(), reason="../shared BioRED development file absent")
def test_dev_slice_reads_and_scores(tmp_path):
    records = DEV.read_text(encoding="utf-8").split("\n\n")[:15]
    recs, gold = read_biored(_write(tmp_path, "\n\n".join(records) + "\n"))
    assert len(recs) == 15 and gold
    assert score(gold, set(gold))["pair_type"]["f1"] == 1.0
    result = score(gold, predict(recs))
    assert 0.0 <= result["pair"]["f1"] <= 1.0 and result["pair"]["tp"] >= result["pair_type"]["tp"]


def test_relations_between_types_biored_never_relates_are_not_predictions(tmp_path):
    title = "Blorf syndrome was associated with Zorp disease in the cohort."
    body = (f"12|t|{title}\n12|a|No more.\n12\t0\t14\tBlorf syndrome\tDiseaseOrPhenotypicFeature\tD999001\n"
            f"12\t35\t47\tZorp disease\tDiseaseOrPhenotypicFeature\tD999002\n\n")
    records, _ = read_biored(_write(tmp_path, body))
    from omsgraph.evaluate.biored import biored_documents
    from omsgraph.evaluate.scoring import extracted

    stated = [r.predicate for _, _, relations in extracted(biored_documents(records)) for r in relations]
    assert "associated_with" in stated      # the graph keeps it ...
    assert predict(records) == set()        # ... but BioRED has no disease-disease relations


def test_a_pair_both_associated_and_stated_with_a_sign_takes_the_signed_type(tmp_path):
    # the two sentences give relations of equal confidence: the association comes first, the risk says more
    title = "The c.100A>G variant was found in families with Blorf syndrome."
    abstract = "Carriers of c.100A>G had a higher risk of Blorf syndrome than others."
    at = len(title) + 1
    body = (f"13|t|{title}\n13|a|{abstract}\n"
            "13\t4\t12\tc.100A>G\tSequenceVariant\tc|SUB|A|100|G\n"
            "13\t48\t62\tBlorf syndrome\tDiseaseOrPhenotypicFeature\tD999001\n"
            f"13\t{at + 12}\t{at + 20}\tc.100A>G\tSequenceVariant\tc|SUB|A|100|G\n"
            f"13\t{at + 42}\t{at + 56}\tBlorf syndrome\tDiseaseOrPhenotypicFeature\tD999001\n\n")
    records, _ = read_biored(_write(tmp_path, body))
    text = f"{title} {abstract}"
    assert [text[m[0]:m[1]] for m in records[0].mentions] == ["c.100A>G", "Blorf syndrome"] * 2
    assert predict(records) == {relation_pair("13", "c|SUB|A|100|G", "D999001", "Positive_Correlation")}
