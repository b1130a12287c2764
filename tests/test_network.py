"""to_networkx and ``omsgraph network`` writers on a small real graph and a generated big one."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.network.graph import neighbourhood, resolve, to_networkx
from omsgraph.network.render import write_network


def _support():
    # tests run with --import-mode=importlib, so the shared fixture module is loaded by path
    path = Path(__file__).with_name("test_network_support.py")
    spec = importlib.util.spec_from_file_location("omsgraph_test_network_support", path)
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    return _support().build_fixture_graph(tmp_path_factory.mktemp("network") / "g")


def labelled_edges(graph):
    return {(graph.nodes[u]["label"], d["predicate"], graph.nodes[v]["label"]) for u, v, d in graph.edges(data=True)}


def test_nodes_and_edges_carry_schema_facts(graph_dir):
    graph = to_networkx(graph_dir)
    ly = resolve(graph, "LY294002")[0]
    assert {k: graph.nodes[ly][k] for k in ("label", "type", "curie")} == {"label": "LY294002", "type": "Chemical", "curie": "MESH:C085911"}
    assert resolve(graph, "fplx:pi3k") == resolve(graph, "PI3K") != []
    edge = next(d for _, v, d in graph.out_edges(ly, data=True) if d["predicate"] == "inhibits")
    assert edge["sign"] == -1 and edge["evidence"] == 2 and edge["pmids"] == ["PMID:1001", "PMID:1002"]
    assert edge["sentence"] and edge["negated"] is False and edge["hedged"] is False
    assert ("IVIg", "treats", "opsoclonus-myoclonus syndrome") in labelled_edges(graph)
    assert not any(d["negated"] for *_, d in graph.edges(data=True))


def test_filters(graph_dir):
    assert {p for _, p, _ in labelled_edges(to_networkx(graph_dir, predicates=["inhibits"]))} == {"inhibits"}
    assert all(d["evidence"] >= 2 for *_, d in to_networkx(graph_dir, min_evidence=2).edges(data=True))
    assert ("IGF1", "increases", "PI3K") not in labelled_edges(to_networkx(graph_dir, exclude_hedged=True))
    assert {d["type"] for _, d in to_networkx(graph_dir, types=["Chemical", "Disease"]).nodes(data=True)} == {"Chemical", "Disease"}
    negated = to_networkx(graph_dir, include_negated=True)
    assert any(d["negated"] and d["predicate"] == "treats" for *_, d in negated.edges(data=True))


def test_focus_depth(graph_dir):
    graph = to_networkx(graph_dir)
    near = neighbourhood(graph, resolve(graph, "cytolysis"), depth=1)
    assert {d["label"] for _, d in near.nodes(data=True)} == {"cytolysis", "PI3K", "LY294002"}
    assert neighbourhood(graph, resolve(graph, "cytolysis"), depth=2).number_of_nodes() == 4


def test_every_format_is_written_and_readable(graph_dir, tmp_path):
    runner = CliRunner()
    for ext in ("html", "png", "svg", "graphml", "json"):
        out = runner.invoke(main, ["network", str(graph_dir), "-o", str(tmp_path / f"n.{ext}"), "--focus", "PI3K", "--depth", "1"])
        assert out.exit_code == 0, out.output
    back = nx.read_graphml(tmp_path / "n.graphml")
    assert back.number_of_nodes() == 4
    cyto = json.loads((tmp_path / "n.json").read_text())
    assert {n["data"]["label"] for n in cyto["elements"]["nodes"]} == {"PI3K", "LY294002", "IGF1", "cytolysis"}
    assert (tmp_path / "n.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "n.svg").read_text()
    page = (tmp_path / "n.html").read_text()
    assert "vis.Network" in page and "PMID:1001" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)  # self-contained: nothing fetched


def test_bad_extension_and_unknown_focus_are_one_line_errors(graph_dir, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["network", str(graph_dir), "-o", str(tmp_path / "n.doc")])
    assert bad.exit_code == 1 and "unknown network format" in bad.output
    missing = runner.invoke(main, ["network", str(graph_dir), "-o", str(tmp_path / "n.html"), "--focus", "zzz"])
    assert missing.exit_code == 1 and "no entity named" in missing.output


def generated_graph(n: int = 2000) -> nx.MultiDiGraph:
    """A made-up graph of n nodes and 2n edges with all types and signs."""
    types = ["Chemical", "Gene", "Disease", "Process", "ProteinFamily"]
    predicates = [("inhibits", -1), ("increases", 1), ("associated_with", 0)]
    graph = nx.MultiDiGraph()
    for i in range(n):
        graph.add_node(f"urn:n{i}", label=f"node {i}", type=types[i % 5], curie=f"X:{i}")
    for i in range(2 * n):
        predicate, sign = predicates[i % 3]
        graph.add_edge(f"urn:n{i % n}", f"urn:n{(i * 7 + 1) % n}", key=f"e{i}", predicate=predicate, sign=sign,
                       negated=False, hedged=i % 4 == 0, evidence=1 + i % 3, sentence=f"made-up sentence {i}",
                       pmids=[f"PMID:{i}"], dois=[])
    return graph


def test_big_graph_writes_html_and_png(tmp_path):
    graph = generated_graph()
    write_network(graph, tmp_path / "big.html")
    assert (tmp_path / "big.html").stat().st_size > 100_000
    write_network(graph, tmp_path / "big.png")
    assert (tmp_path / "big.png").stat().st_size > 10_000
