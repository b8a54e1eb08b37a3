"""extract_figures / extract_dates: the table contract, attribution, and the embedded article."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.extract import cleaning, segmentation
from helpers.extract.entities import Mention as M
from helpers.extract.figures import extract_dates, extract_figures
from helpers.store import schemas
from helpers.store.textio import read_text

ROOT = Path(__file__).parents[2]
ARTICLE = ROOT / "data" / "raw" / "cq_industry_transfer.txt"
ARTICLES = Path(__file__).parents[1] / "data" / "articles"


def _doc(text: str, date: str | None = "2025"):
    paras, sents, pos = [], [], 0
    for k, p in enumerate(text.split("\n")):
        paras.append({"para_id": k, "kind": "body", "section": "", "text": p, "start": pos, "end": pos + len(p)})
        s0 = pos
        for i, ch in enumerate(p):
            if ch in "。；;":
                sents.append((k, s0, pos + i + 1))
                s0 = pos + i + 1
        if s0 < pos + len(p):
            sents.append((k, s0, pos + len(p)))
        pos += len(p) + 1
    doc = {"doc_id": "t", "text": text, "date": date, "paragraphs": paras}
    df = pd.DataFrame([{"doc_id": "t", "sent_id": n, "para_id": k, "section": "", "start": a, "end": b,
                        "text": text[a:b]} for n, (k, a, b) in enumerate(sents)])
    return doc, df


def _mentions(text, names):
    out = []
    for surface, canonical, typ in names:
        i = text.find(surface)
        while i >= 0:
            out.append(M(i, i + len(surface), surface, canonical, typ))
            i = text.find(surface, i + 1)
    return out


def _plain(df: pd.DataFrame) -> list[list]:
    return [[None if pd.isna(v) else v for v in row] for row in df.astype(object).values.tolist()]


def test_contract_and_offsets():
    text = "綦江区今年上半年签约项目36个,协议投资额约230亿元。\n开州区建成厂房12.5万平方米。"
    doc, sents = _doc(text)
    ms = _mentions(text, [("綦江区", "綦江区", "place"), ("开州区", "开州区", "place")])
    f = extract_figures(doc, sents, mentions=ms)
    assert list(f.columns) == schemas.TABLES["figures"].names
    schemas.conform(f, "figures")
    for r in f.itertuples():
        assert text[r.start:r.end] == r.text
    assert _plain(f[["figure_id", "text", "place", "metric", "period", "period_kind"]]) == [
        ["t:F001", "36个", "綦江区", "项目数", "2025-H1", "point"],
        ["t:F002", "约230亿元", "綦江区", "投资", "2025-H1", "point"],
        ["t:F003", "12.5万平方米", "开州区", "建筑面积", None, None],
    ]
    # no cleaning here: the raw offsets are the clean ones
    assert (f["raw_start"] == f["start"]).all() and (f["raw_end"] == f["end"]).all()


def test_attribution_rules():
    text = ("市经济信息委相关负责人表示,当前,我市正推动18个产业集群承接转移。\n"
            "以珠海冠宇电池项目为例。该项目投产后预计每年可贡献50亿元产值和1.73亿元税收。\n"
            "比如,在\"鲁渝协作平台\"推动下,巫溪引进烟台秋月梨品种,建成两万亩特色产业园;")
    doc, sents = _doc(text)
    ms = _mentions(text, [("市经济信息委", "重庆市经济和信息化委员会", "org"), ("我市", "重庆", "place"),
                          ("珠海冠宇", "珠海冠宇", "org"), ("鲁渝协作平台", "鲁渝协作平台", "programme"),
                          ("巫溪", "巫溪县", "place"), ("烟台", "烟台市", "place")])
    f = extract_figures(doc, sents, mentions=ms)
    assert _plain(f[["text", "place", "subject", "metric", "qualifier", "period", "period_kind"]]) == [
        ["18个", "重庆", None, "产业集群数", "exact", "to-date", "cumulative"],
        ["50亿元", "重庆", "珠海冠宇", "产值", "forecast", None, "per_year"],
        ["1.73亿元", "重庆", "珠海冠宇", "税收", "forecast", None, "per_year"],
        ["两万亩", "巫溪县", "特色产业园", "面积", "exact", None, None],
    ]


def test_press_conference_host_is_a_source_not_a_subject():
    text = "重庆市人民政府新闻办公室今天（10月20日）举行新闻发布会。最新数据显示，前三季度全市地区生产总值同比增长5.8%。"
    doc, sents = _doc(text)
    ms = _mentions(text, [("重庆市人民政府", "重庆市人民政府", "org")])
    f = extract_figures(doc, sents, mentions=ms)
    assert _plain(f[["text", "subject", "metric", "measure"]]) == [["5.8%", None, "地区生产总值", "growth_rate"]]


PLACE_RULES = [
    # the place that qualifies a speaker anchors what the speaker says, with or without 该区/全区
    pytest.param("铜梁区相关负责人表示，将继续推进产业数字化转型，预计今年新增规上企业12家。",
                 [("12家", "铜梁区")], id="speaker-place"),
    pytest.param("开州区区长李明介绍，该区将继续对接京津冀、粤港澳大湾区的服装企业，力争到2027年产值突破200亿元。",
                 [("突破200亿元", "开州区")], id="speaker-title-and-该区"),
    pytest.param("梁平区相关负责人表示，下一步将重点引进预制菜企业，预计今年全区食品产业产值可达150亿元。",
                 [("150亿元", "梁平区")], id="全区"),
    pytest.param("南川区经济信息委相关负责人表示，全区中药材种植面积稳定在三十万亩左右。",
                 [("三十万亩左右", "南川区")], id="office-of-a-place"),
    pytest.param("潼南区农业农村委负责人介绍，柠檬加工园区计划投资9亿元。“力争明年加工量达到二十万吨。”这位负责人说。",
                 [("9亿元", "潼南区"), ("二十万吨", "潼南区")], id="speech-in-next-sentence"),
    pytest.param("巫山县县长表示，全县脆李种植面积达到二十五万亩。",
                 [("二十五万亩", "巫山县")], id="全县"),
    # origins and destinations are not subjects when the sentence or paragraph has another place
    pytest.param("今年1至8月，江津区珞璜港完成货物吞吐量1,200万吨。截至目前，港区已开通至宁波、南京、岳阳等地的航线9条。",
                 [("1,200万吨", "江津区"), ("9条", "江津区")], id="destinations-listed"),
    pytest.param("綦江区齿轮产业持续壮大。在园区，一家从浙江台州迁来的企业总投资3.5亿元。",
                 [("3.5亿元", "綦江区")], id="origin-province-city"),
    pytest.param("黔江区承接东部产业转移。一家来自广东佛山的家具企业年产家具约5万套，产品销往东南亚、中东等地。",
                 [("约5万套", "黔江区")], id="来自"),
    # ... but a place that receives a relocation is one
    pytest.param("该企业将一条生产线整体迁至梁平，总投资15亿元。", [("15亿元", "梁平区")], id="迁至-host"),
    # ... and an origin is still the subject when nothing else is named
    pytest.param("这家企业从江苏迁来，总投资4亿元。", [("4亿元", "江苏省")], id="origin-only-candidate"),
    # a country that opens the name of a park is part of the name, not the subject
    pytest.param("潼南区建设“中国柠檬产业城”。力争到2027年，中国柠檬产业城入驻企业达到八十家，产值超过200亿元。",
                 [("八十家", "潼南区"), ("超过200亿元", "潼南区")], id="country-in-park-name"),
]


@pytest.mark.parametrize("text, expected", PLACE_RULES)
def test_place_rules(text, expected):
    doc, sents = _doc(text)
    f = extract_figures(doc, sents)
    assert [(r.text, None if pd.isna(r.place) else r.place) for r in f.itertuples()] == expected


METRIC_RULES = [
    # a rate named before its change is what changes (not 贷款 inside 贷款市场报价利率)
    pytest.param("全市城镇调查失业率比上年下降0.2个百分点。", [("0.2个百分点", "失业率", "change")], id="rate-change"),
    pytest.param("一年期贷款市场报价利率下降0.1个百分点。", [("0.1个百分点", "比率", "change")], id="rate-in-name"),
    pytest.param("三线城市新建商品住宅销售价格环比下降0.3%。", [("0.3%", "价格指数", "growth_rate")], id="price"),
    # ... but 扣除价格因素 names no rate
    pytest.param("全市居民人均可支配收入28000元，扣除价格因素实际增长4.8%。",
                 [("28000元", "收入", "level"), ("4.8%", "收入", "growth_rate")], id="price-factor"),
    # 上升到/提高到: the level reached, not a growth; 规模以上 is a class of firms, not 规模
    pytest.param("规模以上制造业所占比重提高到28.3%。", [("28.3%", "占比", "share")], id="reached"),
    pytest.param("战略性新兴产业增加值占规模以上工业的比重上升到31.5%。", [("31.5%", "增加值", "share")],
                 id="reached-share-of"),
    # N个X counts X, whatever the words before say
    pytest.param("中欧班列已通达亚洲11个国家。", [("11个", "数量", "level")], id="count-of-noun"),
    pytest.param("全省已设立9个综合保税区。", [("9个", "园区数", "level")], id="parks"),
    # units that say what is measured, and words that say more
    pytest.param("今年新增风电300万千瓦，每年可提供清洁电能6亿千瓦时。",
                 [("300万千瓦", "装机容量", "level"), ("6亿千瓦时", "发电量", "level")], id="power"),
    pytest.param("景区接待游客560万人次，全市铁路旅客发送量2100万人次。",
                 [("560万人次", "游客", "level"), ("2100万人次", "人次", "level")], id="person-trips"),
    pytest.param("管道累计输送天然气3000亿立方米，每天有2亿件快递包裹进出。",
                 [("3000亿立方米", "货运量", "level"), ("2亿件", "货运量", "level")], id="freight"),
    # a length, area or mass can change too (比上年增加0.8万公里)
    pytest.param("全省公路总里程达到21万公里，比上年增加0.8万公里。",
                 [("21万公里", "里程", "level"), ("0.8万公里", "里程", "change")], id="length-change"),
    # a percent before what it is a part of is a share of it
    pytest.param("这些园区贡献了全县60%以上的税收、70%的就业。",
                 [("60%以上", "税收", "share"), ("70%", "就业", "share")], id="share-of-after"),
    pytest.param("该镇近四成的村庄通了公交。", [("近四成", "占比", "share")], id="share-of-things"),
    pytest.param("今年以来，家具零售额实现15%以上的快速增长。", [("15%以上", "零售额", "growth_rate")],
                 id="growth-after"),
    pytest.param("家用电器类商品同比增长9%。", [("9%", "增速", "growth_rate")], id="not-用电"),
    # a bare growth rate: what its sentence, else the paragraph's previous sentence, measured
    pytest.param("全市外贸进出口保持稳定，前三季度同比增长3.1%。", [("3.1%", "进出口额", "growth_rate")],
                 id="sentence-carry"),
    pytest.param("上半年全市社会消费品零售总额5100亿元。6月份当月，同比增长4.2%。",
                 [("5100亿元", "零售额", "level"), ("4.2%", "零售额", "growth_rate")], id="sentence-before"),
    # a count grows when it is what grows, not when it owns what grows
    pytest.param("民营企业数量增长7.5%，外商投资企业数量增加2%。",
                 [("7.5%", "企业数", "growth_rate"), ("2%", "企业数", "growth_rate")], id="count-growth"),
    pytest.param("改造后，企业的劳动生产率提升了12%。", [("12%", "增速", "growth_rate")], id="owner-not-grown"),
    # a rate before 分别 is what each figure after it is
    pytest.param("消费、投资和净出口对经济增长的贡献率分别为55%、30%和15%。",
                 [("55%", "贡献率", "rate"), ("30%", "贡献率", "rate"), ("15%", "贡献率", "rate")],
                 id="rates-of-things"),
]


@pytest.mark.parametrize("text, expected", METRIC_RULES)
def test_metric_rules(text, expected):
    doc, sents = _doc(text)
    f = extract_figures(doc, sents)
    assert [(r.text, r.metric, r.measure) for r in f.itertuples()] == expected


def test_since_construction_and_unknown_date():
    text = "自我市于2023年11月首次承办该活动以来,目前已有102个项目开工建设。\n今年上半年引进项目18个。"
    doc, sents = _doc(text, date=None)
    f = extract_figures(doc, sents, mentions=[])
    assert f["period"].tolist() == ["2023-11/to-date", "XXXX-H1"]
    d = extract_dates(doc, sents)
    assert list(d.columns) == schemas.TABLES["dates"].names
    assert d[["text", "period", "resolved"]].values.tolist() == [
        ["2023年11月", "2023-11", True], ["目前", "to-date", False], ["今年上半年", "XXXX-H1", False]]


def test_empty_document():
    doc, sents = _doc("没有数字的句子。")
    assert extract_figures(doc, sents, mentions=[]).empty
    assert list(extract_figures(doc, sents, mentions=[]).columns) == schemas.TABLES["figures"].names


# ---- the real pipeline on articles ----------------------------------------------------------

def _pipeline(path: Path, doc_id: str, date: str | None):
    doc = cleaning.clean_document(read_text(path), doc_id, {"date": date}).document
    sents = segmentation.split_sentences(doc)
    return doc, sents, extract_figures(doc, sents)


@pytest.fixture(scope="module")
def article():
    return _pipeline(ARTICLE, "cq_industry_transfer", "2025")


ARTICLE_FIGURES = [
    # text, value, unit, kind, qualifier, place, subject (the thing measured: the system's subject
    # must contain it or be contained in it; "" = none), metric, measure, period, period_kind
    ("102个", 102, "个", "count", "exact", "重庆", "", "项目数", "level", "2023-11/to-date", "cumulative"),
    ("1475亿元", 1.475e11, "CNY", "money", "exact", "重庆", "", "投资", "level", "2023-11/to-date", "cumulative"),
    ("20多家", 20, "家", "count", "more_than", "璧山区", "配套企业", "企业数", "level", "", ""),
    ("超1200家", 1200, "家", "count", "more_than", "渝西地区", "东部产业转移企业", "企业数", "level", "to-date",
     "cumulative"),
    ("突破1800亿元", 1.8e11, "CNY", "money", "more_than", "渝西地区", "智能网联新能源汽车零部件产业集群", "产值",
     "level", "to-date", "cumulative"),
    ("18个", 18, "个", "count", "exact", "九龙坡区", "东部智能制造项目", "项目数", "level", "2025-H1", "cumulative"),
    ("超90亿元", 9e9, "CNY", "money", "more_than", "九龙坡区", "东部智能制造项目", "到位资金", "level", "2025-H1",
     "point"),
    ("两万亩", 20000, "亩", "area", "exact", "巫溪县", "特色产业园", "面积", "level", "", ""),
    ("1.2亿元", 1.2e8, "CNY", "money", "exact", "城口县", "老鹰茶", "销售额", "level", "", "per_year"),
    ("120亿元", 1.2e10, "CNY", "money", "exact", "涪陵区", "榨菜产业", "产值", "level", "", "per_year"),
    # 其中 refers to the 2025-2027 action plan named in the sentence before
    ("18个", 18, "个", "count", "exact", "重庆", "新星产业集群", "产业集群数", "level", "2025-2027", "forecast"),
    ("3个", 3, "个", "count", "exact", "重庆", "万亿级产业集群", "产业集群数", "level", "recent", ""),
    ("50亿元", 5e9, "CNY", "money", "forecast", "重庆", "珠海冠宇", "产值", "level", "", "per_year"),
    ("1.73亿元", 1.73e8, "CNY", "money", "forecast", "重庆", "珠海冠宇", "税收", "level", "", "per_year"),
    ("超过1.2万人", 12000, "人", "count", "more_than+forecast", "重庆", "珠海冠宇", "就业", "level", "", "forecast"),
    ("8英寸", 8, "英寸", "length", "exact", "重庆", "三安意法", "尺寸", "level", "", ""),
]


def _contains_either(got: str, want: str) -> bool:
    if not want:
        return not got
    return bool(got) and (want in got or got in want) and min(len(got), len(want)) >= 2


def test_article_figures_exactly(article):
    """Every figure of the embedded article with what it measures (the issue's hand reading)."""
    doc, _, f = article
    cols = ["text", "value", "unit", "kind", "qualifier", "place", "subject", "metric", "measure", "period",
            "period_kind"]
    got = [tuple("" if pd.isna(v) else v for v in row) for row in f[cols].itertuples(index=False)]
    assert len(got) == len(ARTICLE_FIGURES)
    for g, e in zip(got, ARTICLE_FIGURES):
        assert g[0] == e[0] and g[1] == pytest.approx(e[1]) and g[2:6] == e[2:6], (g, e)
        assert _contains_either(g[6], e[6]), (g, e)
        assert g[7:] == e[7:], (g, e)
    assert (f["metric_en"].fillna("") != "").all()
    for r in f.itertuples():
        assert doc["text"][r.start:r.end] == r.text
        assert r.text in r.sentence


def test_article_raw_offsets(article):
    """raw_start/raw_end point into the file as it is (its OCR commas and broken lines), not the clean text."""
    _, _, f = article
    raw = read_text(ARTICLE).text
    moved = 0
    for r in f.itertuples():
        assert raw[r.raw_start:r.raw_end].replace("\n", "") == r.text or \
            len(raw[r.raw_start:r.raw_end]) == len(r.text), (r.text, raw[r.raw_start:r.raw_end])
        moved += r.raw_start != r.start
    assert moved  # the clean text is not the raw one: its offsets differ


def test_article_non_figures(article):
    _, _, f = article
    texts = " ".join(f["text"])
    for bad in ("33618", "2025", "2027", "2023", "6》", "1+2+N", "万亿级"):
        assert bad not in texts


OWN = {
    "figures_wanzhou_logistics.txt": [
        ("1,850万吨", 1.85e7, "吨", "mass", "exact", "万州区", "2025-01/2025-08"),
        ("百分之七点三", 7.3, "%", "percent", "exact", "万州区", "2025-01/2025-08"),
        ("一百五十余家", 150, "家", "count", "more_than", "万州区", "to-date"),
        ("三万余人", 30000, "人", "count", "more_than", "万州区", "to-date"),
        ("20-30家", 25, "家", "count", "approx", "永川区", "2024"),
        ("3至5亿元", 4e8, "CNY", "money", "approx+forecast", "永川区", "2024"),
        ("突破1000亿元", 1e11, "CNY", "money", "more_than+forecast", "永川区", "2026"),
        ("36个", 36, "个", "count", "exact", "綦江区", "2025-H1"),
        ("约2300亿元", 2.3e11, "CNY", "money", "approx", "綦江区", "2025-H1"),
        ("近百家", 100, "家", "count", "less_than", "綦江区", "2025-H1"),
        ("12.5万平方米", 125000, "平方米", "area", "exact", "开州区", None),
        ("超千亿元", 1e11, "CNY", "money", "more_than", "开州区", None),
    ],
    # GB18030 file with a sentence broken across lines and a page marker
    "figures_qijiang_gb18030.txt": [
        ("36个", 36, "个", "count", "exact", "綦江区", "2025-H1"),
        ("约230亿元", 2.3e10, "CNY", "money", "approx", "綦江区", "2025-H1"),
        ("近百家", 100, "家", "count", "less_than", "綦江区", "2025-H1"),
        # 綦江区还建成……: the paragraph's 今年上半年 carries to the same place's next sentence
        ("12.5万平方米", 125000, "平方米", "area", "exact", "綦江区", "2025-H1"),
        ("超过4500人", 4500, "人", "count", "more_than", "綦江区", "2025-H1"),
        ("突破二千亿元", 2e11, "CNY", "money", "more_than+forecast", "江津区", "2027"),
        ("两万户", 20000, "户", "count", "forecast", "江津区", "2027"),
    ],
}


@pytest.mark.parametrize("name", sorted(OWN))
def test_own_articles(name):
    _, _, f = _pipeline(ARTICLES / name, name.removesuffix(".txt"), "2025")
    got = [tuple(None if pd.isna(v) else v for v in row) for row in
           f[["text", "value", "unit", "kind", "qualifier", "place", "period"]].itertuples(index=False)]
    assert len(got) == len(OWN[name]), got
    for g, e in zip(got, OWN[name]):
        assert g[0] == e[0] and g[1] == pytest.approx(e[1]) and g[2:] == e[2:], (g, e)
