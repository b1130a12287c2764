"""PMC JATS full text (``.nxml``, or an efetch ``<pmc-articleset>``): one Document per ``<article>``.

The text is the title, the abstract (structured sections keep their headings as labels),
the body paragraphs (labelled with their section headings, e.g. ``Results / Cell survival``)
and the figure and table captions (labelled ``figure caption`` / ``table caption``), joined by
blank lines. Front matter gives PMID, PMCID, DOI, journal, date, authors, keywords and the
article type; the reference list gives ``cites`` links (PMID, DOI or PMCID of each reference).

>>> import io
>>> xml = b'''<article article-type="research-article"><front><journal-meta><journal-title-group>
... <journal-title>J Test</journal-title></journal-title-group></journal-meta><article-meta>
... <article-id pub-id-type="pmid">7</article-id><title-group><article-title>On
... <italic>things</italic></article-title></title-group></article-meta></front>
... <body><sec><title>Results</title><p>IGF-1 acted.<fig id="f1"><label>Figure 1</label>
... <caption><p>Cells.</p></caption></fig></p></sec></body></article>'''
>>> doc = next(read_jats_stream(io.BytesIO(xml), source="a.nxml"))
>>> doc.id, doc.title, doc.journal, [(p.section, p.text) for p in doc.passages[1:]]
('PMID:7', 'On things', 'J Test', [('Results', 'IGF-1 acted.'), ('figure caption', 'Cells.')])
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from omsgraph.errors import InputError
from omsgraph.ingest.base import OnError, document_id, guard
from omsgraph.ingest.xmlrecords import inline_text, iter_xml_records, local_name
from omsgraph.model import BibLink, Document, Passage

_PMID_IN_BYTES = re.compile(rb"<article-id[^>]*pub-id-type=[\"']pmid[\"'][^>]*>\s*(\d{1,12})")
# Kept out of paragraph text (captions are passages of their own; tables and formulas are not prose).
_FLOATS = frozenset({"fig", "fig-group", "table-wrap", "table-wrap-group", "table", "disp-formula",
                     "supplementary-material", "graphic", "media", "alternatives", "fn", "fn-group"})
_PROSE = frozenset({"p", "list", "def-list", "disp-quote", "statement", "verse-group", "speech", "preformat"})
_SKIPPED_ABSTRACTS = frozenset({"graphical", "teaser", "web-summary", "toc", "precis", "video", "highlights"})
_ARTICLE_TYPES = {
    "research-article": "Journal Article", "review-article": "Review", "case-report": "Case Reports",
    "letter": "Letter", "editorial": "Editorial", "brief-report": "Journal Article",
    "systematic-review": "Systematic Review", "meta-analysis": "Meta-Analysis", "correction": "Published Erratum",
    "rapid-communication": "Journal Article", "article-commentary": "Comment", "book-review": "Review",
}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}


def read_jats_stream(stream, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """Documents of a JATS byte stream (one ``<article>`` or a ``<pmc-articleset>`` of them)."""
    for raw in iter_xml_records(stream, ("article",), source=source, label=_PMID_IN_BYTES, label_format="PMID {}"):
        document = guard(lambda raw=raw: jats_document(raw.parse(), source=source), source=source,
                         where=raw.where, on_error=on_error)
        if document is not None:
            yield document


def _date(meta: etree._Element) -> tuple[int | None, str | None]:
    dates = meta.findall("pub-date")
    rank = {"epub": 0, "pub": 0, "ppub": 1, "epub-ppub": 1, "collection": 2}
    dates.sort(key=lambda d: rank.get(d.get("pub-type") or d.get("date-type") or "", 3))
    for node in dates:
        year = (node.findtext("year") or "").strip()
        if not year.isdigit():
            continue
        month_text = (node.findtext("month") or "").strip().lower()
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3])
        day = (node.findtext("day") or "").strip()
        if month and 1 <= month <= 12:
            if day.isdigit() and 1 <= int(day) <= 31:
                return int(year), f"{int(year):04d}-{month:02d}-{int(day):02d}"
            return int(year), f"{int(year):04d}-{month:02d}"
        return int(year), f"{int(year):04d}"
    return None, None


def _authors(meta: etree._Element) -> tuple[str, ...]:
    out = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if (contrib.get("contrib-type") or "author") != "author":
            continue
        name = contrib.find("name")
        if name is None:
            name = contrib.find("name-alternatives/name")
        if name is not None:
            text = " ".join(x for x in (inline_text(name.find("given-names")), inline_text(name.find("surname"))) if x)
        else:
            text = inline_text(contrib.find("collab")) or inline_text(contrib.find("string-name"))
        if text:
            out.append(text)
    return tuple(out)


def _abstract(meta: etree._Element) -> list[tuple[str, str, str | None]]:
    abstracts = [a for a in meta.findall("abstract") if (a.get("abstract-type") or "") not in _SKIPPED_ABSTRACTS]
    if not abstracts:
        return []
    blocks: list[tuple[str, str, str | None]] = []
    for text, heads, label in _blocks(abstracts[0], []):
        blocks.append((text, " / ".join(h.upper() for h in heads) if heads else "abstract", label))
    return blocks


def _blocks(container: etree._Element, heads: list[str]) -> Iterator[tuple[str, list[str], str | None]]:
    """(text, section headings, caption label) of the prose and captions under ``container``."""
    for child in container:
        name = local_name(child)
        if name == "sec":
            title = inline_text(child.find("title"))
            yield from _blocks(child, heads + [title] if title else heads)
        elif name in ("title", "label", "sec-meta", "object-id", "ref-list", "fn-group", "glossary"):
            continue
        elif name in ("fig", "fig-group", "table-wrap", "table-wrap-group", "floats-group"):
            yield from _captions(child)
        elif name in _PROSE:
            text = inline_text(child, skip=_FLOATS)
            if text:
                yield text, heads, None
            yield from _captions(child)
        elif name in _FLOATS:
            continue
        elif isinstance(child.tag, str):
            yield from _blocks(child, heads)


def _captions(node: etree._Element) -> Iterator[tuple[str, list[str], str | None]]:
    for item in node.iter("fig", "table-wrap"):
        text = inline_text(item.find("caption"))
        if text:
            kind = "figure caption" if item.tag == "fig" else "table caption"
            yield text, [kind], inline_text(item.find("label")) or None


def _references(article: etree._Element) -> list[BibLink]:
    links: list[BibLink] = []
    seen: set[str] = set()
    back = article.find("back")
    if back is None:
        return links
    for ref in back.iter("ref"):
        cites = [c for c in ref.iter("element-citation", "mixed-citation", "citation", "nlm-citation")]
        if not cites:
            continue
        ids: dict[str, str] = {}
        for cite in cites:
            for node in cite.iter("pub-id"):
                value = inline_text(node)
                if value:
                    ids.setdefault((node.get("pub-id-type") or "").lower(), value)
        title = inline_text(cites[0].find("article-title")) or inline_text(cites[0].find("source")) or None
        pmid, doi, pmc = ids.get("pmid"), ids.get("doi"), ids.get("pmcid") or ids.get("pmc")
        if pmid and pmid.isdigit():
            link = BibLink("cites", f"PMID:{pmid}", title=title, doi=doi)
        elif doi:
            link = BibLink("cites", f"DOI:{doi}", title=title)
        elif pmc:
            link = BibLink("cites", f"PMC:{pmc if pmc.upper().startswith('PMC') else 'PMC' + pmc}", title=title)
        else:
            continue
        if link.target not in seen:
            seen.add(link.target)
            links.append(link)
    return links


def jats_document(article: etree._Element, *, source: str) -> Document:
    """One Document from a JATS ``<article>`` element."""
    if local_name(article) != "article":
        raise InputError(f"expected <article>, found <{local_name(article)}>")
    meta = article.find("front/article-meta")
    if meta is None:
        raise InputError("<article> without <front>/<article-meta>; record skipped")
    ids: dict[str, str] = {}
    for node in meta.findall("article-id"):
        value = inline_text(node)
        if value:
            ids.setdefault((node.get("pub-id-type") or "").lower(), value)
    pmid = ids.get("pmid") if (ids.get("pmid") or "").isdigit() else None
    doi = ids.get("doi")
    pmcid = ids.get("pmc") or ids.get("pmcid") or ids.get("pmcaid")
    if pmcid:
        pmcid = pmcid if pmcid.upper().startswith("PMC") else "PMC" + pmcid
    title = inline_text(meta.find("title-group/article-title"))
    journal_meta = article.find("front/journal-meta")
    journal = None
    if journal_meta is not None:
        journal = (inline_text(journal_meta.find("journal-title-group/journal-title"))
                   or inline_text(journal_meta.find("journal-title"))
                   or next((inline_text(j) for j in journal_meta.findall("journal-id")
                            if j.get("journal-id-type") in ("nlm-ta", "iso-abbrev")), "")) or None
    year, pub_date = _date(meta)
    pieces: list[tuple[str, str, str | None]] = [(title, "title", None)] if title else []
    pieces += _abstract(meta)
    body = article.find("body")
    if body is not None:
        pieces += [(text, " / ".join(heads) if heads else "body", label) for text, heads, label in _blocks(body, [])]
    floats = article.find("floats-group")
    if floats is not None:
        pieces += [(text, heads[0], label) for text, heads, label in _captions(floats)]
    if not pieces:
        raise InputError("article has no title, abstract or body text; record skipped")
    passages, parts, offset = [], [], 0
    for text, section, label in pieces:
        passages.append(Passage(text, offset, section, label) if label else Passage(text, offset, section))
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    kind = (article.get("article-type") or "").strip().lower()
    types = (_ARTICLE_TYPES.get(kind, kind),) if kind else ()
    doc_id = document_id(pmid=pmid, doi=doi, pmcid=pmcid, fallback=text)
    keywords = tuple(k for k in (inline_text(n) for n in meta.iterfind("kwd-group/kwd")) if k)
    return Document(
        id=doc_id, text=text, title=title, passages=tuple(passages), source=source, pmid=pmid, doi=doi,
        pmcid=pmcid, journal=journal, year=year, pub_date=pub_date, authors=_authors(meta),
        publication_types=types, keywords=keywords, links=tuple(_references(article)),
    )


__all__ = ["jats_document", "read_jats_stream"]
