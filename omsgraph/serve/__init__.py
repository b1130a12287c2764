"""``omsgraph serve``: a SPARQL 1.1 Protocol endpoint and a web page over a built graph.

:func:`create_app` returns a Starlette (ASGI) application; ``omsgraph serve GRAPH_DIR`` runs it
with uvicorn on 127.0.0.1. Queries run in worker processes that are killed at the timeout;
the graph is read-only unless updates are allowed with a token.

>>> from omsgraph.serve import create_app
>>> create_app.__name__
'create_app'
"""

from omsgraph.serve.app import create_app

__all__ = ["create_app"]
