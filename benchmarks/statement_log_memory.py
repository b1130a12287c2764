"""Peak memory of remembering N statements for an endpoint run's summaries: a dict (what RemoteStore
kept before) against omsgraph's on-disk StatementLog; prints JSON. Run each side in its own process:

    python benchmarks/statement_log_memory.py dict 1000000
    python benchmarks/statement_log_memory.py log 1000000

The rows are synthetic, with IRIs of the lengths omsgraph writes (a 40-hex statement hash, MeSH,
the predicate, identifiers.org HGNC); the figure is the process's peak RSS (`ru_maxrss`), imports
included, after every row is stored and read back once.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Iterator

from omsgraph.graph.statement_log import StatementLog


def rows(start: int, stop: int) -> Iterator[tuple[str, str, str, str, bool]]:
    for i in range(start, stop):
        yield (f"https://w3id.org/omsgraph/resource/statement/{i:040x}", f"http://id.nlm.nih.gov/mesh/D{i % 99991:06d}",
               "https://w3id.org/omsgraph/vocab#inhibits", f"http://identifiers.org/hgnc/{i % 40000}", False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["dict", "log"])
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.kind == "dict":
        kept = {row[0]: row[1:] for row in rows(0, args.count)}
        read_back = sum(1 for _ in sorted(kept))
    else:
        log = StatementLog()
        for at in range(0, args.count, 5000):   # RemoteStore adds a batch's statements at a time
            log.add(list(rows(at, min(args.count, at + 5000))))
        read_back = sum(len(chunk) for chunk in log.chunks(200))
        log.close()
    print(json.dumps({"kind": args.kind, "statements": args.count, "read_back": read_back,
                      "seconds": round(time.perf_counter() - started, 1),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
