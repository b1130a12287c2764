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


def _open(graph_dir: Path):
    from omsgraph.graph.store import GraphStore

    return GraphStore.open(graph_dir)


@click.command(name="query")
@click.argument("graph_dir", type=GRAPH_DIR)
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), help="Read the SPARQL query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="Answer format (CONSTRUCT/DESCRIBE answers are Turtle, JSON-LD with json).")
def query(graph_dir: Path, sparql: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on GRAPH_DIR.

    Prefixes omsg:, omsr:, rdfs:, skos:, dcterms:, fabio:, prism:, cito: … are predeclared.

    \b
    Example:
      omsgraph query out "SELECT ?x WHERE { ?x omsg:inhibits ?t . ?t rdfs:label 'PI3K' }"
    """
    from omsgraph.query.sparql import run_query

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
    click.echo(run_query(_open(graph_dir), sparql, format=fmt).rstrip("\n"))


@click.command(name="export")
@click.argument("graph_dir", type=GRAPH_DIR)
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "trig", "tsv"]), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output).")
def export(graph_dir: Path, fmt: str, output: Path | None) -> None:
    """Write GRAPH_DIR as Turtle, N-Triples, JSON-LD, TriG, or a TSV of statements.

    The TSV has one row per statement: subject, subject_id, predicate, object, object_id,
    negated, hedged, evidence_count, documents.
    """
    graph = _open(graph_dir)
    if output is None:
        graph.export(sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout, fmt)
        return
    graph.export(output, fmt)
    click.echo(f"wrote {output} ({fmt})", err=True)


@click.command(name="stats")
@click.argument("graph_dir", type=GRAPH_DIR)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(graph_dir: Path, fmt: str) -> None:
    """Count documents, entities, relations (statements), evidence and triples in GRAPH_DIR."""
    counts = _open(graph_dir).stats()
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
@click.argument("graph_dir", type=GRAPH_DIR)
@click.option("--shapes", type=click.Path(dir_okay=False, path_type=Path), help="SHACL shapes (default: ontology/shapes.ttl).")
@click.option("--limit", type=int, default=50, show_default=True, help="Violations listed in the report.")
def validate(graph_dir: Path, shapes: Path | None, limit: int) -> None:
    """Check GRAPH_DIR against the SHACL shapes (pySHACL); exit 1 with a report on violations."""
    from omsgraph.graph.validate import load_shapes, validate_graph

    graph = _open(graph_dir)
    report = validate_graph(graph, shapes=load_shapes(shapes) if shapes else None)
    click.echo(report.text(limit=limit))
    if not report.conforms:
        sys.exit(1)


commands = [query, export, stats, validate]
__all__ = ["commands", "OmsGraphError"]
