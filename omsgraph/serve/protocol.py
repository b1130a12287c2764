"""The SPARQL 1.1 Protocol side of the server: read a request, answer errors in one JSON shape.

Every error the server sends is ``{"error": {"status": …, "code": …, "message": …}}`` with the
matching HTTP status, whatever the client asked for.

>>> import json
>>> response = error_response(ApiError(400, "malformed_query", "invalid SPARQL: expected WHERE"))
>>> response.status_code, json.loads(response.body)["error"]["code"]
(400, 'malformed_query')
>>> operation_from_params([("query", "ASK {}"), ("default-graph-uri", "http://example.org/g")]).default_graph
['http://example.org/g']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class ApiError(Exception):
    """An HTTP error with a stable code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, " ".join(message.split())
        self.headers = headers or {}


def error_response(error: ApiError) -> JSONResponse:
    """The one error shape of the server."""
    body = {"error": {"status": error.status, "code": error.code, "message": error.message}}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


@dataclass
class Operation:
    """A parsed protocol request: a query or an update, with its dataset parameters."""

    kind: str                                   # "query" | "update"
    text: str
    default_graph: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None                   # ?format= shortcut instead of Accept


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ApiError(400, "bad_request", f"the '{name}' parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def operation_from_params(params: list[tuple[str, str]], *, body_kind: str | None = None,
                          body_text: str | None = None) -> Operation:
    """Build an :class:`Operation` from URL/form parameters (and a direct-POST body, if any)."""
    query, update = _single(params, "query"), _single(params, "update")
    if body_kind is not None:
        if query is not None or update is not None:
            raise ApiError(400, "bad_request", f"a {body_kind} sent as the request body cannot also come as a parameter")
        kind, text = body_kind, body_text or ""
    elif query is not None and update is not None:
        raise ApiError(400, "bad_request", "give either 'query' or 'update', not both")
    elif query is not None:
        kind, text = "query", query
    elif update is not None:
        kind, text = "update", update
    else:
        raise ApiError(400, "missing_query", "no SPARQL given: send 'query' (GET or POST) or 'update' (POST)")
    if not text.strip():
        raise ApiError(400, "missing_query", f"the {kind} is empty")
    if kind == "query":
        default = [v for k, v in params if k == "default-graph-uri"]
        named = [v for k, v in params if k == "named-graph-uri"]
    else:
        default = [v for k, v in params if k == "using-graph-uri"]
        named = [v for k, v in params if k == "using-named-graph-uri"]
        if default or named:
            raise ApiError(400, "unsupported", "using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
    return Operation(kind, text, default, named, _single(params, "format"))


async def read_body(request: Request, *, limit: int) -> bytes:
    """The request body, refused with 413 once it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "request_too_large", f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "request_too_large", f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ApiError(400, "bad_request", f"the request body is not UTF-8 (byte {err.start})") from None


async def read_operation(request: Request, *, max_body: int) -> Operation:
    """Parse a GET or POST request to the SPARQL endpoint (the three ways of the protocol)."""
    params = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        operation = operation_from_params(params)
        if operation.kind == "update":
            raise ApiError(400, "bad_request", "updates must be sent with POST")
        return operation
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, limit=max_body)
    if media == FORM:
        form = parse_qsl(_decode(body), keep_blank_values=True)
        return operation_from_params(params + form)
    if media == QUERY_BODY:
        return operation_from_params(params, body_kind="query", body_text=_decode(body))
    if media == UPDATE_BODY:
        return operation_from_params(params, body_kind="update", body_text=_decode(body))
    raise ApiError(415, "unsupported_media_type",
                   f"POST a body of type {FORM}, {QUERY_BODY} or {UPDATE_BODY}, not {media or 'nothing'}")
