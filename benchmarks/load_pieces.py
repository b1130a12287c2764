"""Oxigraph's bulk load of a build's N-Quads in pieces of a given size, alone: what the folder build's
writer pays for its store, without the extraction beside it.

Reads every ``*.nq`` file of a folder written by ``omsgraph build INPUT --nquads DIR`` into memory,
cuts the bytes at line ends into pieces of ``--piece-mb`` megabytes and hands each to
``Store.bulk_load`` into a fresh on-disk store, as :class:`omsgraph.graph.GraphStore` does during a
build (one after the other here; the build overlaps them with its workers). Prints one JSON line:
wall and CPU seconds of the load (all threads, so Oxigraph's and RocksDB's too) and the process's
peak RSS, which includes the N-Quads held in memory. Run one piece size per process:

    omsgraph build INPUTS --nquads /tmp/nq --workers 2
    for mb in 24 48 96; do python benchmarks/load_pieces.py /tmp/nq --piece-mb $mb; done
    python benchmarks/load_pieces.py /tmp/nq --piece-mb 24 --grow 0.5   # pieces growing with the store
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import RdfFormat, Store


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pieces(data: bytes, size: int, grow: float = 0.0) -> Iterator[bytes]:
    """``data`` cut at the first line end at or after every ``size`` bytes (or ``grow`` times what
    came before, if more), one piece at a time.

    >>> list(pieces(b"a .\\nbb .\\nc .\\n", 5))
    [b'a .\\nbb .\\n', b'c .\\n']
    >>> [len(p) for p in pieces(b"x .\\n" * 8, 4, grow=1.0)]
    [4, 4, 8, 16]
    """
    start = 0
    while start < len(data):
        end = min(len(data), start + max(size, int(start * grow)))
        if end < len(data):
            end = data.index(b"\n", end - 1) + 1
        yield data[start:end]
        start = end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nquads", type=Path, help="folder of an N-Quads build (its *.nq files, ontology.nq left out)")
    parser.add_argument("--piece-mb", type=float, default=24, help="piece size in megabytes (the build uses 24)")
    parser.add_argument("--grow", type=float, default=0.0, help="a piece is at least this fraction of what was loaded before it")
    args = parser.parse_args()
    files = sorted(p for p in args.nquads.glob("*.nq") if p.name != "ontology.nq")
    data = b"".join(p.read_bytes() for p in files)
    with tempfile.TemporaryDirectory(prefix="omsgraph-load-") as tmp:
        store = Store(str(Path(tmp) / "store"))
        wall, cpu = time.perf_counter(), _cpu_seconds()
        count = 0
        for piece in pieces(data, int(args.piece_mb * (1 << 20)), args.grow):
            store.bulk_load(piece, format=RdfFormat.N_QUADS, lenient=True)
            count += 1
        store.flush()
        wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
        quads = len(store)
        del store   # closes RocksDB before the folder goes
    print(json.dumps({"piece_mb": args.piece_mb, "grow": args.grow, "pieces": count, "quads": quads, "megabytes": round(len(data) / 1e6, 1),
                      "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
