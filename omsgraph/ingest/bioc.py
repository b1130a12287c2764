"""BioC XML and BioC JSON (PubTator3 and BioC-PMC exports): passages with offsets and annotations.

Passages are laid out at their BioC offsets, so a PubTator-style abstract (title at 0, abstract
at ``len(title) + 1``) gives exactly the PubTator text ``title + " " + abstract``; where offsets
leave a wider gap or overlap, passages are separated by a blank line and the annotations are
moved with them. Annotations become input Mentions (type and identifier from their infons);
``ref`` passages become ``cites`` links; section labels come from ``section_type`` / ``type``
infons. Bibliographic infons (``article-id_pmid``, ``article-id_doi``, ``journal``, ``year``,
``authors`` …) fill the Document's facts.

>>> doc = bioc_document({"id": "5", "passages": [
...     {"infons": {"type": "title", "journal": "J Test", "article-id_doi": "10.1/x"}, "offset": 0, "text": "Aspirin test",
...      "annotations": [{"id": "1", "infons": {"type": "Chemical", "identifier": "MESH:D001241"}, "text": "Aspirin",
...                       "locations": [{"offset": 0, "length": 7}]}]},
...     {"infons": {"type": "abstract"}, "offset": 13, "text": "It worked."}]}, source="c.json")
>>> doc.id, doc.text, doc.journal, doc.doi, doc.mentions[0].id
('PMID:5', 'Aspirin test It worked.', 'J Test', '10.1/x', 'MESH:D001241')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from omsgraph.errors import InputError
from omsgraph.ingest.base import OnError, document_id, guard, report
from omsgraph.ingest.formats import ENTITY_TYPE_NAMES, annotation_curie
from omsgraph.ingest.jsonstream import iter_json_documents
from omsgraph.ingest.xmlrecords import iter_xml_records
from omsgraph.model import BibLink, Document, Mention, Passage

_ID_IN_XML = re.compile(rb"<id>\s*([^<]{1,40}?)\s*</id>")
_ID_IN_JSON = re.compile(r'"id"\s*:\s*"?([^",}\s]{1,40})')
_HEADING = re.compile(r"^(?:abstract_)?title_\d+$")
_NOT_TEXT = frozenset({"table", "table_footnote", "footnote", "ref", "ref_title"})
_IDENTIFIER_KEYS = ("identifier", "Identifier", "MESH", "MeSH", "NCBI Gene", "NCBI Taxonomy", "ncbi_gene", "accession",
                    "normalized_id")
_JOURNAL = re.compile(r"^(.+?)[.;]\s*(?:\d{4}|$)")


# ---- readers -------------------------------------------------------------------------------

def read_bioc_xml_stream(stream, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """Documents of a BioC XML collection, streamed ``<document>`` by ``<document>``."""
    for raw in iter_xml_records(stream, ("document",), source=source, label=_ID_IN_XML, label_format="id {}"):
        document = guard(lambda raw=raw: bioc_document(_xml_to_dict(raw.parse()), source=source), source=source,
                         where=raw.where, on_error=on_error)
        if document is not None:
            yield document


def read_bioc_json_chunks(chunks, *, source: str, on_error: OnError | None = None) -> Iterator[Document]:
    """Documents of BioC JSON text pieces (collection, PubTator3 export, list or JSON Lines)."""
    for number, raw in iter_json_documents(chunks, source=source):
        if isinstance(raw, InputError):
            report(raw, on_error)
            continue
        found = _ID_IN_JSON.search(raw[:4000])
        where = f"record {number}" + (f", id {found.group(1)}" if found else "")
        document = guard(lambda raw=raw: bioc_document(json.loads(raw), source=source), source=source, where=where,
                         on_error=on_error)
        if document is not None:
            yield document


# ---- BioC XML → the JSON shape -----------------------------------------------------------------

def _infons(element: etree._Element) -> dict[str, str]:
    return {(i.get("key") or ""): (i.text or "") for i in element.findall("infon")}


def _annotation(element: etree._Element) -> dict[str, Any]:
    return {"id": element.get("id"), "infons": _infons(element), "text": element.findtext("text"),
            "locations": [{"offset": loc.get("offset"), "length": loc.get("length")}
                          for loc in element.findall("location")]}


def _xml_to_dict(element: etree._Element) -> dict[str, Any]:
    if element.tag != "document":
        raise InputError(f"expected <document>, found <{element.tag}>")
    passages = []
    for passage in element.findall("passage"):
        passages.append({
            "infons": _infons(passage), "offset": passage.findtext("offset"), "text": passage.findtext("text"),
            "annotations": [_annotation(a) for a in passage.findall("annotation")],
            "sentences": [{"offset": s.findtext("offset"), "text": s.findtext("text"),
                           "annotations": [_annotation(a) for a in s.findall("annotation")]}
                          for s in passage.findall("sentence")],
        })
    return {"id": element.findtext("id"), "infons": _infons(element), "passages": passages}


# ---- the JSON shape → Document ----------------------------------------------------------------

def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or value is None:
        raise InputError(f"{what} is missing or not a number")
    try:
        number = int(str(value).strip())
    except ValueError as err:
        raise InputError(f"{what} {value!r} is not a number") from err
    if number < 0:
        raise InputError(f"{what} {number} is negative")
    return number


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def _section(infons: Mapping[str, str]) -> str:
    kind = infons.get("type", "").strip().lower()
    section_type = infons.get("section_type", "").strip()
    if kind in ("title", "front") or section_type.upper() == "TITLE":
        return "title"
    if kind in ("fig_caption", "fig_title_caption") or section_type.upper() == "FIG":
        return "figure caption"
    if kind in ("table_caption", "table_title_caption") or section_type.upper() == "TABLE":
        return "table caption"
    if kind == "abstract" or section_type.upper() == "ABSTRACT":
        return "abstract"
    return section_type or kind or "abstract"


def _pieces(document: Mapping[str, Any]) -> list[tuple[int, str, dict[str, str], list[Any]]]:
    passages = document.get("passages")
    if not isinstance(passages, list):
        raise InputError("document without a list of passages")
    pieces = []
    for number, passage in enumerate(passages, start=1):
        if not isinstance(passage, Mapping):
            raise InputError(f"passage {number} is not an object")
        infons = _str_map(passage.get("infons"))
        text = passage.get("text")
        sentences = passage.get("sentences") or []
        if (text is None or text == "") and isinstance(sentences, list) and sentences:
            for sentence in sentences:
                if not isinstance(sentence, Mapping) or not isinstance(sentence.get("text"), str):
                    raise InputError(f"passage {number} has a sentence without text")
                pieces.append((_int(sentence.get("offset"), "sentence offset"), sentence["text"], infons,
                               list(sentence.get("annotations") or [])))
            continue
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputError(f"passage {number} text is not a string")
        annotations = passage.get("annotations") or []
        if not isinstance(annotations, list):
            raise InputError(f"passage {number} annotations are not a list")
        pieces.append((_int(passage.get("offset", 0), f"passage {number} offset"), text, infons, annotations))
    pieces.sort(key=lambda p: p[0])
    return pieces


def _mentions(annotations: list[Any], *, delta: int, start: int, text: str) -> Iterator[Mention]:
    """Mentions of a passage's annotations; ``text`` is the passage, placed at ``start`` in the document."""
    end = start + len(text)
    for annotation in annotations:
        if not isinstance(annotation, Mapping):
            raise InputError("an annotation is not an object")
        infons = _str_map(annotation.get("infons"))
        raw_type = infons.get("type", "") or "Entity"
        etype = ENTITY_TYPE_NAMES.get(raw_type.lower().replace(" ", ""), raw_type)
        identifier = next((infons[k] for k in _IDENTIFIER_KEYS if infons.get(k)), "")
        locations = annotation.get("locations") or []
        if not isinstance(locations, list):
            raise InputError(f"annotation {annotation.get('id')} has no list of locations")
        for location in locations:
            if not isinstance(location, Mapping):
                raise InputError(f"annotation {annotation.get('id')} has a bad location")
            offset = _int(location.get("offset"), "annotation offset")
            length = _int(location.get("length"), "annotation length")
            m_start, m_end = offset + delta, offset + delta + length
            if length == 0 or not start <= m_start < m_end <= end:
                raise InputError(f"annotation {annotation.get('id')} at {offset}-{offset + length} lies outside its "
                                 "passage")
            yield Mention(m_start, m_end, text[m_start - start:m_end - start], etype, annotation_curie(identifier, etype),
                          source="input", mention_id=str(annotation.get("id")) if annotation.get("id") else None)


def _first(infon_maps: list[dict[str, str]], *keys: str) -> str | None:
    for infons in infon_maps:
        lowered = {k.lower(): v for k, v in infons.items()}
        for key in keys:
            value = lowered.get(key, "").strip()
            if value:
                return value
    return None


def _authors(infon_maps: list[dict[str, str]]) -> tuple[str, ...]:
    joined = _first(infon_maps, "authors")
    if joined:
        return tuple(a.strip() for a in re.split(r"[,;]\s*", joined) if a.strip())
    names = []
    for infons in infon_maps:
        for key in sorted((k for k in infons if re.fullmatch(r"name_\d+", k)), key=lambda k: int(k[5:])):
            parts = dict(p.split(":", 1) for p in infons[key].split(";") if ":" in p)
            name = " ".join(x for x in (parts.get("given-names", ""), parts.get("surname", "")) if x)
            if name:
                names.append(name)
        if names:
            break
    return tuple(names)


def _reference(infons: Mapping[str, str], text: str) -> BibLink | None:
    pmid, doi = infons.get("pub-id_pmid", "").strip(), infons.get("pub-id_doi", "").strip()
    title = text.strip() or infons.get("source") or None
    if pmid.isdigit():
        return BibLink("cites", f"PMID:{pmid}", title=title, doi=doi or None)
    if doi:
        return BibLink("cites", f"DOI:{doi}", title=title)
    return None


def bioc_document(document: Any, *, source: str) -> Document:
    """One Document from a BioC document in its JSON shape (BioC XML is converted to it first)."""
    if not isinstance(document, Mapping):
        raise InputError("a BioC document must be an object")
    infon_maps = [_str_map(document.get("infons"))]
    parts: list[str] = []
    passages: list[Passage] = []
    mentions: list[Mention] = []
    links: list[BibLink] = []
    cursor = 0
    last_bioc_end = 0
    for bioc_offset, text, infons, notes in _pieces(document):
        kind = infons.get("type", "").strip().lower()
        if kind == "ref" or infons.get("section_type", "").upper() == "REF":
            link = _reference(infons, text)
            if link is not None and all(link.target != other.target for other in links):
                links.append(link)
            continue
        infon_maps.append(infons)
        if kind in _NOT_TEXT or _HEADING.match(kind) or not text.strip():
            continue
        if not parts:
            separator = ""
        elif bioc_offset - last_bioc_end == 1 and cursor > 0:
            separator = " "
        else:
            separator = "\n\n"
        cursor += len(separator)
        parts.append(separator + text)
        passages.append(Passage(text, cursor, _section(infons)))
        mentions.extend(_mentions(notes, delta=cursor - bioc_offset, start=cursor, text=text))
        cursor += len(text)
        last_bioc_end = bioc_offset + len(text)
    body = "".join(parts)
    if not body.strip():
        raise InputError("document has no passage text")
    title = next((p.text for p in passages if p.section == "title"), "")
    raw_id = str(document.get("id") or "").strip()
    pmid = raw_id if raw_id.isdigit() else _first(infon_maps, "article-id_pmid", "pmid")
    pmid = pmid if pmid and pmid.isdigit() else None
    pmcid = _first(infon_maps, "article-id_pmc", "pmcid", "pmc")
    if raw_id.upper().startswith("PMC") and raw_id[3:].isdigit():
        pmcid = raw_id
    if pmcid:
        pmcid = pmcid if pmcid.upper().startswith("PMC") else "PMC" + pmcid
    doi = _first(infon_maps, "article-id_doi", "doi")
    journal = _first(infon_maps, "journal", "source")
    if journal:
        found = _JOURNAL.match(journal)
        journal = found.group(1).strip() if found else journal
    year_text = _first(infon_maps, "year") or ""
    year_found = re.search(r"\b(1[6-9]\d\d|20\d\d)\b", year_text)
    # without a PMID/DOI/PMCID, the collection's own id (with its file) names the document, else its text
    doc_id = document_id(pmid=pmid, doi=doi, pmcid=pmcid, fallback=f"{source}\x1f{raw_id}" if raw_id else body)
    return Document(
        id=doc_id, text=body, title=title, passages=tuple(passages), source=source, pmid=pmid, doi=doi, pmcid=pmcid,
        journal=journal, year=int(year_found.group(1)) if year_found else None, authors=_authors(infon_maps),
        mentions=tuple(mentions), links=tuple(links),
    )


__all__ = ["bioc_document", "read_bioc_json_chunks", "read_bioc_xml_stream"]
