"""Pure parts of the server: content negotiation and the example questions (HTTP is in test_serve.py)."""

from __future__ import annotations

import pytest

from omsgraph.serve.negotiate import preferences


@pytest.mark.parametrize(("accept", "results", "graph"), [
    (None, "json", "turtle"),
    ("*/*", "json", "turtle"),
    ("application/sparql-results+xml", "xml", None),
    ("text/csv", "csv", None),
    ("text/tab-separated-values", "tsv", None),
    ("application/json", "json", None),
    ("text/turtle", None, "turtle"),
    ("application/n-triples", None, "ntriples"),
    ("application/ld+json", None, "jsonld"),
    ("text/*", "csv", "turtle"),
    ("text/csv;q=0.2, application/sparql-results+json;q=0.8", "json", None),
    ("application/sparql-results+json;q=0.1, text/csv", "csv", None),
    ("text/*;q=0.5, text/csv;q=0", "tsv", "turtle"),
    ("TEXT/CSV", "csv", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml", "turtle"),
])
def test_best_format_per_answer_family(accept, results, graph):
    prefs = preferences(accept)
    assert (prefs.results[0] if prefs.results else None) == results
    assert (prefs.graph[0] if prefs.graph else None) == graph


def test_nothing_acceptable():
    assert not preferences("image/png").acceptable
    assert not preferences("text/csv;q=0").acceptable
    assert not preferences("text/csv;q=nonsense").acceptable


def test_format_parameter_wins_over_accept():
    prefs = preferences("text/csv", format="ttl")
    assert prefs.graph == ["turtle"] and prefs.results == []
    assert preferences(None, format="CSV").results == ["csv"]
    assert not preferences(None, format="pdf").acceptable


def test_example_questions_from_rq_files(tmp_path):
    from omsgraph.serve.browse import example_questions

    (tmp_path / "inhibitors.rq").write_text("# What inhibits X (label, synonym or CURIE)?\nSELECT ?s WHERE { ?s omsg:inhibits ?x }\n")
    (tmp_path / "plain.rq").write_text("\nASK {}\n")
    (tmp_path / "notes.txt").write_text("not a question")
    questions = example_questions(folder=tmp_path)
    assert [(q["name"], q["description"]) for q in questions] == [
        ("inhibitors", "What inhibits X (label, synonym or CURIE)?"), ("plain", "")]
    assert questions[0]["sparql"].startswith("# What inhibits X")
