"""The network HTML renders in headless Chromium with no network access (Debian chromium)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from omsgraph.network.render import write_network

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()), reason="Debian chromium/chromedriver not installed"),
]


def _network_tests():
    path = Path(__file__).with_name("test_network.py")
    spec = importlib.util.spec_from_file_location("omsgraph_test_network_for_browser", path)
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture()
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,900", f"--user-data-dir={tmp_path / 'profile'}",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def drawn_nodes(browser, path: Path, timeout: float = 60.0) -> int:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(path.as_uri())
    WebDriverWait(browser, timeout).until(lambda b: b.execute_script("return typeof network !== 'undefined'"))
    return browser.execute_script(
        "var c = document.querySelector('#network canvas');"
        "return c && c.width > 0 ? Object.keys(network.getPositions()).length : 0;")


def severe(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_small_network_renders_offline(browser, tmp_path):
    graph_dir = _network_tests()._support().build_fixture_graph(tmp_path / "g")
    from omsgraph.network.graph import to_networkx

    page = write_network(to_networkx(graph_dir), tmp_path / "small.html")
    assert drawn_nodes(browser, page) == 6
    browser.save_screenshot(str(tmp_path.parent / "network-small.png"))
    assert severe(browser) == []


def test_two_thousand_nodes_render(browser, tmp_path):
    page = write_network(_network_tests().generated_graph(2000), tmp_path / "big.html")
    assert drawn_nodes(browser, page, timeout=120) == 2000
    assert severe(browser) == []
