"""Ingest memory: a ~1 GB MEDLINE-style file streamed through the PubMed reader in constant memory.

Writes a synthetic gzipped ``PubmedArticleSet`` in the shape of a MEDLINE baseline file
(``--size-gb`` of XML before compression, default 1.0; records with a labelled abstract,
authors, MeSH headings, article IDs and a reference list; seeded, so runs are comparable),
then reads it in a fresh process with ``omsgraph.ingest.read_inputs`` (format detection, gzip,
record cutting, hardened parsing, Documents) and prints JSON: documents, seconds, documents/s,
MB/s of XML, the process's peak RSS (``ru_maxrss``) and its RSS after 1 %, 10 %, 50 % and
100 % of the records, which stays flat when memory does not grow with the file.

    python benchmarks/ingest_memory.py                 # writes /tmp/omsgraph-medline-1g.xml.gz
    python benchmarks/ingest_memory.py --size-gb 0.1   # quicker
    python benchmarks/ingest_memory.py --keep          # reuse the file of an earlier run
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("kinase", "inhibitor", "phosphorylation", "receptor", "tumour", "patients", "expression", "signalling",
         "cells", "mice", "dose", "treatment", "increased", "reduced", "protein", "pathway", "activity", "response",
         "apoptosis", "proliferation", "levels", "significantly", "compared", "control", "group", "study",
         "neuroblastoma", "opsoclonus", "antibody", "serum", "cohort", "trial", "outcome", "risk", "gene")
LABELS = ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")
MESH = (("D009447", "Neuroblastoma"), ("D006801", "Humans"), ("D011505", "Protein Kinases"),
        ("D000069283", "Rituximab"), ("D003907", "Dexamethasone"), ("D051379", "Mice"))


def sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def record(pmid: int, rnd: random.Random) -> str:
    abstract = "".join(f'<AbstractText Label="{label}" NlmCategory="{label}">'
                       f'{" ".join(sentence(rnd) for _ in range(rnd.randint(1, 3)))}</AbstractText>'
                       for label in LABELS)
    authors = "".join(f'<Author ValidYN="Y"><LastName>Author{rnd.randint(1, 9999)}</LastName>'
                      f"<ForeName>A</ForeName><Initials>A</Initials></Author>" for _ in range(rnd.randint(2, 8)))
    mesh = "".join(f'<MeshHeading><DescriptorName UI="{ui}" MajorTopicYN="N">{name}</DescriptorName></MeshHeading>'
                   for ui, name in rnd.sample(MESH, 3))
    refs = "".join(f'<Reference><Citation>Ref {n}.</Citation><ArticleIdList><ArticleId IdType="pubmed">'
                   f"{rnd.randint(1_000_000, 30_000_000)}</ArticleId></ArticleIdList></Reference>"
                   for n in range(rnd.randint(0, 12)))
    year = rnd.randint(1975, 2024)
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
            f"<DateCompleted><Year>{year}</Year><Month>05</Month><Day>01</Day></DateCompleted>"
            f'<Article PubModel="Print"><Journal><ISSN IssnType="Print">0000-0000</ISSN><JournalIssue '
            f'CitedMedium="Print"><Volume>{rnd.randint(1, 90)}</Volume><PubDate><Year>{year}</Year><Month>May'
            f"</Month></PubDate></JournalIssue><Title>Journal of Synthetic Records</Title></Journal>"
            f"<ArticleTitle>{sentence(rnd)}</ArticleTitle><Abstract>{abstract}</Abstract>"
            f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language><PublicationTypeList>'
            f'<PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article>'
            f"<MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation><PubmedData><PublicationStatus>ppublish"
            f'</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId '
            f'IdType="doi">10.5555/synthetic.{pmid}</ArticleId></ArticleIdList><ReferenceList>{refs}</ReferenceList>'
            f"</PubmedData></PubmedArticle>\n")


def write(path: Path, size: int) -> dict:
    rnd = random.Random(7)
    pool = [record(0, rnd) for _ in range(4000)]   # varied records; each written with its own PMID
    written = records = 0
    started = time.perf_counter()
    with gzip.open(path, "wb", compresslevel=6) as out:
        head = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD ' \
               b'PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n' \
               b"<PubmedArticleSet>\n"
        out.write(head)
        written += len(head)
        while written < size:
            records += 1
            pmid = 10_000_000 + records
            data = pool[records % len(pool)].replace('<PMID Version="1">0<', f'<PMID Version="1">{pmid}<', 1) \
                .replace('IdType="pubmed">0<', f'IdType="pubmed">{pmid}<', 1).encode()
            out.write(data)
            written += len(data)
        out.write(b"</PubmedArticleSet>\n")
    return {"records_written": records, "xml_mb": round(written / 1e6, 1),
            "gzip_mb": round(path.stat().st_size / 1e6, 1), "write_s": round(time.perf_counter() - started, 1)}


def read(path: Path, expected: int) -> dict:
    """Stream the file through the reader (run in its own process, so ru_maxrss is the reader's)."""
    sys.path.insert(0, str(ROOT))
    from omsgraph.ingest import read_inputs

    def rss_mb() -> float:
        with open("/proc/self/statm") as stat:
            return int(stat.read().split()[1]) * resource.getpagesize() / 1e6

    marks = {max(1, expected * p // 100): f"{p}%" for p in (1, 10, 50)}
    rss: dict[str, float] = {}
    errors: list[str] = []
    count = 0
    started = time.perf_counter()
    for _ in read_inputs([path], on_error=lambda err: errors.append(err.one_line())):
        count += 1
        if count in marks:
            rss[marks[count]] = round(rss_mb(), 1)
    seconds = time.perf_counter() - started
    rss["100%"] = round(rss_mb(), 1)
    return {"documents": count, "errors": len(errors), "read_s": round(seconds, 1),
            "docs_per_s": round(count / seconds), "rss_mb_after": rss,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size-gb", type=float, default=1.0, help="XML size before compression (GB).")
    parser.add_argument("--path", type=Path, default=None, help="File to write (default /tmp/omsgraph-medline-*.xml.gz).")
    parser.add_argument("--keep", action="store_true", help="Reuse the file when it exists (and keep it).")
    parser.add_argument("--read", type=int, default=None, help=argparse.SUPPRESS)   # child process: expected count
    args = parser.parse_args()
    path = args.path or Path(f"/tmp/omsgraph-medline-{args.size_gb:g}g.xml.gz")
    if args.read is not None:
        print(json.dumps(read(path, args.read)))
        return
    meta_path = path.with_suffix(".json")
    if args.keep and path.exists() and meta_path.exists():
        written = json.loads(meta_path.read_text())
    else:
        written = write(path, int(args.size_gb * 1e9))
        meta_path.write_text(json.dumps(written))
    child = subprocess.run([sys.executable, __file__, "--path", str(path), "--read", str(written["records_written"])],
                           check=True, capture_output=True, text=True)
    result = {**written, **json.loads(child.stdout)}
    result["xml_mb_per_s"] = round(written["xml_mb"] / result["read_s"], 1)
    if not args.keep:
        path.unlink()
        meta_path.unlink()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
