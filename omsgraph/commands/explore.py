"""Exploring mechanisms: ``omsgraph ask``, ``omsgraph explain``, ``omsgraph network``.

>>> [c.name for c in commands]
['ask', 'explain', 'network']
"""

from __future__ import annotations

import click

from omsgraph.commands.store import endpoint_options, open_graph
from omsgraph.errors import InputError


@click.command()
@click.argument("graph_dir", required=False, type=click.Path(file_okay=False))
@click.argument("question", required=False)
@click.argument("args", nargs=-1)
@click.option("--list", "list_questions", is_flag=True, help="List the named questions with descriptions.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@endpoint_options
def ask(graph_dir: str | None, question: str | None, args: tuple[str, ...], list_questions: bool, fmt: str,
        endpoint: str | None, graph_iri: str | None) -> None:
    """Ask a named question: omsgraph ask GRAPH_DIR QUESTION [ARGS] (see --list).

    With --endpoint URL, leave GRAPH_DIR out: omsgraph ask --endpoint URL QUESTION [ARGS].
    """
    from omsgraph.query.named import ask as run_ask, format_answer, load_questions

    if list_questions:
        for q in load_questions().values():
            usage = " ".join([q.name, *(a.upper() for a in q.args)])
            click.echo(f"{usage:<28} {q.description}")
        return
    if endpoint and graph_dir:  # no folder with an endpoint: the arguments shift left
        graph_dir, question, args = None, graph_dir, ((question,) if question is not None else ()) + args
    elif not graph_dir:
        question = None
    if not question:
        raise InputError("usage: omsgraph ask GRAPH_DIR QUESTION [ARGS] (or --endpoint URL QUESTION [ARGS], or --list)")
    store = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri)
    click.echo(format_answer(*run_ask(store, question, *args), format=fmt).rstrip("\n"))


@click.command()
@click.argument("graph_dir", required=False)
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option("--max-length", type=click.IntRange(1, 8), default=4, show_default=True, help="Longest path (edges).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Most paths to show.")
@endpoint_options
def explain(graph_dir: str | None, source: str | None, target: str | None, max_length: int, limit: int,
            endpoint: str | None, graph_iri: str | None) -> None:
    """Signed mechanism paths from SOURCE to TARGET with the best evidence for each edge.

    omsgraph explain GRAPH_DIR SOURCE TARGET, or omsgraph explain --endpoint URL SOURCE TARGET.
    """
    from omsgraph.network.explain import explain as run_explain, format_paths

    if endpoint and target is None:  # no folder with an endpoint: the arguments shift left
        graph_dir, source, target = None, graph_dir, source
    if not source or not target:
        raise click.UsageError("give GRAPH_DIR SOURCE TARGET (or --endpoint URL SOURCE TARGET)")
    store = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri)
    click.echo(format_paths(run_explain(store, source, target, max_length=max_length, limit=limit), source, target))


@click.command()
@click.argument("graph_dir", required=False)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=".html .png .svg .graphml or .json")
@click.option("--focus", multiple=True, help="Label, CURIE or IRI to centre on (repeatable).")
@click.option("--depth", type=click.IntRange(0), default=1, show_default=True, help="Steps around --focus.")
@click.option("--predicate", "predicates", multiple=True, help="Keep only these predicates (repeatable).")
@click.option("--min-evidence", type=click.IntRange(1), default=1, show_default=True)
@click.option("--exclude-hedged", is_flag=True, help="Leave out statements whose evidence is all hedged.")
@click.option("--types", "types", multiple=True, help="Keep only entities of these types (repeatable).")
@click.option("--include-negated", is_flag=True, help="Also draw negated findings.")
@endpoint_options
def network(graph_dir: str | None, output: str, focus: tuple[str, ...], depth: int, predicates: tuple[str, ...],
            min_evidence: int, exclude_hedged: bool, types: tuple[str, ...], include_negated: bool,
            endpoint: str | None, graph_iri: str | None) -> None:
    """Draw the mechanism network (interactive HTML, PNG/SVG picture, GraphML or Cytoscape JSON)."""
    from omsgraph.network.graph import neighbourhood, resolve, to_networkx
    from omsgraph.network.render import WRITERS, write_network

    from pathlib import Path

    if Path(output).suffix.lower() not in WRITERS:
        raise InputError(f"unknown network format (use {', '.join(sorted(WRITERS))})", path=output)
    store = open_graph(graph_dir, endpoint=endpoint, graph_iri=graph_iri)
    graph = to_networkx(store, predicates=predicates or None, min_evidence=min_evidence,
                        exclude_hedged=exclude_hedged, types=types or None, include_negated=include_negated)
    if focus:
        centre = sorted({n for name in focus for n in resolve(graph, name)})
        if not centre:
            raise InputError(f"no entity named {', '.join(focus)!r} in the (filtered) graph", path=graph_dir or endpoint)
        graph = neighbourhood(graph, centre, depth=depth)
    write_network(graph, output)
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


commands = [ask, explain, network]
