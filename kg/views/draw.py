"""draw: the drawn graph (kg/views/drawn_graph.py) → one offline pyvis HTML page.

The page carries everything inline (vis-network included, no CDN, no Bootstrap), so it opens from
a file with no network. Positions are precomputed (kg/views/layout.py) and physics is off in the
page: a large graph is drawn once and is usable at once instead of simulating in the browser for
minutes.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .drawn_graph import HAS_TARGET, TARGET, TYPE_STYLE, DrawOptions, GraphData, NodeInfo, filter_graph, most_connected, read_graph
from .layout import layout, to_networkx
from .store_view import BROADER

if TYPE_CHECKING:  # imported lazily at run time: pyvis costs ~0.1 s to import
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

MAX_FACTS = 6  # relation lines in a hover tooltip
MAX_TARGETS = 12  # targets listed in the details panel


@dataclass(frozen=True)
class Page:
    html: str
    nodes: int
    edges: int



def _tooltip(n: NodeInfo, facts: list[str], reports: dict[str, str]) -> str:
    lines = [n.label, f"类型: {TYPE_STYLE[n.type][2]} ({n.type})"]
    if n.aliases:
        lines.append("别名: " + "、".join(sorted(n.aliases)))
    if n.reports and n.type != TARGET:
        names = sorted(reports.get(r, r) for r in n.reports)
        lines.append("报告: " + "、".join(names[:3]) + (f" 等{len(names)}份" if len(names) > 3 else ""))
    lines += facts[:MAX_FACTS]
    if len(facts) > MAX_FACTS:
        lines.append(f"… 另有 {len(facts) - MAX_FACTS} 条")
    return "\n".join(lines)


def _node_size(node_type: str, degree: int) -> float:
    if node_type == TARGET:
        return 5.0
    return round(9.0 + 5.0 * math.sqrt(degree), 1)


def build_page(data: GraphData, title: str = "plankg") -> Page:
    """The HTML page for an already filtered graph."""
    from pyvis.network import Network

    graph = to_networkx(data)
    pos = layout(graph)
    label = {iri: n.label for iri, n in data.nodes.items()}
    facts: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    for e in data.edges:
        if e.predicate == HAS_TARGET:
            targets[e.source].append(e.target)
            continue
        facts[e.source].append(f"{EDGE_LABEL[e.predicate]} → {label[e.target]}")
        facts[e.target].append(f"{label[e.source]} → {EDGE_LABEL[e.predicate]}")
    # A firm or park in an action shows that action's targets too.
    for e in data.edges:
        if e.predicate == "inAction" and e.target in targets and e.source not in targets:
            targets[e.source] = targets[e.target]

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: i for i, iri in enumerate(sorted(data.nodes))}
    for iri in sorted(data.nodes):
        n = data.nodes[iri]
        colour, shape, _ = TYPE_STYLE[n.type]
        x, y = pos[iri]
        net.add_node(
            ids[iri],
            label=n.label,
            shape=shape,
            color=colour,
            size=_node_size(n.type, graph.degree(iri)),
            x=x,
            y=y,
            title=_tooltip(n, facts[iri], data.reports),
            kgType=n.type,
            aliases=sorted(n.aliases),
            reports=sorted(n.reports),
            evidence=[[ev.sentence, ev.start, ev.end] for ev in n.evidence],
            targets=[ids[t] for t in targets.get(iri, [])[:MAX_TARGETS]],
            font={"size": 10} if n.type == TARGET else {},
        )
    for e in data.edges:
        net.add_edge(
            ids[e.source],
            ids[e.target],
            label=EDGE_LABEL[e.predicate] if e.predicate != HAS_TARGET else None,  # the node says 目标
            predicate=e.predicate,
            title=f"{label[e.source]} {EDGE_LABEL[e.predicate]} {label[e.target]}",
            evidence=[[ev.sentence, ev.start, ev.end] for ev in e.evidence],
        )
    used = {ev[0] for item in net.nodes + net.edges for ev in item["evidence"]}
    sentence_ids = {s: i for i, s in enumerate(sorted(used))}
    for item in net.nodes + net.edges:
        item["evidence"] = [[sentence_ids[s], a, b] for s, a, b in item["evidence"]]
    report_ids = {r: i for i, r in enumerate(sorted(data.reports))}
    for n in net.nodes:
        n["reports"] = [report_ids[r] for r in n["reports"] if r in report_ids]
    page_data = {
        "sentences": [
            [report_ids.get(data.sentences[s][0], -1), *data.sentences[s][1:]] if s in data.sentences else [-1, 0, 0, ""]
            for s in sorted(used)
        ],
        "reports": [data.reports[r] for r in sorted(data.reports)],
        "types": [
            {"type": t, "name": style[2], "colour": style[0], "shape": style[1], "count": count}
            for t, style in TYPE_STYLE.items()
            if (count := sum(1 for n in data.nodes.values() if n.type == t))
        ],
    }
    html = _render(net, page_data, title)
    return Page(html=html, nodes=len(net.nodes), edges=len(net.edges))


def _options(n_edges: int) -> dict[str, Any]:
    font = {"face": CJK_FONTS}
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 1500},
        "nodes": {"font": {**font, "size": 14}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#777777"},
            "font": {**font, "size": 9, "color": "#666666", "strokeWidth": 2, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 8}},  # relation names appear once zoomed in
            "smooth": False,
            "width": 0.8,
        },
    }


def _render(net: Any, page_data: dict[str, Any], title: str) -> str:
    import json

    import pyvis
    from jinja2 import Environment, FileSystemLoader

    from ..extract.rules import RESOURCES

    # Our template first; pyvis's templates folder for the vis-network script we inline.
    env = Environment(
        loader=FileSystemLoader(
            [str(RESOURCES), str(Path(pyvis.__file__).parent / "templates")]
        ),
        autoescape=False,
    )
    # Chinese as UTF-8, not \uXXXX escapes (half the bytes); <, >, & and ' are still escaped.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    nodes, edges, _, _, _, _ = net.get_network_data()
    return env.get_template("graph_template.html").render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=json.dumps(_options(len(edges)), ensure_ascii=False),
        kg=page_data,
        fonts=CJK_FONTS,
    )


def graph_page(store: "Store", options: DrawOptions = DrawOptions(), title: str = "plankg") -> Page:
    """The page for a store (all reports, or as the options say)."""
    data = filter_graph(read_graph(store, options.report), options)
    if options.max_nodes is not None and len(data.nodes) > options.max_nodes:
        title = f"{title}: the {options.max_nodes:,} most connected of {len(data.nodes):,} nodes (kg graph draws any part)"
        data = most_connected(data, options.max_nodes)
    return build_page(data, title)


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
