"""End to end: build the three seed documents with the real command and check what a careful reader takes from them.

The seeds are read from ../shared/seeds at run time (never copied into the repository).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from omsgraph.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
DATA = Path(__file__).resolve().parents[1] / "data"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")

PREFIXES = """
PREFIX omsg: <https://w3id.org/omsgraph/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seedgraph") / "graph"
    run("build", SEEDS, "-o", out, "--workers", "1")
    return out


def statements(graph_dir: Path) -> list[dict[str, str]]:
    """Every statement as labels + names of everything its subject and object are called."""
    query = PREFIXES + """
    SELECT ?s ?p ?o ?negated (GROUP_CONCAT(DISTINCT LCASE(?sn); separator="|") AS ?snames)
           (GROUP_CONCAT(DISTINCT LCASE(?on); separator="|") AS ?onames)
    WHERE {
      ?st a omsg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; omsg:negated ?negated .
      { ?s rdfs:label ?sn } UNION { ?s skos:altLabel ?sn }
      { ?o rdfs:label ?on } UNION { ?o skos:altLabel ?on }
    } GROUP BY ?s ?p ?o ?negated
    """
    out = run("query", graph_dir, query, "--format", "json")
    rows = json.loads(out)
    rows = rows["results"]["bindings"] if isinstance(rows, dict) else rows
    flat = []
    for row in rows:
        get = lambda k: row[k]["value"] if isinstance(row.get(k), dict) else str(row.get(k, ""))
        flat.append(
            {
                "predicate": get("p").rsplit("#", 1)[-1],
                "negated": get("negated") in ("true", "1", "True"),
                "subject": get("snames"),
                "object": get("onames"),
            }
        )
    return flat


def found(rows: list[dict], subject: str, predicate: str, obj: str, *, negated: bool = False) -> bool:
    s, o = re.compile(subject, re.I), re.compile(obj, re.I)
    return any(
        r["predicate"] == predicate and r["negated"] == negated and s.search(r["subject"]) and o.search(r["object"])
        for r in rows
    )


EXPECTED = [
    (r"ly294002", "inhibits", r"pi3k|phosphoinositide"),
    (r"740 ?y-?p", "activates", r"pi3k|phosphoinositide"),
    (r"nvp-aew541", "antagonist_of", r"igf-?1 ?r|igf1r|receptor"),
    (r"nvp-aew541", "increases", r"cytolysis"),
    (r"igf-?1\b|igf1\b|insulin-like growth factor 1", "decreases", r"cytolysis"),
    (r"igf-?1\b|igf1\b|insulin-like growth factor 1", "acts_via", r"pi3k|phosphoinositide"),
    (r"igg|serum", "increases", r"cytolysis"),
    (r"igg|serum", "increases", r"pi3k|phosphoinositide"),
    (r"opsoclonus|\boms\b", "associated_with", r"neuroblastoma"),
    (r"opsoclonus|\boms\b", "associated_with", r"tumou?r|neoplasm|cancer"),
    (r"opsoclonus|\boms\b", "associated_with", r"infection|virus"),
    (r"ivig|intravenous immunoglobulin", "treats", r"opsoclonus|\boms\b"),
    (r"ivig|intravenous immunoglobulin", "treats", r"guillain"),
    (r"ivig|intravenous immunoglobulin", "treats", r"chronic inflammatory demyelinating|cidp"),
    (r"ivig|intravenous immunoglobulin", "treats", r"multifocal motor neuropathy"),
]


@pytest.mark.parametrize("subject,predicate,obj", EXPECTED)
def test_seed_graph_holds_what_a_reader_takes_from_the_seeds(seed_graph, subject, predicate, obj):
    assert found(statements(seed_graph), subject, predicate, obj), (subject, predicate, obj)


@pytest.mark.parametrize(
    "subject,obj",
    [(r"prednisolone", r"opsoclonus|\boms\b"), (r"clonazepam", r"opsoclonus|\boms\b"), (r"ivig|intravenous immunoglobulin", r"alzheimer")],
)
def test_reported_failures_are_negated_and_never_positive(seed_graph, subject, obj):
    rows = statements(seed_graph)
    assert found(rows, subject, "treats", obj, negated=True)
    assert not found(rows, subject, "treats", obj, negated=False)


def test_every_relation_traces_to_sentence_offsets_and_document(seed_graph):
    query = PREFIXES + """
    SELECT ?st ?sentence ?ss ?se ?os ?oe ?doc ?ident WHERE {
      ?st a omsg:Statement ; omsg:evidence ?ev .
      ?ev omsg:sentence ?sentence ; omsg:subjectStart ?ss ; omsg:subjectEnd ?se ;
          omsg:objectStart ?os ; omsg:objectEnd ?oe ; omsg:document ?doc .
      OPTIONAL { ?doc dcterms:identifier ?ident }
    }"""
    rows = json.loads(run("query", seed_graph, query, "--format", "json"))
    rows = rows["results"]["bindings"] if isinstance(rows, dict) else rows
    assert len(rows) >= len(EXPECTED)
    count_all = PREFIXES + "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a omsg:Statement }"
    n = json.loads(run("query", seed_graph, count_all, "--format", "json"))
    n = n["results"]["bindings"][0]["n"]["value"] if isinstance(n, dict) else list(n[0].values())[0]
    assert len({(r["st"]["value"] if isinstance(r["st"], dict) else r["st"]) for r in rows}) == int(n)


def test_turtle_export_reparses_and_shapes_pass(seed_graph, tmp_path):
    ttl = tmp_path / "seeds.ttl"
    run("export", seed_graph, "--format", "turtle", "-o", ttl)
    g = rdflib.Graph().parse(ttl, format="turtle")
    stats = json.loads(run("stats", seed_graph, "--format", "json"))
    assert len(g) == stats["triples"]
    assert stats["documents"] == 3
    assert stats["relations"] >= len(EXPECTED)
    run("validate", seed_graph)


def test_tsv_export_has_the_documented_columns(seed_graph, tmp_path):
    tsv = tmp_path / "rel.tsv"
    run("export", seed_graph, "--format", "tsv", "-o", tsv)
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == [
        "subject", "subject_id", "predicate", "object", "object_id", "negated", "hedged", "evidence_count", "documents",
    ]
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == 9
        assert cells[5] in ("true", "false") and cells[6] in ("true", "false")
        assert int(cells[7]) >= 1


def test_no_seed_sentence_is_in_the_repository():
    repo = Path(__file__).resolve().parents[1]
    keys = set()
    for seed in SEEDS.glob("*.txt"):
        for sentence in re.split(r"(?<=[.!?])\s+", seed.read_text(encoding="utf-8", errors="replace")):
            sentence = " ".join(sentence.split())
            if len(sentence) >= 80:
                keys.add(sentence[10:70])
    offenders = []
    for path in repo.rglob("*"):
        if any(part in (".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis") for part in path.parts):
            continue
        if path.is_file() and path.stat().st_size < 5_000_000 and not path.is_symlink():
            text = " ".join(path.read_text(encoding="utf-8", errors="ignore").split())
            if any(k in text for k in keys):
                offenders.append(str(path.relative_to(repo)))
    assert offenders == []
