"""Build throughput: the real ``omsgraph build`` CLI against spaCy's bare tokenisation, in one run.

Input: every abstract of ../shared/corpora (BC5CDR training+development PubTator, BioRED
training+development PubTator, ChemProt training+development abstracts TSV), deduplicated by
PMID, taken ``--copies`` times (default 3) under distinct ids (copy k adds k×10^9 to the PMID) →
~9,400 documents, written as PubTator files (with the corpora's own annotations, as a user would
feed them) to a temporary folder.

Each side runs as a fresh subprocess timed from before its start to after its exit (process
start-up, imports and lexicon loading included):

- ``tokenise``: ``spacy.blank("en")`` + ``nlp.pipe`` over the same texts (title + " " + abstract,
  what ``omsgraph build`` processes) — the floor any spaCy pipeline pays;
- ``build_w1`` / ``build_w2``: ``omsgraph build DIR -o GRAPH --workers N --no-progress`` (broad
  vocabularies on when compiled, as by default); with ``--target nquads``, ``--nquads GRAPH``
  instead of ``-o GRAPH`` (the complete graph as N-Quads files for a bulk loader: the same
  extraction, no embedded store to fill).

Tokenising is re-measured right before each build and each build's ``ratio_to_tokenise`` uses
the run next to it (this machine's speed drifts within minutes). ``--rounds N`` repeats the whole
comparison and adds every round and the medians.

With ``--snapshot`` (default) the ``omsgraph`` package is copied into the temporary folder first
and every subprocess imports that copy, so all builds of one run use the same code even when the
working tree is being edited meanwhile. ``same_output`` compares the 1- and 2-worker graphs' N-Triples.

With ``--side-by-side`` it also measures what two cores give two processes that share nothing:
a 1-worker build of the first copy alone, then two such builds started together (separate
outputs; no pool, no pipes, no shared writer). ``independent_speedup`` = 2 × the lone build's wall
time / the pair's, the throughput two wholly independent processes reach on this machine: the
ceiling a 2-worker build's ``speedup_2_workers`` can be held against (the two share the cores'
caches and memory bandwidth whatever the program does). ``cpu_growth`` is each paired build's CPU
time over the lone build's.

Peak memory: ``max_rss_mb`` is the largest single process of the run (``wait4`` rusage, which
covers its children too); ``tree_pss_mb`` is the peak of the summed PSS of the whole process tree
(sampled from /proc every 0.1 s; forked workers share the lexicon's pages, which PSS counts once),
what the machine must hold with several workers. The PSS sampling runs in separate builds after
the timed ones (``memory``): reading ``smaps_rollup`` of processes holding ~0.8 GB costs ~30 ms of
CPU per sample, a third of a core at 10 samples/s, which would slow the build it measures.
Prints JSON.

    python benchmarks/build_bench.py               # ~9,400 documents
    python benchmarks/build_bench.py --copies 1 --workers 1   # quicker
    python benchmarks/build_bench.py --target nquads   # the same, writing N-Quads files
    python benchmarks/build_bench.py --no-memory --side-by-side   # and two independent builds together
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
OMSGRAPH = [sys.executable, "-c", "from omsgraph.cli import run; run()"]

TOKENISE = r"""
import json, sys
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.blank("en")
print(json.dumps({"tokens": sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))}))
"""


def _pubtator_records(path: Path):
    """(pmid, title, abstract, annotation lines) of a PubTator file."""
    pmid = title = abstract = None
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if pmid is not None:
                yield pmid, title or "", abstract or "", lines
            pmid = title = abstract = None
            lines = []
        elif "|t|" in line[:20]:
            pmid, _, title = line.split("|", 2)
        elif "|a|" in line[:20]:
            abstract = line.split("|", 2)[2]
        elif pmid is not None:
            lines.append(line)
    if pmid is not None:
        yield pmid, title or "", abstract or "", lines


def corpus_records() -> list[tuple[str, str, str, list[str]]]:
    """Distinct abstracts (first occurrence of each PMID) of the shared corpora, in a fixed order."""
    records: dict[str, tuple[str, str, str, list[str]]] = {}
    for path in [SHARED / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", SHARED / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt",
                 SHARED / "biored" / "BioRED_Train.PubTator", SHARED / "biored" / "BioRED_Dev.PubTator"]:
        for record in _pubtator_records(path):
            records.setdefault(record[0], record)
    for name in ("training", "development"):
        for line in (SHARED / "chemprot" / f"chemprot_{name}_abstracts.tsv").read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) == 3:
                records.setdefault(cells[0], (cells[0], cells[1], cells[2], []))
    return list(records.values())


def write_inputs(records, copies: int, folder: Path) -> list[str]:
    """PubTator files (one per copy) with ids shifted per copy; returns the texts build will process."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for k in range(copies):
        out = []
        for pmid, title, abstract, mention_lines in records:
            new = str(int(pmid) + k * 1_000_000_000) if k else pmid
            out.append(f"{new}|t|{title}\n{new}|a|{abstract}\n")
            out.extend(f"{new}\t{line.split(chr(9), 1)[1]}\n" for line in mention_lines)
            out.append("\n")
            texts.append(f"{title} {abstract}" if title and abstract else title or abstract)
        (folder / f"copy{k}.pubtator").write_text("".join(out), encoding="utf-8")
    return texts


def _tree_memory(root: int) -> int:
    """Summed PSS (bytes) of ``root`` and its descendants, from /proc: what the tree really holds
    (pages shared by forked workers are counted once, split between them, unlike summed RSS)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total


def run(command: list[str], *, label: str, sample_memory: bool = False) -> dict:
    """Run ``command``; wall time from before start to after exit, peak memory; stdout's last line.
    ``sample_memory`` adds the process tree's peak PSS (and slows the run: not for timing)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_memory(process.pid))

    sampler = threading.Thread(target=sample, daemon=True) if sample_memory else None
    if sampler is not None:
        sampler.start()
    stdout_chunks: list[str] = []
    reader = threading.Thread(target=lambda: stdout_chunks.append(process.stdout.read()), daemon=True)
    reader.start()
    stderr = process.stderr.read()
    reader.join()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    if sampler is not None:
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{label} failed ({process.returncode}):\n{stderr[-3000:]}")
    out = "".join(stdout_chunks).strip().splitlines()
    result = {"wall_s": round(wall, 2), "max_rss_mb": usage.ru_maxrss // 1024,
              "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "stdout": out[-1] if out else ""}
    if sampler is not None:
        result["tree_pss_mb"] = peak[0] // 2**20
    return result


def _build_command(inputs: Path, graph: Path, workers: int, target: str = "folder") -> list[str]:
    out = ["-o", str(graph)] if target == "folder" else ["--nquads", str(graph)]
    return [*OMSGRAPH, "build", str(inputs), *out, "--workers", str(workers), "--no-progress"]


def _export(graph: Path) -> str:
    """sha1 of the graph's N-Triples export (of its sorted N-Quads lines, for --target nquads)."""
    import hashlib

    if (graph / "manifest.json").exists() and not (graph / "current").exists():
        lines = sorted(line for path in sorted(graph.glob("part-*.nq")) for line in path.read_bytes().splitlines())
        return hashlib.sha1(b"\n".join(lines)).hexdigest()
    target = graph.parent / (graph.name + ".nt")
    subprocess.run([*OMSGRAPH, "export", str(graph), "--format", "nt", "-o", str(target)], check=True)
    digest = hashlib.sha1()
    with target.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    target.unlink()
    return digest.hexdigest()


def side_by_side(inputs: Path, tmp: Path, target: str) -> dict:
    """One 1-worker build of ``inputs`` alone, then two started together; their wall and CPU times."""
    def build(name: str) -> dict:
        graph = tmp / name
        shutil.rmtree(graph, ignore_errors=True)
        result = run(_build_command(inputs, graph, 1, target), label=f"build {name}")
        shutil.rmtree(graph, ignore_errors=True)
        return {k: result[k] for k in ("wall_s", "cpu_s")}

    alone = build("graph-alone")
    pair: dict[str, dict] = {}
    threads = [threading.Thread(target=lambda n=name: pair.__setitem__(n, build(n))) for name in ("graph-pair-a", "graph-pair-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(pair) < 2:
        raise SystemExit("a side-by-side build failed")
    slowest = max(r["wall_s"] for r in pair.values())
    return {"input": inputs.name, "alone": alone, "pair": list(pair.values()),
            "independent_speedup": round(2 * alone["wall_s"] / slowest, 2),
            "cpu_growth": [round(r["cpu_s"] / alone["cpu_s"], 2) for r in pair.values()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="times each distinct abstract is taken (distinct ids)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="--workers values to build with")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat the whole comparison; prints every round and the medians")
    parser.add_argument("--no-memory", dest="memory", action="store_false",
                        help="skip the separate builds that sample the process tree's PSS")
    parser.add_argument("--keep", type=Path, default=None, help="keep inputs and graphs in this folder")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="import omsgraph from the working tree instead of a copy taken at start")
    parser.add_argument("--target", choices=("folder", "nquads"), default="folder",
                        help="build a graph folder (the embedded store, default) or N-Quads files (--nquads)")
    parser.add_argument("--side-by-side", action="store_true",
                        help="also time a 1-worker build of the first copy alone and two of them together")
    args = parser.parse_args()

    records = corpus_records()
    tmp = Path(tempfile.mkdtemp(prefix="omsgraph-build-bench-")) if args.keep is None else args.keep
    try:
        if args.snapshot:
            import omsgraph

            shutil.copytree(Path(omsgraph.__file__).parent, tmp / "code" / "omsgraph",
                            ignore=shutil.ignore_patterns("__pycache__"))
            os.environ["PYTHONPATH"] = os.pathsep.join([str(tmp / "code"), os.environ.get("PYTHONPATH", "")])
        texts = write_inputs(records, args.copies, tmp / "inputs")
        (tmp / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        report: dict = {"documents": len(texts), "distinct_abstracts": len(records), "copies": args.copies,
                        "target": args.target,
                        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
        rounds = []
        for round_number in range(args.rounds):
            this_round: dict = {}
            for workers in args.workers:
                # Tokenise right before each build: this machine's speed drifts by up to a third
                # within minutes, so a build is compared with the floor measured next to it.
                tok = run([sys.executable, "-c", TOKENISE, str(tmp / "texts.json")], label="tokenise")
                tok["tokens"] = json.loads(tok.pop("stdout"))["tokens"]
                tok["docs_per_s"] = round(len(texts) / tok["wall_s"], 1)
                graph = tmp / f"graph-w{workers}"
                shutil.rmtree(graph, ignore_errors=True)
                result = run(_build_command(tmp / "inputs", graph, workers, args.target), label=f"build --workers {workers}")
                result["summary"] = result.pop("stdout")
                result["docs_per_s"] = round(len(texts) / result["wall_s"], 1)
                result["tokenise_s"] = tok["wall_s"]
                result["ratio_to_tokenise"] = round(result["wall_s"] / tok["wall_s"], 2)
                if args.target == "folder":
                    result["triples"] = json.loads((graph / "current" / "manifest.json").read_text()).get("triples")
                else:
                    result["quads"] = json.loads((graph / "manifest.json").read_text()).get("quads")
                this_round[f"build_w{workers}"] = result
                if round_number == 0:
                    report.setdefault("tokenise", tok)
                    report[f"build_w{workers}"] = result
            if "build_w1" in this_round and "build_w2" in this_round:
                this_round["speedup_2_workers"] = round(this_round["build_w1"]["wall_s"] / this_round["build_w2"]["wall_s"], 2)
            rounds.append(this_round)
        if "build_w1" in report and "build_w2" in report:
            report["speedup_2_workers"] = rounds[0]["speedup_2_workers"]
            report["same_output"] = _export(tmp / "graph-w1") == _export(tmp / "graph-w2")
        if args.rounds > 1:
            report["rounds"] = [{key: {k: value[k] for k in ("tokenise_s", "wall_s", "ratio_to_tokenise", "cpu_s")}
                                 if isinstance(value, dict) else value for key, value in r.items()} for r in rounds]
            report["median"] = {f"ratio_w{w}": statistics.median(r[f"build_w{w}"]["ratio_to_tokenise"] for r in rounds)
                                for w in args.workers}
            if "speedup_2_workers" in rounds[0]:
                report["median"]["speedup_2_workers"] = statistics.median(r["speedup_2_workers"] for r in rounds)
        if args.memory:
            report["memory"] = {}
            for workers in args.workers:
                graph = tmp / f"graph-memory-w{workers}"
                result = run(_build_command(tmp / "inputs", graph, workers, args.target),
                             label=f"build --workers {workers} (memory)",
                             sample_memory=True)
                report["memory"][f"build_w{workers}"] = {k: result[k] for k in ("tree_pss_mb", "max_rss_mb", "wall_s")}
                shutil.rmtree(graph, ignore_errors=True)
        if args.side_by_side:
            report["side_by_side"] = side_by_side(tmp / "inputs" / "copy0.pubtator", tmp, args.target)
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(report, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
