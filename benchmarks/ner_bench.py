"""NER speed: bare spaCy tokenisation vs the omsgraph pipeline (sentences + broad lexicon + abbreviations).

Each side runs in a fresh process, timed from process start (imports, lexicon loading included), on
the abstracts of ../shared/corpora (ChemProt, BC5CDR, BioRED training/development), repeated to
reach --documents. Prints JSON.

    python benchmarks/ner_bench.py --documents 9400
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

WORKER = r"""
import sys, time, json
t0 = time.perf_counter()
from pathlib import Path
texts = json.loads(Path(sys.argv[2]).read_text())
mode = sys.argv[1]
if mode == "tokenise":
    import spacy
    nlp = spacy.blank("en")
    t1 = time.perf_counter()
    words = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
else:
    from omsgraph.model import Document
    from omsgraph.nlp import annotate, load_pipeline
    nlp = load_pipeline(broad=True)
    t1 = time.perf_counter()
    words = 0
    ents = 0
    for _, doc in annotate((Document(id=str(i), text=t) for i, t in enumerate(texts)), nlp, entities="vocabulary"):
        words += len(doc)
        ents += len(doc.ents)
t2 = time.perf_counter()
print(json.dumps({"setup_s": round(t1 - t0, 2), "process_s": round(t2 - t1, 2), "words": words}))
"""


def corpus_texts() -> list[str]:
    texts = []
    for name in ("training", "development"):
        for line in (SHARED / "chemprot" / f"chemprot_{name}_abstracts.tsv").read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) == 3:
                texts.append(cells[1] + " " + cells[2])
    for path in [SHARED / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", SHARED / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt",
                 SHARED / "biored" / "BioRED_Train.PubTator", SHARED / "biored" / "BioRED_Dev.PubTator"]:
        title = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if "|t|" in line[:20]:
                title = line.split("|", 2)[2]
            elif "|a|" in line[:20] and title is not None:
                texts.append(title + " " + line.split("|", 2)[2])
                title = None
    return texts


def run(mode: str, data: Path) -> dict:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WORKER, mode, str(data)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - started, 2)
    result["words_per_s"] = int(result["words"] / result["process_s"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=9400)
    args = parser.parse_args()
    base = corpus_texts()
    texts = (base * (args.documents // len(base) + 1))[: args.documents]
    data = Path("/tmp") / f"omsgraph-ner-bench-{len(texts)}.json"
    data.write_text(json.dumps(texts))
    tok = run("tokenise", data)
    ner = run("pipeline", data)
    print(json.dumps({"documents": len(texts), "distinct_abstracts": len(base), "tokenise": tok, "pipeline": ner,
                      "wall_ratio": round(ner["wall_s"] / tok["wall_s"], 2)}, indent=2))


if __name__ == "__main__":
    main()
