"""PubMed / MEDLINE XML (efetch ``PubmedArticleSet``, gzipped baseline files), streamed record by record.

Each ``<PubmedArticle>`` (or ``<PubmedBookArticle>``, or a bare ``<MedlineCitation>``) becomes
a Document whose text is ``title + " " + abstract`` (the PubTator convention). Labelled
abstract sections (BACKGROUND, METHODS …) become passages with that label, so evidence
records its section. Bibliographic facts: PMID, DOI, PMCID, journal, publication date,
authors, publication types, MeSH headings (descriptor IDs, major-topic flags), substances,
keywords and the reference list (``cites`` links). PMIDs that cite a record, when known (the
ELink file ``omsgraph fetch`` saves beside a batch), become its ``cited_by`` links.

>>> import io
>>> xml = b'''<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>42</PMID><Article>
... <Journal><Title>J Test</Title><JournalIssue><PubDate><Year>2021</Year><Month>Mar</Month></PubDate></JournalIssue></Journal>
... <ArticleTitle>A &#946;<sub>2</sub>-agonist test.</ArticleTitle>
... <Abstract><AbstractText Label="METHODS">We did it.</AbstractText></Abstract></Article>
... </MedlineCitation></PubmedArticle></PubmedArticleSet>'''
>>> doc = next(read_pubmed_stream(io.BytesIO(xml), source="t.xml"))
>>> doc.id, doc.text, doc.pub_date, doc.passages[1].section
('PMID:42', 'A β2-agonist test. We did it.', '2021-03', 'METHODS')
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from lxml import etree

from omsgraph.errors import InputError
from omsgraph.ingest.base import OnError, guard
from omsgraph.ingest.xmlrecords import inline_text, iter_xml_records, local_name
from omsgraph.model import BibLink, Document, MeshHeading, Passage, Substance

RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation")
_PMID_IN_BYTES = re.compile(rb"<PMID[^>]*>\s*([^<\s]{1,20})")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def read_pubmed_stream(stream, *, source: str, on_error: OnError | None = None,
                       cited_by: Mapping[str, Sequence[str]] | None = None) -> Iterator[Document]:
    """Documents of a PubMed XML byte stream; bad records are reported to ``on_error`` and skipped.

    ``cited_by`` maps a PMID to the PMIDs of the works citing it.
    """
    for raw in iter_xml_records(stream, RECORD_TAGS, source=source, label=_PMID_IN_BYTES, label_format="PMID {}"):
        document = guard(lambda raw=raw: pubmed_document(raw.parse(), source=source, cited_by=cited_by),
                         source=source, where=raw.where, on_error=on_error)
        if document is not None:
            yield document


def _year_month_day(node: etree._Element | None) -> tuple[int | None, str | None]:
    if node is None:
        return None, None
    year_text = (node.findtext("Year") or "").strip()
    if not year_text:
        found = _YEAR.search(node.findtext("MedlineDate") or "")
        return (int(found.group(1)), found.group(1)) if found else (None, None)
    if not year_text.isdigit():
        return None, None
    year = int(year_text)
    month_text = (node.findtext("Month") or "").strip().lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3])
    if not month or not 1 <= month <= 12:
        return year, f"{year:04d}"
    day_text = (node.findtext("Day") or "").strip()
    if day_text.isdigit() and 1 <= int(day_text) <= 31:
        return year, f"{year:04d}-{month:02d}-{int(day_text):02d}"
    return year, f"{year:04d}-{month:02d}"


def _author(node: etree._Element) -> str:
    name = " ".join(x.strip() for x in (node.findtext("ForeName") or node.findtext("Initials") or "",
                                         node.findtext("LastName") or "") if x and x.strip())
    return name or inline_text(node.find("CollectiveName"))


def _mesh_id(node: etree._Element | None) -> str | None:
    ui = (node.get("UI") or "").strip() if node is not None else ""
    return f"MESH:{ui}" if ui else None


def pubmed_document(record: etree._Element, *, source: str,
                    cited_by: Mapping[str, Sequence[str]] | None = None) -> Document:
    """One Document from a ``PubmedArticle`` / ``PubmedBookArticle`` / ``MedlineCitation`` element."""
    kind = local_name(record)
    if kind == "PubmedBookArticle":
        citation = record.find("BookDocument")
        article = citation
        title_node = citation.find("ArticleTitle") if citation is not None else None
        if title_node is None and citation is not None:
            title_node = citation.find("Book/BookTitle")
    else:
        citation = record if kind == "MedlineCitation" else record.find("MedlineCitation")
        article = citation.find("Article") if citation is not None else None
        title_node = article.find("ArticleTitle") if article is not None else None
    if citation is None:
        raise InputError(f"<{kind}> without a citation element; record skipped")
    pmid = (citation.findtext("PMID") or "").strip()
    if not pmid:
        raise InputError("record without PMID; record skipped")
    if not pmid.isdigit():
        raise InputError(f"PMID {pmid!r} is not a number; record skipped")
    title = inline_text(title_node) or inline_text(article.find("VernacularTitle") if article is not None else None)
    passages = [Passage(title, 0, "title")] if title else []
    parts = [title] if title else []
    offset = len(title) + 1 if title else 0
    abstract_nodes = article.findall("Abstract/AbstractText") if article is not None else []
    for node in abstract_nodes:
        body = inline_text(node)
        if not body:
            continue
        label = (node.get("Label") or node.get("NlmCategory") or "").strip() or "abstract"
        passages.append(Passage(body, offset, label))
        parts.append(body)
        offset += len(body) + 1
    if not parts:
        raise InputError("record has neither title nor abstract; record skipped")
    ids = {}
    for node in record.findall("PubmedData/ArticleIdList/ArticleId"):
        value = inline_text(node)
        if value:
            ids.setdefault((node.get("IdType") or "").lower(), value)
    doi = ids.get("doi")
    if not doi and article is not None:
        doi = next((inline_text(e) for e in article.findall("ELocationID") if e.get("EIdType") == "doi"), None)
    pmcid = ids.get("pmc")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = "PMC" + pmcid
    journal = None
    year = pub_date = None
    if article is not None:
        journal = inline_text(article.find("Journal/Title")) or None
        year, pub_date = _year_month_day(article.find("Journal/JournalIssue/PubDate"))
        if year is None:
            year, pub_date = _year_month_day(article.find("ArticleDate"))
        if year is None:
            year, pub_date = _year_month_day(article.find("PubDate"))  # books
    if journal is None:
        journal = (citation.findtext("MedlineJournalInfo/MedlineTA") or "").strip() or None
    if year is None:
        year, pub_date = _year_month_day(record.find("PubmedData/History/PubMedPubDate[@PubStatus='pubmed']"))
    authors = tuple(a for a in (_author(n) for n in (article.findall("AuthorList/Author") if article is not None else []))
                    if a)
    headings = []
    for node in citation.findall("MeshHeadingList/MeshHeading"):
        descriptor = node.find("DescriptorName")
        if descriptor is None or not inline_text(descriptor):
            continue
        qualifiers = node.findall("QualifierName")
        headings.append(MeshHeading(
            descriptor=inline_text(descriptor), mesh_id=_mesh_id(descriptor),
            major=descriptor.get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in qualifiers),
            qualifiers=tuple(inline_text(q) for q in qualifiers if inline_text(q))))
    substances = tuple(
        Substance(name=inline_text(n.find("NameOfSubstance")), id=_mesh_id(n.find("NameOfSubstance")))
        for n in citation.findall("ChemicalList/Chemical") if inline_text(n.find("NameOfSubstance")))
    return Document(
        id=f"PMID:{pmid}", text=" ".join(parts), title=title, passages=tuple(passages), source=source,
        pmid=pmid, doi=doi, pmcid=pmcid, journal=journal, year=year, pub_date=pub_date, authors=authors,
        publication_types=tuple(t for t in (inline_text(p) for p in (
            article.findall("PublicationTypeList/PublicationType") if article is not None else [])) if t),
        mesh_terms=tuple(headings), substances=substances,
        links=tuple(_references(record)) + tuple(
            BibLink("cited_by", f"PMID:{citing}") for citing in dict.fromkeys((cited_by or {}).get(pmid, ()))
            if citing != pmid),
        keywords=tuple(k for k in (inline_text(n) for n in citation.findall("KeywordList/Keyword")) if k),
    )


def _references(record: etree._Element) -> Iterator[BibLink]:
    seen: set[str] = set()
    for ref in record.iterfind("PubmedData/ReferenceList//Reference"):
        ids = {}
        for node in ref.findall("ArticleIdList/ArticleId"):
            value = inline_text(node)
            if value:
                ids.setdefault((node.get("IdType") or "").lower(), value)
        citation = inline_text(ref.find("Citation")) or None
        pmid, doi = ids.get("pubmed"), ids.get("doi")
        if pmid and pmid.isdigit():
            target = f"PMID:{pmid}"
        elif doi:
            target, doi = f"DOI:{doi}", None
        else:
            continue
        if target not in seen:
            seen.add(target)
            yield BibLink("cites", target, title=citation, doi=doi)


__all__ = ["RECORD_TAGS", "pubmed_document", "read_pubmed_stream"]
