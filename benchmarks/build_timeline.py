"""Where a build's wall time goes: CPU used each second by the main (writer) process and by each worker.

Runs ``omsgraph build INPUT -o GRAPH --workers N --no-progress`` (``--nquads GRAPH`` with ``--nquads``) and samples /proc once a second;
prints one JSON object per second (``t``, ``main`` = cores used by the writer process, ``workers`` =
cores used by each of its descendants, largest first) and a summary line. Start-up shows as seconds
where the workers are idle (or, with fork, where only the main process works), the tail as seconds
after the workers have gone.

    python benchmarks/build_timeline.py INPUT_DIR --workers 2
    python benchmarks/build_timeline.py INPUT_DIR --workers 2 --nquads
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_by_pid(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of ``root`` and of each of its descendants."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK
    out, stack = {}, [root]
    while stack:
        pid = stack.pop()
        out[pid] = cpu.get(pid, 0.0)
        stack.extend(children.get(pid, ()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nquads", action="store_true", help="write N-Quads files (--nquads) instead of a graph folder")
    args = parser.parse_args()
    graph = Path(tempfile.mkdtemp(prefix="omsgraph-timeline-")) / "graph"
    command = [sys.executable, "-c", "from omsgraph.cli import run; run()",
               "build", str(args.input), "--nquads" if args.nquads else "-o", str(graph), "--workers", str(args.workers), "--no-progress"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    seen: dict[int, float] = {}
    totals = {"main": 0.0, "workers": 0.0}
    try:
        while process.poll() is None:
            time.sleep(1.0)
            now = _cpu_by_pid(process.pid)
            used = {pid: seconds - seen.get(pid, 0.0) for pid, seconds in now.items()}
            seen.update(now)
            main_cpu = used.pop(process.pid, 0.0)
            workers = sorted((round(v, 2) for v in used.values() if v > 0.05), reverse=True)
            totals["main"] += main_cpu
            totals["workers"] += sum(workers)
            print(json.dumps({"t": round(time.perf_counter() - started, 1), "main": round(main_cpu, 2),
                              "workers": workers}), flush=True)
    finally:
        shutil.rmtree(graph.parent, ignore_errors=True)
    print(json.dumps({"wall_s": round(time.perf_counter() - started, 1), "exit": process.returncode,
                      "main_cpu_s": round(totals["main"], 1), "workers_cpu_s": round(totals["workers"], 1)}))


if __name__ == "__main__":
    main()
