"""RemoteStore against a real Virtuoso Open Source started on loopback by the tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from pyoxigraph import Store

from omsgraph.errors import StoreError
from omsgraph.graph.rdf import document_triples, entity_triples, relation_triples
from omsgraph.graph.remote import RemoteStore
from omsgraph.model import Document

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "start-virtuoso.sh"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if shutil.which("virtuoso-t") is None:
        pytest.skip("virtuoso-t is not installed (run .ci/start-virtuoso.sh or apt-get install virtuoso-opensource)")
    directory = tmp_path_factory.mktemp("virtuoso")
    http = _free_port()
    out = subprocess.run([str(SCRIPT), str(directory), str(_free_port()), str(http)],
                         capture_output=True, text=True, timeout=120, check=True)
    pid = int(out.stdout.split()[-1])
    os.environ["OMSGRAPH_SPARQL_USER"] = "dba"        # fresh Virtuoso databases have dba/dba
    os.environ["OMSGRAPH_SPARQL_PASSWORD"] = "dba"
    yield f"http://127.0.0.1:{http}/sparql-auth"
    os.kill(pid, signal.SIGTERM)


def _small_graph():
    from omsgraph.pipeline import make_document_processor

    process = make_document_processor(broad=False)()
    texts = ["LY294002 inhibits PI3K in neurons.", "IGF-1 activates AKT.", "A sentence with no relation."]
    return [process(Document(id=f"HASH:r{i}", text=t, title=f"Paper {i}")) for i, t in enumerate(texts)]


def test_write_and_query_back_matches_embedded(virtuoso):
    results = _small_graph()
    store = RemoteStore(virtuoso, update_url=virtuoso, graph_iri="urn:omsgraph:test", batch_size=20)
    store.clear()
    store.add_documents(d for d, _ in results)
    store.add_relations(r for _, rels in results for r in rels)
    store.flush()
    embedded = Store()
    for document, relations in results:
        embedded.extend(document_triples(document))
        for relation in relations:
            embedded.extend(relation_triples(relation))
            embedded.extend(entity_triples(relation.subject))
            embedded.extend(entity_triples(relation.object))
    assert store.count() == len(embedded) > 20
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert {"g": "urn:omsgraph:test"} in rows
    assert store.query("ASK { GRAPH <urn:omsgraph:test> { ?s ?p ?o } }") is True
    store.close()


def test_bad_endpoint_is_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{_free_port()}/sparql", timeout=2).query("ASK {}")


def test_bad_query_is_one_line_store_error(virtuoso):
    with pytest.raises(StoreError) as info:
        RemoteStore(virtuoso).query("SELECT nonsense")
    assert "\n" not in str(info.value)
