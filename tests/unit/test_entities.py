"""Entities: mentions from the gazetteer and name patterns, entity tables, co-occurrence, figure links."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths
from helpers.extract import cleaning, divisions, entities, segmentation
from helpers.extract.entities import Mention, find_mentions
from helpers.store import schemas, textio

ARTICLES = Path(__file__).parents[1] / "data" / "articles"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.name, m.canonical, m.type) for m in find_mentions(text)]


# ----------------------------------------------------------------------------- find_mentions

@pytest.mark.parametrize(
    "text, expected",
    [
        ("在璧山，比亚迪动力电池基地", [("璧山", "璧山区", "place"), ("比亚迪", "比亚迪", "org")]),
        ("九龙坡区依托自贸区优势", [("九龙坡区", "九龙坡区", "place")]),
        ("渝东北三峡库区与渝东南武陵山区", [("渝东北三峡库区", "渝东北三峡库区城镇群", "place"),
                                            ("渝东南武陵山区", "渝东南武陵山区城镇群", "place")]),
        ("推动渝西与川南、万达开与陕鄂毗邻地区", [("渝西", "渝西地区", "place"), ("川南", "川南", "place"),
                                                ("万达开", "万达开川渝统筹发展示范区", "place"), ("陕鄂", "陕鄂", "place")]),
        ("中欧班列(成渝)已成为重要通道", [("中欧班列(成渝)", "中欧班列（成渝）", "programme")]),
        ("西部（重庆）科学城连续举办", [("西部（重庆）科学城", "西部（重庆）科学城", "place")]),
        ("为建设“33618”现代制造业集群体系注入新动能",
         [("33618", "33618现代制造业集群体系", "programme")]),
        ("我市正以《优化承接产业转移环境行动计划(2025-2027)》为抓手",
         [("我市", "重庆", "place"),
          ("《优化承接产业转移环境行动计划(2025-2027)》", "《优化承接产业转移环境行动计划（2025-2027）》", "programme")]),
        ("市经济信息委相关负责人表示", [("市经济信息委", "重庆市经济和信息化委员会", "org")]),
        ("工信部电子五所、北京华大九天科技与我市分别达成合作协议",
         [("工信部电子五所", "工业和信息化部电子第五研究所", "org"),
          ("北京华大九天科技", "北京华大九天科技股份有限公司", "org"), ("我市", "重庆", "place")]),
        ("与长安、赛力斯等本地车企形成技术协同", [("长安", "长安汽车", "org"), ("赛力斯", "赛力斯", "org")]),
        ("意法半导体通过与重庆邮电大学签署战略合作协议",
         [("意法半导体", "意法半导体", "org"), ("重庆邮电大学", "重庆邮电大学", "org")]),
        ("来渝项目之一的三安意法碳化硅", [("三安意法碳化硅", "三安意法半导体", "org")]),
        ("巴南区重庆国际生物城通过承接国家电投医用同位素等项目",
         [("巴南区", "巴南区", "place"), ("重庆国际生物城", "重庆国际生物城", "org"),
          ("国家电投", "国家电力投资集团有限公司", "org")]),
        # guarded short forms: names only where the context says so
        ("在南岸、江北等地", [("南岸", "南岸区", "place"), ("江北", "江北区", "place")]),
        ("长江南岸、江北岸", [("长江", "长江", "place")]),
        ("研发长寿命电池", []),
        ("长寿经开区和长寿区", [("长寿经开区", "长寿经开区", "place"), ("长寿区", "长寿区", "place")]),
        ("石柱、秀山、酉阳、彭水", [("石柱", "石柱土家族自治县", "place"), ("秀山", "秀山土家族苗族自治县", "place"),
                                  ("酉阳", "酉阳土家族苗族自治县", "place"), ("彭水", "彭水苗族土家族自治县", "place")]),
        ("门前的石柱上刻着字", []),
        # single-character abbreviations are not mentions
        ("另一个来渝项目", []),
        # organisation name patterns
        ("携手重庆凯瑞传动技术有限公司共建", [("重庆凯瑞传动技术有限公司", "重庆凯瑞传动技术有限公司", "org")]),
        ("苏州某某精密制造有限公司落户铜梁", [("苏州某某精密制造有限公司", "苏州某某精密制造有限公司", "org"),
                                        ("铜梁", "铜梁区", "place")]),
        ("重庆长安汽车股份有限公司今天发布", [("重庆长安汽车股份有限公司", "长安汽车", "org")]),
        ("理想汽车有限公司", [("理想汽车有限公司", "理想汽车", "org")]),
        ("华为重庆研究院落户两江新区", [("华为重庆研究院", "华为重庆研究院", "org"), ("两江新区", "两江新区", "place")]),
        ("渝北区经济信息委相关负责人", [("渝北区经济信息委", "渝北区经济信息委", "org")]),
        ("三峡大学与宜昌市", [("三峡大学", "三峡大学", "org"), ("宜昌市", "宜昌市", "place")]),
        ("东方红拖拉机集团", [("东方红拖拉机集团", "东方红拖拉机集团", "org")]),
        # ... and what they must not take
        ("该公司表示，多家公司已经入驻。", []),
        ("上市公司数量增加", []),
        ("同时多所本地高校与转移企业合作", []),
        ("优化产业布局", []),
        ("委托第三方机构评估", []),
        ("这家集团公司", []),
        ("我们看到凯瑞传动有限公司的消息", [("凯瑞传动有限公司", "凯瑞传动有限公司", "org")]),
        ("记者走进重庆凯瑞传动技术有限公司", [("重庆凯瑞传动技术有限公司", "重庆凯瑞传动技术有限公司", "org")]),
    ],
)
def test_find_mentions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a country or province that opens a longer name of a park or facility is part of that name
    ("潼南区打造“中国柠檬产业城”", [("潼南区", "潼南区", "place")]),
    ("中国西部物流园入驻企业达到六十家", []),
    ("四川天府新区与两江新区合作", [("两江新区", "两江新区", "place")]),
    # ... but not when the run reaches no facility word, or another place follows
    ("涪陵是中国榨菜之乡", [("涪陵", "涪陵区", "place"), ("中国", "中国", "place")]),
    ("来自中国的企业", [("中国", "中国", "place")]),
    ("一家从山东潍坊迁来的企业", [("山东", "山东省", "place"), ("潍坊", "潍坊市", "place")]),
    # a city or district says where the park is, and stays
    ("铜梁高新区新增企业", [("铜梁", "铜梁区", "place")]),
    ("苏州工业园区的企业", [("苏州", "苏州市", "place")]),
])
def test_country_or_province_inside_a_facility_name(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", ["九龙坡区引进项目18个", "三峡库区", "万达开地区", "万州区投资", "渝东北三峡库区"])
def test_place_numerals_are_places(text):
    """Place names with numerals (九龙坡, 三峡, 万达开, 万州) are places, whole."""
    ms = find_mentions(text)
    assert ms and ms[0].type == "place" and ms[0].start == 0


def test_offsets_index_the_text():
    text = "在两江新区,三一重工“灯塔工厂”生产线上。西部(重庆)科学城与“33618”。"
    ms = find_mentions(text)
    assert ms
    for m in ms:
        assert isinstance(m, Mention)
        assert text[m.start:m.end] == m.name
    with pytest.raises(AttributeError):
        ms[0].start = 3  # frozen


def test_fold_lookalikes_keeps_length():
    s = "中欧班列(成渝)“一带一路”２０２５—２０２７"
    assert len(entities.fold_lookalikes(s)) == len(s)


# ----------------------------------------------------------------------------- tables from built inputs

def _doc(text: str, doc_id: str = "t") -> tuple[dict, pd.DataFrame]:
    """A document and sentence table built by hand (split at 。)."""
    rows, start = [], 0
    for i, part in enumerate(text.split("。")):
        if not part:
            continue
        end = start + len(part) + 1
        rows.append({"doc_id": doc_id, "sent_id": i, "para_id": 0, "section": "", "start": start,
                     "end": min(end, len(text)), "text": text[start:end]})
        start = end
    doc = {"doc_id": doc_id, "text": text,
           "paragraphs": [{"para_id": 0, "kind": "body", "section": "", "text": text, "start": 0, "end": len(text)}]}
    return doc, schemas.conform(pd.DataFrame(rows), "sentences")


def test_aliases_merge_and_schema():
    doc, sents = _doc("璧山通过承接比亚迪项目形成全产业链。璧山区带动配套企业20多家。我市和重庆市共同推进。")
    ents, cooc = entities.extract_entities(doc, sents)
    assert list(ents.columns) == schemas.TABLES["entities"].names
    assert list(cooc.columns) == schemas.TABLES["cooccurrence"].names
    rows = {r.canonical: (r.name, r.type, r.division_code, r.mentions, r.first_start) for r in ents.itertuples()}
    assert rows == {
        "璧山区": ("璧山", "place", "500120", 2, 0),
        "比亚迪": ("比亚迪", "org", "", 1, 6),
        "重庆": ("我市", "place", "500000", 2, 32),
    }
    assert cooc[["a", "b", "weight"]].values.tolist() == [["比亚迪", "璧山区", 1]]


def test_cooccurrence_weights_count_sentences():
    doc, sents = _doc("赛力斯与华为合作。赛力斯、华为和宁德时代在两江新区。华为华为赛力斯。西部陆海新通道连接重庆。")
    _, cooc = entities.extract_entities(doc, sents)
    pairs = {(r.a, r.b): r.weight for r in cooc.itertuples()}
    assert pairs[("华为", "赛力斯")] == 3
    assert pairs[("两江新区", "宁德时代")] == 1
    assert all(a < b for a, b in pairs)
    # programmes are not in the network
    assert not any("西部陆海新通道" in p for p in pairs)


def test_empty_document():
    doc, sents = _doc("今天天气很好。")
    ents, cooc = entities.extract_entities(doc, sents)
    assert ents.empty and list(ents.columns) == schemas.TABLES["entities"].names
    assert cooc.empty and list(cooc.columns) == schemas.TABLES["cooccurrence"].names


@pytest.mark.parametrize(
    "token, pos, expected",
    [
        ("宜昌市", "ns", ("宜昌市", "place")),
        ("深度", "ns", None),
        ("桥头堡", "ns", None),
        ("新区", "ns", None),
        ("凯瑞传动", "nt", ("凯瑞传动", "org")),
        ("城北", "ns", None),
        ("渝货进", "nt", None),
        ("碳化硅", "nz", None),
        ("集成电路", "nz", None),
    ],
)
def test_pos_candidates(token, pos, expected):
    text = "我们看到" + token + "的消息。"
    doc, sents = _doc(text)
    toks = pd.DataFrame([
        {"doc_id": "t", "sent_id": 0, "i": 0, "token": "我们", "pos": "r", "start": 0, "end": 2},
        {"doc_id": "t", "sent_id": 0, "i": 1, "token": "看到", "pos": "v", "start": 2, "end": 4},
        {"doc_id": "t", "sent_id": 0, "i": 2, "token": token, "pos": pos, "start": 4, "end": 4 + len(token)},
    ])
    ents, _ = entities.extract_entities(doc, sents, toks)
    got = [(r.canonical, r.type) for r in ents.itertuples()]
    assert got == ([expected] if expected else [])


def test_pos_tokens_inside_known_names_are_ignored():
    text = "重庆邮电大学举办活动。"
    doc, sents = _doc(text)
    toks = pd.DataFrame([
        {"doc_id": "t", "sent_id": 0, "i": 0, "token": "重庆", "pos": "ns", "start": 0, "end": 2},
        {"doc_id": "t", "sent_id": 0, "i": 1, "token": "邮电大学", "pos": "nt", "start": 2, "end": 6},
    ])
    ents, _ = entities.extract_entities(doc, sents, toks)
    assert ents["canonical"].tolist() == ["重庆邮电大学"]


# ----------------------------------------------------------------------------- link_figures

def _figures(rows):
    base = {"doc_id": "t", "text": "", "qualifier": "exact", "period": "", "sent_id": 0, "start": 0, "end": 1,
            "sentence": "", "place": None, "place_code": None, "metric_en": "", "measure": "level",
            "metric_phrase": None, "period_kind": None, "comparable": "", "raw_start": 0, "raw_end": 1,
            "value_low": None, "value_high": None}
    df = pd.DataFrame([{**base, "figure_id": f"f{i}", **r} for i, r in enumerate(rows)])
    return schemas.conform(df, "figures")


def test_link_figures_totals_and_notes():
    doc, sents = _doc("渝西地区集聚企业。璧山区投资。九龙坡区引进项目。珠海冠宇电池项目投产。")
    ents, _ = entities.extract_entities(doc, sents)
    figs = _figures([
        {"subject": "渝西地区", "value": 1.8e11, "unit": "CNY", "kind": "money", "metric": "产值"},
        {"subject": "璧山区", "value": 5e9, "unit": "CNY", "kind": "money", "metric": "投资"},
        {"subject": "九龙坡区", "value": 18, "unit": "个", "kind": "count", "metric": "项目数"},
        {"subject": "九龙坡区", "value": 9e9, "unit": "CNY", "kind": "money", "metric": "投资", "qualifier": "more_than"},
        {"subject": "珠海冠宇", "value": 5e9, "unit": "CNY", "kind": "money", "metric": "产值", "qualifier": "forecast"},
        {"subject": "珠海冠宇", "value": 1.73e8, "unit": "CNY", "kind": "money", "metric": "税收", "qualifier": "forecast"},
    ])
    links = entities.link_figures(ents, figs).set_index("canonical")
    assert links.loc["九龙坡区", "figures"] == 2
    assert links.loc["九龙坡区", "money_cny"] == pytest.approx(9e9)
    assert links.loc["九龙坡区", "note"] == ""
    assert links.loc["珠海冠宇", "money_cny"] == pytest.approx(5.173e9)
    assert links.loc["珠海冠宇", "money_by_metric"] == "产值 50亿元; 税收 1.73亿元"
    assert "different metrics" in links.loc["珠海冠宇", "note"] and "forecast" in links.loc["珠海冠宇", "note"]
    assert "districts" in links.loc["渝西地区", "note"]  # 璧山区 lies in 渝西 and has money of its own
    assert links.index[0] == "渝西地区"  # sorted by money


def test_link_figures_the_same_read_a_slice_at_a_time(monkeypatch):
    """A corpus's figures are turned into Python objects a slice at a time: any slicing gives the
    same table, with empty subjects skipped and ties kept in the entities' order."""
    doc, sents = _doc("渝西地区集聚企业。璧山区投资。九龙坡区引进项目。珠海冠宇电池项目投产。永川区签约。")
    ents, _ = entities.extract_entities(doc, sents)
    figs = _figures([
        {"subject": s, "value": v, "unit": u, "kind": k, "metric": m}
        for s, v, u, k, m in [("璧山区", 5e9, "CNY", "money", "投资"), ("", 3e9, "CNY", "money", "投资"),
                              ("九龙坡区", 18, "个", "count", "项目数"), (None, 1, "个", "count", ""),
                              ("九龙坡区", 9e9, "CNY", "money", "投资"), ("渝西地区", 1.8e11, "CNY", "money", "产值"),
                              ("璧山区", 2e9, "CNY", "money", "产值"), ("永川区", 7, "个", "count", "项目数")]])
    whole = entities.link_figures(ents, figs)
    for size in (1, 2, 3, 5):
        monkeypatch.setattr(entities, "_SLICE", size)
        pd.testing.assert_frame_equal(entities.link_figures(ents, figs), whole)
    assert whole["figures"].sum() == 6  # the two figures without a subject are nobody's
    no_figures = whole[whole["figures"] == 0]
    assert list(no_figures["canonical"]) == [c for c in ents["canonical"] if c in set(no_figures["canonical"])]


def test_link_figures_empty():
    assert entities.link_figures(schemas.empty("entities"), schemas.empty("figures")).empty


def test_division_values():
    doc, sents = _doc("璧山区和璧山。巴南区。我市。两江新区。")
    ents, _ = entities.extract_entities(doc, sents)
    assert entities.division_values(ents) == {"500120": 2.0, "500113": 1.0}


# ----------------------------------------------------------------------------- the embedded article

ARTICLE_ENTITIES = {
    # places: divisions with codes
    "东部地区": ("place", ""),
    "璧山区": ("place", "500120"), "永川区": ("place", "500118"), "巴南区": ("place", "500113"),
    "九龙坡区": ("place", "500107"), "巫溪县": ("place", "500238"), "城口县": ("place", "500229"),
    "涪陵区": ("place", "500102"), "重庆": ("place", "500000"),
    # regions, functional areas, blocs, elsewhere
    "两江新区": ("place", ""), "西部（重庆）科学城": ("place", ""), "渝西地区": ("place", ""),
    "重庆中心城区": ("place", ""), "渝东北三峡库区城镇群": ("place", ""), "渝东南武陵山区城镇群": ("place", ""),
    "沿江承接产业转移示范区": ("place", ""), "川南": ("place", ""), "万达开川渝统筹发展示范区": ("place", ""),
    "陕鄂": ("place", ""), "长江三角洲": ("place", ""), "粤港澳大湾区": ("place", ""), "长江": ("place", ""),
    "欧洲": ("place", ""), "东盟": ("place", ""), "东南亚": ("place", ""), "烟台市": ("place", ""),
    "山东省": ("place", ""),
    # companies and institutions
    "三一重工": ("org", ""), "比亚迪": ("org", ""), "赛力斯": ("org", ""), "宁德时代": ("org", ""),
    "延锋": ("org", ""), "华为": ("org", ""), "工业和信息化部电子第五研究所": ("org", ""),
    "北京华大九天科技股份有限公司": ("org", ""), "中国赛宝（西部）汽车芯片检测基地": ("org", ""),
    "永川工业园区": ("org", ""), "重庆国际生物城": ("org", ""), "国家电力投资集团有限公司": ("org", ""),
    "重庆市经济和信息化委员会": ("org", ""), "珠海冠宇": ("org", ""), "三安意法半导体": ("org", ""),
    "苏州凌创": ("org", ""), "长安汽车": ("org", ""), "意法半导体": ("org", ""), "重庆邮电大学": ("org", ""),
    # programmes and plans
    "33618现代制造业集群体系": ("programme", ""), "国内国际双循环": ("programme", ""),
    "长江经济带": ("programme", ""), "西部陆海新通道": ("programme", ""), "一带一路": ("programme", ""),
    "中欧班列（成渝）": ("programme", ""), "长江上游航运中心": ("programme", ""), "东西部协作": ("programme", ""),
    "鲁渝协作": ("programme", ""), "渝货进山东": ("programme", ""),
    "《优化承接产业转移环境行动计划（2025-2027）》": ("programme", ""), "产业大脑+未来工厂": ("programme", ""),
    "中国产业转移发展对接活动": ("programme", ""),
}


@pytest.fixture(scope="module")
def article():
    doc = cleaning.clean_document(textio.read_text(paths.DEFAULT_INPUT), "cq_industry_transfer", {}).document
    sents = segmentation.split_sentences(doc)
    toks = segmentation.tokenize(doc, sents)
    t0 = time.perf_counter()
    ents, cooc = entities.extract_entities(doc, sents, toks)
    return doc, ents, cooc, time.perf_counter() - t0


def test_article_every_entity_once_with_type_and_code(article):
    _, ents, _, _ = article
    assert ents["canonical"].is_unique
    got = {r.canonical: (r.type, r.division_code) for r in ents.itertuples()}
    missing = set(ARTICLE_ENTITIES) - set(got)
    extra = set(got) - set(ARTICLE_ENTITIES)
    assert not missing and not extra, (missing, extra)
    codes = divisions.place_codes()
    assert got == {k: (t, c or (codes.get(k, "") if t == "place" else "")) for k, (t, c) in ARTICLE_ENTITIES.items()}


@pytest.mark.parametrize(
    "canonical, name, mentions",
    [("重庆", "重庆", 39), ("璧山区", "璧山", 2), ("赛力斯", "赛力斯", 4), ("渝西地区", "渝西地区", 3),
     ("33618现代制造业集群体系", "33618", 2), ("长安汽车", "长安", 1), ("市经济信息委", None, None)],
)
def test_article_aliases_merge(article, canonical, name, mentions):
    _, ents, _, _ = article
    row = ents[ents["canonical"] == canonical]
    if name is None:  # an alias is never its own row
        assert row.empty
        return
    assert row[["name", "mentions"]].values.tolist() == [[name, mentions]]


def test_article_offsets_and_cooccurrence(article):
    doc, ents, cooc, seconds = article
    for r in ents.itertuples():
        assert doc["text"][r.first_start:r.first_start + len(r.name)] == r.name
    pairs = {(r.a, r.b): r.weight for r in cooc.itertuples()}
    assert pairs[("比亚迪", "璧山区")] == 2
    assert pairs[("三一重工", "两江新区")] == 1
    assert ("意法半导体", "重庆邮电大学") in pairs
    assert seconds < 1.0


# ----------------------------------------------------------------------------- texts about other districts

OTHER_ARTICLES = {
    "entities_hechuan_kaizhou.txt": {
        "合川区": ("place", "500117", 3), "开州区": ("place", "500154", 3), "梁平区": ("place", "500155", 3),
        "铜梁区": ("place", "500151", 3), "大足区": ("place", "500111", 2), "黔江区": ("place", "500114", 2),
        "渝西地区": ("place", "", 1), "渝东北三峡库区城镇群": ("place", "", 2), "渝东南武陵山区城镇群": ("place", "", 1),
        "万达开川渝统筹发展示范区": ("place", "", 1), "成渝地区双城经济圈": ("place", "", 1),
        "浙江省": ("place", "", 2), "宁波市": ("place", "", 1), "四川省": ("place", "", 1), "达州市": ("place", "", 1),
        "广东省": ("place", "", 1), "东南亚": ("place", "", 1), "江苏省": ("place", "", 1), "苏州市": ("place", "", 1),
        "温州市": ("place", "", 1), "重庆": ("place", "500000", 1),
        "长安汽车": ("org", "", 1), "赛力斯": ("org", "", 1), "苏州某某精密制造有限公司": ("org", "", 1),
        "重庆市商务委员会": ("org", "", 1),
        "西部陆海新通道": ("programme", "", 1), "中国产业转移发展对接活动": ("programme", "", 1),
    },
    "entities_south_east.txt": {
        "石柱土家族自治县": ("place", "500240", 2), "秀山土家族苗族自治县": ("place", "500241", 2),
        "酉阳土家族苗族自治县": ("place", "500242", 1), "彭水苗族土家族自治县": ("place", "500243", 1),
        "南岸区": ("place", "500108", 1), "江北区": ("place", "500105", 1), "北碚区": ("place", "500109", 1),
        "綦江区": ("place", "500110", 1), "重庆": ("place", "500000", 1),
        "渝东南武陵山区城镇群": ("place", "", 1), "重庆中心城区": ("place", "", 1), "重庆经开区": ("place", "", 1),
        "两江新区": ("place", "", 1), "万盛经开区": ("place", "", 1), "长寿经开区": ("place", "", 1),
        "长江": ("place", "", 1), "北京市": ("place", "", 1), "湖南省": ("place", "", 1), "贵州省": ("place", "", 1),
        "山东省": ("place", "", 1), "烟台市": ("place", "", 1),
        "京东方": ("org", "", 1), "惠普": ("org", "", 1), "西南大学": ("org", "", 1),
        "鲁渝协作": ("programme", "", 1),
    },
}


@pytest.mark.parametrize("filename", sorted(OTHER_ARTICLES))
def test_other_articles(filename):
    doc = cleaning.clean_document(textio.read_text(ARTICLES / filename), filename, {}).document
    sents = segmentation.split_sentences(doc)
    ents, cooc = entities.extract_entities(doc, sents, segmentation.tokenize(doc, sents))
    got = {r.canonical: (r.type, r.division_code, r.mentions) for r in ents.itertuples()}
    # provinces and cities outside Chongqing carry their code from the national table
    codes = divisions.place_codes()
    want = {k: (t, c or (codes.get(k, "") if t == "place" and not k.startswith("重庆") else ""), n)
            for k, (t, c, n) in OTHER_ARTICLES[filename].items()}
    assert got == want
    assert len(cooc) > 0
