"""Readers for PubTator, PubMed XML and HTML, each yielding Documents (bad records reported, skipped).

>>> docs = list(read_pubtator("7|t|Title here\\n7|a|Body text.\\n7\\t0\\t5\\tTitle\\tChemical\\tD000001\\n\\n", source="x"))
>>> docs[0].id, docs[0].text, docs[0].mentions[0].id
('PMID:7', 'Title here Body text.', 'MESH:D000001')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO

from lxml import etree, html as lxml_html

from omsgraph.errors import InputError
from omsgraph.ingest.pages import read_page
from omsgraph.model import BibLink, Document, MeshHeading, Mention, Passage, Substance

OnError = Callable[[InputError], None]

_TYPES = {
    "chemical": "Chemical", "chemicalentity": "Chemical", "disease": "Disease",
    "diseaseorphenotypicfeature": "Disease", "gene": "Gene", "geneorgeneproduct": "Gene",
    "sequencevariant": "Variant", "organismtaxon": "Organism", "species": "Organism", "cellline": "CellLine",
}


def _curie(raw: str, etype: str) -> str | None:
    raw = raw.split("|")[0].split(";")[0].strip()
    if not raw or raw == "-1" or raw == "-":
        return None
    if ":" in raw:
        prefix, _, local = raw.partition(":")
        return f"{'MESH' if prefix.upper() == 'MESH' else prefix}:{local}"
    if raw[0] in "DC" and raw[1:].isdigit():
        return f"MESH:{raw}"
    if raw.isdigit():
        return ("NCBITaxon:" if etype == "Organism" else "NCBIGene:") + raw
    return None


def read_pubtator(text: str, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """PubTator records (title/abstract lines, optional mention and relation lines)."""
    for number, record in enumerate(t for t in text.replace("\r\n", "\n").split("\n\n") if t.strip()):
        try:
            yield _pubtator_record(record, source)
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)


def _pubtator_record(record: str, source: str) -> Document:
    title = abstract = ""
    pmid = None
    raw_mentions: list[list[str]] = []
    for line in record.strip().split("\n"):
        if "|t|" in line[:20] or "|a|" in line[:20]:
            pmid, kind, body = line.split("|", 2)
            if kind == "t":
                title = body
            else:
                abstract = body
        elif line.strip():
            raw_mentions.append(line.split("\t"))
    if pmid is None:
        raise InputError("PubTator record without a title line", path=source, record=record[:30])
    text = title + " " + abstract
    mentions = []
    for cells in raw_mentions:
        if len(cells) >= 4 and not cells[1].isdigit():
            continue  # relation line
        if len(cells) < 5:
            raise InputError(f"mention line has {len(cells)} columns, expected 5 or more", path=source, record=f"PMID {pmid}")
        start, end = int(cells[1]), int(cells[2])
        if not 0 <= start < end <= len(text):
            raise InputError(f"mention offsets {start}-{end} outside the text", path=source, record=f"PMID {pmid}")
        etype = _TYPES.get(cells[4].lower(), cells[4])
        mentions.append(Mention(start, end, text[start:end], etype, _curie(cells[5] if len(cells) > 5 else "", etype)))
    return Document(
        id=f"PMID:{pmid}", text=text, title=title, source=source, pmid=pmid,
        passages=(Passage(title, 0, "title"), Passage(abstract, len(title) + 1, "abstract")),
        mentions=tuple(mentions),
    )


def _text(el) -> str:
    """All text of an element with inline markup (<i>, <sub>, <sup>) joined, not split."""
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def read_pubmed_xml(data: bytes, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """PubmedArticleSet / MEDLINE XML, streamed record by record with entity expansion off."""
    parser_events = etree.iterparse(BytesIO(data), events=("end",), tag=("PubmedArticle", "MedlineCitation"),
                                    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        for _, el in parser_events:
            if el.tag == "MedlineCitation" and el.getparent() is not None and el.getparent().tag == "PubmedArticle":
                continue
            try:
                yield _pubmed_record(el, source)
            except (InputError, ValueError) as err:
                err = err if isinstance(err, InputError) else InputError(str(err), path=source)
                if on_error is None:
                    raise err
                on_error(err)
            el.clear()
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed XML ({err.msg}, line {err.lineno})", path=source) from err


def _pubmed_record(el, source: str) -> Document:
    pmid = (el.findtext(".//PMID") or "").strip()
    if not pmid:
        raise InputError("record without PMID", path=source)
    title = _text(el.find(".//ArticleTitle"))
    passages = [Passage(title, 0, "title")]
    parts = [title]
    offset = len(title) + 1
    for node in el.findall(".//Abstract/AbstractText"):
        body = _text(node)
        if not body:
            continue
        passages.append(Passage(body, offset, (node.get("Label") or "abstract")))
        parts.append(body)
        offset += len(body) + 1
    doi = next((_text(a) for a in el.findall(".//ArticleId") if a.get("IdType") == "doi"), None) or next(
        (_text(a) for a in el.findall(".//ELocationID") if a.get("EIdType") == "doi"), None)
    pmc = next((_text(a) for a in el.findall(".//ArticleId") if a.get("IdType") == "pmc"), None)
    year = el.findtext(".//Journal/JournalIssue/PubDate/Year") or el.findtext(".//ArticleDate/Year")
    authors = tuple(
        " ".join(x for x in (a.findtext("ForeName"), a.findtext("LastName")) if x) or a.findtext("CollectiveName") or ""
        for a in el.findall(".//AuthorList/Author"))
    mesh = tuple(
        MeshHeading(descriptor=_text(h.find("DescriptorName")),
                    mesh_id=f"MESH:{h.find('DescriptorName').get('UI')}" if h.find("DescriptorName").get("UI") else None,
                    major=h.find("DescriptorName").get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in h.findall("QualifierName")),
                    qualifiers=tuple(_text(q) for q in h.findall("QualifierName")))
        for h in el.findall(".//MeshHeadingList/MeshHeading") if h.find("DescriptorName") is not None)
    substances = tuple(
        Substance(name=_text(c.find("NameOfSubstance")), id=f"MESH:{c.find('NameOfSubstance').get('UI')}" if c.find("NameOfSubstance").get("UI") else None)
        for c in el.findall(".//ChemicalList/Chemical") if c.find("NameOfSubstance") is not None)
    cites = []
    for ref in el.findall(".//ReferenceList/Reference"):
        ids = {a.get("IdType"): _text(a) for a in ref.findall(".//ArticleId")}
        if ids.get("pubmed"):
            cites.append(BibLink("cites", f"PMID:{ids['pubmed']}", title=_text(ref.find("Citation")) or None, doi=ids.get("doi")))
        elif ids.get("doi"):
            cites.append(BibLink("cites", f"DOI:{ids['doi']}", title=_text(ref.find("Citation")) or None))
    return Document(
        id=f"PMID:{pmid}", text=" ".join(parts), title=title, passages=tuple(passages), source=source,
        pmid=pmid, doi=doi, pmcid=pmc, journal=_text(el.find(".//Journal/Title")) or el.findtext(".//MedlineTA"),
        year=int(year) if year and year.isdigit() else None, authors=tuple(a for a in authors if a),
        publication_types=tuple(_text(p) for p in el.findall(".//PublicationTypeList/PublicationType")),
        mesh_terms=mesh, substances=substances, links=tuple(cites),
        keywords=tuple(_text(k) for k in el.findall(".//KeywordList/Keyword")),
    )


def read_html(data: bytes, *, source: str) -> Document:
    """A saved web page: scripts, styles and navigation dropped, then read as a text page."""
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"cannot parse HTML ({err})", path=source) from err
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//li|//h1|//h2|//h3|//h4|//br|//tr|//section"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    return read_page(text, source=source)
