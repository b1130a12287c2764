"""The Starlette application: SPARQL 1.1 Protocol at ``/sparql``, the web page at ``/``.

>>> import tempfile
>>> create_app(tempfile.mkdtemp())
Traceback (most recent call last):
...
omsgraph.errors.StoreError: ...: not an omsgraph graph folder (no finished build; run 'omsgraph build' first)
"""

from __future__ import annotations

import contextlib
import hmac
import importlib.util
import json
import os
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from omsgraph.errors import StoreError
from omsgraph.graph import layout
from omsgraph.graph.iris import namespaces
from omsgraph.serve import browse
from omsgraph.serve.negotiate import preferences, supported_media_types
from omsgraph.serve.pool import PoolError, QueryPool, apply_update
from omsgraph.serve.protocol import ApiError, error_response, read_operation
from omsgraph.serve.worker import GRAPH_FORMATS, Job, Reply

STATIC = Path(__file__).resolve().parent / "static"
VIS_FILES = {"vis-network.min.js": "application/javascript", "vis-network.css": "text/css"}


def _vis_network_dir() -> Path | None:
    """The vis-network build shipped inside the installed pyvis package (served, never copied)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        return None
    lib = Path(list(spec.submodule_search_locations)[0]) / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: [int(x) for x in p.parent.name[4:].split(".") if x.isdigit()])
    return candidates[-1].parent if candidates else None


class _Server:
    """State shared by the handlers: options, the worker pool, the update lock."""

    def __init__(self, graph_dir: Path, *, allow_update: bool, update_token: str | None, timeout: float,
                 max_results: int, workers: int, max_body: int) -> None:
        self.graph_dir = graph_dir
        self.allow_update, self.update_token = allow_update, update_token
        self.timeout, self.max_results, self.max_body = timeout, max_results, max_body
        self.pool = QueryPool(str(graph_dir), workers=workers, timeout=timeout)
        self.prefixes = namespaces()
        self.limiter = anyio.CapacityLimiter(max(64, workers * 8))
        self.update_lock = anyio.Lock()
        self.vis_dir = _vis_network_dir()
        self.registries = browse.registries()

    async def run(self, job: Job) -> Reply:
        job.max_results = job.max_results or self.max_results
        job.prefixes = self.prefixes
        try:
            return await anyio.to_thread.run_sync(self.pool.run, job, limiter=self.limiter)
        except PoolError as err:
            raise ApiError(err.status, err.code, err.message) from None

    async def select(self, view: str, *, entity: str, max_results: int = 5000) -> list[dict]:
        """Run one of the page's own SELECT queries with ``?entity`` bound; the JSON bindings."""
        job = Job(sparql=browse.view_query(view), results=["json"], graph=[], bindings={"entity": entity},
                  max_results=max_results)
        reply = await self.run(job)
        if reply.status != 200:
            raise ApiError(reply.status, reply.code, reply.message)
        return json.loads(reply.body)["results"]["bindings"]


def _server(request: Request) -> _Server:
    return request.app.state.omsgraph


def _check_token(server: _Server, request: Request) -> None:
    if not server.allow_update:
        raise ApiError(403, "updates_disabled", "this endpoint is read-only (start the server with --allow-update --token T)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), (server.update_token or "").encode()):
        raise ApiError(401, "unauthorized", "updates need the server's token as 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="omsgraph"'})


async def sparql(request: Request) -> Response:
    server = _server(request)
    if request.method in ("GET", "HEAD") and not request.query_params:
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            return FileResponse(STATIC / "index.html", media_type="text/html")
        graph = preferences(accept).graph
        if graph:  # no query: describe the service (SPARQL 1.1 Service Description)
            endpoint = str(request.url.replace(query=""))
            body = browse.service_description(endpoint, update=server.allow_update, format=graph[0])
            return Response(body, media_type=GRAPH_FORMATS[graph[0]][1], headers={"Vary": "Accept"})
    operation = await read_operation(request, max_body=server.max_body)
    if operation.kind == "update":
        _check_token(server, request)
        async with server.update_lock:
            reply = await anyio.to_thread.run_sync(
                lambda: apply_update(str(server.graph_dir), operation.text, prefixes=server.prefixes, timeout=server.timeout))
        if reply.status >= 400:
            raise ApiError(reply.status, reply.code, reply.message)
        return Response(status_code=204)
    prefs = preferences(request.headers.get("accept"), format=operation.format)
    if not prefs.acceptable:
        raise ApiError(406, "not_acceptable", "none of the requested formats can be produced; ask for one of: "
                       + ", ".join(supported_media_types()))
    job = Job(sparql=operation.text, results=prefs.results, graph=prefs.graph,
              default_graph=operation.default_graph, named_graphs=operation.named_graphs)
    reply = await server.run(job)
    if reply.status != 200:
        raise ApiError(reply.status, reply.code, reply.message)
    return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept"})


def _iri_param(request: Request) -> str:
    iri = request.query_params.get("iri", "").strip()
    if not iri:
        raise ApiError(400, "bad_request", "give the resource as ?iri=<IRI>")
    return iri


async def entity_api(request: Request) -> Response:
    server = _server(request)
    iri = _iri_param(request)
    facts = browse.facts(await server.select("entity", entity=iri))
    statements = browse.relations(await server.select("relations", entity=iri))
    if not facts and not statements:
        raise ApiError(404, "not_found", f"nothing is known about <{iri}> in this graph")
    return JSONResponse({"iri": iri, "facts": facts, "relations": statements})


async def network_api(request: Request) -> Response:
    server = _server(request)
    focus = list(dict.fromkeys(v.strip() for v in request.query_params.getlist("iri") if v.strip()))
    if not focus:
        raise ApiError(400, "bad_request", "give one or more resources as ?iri=<IRI>")
    rows: list[dict] = []
    for iri in focus[: browse.MAX_FOCUS]:
        rows.extend(await server.select("network", entity=iri))
    return JSONResponse(browse.network_rows(rows, focus=focus) | {"truncated": len(focus) > browse.MAX_FOCUS})


async def examples_api(request: Request) -> Response:
    return JSONResponse({"questions": browse.example_questions()})


async def info_api(request: Request) -> Response:
    server = _server(request)
    build = layout.current_build(server.graph_dir)
    manifest = layout.read_manifest(build) if build else None
    counts = {k: v for k, v in (manifest or {}).items() if isinstance(v, int) and not isinstance(v, bool)}
    return JSONResponse({
        "graph": server.graph_dir.name, "build": build.name if build else None, "counts": counts,
        "readOnly": not server.allow_update, "timeout": server.timeout, "maxResults": server.max_results,
        "prefixes": server.prefixes, "registries": server.registries, "network": server.vis_dir is not None,
    })


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html")


async def vis_asset(request: Request) -> Response:
    name = request.path_params["name"]
    folder = _server(request).vis_dir
    if name not in VIS_FILES or folder is None or not (folder / name).is_file():
        raise ApiError(404, "not_found", f"no such asset: {name}")
    return FileResponse(folder / name, media_type=VIS_FILES[name])


async def _api_error(request: Request, exc: ApiError) -> Response:
    return error_response(exc)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    codes = {404: "not_found", 405: "method_not_allowed"}
    headers = dict(exc.headers or {})
    return error_response(ApiError(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail), headers=headers))


async def _unexpected(request: Request, exc: Exception) -> Response:
    return error_response(ApiError(500, "internal_error", f"the server failed: {type(exc).__name__}: {exc}"))


def create_app(graph_dir: str | os.PathLike, *, allow_update: bool = False, update_token: str | None = None,
               timeout: float = 30.0, max_results: int = 10_000, cors_origins: tuple[str, ...] | list[str] = (),
               workers: int | None = None, max_body: int = 1_000_000) -> Starlette:
    """The ASGI app serving the graph in ``graph_dir`` (its ``current`` build).

    Read-only unless ``allow_update`` (then a SPARQL Update must carry ``Authorization: Bearer
    <update_token>``). Each query runs in a worker process that is killed after ``timeout``
    seconds; answers with more than ``max_results`` rows/triples are refused (422). CORS is
    off unless ``cors_origins`` lists origins.
    """
    graph_dir = Path(graph_dir)
    if not graph_dir.is_dir():
        raise StoreError("no such graph folder", path=str(graph_dir))
    if layout.current_build(graph_dir) is None:
        raise StoreError("not an omsgraph graph folder (no finished build; run 'omsgraph build' first)", path=str(graph_dir))
    if allow_update and not update_token:
        raise StoreError("updates need a token (--token T or OMSGRAPH_UPDATE_TOKEN)", path=str(graph_dir))
    if timeout <= 0 or max_results <= 0:
        raise StoreError("timeout and max results must be positive", path=str(graph_dir))
    server = _Server(graph_dir, allow_update=allow_update, update_token=update_token, timeout=float(timeout),
                     max_results=int(max_results), workers=workers or min(4, os.cpu_count() or 2), max_body=max_body)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        server.pool.start()
        try:
            yield
        finally:
            server.pool.close()

    middleware = []
    if cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type", "Authorization"]))
    routes = [
        Route("/", page, methods=["GET"]),
        Route("/entity", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/entity", entity_api, methods=["GET"]),
        Route("/api/network", network_api, methods=["GET"]),
        Route("/api/examples", examples_api, methods=["GET"]),
        Route("/api/info", info_api, methods=["GET"]),
        Route("/vendor/{name}", vis_asset, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected})
    app.state.omsgraph = server
    return app
