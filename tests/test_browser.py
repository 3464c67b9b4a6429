"""The sample's graph page in a real headless Chromium (Debian's /usr/bin/chromium), offline.

Checks against the store (counted here with SPARQL, not with kg/views/draw.py) and the gold: the vis
DataSets hold every drawn node and edge, 盛美诺 is an Enterprise linked to 中科院过程工程研究所 with
its tooltip, the search box focuses it, and the screenshot is not blank. No request leaves the page.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.graph.namespace import CLASS_TYPE, PLAN, PREDICATE_PROPERTY

CHROMIUM = Path(os.environ.get("PLANKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (CI installs Debian's chromium)"),
]

PREFIXES = f"PREFIX plan: <{PLAN._NS}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
CLASSES = " ".join(f"<{c}>" for c in CLASS_TYPE)
RELATIONS = " ".join(f"<{p}>" for p in PREDICATE_PROPERTY.values())


def _count(store, sparql: str) -> int:
    row = next(iter(store.query(PREFIXES + sparql, use_default_graph_as_union=True)))
    return int(row["n"].value)


def store_counts(out: Path) -> tuple[int, int]:
    """Nodes (entities + targets on an action) and edges (relations, broader, hasTarget) in the store."""
    from kg.graph.store import open_store

    store = open_store(out)
    entity = f"?x a ?cx . VALUES ?cx {{ {CLASSES} }}"
    entities = _count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {entity} }}")
    targets = _count(
        store,
        f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?x plan:hasTarget ?t . ?t a plan:Target . {entity} }}",
    )
    both = f"?s a ?cs . VALUES ?cs {{ {CLASSES} }} ?o a ?co . VALUES ?co {{ {CLASSES} }}"
    relations = _count(
        store,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . VALUES ?p {{ {RELATIONS} }} {both} }} }}",
    )
    broader = _count(
        store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s skos:broader ?o . {both} }} }}"
    )
    return entities + targets, relations + broader + targets


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, len(r), bpp)]


@contextmanager
def offline_page(html: Path, width: int, height: int):
    """A local page in headless Chromium with every request but file: and data: refused: yields
    the page, the URLs it tried to reach and the script errors it raised."""
    sync_api = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, viewport={"width": width, "height": height})

        def only_files(route) -> None:
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_files)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(html.resolve().as_uri())
        yield page, outside, errors
        browser.close()


@contextmanager
def stable_page(html: Path):
    """A graph page opened offline at 1400×900, once its layout is stable."""
    with offline_page(html, 1400, 900) as (page, outside, errors):
        page.wait_for_function("window.kgStableAt !== undefined", timeout=30_000)
        yield page, outside, errors


@pytest.fixture(scope="module")
def browser_page(sample_store: Path):
    with stable_page(sample_store / "graph.html") as opened:
        yield opened


def test_page_loads_offline_without_errors(browser_page) -> None:
    page, outside, errors = browser_page
    assert errors == []
    assert outside == []  # not one request left the page


def test_page_data_matches_the_store(browser_page, sample_store: Path) -> None:
    page, _, _ = browser_page
    n_nodes, n_edges = store_counts(sample_store)
    assert n_nodes > 30 and n_edges > 30  # the sample is not empty
    assert page.evaluate("KG.nodes.length") == n_nodes
    assert page.evaluate("KG.edges.length") == n_edges
    # The sample is drawn whole: every relation, and the region hub joined to what none reaches.
    assert page.evaluate("nodes.length") == n_nodes
    assert page.evaluate("edges.get({filter: e => e.predicate !== 'mentions'}).length") == n_edges
    assert page.evaluate("nodes.getIds().filter(i => network.getConnectedEdges(i).length === 0)") == []


def test_targets_of_an_action_do_not_overlap_and_nothing_is_clipped(browser_page) -> None:
    """Each action's target labels (drawn below their dot) do not overlap one another, and after
    the fit every label is inside the canvas."""
    page, _, _ = browser_page
    page.evaluate("fitAll()")
    boxes = page.evaluate(
        """() => nodes.get().map(n => { const b = network.getBoundingBox(n.id);
             const a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
             return {id: n.id, type: n.kgType, l: a.x, t: a.y, r: z.x, b: z.y}; })"""
    )
    width, height = page.evaluate("[network.body.container.clientWidth, network.body.container.clientHeight]")
    assert all(b["l"] >= 0 and b["t"] >= 0 and b["r"] <= width and b["b"] <= height for b in boxes)
    targets_of = page.evaluate(
        "() => { const out = {}; edges.get({filter: e => e.predicate === 'hasTarget'}).forEach(e => (out[e.from] = out[e.from] || []).push(e.to)); return out; }"
    )
    assert sum(len(t) for t in targets_of.values()) > 20
    box = {b["id"]: b for b in boxes}
    for action, targets in targets_of.items():
        for k, a in enumerate(targets):
            for b in targets[k + 1 :]:
                A, B = box[a], box[b]
                overlap = min(A["r"], B["r"]) - max(A["l"], B["l"]) > 1 and min(A["b"], B["b"]) - max(A["t"], B["t"]) > 1
                assert not overlap, (action, a, b)


def test_shengmeinuo_is_an_enterprise_linked_to_its_partner(browser_page) -> None:
    page, _, _ = browser_page
    node = page.evaluate("nodes.get({filter: n => n.label === '盛美诺'})")
    assert len(node) == 1 and node[0]["kgType"] == "Enterprise"
    partners = page.evaluate(
        """id => network.getConnectedNodes(id).map(n => nodes.get(n).label)""", node[0]["id"]
    )
    assert "中科院过程工程研究所" in partners
    assert "企业" in node[0]["title"] and "中科院过程工程研究所" in node[0]["title"]


def test_expand_draws_the_neighbours_and_back_restores_the_overview(browser_page) -> None:
    page, _, _ = browser_page
    page.evaluate("showOverview()")
    drawn = page.evaluate("nodes.length")
    page.evaluate("focusNode(nodes.get({filter: n => n.label === '盛美诺'})[0].id)")
    page.click("#kg-expand")
    assert "盛美诺" in page.inner_text("#kg-trail")
    page.click("#kg-back")
    assert page.evaluate("nodes.length") == drawn and page.inner_text("#kg-trail") == "总览"


def test_search_focuses_the_node_and_hover_shows_its_tooltip(browser_page, tmp_path: Path) -> None:
    page, _, _ = browser_page
    node_id = page.evaluate("nodes.get({filter: n => n.label === '盛美诺'})[0].id")
    page.fill("#kg-search", "盛美诺")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [node_id]
    centre = page.evaluate("network.getViewPosition()")
    at = page.evaluate("id => network.getPositions([id])[id]", node_id)
    assert abs(centre["x"] - at["x"]) < 1 and abs(centre["y"] - at["y"]) < 1
    assert "盛美诺" in page.inner_text("#kg-details")
    assert "中科院过程工程研究所" in page.inner_text("#kg-details")  # a source sentence or relation
    # Hover the node where it is drawn: vis-network shows the tooltip with type and facts.
    box = page.locator("#mynetwork").bounding_box()
    dom = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert text.startswith("盛美诺") and "企业" in text


def test_click_shows_targets_and_source_with_report_and_span(browser_page) -> None:
    page, _, _ = browser_page
    node_id = page.evaluate("nodes.get({filter: n => n.label === '盛美诺'})[0].id")
    page.evaluate("id => network.focus(id, {scale: 1.5, animation: false})", node_id)
    page.evaluate("document.getElementById('kg-details').replaceChildren()")
    box = page.locator("#mynetwork").bounding_box()
    dom = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
    page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])
    details = page.locator("#kg-details")
    assert details.locator("h2").inner_text() == "盛美诺"
    # Its action (科技创新赋能行动 in the gold) has targets; they are listed.
    assert "目标 Targets" in details.inner_text() and details.locator("h3 + ul li").count() > 1
    source = details.locator("li.kg-source").first
    assert source.locator("mark").inner_text() == "盛美诺"  # the span, highlighted in its sentence
    where = source.locator(".kg-where").inner_text()
    assert "相山区" in where and re.search(r"字符 \d+–\d+", where)


def test_type_checkbox_hides_a_type(browser_page) -> None:
    page, _, _ = browser_page
    box = page.locator('#kg-legend input[data-type="Enterprise"]')
    box.uncheck()
    hidden = page.evaluate("nodes.get({filter: n => n.kgType === 'Enterprise' && !n.hidden}).length")
    box.check()
    shown = page.evaluate("nodes.get({filter: n => n.kgType === 'Enterprise' && !n.hidden}).length")
    assert hidden == 0 and shown > 10


def test_screenshot_is_not_blank(browser_page, tmp_path: Path) -> None:
    page, _, _ = browser_page
    page.evaluate("network.fit({animation: false})")
    shot = page.locator("#mynetwork").screenshot(path=str(tmp_path / "graph.png"))
    width, height, pixels = png_pixels(shot)
    inked = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert width > 500 and height > 500
    assert inked > 0.01 * len(pixels)  # nodes, edges and labels cover more than 1 % of the canvas
    assert len(set(pixels)) > 20  # many colours: the type palette and anti-aliased text

