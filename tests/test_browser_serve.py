"""The web page of ``omsgraph serve`` in headless Chromium (Debian's chromium + chromedriver, Selenium)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("Debian's chromium and chromium-driver are not installed", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

_spec = importlib.util.spec_from_file_location("serve_support", Path(__file__).with_name("test_serve_support.py"))
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)

QUERY = "SELECT ?drug ?label ?target WHERE { ?drug omsg:inhibits ?target ; rdfs:label ?label }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    graph = support.build_graph(tmp_path_factory.mktemp("browser"))
    process = support.ServerProcess(graph, "--timeout", "20")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="omsgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait(driver, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def requested_urls(driver) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def test_query_results_entity_page_and_network(server, browser, tmp_path):
    browser.get(server.url + "/")
    wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys(QUERY)
    browser.find_element(By.ID, "run").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#results-table tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")
    assert len(rows) == 1
    assert "LY294002" in rows[0].text
    assert "1 result(s)" in browser.find_element(By.ID, "status").text

    # The network of the query result, drawn by vis-network (served from the pyvis package).
    browser.find_element(By.ID, "draw").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "network").get_attribute("data-drawn") not in (None, "", "0"))
    assert browser.find_elements(By.CSS_SELECTOR, "#network canvas")
    browser.save_screenshot(str(Path(os.environ.get("OMSGRAPH_SCREENSHOT_DIR", tmp_path)) / "query.png"))

    # Open the entity page from the result table (IRIs are shown by their labels).
    link = browser.find_element(By.CSS_SELECTOR, f"#results-table a.entity-link[data-iri='{support.LY_IRI}']")
    wait(browser).until(lambda d: link.text == "LY294002")
    assert link.get_attribute("href") == server.url + "/entity?iri=" + quote(support.LY_IRI, safe="")
    link.click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".evidence .sentence")))
    assert browser.find_element(By.ID, "entity-label").text == "LY294002"
    sentences = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".evidence .sentence")]
    assert sentences == [support.SENTENCE_LY]
    pubmed = browser.find_element(By.CSS_SELECTOR, ".evidence .source a.external")
    assert pubmed.text == f"PMID:{support.PMID}"
    assert pubmed.get_attribute("href") == f"https://pubmed.ncbi.nlm.nih.gov/{support.PMID}/"
    identifiers = browser.find_element(By.ID, "entity-facts").text
    assert "CHEBI:65329" in identifiers
    wait(browser).until(lambda d: d.find_element(By.ID, "network").get_attribute("data-drawn") not in (None, "", "0"))
    shot = Path(os.environ.get("OMSGRAPH_SCREENSHOT_DIR", tmp_path)) / "entity.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000

    # Everything the page loaded came from the server itself (works offline, no CDN).
    urls = requested_urls(browser)
    assert urls and all(url.startswith(server.url) for url in urls), urls


def test_malformed_query_shows_the_error(server, browser):
    browser.get(server.url + "/")
    wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT ?x WHERE {")
    browser.find_element(By.ID, "run").click()
    wait(browser).until(lambda d: "malformed_query" in d.find_element(By.ID, "status").text)


def test_construct_query_shows_one_row_per_triple(server, browser):
    browser.get(server.url + "/")
    wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("CONSTRUCT { ?s omsg:inhibits ?o . ?s a omsg:Chemical } WHERE { ?s omsg:inhibits ?o }")
    browser.find_element(By.ID, "run").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#results-table tbody tr")))
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results-table th")]
    assert headers == ["subject", "predicate", "object"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")
    assert len(rows) == 2
    links = {a.get_attribute("data-iri") for a in browser.find_elements(By.CSS_SELECTOR, "#results-table a.entity-link")}
    assert {support.LY_IRI, support.PI3K_IRI, "https://w3id.org/omsgraph/vocab#inhibits"} <= links


def test_search_box_finds_an_entity_by_name_or_curie(server, browser):
    for text in ("pi3", "CHEBI:65329"):
        browser.get(server.url + "/")
        wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
        browser.find_element(By.ID, "search-text").send_keys(text)
        browser.find_element(By.CSS_SELECTOR, "#search button").click()
        wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#results-table tbody tr")))
        iris = {a.get_attribute("data-iri") for a in browser.find_elements(By.CSS_SELECTOR, "#results-table a.entity-link")}
        assert iris == {support.PI3K_IRI if text == "pi3" else support.LY_IRI}
    browser.get(server.url + "/")
    wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
    browser.find_element(By.ID, "search-text").send_keys('x" } } ; DROP ALL #')  # stays inside the literal
    browser.find_element(By.CSS_SELECTOR, "#search button").click()
    wait(browser).until(lambda d: "result(s)" in d.find_element(By.ID, "status").text)
    assert "0 result(s)" in browser.find_element(By.ID, "status").text


def test_named_questions_fill_the_editor(server, browser):
    import httpx

    questions = httpx.get(server.url + "/api/examples").json()["questions"]
    browser.get(server.url + "/")
    wait(browser).until(lambda d: d.find_element(By.ID, "examples").get_attribute("data-loaded") is not None)
    assert browser.find_element(By.ID, "examples").get_attribute("data-loaded") == str(len(questions))
    options = browser.find_elements(By.CSS_SELECTOR, "#examples option[value]:not([value=''])")
    assert [o.get_attribute("value") for o in options] == [q["name"] for q in questions]
    for option, question in list(zip(options, questions))[:3]:
        option.click()
        assert browser.find_element(By.ID, "query").get_attribute("value") == question["sparql"]
