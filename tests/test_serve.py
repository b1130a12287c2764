"""``omsgraph serve`` tested for real: the server runs as a subprocess on loopback, clients speak HTTP."""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import io
import os
import socket
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

_spec = importlib.util.spec_from_file_location("serve_support", Path(__file__).with_name("test_serve_support.py"))
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)

TIMEOUT = 2.0
MAX_RESULTS = 50
LABELS = "SELECT ?entity ?label WHERE { ?entity rdfs:label ?label } ORDER BY ?label"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TRIPLE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INSERT = "INSERT DATA { <http://example.org/new> rdfs:label \"added by a test\" }"
ASK_INSERTED = "ASK { <http://example.org/new> rdfs:label \"added by a test\" }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    graph = support.build_graph(tmp_path_factory.mktemp("served"))
    process = support.ServerProcess(graph, "--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS),
                                    "--workers", "2")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    graph = support.build_graph(tmp_path_factory.mktemp("writable"))
    process = support.ServerProcess(graph, "--allow-update", "--timeout", "20", env={"OMSGRAPH_UPDATE_TOKEN": "s3cret-token"})
    yield process
    process.stop()


def sparql(server, query: str, *, accept: str = "application/sparql-results+json", **params) -> httpx.Response:
    return httpx.get(server.url + "/sparql", params={"query": query, **params}, headers={"Accept": accept}, timeout=30)


def count(server, query: str = TRIPLE_COUNT) -> int:
    response = sparql(server, query)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == code
    assert error["message"] and "\n" not in error["message"]
    return error


# ---- SPARQL 1.1 Protocol: queries ---------------------------------------------------------------


def test_select_as_json_with_get(server):
    response = sparql(server, LABELS)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    labels = {row["label"]["value"]: row["entity"]["value"] for row in rows}
    assert labels["LY294002"] == support.LY_IRI
    assert labels["PI3K"] == support.PI3K_IRI


def test_select_as_csv_and_tsv_and_xml(server):
    response = sparql(server, LABELS, accept="text/csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"entity": support.LY_IRI, "label": "LY294002"} in rows
    tsv = sparql(server, LABELS, accept="text/tab-separated-values")
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert f"<{support.LY_IRI}>\t\"LY294002\"" in tsv.text
    xml = sparql(server, LABELS, accept="application/sparql-results+xml")
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<literal>LY294002</literal>" in xml.text


def test_accept_quality_values_pick_the_preferred_format(server):
    response = sparql(server, LABELS, accept="application/sparql-results+json;q=0.5, text/csv;q=0.9")
    assert response.headers["content-type"].startswith("text/csv")
    assert sparql(server, LABELS, accept="*/*").headers["content-type"].startswith("application/sparql-results+json")


def test_post_form_and_direct_post(server):
    form = httpx.post(server.url + "/sparql", data={"query": LABELS}, headers={"Accept": "text/csv"})
    assert form.status_code == 200 and "LY294002" in form.text
    direct = httpx.post(server.url + "/sparql", content=LABELS.encode(),
                        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert direct.status_code == 200
    assert len(direct.json()["results"]["bindings"]) == 5


def test_sparqlwrapper_client_gets_json_and_csv(server):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    client = SPARQLWrapper.SPARQLWrapper(server.url + "/sparql")
    client.setQuery("PREFIX omsg: <https://w3id.org/omsgraph/vocab#> "
                    "SELECT ?s WHERE { ?s omsg:inhibits <https://identifiers.org/fplx:PI3K> }")
    client.setReturnFormat(SPARQLWrapper.JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [row["s"]["value"] for row in rows] == [support.LY_IRI]
    client.setReturnFormat(SPARQLWrapper.CSV)
    assert client.queryAndConvert().decode().splitlines() == ["s", support.LY_IRI]
    client.setMethod(SPARQLWrapper.POST)
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(SPARQLWrapper.JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_ask_true_and_false(server):
    yes = sparql(server, f"ASK {{ <{support.LY_IRI}> omsg:inhibits <{support.PI3K_IRI}> }}")
    no = sparql(server, f"ASK {{ <{support.PI3K_IRI}> omsg:inhibits <{support.LY_IRI}> }}")
    assert yes.json()["boolean"] is True and no.json()["boolean"] is False
    assert sparql(server, "ASK {}", accept="text/csv").text.strip() == "true"


def test_construct_as_turtle_ntriples_and_jsonld(server):
    query = "CONSTRUCT { ?s omsg:inhibits ?o } WHERE { ?s omsg:inhibits ?o }"
    turtle = sparql(server, query, accept="text/turtle")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(support.LY_IRI), URIRef("https://w3id.org/omsgraph/vocab#inhibits"), URIRef(support.PI3K_IRI)) in graph
    nt = sparql(server, query, accept="application/n-triples")
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) == len(graph)
    jsonld = sparql(server, query, accept="application/ld+json")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_describe_and_format_parameter(server):
    response = sparql(server, f"DESCRIBE <{support.LY_IRI}>", accept="*/*", format="nt")
    assert response.headers["content-type"].startswith("application/n-triples")
    assert "LY294002" in response.text


def test_dataset_parameters_select_the_ontology_graph(server):
    query = "SELECT ?sign WHERE { omsg:inhibits omsg:sign ?sign }"
    assert sparql(server, query).json()["results"]["bindings"] == []
    answer = sparql(server, query, **{"default-graph-uri": "https://w3id.org/omsgraph/vocab"})
    assert [row["sign"]["value"] for row in answer.json()["results"]["bindings"]] == ["-1"]


# ---- errors: one JSON shape, the right status ----------------------------------------------------


def test_service_description_without_a_query(server):
    response = httpx.get(server.url + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(server.url + "/sparql"), URIRef(sd + "endpoint"), URIRef(server.url + "/sparql")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph
    assert httpx.get(server.url + "/sparql", headers={"Accept": "text/html"}).headers["content-type"].startswith("text/html")


def test_malformed_query_is_400_with_json_error(server):
    error = assert_error(sparql(server, "SELECT ?x WHERE { ?x ?y "), 400, "malformed_query")
    assert "SPARQL" in error["message"]
    assert_error(httpx.get(server.url + "/sparql", params={"query": "  "}), 400, "missing_query")
    assert_error(httpx.get(server.url + "/sparql", params={"query": "ASK {}", "update": "CLEAR ALL"}), 400, "bad_request")


def test_unacceptable_format_is_406(server):
    assert_error(sparql(server, LABELS, accept="image/png"), 406, "not_acceptable")
    assert_error(sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv"), 406, "not_acceptable")


def test_wrong_method_media_type_and_size(server):
    error = assert_error(httpx.put(server.url + "/sparql", content=b"x"), 405, "method_not_allowed")
    assert error
    assert_error(httpx.post(server.url + "/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}),
                 415, "unsupported_media_type")
    huge = "ASK {} #" + "x" * 2_000_000
    assert_error(httpx.post(server.url + "/sparql", content=huge.encode(),
                            headers={"Content-Type": "application/sparql-query"}), 413, "request_too_large")
    assert_error(httpx.get(server.url + "/no/such/page"), 404, "not_found")


def test_result_size_limit(server):
    query = "SELECT * WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y . ?c rdfs:label ?z }"  # 5^3 rows
    error = assert_error(sparql(server, query), 422, "result_too_large")
    assert str(MAX_RESULTS) in error["message"]
    assert sparql(server, query + " LIMIT 10").status_code == 200


def test_cors_is_off_by_default(server):
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


# ---- read-only by default, updates with a token --------------------------------------------------


def test_update_refused_and_data_unchanged(server):
    before = count(server)
    build = os.readlink(server.graph_dir / "current")
    files = {p: p.stat().st_mtime_ns for p in (server.graph_dir / build / "store").iterdir()}
    for request in (
        lambda: httpx.post(server.url + "/sparql", data={"update": INSERT}),
        lambda: httpx.post(server.url + "/sparql", content=INSERT.encode(), headers={"Content-Type": "application/sparql-update"}),
        lambda: httpx.post(server.url + "/sparql", content=b"CLEAR ALL",
                           headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"}),
    ):
        assert_error(request(), 403, "updates_disabled")
    assert_error(httpx.get(server.url + "/sparql", params={"update": INSERT}), 400, "bad_request")
    assert count(server) == before
    assert sparql(server, ASK_INSERTED).json()["boolean"] is False
    assert os.readlink(server.graph_dir / "current") == build
    assert {p: p.stat().st_mtime_ns for p in (server.graph_dir / build / "store").iterdir()} == files


def test_update_needs_the_token(writable):
    description = httpx.get(writable.url + "/sparql", headers={"Accept": "application/n-triples"}).text
    assert "<http://www.w3.org/ns/sparql-service-description#SPARQL11Update>" in description
    before = count(writable)
    assert_error(httpx.post(writable.url + "/sparql", data={"update": INSERT}), 401, "unauthorized")
    assert_error(httpx.post(writable.url + "/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer wrong"}),
                 401, "unauthorized")
    assert count(writable) == before
    assert sparql(writable, ASK_INSERTED).json()["boolean"] is False
    done = httpx.post(writable.url + "/sparql", content=INSERT.encode(), timeout=60,
                      headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret-token"})
    assert done.status_code == 204, done.text
    assert sparql(writable, ASK_INSERTED).json()["boolean"] is True
    assert count(writable) == before + 1
    bad = httpx.post(writable.url + "/sparql", data={"update": "INSERT DATA { broken"}, timeout=60,
                     headers={"Authorization": "Bearer s3cret-token"})
    assert_error(bad, 400, "malformed_update")
    assert count(writable) == before + 1


# ---- load: concurrency and runaway queries -------------------------------------------------------


def test_fifty_concurrent_queries(server):
    async def run_all():
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            queries = [f"SELECT ?label WHERE {{ ?e rdfs:label ?label }} ORDER BY ?label OFFSET {i % 5} LIMIT 1" for i in range(50)]
            return await asyncio.gather(*(client.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"})
                                          for q in queries))

    responses = asyncio.run(run_all())
    assert [r.status_code for r in responses] == [200] * 50
    expected = sorted(row["label"]["value"] for row in sparql(server, LABELS).json()["results"]["bindings"])
    for i, response in enumerate(responses):
        assert response.text.splitlines()[1].strip('"') == expected[i % 5]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(p) for p in text)
    return found


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server):
    before = _children(server.process.pid)
    started = time.monotonic()
    error = assert_error(sparql(server, RUNAWAY), 503, "timeout")
    elapsed = time.monotonic() - started
    assert TIMEOUT <= elapsed < TIMEOUT + 5, elapsed
    assert "stopped" in error["message"]
    # The server answers at once (the other worker), and the worker that ran the query is gone.
    quick = time.monotonic()
    assert sparql(server, "ASK { ?s ?p ?o }").json()["boolean"] is True
    assert time.monotonic() - quick < TIMEOUT
    gone = [pid for pid in before if not os.path.exists(f"/proc/{pid}") or
            Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"]
    assert gone, "the worker that ran the runaway query should have been killed"
    for _ in range(3):
        assert count(server) > 0


# ---- the page's JSON views ----------------------------------------------------------------------


def test_entity_view_has_identifiers_relations_and_evidence(server):
    response = httpx.get(server.url + "/api/entity", params={"iri": support.LY_IRI})
    assert response.status_code == 200
    entity = response.json()
    assert entity["facts"]["label"] == ["LY294002"] and entity["facts"]["notation"] == ["CHEBI:65329"]
    [relation] = entity["relations"]
    assert (relation["predicateLabel"], relation["objectLabel"], relation["sign"]) == ("inhibits", "PI3K", -1)
    [evidence] = relation["evidence"]
    assert evidence["sentence"] == support.SENTENCE_LY and evidence["pmid"] == support.PMID
    assert_error(httpx.get(server.url + "/api/entity", params={"iri": "http://example.org/unknown"}), 404, "not_found")
    assert_error(httpx.get(server.url + "/api/entity", params={"iri": "a b>"}), 400, "bad_request")


def test_entity_view_of_a_statement_and_a_document(server):
    network = httpx.get(server.url + "/api/network", params={"iri": support.LY_IRI}).json()
    [statement] = [edge["id"] for edge in network["edges"]]
    entity = httpx.get(server.url + "/api/entity", params={"iri": statement}).json()
    assert [r["statement"] for r in entity["relations"]] == [statement]
    paper = httpx.get(server.url + "/api/entity", params={"iri": f"https://identifiers.org/pubmed:{support.PMID}"}).json()
    assert paper["facts"]["title"] == [support.TITLE]
    assert len(paper["relations"]) == 3


def test_network_view_of_an_entity(server):
    network = httpx.get(server.url + "/api/network", params={"iri": support.PI3K_IRI}).json()
    labels = {node["label"] for node in network["nodes"]}
    assert labels == {"LY294002", "PI3K", "cytolysis"}
    signs = {(edge["label"], edge["sign"]) for edge in network["edges"]}
    assert signs == {("inhibits", -1), ("decreases", -1)}


def test_page_and_local_assets(server):
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text.replace("http://www.w3.org", "") and "https://" not in page.text
    vis = httpx.get(server.url + "/vendor/vis-network.min.js")
    assert vis.status_code == 200 and len(vis.content) > 100_000
    assert httpx.get(server.url + "/static/app.js").status_code == 200


# ---- command line, binding, CORS, examples -------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                addresses.add(address)
    return addresses


def test_binds_loopback_by_default(server):
    assert _listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_cli_reports_bad_graph_folder_and_usage_in_one_line(tmp_path):
    from click.testing import CliRunner

    from omsgraph.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"omsgraph: error: {tmp_path / 'missing'}: no such graph folder"]
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--allow-update"])
    assert result.exit_code == 2 and "--token" in result.output
    graph = support.build_graph(tmp_path / "g")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(graph), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"omsgraph: error: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_cors_only_for_configured_origins(tmp_path):
    from starlette.testclient import TestClient

    from omsgraph.serve import create_app

    graph = support.build_graph(tmp_path / "g")
    app = create_app(graph, cors_origins=["http://tools.example"])
    client = TestClient(app)  # no lifespan: the pool is not needed for these two requests
    allowed = client.get("/api/info", headers={"Origin": "http://tools.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://tools.example"
    other = client.get("/api/info", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options("/sparql", headers={"Origin": "http://tools.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200


def test_examples_are_the_named_questions(server):
    from omsgraph.serve.browse import _ontology

    questions = httpx.get(server.url + "/api/examples").json()["questions"]
    files = sorted(p.stem for p in (_ontology() / "queries").glob("*.rq"))
    assert sorted(q["name"] for q in questions) == files
    for question in questions:
        assert question["sparql"].strip() and isinstance(question["description"], str)


def _cli(*args: str, code: int = 0) -> str:
    from click.testing import CliRunner

    from omsgraph.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_omsgraph_reads_this_server_as_it_reads_the_folder(tmp_path):
    """`--endpoint` on omsgraph's own server: the folder's data graph is the graph omsgraph reads
    from a triple store, so stats, ask, export and validate answer as they do on the folder."""
    from rdflib.compare import isomorphic

    graph = support.build_graph(tmp_path / "graph")
    process = support.ServerProcess(graph, "--workers", "1")
    try:
        remote = ["--endpoint", process.url + "/sparql"]
        stats = _cli("stats", str(graph), "--format", "json")
        assert '"relations": 3' in stats and _cli("stats", *remote, "--format", "json") == stats
        here = _cli("ask", str(graph), "inhibitors", "PI3K", "--format", "json")
        assert "LY294002" in here and _cli("ask", *remote, "inhibitors", "PI3K", "--format", "json") == here
        assert _cli("export", *remote, "--format", "tsv") == _cli("export", str(graph), "--format", "tsv")
        for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            there = Graph().parse(data=_cli("export", *remote, "--format", fmt), format=parser)
            assert len(there) > 50 and isomorphic(there, Graph().parse(data=_cli("export", str(graph), "--format", fmt),
                                                                   format=parser)), fmt
        assert _cli("validate", *remote) == _cli("validate", str(graph))
    finally:
        process.stop()


def test_an_export_the_server_refuses_is_one_line_and_keeps_the_earlier_file(server, tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("earlier\n", encoding="utf-8")
    error = _cli("export", "--endpoint", server.url + "/sparql", "-o", str(out), code=1)
    assert "HTTP 422" in error and len(error.strip().splitlines()) == 1  # more than --max-results triples
    assert out.read_text(encoding="utf-8") == "earlier\n" and [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
