"""The build and add commands as a user runs them: bad input, strictness, interrupted builds, incremental adds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from omsgraph.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = REPO.parent / "shared"

GOOD = (
    "Wortmannin blocks PI3K in cultured neurons\n\n"
    "In cultured cortical neurons, wortmannin inhibited PI3K and increased apoptosis. "
    "IGF-1 reduced apoptosis through PI3K signalling.\n"
)


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def stats(graph_dir: Path) -> dict:
    result = invoke("stats", graph_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "good": folder / "good.txt",
        "empty": folder / "empty.txt",
        "binary": folder / "blob.bin",
        "latin1": folder / "latin1.txt",
    }
    files["good"].write_text(GOOD, encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 20)
    files["latin1"].write_bytes("Caf\xe9 au lait: na\xefve t\xeate \xe0 t\xeate.\n".encode("latin-1") * 3)
    return files


def test_bad_files_are_reported_in_one_line_each_and_the_rest_is_built(inputs, tmp_path):
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "graph"
    result = invoke("build", inputs["good"], inputs["empty"], inputs["binary"], inputs["latin1"], missing, "-o", out)
    assert result.exit_code == 0, result.output
    for name in ("empty.txt", "blob.bin", "latin1.txt", "nowhere.txt"):
        lines = [line for line in result.output.splitlines() if name in line]
        assert len(lines) == 1, (name, result.output)
    assert "Traceback" not in result.output
    assert stats(out)["documents"] == 1


def test_unknown_format_option_is_a_one_line_error(inputs, tmp_path):
    result = invoke("build", inputs["good"], "--format", "no-such-format", "-o", tmp_path / "g", "--strict")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_strict_stops_and_keeps_the_earlier_graph(inputs, tmp_path):
    out = tmp_path / "graph"
    assert invoke("build", inputs["good"], "-o", out).exit_code == 0
    before = stats(out)
    result = invoke("build", DATA, inputs["empty"], "-o", out, "--strict")
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    assert stats(out) == before


def test_nothing_readable_is_an_error_and_keeps_the_earlier_graph(inputs, tmp_path):
    out = tmp_path / "graph"
    assert invoke("build", inputs["good"], "-o", out).exit_code == 0
    before = stats(out)
    result = invoke("build", inputs["empty"], "-o", out)
    assert result.exit_code == 1
    assert stats(out) == before


def test_add_is_idempotent_and_adds_exactly_one_new_document(inputs, tmp_path):
    out = tmp_path / "graph"
    assert invoke("build", DATA, "-o", out).exit_code == 0
    before = stats(out)
    again = invoke("add", out, DATA)
    assert again.exit_code == 0, again.output
    assert stats(out) == before
    added = invoke("add", out, inputs["good"])
    assert added.exit_code == 0, added.output
    after = stats(out)
    assert after["documents"] == before["documents"] + 1
    assert after["relations"] >= before["relations"]


def test_re_adding_known_documents_starts_no_language_pipeline(tmp_path):
    # a lab re-running 'add' over its folder waits for a store lookup, not for spaCy and a million names
    out = tmp_path / "graph"
    assert invoke("build", DATA, "-o", out, "--no-broad").exit_code == 0
    before = stats(out)
    script = ("import sys; from click.testing import CliRunner; from omsgraph.cli import main; "
              f"r = CliRunner().invoke(main, ['add', {str(out)!r}, {str(DATA)!r}]); "
              "print(r.exit_code, 'spacy' in sys.modules, r.output.strip())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    code, spacy_loaded, summary = done.stdout.split(" ", 2)
    assert (code, spacy_loaded) == ("0", "False"), done.stdout + done.stderr
    assert "unchanged" in summary
    assert stats(out) == before


def test_add_replaces_the_evidence_of_a_changed_document(tmp_path):
    title, abstract = GOOD.split("\n\n", 1)
    doc = tmp_path / "paper.pubtator"
    doc.write_text(f"99000001|t|{title}\n99000001|a|{abstract.strip()}\n\n", encoding="utf-8")
    out = tmp_path / "graph"
    assert invoke("build", doc, "-o", out).exit_code == 0
    first = stats(out)
    shorter = abstract.replace("wortmannin inhibited PI3K and increased apoptosis", "apoptosis was measured")
    doc.write_text(f"99000001|t|{title}\n99000001|a|{shorter.strip()}\n\n", encoding="utf-8")
    result = invoke("add", out, doc)
    assert result.exit_code == 0, result.output
    second = stats(out)
    assert second["documents"] == first["documents"] == 1
    assert second["evidence"] < first["evidence"]
    sparql = (
        "PREFIX omsg: <https://w3id.org/omsgraph/vocab#> "
        "SELECT ?s WHERE { ?ev omsg:sentence ?s FILTER(CONTAINS(LCASE(?s), 'wortmannin inhibited')) }"
    )
    rows = invoke("query", out, sparql, "--format", "csv")
    assert rows.exit_code == 0
    assert "wortmannin inhibited" not in rows.output.lower()


def test_build_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert invoke("build", DATA, "-o", a).exit_code == 0
    assert invoke("build", DATA, "-o", b).exit_code == 0
    ta, tb = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert invoke("export", a, "--format", "turtle", "-o", ta).exit_code == 0
    assert invoke("export", b, "--format", "turtle", "-o", tb).exit_code == 0
    assert ta.read_bytes() == tb.read_bytes()


@pytest.mark.skipif(not (SHARED / "corpora" / "bc5cdr").is_dir(), reason="../shared/corpora is not beside the repository")
def test_sigkill_during_build_leaves_the_earlier_graph_readable(tmp_path):
    out = tmp_path / "graph"
    assert invoke("build", DATA, "-o", out).exit_code == 0
    before = stats(out)
    corpus = SHARED / "corpora" / "bc5cdr" / "CDR_TrainingSet.PubTator.txt"
    proc = subprocess.Popen(
        [sys.executable, "-m", "omsgraph.cli", "build", str(corpus), "-o", str(out), "--workers", "1", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    # wait until the new build has started writing, then kill it hard
    while time.time() < deadline and len(list(out.glob("build-*"))) < 2 and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert stats(out) == before
    assert invoke("query", out, "ASK { ?s ?p ?o }").exit_code == 0


def test_the_program_exits_quickly_but_runs_exit_handlers_and_keeps_output_and_status(tmp_path):
    # `omsgraph` (cli.run) skips the interpreter's teardown: what must still happen is checked here.
    # The handler prints without flushing, so its line only shows if run() flushes after the handlers.
    program = ("import atexit, sys; atexit.register(lambda: print('handlers ran')); "
               "sys.argv = ['omsgraph'] + sys.argv[1:]; from omsgraph.cli import run; run()")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output to a pipe stays buffered
    ok = subprocess.run([sys.executable, "-c", program, "build", DATA, "-o", tmp_path / "g", "--no-progress"],
                        capture_output=True, text=True, timeout=300, env=env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == "handlers ran" and "built 5 document(s)" in ok.stdout + ok.stderr
    assert stats(tmp_path / "g")["documents"] == 5
    bad = subprocess.run([sys.executable, "-c", program, "stats", tmp_path / "missing"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 1 and "no such graph folder" in bad.stderr and bad.stdout.strip() == "handlers ran"
