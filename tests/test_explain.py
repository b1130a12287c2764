"""Signed mechanism paths (``omsgraph explain``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.errors import QueryError
from omsgraph.network.explain import explain


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
    return build_fixture_graph(tmp_path_factory.mktemp("explain") / "g")


def test_path_through_pi3k_is_a_net_increase_agreeing_with_the_direct_relation(graph_dir):
    paths = explain(graph_dir, "ly294002", "GO:0019835")
    via = [p for p in paths if len(p.steps) == 2]
    assert len(via) == 1
    path = via[0]
    assert [s.predicate for s in path.steps] == ["inhibits", "decreases"]
    assert [s.target for s in path.steps] == ["PI3K", "cytolysis"]
    assert path.sign == 1 and path.agrees == "agrees"
    assert path.steps[0].pmids == ("PMID:1001", "PMID:1002") and path.steps[0].sentence
    assert paths[0] is path  # the best-supported path ranks first


def test_max_length_limits_paths(graph_dir):
    assert all(len(p.steps) == 1 for p in explain(graph_dir, "LY294002", "cytolysis", max_length=1))


def test_unknown_entity_is_a_one_line_error(graph_dir):
    with pytest.raises(QueryError, match="no entity named"):
        explain(graph_dir, "nothing-like-this", "cytolysis")


def test_cli_prints_signed_chain(graph_dir):
    out = CliRunner().invoke(main, ["explain", str(graph_dir), "LY294002", "cytolysis"])
    assert out.exit_code == 0
    assert "LY294002 → [inhibits −] PI3K → [decreases −] cytolysis" in out.output
    assert "net: LY294002 increases cytolysis (agrees)" in out.output
