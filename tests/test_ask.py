"""Named questions (``omsgraph ask``) on a small real graph."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import json

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.errors import QueryError
from omsgraph.graph import GraphStore
from omsgraph.query.named import ask, format_answer, load_questions


def _support():
    # tests run with --import-mode=importlib, so the shared fixture module is loaded by path
    path = Path(__file__).with_name("test_network_support.py")
    spec = importlib.util.spec_from_file_location("omsgraph_test_network_support", path)
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


build_fixture_graph = _support().build_fixture_graph


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    return build_fixture_graph(tmp_path_factory.mktemp("ask") / "g")


@pytest.fixture(scope="module")
def store(graph_dir):
    return GraphStore.open(graph_dir)


def column(answer, name):
    variables, rows = answer
    i = variables.index(name)
    return [row[i].value for row in rows]


def test_every_question_has_description_and_args():
    questions = load_questions()
    assert {"inhibitors", "activators", "targets", "treatments", "effects", "evidence", "contradictions", "entity"} <= set(questions)
    assert all(q.description for q in questions.values())
    assert questions["evidence"].args == ("s", "p", "o")


@pytest.mark.parametrize("name", ["PI3K", "pi3k", "FPLX:PI3K", "fplx:pi3k"])
def test_inhibitors_match_label_and_curie_case_insensitively(store, name):
    answer = ask(store, "inhibitors", name)
    assert column(answer, "subject") == ["LY294002", "IGF1"]  # ranked by evidence
    assert column(answer, "evidence")[0] == "2"


def test_treatments_name_ivig_with_evidence_and_skip_negated(store):
    text = format_answer(*ask(store, "treatments", "Opsoclonus-Myoclonus Syndrome"))
    assert "IVIg" in text and "PMID:2001 PMID:2002" in text and "PMID:2003" not in text


def test_evidence_lists_both_supporting_and_negated_sentences(store):
    answer = ask(store, "evidence", "IVIg", "treats", "opsoclonus-myoclonus syndrome")
    assert column(answer, "negated") == ["false", "false", "true"]


def test_contradictions_pair_opposite_signs_and_negations(store):
    answer = ask(store, "contradictions")
    pairs = set(zip(column(answer, "subject"), column(answer, "claim"), column(answer, "counter")))
    assert ("IGF1", "activates", "decreases") in pairs
    assert ("IVIg", "treats", "not treats") in pairs
    assert not any(s == "LY294002" for s, _, _ in pairs)


@pytest.mark.parametrize("evil", ['PI3K" } ; DROP ALL ; {', "x' } UNION { ?s ?p ?o }", "}}}", "PI3K\\", "a\nb"])
def test_arguments_are_values_not_query_text(store, graph_dir, evil):
    before = len(store)
    assert ask(store, "inhibitors", evil)[1] == []
    assert len(GraphStore.open(graph_dir)) == before


def test_wrong_arity_and_unknown_question_are_query_errors(store):
    with pytest.raises(QueryError, match="takes X"):
        ask(store, "inhibitors")
    with pytest.raises(QueryError, match="unknown question"):
        ask(store, "nonsense", "x")


def test_cli_lists_and_answers_in_every_format(graph_dir):
    runner = CliRunner()
    listing = runner.invoke(main, ["ask", "--list"])
    assert listing.exit_code == 0 and "treatments DISEASE" in listing.output
    out = runner.invoke(main, ["ask", str(graph_dir), "inhibitors", "PI3K", "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.output)[0]["subject"] == "LY294002"
    tsv = runner.invoke(main, ["ask", str(graph_dir), "targets", "LY294002", "--format", "tsv"])
    assert tsv.output.splitlines()[0] == "subject\tpredicate\ttarget\tevidence\tpmids"
    bad = runner.invoke(main, ["ask", str(graph_dir / "missing"), "inhibitors", "PI3K"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_synonyms_seen_in_text_match_too(tmp_path):
    support = _support()
    facts = [("PMID:4001", "Intravenous immunoglobulin helped opsoclonus-myoclonus syndrome.", support.IVIG,
              "Intravenous immunoglobulin", "treats", support.OMS, "opsoclonus-myoclonus syndrome", False, False)]
    store = GraphStore.open(support.build_fixture_graph(tmp_path / "g", facts))
    assert column(ask(store, "targets", "x"), "target") == []
    assert column(ask(store, "effects", "intravenous IMMUNOGLOBULIN"), "subject") == ["IVIg"]
    from omsgraph.network.graph import resolve, to_networkx

    graph = to_networkx(store)
    assert resolve(graph, "intravenous immunoglobulin") == resolve(graph, "IVIg") != []


@pytest.mark.parametrize("name", sorted(load_questions()))
def test_resolving_arguments_first_gives_the_answers_of_the_plain_query(store, name):
    """``ask`` swaps each argument lookup for the entities it finds (fast on Oxigraph); the answers
    must be those of the standard query run as written (what a remote SPARQL endpoint gets)."""
    from omsgraph.query.named import bind_values, resolve_entities

    question = load_questions()[name]
    for value in ("LY294002", "pi3k", "IVIg", "Guillain-Barre syndrome", "no such entity"):
        arguments = {a: value for a in question.args}
        if "p" in arguments:
            arguments["p"] = "inhibits"
        resolved = resolve_entities(store, question.sparql, arguments)
        assert ("VALUES ?" in resolved) == bool(question.args and "rdfs:label|skos:altLabel" in question.sparql)
        plain = sorted(map(str, store.query(bind_values(question.sparql, arguments))))
        fast = sorted(map(str, store.query(bind_values(resolved, arguments))))
        assert fast == plain
