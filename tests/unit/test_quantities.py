"""parse_number and find_quantities: exact expectations on Chinese news sentences, and properties."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import paths
from helpers.extract.cleaning import clean_document
from helpers.extract.numerals import fold_numerals
from helpers.extract.quantities import _find, _shift, find_quantities, parse_number, quantities_by_sentence
from helpers.extract.segmentation import split_sentences
from helpers.store import textio


@pytest.mark.parametrize("span, value", [
    ("1,200", 1200), ("35,000", 35000), ("１２００", 1200), ("1.2", 1.2), ("一千二百", 1200),
    ("三百零五", 305), ("六点八", 6.8), ("两", 2), ("〇", 0), ("零", 0), ("十二", 12), ("二十", 20),
    ("1.2万", 12000), ("6.8万", 68000), ("两万", 20000), ("3.5亿", 3.5e8), ("1475亿", 1.475e11),
    ("4.78万亿", 4.78e12), ("一万五千亿", 1.5e12), ("两千四百五", 2450), ("一万三", 13000),
    ("3万4000", 34000), ("2千零30万", 20300000), ("壹佰伍拾", 150), ("兩萬", 20000), ("二〇二三", 2023),
    ("一百零一万一千", 1011000), ("负三十二", -32), ("十余万", 100000), ("一千多万", 1e7), ("千", 1000),
    ("百", 100), ("五分之一", 0.2), ("1,100.9亿", 1.1009e11), ("四百亿点零五零", 40000000000.05),
])
def test_parse_number(span, value):
    assert parse_number(span) == pytest.approx(value)


@pytest.mark.parametrize("text", ["三一重工", "万州", "万", "万万", "两两", "", "四川", "一带一路", "abc", "1+2"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_fold_numerals_keeps_length_and_offsets():
    s = "投资１２．５亿元，兩萬人，增长３．２％～５％"
    folded = fold_numerals(s)
    assert folded == "投资12.5亿元，两万人，增长3.2%~5%"
    assert len(folded) == len(s)
    assert [(q.start, q.end) for q in find_quantities(s)] == [(q.start, q.end) for q in find_quantities(folded)]


def _rows(text):
    return [(q.full_text(text), q.value, q.unit, q.kind, q.qualifier) for q in find_quantities(text)]


def _same_rows(text: str, expected: list[tuple]) -> None:
    """find_quantities on ``text`` gives the rows (text, value, unit, kind, qualifier) expected."""
    got = _rows(text)
    assert [(t, u, k, q) for t, _, u, k, q in got] == [(t, u, k, q) for t, _, u, k, q in expected]
    assert [v for _, v, *_ in got] == pytest.approx([v for _, v, *_ in expected])


@pytest.mark.parametrize("text, expected", [
    # the embedded article's figures, sentence by sentence
    ("目前已有102个项目开工建设、落地投资1475亿元。",
     [("102个", 102, "个", "count", "exact"), ("1475亿元", 1.475e11, "CNY", "money", "exact")]),
    ("同步带动本地配套企业20多家;", [("20多家", 20, "家", "count", "more_than")]),
    ("渝西地区集聚东部产业转移企业超1200家,特别是智能网联新能源汽车零部件产业集群产值突破1800亿元。",
     [("超1200家", 1200, "家", "count", "more_than"), ("突破1800亿元", 1.8e11, "CNY", "money", "more_than")]),
    ("今年上半年累计引进东部智能制造项目18个,到位资金超90亿元。",
     [("18个", 18, "个", "count", "exact"), ("超90亿元", 9e9, "CNY", "money", "more_than")]),
    ("巫溪引进烟台秋月梨品种及种植技术,建成两万亩特色产业园带动农户增收;", [("两万亩", 20000, "亩", "area", "exact")]),
    ("城口培育老鹰茶产业,实现年销售额1.2亿元;", [("1.2亿元", 1.2e8, "CNY", "money", "exact")]),
    ("涪陵联动山东企业共建榨菜产业示范园,实现年产值120亿元。", [("120亿元", 1.2e10, "CNY", "money", "exact")]),
    ("市级层面将围绕卫星互联网、元宇宙等18个\"新星\"产业集群承接转移", [("18个", 18, "个", "count", "exact")]),
    ("该项目投产后预计每年可贡献50亿元产值和1.73亿元税收,带动就业超过1.2万人,形成循环。",
     [("50亿元", 5e9, "CNY", "money", "forecast"), ("1.73亿元", 1.73e8, "CNY", "money", "forecast"),
      ("超过1.2万人", 12000, "人", "count", "more_than+forecast")]),
    ("引入国际领先的8英寸晶圆制造技术", [("8英寸", 8, "英寸", "length", "exact")]),
    ("这3个万亿级产业集群", [("3个", 3, "个", "count", "exact")]),
    # sentences of our own in the genre
    ("万州经开区累计引进企业一百五十余家,带动就业三万余人。",
     [("一百五十余家", 150, "家", "count", "more_than"), ("三万余人", 30000, "人", "count", "more_than")]),
    ("货物吞吐量同比增长百分之七点三", [("百分之七点三", 7.3, "%", "percent", "exact")]),
    ("其中近百家为专精特新企业", [("近百家", 100, "家", "count", "less_than")]),
    ("超千亿元的产业集群", [("超千亿元", 1e11, "CNY", "money", "more_than")]),
    ("协议投资额约2300人", [("约2300人", 2300, "人", "count", "approx")]),
    ("年产能35,000吨", [("35,000吨", 35000, "吨", "mass", "exact")]),
    ("营收增长18.6%,高于全市2.4个百分点",
     [("18.6%", 18.6, "%", "percent", "exact"), ("2.4个百分点", 2.4, "pp", "percent", "exact")]),
    ("建成厂房12.5万平方米", [("12.5万平方米", 125000, "平方米", "area", "exact")]),
    ("引进三家企业", [("三家", 3, "家", "count", "exact")]),
    ("港币两千九百六十元", [("两千九百六十元", 2960, "HKD", "money", "exact")]),
    ("年出口1200亿美元以上", [("1200亿美元以上", 1.2e11, "USD", "money", "more_than")]),
    ("力争2027年产值达到二千亿元", [("二千亿元", 2e11, "CNY", "money", "forecast")]),
    ("去年为100亿元,预计今年将达150亿元",
     [("100亿元", 1e10, "CNY", "money", "exact"), ("150亿元", 1.5e10, "CNY", "money", "forecast")]),
])
def test_find_quantities(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, expected", [
    # 上 + a bare magnitude reads "upwards of": more_than
    ("每年吸引上百家采购商", [("上百家", 100, "家", "count", "more_than")]),
    ("园区可提供上千个就业岗位", [("上千个", 1000, "个", "count", "more_than")]),
    ("旅游旺季日接待游客上万人次", [("上万人次", 10000, "人次", "count", "more_than")]),
    ("全县已有近万家市场主体", [("近万家", 10000, "家", "count", "less_than")]),
    ("比上年增长10%", [("10%", 10, "%", "percent", "exact")]),
    ("每万元地区生产总值能耗下降", []),
    # compound measure words: doses of vaccine
    ("年产禽用疫苗约30亿羽份", [("约30亿羽份", 3e9, "羽份", "count", "approx")]),
    ("年产口蹄疫疫苗2亿头份", [("2亿头份", 2e8, "头份", "count", "exact")]),
    ("养殖生猪2万头", [("2万头", 2e4, "头", "count", "exact")]),
    # a prefix qualifier holds for the coordinated items after it with the same unit
    ("物流成本和能耗分别下降约一成和两成", [("约一成", 10, "%", "percent", "approx"),
                                            ("两成", 20, "%", "percent", "approx")]),
    ("两个园区分别引进超过30家、45家和60家企业", [("超过30家", 30, "家", "count", "more_than"),
                                                  ("45家", 45, "家", "count", "more_than"),
                                                  ("60家", 60, "家", "count", "more_than")]),
    ("分别投资约3亿元和5000万元", [("约3亿元", 3e8, "CNY", "money", "approx"),
                                   ("5000万元", 5e7, "CNY", "money", "approx")]),
    # ... not over another unit, nor over an item with its own qualifier, nor backwards
    ("约两成企业和12个园区", [("约两成", 20, "%", "percent", "approx"), ("12个", 12, "个", "count", "exact")]),
    ("这一格局一成不变", []),
    ("物流成本同比下降一成", [("一成", 10, "%", "percent", "exact")]),
    ("分别增长约8%和近一成", [("约8%", 8, "%", "percent", "approx"), ("近一成", 10, "%", "percent", "less_than")]),
    ("投资5亿元和约3亿元", [("5亿元", 5e8, "CNY", "money", "exact"), ("约3亿元", 3e8, "CNY", "money", "approx")]),
    # 成 is tenths: 两成 = 20%, 三成半 = 35%
    ("本地配套率提高到三成半", [("三成半", 35, "%", "percent", "exact")]),
])
def test_qualifiers_and_measure_words(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, expected", [
    # fractions and halves are percents, with their qualifiers
    ("全县三分之一左右的村建成了电商服务站", [("三分之一左右", 100 / 3, "%", "percent", "approx")]),
    ("四分之三的企业已完成数字化改造", [("四分之三", 75, "%", "percent", "exact")]),
    ("出口额占全省的五分之二以上", [("五分之二以上", 40, "%", "percent", "more_than")]),
    ("超过3分之1的项目提前开工", [("超过3分之1", 100 / 3, "%", "percent", "more_than")]),
    ("过半的受访企业表示订单增加", [("过半", 50, "%", "percent", "more_than")]),
    ("半数以上的乡镇实现集中供水", [("半数以上", 50, "%", "percent", "more_than")]),
    ("民营企业贡献了一半左右的税收", [("一半左右", 50, "%", "percent", "approx")]),
    # ... and not: halves of time, 大半, a fraction above one, 一半 inside a word
    ("项目已过半年考核期", []),
    ("大半个世纪以来", []),
    ("工期缩短了一半天", []),
    ("五分之六", []),
    ("多一半的时间", []),
    # measure words of real news: 份, 处, 组, 台套, 架次, 艘次, 辆次, 批次
    ("受理专利申请1200份", [("1200份", 1200, "份", "count", "exact")]),
    ("新建口袋公园35处", [("35处", 35, "处", "count", "exact")]),
    ("组建专家服务团20组", [("20组", 20, "组", "count", "exact")]),
    ("推广首台套装备超过300台套", [("超过300台套", 300, "台套", "count", "more_than")]),
    ("机场保障航班起降1.2万架次", [("1.2万架次", 12000, "架次", "count", "exact")]),
    ("港口进出船舶3万艘次", [("3万艘次", 30000, "艘次", "count", "exact")]),
    ("高速公路通行车辆560万辆次", [("560万辆次", 5.6e6, "辆次", "count", "exact")]),
    ("分三批次发放补贴", []),
    ("网联处理支付交易234.39亿笔", [("234.39亿笔", 2.3439e10, "笔", "count", "exact")]),
    ("我国已对40国实行单方面免签", [("40国", 40, "国", "count", "exact")]),
    ("与12国签署合作文件", [("12国", 12, "国", "count", "exact")]),
    ("二十国集团领导人峰会", []), ("七国集团", []), ("5国企合并", []),
    ("累计挂牌3933宗标的", [("3933宗", 3933, "宗", "count", "exact")]),
    ("电价分为21档", [("21档", 21, "档", "count", "exact")]),
    ("每天约1.5万班次民航航班", [("约1.5万班次", 15000, "班次", "count", "approx")]),
    ("一笔资金到位", []), ("两宗地块出让", []), ("提升3档次", []),
    ("市场份额持续提升", []),
    ("妥善处理投诉", []),
    ("组建20个小组", [("20个", 20, "个", "count", "exact")]),
])
def test_fractions_halves_and_measure_words(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, expected", [
    # bare numbers listed after 分别 share the last item's unit (and its 万/亿)
    ("两项指标分别提高0.8、1.5和2个百分点", [("0.8", 0.8, "pp", "percent", "exact"), ("1.5", 1.5, "pp", "percent", "exact"),
                                        ("2个百分点", 2, "pp", "percent", "exact")]),
    ("进口和出口同比分别增长8.1和6.5%", [("8.1", 8.1, "%", "percent", "exact"), ("6.5%", 6.5, "%", "percent", "exact")]),
    ("三个园区投资分别为3、5和8亿元", [("3", 3e8, "CNY", "money", "exact"), ("5", 5e8, "CNY", "money", "exact"),
                                   ("8亿元", 8e8, "CNY", "money", "exact")]),
    ("两地分别新增企业12、15家", [("12", 12, "家", "count", "exact"), ("15家", 15, "家", "count", "exact")]),
    ("粮食和蔬菜产量分别达到3和5.5万吨", [("3", 3e4, "吨", "mass", "exact"), ("5.5万吨", 5.5e4, "吨", "mass", "exact")]),
    # ... not without 分别, not over years, line numbers or ordinals
    ("新增5、6个", [("6个", 6, "个", "count", "exact")]),
    ("2023、2024和2025年分别增长", []),
    ("1、2号线分别延长5公里", [("5公里", 5, "公里", "length", "exact")]),
    ("分别在第1、2和3个季度", []),
    ("引进企业3和5家", [("5家", 5, "家", "count", "exact")]),
])
def test_a_list_shares_its_unit(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, low, high", [
    # 数/几 + a magnitude: several of them, an approximate range, never exactly one magnitude
    ("沿线分布着数百个村庄", 200, 900), ("吸引了几十家企业参展", 20, 90), ("新增数十台设备", 20, 90),
    ("带动数千名农户增收", 2000, 9000), ("撬动社会资本数十亿元", 2e9, 9e9), ("几百家供应商", 200, 900),
])
def test_several_is_an_approximate_range(text, low, high):
    (q,) = find_quantities(text)
    assert (q.value_low, q.value_high, q.value) == pytest.approx((low, high, (low + high) / 2))
    assert q.qualifier == "approx"
    assert q.full_text(text).startswith(("数", "几"))


@pytest.mark.parametrize("text, expected", [
    # magnitudes without a digit, with their qualifiers
    ("全省外贸首次突破万亿元", [("突破万亿元", 1e12, "CNY", "money", "more_than")]),
    ("全县有万余家市场主体", [("万余家", 1e4, "家", "count", "more_than")]),
    ("园区集聚了百余家企业", [("百余家", 100, "家", "count", "more_than")]),
    ("年销售额超过亿元", [("超过亿元", 1e8, "CNY", "money", "more_than")]),
    ("数以万计的游客", []), ("无数个日夜", []),
    # qualifiers behind brackets and particles
    ("年产能达到400万台（套）以上", [("400万台（套）以上", 4e6, "台套", "count", "more_than")]),
    ("本地配套率超过了60%", [("超过了60%", 60, "%", "percent", "more_than")]),
    ("交易额突破了50亿元", [("突破了50亿元", 5e9, "CNY", "money", "more_than")]),
    ("签约项目接近了百个", [("接近了百个", 100, "个", "count", "less_than")]),
    # a multiple after a verb of change, with 多 after it; a digit and a half of a measure
    ("网上零售额增长了一倍多", [("一倍多", 1, "倍", "other", "more_than")]),
    ("出口额翻了两倍", [("两倍", 2, "倍", "other", "exact")]),
    ("装机容量增长了3倍多", [("3倍多", 3, "倍", "other", "more_than")]),
    ("付出一倍的努力", []), ("两倍于此", []),
    ("亩产一吨半", [("一吨半", 1.5, "吨", "mass", "exact")]), ("水深两米半", [("两米半", 2.5, "米", "length", "exact")]),
    ("一米阳光", []), ("两米", []),
    ("超过了预期", []),
])
def test_bare_magnitudes_and_hidden_qualifiers(text, expected):
    got = [(q.full_text(text), q.value, q.unit, q.kind, q.qualifier) for q in find_quantities(text)]
    assert [g[:1] + g[2:] for g in got] == [e[:1] + e[2:] for e in expected]
    assert [g[1] for g in got] == pytest.approx([e[1] for e in expected])


@pytest.mark.parametrize("text, expected", [
    # a policy nickname in quotes ending in its count, and a sports event named by its distance, are names
    ("广东先后出台“稳外贸8条”“内外贸一体化14条”等政策", []),
    ("全省推出“民营经济31条”", []),
    ("落实“稳就业20项”举措", []),
    ("她赢得女子50米蛙泳冠军", []),
    ("包揽了男子400米自由泳前三名", []),
    ("100米、200米两项冠军被同一所学校夺得", []),
    # ... but counts of measures, quoted speech and lengths are figures
    ("推出“20条措施”", [("20条", 20, "条", "count", "exact")]),
    ("推出20条措施", [("20条", 20, "条", "count", "exact")]),
    ("他说：“今年新增企业120家”", [("120家", 120, "家", "count", "exact")]),
    ("大桥主跨1200米", [("1200米", 1200, "米", "length", "exact")]),
    ("新建跑道3600米，", [("3600米", 3600, "米", "length", "exact")]),
])
def test_numbers_inside_names(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a discount is the percent of the price paid
    ("家电以旧换新最高打八折", [("八折", 80, "%", "percent", "exact")]),
    ("部分商品低至7.5折", [("7.5折", 75, "%", "percent", "exact")]),
    ("景区门票八五折优惠", [("八五折", 85, "%", "percent", "exact")]),
    ("会员享受9.9折", [("9.9折", 99, "%", "percent", "exact")]),
    ("淡季客房打对折", [("对折", 50, "%", "percent", "exact")]),
    # ... and not: 折合, 折扣 as a noun, 转折, idioms
    ("折合人民币3亿元", [("3亿元", 3e8, "CNY", "money", "exact")]),
    ("经济发展迎来转折点", []), ("谈判一波三折", []), ("百折不挠的精神", []), ("加大折扣力度", []),
])
def test_discounts(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, value, low, high", [
    # 多/余/几 after a number: more than it, below the next step of its last digit
    ("营收3000多万元", 3e7, 3e7, 4e7), ("十几家企业", 10, 10, 20), ("二十多万人", 2e5, 2e5, 3e5),
    ("带动三万余人就业", 3e4, 3e4, 4e4), ("1.5万多名游客", 15000, 15000, 16000),
])
def test_more_than_has_bounds(text, value, low, high):
    (q,) = find_quantities(text)
    assert (q.value, q.value_low, q.value_high) == pytest.approx((value, low, high))
    assert q.qualifier == "more_than"


@pytest.mark.parametrize("text", ["投资5亿元至3亿元", "增长5%，8%", "20来家企业", "投资3万元和5万元"])
def test_not_ranges(text):
    assert all(q.value_low is None or "至" not in q.text for q in find_quantities(text))


@pytest.mark.parametrize("text", [
    # session and edition ordinals count no thing
    "学习贯彻党的二十届三中全会精神", "十四届全国人大二次会议在京开幕", "第十四届全国人民代表大会",
    "第136届广交会在广州举办", "市六届人大三次会议", "第3届中国国际进口博览会", "省十二届委员会第七次全体会议",
    # durations are left out
    "制造业采购经理指数连续15个月位于扩张区间", "经济增速已连续6个季度以来保持回升", "5个工作日内办结",
    "工期缩短了3个多月", "两个多小时车程",
])
def test_ordinals_and_durations_are_not_figures(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, expected", [
    # ... while counts of sessions, and months as things, still are
    ("该展会已连续举办了12届", [("12届", 12, "届", "count", "exact")]),
    ("新建5个月季花园", []),  # 月季 is a flower, but 个月 reads as a duration: a documented loss
    ("3个多月来新增企业120家", [("120家", 120, "家", "count", "exact")]),
    ("举办15场招聘会", [("15场", 15, "场", "count", "exact")]),
    ("第二季度新增就业2万人", [("2万人", 20000, "人", "count", "exact")]),
])
def test_counts_beside_ordinals_and_durations(text, expected):
    _same_rows(text, expected)


@pytest.mark.parametrize("text, low, high, value", [
    ("计划投资3至5亿元", 3e8, 5e8, 4e8),
    ("新引进项目20-30家", 20, 30, 25),
    ("两到三万港元", 20000, 30000, 25000),
    # the low end borrows one small magnitude too, or the big ones after it
    ("每户补贴两到三仟元", 2000, 3000, 2500), ("票价两~3百元", 200, 300, 250), ("招聘五至八百人", 500, 800, 650),
    ("年薪十八至三十万元", 180000, 300000, 240000), ("投资一百二十到一百五十万元", 1.2e6, 1.5e6, 1.35e6),
    ("八至十家", 8, 10, 9), ("二十至三十家", 20, 30, 25),
    # a unit on both ends, a percent sign on both ends
    ("补贴标准为1万元至5万元", 1e4, 5e4, 3e4), ("每段10公里-20公里", 10, 20, 15), ("预计增长5%-8%", 5, 8, 6.5),
    ("增速在5%至8%之间", 5, 8, 6.5), ("投资20家到30家", 20, 30, 25),
])
def test_ranges_midpoint(text, low, high, value):
    (q,) = find_quantities(text)
    assert (q.value_low, q.value_high, q.value) == pytest.approx((low, high, value))
    assert "approx" in q.qualifier


@pytest.mark.parametrize("text", [
    "为建设\"33618\"现代制造业集群体系注入新动能", "涵盖多个头部供应链企业的\"1+2+N\"合作生态关系",
    "《优化承接产业转移环境行动计划(2025-2027)》", "自我市于2023年11月首次承办该活动以来", "6》涪陵 当好课代表",
    "万州、三峡库区、九龙坡", "三一重工\"灯塔工厂\"", "万达开与陕鄂毗邻地区", "借力\"一带一路\"通道",
    "从两个方面为全市经济发展提供支撑", "一方面,创新资源加速集聚;另一方面,吸引人才", "四链协同", "国内国际双循环",
    "推动一批项目落地", "各区县\"一域一特色\"", "推动一揽子工业产品", "通过引入一个关键产业项目", "万亿级产业集群",
    "工信部电子五所", "5G基站", "第3个", "“十四五”时期",
])
def test_not_figures(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["今年,我市再次举办这项活动", "我市通过集中对接东部优质产业资源"])
def test_article_sentences_without_figures(text):
    assert find_quantities(text) == []


# ---- properties -----------------------------------------------------------------------------

_CN = "零一二三四五六七八九"


def _section(n: int) -> str:
    """0 < n < 10000 as Chinese numerals, standard written form (一千零五, 三百二十, 十二)."""
    out, zero = "", False
    for unit, u in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d:
            if zero and out:
                out += "零"
            out += ("" if (unit == 10 and d == 1 and not out) else _CN[d]) + u
            zero = False
        else:
            zero = True
    return out


def to_chinese(n: int) -> str:
    """A non-negative integer as Chinese numerals with 万/亿 (our own generator, not cn2an)."""
    if n == 0:
        return "零"
    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // big
        n %= big
        if chunk:
            text = to_chinese(chunk) if chunk >= 10**4 else _section(chunk)
            if parts and chunk < 1000:  # a section below a thousand after a higher one needs 零
                text = "零" + text
            parts.append(text + name)
        elif parts and n:
            parts.append("零")
    s = "".join(parts)
    while "零零" in s:
        s = s.replace("零零", "零")
    return s.rstrip("零") or "零"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_roundtrip(n):
    assert parse_number(to_chinese(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=99),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("", 1)]))
def test_arabic_with_magnitude_roundtrip(whole, frac, mag):
    word, mult = mag
    number = f"{whole}.{frac:02d}" if frac else str(whole)
    assert parse_number(number + word) == pytest.approx(float(number) * mult)
    grouped = f"{whole:,}" + (f".{frac:02d}" if frac else "")
    assert parse_number(grouped + word) == pytest.approx(float(number) * mult)
    # full-width digits and the Chinese reading of the integer part
    full = number.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_number(full + word) == pytest.approx(float(number) * mult)
    assert parse_number(to_chinese(whole) + word) == pytest.approx(whole * mult)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9))
def test_chinese_decimal_with_magnitude(n, d):
    assert parse_number(f"{to_chinese(n)}点{_CN[d]}万") == pytest.approx((n + d / 10) * 10**4)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=60)
       | st.text(alphabet="0123456789,.%万亿千百十一二两三五零余多超约至-家人元亿亩个年月 ", max_size=40))
def test_find_quantities_never_raises_and_offsets_valid(text):
    qs = find_quantities(text)
    last = -1
    for q in qs:
        assert 0 <= q.qualifier_start <= q.start < q.end <= q.qualifier_end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.start >= last
        last = q.end


# --------------------------------------------------------------------------------------------
# quantities_by_sentence: the per-sentence quantities, found once for the whole text
# --------------------------------------------------------------------------------------------

def _per_sentence(text, spans):
    """What one call per sentence gives, offsets shifted to index ``text``."""
    return [[_shift(q, lo) for q in _find(text[lo:hi])] for lo, hi in spans]


_BOUNDARY_TEXTS = [
    # a forecast word in the previous sentence, behind an ellipsis (no wall) or a full stop (wall)
    "预计投资……新增50亿元。力争带动就业超过1.2万人。去年已完成3个项目",
    # a percent after ASCII '?' is skipped as URL text in the whole text, found on its own
    "增长多少?5%左右。占比约三成",
    # a space may open a percent (三个百分点): not a wall
    "提高了。 三个百分点！下降 两个百分点",
    # 块 before a line end reads the line end; at the text's end it reads nothing
    "卖了十块\n又卖了三块。买地两块",
    # closing quotes after the terminator; a list of figures across the full stop
    "他说：“投资约5亿元和8亿元。”10亿元、20亿元分别到位。“近3000人”",
    "总投资超过100亿元以上；其中50亿元已到位\n上千名员工，近万家企业。",
    # a comma does not end the reach of a forecast word
    "预计明年，投资50亿元，带动3000人",
]


@pytest.mark.parametrize("text", _BOUNDARY_TEXTS)
def test_quantities_by_sentence_equals_one_call_per_sentence(text):
    # every sentence-like cut (after each punctuation mark or space) and every pair of positions
    cuts = sorted({0, len(text), *(i + 1 for i, c in enumerate(text) if not c.isalnum())})
    spans = list(pairwise(cuts)) + [(a, b) for a in range(len(text)) for b in range(a + 1, len(text) + 1)]
    got = quantities_by_sentence(text, spans)
    want = _per_sentence(text, spans)
    assert [[(q, q.number_text) for q in qs] for qs in got] == [[(q, q.number_text) for q in qs] for qs in want]


def test_quantities_by_sentence_on_the_embedded_article():
    document = clean_document(textio.read_text(paths.DEFAULT_INPUT), doc_id="a").document
    sents = split_sentences(document)
    spans = list(zip(sents["start"].astype(int), sents["end"].astype(int)))
    text = document["text"]
    assert quantities_by_sentence(text, spans) == _per_sentence(text, spans)
    assert sum(map(len, quantities_by_sentence(text, spans))) > 10
