"""``omsgraph build --nquads DIR``: the graph as N-Quads files, loaded back into a real Oxigraph store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from omsgraph.cli import main
from omsgraph.graph import ONTOLOGY_GRAPH, GraphStore
from omsgraph.graph.batch import encode
from omsgraph.graph.iris import GRAPH_IRI
from omsgraph.graph.shards import NQuadsShards
from omsgraph.model import Document
from omsgraph.pipeline import make_document_processor, process_documents

DATA = Path(__file__).resolve().parents[1] / "data"
COMMON = ["--no-broad", "--no-progress"]


def _loaded(directory: Path, graph: str = GRAPH_IRI) -> set[str]:
    store = Store()
    for path in sorted(directory.glob("part-*.nq")):
        store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    assert {g.value for g in store.named_graphs()} == {graph}  # every quad in the one named graph
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, NamedNode(graph))}


def _folder_triples(folder: Path) -> set[str]:
    store = GraphStore.open(folder).oxigraph
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, DefaultGraph())}


def test_nquads_files_hold_the_same_graph_as_a_folder_build(tmp_path):
    runner = CliRunner()
    shards, folder = tmp_path / "shards", tmp_path / "graph"
    result = runner.invoke(main, ["build", str(DATA), "--nquads", str(shards), "--workers", "2", *COMMON])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["build", str(DATA), "-o", str(folder), "--workers", "1", *COMMON]).exit_code == 0
    triples = _loaded(shards)
    assert triples == _folder_triples(folder)
    manifest = json.loads((shards / "manifest.json").read_text(encoding="utf-8"))
    stats = GraphStore.open(folder).stats()
    assert (manifest["documents"], manifest["statements"], manifest["evidence"]) == (
        stats["documents"], stats["relations"], stats["evidence"])
    assert manifest["quads"] >= len(triples) > 1000


def test_the_ontology_comes_in_its_own_graph_as_in_a_folder(tmp_path):
    shards, folder = tmp_path / "shards", tmp_path / "graph"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(DATA), "--nquads", str(shards), "--workers", "1", *COMMON]).exit_code == 0
    assert runner.invoke(main, ["build", str(DATA), "-o", str(folder), "--workers", "1", *COMMON]).exit_code == 0
    store = Store()
    store.bulk_load(path=str(shards / "ontology.nq"), format=RdfFormat.N_QUADS)
    assert list(store.named_graphs()) == [ONTOLOGY_GRAPH]
    loaded = {str(q.triple) for q in store}
    kept = {str(q.triple) for q in GraphStore.open(folder).oxigraph.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)}
    assert loaded == kept and len(loaded) > 100
    manifest = json.loads((shards / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ontology"] == {"file": "ontology.nq", "graph": ONTOLOGY_GRAPH.value, "quads": len(loaded)}
    assert "ontology.nq" not in manifest["files"]  # the data files, all in the data graph


def test_files_rotate_and_a_named_graph_can_be_chosen(tmp_path):
    documents = [Document(id=f"PMID:{i}", pmid=str(i), text=f"LY294002 inhibits PI3K in {i} neurons.") for i in range(1, 30)]
    batches = [batch for _, batch in process_documents(documents, processor=make_document_processor(broad=False),
                                                       encoded=True)]
    whole, split = tmp_path / "whole", tmp_path / "split"
    with NQuadsShards(whole, graph_iri="urn:x:g") as shards:
        for batch in batches:
            shards.add_encoded(batch)
    with NQuadsShards(split, graph_iri="urn:x:g", shard_bytes=4000) as shards:
        for batch in batches:
            shards.add_encoded(batch)
    assert len(list(split.glob("part-*.nq"))) > 3 and len(list(whole.glob("part-*.nq"))) == 1
    assert _loaded(split, "urn:x:g") == _loaded(whole, "urn:x:g")
    # one statement, evidence from 29 papers
    counts = [t for t in _loaded(whole, "urn:x:g") if "documentCount" in t]
    assert len(counts) == 1 and '"29"' in counts[0]


def test_a_failed_run_leaves_the_earlier_files(tmp_path):
    shards = tmp_path / "shards"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(DATA), "--nquads", str(shards), "--workers", "1", *COMMON]).exit_code == 0
    before = {p.name: p.read_bytes() for p in shards.iterdir()}
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failed = runner.invoke(main, ["build", str(empty), "--nquads", str(shards), "--workers", "1", *COMMON])
    assert failed.exit_code == 1
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "shards"]  # no temporary folder left
    # an interrupted writer (exception inside the block) also leaves nothing behind
    try:
        with NQuadsShards(shards) as writer:
            writer.add_encoded(encode(Document(id="PMID:9", pmid="9", text="x"), []))
            raise RuntimeError("killed")
    except RuntimeError:
        pass
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "shards"]


def test_one_target_only(tmp_path):
    result = CliRunner().invoke(main, ["build", str(DATA), "--nquads", str(tmp_path / "s"), "-o", str(tmp_path / "g")])
    assert result.exit_code == 2 and "one target" in result.output


KILLED_WRITER = r"""
import sys
from omsgraph.graph.batch import encode
from omsgraph.graph.shards import NQuadsShards
from omsgraph.model import Document

with NQuadsShards(sys.argv[1], shard_bytes=50_000) as shards:
    n = 0
    while True:  # writes until killed
        n += 1
        shards.add_encoded(encode(Document(id=f"PMID:{n}", pmid=str(n), text="Agent A lowers marker M."), []))
        if n == 2000:
            print("written", flush=True)
"""


def test_sigkill_while_writing_keeps_the_earlier_files_and_the_next_run_clears_up(tmp_path, sigkill_after):
    import signal
    import sys

    shards = tmp_path / "shards"
    assert CliRunner().invoke(main, ["build", str(DATA), "--nquads", str(shards), "--workers", "1", *COMMON]).exit_code == 0
    before = {p.name: p.read_bytes() for p in shards.iterdir()}
    assert sigkill_after([sys.executable, "-c", KILLED_WRITER, str(shards)], "written") == -signal.SIGKILL
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".shards-")]
    assert len(leftovers) == 1 and len(list(leftovers[0].glob("part-*.nq"))) > 1  # it had written files
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before
    assert CliRunner().invoke(main, ["build", str(DATA), "--nquads", str(shards), "--workers", "1", *COMMON]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shards"]
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before  # same input, same files


def test_a_graph_iri_that_would_break_the_output_is_refused(tmp_path):
    runner = CliRunner()
    bad = "urn:x> } ; DROP ALL ; #"
    result = runner.invoke(main, ["build", str(DATA), "--nquads", str(tmp_path / "s"), "--graph-iri", bad, *COMMON])
    assert result.exit_code == 1 and "not a valid graph IRI" in result.output and len(result.output.splitlines()) == 1
    assert not list(tmp_path.iterdir())
    result = runner.invoke(main, ["query", "--endpoint", "http://127.0.0.1:9/sparql", "--graph-iri", bad, "ASK {}"])
    assert result.exit_code == 1 and "not a valid graph IRI" in result.output


def test_the_writer_memory_does_not_grow_with_the_evidence(tmp_path):
    """20,000 evidence rows of one statement: they wait on disk, not in the writer (the dict the
    first version kept grew by 4.4 MB here); the summary still counts all of them."""
    import tracemalloc

    from omsgraph.graph.batch import EncodedBatch

    stmt, subject, obj = "https://w3id.org/omsgraph/resource/statement/ab12", "http://x/chem", "http://x/gene"
    predicate = "https://w3id.org/omsgraph/vocab#inhibits"

    def batch(i: int) -> EncodedBatch:
        row = (stmt, subject, predicate, obj, False, f"http://x/evidence/{i}", f"http://x/doc/{i % 5000}", i % 2 == 0, 0.5)
        return EncodedBatch(b"", 1, 1, (), (row,))

    with NQuadsShards(tmp_path / "out", graph_iri="urn:x:g") as shards:
        shards.add_encoded(batch(0))
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for i in range(1, 20_000):
            shards.add_encoded(batch(i))
        grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
        tracemalloc.stop()
    assert grown < 1_000_000, grown
    summary = {t.split()[1]: t.split()[2] for t in _loaded(tmp_path / "out", "urn:x:g") if t.startswith(f"<{stmt}>")}
    assert summary["<https://w3id.org/omsgraph/vocab#evidenceCount>"].startswith('"20000"')
    assert summary["<https://w3id.org/omsgraph/vocab#documentCount>"].startswith('"5000"')
