"""map_documents on real worker processes: order kept, pipeline built once (in the parent, then forked)."""

from __future__ import annotations

import os

import pytest

from omsgraph.errors import OmsGraphError
from omsgraph.model import Document
from omsgraph.parallel import map_documents


def make_token_counter():
    """Top-level picklable factory: a blank spaCy pipeline, built once."""
    import spacy

    nlp = spacy.blank("en")
    BUILT.append(os.getpid())

    def count(document: Document) -> tuple[str, int, int]:
        return document.id, len(nlp(document.text)), os.getpid()

    return count


BUILT: list[int] = []


def _documents(n: int) -> list[Document]:
    return [Document(id=f"HASH:{i}", text=" ".join(["word"] * (i % 7 + 1))) for i in range(n)]


def test_two_workers_keep_input_order_and_count_tokens():
    BUILT.clear()
    docs = _documents(50)
    results = list(map_documents(docs, make_worker=make_token_counter, workers=2, chunk_size=3))
    assert [r[0] for r in results] == [d.id for d in docs]
    assert [r[1] for r in results] == [i % 7 + 1 for i in range(50)]
    assert os.getpid() not in {r[2] for r in results}      # the work ran in the worker processes
    assert BUILT == [os.getpid()]                            # on a pipeline built once, before forking


def test_one_worker_runs_in_process():
    results = list(map_documents(_documents(4), make_worker=make_token_counter, workers=1))
    assert {r[2] for r in results} == {os.getpid()}


def test_bad_worker_count():
    with pytest.raises(OmsGraphError):
        list(map_documents(_documents(1), make_worker=make_token_counter, workers=-1))


def test_real_pipeline_on_two_processes():
    pipeline = pytest.importorskip("omsgraph.pipeline")
    docs = [Document(id=f"HASH:{i}", text="LY294002 inhibits PI3K in these cells.") for i in range(4)]
    processor = pipeline.make_document_processor(broad=False)
    results = list(map_documents(docs, make_worker=processor, workers=2, chunk_size=1))
    assert [d.id for d, _ in results] == [d.id for d in docs]
    assert all(rels for _, rels in results)
