"""BC5CDR NER scorer: reading, scoring on a hand-written file, and the development split when present."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.evaluate.bc5cdr_ner import read_pubtator, score

BC5CDR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "bc5cdr"

SAMPLE = ("77|t|Clonazepam and seizures\n77|a|Clonazepam eased myoclonus.\n"
          "77\t0\t10\tClonazepam\tChemical\tD002998\n77\t15\t23\tseizures\tDisease\tD012640\n"
          "77\t24\t34\tClonazepam\tChemical\tD002998\n77\t41\t50\tmyoclonus\tDisease\tD009207\n77\tCID\tD002998\tD009207\n")


def test_cli_scores_and_writes_predictions(tmp_path):
    f = tmp_path / "s.PubTator"
    f.write_text(SAMPLE, encoding="utf-8")
    pred = tmp_path / "p.txt"
    result = CliRunner().invoke(main, ["evaluate", "bc5cdr-ner", str(f), "--predictions", str(pred), "--curated-only"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["mention"]["Chemical"]["tp"] == 2
    assert out["mention"]["Disease"]["tp"] >= 1
    assert pred.read_text().startswith("77\t0\t10\tClonazepam\tChemical\t")


def test_a_chemical_inside_a_receptors_name_is_predicted_too(tmp_path):
    vocab = tmp_path / "v.tsv"
    vocab.write_text("name\tcurie\ttype\nblorfamine\tMESH:C999001\tChemical\n"
                     "blorfamine receptor\tHGNC:99001\tGene\nglarp uptake\tGO:0099001\tProcess\n"
                     "methyl\tMESH:C999002\tChemical\nmethyl glarpase\tHGNC:99002\tGene\n", encoding="utf-8")
    text = "Blorfamine receptor and blorfamine; glarp uptake; methyl glarpase."
    f = tmp_path / "s.PubTator"
    f.write_text(f"5|t|{text}\n5|a|\n5\t0\t10\tBlorfamine\tChemical\tC999001\n"
                 "5\t24\t34\tblorfamine\tChemical\tC999001\n", encoding="utf-8")
    pred = tmp_path / "p.txt"
    result = CliRunner().invoke(main, ["evaluate", "bc5cdr-ner", str(f), "--predictions", str(pred), "--curated-only",
                                       "--vocab", str(vocab)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t")[1:5] for line in pred.read_text().splitlines()]
    # the receptor's modifier (the head word left out), the free name; nothing in the process's
    # name, and no chemical group ('methyl') in an enzyme's
    assert sorted(rows) == [["0", "10", "Blorfamine", "Chemical"], ["24", "34", "blorfamine", "Chemical"]]
    assert json.loads(result.output)["mention"]["Chemical"]["tp"] == 2


def test_bad_file_one_line(tmp_path):
    f = tmp_path / "bad.PubTator"
    f.write_text("this is not pubtator\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "bc5cdr-ner", str(f)])
    assert result.exit_code == 1 and "bad.PubTator [line 1]" in result.output


@pytest.mark.skipif(not (BC5CDR / "CDR_DevelopmentSet.PubTator.txt").is_file(), reason="BC5CDR not present")
def test_development_split_reads():
    docs = read_pubtator(BC5CDR / "CDR_DevelopmentSet.PubTator.txt")
    assert len(docs) == 500
    perfect = [(d.pmid, s, e, t, k, i) for d in docs for s, e, t, k, i in d.mentions]
    assert score(docs, perfect)["mention"]["Chemical"]["f1"] == 1.0
