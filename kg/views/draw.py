"""draw: the drawn graph (kg/views/drawn_graph.py) → one offline HTML page (vis-network, pyvis's copy).

The page carries everything inline (vis-network included, no CDN, no Bootstrap), so it opens from
a file with no network. Every node and relation is embedded once as compact arrays; only the
overview (kg/views/overview.py) is drawn at first paint, with positions computed here
(kg/views/layout.py) and physics off, and the page draws the rest on demand (search, expand,
filters: kg/resources/graph_template.html).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .drawn_graph import HAS_TARGET, TYPE_STYLE, DrawOptions, GraphData, NodeInfo, filter_graph, read_graph
from .layout import hub_layout, layout
from .overview import MENTIONS, Overview, choose
from .store_view import BROADER

if TYPE_CHECKING:  # imported lazily at run time: pyvis costs ~0.1 s to import
    import networkx as nx
    from pyoxigraph import Store

EDGE_LABEL: dict[str, str] = {
    "inIndustry": "属于产业",
    "partnersWith": "合作",
    "develops": "建设",
    "partOf": "隶属",
    "inAction": "所属行动",
    "locatedIn": "位于",
    "prioritises": "重点发展",
    BROADER: "上位",
    HAS_TARGET: "目标",
}

CJK_FONTS = (
    '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", sans-serif'
)

MAX_TARGETS = 12  # targets listed in the details panel


@dataclass(frozen=True)
class Page:
    html: str
    nodes: int  # drawn at first paint
    edges: int
    total_nodes: int = 0  # in the page's data (drawn or not)


def page_data(data: GraphData, limit: Optional[int] = None) -> dict[str, Any]:
    """Everything the page needs, compact: every node and relation as arrays of indexes (drawn or
    not), the sentences they cite, and the overview drawn at first paint with its positions."""
    iris = sorted(data.nodes)
    ids = {iri: i for i, iri in enumerate(iris)}
    types = list(TYPE_STYLE)
    preds = list(EDGE_LABEL)
    report_iris = sorted(data.reports)
    report_ids = {r: i for i, r in enumerate(report_iris)}
    targets: dict[str, list[int]] = defaultdict(list)
    for e in data.edges:
        if e.predicate == HAS_TARGET:
            targets[e.source].append(ids[e.target])
    for e in data.edges:  # a firm or park in an action shows that action's targets too
        if e.predicate == "inAction" and e.target in targets and e.source not in targets:
            targets[e.source] = targets[e.target]
    sentence_ids: dict[str, int] = {}

    def cite(evidence: list[Any]) -> list[list[int]]:
        return [[sentence_ids.setdefault(ev.sentence, len(sentence_ids)), ev.start, ev.end] for ev in evidence]

    def mentioned(n: NodeInfo) -> list[int]:
        counts = {report_ids[r]: c for r, c in n.mentions.items() if r in report_ids}
        counts.update({report_ids[r]: 0 for r in n.reports if r in report_ids and report_ids[r] not in counts})
        return [x for r in sorted(counts) for x in (r, counts[r])]

    nodes = [
        [n.label, types.index(n.type), sorted(n.aliases), mentioned(n), cite(n.evidence), targets.get(iri, [])[:MAX_TARGETS]]
        for iri in iris
        for n in [data.nodes[iri]]
    ]
    edges = [[ids[e.source], ids[e.target], preds.index(e.predicate), cite(e.evidence)] for e in data.edges]
    chosen = choose(data, limit)
    graph = _overview_graph(data, chosen)
    if chosen.whole:
        pos = layout(graph)
    else:  # label boxes (text below the node) for the labelled nodes, so that no two overlap
        boxes = {iri: (len(short_label(data.nodes[iri].label, iri in chosen.hubs)) * f + 16, f + 40) for iri, f in chosen.fonts.items()}
        pos = hub_layout(graph, [h for h in chosen.hubs if h in graph], boxes)
    return {
        "types": types,
        "legend": [
            {"type": t, "name": style[2], "colour": style[0], "shape": style[1], "count": count}
            for t, style in TYPE_STYLE.items()
            if (count := sum(1 for n in data.nodes.values() if n.type == t))
        ],
        "preds": preds,
        "predNames": [EDGE_LABEL[p] for p in preds],
        "reports": [[data.reports[r], ids.get(data.regions.get(r, ""), -1), data.years.get(r, 0)] for r in report_iris],
        "nodes": nodes,
        "edges": edges,
        "named": sorted([ids[a], ids[b], n] for (a, b), n in data.named_with.items()),
        "sentences": [
            [report_ids.get(data.sentences[s][0], -1), *data.sentences[s][1:]] if s in data.sentences else [-1, 0, 0, ""]
            for s in sentence_ids
        ],
        "hubs": sorted(ids[h] for h in chosen.hubs),
        "whole": chosen.whole,
        "overview": {
            "nodes": [[ids[iri], *pos[iri], chosen.fonts.get(iri, 0)] for iri in chosen.nodes],
            "edges": [[ids[a], ids[b], -1 if p == MENTIONS else preds.index(p), w] for a, b, p, w in chosen.edges],
        },
    }


def short_label(label: str, hub: bool) -> str:
    """A hub's label without its administrative suffix (新疆维吾尔自治区 → 新疆); others as they are."""
    short = re.sub(r"(壮族|回族|维吾尔)?(自治区|特别行政区)$|[省市]$", "", label) if hub else label
    return short if len(short) >= 2 else label


def _overview_graph(data: GraphData, chosen: Overview) -> "nx.MultiDiGraph":
    import networkx as nx

    g = nx.MultiDiGraph()
    for iri in chosen.nodes:
        g.add_node(iri, type=data.nodes[iri].type, label=data.nodes[iri].label)
    for a, b, p, _ in chosen.edges:
        g.add_edge(a, b, key=p)
    return g


def build_page(data: GraphData, title: str = "plankg", limit: Optional[int] = None) -> Page:
    """The HTML page for an already filtered graph."""
    kg = page_data(data, limit)
    drawn = kg["overview"]
    return Page(_render(kg, title), len(drawn["nodes"]), len(drawn["edges"]), len(kg["nodes"]))


def _options(n_edges: int) -> dict[str, Any]:
    font = {"face": CJK_FONTS}
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 1500},
        # Labels smaller than 7 px on screen are not drawn: at first paint only the hubs' and the
        # big nodes' labels show (readable), the others appear as one zooms in.
        "nodes": {"font": {**font, "size": 14}, "borderWidth": 1, "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#777777"},
            "font": {**font, "size": 9, "color": "#666666", "strokeWidth": 2, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 8}},  # relation names appear once zoomed in
            "smooth": False,
            "width": 0.8,
        },
    }


def _render(kg: dict[str, Any], title: str) -> str:
    import json

    import pyvis
    from jinja2 import Environment, FileSystemLoader

    from ..extract.rules import RESOURCES

    # Our template first; pyvis's templates folder for the vis-network script we inline.
    env = Environment(loader=FileSystemLoader([str(RESOURCES), str(Path(pyvis.__file__).parent / "templates")]), autoescape=False)
    # Chinese as UTF-8, not \uXXXX escapes (half the bytes); <, >, & and ' are still escaped.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False, "separators": (",", ":")}
    return env.get_template("graph_template.html").render(
        title=title, kg=kg, options=json.dumps(_options(len(kg["overview"]["edges"])), ensure_ascii=False), fonts=CJK_FONTS
    )


def graph_page(store: "Store", options: DrawOptions = DrawOptions(), title: str = "plankg") -> Page:
    """The page for a store (all reports, or as the options say)."""
    data = filter_graph(read_graph(store, options.report), options)
    return build_page(data, title, options.max_nodes)


def write_graph(
    store_dir: str | os.PathLike[str],
    out: Optional[str | os.PathLike[str]] = None,
    options: DrawOptions = DrawOptions(),
) -> tuple[Path, Page]:
    """`kg graph`: draw the store of an output folder into ``out`` (default DIR/graph.html), atomically."""
    from ..graph.store import atomic_write, open_store

    store = open_store(store_dir)
    page = graph_page(store, options)
    path = Path(out) if out is not None else Path(store_dir) / "graph.html"
    atomic_write(path, page.html)
    return path, page
