"""A build killed with SIGKILL while writing leaves the previous graph current, readable and complete."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

WRITER = r"""
import sys
from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

root = sys.argv[1]
with GraphStore.create(root) as store:
    n = 0
    while True:  # writes until killed
        doc = Document(id=f"PMID:{n}", text="Agent A lowers marker M.", pmid=str(n))
        ev = Evidence(doc.id, doc.text, 0, (0, 7), (15, 23), "svo")
        store.add_documents([doc])
        store.add_relations([Relation(Entity(None, f"agent {n}", "Chemical"), "decreases",
                                      Entity(None, "marker M", "Gene"), ev)])
        n += 1
        if n == 3000:
            store._flush()
            print("flushed", flush=True)
"""


def small_graph(root: Path) -> dict:
    doc = Document(id="PMID:7", text="Agent B raises marker N.", pmid="7")
    ev = Evidence(doc.id, doc.text, 0, (0, 7), (15, 23), "svo")
    with GraphStore.create(root) as store:
        store.add_documents([doc])
        store.add_relations([Relation(Entity(None, "agent B", "Chemical"), "increases", Entity(None, "marker N", "Gene"), ev)])
    return GraphStore.open(root).stats()


def test_sigkill_during_a_build_keeps_the_previous_graph(tmp_path, sigkill_after):
    before = small_graph(tmp_path)
    previous = os.readlink(tmp_path / "current")
    # killed once it has flushed data into its build folder
    assert sigkill_after([sys.executable, "-c", WRITER, str(tmp_path)], "flushed") == -signal.SIGKILL
    builds = sorted(p.name for p in tmp_path.glob("build-*"))
    assert len(builds) == 2  # the dead one is still there ...
    assert os.readlink(tmp_path / "current") == previous
    graph = GraphStore.open(tmp_path)  # ... but current is the intact earlier graph
    assert graph.stats() == before
    assert graph.query("ASK { ?s omsg:increases ?o }")
    del graph
    # the next build clears the dead build folder
    small_graph(tmp_path)
    assert len(list(tmp_path.glob("build-*"))) == 2  # the new build and the one before it
    names = {p.name for p in tmp_path.glob("build-*")}
    dead = (set(builds) - {previous}).pop()
    assert dead not in names
