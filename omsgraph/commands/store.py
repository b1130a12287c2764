"""``omsgraph query | export | stats | validate GRAPH_DIR``: read a built graph.

>>> [c.name for c in commands]
['query', 'export', 'stats', 'validate']
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from omsgraph.errors import InputError, OmsGraphError, QueryError

GRAPH_DIR = click.Path(file_okay=False, path_type=Path)


def endpoint_options(func):
    """``--endpoint URL`` and ``--graph-iri IRI``: read a graph from a SPARQL 1.1 endpoint instead of a folder."""
    func = click.option("--graph-iri", default=None, metavar="IRI",
                        help="With --endpoint: the named graph to read (default: the one omsgraph writes).")(func)
    return click.option("--endpoint", default=None, metavar="URL",
                        help="Read from this SPARQL 1.1 endpoint instead of GRAPH_DIR (then leave GRAPH_DIR out).")(func)


def open_graph(graph_dir: str | Path | None, *, endpoint: str | None = None, graph_iri: str | None = None):
    """The graph to read: the folder's current build, or the graph in a SPARQL endpoint."""
    if endpoint and graph_dir is not None:
        raise click.UsageError("give GRAPH_DIR or --endpoint, not both")
    if endpoint:
        from omsgraph.graph.remote import EndpointGraph

        return EndpointGraph(endpoint, graph_iri=graph_iri)
    if graph_dir is None:
        raise click.UsageError("give GRAPH_DIR (or --endpoint URL)")
    from omsgraph.graph.store import GraphStore

    return GraphStore.open(graph_dir)


@click.command(name="query")
@click.argument("graph_dir", required=False)
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), help="Read the SPARQL query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="Answer format (CONSTRUCT/DESCRIBE answers are Turtle, JSON-LD with json).")
@endpoint_options
def query(graph_dir: str | None, sparql: str | None, query_file: Path | None, fmt: str, endpoint: str | None,
          graph_iri: str | None) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on GRAPH_DIR (or --endpoint URL).

    Prefixes omsg:, omsr:, rdfs:, skos:, dcterms:, fabio:, prism:, cito: … are predeclared.

    \b
    Examples:
      omsgraph query out "SELECT ?x WHERE { ?x omsg:inhibits ?t . ?t rdfs:label 'PI3K' }"
      omsgraph query --endpoint http://localhost:8890/sparql --file question.rq
    """
    from omsgraph.query.sparql import run_query

    if endpoint and graph_dir is not None:  # no folder with an endpoint: the one argument is the query
        if sparql is not None:
            raise click.UsageError("give GRAPH_DIR or --endpoint, not both")
        graph_dir, sparql = None, graph_dir

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the SPARQL text or --file FILE (exactly one)")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise InputError("no such query file", path=str(query_file)) from err
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the query file: {err}", path=str(query_file)) from err
    if not sparql.strip():
        raise QueryError("empty query", path=str(query_file) if query_file else None)
    click.echo(run_query(open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri), sparql, format=fmt).rstrip("\n"))


@click.command(name="export")
@click.argument("graph_dir", type=GRAPH_DIR, required=False)
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "trig", "tsv"]), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output).")
@endpoint_options
def export(graph_dir: Path | None, fmt: str, output: Path | None, endpoint: str | None, graph_iri: str | None) -> None:
    """Write GRAPH_DIR (or --endpoint URL) as Turtle, N-Triples, JSON-LD, TriG, or a TSV of statements.

    The TSV has one row per statement: subject, subject_id, predicate, object, object_id,
    negated, hedged, evidence_count, documents.
    """
    graph = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri)
    if output is None:
        graph.export(sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout, fmt)
        return
    graph.export(output, fmt)
    click.echo(f"wrote {output} ({fmt})", err=True)


@click.command(name="stats")
@click.argument("graph_dir", type=GRAPH_DIR, required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@endpoint_options
def stats(graph_dir: Path | None, fmt: str, endpoint: str | None, graph_iri: str | None) -> None:
    """Count documents, entities, relations (statements), evidence and triples in GRAPH_DIR (or --endpoint URL)."""
    counts = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri).stats()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for key, value in counts.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for name, n in value.items():
                click.echo(f"  {name}: {n}")
        else:
            click.echo(f"{key}: {value}")


@click.command(name="validate")
@click.argument("graph_dir", type=GRAPH_DIR, required=False)
@click.option("--shapes", type=click.Path(dir_okay=False, path_type=Path), help="SHACL shapes (default: ontology/shapes.ttl).")
@click.option("--limit", type=int, default=50, show_default=True, help="Violations listed in the report.")
@endpoint_options
def validate(graph_dir: Path | None, shapes: Path | None, limit: int, endpoint: str | None, graph_iri: str | None) -> None:
    """Check GRAPH_DIR (or --endpoint URL) against the SHACL shapes (pySHACL); exit 1 with a report on violations."""
    from omsgraph.graph.validate import load_shapes, validate_graph

    graph = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri)
    report = validate_graph(graph, shapes=load_shapes(shapes) if shapes else None)
    click.echo(report.text(limit=limit))
    if not report.conforms:
        sys.exit(1)


commands = [query, export, stats, validate]
__all__ = ["commands", "OmsGraphError"]
