"""Readers for PubTator and HTML pages (PubMed XML lives in :mod:`omsgraph.ingest.pubmed`).

>>> docs = list(read_pubtator("7|t|Title here\\n7|a|Body text.\\n7\\t0\\t5\\tTitle\\tChemical\\tD000001\\n\\n", source="x"))
>>> docs[0].id, docs[0].text, docs[0].mentions[0].id
('PMID:7', 'Title here Body text.', 'MESH:D000001')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from io import BytesIO

from lxml import etree, html as lxml_html

from omsgraph.errors import InputError
from omsgraph.ingest.base import OnError, guard
from omsgraph.ingest.pages import read_page
from omsgraph.model import Document, Mention, Passage

_TYPES = {
    "chemical": "Chemical", "chemicalentity": "Chemical", "disease": "Disease",
    "diseaseorphenotypicfeature": "Disease", "gene": "Gene", "geneorgeneproduct": "Gene",
    "sequencevariant": "Variant", "organismtaxon": "Organism", "species": "Organism", "cellline": "CellLine",
    "mutation": "Variant", "dnamutation": "Variant", "proteinmutation": "Variant", "snp": "Variant",
    "variant": "Variant", "chromosome": "Entity", "cell": "CellType", "celltype": "CellType",
}
ENTITY_TYPE_NAMES = _TYPES  # input type names (lower case, no spaces) -> ENTITY_TYPES


_RS = re.compile(r"\bRS#:\s*(\d+)")
_CELLOSAURUS = re.compile(r"^CVCL_(\w+)$")
_XML_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _curie(raw: str, etype: str) -> str | None:
    """A CURIE for an annotation identifier (MeSH, NCBI Gene/Taxonomy, tmVar rs numbers, Cellosaurus)."""
    if raw.strip().startswith("tmVar:"):
        found = _RS.search(raw)
        return f"dbSNP:rs{found.group(1)}" if found else None
    raw = raw.split("|")[0].split(";")[0].split(",")[0].strip()
    cell_line = _CELLOSAURUS.match(raw)
    if cell_line:
        return f"CVCL:{cell_line.group(1)}"
    if not raw or raw == "-1" or raw == "-":
        return None
    if ":" in raw:
        prefix, _, local = raw.partition(":")
        if not prefix or not local.strip():
            return None
        return f"{'MESH' if prefix.upper() == 'MESH' else prefix}:{local.strip()}"
    if raw[0] in "DC" and raw[1:].isdigit():
        return f"MESH:{raw}"
    if raw.isdigit():
        return ("NCBITaxon:" if etype == "Organism" else "NCBIGene:") + raw
    if re.fullmatch(r"rs\d+", raw):
        return f"dbSNP:{raw}"
    return None


annotation_curie = _curie


def read_pubtator(text: str | Iterable[str], *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """PubTator records (title/abstract lines, optional mention and relation lines), streamed.

    ``text`` is the file content or an iterable of its lines. Records are separated by blank
    lines (or start at a title line of another PMID).
    """
    lines = text.split("\n") if isinstance(text, str) else text
    for number, record in enumerate(_pubtator_records(lines), start=1):
        pmid = record[0].split("|", 1)[0].split("\t", 1)[0].strip()[:20]
        where = f"record {number}" + (f", PMID {pmid}" if pmid.isdigit() else "")
        document = guard(lambda record=record: _pubtator_record(record, source), source=source, where=where,
                         on_error=on_error)
        if document is not None:
            yield document


def _pubtator_records(lines: Iterable[str]) -> Iterator[list[str]]:
    current: list[str] = []
    current_pmid = None
    for line in lines:
        line = line.rstrip("\r")
        if not line.strip():
            if current:
                yield current
            current, current_pmid = [], None
            continue
        if "|t|" in line[:24]:
            pmid = line.split("|", 1)[0]
            if current and pmid != current_pmid:
                yield current
                current = []
            current_pmid = pmid
        current.append(line)
    if current:
        yield current


def _pubtator_record(lines: list[str], source: str) -> Document:
    title = abstract = ""
    pmid = None
    raw_mentions: list[list[str]] = []
    for line in lines:
        if "|t|" in line[:24] or "|a|" in line[:24]:
            pmid, kind, body = line.split("|", 2)
            if kind == "t":
                title = body
            else:
                abstract = body
        elif line.strip():
            raw_mentions.append(line.split("\t"))
    if pmid is None:
        raise InputError("PubTator record without a title line")
    if not pmid.strip().isdigit():
        raise InputError(f"PMID {pmid[:20]!r} is not a number")
    text = title + " " + abstract
    mentions = []
    for cells in raw_mentions:
        if len(cells) >= 4 and not cells[1].isdigit():
            continue  # relation line
        if len(cells) < 5:
            raise InputError(f"mention line has {len(cells)} columns, expected 5 or more")
        start, end = int(cells[1]), int(cells[2])
        if not 0 <= start < end <= len(text):
            raise InputError(f"mention offsets {start}-{end} outside the text")
        etype = _TYPES.get(cells[4].lower().replace(" ", ""), cells[4])
        mentions.append(Mention(start, end, text[start:end], etype, _curie(cells[5] if len(cells) > 5 else "", etype)))
    pmid = pmid.strip()
    return Document(
        id=f"PMID:{pmid}", text=text, title=title, source=source, pmid=pmid,
        passages=(Passage(title, 0, "title"), Passage(abstract, len(title) + 1, "abstract")),
        mentions=tuple(mentions),
    )


def read_pubmed_xml(data: bytes, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """PubmedArticleSet / MEDLINE XML from bytes (files are streamed by :mod:`omsgraph.ingest.pubmed`)."""
    from omsgraph.ingest.pubmed import read_pubmed_stream

    yield from read_pubmed_stream(BytesIO(data), source=source, on_error=on_error)


def read_html(data: bytes, *, source: str) -> Document:
    """A saved web page: scripts, styles and navigation dropped, then read as a text page."""
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"cannot parse HTML ({err})", path=source) from err
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//li|//h1|//h2|//h3|//h4|//br|//tr|//section"):
        # the HTML parser keeps control characters that lxml refuses in a text it is given back
        block.tail = "\n\n" + _XML_CONTROL.sub(" ", block.tail or "")
    text = root.text_content()
    return read_page(text, source=source)
