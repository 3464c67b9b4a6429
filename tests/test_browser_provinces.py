"""The 27-province build's graph page in headless Chromium, offline (skipped without ../shared):
a readable overview, stable in ≤ 3 s, and a firm found by search and expanded.

Its own module: one Playwright session at a time (test_browser.py keeps the sample's page open
for its whole module).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_browser import CHROMIUM, stable_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (CI installs Debian's chromium)"),
]


@pytest.fixture(scope="module")
def province_page(province_store: Path):
    """The 27-province build's page (skipped without ../shared), opened at 1400×900."""
    with stable_page(province_store / "graph.html") as opened:
        yield opened


def test_province_overview_is_stable_fast_and_labelled(province_page) -> None:
    """Stable in ≤ 3 s; at least 20 labels readable in the first view (≥ 9 px on screen, their
    node inside the canvas), hubs among them; no drawn node without an edge."""
    page, outside, errors = province_page
    assert errors == [] and outside == []
    assert page.evaluate("window.kgStableAt") <= 3000
    labelled = page.evaluate(
        """() => { const s = network.getScale(), c = network.body.container;
             return nodes.get().filter(n => !n.hidden && n.font.size * s >= 9).filter(n => {
               const d = network.canvasToDOM(network.getPositions([n.id])[n.id]);
               return d.x >= 0 && d.y >= 0 && d.x <= c.clientWidth && d.y <= c.clientHeight; })
             .map(n => [n.label, n.kgType, !!HUB[n.id]]); }"""
    )
    assert len(labelled) >= 20
    assert sum(1 for _, _, hub in labelled if hub) >= 20  # the region hubs are named
    assert page.evaluate("nodes.getIds().filter(i => network.getConnectedEdges(i).length === 0)") == []
    assert page.evaluate("nodes.length") < page.evaluate("KG.nodes.length")  # the rest waits in the data


def test_search_and_expand_catl_shows_its_reports_and_industries(province_page) -> None:
    page, _, _ = province_page
    page.fill("#kg-search", "宁德时代")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-details h2").inner_text() == "宁德时代"
    page.click("#kg-expand")
    node = page.evaluate("network.getSelectedNodes()[0]")
    near = page.evaluate("id => network.getConnectedNodes(id).map(j => [nodes.get(j).label, nodes.get(j).kgType])", node)
    assert {"福建", "河南"} <= {label for label, t in near if t == "Region"}  # the regions whose reports name it
    assert {"新能源汽车", "电子信息"} <= {label for label, t in near if t == "Industry"}
    reports = page.locator("#kg-details ul.kg-reports").inner_text()
    assert "福建省" in reports and "河南省" in reports
    assert "宁德时代" in page.locator("#kg-details li.kg-source mark").first.inner_text()
