"""Identifiers → IRIs: the only place where CURIEs become IRIs.

The prefix map ships as data in ``ontology/prefixes.json`` ("identifiers": CURIE prefix →
IRI prefix, expanded with the ``curies`` package; "namespaces": the prefixes of queries and
Turtle output). Entities without a known identifier get a minted ``omsr:entity/<slug>``.

>>> curie_to_iri("MESH:D016756")
'http://id.nlm.nih.gov/mesh/D016756'
>>> curie_to_iri("CHEBI:65329")
'http://purl.obolibrary.org/obo/CHEBI_65329'
>>> document_iri("PMID:30538297").value
'https://identifiers.org/pubmed:30538297'
>>> from omsgraph.model import Entity
>>> entity_iri(Entity(id=None, label="Neuronal cytolysis")).value
'https://w3id.org/omsgraph/resource/entity/neuronal-cytolysis'
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

import curies
from pyoxigraph import NamedNode

from omsgraph.errors import StoreError, VocabularyError
from omsgraph.model import Entity

OMSG = "https://w3id.org/omsgraph/vocab#"
OMSR = "https://w3id.org/omsgraph/resource/"
# The named graph omsgraph writes into outside its own folders (a SPARQL endpoint, N-Quads files).
GRAPH_IRI = "https://w3id.org/omsgraph/graph"
# The named graph that holds the ontology (omsgraph.ttl) beside the data, in a graph folder and in N-Quads output.
ONTOLOGY_GRAPH_IRI = "https://w3id.org/omsgraph/vocab"

# Characters kept as they are in the local part of an expanded CURIE; everything else is
# percent-encoded so that e.g. a DOI with "<" or a space still yields a valid IRI.
_IRI_SAFE = "/:@!$&'()*+,;=-._~"
_PLAIN_LABEL = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def _prefix_file() -> str:
    return str(resources.files("omsgraph") / "ontology" / "prefixes.json")


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[tuple[str, str], ...], curies.Converter, tuple[tuple[str, str], ...]]:
    path = _prefix_file()
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        namespaces = tuple(sorted(data["namespaces"].items()))
        identifiers = tuple(data["identifiers"].items())
    except (OSError, ValueError, KeyError, AttributeError) as err:
        raise VocabularyError(f"cannot read the prefix map: {err}", path=path) from err
    records = []
    for prefix, uri_prefix in identifiers:
        # Inputs spell prefixes variously (MeSH, mesh, pubmed); accept the common variants.
        synonyms = sorted({prefix.lower(), prefix.upper()} - {prefix})
        if prefix == "PMID":
            synonyms.append("pubmed")
        records.append({"prefix": prefix, "uri_prefix": uri_prefix, "prefix_synonyms": synonyms})
    try:
        converter = curies.Converter.from_extended_prefix_map(records)
    except (ValueError, TypeError) as err:
        raise VocabularyError(f"invalid prefix map: {err}", path=path) from err
    return namespaces, converter, identifiers


def namespaces() -> dict[str, str]:
    """A fresh dict of the RDF namespace prefixes (``omsg``, ``omsr``, ``rdfs`` …)."""
    return dict(_load()[0])


def checked_graph_iri(value: str | None) -> str:
    """``value`` (default :data:`GRAPH_IRI`) once it is a valid absolute IRI: it is written into
    N-Quads and SPARQL text, where a stray ``>`` or space would break (or change) what is sent.

    >>> checked_graph_iri(None) == GRAPH_IRI
    True
    >>> checked_graph_iri("urn:x> } ; DROP ALL ; #")
    Traceback (most recent call last):
    omsgraph.errors.StoreError: urn:x> } ; DROP ALL ; #: not a valid graph IRI
    """
    if value is None:
        return GRAPH_IRI
    try:
        return NamedNode(value).value
    except ValueError as err:
        raise StoreError("not a valid graph IRI", path=value) from err


def with_prefixes(sparql: str, prefixes: dict[str, str] | None = None) -> str:
    """``sparql`` with PREFIX lines prepended for the standard prefixes it uses but does not declare.

    For backends that cannot predeclare prefixes (a remote SPARQL endpoint). A prefix seen where
    it is not one (inside an IRI) only adds an unused declaration; one missed would break the query.

    >>> print(with_prefixes("PREFIX rdfs: <x:> SELECT * WHERE { ?s omsg:inhibits ?o ; rdfs:label ?l }"))
    PREFIX omsg: <https://w3id.org/omsgraph/vocab#>
    PREFIX rdfs: <x:> SELECT * WHERE { ?s omsg:inhibits ?o ; rdfs:label ?l }
    >>> print(with_prefixes("SELECT ?id WHERE { ?st omsg:evidence/omsg:document/dcterms:identifier ?id }").splitlines()[0])
    PREFIX dcterms: <http://purl.org/dc/terms/>
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    lines = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in sorted((prefixes or namespaces()).items())
        if name not in declared and re.search(rf"(?<![\w.:-]){re.escape(name)}:", sparql)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql


def identifier_prefixes() -> dict[str, str]:
    """A fresh dict of CURIE prefix → IRI prefix."""
    return dict(_load()[2])


@lru_cache(maxsize=200_000)
def curie_to_iri(curie: str) -> str | None:
    """Expand a CURIE with the shipped prefix map; None for an unknown prefix."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        return None
    converter = _load()[1]
    standard = converter.standardize_prefix(prefix)
    if standard is None:
        return None
    return _prefix_map()[standard] + quote(local.strip(), safe=_IRI_SAFE)


@lru_cache(maxsize=1)
def _prefix_map() -> dict[str, str]:
    # Converter.prefix_map builds a new dict on every access (15 µs, once per cache miss): take it once.
    return dict(_load()[1].prefix_map)


def iri_to_curie(iri: str) -> str | None:
    """Compress an IRI back to a CURIE (None when no prefix matches)."""
    return _load()[1].compress(iri)


def sha1(*parts: object) -> str:
    """Content hash of ``parts`` (joined by a separator that cannot occur in ``repr``)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def slug(text: str) -> str:
    """A readable, injective IRI segment for a label: plain labels as-is, others with a hash.

    >>> slug("il 6"), slug("IL-6")
    ('il-6', 'il-6-732ecd52')
    """
    key = " ".join(text.lower().split())
    if _PLAIN_LABEL.fullmatch(key):
        return key.replace(" ", "-")
    base = _NON_WORD.sub("-", key).strip("-")[:60] or "x"
    return f"{base}-{sha1(text)[:8]}"


@lru_cache(maxsize=200_000)
def _entity_iri(entity_id: str | None, key: str) -> NamedNode:
    if entity_id:
        iri = curie_to_iri(entity_id)
        if iri is not None:
            return NamedNode(iri)
        return NamedNode(OMSR + "entity/" + slug(entity_id))
    return NamedNode(OMSR + "entity/" + slug(key.removeprefix("label:")))


def entity_iri(entity: Entity) -> NamedNode:
    """The IRI of an entity: from its CURIE, else minted from its label."""
    return _entity_iri(entity.id, entity.key)


@lru_cache(maxsize=200_000)
def document_iri(document_id: str) -> NamedNode:
    """The IRI of a document id (``PMID:n``, ``DOI:x``, ``PMC:PMCn``, ``HASH:h`` or anything else)."""
    prefix, _, local = document_id.partition(":")
    if prefix.upper() == "HASH" and local:
        return NamedNode(OMSR + "document/" + quote(local, safe=""))
    iri = curie_to_iri(document_id)
    if iri is None:
        return NamedNode(OMSR + "document/" + sha1(document_id))
    return NamedNode(iri)


def vocab(term: str) -> NamedNode:
    """An ``omsg:`` term."""
    return NamedNode(OMSG + term)
