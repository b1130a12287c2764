"""BC5CDR CID extractor and scorer: hand-built Docs, a real dev slice, malformed files."""

from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from omsgraph.cli import main as cli_main
from omsgraph.errors import InputError
from omsgraph.evaluate.bc5cdr import predict, read_cid_pubtator, score
from omsgraph.extract.chemical_disease import extract_chemical_disease
from omsgraph.nlp.spans import set_entity_spans

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"


def _doc(text, marks):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    spans = [doc.char_span(text.index(w), text.index(w) + len(w), label=t, kb_id=k) for w, t, k in marks]
    return set_entity_spans(doc, spans)


def test_induced_cue_in_body_sentence():
    doc = _doc("A case report. Seizures were induced by cocaine in one man.",
               [("Seizures", "Disease", "MESH:D012640"), ("cocaine", "Chemical", "MESH:D003042")])
    rels = extract_chemical_disease(doc, document="PMID:9")
    assert [(r.subject.id, r.object.id, r.evidence.rule, r.negated) for r in rels] == [
        ("MESH:D003042", "MESH:D012640", "cid-cue", False)]
    assert rels[0].evidence.sentence.startswith("Seizures")


def test_treatment_context_is_not_causes():
    doc = _doc("A case report. Aspirin for the treatment of migraine worked well.",
               [("Aspirin", "Chemical", "MESH:D001241"), ("migraine", "Disease", "MESH:D008881")])
    assert extract_chemical_disease(doc, document="PMID:9") == []


def test_negated_relation_is_flagged():
    doc = _doc("A case report. No hepatitis developed after the drug valproate was given.",
               [("hepatitis", "Disease", "MESH:D006505"), ("valproate", "Chemical", "MESH:D014635")])
    rels = extract_chemical_disease(doc, document="PMID:9")
    assert rels and rels[0].negated


def _write(tmp_path, body):
    path = tmp_path / "x.PubTator"
    path.write_text(body, encoding="utf-8")
    return path


def test_malformed_files_raise_input_error(tmp_path):
    head = "1|t|Drug X made rash.\n1|a|Body.\n"
    for bad in ["1\t0\t4\tDrug\n", "1\t0\t400\tDrug\tChemical\tD1\n", "1\t0\t4\tDrug\tChemical\tX9\n"]:
        with pytest.raises(InputError) as err:
            read_cid_pubtator(_write(tmp_path, head + bad))
        assert "x.PubTator" in str(err.value) and "line 3" in str(err.value)
    result = CliRunner().invoke(cli_main, ["evaluate", "bc5cdr", str(_write(tmp_path, head + "1\t0\t4\tDrug\n"))])
    assert result.exit_code != 0 and "Traceback" not in result.output


@pytest.mark.skipif(not DEV.exists(), reason="../shared BC5CDR development file absent")
def test_dev_slice_scores_and_format(tmp_path):
    records = DEV.read_text(encoding="utf-8").split("\n\n")[:20]
    path = _write(tmp_path, "\n\n".join(records) + "\n")
    recs, gold = read_cid_pubtator(path)
    assert len(recs) == 20 and gold
    assert score(gold, set(gold))["f1"] == 1.0
    pred = predict(recs)
    result = score(gold, pred)
    assert result["tp"] == len(gold & pred) and 0.0 <= result["f1"] <= 1.0
    out = tmp_path / "pred.tsv"
    run = CliRunner().invoke(cli_main, ["evaluate", "bc5cdr", str(path), "--predictions", str(out)])
    assert run.exit_code == 0, run.output
    for line in out.read_text().splitlines():
        pmid, kind, chem, dis = line.split("\t")
        assert kind == "CID" and pmid.isdigit() and chem[0] in "DC" and dis[0] in "DC"
