"""Cited-by links from NCBI ELink (``pubmed_pubmed_citedin``), stored beside each fetched batch.

``omsgraph fetch`` asks ELink, for every batch it saves, which PubMed records cite each PMID
of the batch. One ``id=`` parameter is sent per PMID, so NCBI answers with one ``<LinkSet>``
per PMID (a single comma-separated ``id`` would give one merged set, losing who cites whom).
The answer is kept as NCBI's own eLinkResult XML in ``<batch>.elink.xml`` beside
``<batch>.xml``; ``omsgraph build`` reads it with the batch and gives each Document its
``cited_by`` links (``cito:isCitedBy`` in the graph).

>>> xml = b'''<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>11</Id></IdList>
... <LinkSetDb><DbTo>pubmed</DbTo><LinkName>pubmed_pubmed_citedin</LinkName>
... <Link><Id>31</Id></Link><Link><Id>30</Id></Link></LinkSetDb></LinkSet>
... <LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>12</Id></IdList></LinkSet></eLinkResult>'''
>>> parse_cited_by(xml, source="x.elink.xml")
{'11': ('31', '30'), '12': ()}
>>> link_file_for(Path("pubmed-1-9-2.xml")).name, link_file_for(Path("base.xml.gz")).name
('pubmed-1-9-2.elink.xml', 'base.elink.xml')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from omsgraph.errors import InputError
from omsgraph.ingest.base import write_atomically
from omsgraph.ingest.xmlrecords import inline_text, parse_bytes

if TYPE_CHECKING:  # pragma: no cover
    from omsgraph.ingest.eutils import EUtils

LINK_NAME = "pubmed_pubmed_citedin"
SUFFIX = ".elink.xml"
CHUNK = 500                      # PMIDs per ELink request (POSTed: one id= parameter each)
MAX_FILE = 256 << 20             # a link file larger than this is refused
_ELINK_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?eLinkResult[\s>]")


def link_file_for(xml_path: Path) -> Path:
    """The cited-by file that belongs to a PubMed XML file (``a.xml`` or ``a.xml.gz`` -> ``a.elink.xml``)."""
    name = xml_path.name
    for suffix in (".gz", ".xml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return xml_path.with_name(name + SUFFIX)


def is_link_file(path: Path) -> bool:
    """Whether ``path`` is named like a cited-by file (read with its PubMed file, not on its own)."""
    return path.name.lower().endswith((SUFFIX, SUFFIX + ".gz"))


def is_elink_result(head: bytes) -> bool:
    """Whether the leading bytes of a file are an ELink answer (its root element or its DOCTYPE)."""
    return _ELINK_ROOT.search(head[:4096]) is not None


def parse_cited_by(data: bytes, *, source: str) -> dict[str, tuple[str, ...]]:
    """PMID -> PMIDs citing it, from eLinkResult XML; InputError (one line) when it is not such XML."""
    return _links_of(parse_bytes(data, source=source), source=source)


def _links_of(root: etree._Element, *, source: str) -> dict[str, tuple[str, ...]]:
    if root.tag != "eLinkResult":
        raise InputError(f"not an ELink answer (root element <{root.tag}>)", path=source)
    error = inline_text(root.find("ERROR"))
    if error:
        raise InputError(f"ELink reported an error: {error[:200]}", path=source)
    out: dict[str, tuple[str, ...]] = {}
    for number, link_set in enumerate(root.iterfind("LinkSet"), start=1):
        ids = [inline_text(n) for n in link_set.iterfind("IdList/Id")]
        if len(ids) != 1 or not ids[0].isdigit():
            raise InputError(f"LinkSet {number} has {len(ids)} source id(s) {ids[:3]} (expected one PMID per "
                             "LinkSet: ask with one id= per PMID)", path=source)
        citing: list[str] = []
        for link_db in link_set.iterfind("LinkSetDb"):
            if inline_text(link_db.find("LinkName")) != LINK_NAME:
                continue
            for node in link_db.iterfind("Link/Id"):
                value = inline_text(node)
                if not value.isdigit():
                    raise InputError(f"LinkSet {number} (PMID {ids[0]}) links to {value[:20]!r}, not a PMID",
                                     path=source)
                citing.append(value)
        out[ids[0]] = tuple(dict.fromkeys(out.get(ids[0], ()) + tuple(citing)))
    return out


def read_cited_by(path: Path) -> dict[str, tuple[str, ...]]:
    """The cited-by links of a ``.elink.xml`` file; InputError naming the file when it cannot be used."""
    from omsgraph.ingest.detect import read_bytes

    return parse_cited_by(read_bytes(path, limit=MAX_FILE), source=str(path))


def fetch_cited_by(eutils: EUtils, pmids: Sequence[str]) -> tuple[bytes, dict[str, tuple[str, ...]]]:
    """ELink's eLinkResult XML for ``pmids`` (one LinkSet per PMID) and the links it holds."""
    source = eutils.base_url + "elink.fcgi"
    answers: list[tuple[bytes, etree._Element]] = []
    links: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(pmids), CHUNK):
        chunk = list(pmids[start:start + CHUNK])
        params = {"dbfrom": "pubmed", "db": "pubmed", "linkname": LINK_NAME, "id": chunk}
        data, root = eutils.request_xml("elink.fcgi", params, post=True)
        links.update(_links_of(root, source=source))
        answers.append((data, root))
    if len(answers) == 1:
        return answers[0][0], links
    merged = etree.Element("eLinkResult")
    for _, root in answers:
        merged.extend(list(root.iterfind("LinkSet")))
    return etree.tostring(merged, xml_declaration=True, encoding="UTF-8") + b"\n", links


def save_link_file(xml_path: Path, data: bytes) -> Path:
    """Write the cited-by file of ``xml_path`` atomically (a hidden part file, then renamed)."""
    return write_atomically(link_file_for(xml_path), data)


__all__ = ["CHUNK", "LINK_NAME", "SUFFIX", "fetch_cited_by", "is_elink_result", "is_link_file", "link_file_for",
           "parse_cited_by", "read_cited_by", "save_link_file"]
