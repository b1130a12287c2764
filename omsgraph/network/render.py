"""Write a mechanism network as .html (self-contained vis-network), .png/.svg, .graphml or .json.

The HTML inlines the vis-network script shipped inside the installed pyvis package (read at
run time), so the page works offline. Node colour = entity type; edge colour = sign
(green raises, red lowers, grey unsigned), dashed = hedged.

>>> sorted(WRITERS)
['.graphml', '.html', '.json', '.png', '.svg']
"""

from __future__ import annotations

import html
import json
from importlib.util import find_spec
from pathlib import Path

import networkx as nx

from omsgraph.errors import InputError

TYPE_COLOURS = {"Chemical": "#4e79a7", "Gene": "#f28e2b", "ProteinFamily": "#e15759", "Disease": "#76b7b2",
                "Phenotype": "#59a14f", "Process": "#edc948", "CellType": "#b07aa1", "Anatomy": "#ff9da7",
                "Organism": "#9c755f", "Entity": "#bab0ac"}
SIGN_COLOURS = {1: "#2ca02c", -1: "#d62728", 0: "#7f7f7f"}
SIGN_NAMES = {1: "raises (+)", -1: "lowers (−)", 0: "unsigned (0)"}


def _vis_script() -> str:
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the pyvis package is not installed; it provides vis-network for .html output")
    base = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"
    candidates = sorted(base.glob("vis-*/vis-network.min.js"))
    if not candidates:
        raise InputError("vis-network.min.js not found inside the installed pyvis package", path=str(base))
    return candidates[-1].read_text(encoding="utf-8")


def _colour(node_type: str) -> str:
    return TYPE_COLOURS.get(node_type, TYPE_COLOURS["Entity"])


def _tooltip(graph: nx.MultiDiGraph, u: str, v: str, d: dict) -> str:
    refs = " ".join(d.get("pmids", []) + [f"DOI:{x}" for x in d.get("dois", [])])
    flags = (" (negated)" if d.get("negated") else "") + (" (hedged)" if d.get("hedged") else "")
    return (f"{graph.nodes[u]['label']} {d['predicate']} {graph.nodes[v]['label']}{flags}\n"
            f"{d['evidence']} evidence; {refs}\n{d.get('sentence', '')}")


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    """Self-contained interactive page; node and edge lists are filled directly (no pyvis Network)."""
    nodes = [{"id": n, "label": d["label"], "title": f"{d['label']} ({d['type']}) {d.get('curie', '')}",
              "color": _colour(d["type"]), "group": d["type"]} for n, d in sorted(graph.nodes(data=True))]
    edges = [{"from": u, "to": v, "label": d["predicate"], "arrows": "to", "title": _tooltip(graph, u, v, d),
              "color": {"color": SIGN_COLOURS[d["sign"]]}, "dashes": bool(d.get("hedged")),
              "width": 1 + min(d["evidence"], 5)} for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"]))]
    big = len(nodes) > 300
    options = {"physics": {"enabled": True, "solver": "forceAtlas2Based", "stabilization": {"iterations": 100 if big else 300}},
               "edges": {"smooth": not big, "font": {"size": 0 if big else 10}}, "interaction": {"hideEdgesOnDrag": big}}
    types = sorted({d["type"] for _, d in graph.nodes(data=True)})
    legend = "".join(f'<span style="color:{_colour(t)}">&#9679; {html.escape(t)}</span> ' for t in types)
    legend += "".join(f'<span style="color:{c}">&#8594; {html.escape(SIGN_NAMES[s])}</span> ' for s, c in SIGN_COLOURS.items())
    legend += "<span>- - hedged</span>"
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>omsgraph network</title>
<script>{_vis_script()}</script>
<style>body{{margin:0;font-family:sans-serif}}#network{{width:100%;height:92vh}}#legend{{padding:4px 8px;font-size:14px}}</style>
</head><body>
<div id="legend">{legend}</div>
<div id="network"></div>
<script>
var data = {data};
data.edges.forEach(function (e) {{ var d = document.createElement("div"); d.innerText = e.title; e.title = d; }});
var network = new vis.Network(document.getElementById("network"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, {json.dumps(options)});
network.once("stabilizationIterationsDone", function () {{ network.setOptions({{physics: false}}); }});
</script></body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_picture(graph: nx.MultiDiGraph, path: Path) -> None:
    """Static .png/.svg with matplotlib: spring layout for small graphs, a faster one for big."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    n = graph.number_of_nodes()
    size = min(40, 8 + n ** 0.5)
    fig, ax = plt.subplots(figsize=(size, size * 0.75))
    if n <= 500:
        pos = nx.spring_layout(graph, seed=7, k=1.5 / max(n, 1) ** 0.5)
    else:  # spring layout is quadratic; a random layout keeps big graphs to seconds
        pos = nx.random_layout(graph, seed=7)
    colours = [_colour(d["type"]) for _, d in graph.nodes(data=True)]
    # one arrow patch per edge is slow (~3 ms each); big graphs get plain lines in one collection
    few_edges = graph.number_of_edges() <= 400
    nx.draw_networkx_nodes(graph, pos, node_color=colours, node_size=300 if n <= 200 else 40, ax=ax)
    for sign, colour in SIGN_COLOURS.items():
        for hedged in (False, True):
            edges = [(u, v) for u, v, d in graph.edges(data=True) if d["sign"] == sign and bool(d.get("hedged")) == hedged]
            if edges:
                style = {"arrows": True, "arrowsize": 12, "node_size": 300} if few_edges else {"arrows": False, "width": 0.3}
                nx.draw_networkx_edges(graph, pos, edgelist=edges, edge_color=colour,
                                       style="dashed" if hedged else "solid", ax=ax, **style)
    if n <= 200:  # labels on bigger pictures become an unreadable blot
        nx.draw_networkx_labels(graph, pos, labels={k: d["label"] for k, d in graph.nodes(data=True)}, font_size=11, ax=ax)
        if graph.number_of_edges() <= 60:
            nx.draw_networkx_edge_labels(graph, pos, edge_labels={(u, v): d["predicate"] for u, v, d in graph.edges(data=True)},
                                         font_size=8, ax=ax)
    types = sorted({d["type"] for _, d in graph.nodes(data=True)})
    handles = [Line2D([], [], marker="o", linestyle="", color=_colour(t), label=t) for t in types]
    handles += [Line2D([], [], color=c, label=SIGN_NAMES[s]) for s, c in SIGN_COLOURS.items()]
    handles.append(Line2D([], [], color="black", linestyle="dashed", label="hedged"))
    ax.legend(handles=handles, loc="upper left", fontsize=10)
    ax.margins(0.15)  # keep long labels at the rim inside the picture
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None} if path.suffix == ".png" else {"Date": None})
    plt.close(fig)


def _plain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy with list attributes joined, since GraphML holds only scalars."""
    plain = nx.MultiDiGraph()
    for n, d in sorted(graph.nodes(data=True)):
        plain.add_node(n, **{a: " | ".join(x) if isinstance(x, list) else x for a, x in d.items()})
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        plain.add_edge(u, v, key=k, **{a: " ".join(x) if isinstance(x, list) else x for a, x in d.items()})
    return plain


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(_plain(graph), path)


def write_cytoscape(graph: nx.MultiDiGraph, path: Path) -> None:
    """Cytoscape.js JSON (``elements.nodes`` / ``elements.edges``)."""
    data = nx.cytoscape_data(_plain(graph), name="label", ident="id")
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")


WRITERS = {".html": write_html, ".png": write_picture, ".svg": write_picture, ".graphml": write_graphml,
           ".json": write_cytoscape}


def write_network(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` in the format named by the file extension."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputError(f"unknown network format {path.suffix or '(none)'!r} (use {', '.join(sorted(WRITERS))})", path=str(path))
    writer(graph, path)
    return path
