"""Helpers for the server tests: a small graph written for these tests, and a real server process.

The server runs as ``omsgraph serve`` in a subprocess on a free loopback port, so the tests talk
HTTP to exactly what users run. (No tests in this module; the test_serve*.py files load it.)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from omsgraph.graph import GraphStore
from omsgraph.model import Document, Entity, Evidence, Relation

# Text written for these tests (not from the seeds or corpora).
TITLE = "A kinase blocker and an immune therapy in a small test story"
TEXT = (TITLE + " LY294002 blocked PI3K in tumour cells. Loss of PI3K activity raised cytolysis. "
        "Intravenous immunoglobulin eased opsoclonus-myoclonus syndrome in two children.")
LY = Entity("CHEBI:65329", "LY294002", "Chemical")
PI3K = Entity("FPLX:PI3K", "PI3K", "ProteinFamily")
CYTOLYSIS = Entity("GO:0019835", "cytolysis", "Process")
IVIG = Entity("MESH:D016756", "Immunoglobulins, Intravenous", "Chemical")
OMS = Entity("MESH:D053578", "Opsoclonus-Myoclonus Syndrome", "Disease")
LY_IRI = "http://purl.obolibrary.org/obo/CHEBI_65329"
PI3K_IRI = "https://identifiers.org/fplx:PI3K"
IVIG_IRI = "http://id.nlm.nih.gov/mesh/D016756"
SENTENCE_LY = "LY294002 blocked PI3K in tumour cells."
PMID = "99000001"


def _evidence(sentence: str, subject: str, obj: str, *, trigger: str) -> Evidence:
    start = TEXT.index(sentence)
    s = TEXT.index(subject, start)
    o = TEXT.index(obj, start)
    return Evidence(f"PMID:{PMID}", sentence, start, (s, s + len(subject)), (o, o + len(obj)), "test-rule",
                    section="abstract", trigger=trigger)


def build_graph(root: Path) -> Path:
    """Write the test graph into ``root`` with the project's GraphStore; returns ``root``."""
    document = Document(id=f"PMID:{PMID}", text=TEXT, title=TITLE, pmid=PMID, journal="Test Journal", year=2024)
    relations = [
        Relation(LY, "inhibits", PI3K, _evidence(SENTENCE_LY, "LY294002", "PI3K", trigger="blocked"), confidence=0.8),
        Relation(PI3K, "decreases", CYTOLYSIS,
                 _evidence("Loss of PI3K activity raised cytolysis.", "PI3K", "cytolysis", trigger="raised")),
        Relation(IVIG, "treats", OMS,
                 _evidence("Intravenous immunoglobulin eased opsoclonus-myoclonus syndrome in two children.",
                           "Intravenous immunoglobulin", "opsoclonus-myoclonus syndrome", trigger="eased")),
    ]
    with GraphStore.create(root) as store:
        store.add_documents([document])
        store.add_relations(relations)
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """``omsgraph serve`` in a subprocess; ``url`` once it answers."""

    def __init__(self, graph_dir: Path, *args: str, env: dict | None = None) -> None:
        self.graph_dir = Path(graph_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "omsgraph.cli", "serve", str(graph_dir), "--port", str(self.port), *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env={**os.environ, **(env or {})})
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.process.stderr.read().decode(errors="replace"))
            try:
                if httpx.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("server did not come up within 90 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
