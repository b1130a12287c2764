"""Content negotiation for the SPARQL endpoint: which serialization a client accepts.

SELECT/ASK answers come as SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT/DESCRIBE answers as
RDF (Turtle, N-Triples, JSON-LD, RDF/XML). The query form is only known once the query runs, so
negotiation yields an ordered preference list per family and the worker picks from the family
that matches the answer.

>>> prefs = preferences("text/csv;q=0.9, application/sparql-results+json")
>>> prefs.results[:2]
['json', 'csv']
>>> prefs.graph
[]
>>> preferences("*/*").graph[0]
'turtle'
>>> preferences("image/png").acceptable
False
"""

from __future__ import annotations

from dataclasses import dataclass

# Format name -> media types that ask for it (first = the one sent back in Content-Type).
RESULT_MEDIA: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_MEDIA: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json",),
    "rdfxml": ("application/rdf+xml",),
}
# Defaults when the client accepts anything (or sends no Accept header).
DEFAULT_RESULTS = ("json", "xml", "csv", "tsv")
DEFAULT_GRAPH = ("turtle", "ntriples", "jsonld", "rdfxml")
# ?format= shortcuts (handy for download links in a browser).
FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml",
}


@dataclass(frozen=True)
class Preferences:
    """Acceptable formats, best first, for each answer family."""

    results: list[str]
    graph: list[str]

    @property
    def acceptable(self) -> bool:
        return bool(self.results or self.graph)


def _media_ranges(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, order))
    return ranges


def _quality(media_types: tuple[str, ...], ranges: list[tuple[str, float, int]]) -> tuple[float, int, int]:
    """(quality, specificity, -order) of the best matching range for any of ``media_types``."""
    best = (0.0, -1, 0)
    for position, media in enumerate(media_types):
        kind = media.split("/")[0]
        for rng, quality, order in ranges:
            if rng == media:
                specificity = 2
            elif position:
                continue  # wildcards match the media type we send, not its aliases (text/* is not text/xml)
            elif rng == f"{kind}/*":
                specificity = 1
            elif rng == "*/*":
                specificity = 0
            else:
                continue
            best = max(best, (quality, specificity, -order), key=lambda t: (t[1], t[0], t[2]))
    return best


def _ranked(table: dict[str, tuple[str, ...]], defaults: tuple[str, ...], ranges) -> list[str]:
    scored = []
    for position, name in enumerate(defaults):
        quality, specificity, order = _quality(table[name], ranges)
        if quality > 0:
            # Explicit types beat wildcards at equal quality; the client's order, then ours, break ties.
            scored.append((-quality, -(specificity == 2), -order if specificity == 2 else 0, position, name))
    return [entry[-1] for entry in sorted(scored)]


def preferences(accept: str | None, *, format: str | None = None) -> Preferences:
    """Parse an Accept header (or a ``format`` shortcut, which wins) into :class:`Preferences`."""
    if format:
        name = FORMAT_ALIASES.get(format.strip().lower())
        if name is None:
            return Preferences([], [])
        return Preferences([name] if name in RESULT_MEDIA else [], [name] if name in GRAPH_MEDIA else [])
    ranges = _media_ranges(accept or "*/*")
    if not ranges:
        ranges = [("*/*", 1.0, 0)]
    return Preferences(_ranked(RESULT_MEDIA, DEFAULT_RESULTS, ranges), _ranked(GRAPH_MEDIA, DEFAULT_GRAPH, ranges))


def supported_media_types() -> list[str]:
    """Every media type the endpoint can answer with (for 406 messages)."""
    return [m[0] for m in RESULT_MEDIA.values()] + [m[0] for m in GRAPH_MEDIA.values()]
