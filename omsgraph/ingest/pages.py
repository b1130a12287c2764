"""Plain text and saved web pages: PubMed abstract pages, journal pages inside site navigation.

The reader keeps the prose (title, labelled abstract sections, body paragraphs) and turns the
page's lists into metadata: the citation line (journal, year, DOI), PMID, publication types,
MeSH terms, substances, numbered references, "Similar articles" and "Cited by".

>>> page = '''A study of things
...
... Neurol Res. 2020 Jan;1(2):3-4. doi: 10.1000/xyz1.
...
... Background: Wortmannin inhibited PI3K in neurons. It also reduced Akt phosphorylation in the cultured cells of the rat.
... '''
>>> doc = read_page(page, source="p.txt")
>>> doc.title, doc.journal, doc.year, doc.doi, doc.passages[1].section
('A study of things', 'Neurol Res', 2020, '10.1000/xyz1', 'BACKGROUND')
"""

from __future__ import annotations

import hashlib
import re

from omsgraph.model import BibLink, Document, MeshHeading, Passage, Substance

_SECTION_HEADS = {
    "similar articles": "similar_to", "cited by": "cited_by", "references": "cites",
    "publication types": "types", "mesh terms": "mesh", "substances": "substances",
    "linkout - more resources": "end", "full text sources": "end", "related information": "end",
    "grants and funding": "end", "comment in": "end", "abstract": "abstract",
}
_CHROME = re.compile(
    r"\b(journals?|membership|testimonials|faq|login|log in|sign in|home|issn|copyright|©|site|"
    r"correspondence|departments? of|code number|publications? on behalf|all rights reserved|cookies?|"
    r"back to cited text|email)\b", re.I)
_CITATION = re.compile(r"^(?P<journal>[A-Z][A-Za-z .&()'-]{1,80}?)\.\s+(?P<year>(?:19|20)\d\d)\b[^\n]*$", re.M)
_VOLUME = re.compile(r"^(?P<journal>[A-Z][A-Za-z .&'-]{2,80}?),\s*Vol\.?\s*\d+[^\n]*?(?P<year>(?:19|20)\d\d)", re.M)
_DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/[^\s]+?)\.?(?=\s|$)", re.I)
_PMID = re.compile(r"\bPMID:\s*(\d{1,9})\b")
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{2,30}):\s+(?P<text>\S.*)$", re.S)
_REFERENCE = re.compile(r"^\s*\[?(\d{1,3})[.\])]\s*(?=[A-Z])")
_BULLET = re.compile(r"^\s*[•\-*]\s*(?P<item>\S.*)$")


def _blocks(text: str) -> list[str]:
    """Paragraph blocks, also cut before every line that is a section heading of the page."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        current: list[str] = []
        for line in block.split("\n"):
            if line.strip().lower().rstrip(":") in _SECTION_HEADS and current:
                out.append("\n".join(current))
                current = []
            current.append(line)
        out.append("\n".join(current))
    return [b.strip() for b in out if b.strip()]


def _is_prose(block: str) -> bool:
    if len(block) < 80 or _CHROME.search(block[:200]) and len(block) < 400:
        return False
    if _REFERENCE.match(block) or _PMID.search(block):
        return False
    return block.count(". ") >= 1 or block.rstrip().endswith(".")


def _is_short_sentence(block: str) -> bool:
    """A sentence under the length page prose needs ("LY294002 inhibits PI3K."): a page's menus and
    labels are short too, so these are read only from a file that holds nothing longer."""
    return (len(block.split()) >= 2 and block.rstrip().endswith((".", "!", "?")) and not _CHROME.search(block)
            and not _REFERENCE.match(block) and not _PMID.search(block))


def _title(lines: list[str]) -> str:
    for line in lines:
        line = line.strip()
        words = line.split()
        if len(words) < 4 or len(line) > 300 or _CHROME.search(line) or _CITATION.match(line) or _VOLUME.match(line):
            continue
        if line.endswith(".") and line.count(". ") >= 1:
            continue
        if line.lower().startswith(("- pmid", "- doi", "vol.", "letter to", "original article", "review")):
            continue
        return line
    return ""


def _id(pmid: str | None, doi: str | None, text: str) -> str:
    if pmid:
        return f"PMID:{pmid}"
    if doi:
        return f"DOI:{doi}"
    return "HASH:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _link(entry: str, relation: str) -> BibLink | None:
    pmid, doi = _PMID.search(entry), _DOI.search(entry)
    title = re.split(r"(?<=[.?!])\s*(?=[A-Z][a-z]+\.? [A-Z]|[A-Z][a-z]+ [A-Z][a-z]+\.)", entry.strip(), maxsplit=1)[0]
    title = re.sub(r"\s*Back to cited text.*$", "", _REFERENCE.sub("", title)).strip() or None
    if pmid:
        return BibLink(relation, f"PMID:{pmid.group(1)}", title=title, doi=doi.group(1) if doi else None)
    if doi:
        return BibLink(relation, f"DOI:{doi.group(1)}", title=title)
    text = re.sub(r"\s*Back to cited text.*$", "", _REFERENCE.sub("", entry)).strip()
    if not text:
        return None
    return BibLink(relation, "HASH:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16], title=text[:300])


def _mesh(item: str) -> MeshHeading:
    major = "*" in item
    parts = [p.strip(" *") for p in item.split("/")]
    return MeshHeading(descriptor=parts[0], major=major, qualifiers=tuple(p for p in parts[1:] if p))


def read_page(text: str, *, source: str = "") -> Document:
    """One Document from a plain-text or de-tagged web page."""
    blocks = _blocks(text)
    first_lines = []
    for b in blocks[:12]:
        if b.splitlines()[0].strip().lower().rstrip(":") in ("similar articles", "cited by", "references"):
            break
        first_lines.extend(b.splitlines())
    title = _title(first_lines)
    header = "\n".join(first_lines)
    section = None
    prose: list[tuple[str, str]] = []
    links: list[BibLink] = []
    types: list[str] = []
    mesh: list[MeshHeading] = []
    substances: list[Substance] = []
    pending_entry: list[str] = []
    short: list[tuple[str, str]] = []

    def flush_entry() -> None:
        if pending_entry and section in ("similar_to", "cited_by", "cites"):
            link = _link(" ".join(pending_entry), section)
            if link:
                links.append(link)
        pending_entry.clear()

    for block in blocks:
        lines = block.splitlines()
        head = lines[0].strip().lower().rstrip(":")
        if head in _SECTION_HEADS:
            flush_entry()
            section = _SECTION_HEADS[head]
            lines = lines[1:]
            if section == "abstract":
                section = None
            if not lines:
                continue
        bullets = [m.group("item") for m in map(_BULLET.match, lines) if m]
        if section in ("similar_to", "cited_by") or (section is None and any(_REFERENCE.match(l) for l in lines)
                                                     and sum(bool(_REFERENCE.match(l)) for l in lines) >= len(lines) / 2):
            if section is None:
                section = "cites"
            for line in lines:
                if line.strip() in ("-", "") or _REFERENCE.match(line):
                    flush_entry()
                if line.strip() not in ("-", ""):
                    pending_entry.append(line.strip())
            flush_entry()
            continue
        if bullets and len(bullets) >= len(lines) / 2:
            if section == "types":
                types.extend(bullets)
            elif section == "mesh":
                mesh.extend(_mesh(b) for b in bullets)
                section = "substances"  # an unlabelled bullet list after MeSH terms is the substance list
            elif section == "substances":
                substances.extend(Substance(name=b.strip()) for b in bullets)
            continue
        if section in ("types", "mesh", "substances", "end"):
            continue
        block = "\n".join(lines)
        if _is_prose(block) and block.strip() != title:
            prose.append((" ".join(block.split()), "body"))
        elif _is_short_sentence(block):
            short.append((" ".join(block.split()), "body"))
    if not prose and not title:
        prose = short   # a note of a sentence or two, not a page
    pmid = _PMID.search(header)
    doi = _DOI.search(header)
    citation = _CITATION.search(header) or _VOLUME.search(header)
    sections: list[tuple[str, str]] = []
    for para, _ in prose:
        m = _LABEL.match(para)
        if m and m.group("label").lower() not in ("e.g", "i.e"):
            sections.append((m.group("text"), m.group("label").upper()))
        else:
            sections.append((para, "abstract" if pmid or citation and not _VOLUME.search(header) else "body"))
    passages: list[Passage] = []
    parts: list[str] = []
    offset = 0
    for part, label in ([(title, "title")] if title else []) + sections:
        passages.append(Passage(text=part, offset=offset, section=label))
        parts.append(part)
        offset += len(part) + 2
    body = "\n\n".join(parts)
    return Document(
        id=_id(pmid.group(1) if pmid else None, doi.group(1) if doi else None, body),
        text=body, title=title, passages=tuple(passages), source=source,
        pmid=pmid.group(1) if pmid else None, doi=doi.group(1) if doi else None,
        journal=citation.group("journal").strip() if citation else None,
        year=int(citation.group("year")) if citation else None,
        publication_types=tuple(types), mesh_terms=tuple(mesh), substances=tuple(substances),
        links=tuple(links),
    )
