"""CPU of the per-document work alone, in one process: read a file, annotate, extract, encode.

What one build worker does for its documents (``DocumentProcessor(encoded=True).batch()`` over
batches of 64), without the store, the pool or process start-up — for comparing two versions of
the extraction code on the same input (run them alternately: this shared machine drifts).

    python benchmarks/extract_cpu.py /tmp/bbk/inputs/copy0.pubtator    # one copy of build_bench's input
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

from omsgraph.ingest import read_file
from omsgraph.pipeline import make_document_processor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="an input file omsgraph reads (PubTator, PubMed XML, …)")
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    documents = list(read_file(args.input))
    started = time.process_time()
    run = replace(make_document_processor(), encoded=True).batch()
    setup = time.process_time() - started
    started = time.process_time()
    for i in range(0, len(documents), args.batch):
        run(documents[i:i + args.batch])
    print(json.dumps({"documents": len(documents), "setup_cpu_s": round(setup, 2),
                      "cpu_s": round(time.process_time() - started, 2)}))


if __name__ == "__main__":
    main()
