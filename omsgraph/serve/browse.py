"""What the web page shows besides raw SPARQL: entity pages, mechanism networks, example questions.

Each view is a SPARQL query kept as data (``ontology/serve-*.rq``) with the entity bound as a
value; the rows are grouped here into the JSON the page draws.

>>> rows = [{"key": {"type": "literal", "value": "label"}, "value": {"type": "literal", "value": "PI3K"}},
...         {"key": {"type": "literal", "value": "notation"}, "value": {"type": "literal", "value": "FPLX:PI3K"}}]
>>> facts(rows)["label"], facts(rows)["notation"]
(['PI3K'], ['FPLX:PI3K'])
>>> edge = network_rows([{"statement": {"type": "uri", "value": "s1"}, "subject": {"type": "uri", "value": "a"},
...     "object": {"type": "uri", "value": "b"}, "predicate": {"type": "uri", "value": "p#inhibits"},
...     "sign": {"type": "literal", "value": "-1"}}])["edges"][0]
>>> edge["from"], edge["to"], edge["label"], edge["sign"]
('a', 'b', 'inhibits', -1)
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from omsgraph.errors import QueryError

MAX_FOCUS = 25  # entities whose neighbourhood one network request may draw
VOCAB = "https://w3id.org/omsgraph/vocab#"


def _ontology() -> Path:
    return Path(str(resources.files("omsgraph") / "ontology"))


@lru_cache(maxsize=8)
def view_query(name: str) -> str:
    """The text of ``ontology/serve-<name>.rq``."""
    path = _ontology() / f"serve-{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"cannot read the page query: {err.strerror or err}", path=str(path)) from err


def registries() -> dict[str, str]:
    """CURIE prefix -> registry URL template (``ontology/serve-registries.json``), a fresh dict."""
    path = _ontology() / "serve-registries.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise QueryError(f"cannot read the registry links: {err}", path=str(path)) from err
    return {k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, str)}


def service_description(endpoint: str, *, update: bool, format: str) -> bytes:
    """The SPARQL 1.1 Service Description (``ontology/serve-service.ttl``) of ``endpoint`` as ``format``."""
    from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize  # noqa: PLC0415

    path = _ontology() / "serve-service.ttl"
    try:
        triples = list(parse(path.read_bytes(), format=RdfFormat.TURTLE, base_iri=endpoint))
    except (OSError, SyntaxError) as err:
        raise QueryError(f"cannot read the service description: {err}", path=str(path)) from err
    if update:
        sd = "http://www.w3.org/ns/sparql-service-description#"
        triples.append(Triple(NamedNode(endpoint), NamedNode(sd + "supportedLanguage"), NamedNode(sd + "SPARQL11Update")))
    formats = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}
    return serialize(triples, format=formats[format])


def _value(row: dict, name: str) -> str | None:
    cell = row.get(name)
    return None if cell is None else cell["value"]


def _local(iri: str | None) -> str:
    if not iri:
        return ""
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def facts(rows: list[dict]) -> dict[str, list[str]]:
    """``serve-entity.rq`` rows → {key: [values]} (sorted, without duplicates)."""
    out: dict[str, list[str]] = {}
    for row in rows:
        key, value = _value(row, "key"), _value(row, "value")
        if key and value is not None and value not in out.setdefault(key, []):
            out[key].append(value)
    return out


def relations(rows: list[dict]) -> list[dict]:
    """``serve-relations.rq`` rows → one dict per statement with its evidence list."""
    statements: dict[str, dict] = {}
    for row in rows:
        iri = _value(row, "statement")
        stmt = statements.get(iri)
        if stmt is None:
            predicate = _value(row, "predicate")
            stmt = statements[iri] = {
                "statement": iri,
                "subject": _value(row, "subject"), "subjectLabel": _value(row, "subjectLabel") or _local(_value(row, "subject")),
                "predicate": predicate, "predicateLabel": _value(row, "predicateLabel") or _local(predicate),
                "sign": int(_value(row, "sign") or 0),
                "object": _value(row, "object"), "objectLabel": _value(row, "objectLabel") or _local(_value(row, "object")),
                "negated": _value(row, "negated") == "true", "hedged": _value(row, "hedged") == "true",
                "confidence": float(_value(row, "confidence") or 0),
                "evidenceCount": int(_value(row, "evidenceCount") or 0),
                "evidence": [],
            }
        evidence = _value(row, "evidence")
        if evidence and all(e["evidence"] != evidence for e in stmt["evidence"]):
            stmt["evidence"].append({
                "evidence": evidence, "sentence": _value(row, "sentence"), "document": _value(row, "document"),
                "pmid": _value(row, "pmid"), "documentId": _value(row, "documentId"),
                "title": _value(row, "title"), "year": _value(row, "year"),
            })
    return list(statements.values())


def _node(nodes: dict[str, dict], iri: str, label: str | None, type_iri: str | None) -> None:
    node = nodes.get(iri)
    if node is None:
        node = nodes[iri] = {"id": iri, "label": label or _local(iri), "type": "Entity"}
    if label and node["label"] == _local(iri):
        node["label"] = label
    if type_iri and type_iri.startswith(VOCAB) and node["type"] == "Entity":
        node["type"] = type_iri[len(VOCAB):]


def network_rows(rows: list[dict], *, focus: list[str] = ()) -> dict:
    """``serve-network.rq`` rows → {"nodes": [...], "edges": [...]} for vis-network."""
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}
    for row in rows:
        subject, obj, stmt = _value(row, "subject"), _value(row, "object"), _value(row, "statement")
        _node(nodes, subject, _value(row, "subjectLabel"), _value(row, "subjectType"))
        _node(nodes, obj, _value(row, "objectLabel"), _value(row, "objectType"))
        if stmt not in edges:
            predicate = _value(row, "predicate")
            edges[stmt] = {
                "id": stmt, "from": subject, "to": obj, "predicate": predicate,
                "label": _value(row, "predicateLabel") or _local(predicate),
                "sign": int(_value(row, "sign") or 0), "negated": _value(row, "negated") == "true",
                "evidenceCount": int(_value(row, "evidenceCount") or 0),
            }
    for iri in focus:
        if iri in nodes:
            nodes[iri]["focus"] = True
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": sorted(edges.values(), key=lambda e: e["id"])}


def _description(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            text = line.lstrip("#").strip()
            # The named questions label their header line "description: ..." (omsgraph ask --list).
            return text.split(":", 1)[1].strip() if text.lower().startswith("description:") else text
        if line:
            break
    return ""


def example_questions(*, folder: Path | None = None) -> list[dict]:
    """The named questions of ``ontology/queries/*.rq`` as editor examples: name, description, SPARQL.

    The description is the first comment line of the file (the one ``omsgraph ask --list`` shows).
    """
    out = []
    for path in sorted((folder or _ontology() / "queries").glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read the named question: {err}", path=str(path)) from err
        out.append({"name": path.stem, "description": _description(text), "sparql": text})
    return out
