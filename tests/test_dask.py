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
