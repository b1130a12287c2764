"""``omsgraph serve GRAPH_DIR``: the SPARQL endpoint and web page, run with uvicorn.

>>> [c.name for c in commands]
['serve']
"""

from __future__ import annotations

import socket
from pathlib import Path

import click

from omsgraph.errors import OmsGraphError


def _check_address(host: str, port: int) -> None:
    """Fail early, in one line, when the address cannot be bound (instead of after start-up)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise OmsGraphError(f"cannot resolve host {host!r}: {err.strerror}") from err
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            raise OmsGraphError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err


@click.command(name="serve")
@click.argument("graph_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0 exposes the graph to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (needs --token; clients send 'Authorization: Bearer T').")
@click.option("--token", envvar="OMSGRAPH_UPDATE_TOKEN", default=None, help="Token updates must carry (or set OMSGRAPH_UPDATE_TOKEN).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, show_default=True, help="Most rows (or triples) in one answer.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Query worker processes (default: cores, at most 4).")
@click.option("--cors-origin", "cors_origins", multiple=True, help="Allow cross-origin requests from this origin (repeatable; off by default).")
def serve(graph_dir: Path, host: str, port: int, allow_update: bool, token: str | None, timeout: float,
          max_results: int, workers: int | None, cors_origins: tuple[str, ...]) -> None:
    """Serve GRAPH_DIR: SPARQL 1.1 Protocol at /sparql and a web page at /.

    \b
    Examples:
      omsgraph serve graph
      omsgraph serve graph --port 8080 --timeout 10 --max-results 5000
      omsgraph serve graph --allow-update --token s3cret
    """
    import uvicorn

    from omsgraph.serve import create_app

    if allow_update and not token:
        raise click.UsageError("--allow-update needs --token T (or OMSGRAPH_UPDATE_TOKEN)")
    app = create_app(graph_dir, allow_update=allow_update, update_token=token if allow_update else None,
                     timeout=timeout, max_results=max_results, cors_origins=cors_origins, workers=workers)
    _check_address(host, port)
    click.echo(f"omsgraph: serving {graph_dir} at http://{host}:{port}/ (SPARQL at /sparql, "
               f"{'updates allowed with token' if allow_update else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


commands = [serve]
