"""map_documents_dask on a real distributed.LocalCluster on loopback."""

from __future__ import annotations

import pytest

from omsgraph.model import Document

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (pip install 'omsgraph[scale]')")

from omsgraph.parallel import map_documents_dask  # noqa: E402
from omsgraph.pipeline import make_document_processor  # noqa: E402


def test_local_cluster_keeps_order():
    docs = [Document(id=f"HASH:{i}", text="LY294002 inhibits PI3K." if i % 2 else "Nothing here.")
            for i in range(12)]
    cluster = distributed.LocalCluster(host="127.0.0.1", processes=True, n_workers=2,
                                       threads_per_worker=1, dashboard_address=None)
    try:
        results = list(map_documents_dask(docs, make_worker=make_document_processor(broad=False),
                                          scheduler=cluster.scheduler_address, partition_size=4))
    finally:
        cluster.close()
    assert [d.id for d, _ in results] == [d.id for d in docs]
    assert [bool(rels) for _, rels in results] == [bool(i % 2) for i in range(12)]


def test_cli_build_on_a_dask_cluster_into_nquads_files(tmp_path):
    """The consortium path: workers on a Dask cluster (scheduler address), N-Quads files for a bulk
    loader; the files hold the same graph as an in-process build."""
    from pathlib import Path

    from click.testing import CliRunner
    from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

    from omsgraph.cli import main
    from omsgraph.graph import GraphStore
    from omsgraph.graph.iris import GRAPH_IRI

    data = Path(__file__).resolve().parents[1] / "data"
    cluster = distributed.LocalCluster(host="127.0.0.1", processes=True, n_workers=2,
                                       threads_per_worker=1, dashboard_address=None)
    try:
        result = CliRunner().invoke(main, ["build", str(data), "--dask", cluster.scheduler_address, "--nquads",
                                           str(tmp_path / "shards"), "--no-broad", "--no-progress"])
    finally:
        cluster.close()
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["build", str(data), "-o", str(tmp_path / "graph"), "--workers", "1",
                                     "--no-broad", "--no-progress"]).exit_code == 0
    loaded = Store()
    for path in sorted((tmp_path / "shards").glob("part-*.nq")):
        loaded.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    folder = GraphStore.open(tmp_path / "graph").oxigraph
    assert ({str(q.triple) for q in loaded.quads_for_pattern(None, None, None, NamedNode(GRAPH_IRI))}
            == {str(q.triple) for q in folder.quads_for_pattern(None, None, None, DefaultGraph())})
