"""Names for readers (helpers.show.names): English names from the lexicon, pinyin otherwise, units in words."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.chars import has_cjk
from helpers.extract import divisions, gazetteer, units
from helpers.show import i18n, names

# ----------------------------------------------------------------------------- the lexicon's English names

DIVISIONS = [
    ("万州区", "Wanzhou District"), ("涪陵区", "Fuling District"), ("渝中区", "Yuzhong District"),
    ("大渡口区", "Dadukou District"), ("江北区", "Jiangbei District"), ("沙坪坝区", "Shapingba District"),
    ("九龙坡区", "Jiulongpo District"), ("南岸区", "Nan'an District"), ("北碚区", "Beibei District"),
    ("綦江区", "Qijiang District"), ("大足区", "Dazu District"), ("渝北区", "Yubei District"),
    ("巴南区", "Banan District"), ("黔江区", "Qianjiang District"), ("长寿区", "Changshou District"),
    ("江津区", "Jiangjin District"), ("合川区", "Hechuan District"), ("永川区", "Yongchuan District"),
    ("南川区", "Nanchuan District"), ("璧山区", "Bishan District"), ("铜梁区", "Tongliang District"),
    ("潼南区", "Tongnan District"), ("荣昌区", "Rongchang District"), ("开州区", "Kaizhou District"),
    ("梁平区", "Liangping District"), ("武隆区", "Wulong District"), ("城口县", "Chengkou County"),
    ("丰都县", "Fengdu County"), ("垫江县", "Dianjiang County"), ("忠县", "Zhongxian County"),
    ("云阳县", "Yunyang County"), ("奉节县", "Fengjie County"), ("巫山县", "Wushan County"),
    ("巫溪县", "Wuxi County"), ("石柱土家族自治县", "Shizhu Tujia Autonomous County"),
    ("秀山土家族苗族自治县", "Xiushan Tujia and Miao Autonomous County"),
    ("酉阳土家族苗族自治县", "Youyang Tujia and Miao Autonomous County"),
    ("彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County"),
    ("重庆", "Chongqing"),
]


def test_the_table_covers_all_38_divisions():
    assert {c for c, _ in DIVISIONS} == set(gazetteer.divisions()["name"]) | {"重庆"}


@pytest.mark.parametrize("canonical, english", DIVISIONS)
def test_chongqing_divisions_by_their_official_english_names(canonical, english):
    assert names.label(canonical, "en") == english
    assert names.label(canonical, "zh") == canonical


@pytest.mark.parametrize("canonical, english", [
    ("渝西地区", "western Chongqing"), ("两江新区", "Liangjiang New Area"), ("长江三角洲", "Yangtze River Delta"),
    ("粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area"), ("东盟", "ASEAN"), ("东部地区", "eastern China"),
    ("西部（重庆）科学城", "Western (Chongqing) Science City"), ("成渝地区双城经济圈", "Chengdu-Chongqing Economic Circle"),
    ("中国（重庆）自由贸易试验区", "China (Chongqing) Pilot Free Trade Zone"), ("长江", "Yangtze River"),
    ("欧洲", "Europe"), ("东南亚", "Southeast Asia"), ("川南", "southern Sichuan"),
])
def test_regions_areas_and_blocs(canonical, english):
    assert names.label(canonical, "en", "place") == english


PROVINCES = [
    ("北京市", "Beijing"), ("天津市", "Tianjin"), ("上海市", "Shanghai"), ("重庆市", "Chongqing"),
    ("河北省", "Hebei Province"), ("山西省", "Shanxi Province"), ("陕西省", "Shaanxi Province"),
    ("内蒙古自治区", "Inner Mongolia Autonomous Region"), ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    ("宁夏回族自治区", "Ningxia Hui Autonomous Region"), ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    ("西藏自治区", "Tibet Autonomous Region"), ("香港特别行政区", "Hong Kong SAR"), ("澳门特别行政区", "Macao SAR"),
    ("山东省", "Shandong Province"), ("四川省", "Sichuan Province"), ("黑龙江省", "Heilongjiang Province"),
]


@pytest.mark.parametrize("canonical, english", PROVINCES)
def test_provinces(canonical, english):
    assert names.label(canonical, "en", "place") == english


def test_every_province_of_the_national_table_has_an_english_name_in_the_lexicon():
    """All 34 province-level divisions that helpers.extract.divisions knows: by the lexicon's name_en
    (重庆市 through the alias of 重庆), none romanised."""
    provinces = divisions.divisions().query("level == 'province'")["name"]
    assert len(provinces) == 34
    lexicon = gazetteer.entries()
    english = set(lexicon.loc[lexicon["name_en"] != "", "name_en"])
    for p in provinces:
        assert names.label(p, "en", "place") in english, p


@pytest.mark.parametrize("canonical, english", [
    ("比亚迪", "BYD"), ("宁德时代", "CATL"), ("华为", "Huawei"), ("赛力斯", "Seres"),
    ("三一重工", "SANY Heavy Industry"), ("延锋", "Yanfeng"), ("长安汽车", "Changan Automobile"),
    ("珠海冠宇", "Zhuhai CosMX Battery"), ("SK海力士", "SK hynix"),
    ("西部陆海新通道", "New International Land-Sea Trade Corridor"),
    ("重庆市经济和信息化委员会", "Chongqing Municipal Commission of Economy and Information Technology"),
    ("工业和信息化部", "Ministry of Industry and Information Technology"), ("一带一路", "Belt and Road Initiative"),
    ("重庆邮电大学", "Chongqing University of Posts and Telecommunications"),
])
def test_organisations_and_programmes_by_their_english_names(canonical, english):
    assert names.label(canonical, "en") == english
    assert names.both(canonical, "en") == f"{english} ({canonical})"
    assert names.both(canonical, "zh") == canonical


@pytest.mark.parametrize("written, english", [
    ("我市", "Chongqing"), ("重庆市", "Chongqing"), ("长三角", "Yangtze River Delta"), ("璧山", "Bishan District"),
    ("市经济信息委", "Chongqing Municipal Commission of Economy and Information Technology"),
    ("西部(重庆)科学城", "Western (Chongqing) Science City"), ("比亚迪股份有限公司", "BYD"), ("长寿", "Changshou District"),
])
def test_aliases_and_bracket_spellings_find_the_entity(written, english):
    assert names.label(written, "en") == english


@pytest.mark.parametrize("canonical, english", [
    ("老挝", "Laos"), ("俄罗斯", "Russia"), ("美国", "United States"),  # the lexicon's own short forms
    ("阿联酋", "United Arab Emirates"), ("伊朗", "Iran"), ("捷克", "Czechia"),  # the country table's
])
def test_countries(canonical, english):
    assert names.label(canonical, "en", "place") == english


def test_the_lexicon_english_is_english():
    e = gazetteer.entries()
    assert "name_en" in e.columns
    written = e[e["name_en"] != ""]
    assert not [n for n in written["name_en"] if has_cjk(n) or n != n.strip() or "  " in n]
    # every division, province, company of note: the lexicon fills most rows, and leaves the rest empty
    assert len(written) >= 0.9 * len(e)


def test_every_english_label_is_free_of_chinese():
    """Every entity of the lexicon and every division and country of the national tables, in English."""
    labels = [names.label(c, "en", t) for c, t in zip(gazetteer.entries()["canonical"], gazetteer.entries()["type"])]
    labels += [names.label(n, "en", "place") for n in divisions.divisions()["name"]]
    labels += [names.label(n, "en", "place") for n in divisions.countries()["name"]]
    bad = [x for x in labels if not x or has_cjk(x)]
    assert not bad, bad[:10]


# ----------------------------------------------------------------------------- pinyin where there is no English name

@pytest.mark.parametrize("name, english", [
    ("昆山市", "Kunshan"),  # a city by its name alone, as English writes cities
    ("浦东新区", "Pudong New Area"),
    ("朝阳区", "Chaoyang District"),  # read as a place: not zhaoyang ("morning sun")
    ("泾县", "Jingxian County"),  # a one-character name keeps its generic in pinyin
    ("蔚县", "Yuxian County"),
    ("延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
    ("海西蒙古族藏族自治州", "Haixi Mongolian and Tibetan Autonomous Prefecture"),
    ("阿里地区", "Ali Prefecture"),
    ("六安市", "Lu'an"),  # an apostrophe where a syllable starting with a vowel would join the one before
])
def test_divisions_of_the_national_table_are_romanised_with_their_generic_translated(name, english):
    assert names.known(name)
    assert names.label(name, "en", "place") == english


@pytest.mark.parametrize("name, kind, english", [
    ("苏州凌创", "org", "Suzhou Lingchuang"),  # syllables no dictionary joins are one word
    ("中国赛宝（东部）汽车芯片检测中心", "org", "Zhongguo Saibao (Dongbu) Qiche Xinpian Jiance Zhongxin"),  # brackets kept
    ("天府新区", "place", "Tianfu New Area"),  # a place no table lists, romanised as a division
    ("配套企业", "", "Peitao Qiye"),
])
def test_other_names_are_romanised_word_by_word(name, kind, english):
    assert names.label(name, "en", kind) == english


@pytest.mark.parametrize("value, shown", [(None, ""), (float("nan"), ""), (pd.NA, ""), ("", ""), ("Tesla", "Tesla")])
def test_missing_and_latin_names(value, shown):
    assert names.label(value, "en") == shown
    assert names.both(value, "en") == shown


def test_unknown_language_is_english():
    assert names.label("比亚迪", "fr") == "BYD"


@pytest.mark.parametrize("canonical, en, zh", [
    ("璧山区", "Bishan", "璧山"), ("石柱土家族自治县", "Shizhu", "石柱"), ("南岸区", "Nan'an", "南岸"),
    ("忠县", "Zhongxian", "忠县"), ("山东省", "Shandong", "山东省"), ("比亚迪", "BYD", "比亚迪"),
    ("渝西地区", "western Chongqing", "渝西地区"), ("重庆", "Chongqing", "重庆"),
])
def test_short_names_for_crowded_charts(canonical, en, zh):
    assert names.short(canonical, "en", "place") == en
    assert names.short(canonical, "zh", "place") == zh


def test_known():
    assert names.known("比亚迪") and names.known("我市") and names.known("昆山市") and names.known("老挝")
    assert not names.known("配套企业") and not names.known("") and not names.known(None)


# ----------------------------------------------------------------------------- units

@pytest.mark.parametrize("unit, n, en", [
    ("亩", 20000, "mu"), ("亩", 1, "mu"), ("家", 20, "firms"), ("家", 1, "firm"), ("人", 12000, "people"),
    ("人", 1, "person"), ("英寸", 8, "inches"), ("英寸", 1, "inch"), ("个", 18, ""), ("项", 3, "items"),
    ("人次", 5e4, "person-times"), ("台", 400, "units"), ("吨", 3, "tonnes"), ("吨", 1, "tonne"), ("公里", 12, "km"),
    ("平方米", 500, "m²"), ("平方公里", 2, "km²"), ("公顷", 1, "hectare"), ("千瓦时", 10, "kWh"), ("标箱", 1e4, "TEU"),
    ("辆", 2, "vehicles"), ("倍", 2, "times"), ("CNY", 5e9, "yuan"), ("USD", 3, "US dollars"), ("%", 5, "%"),
])
def test_units_in_english(unit, n, en):
    assert names.unit_label(unit, n, "en") == en


@pytest.mark.parametrize("unit, zh", [("亩", "亩"), ("家", "家"), ("个", "个"), ("英寸", "英寸"), ("CNY", "元"), ("%", "%")])
def test_units_in_chinese_are_the_units_themselves(unit, zh):
    assert names.unit_label(unit, 3, "zh") == zh


def test_every_unit_the_extractor_stores_has_an_english_word():
    stored = {u for _, u in units.UNITS.values()} | set(units.CURRENCIES.values())
    for u in sorted(stored):
        for n in (1, 2, 1.5):
            word = names.unit_label(u, n, "en")
            assert not has_cjk(word), (u, word)
        assert names.unit_label(u, 2, "zh"), u


@pytest.mark.parametrize("missing", [None, "", float("nan")])
def test_no_unit(missing):
    assert names.unit_label(missing, 3, "en") == ""


def test_lookups_are_cached():
    names.label("九龙坡区", "en")
    before = names._english.cache_info().hits
    for _ in range(100):
        names.label("九龙坡区", "en")
    assert names._english.cache_info().hits >= before + 100
    assert names._table.cache_info().currsize == 1


# ----------------------------------------------------------------------------- the entity section in the reader's language

def _entities(rows):
    return pd.DataFrame([{"doc_id": "d", "name": w, "canonical": c, "type": t, "division_code": code, "mentions": m,
                          "first_start": i} for i, (w, c, t, code, m) in enumerate(rows)])


ENTITIES = _entities([
    ("重庆", "重庆", "place", "500000", 39), ("璧山", "璧山区", "place", "500120", 2), ("永川", "永川区", "place", "500118", 1),
    ("巴南区", "巴南区", "place", "500113", 1), ("九龙坡区", "九龙坡区", "place", "500107", 1),
    ("巫溪", "巫溪县", "place", "500238", 1), ("城口", "城口县", "place", "500229", 1), ("涪陵", "涪陵区", "place", "500102", 1),
    ("赛力斯", "赛力斯", "org", "", 4), ("比亚迪", "比亚迪", "org", "", 2), ("华为", "华为", "org", "", 1),
    ("烟台", "烟台市", "place", "370600", 1), ("东盟", "东盟", "place", "", 1),
    ("西部陆海新通道", "西部陆海新通道", "programme", "", 3),
])


def test_geography_in_english_names_ties_as_ties_and_has_no_chinese():
    from helpers.show import commentary

    en = commentary.geography(ENTITIES, None, "en")
    assert not has_cjk(en), en
    assert en.startswith("Found 10 places, 3 organisations and 1 programme.")
    assert ("7 of Chongqing's 38 county-level divisions are named; the most mentioned is Bishan District (2 mentions); "
            "6 others are named once: Yongchuan District, Banan District, Jiulongpo District, Wuxi County, "
            "Chengkou County and Fuling District.") in en
    assert "Places outside Chongqing: Yantai and ASEAN." in en
    assert ("3 organisations are named; the most mentioned is Seres (4 mentions), then BYD (2 mentions); "
            "one other is named once: Huawei.") in en
    assert "(s)" not in en


def test_geography_in_chinese_is_natural_chinese():
    from helpers.show import commentary

    zh = commentary.geography(ENTITIES, None, "zh")
    assert ("文中提及重庆区县 7 个，其中璧山区提及最多（2 次），其余 6 个各提及 1 次："
            "永川区、巴南区、九龙坡区、巫溪县、城口县、涪陵区。") in zh
    assert "提及机构 3 个，其中赛力斯提及最多（4 次），其次是比亚迪（2 次），另有 1 个提及 1 次：华为。" in zh
    assert not [w for w in ("Bishan", "District", "mention") if w in zh]


@pytest.mark.parametrize("counts, en", [
    ([("A", 1)], "One organisation is named: A (1 mention)."),
    ([("A", 2), ("B", 2)], "2 organisations are named, 2 times each: A and B."),
    ([("A", 1), ("B", 1), ("C", 1)], "3 organisations are named, once each: A, B and C."),
    ([("A", 5), ("B", 3), ("C", 3), ("D", 1)],
     "4 organisations are named; the most mentioned is A (5 mentions), then B and C (3 mentions each); "
     "one other is named once: D."),
    ([("A", 2), ("B", 2), ("C", 1)],
     "3 organisations are named; the most mentioned are A and B (2 mentions each); one other is named once: C."),
    ([("A", 3)] + [(f"N{i}", 1) for i in range(10)],
     "11 organisations are named; the most mentioned is A (3 mentions); 10 others are named once: "
     "N0, N1, N2, N3, N4, N5, N6, N7 and 2 more."),
])
def test_rankings_say_ties_together(counts, en):
    from helpers.show import commentary

    assert commentary._ranking("geo.orgs", counts, "en") == en


def test_geography_money_is_the_largest_single_figure_of_each_never_a_sum():
    from helpers.show import commentary

    figs = pd.DataFrame([
        {"doc_id": "d", "figure_id": "d:F001", "text": "50亿元", "value": 5e9, "unit": "CNY", "kind": "money",
         "qualifier": "forecast", "subject": "珠海冠宇", "place": "重庆", "metric": "产值"},
        {"doc_id": "d", "figure_id": "d:F002", "text": "1.73亿元", "value": 1.73e8, "unit": "CNY", "kind": "money",
         "qualifier": "forecast", "subject": "珠海冠宇", "place": "重庆", "metric": "税收"},
        {"doc_id": "d", "figure_id": "d:F003", "text": "超90亿元", "value": 9e9, "unit": "CNY", "kind": "money",
         "qualifier": "more_than", "subject": "东部智能制造项目", "place": "九龙坡区", "metric": "到位资金"},
    ])
    ents = pd.concat([ENTITIES, _entities([("珠海冠宇电池", "珠海冠宇", "org", "", 1)])], ignore_index=True)
    en = commentary.geography(ents, None, "en", figures=figs)
    assert ("The largest amount attributed to each: Jiulongpo District (more than 9 billion yuan, F003) and "
            "Zhuhai CosMX Battery (5 billion yuan expected, F001).") in en
    assert "5.173" not in en and "5.17" not in en
    zh = commentary.geography(ents, None, "zh", figures=figs)
    assert "各主体单笔最大的金额：九龙坡区超过90亿元（F003）、珠海冠宇预计50亿元（F001）。" in zh


def test_entity_figures_list_the_largest_and_count_the_rest():
    """A corpus gives an entity figures by the thousand: a row lists the largest VALUES_SHOWN, then how many more."""
    from helpers.extract.entities import link_figures
    from helpers.show import views

    n = views.VALUES_SHOWN + 3
    figs = pd.DataFrame([{"doc_id": "d", "figure_id": f"d:F{i:03d}", "text": f"{i}亿元", "value": i * 1e8,
                          "unit": "CNY", "kind": "money", "qualifier": "exact", "subject": "珠海冠宇", "place": "重庆",
                          "metric": "投资", "metric_en": "investment", "period": None} for i in range(1, n + 1)])
    ents = pd.concat([ENTITIES, _entities([("珠海冠宇", "珠海冠宇", "org", "", 1)])], ignore_index=True)
    for lang, more in (("en", "and 3 more"), ("zh", "另有3个")):
        row = views.entity_figures(link_figures(ents, figs), 30, figs, lang).iloc[0]
        values = row.iloc[-1].split(i18n.text("sep.clause", lang))
        assert row.iloc[3] == n and len(values) == views.VALUES_SHOWN + 1 and values[-1] == more
        assert values[0].endswith("(F015)") or values[0].endswith("（F015）"), values[0]  # the largest first


def test_entity_figures_never_add_metrics_or_units():
    """A company's output and its tax are two rows; values are read as numbers, never 1.8e+11."""
    from helpers.extract.entities import link_figures
    from helpers.show import views

    figs = pd.DataFrame([
        {"doc_id": "d", "figure_id": f"d:F00{i}", "text": t, "value": v, "unit": u, "kind": k, "qualifier": q,
         "subject": s, "place": p, "metric": m, "metric_en": me, "period": None}
        for i, (t, v, u, k, q, s, p, m, me) in enumerate([
            ("50亿元", 5e9, "CNY", "money", "forecast", "珠海冠宇", "重庆", "产值", "output value"),
            ("1.73亿元", 1.73e8, "CNY", "money", "forecast", "珠海冠宇", "重庆", "税收", "tax"),
            ("突破1800亿元", 1.8e11, "CNY", "money", "more_than", "产业集群", "渝西地区", "产值", "output value"),
            ("两万亩", 2e4, "亩", "area", "exact", "特色产业园", "巫溪县", "面积", "area"),
            ("超1200家", 1200, "家", "count", "more_than", "企业", "渝西地区", "企业数", "firms"),
        ], start=1)])
    ents = pd.concat([ENTITIES, _entities([("珠海冠宇", "珠海冠宇", "org", "", 1),
                                           ("渝西", "渝西地区", "place", "", 3)])], ignore_index=True)
    links = link_figures(ents, figs)
    en = views.entity_figures(links, 30, figs, "en")
    assert list(en.columns) == ["entity", "type", "metric", "figures", "values (figure id)"]
    rows = {(r.entity, r.metric): r for r in en.itertuples()}
    assert rows[("Zhuhai CosMX Battery (珠海冠宇)", "output value")][-1] == "5 billion yuan (forecast, F001)"
    assert rows[("Zhuhai CosMX Battery (珠海冠宇)", "tax")][-1] == "173 million yuan (forecast, F002)"
    assert rows[("western Chongqing (渝西地区)", "output value")][-1] == "more than 180 billion yuan (F003)"
    assert rows[("western Chongqing (渝西地区)", "firms")][-1] == "more than 1,200 firms (F005)"
    assert rows[("Wuxi County (巫溪县)", "area")][-1] == "20,000 mu (F004)"
    cells = " ".join(map(str, en.to_numpy().ravel()))
    assert "e+" not in cells and "5.173" not in cells
    zh = views.entity_figures(links, 30, figs, "zh")
    assert list(zh.columns) == ["主体", "类型", "指标", "数据个数", "数值（编号）"]
    assert set(zh["数值（编号）"]) == {"预计50亿元（F001）", "预计1.73亿元（F002）", "超过1800亿元（F003）",
                                   "2万亩（F004）", "超过1200家（F005）"}
