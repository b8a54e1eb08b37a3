"""The panel (helpers.extract.panel): when two figures agree, which figures are one fact, reprints and copies,
the series, the products on disk (Parquet, CSV, .dta, codebook) and what notebook 07 shows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.extract import panel
from helpers.show import panel_view

# ----------------------------------------------------------------------------- pairs of figures

# (figure a, figure b, compatible?): each figure is (text, value, qualifier[, value_low, value_high])
YI = 1e8
PAIRS = [
    # exact values agree at the precision written
    (("1475亿元", 1475 * YI, "exact"), ("1475亿元", 1475 * YI, "exact"), True),
    (("1475亿元", 1475 * YI, "exact"), ("1475.3亿元", 1475.3 * YI, "exact"), True),
    (("1475亿元", 1475 * YI, "exact"), ("1476亿元", 1476 * YI, "exact"), False),
    (("1475亿元", 1475 * YI, "exact"), ("1745亿元", 1745 * YI, "exact"), False),
    (("1500亿元", 1500 * YI, "exact"), ("1475亿元", 1475 * YI, "exact"), False),  # trailing zeros are digits
    (("1.2万人", 1.2e4, "exact"), ("12000人", 1.2e4, "exact"), True),
    (("1.2万人", 1.2e4, "exact"), ("12300人", 1.23e4, "exact"), True),  # 1.2万 is 11500 to 12500
    (("1.2万人", 1.2e4, "exact"), ("12600人", 1.26e4, "exact"), False),
    (("1.25万人", 1.25e4, "exact"), ("12460人", 1.246e4, "exact"), True),
    (("8.6%", 8.6, "exact"), ("8.64%", 8.64, "exact"), True),
    (("8.6%", 8.6, "exact"), ("8.7%", 8.7, "exact"), False),
    (("一百二十亿元", 120 * YI, "exact"), ("120亿元", 120 * YI, "exact"), True),
    (("两万亩", 2e4, "exact"), ("20000亩", 2e4, "exact"), True),
    # lower bounds agree with what reaches them
    (("超1200家", 1200, "more_than"), ("1200多家", 1200, "more_than", 1200, 1300), True),
    (("超1200家", 1200, "more_than"), ("1350家", 1350, "exact"), True),
    (("超1200家", 1200, "more_than"), ("1150家", 1150, "exact"), False),
    (("1200多家", 1200, "more_than", 1200, 1300), ("1350家", 1350, "exact"), False),
    (("突破1800亿元", 1800 * YI, "more_than"), ("1800亿元", 1800 * YI, "exact"), True),
    (("超过40个", 40, "more_than"), ("超30个", 30, "more_than"), True),
    (("逾千家", 1000, "more_than"), ("1200多家", 1200, "more_than", 1200, 1300), True),
    # 近 is slightly below; 不到 anything below
    (("1475亿元", 1475 * YI, "exact"), ("近1500亿元", 1500 * YI, "less_than"), True),
    (("1400亿元", 1400 * YI, "exact"), ("近1500亿元", 1500 * YI, "less_than"), False),
    (("1510亿元", 1510 * YI, "exact"), ("近1500亿元", 1500 * YI, "less_than"), False),
    (("1400亿元", 1400 * YI, "exact"), ("不到1500亿元", 1500 * YI, "less_than"), True),
    (("将近50家", 50, "less_than"), ("48家", 48, "exact"), True),
    (("接近10万吨", 1e5, "less_than"), ("9.6万吨", 9.6e4, "exact"), True),
    (("不到30%", 30, "less_than"), ("超过30%", 30, "more_than"), False),  # they only touch at 30, which neither is
    (("不到30%", 30, "less_than"), ("超过35%", 35, "more_than"), False),
    # approximations reach 5%, or half a unit of their last digit if wider
    (("约1300亿元", 1300 * YI, "approx"), ("1320亿元", 1320 * YI, "exact"), True),
    (("约1300亿元", 1300 * YI, "approx"), ("1400亿元", 1400 * YI, "exact"), False),
    (("约2万人", 2e4, "approx"), ("2.4万人", 2.4e4, "exact"), True),
    (("约2万人", 2e4, "approx"), ("2.6万人", 2.6e4, "exact"), False),
    (("约1300亿元", 1300 * YI, "approx"), ("近1300亿元", 1300 * YI, "less_than"), True),
    (("1300亿元左右", 1300 * YI, "approx"), ("超1200亿元", 1200 * YI, "more_than"), True),
    (("数百个", 550, "approx", 200, 900), ("860个", 860, "exact"), True),
    (("数百个", 550, "approx", 200, 900), ("1200个", 1200, "exact"), False),
    (("三至五亿元", 4 * YI, "approx", 3 * YI, 5 * YI), ("4.2亿元", 4.2 * YI, "exact"), True),
    (("三至五亿元", 4 * YI, "approx", 3 * YI, 5 * YI), ("6亿元", 6 * YI, "exact"), False),
    # qualifiers combined with a forecast read as without it (the key keeps forecasts apart)
    (("超过1.2万人", 1.2e4, "more_than+forecast"), ("1.3万人", 1.3e4, "forecast"), True),
]


def _fig(spec) -> dict:
    text, value, qualifier, *bounds = spec
    low, high = bounds if bounds else (None, None)
    return {"text": text, "value": value, "qualifier": qualifier, "value_low": low, "value_high": high}


@pytest.mark.parametrize("a, b, expected", PAIRS, ids=[f"{a[0]}~{b[0]}" for a, b, _ in PAIRS])
def test_when_two_figures_agree(a, b, expected):
    assert panel.compatible(_fig(a), _fig(b)) is expected
    assert panel.compatible(_fig(b), _fig(a)) is expected  # symmetric


@pytest.mark.parametrize("text, value, low, step", [
    ("1475亿元", 1475 * YI, None, 0.5 * YI), ("1475.3亿元", 1475.3 * YI, None, 0.05 * YI),
    ("8.6%", 8.6, None, 0.05), ("1,200家", 1200, None, 0.5), ("1200多家", 1200, 1200, 0.5),
    ("三至五亿元", 4 * YI, 3 * YI, 0.5 * YI), ("一百二十亿元", 120 * YI, None, 5 * YI), ("两万亩", 2e4, None, 5e3),
    ("百分之八点五", 8.5, None, 0.05), ("3000-5000万元", 4e7, 3e7, 5e3),
])
def test_the_precision_a_figure_is_written_at(text, value, low, step):
    assert panel.half_step(text, value, low) == pytest.approx(step)


def test_intervals_of_each_qualifier():
    assert panel.interval(1200, "more_than", "超1200家") == (1200, math.inf)
    assert panel.interval(1200, "more_than", "1200多家", 1200, 1300) == (1200, 1300)
    assert panel.interval(1500, "less_than", "近1500") == (1425, 1500)
    assert panel.interval(1500, "less_than", "不到1500") == (-math.inf, 1500)
    assert panel.interval(1300, "approx", "约1300") == pytest.approx((1235, 1365))
    assert panel.interval(-3.8, "exact", "-3.8%") == pytest.approx((-3.85, -3.75))


def test_readings_are_as_few_as_there_can_be():
    # 1475 twice and 近1500 agree; 1745 is another reading; a lower bound of 1200 goes with the first
    assert panel.readings([(1474.5, 1475.5), (1474.5, 1475.5), (1744.5, 1745.5), (1425, 1500),
                           (1200, math.inf)]) == [0, 0, 1, 0, 0]
    assert panel.readings([(1, 2)]) == [0]
    assert panel.readings([(1, 2), (3, 4), (5, 6)]) == [0, 1, 2]


# ----------------------------------------------------------------------------- figures into facts

FIG_COLUMNS = ["doc_id", "figure_id", "text", "value", "value_low", "value_high", "unit", "kind", "qualifier",
               "place", "place_code", "subject", "metric", "metric_en", "measure", "metric_phrase", "period",
               "period_kind", "comparable", "sent_id", "start", "end", "raw_start", "raw_end", "sentence"]


def figures(*rows: dict) -> pd.DataFrame:
    """A figures table from a few fields per row (the rest defaulted: 渝北区, 投资, CNY, 2024, point)."""
    base = {"value_low": None, "value_high": None, "unit": "CNY", "kind": "money", "qualifier": "exact",
            "place": "渝北区", "place_code": "500112", "subject": "", "metric": "投资", "metric_en": "investment",
            "measure": "level", "metric_phrase": "", "period": "2024", "period_kind": "point", "comparable": "",
            "sent_id": 0, "start": 0, "end": 1, "raw_start": 0, "raw_end": 1}
    out = []
    counter: dict[str, int] = {}
    for r in rows:
        row = {**base, **r}
        counter[row["doc_id"]] = counter.get(row["doc_id"], 0) + 1
        row.setdefault("figure_id", f"{row['doc_id']}:F{counter[row['doc_id']]:03d}")
        row.setdefault("sentence", f"{row['doc_id']} 的第{row['sent_id']}句：{row['text']}")
        out.append(row)
    return pd.DataFrame(out)[FIG_COLUMNS] if out else pd.DataFrame(columns=FIG_COLUMNS)


def docs(**dates: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(dates), "date": list(dates.values())})


def test_one_document_makes_only_single_facts():
    p = panel.build(figures({"doc_id": "a", "text": "1475亿元", "value": 1475 * YI},
                            {"doc_id": "a", "text": "136个", "value": 136, "unit": "个", "metric": "项目数"}),
                    docs(a="2024-12-27"))
    assert list(p.facts["status"]) == ["single", "single"] and p.counts()["documents"] == 1
    assert "two documents or more" in panel_view.summary(p, "en")


def test_the_same_fact_in_several_documents_agrees_or_conflicts():
    f = figures({"doc_id": "a", "text": "1475亿元", "value": 1475 * YI},
                {"doc_id": "b", "text": "近1500亿元", "value": 1500 * YI, "qualifier": "less_than"},
                {"doc_id": "c", "text": "1745亿元", "value": 1745 * YI},
                {"doc_id": "a", "text": "超1200家", "value": 1200, "qualifier": "more_than", "unit": "家",
                 "metric": "企业数"},
                {"doc_id": "b", "text": "1200多家", "value": 1200, "qualifier": "more_than", "unit": "家",
                 "metric": "企业数", "value_low": 1200, "value_high": 1300})
    p = panel.build(f, docs(a="2024-12-27", b="2024-12-30", c="2025-01-08"))
    facts = p.facts.set_index("metric")
    money = facts.loc["投资"]
    assert money["status"] == "conflict" and money["n_sources"] == 3 and money["n_readings"] == 2
    assert money["value"] == 1475 * YI and money["value_other"] == 1745 * YI
    assert money["readings"] == "1475亿元 [a;b] | 1745亿元 [c]"
    assert (money["bound_low"], money["bound_high"]) == (1474.5 * YI, 1475.5 * YI)
    firms = facts.loc["企业数"]
    assert firms["status"] == "agreed" and firms["n_sources"] == 2 and firms["text"] == "1200多家"
    assert (firms["bound_low"], firms["bound_high"]) == (1200, 1300)
    assert firms["first_date"] == "2024-12-27" and firms["latest_date"] == "2024-12-30"
    src = p.sources[p.sources["fact_id"] == money["fact_id"]]
    assert list(src["reading"]) == [1, 1, 2] and list(src["doc_id"]) == ["a", "b", "c"]


KEY_CHANGES = [
    {"subject": "临空制造业"}, {"metric": "产值"}, {"unit": "USD"}, {"period_kind": "cumulative"},
    {"measure": "change"}, {"period": "2025"}, {"place": "江北区", "place_code": "500105"},
    {"qualifier": "forecast"},
]


@pytest.mark.parametrize("change", KEY_CHANGES, ids=lambda c: "+".join(c))
def test_nothing_is_merged_across_subjects_metrics_units_or_period_kinds(change):
    """Two figures differing only in one part of the key are two facts, however close their values."""
    p = panel.build(figures({"doc_id": "a", "text": "1475亿元", "value": 1475 * YI},
                            {"doc_id": "b", "text": "1475亿元", "value": 1475 * YI, **change}),
                    docs(a="2024-12-27", b="2024-12-28"))
    assert len(p.facts) == 2 and set(p.facts["status"]) == {"single"}


def test_undated_periods_hold_as_of_their_document_month():
    """截至目前 a year apart is two facts (a series), not a conflict; the same month is one fact."""
    row = {"text": "1200多家", "value": 1200, "qualifier": "more_than", "value_low": 1200, "value_high": 1300,
           "unit": "家", "metric": "企业数", "period": "to-date", "period_kind": "cumulative"}
    p = panel.build(figures({"doc_id": "a", **row}, {"doc_id": "b", **row, "text": "超1100家", "value": 1100,
                                                     "value_low": None, "value_high": None},
                            {"doc_id": "c", **row, "text": "1250家", "value": 1250, "qualifier": "exact",
                             "value_low": None, "value_high": None}),
                    docs(a="2024-12-27", b="2023-12-19", c="2024-12-03"))
    assert sorted(p.facts["as_of"]) == ["2023-12", "2024-12"]
    assert set(p.facts["status"]) == {"single", "agreed"}
    assert list(p.series["as_of"]) == ["2023-12", "2024-12"] and set(p.series["shape"]) == {"as_of"}


def test_figures_that_say_too_little_are_left_out():
    p = panel.build(figures({"doc_id": "a", "text": "5个", "value": 5, "metric": ""},
                            {"doc_id": "a", "text": "6个", "value": 6, "place": "", "place_code": ""},
                            {"doc_id": "a", "text": "7个", "value": 7},
                            {"doc_id": "a", "text": "8个", "value": 8, "unit": "个", "metric": "数量"},
                            {"doc_id": "a", "text": "9个", "value": 9, "unit": "个", "metric": "数量",
                             "subject": "产业集群"}), docs(a="2024"))
    assert len(p.facts) == 2 and list(p.left_out["why"]) == ["no_metric", "no_place_or_subject", "generic_metric"]


def test_a_document_never_contradicts_itself():
    """Two incompatible values under one key in one document (出口增长5%, 进口增长9%, both read as 中国's growth
    rate): the key does not tell them apart there, so that document's figures for it are no fact; another
    document's agreeing figures still are, and a conflict is always between documents."""
    rate = {"unit": "%", "kind": "percent", "metric": "出口额", "measure": "growth_rate", "place": "中国",
            "place_code": "CHN"}
    p = panel.build(figures({"doc_id": "a", "text": "5%", "value": 5, **rate},
                            {"doc_id": "a", "text": "9%", "value": 9, **rate},
                            {"doc_id": "a", "text": "5.0%", "value": 5, **rate},
                            {"doc_id": "b", "text": "5%", "value": 5, **rate}), docs(a="2024-12-01", b="2024-12-02"))
    assert list(p.left_out["why"]) == ["self_contradicting"] * 3
    assert list(zip(p.facts["status"], p.facts["doc_ids"])) == [("single", "b")]


# ----------------------------------------------------------------------------- reprints and copies

SENTENCES = ["今年以来，渝北区新引进项目136个，协议投资额1475亿元。", "今年前11个月，渝北区实现规模以上工业产值2318亿元。",
             "渝北区今年累计为企业减免税费12.5亿元。"]


def _article(doc: str, year: str, changed: bool = False) -> list[dict]:
    """Three sentences, their figures resolved with 今年 = ``year``; ``changed``: 2318亿元 printed 2381亿元."""
    value = "2381亿元" if changed else "2318亿元"
    sents = [SENTENCES[0], SENTENCES[1].replace("2318亿元", value), SENTENCES[2]]
    rows = [(0, "136个", 136, "个", "项目数"), (0, "1475亿元", 1475 * YI, "CNY", "投资"),
            (1, value, float(value[:4]) * YI, "CNY", "产值"), (2, "12.5亿元", 12.5 * YI, "CNY", "税收")]
    english = {"项目数": "projects", "投资": "investment", "产值": "output value", "税收": "tax"}
    return [{"doc_id": doc, "sent_id": s, "start": 10 * i, "text": t, "value": v, "unit": u, "metric": m,
             "metric_en": english[m], "period": year if s != 1 else f"{year}-01/{year}-11", "sentence": sents[s]}
            for i, (s, t, v, u, m) in enumerate(rows)]


def test_a_reprint_under_the_next_year_states_the_same_facts():
    """The reprint dated January resolves 今年 to its own year; its sentences are the original's word for
    word, so its figures take the original's period; the copy with 2318 changed to 2381 is a conflict."""
    f = figures(*_article("orig", "2024"), *_article("reprint", "2025"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", reprint="2025-01-03", copy="2025-01-08"))
    assert len(p.facts) == 4 and set(p.facts["period"]) == {"2024", "2024-01/2024-11"}
    assert (p.facts["n_sources"] == 3).all()
    status = dict(zip(p.facts["metric"], p.facts["status"]))
    assert status == {"项目数": "agreed", "投资": "agreed", "产值": "conflict", "税收": "agreed"}
    output = p.facts[p.facts["metric"] == "产值"].iloc[0]
    assert (output["text"], output["text_other"]) == ("2318亿元", "2381亿元")
    src = p.sources.set_index("figure_id")
    assert src.loc["copy:F003", "same_as"] == "orig:F003" and src.loc["copy:F003", "copy_of"] == "orig"
    assert src.loc["reprint:F001", "same_as"] == "orig:F001" and src.loc["orig:F001", "same_as"] == ""


def test_a_copy_needs_half_its_sentences_word_for_word():
    """A document sharing one of three figure sentences with an earlier one is no copy: its other figures keep
    their own reading (and their own year)."""
    other = [dict(r, sentence=r["sentence"].replace("渝北区", "江北区")) if r["sent_id"] else r
             for r in _article("later", "2025", changed=True)]
    f = figures(*_article("orig", "2024"), *other)
    p = panel.build(f, docs(orig="2024-12-27", later="2025-01-08"))
    assert panel.copies(pd.DataFrame({"doc_id": f["doc_id"], "order": (f["doc_id"] == "later").astype(int),
                                      "sentence": f["sentence"]})) == {}
    by = p.facts.groupby("metric")["n_sources"].max().to_dict()
    assert by["投资"] == 2 and by["产值"] == 1  # the shared sentence is one statement; 2381 stays 2025's


def test_copies_of_copies_point_at_the_original():
    x, y = SENTENCES[:2]
    s = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c", "d"], "order": [0, 0, 1, 1, 2, 2, 3],
                      "sentence": [x, y, x, y, x, y, "增长5.2%。"]})
    assert panel.copies(s) == {"b": "a", "c": "a"}
    assert panel.copies(s.assign(sentence=["增长5.2%。"] * 7)) == {}  # a short sentence is no evidence


# ----------------------------------------------------------------------------- series, products, views


def test_series_keep_like_periods_and_show_each_competing_value():
    f = figures({"doc_id": "a", "text": "118个", "value": 118, "unit": "个", "metric": "项目数", "period": "2023"},
                {"doc_id": "b", "text": "136个", "value": 136, "unit": "个", "metric": "项目数", "period": "2024"},
                {"doc_id": "c", "text": "163个", "value": 163, "unit": "个", "metric": "项目数", "period": "2024"},
                {"doc_id": "b", "text": "70个", "value": 70, "unit": "个", "metric": "项目数", "period": "2024-H1"})
    p = panel.build(f, docs(a="2023-12-19", b="2024-12-27", c="2024-12-28"))
    assert set(p.series["shape"]) == {"year"}  # the half year is alone in its shape: no series
    assert list(zip(p.series["period"], p.series["reading"], p.series["value"])) == [
        ("2023", 1, 118), ("2024", 1, 136), ("2024", 2, 163)]
    assert p.series["status"].tolist() == ["single", "conflict", "conflict"]
    import matplotlib.pyplot as plt

    figs = panel_view.series_figures(p.series, lang="zh")
    assert len(figs) == 1
    plt.close(figs[0][1])


@pytest.mark.parametrize("period, as_of, expected", [
    ("2025-H1", "", "half"), ("2025-Q3", "", "quarter"), ("2025", "", "year"), ("2025-05", "", "month"),
    ("2025-01/2025-05", "", "Y-01/Y-05"), ("2025-2027", "", "Y-Y"), ("to-date", "2025-03", "as_of"),
    ("", "2025-03", "as_of"), ("2023-11/to-date", "2025-03", "as_of since 2023-11"), ("XXXX-H1", "", ""),
])
def test_period_shapes(period, as_of, expected):
    assert panel.shape(period, as_of) == expected


def test_the_products_agree_with_each_other(tmp_path):
    from helpers import paths

    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    dirs = paths.run_dirs("t", tmp_path).make()
    written = panel.write(p, dirs)
    assert {w.name for w in written} == {"panel.parquet", "panel.csv", "panel_sources.parquet", "panel_sources.csv",
                                         "panel_series.parquet", "panel_series.csv", "panel.dta",
                                         "panel_wide.dta", "panel_codebook.md", "panel_left_out.parquet",
                                         "panel_left_out.csv"}
    back = panel.read(dirs)
    pd.testing.assert_frame_equal(back, p.facts)
    dta = panel.read_stata(dirs.processed / "panel.dta")
    assert list(dta.columns) == panel.PANEL.names and len(dta) == len(back)
    assert list(dta["fact_id"]) == list(back["fact_id"]) and list(dta["status"]) == list(back["status"])
    assert list(dta["value"]) == list(back["value"]) and list(dta["subject"]) == list(back["subject"].fillna(""))
    with pd.io.stata.StataReader(dirs.processed / "panel.dta") as reader:
        labels = reader.variable_labels()
    assert labels["metric_en"] == "the metric's English name" and all(labels.values())
    csv = (dirs.processed / "panel.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and len(pd.read_csv(dirs.processed / "panel.csv")) == len(back)
    book = (dirs.processed / "panel_codebook.md").read_text(encoding="utf-8")
    for spec in panel.SPECS:
        assert all(f"| `{c}` |" in book for c in spec.names), spec.name
    assert "How `status` is decided" in book and "4 facts" in book
    wide = panel.read_stata(dirs.processed / "panel_wide.dta")
    assert len(wide) == 2 and list(wide.columns[6:]) == ["investment_level_cny", "output_value_level_cny",
                                                         "projects_level", "tax_level_cny"]
    with pd.io.stata.StataReader(dirs.processed / "panel_wide.dta") as reader:
        assert reader.variable_labels()["output_value_level_cny"] == "output value (level, CNY)"
    cells = wide.set_index("period")
    assert cells.loc["2024", "investment_level_cny"] == 1475 * YI
    assert pd.isna(cells.loc["2024-01/2024-11", "output_value_level_cny"])  # the conflict: both values in panel


def test_an_empty_run_makes_empty_products(tmp_path):
    from helpers import paths

    p = panel.build(figures(), docs())
    assert p.counts()["facts"] == 0 and list(p.facts.columns) == panel.PANEL.names
    dirs = paths.run_dirs("e", tmp_path).make()
    panel.write(p, dirs)
    assert len(panel.read_stata(dirs.processed / "panel.dta")) == 0
    assert panel_view.summary(p, "zh") == "没有同时具备指标和地点（或主体）的数据，面板为空。"


def test_views_say_it_in_both_languages():
    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    en, zh = panel_view.facts_display(p.facts, "en"), panel_view.facts_display(p.facts, "zh")
    assert "competing value" in en.columns and "冲突数值" in zh.columns
    assert "231.8 billion yuan" in set(en["value"]) and "2381亿元" in set(zh["冲突数值"])
    table = panel_view.conflicts_display(p, lang="en")
    assert list(table["reading"]) == [1, 2] and list(table["figure"]) == ["2318亿元", "2381亿元"]
    assert panel_view.summary(p, "en").startswith("4 facts from 8 figures of 2 document(s)")


def test_a_wide_file_of_mostly_empty_cells_is_not_written_and_the_codebook_says_how_to_make_it(tmp_path,
                                                                                                monkeypatch):
    from helpers import paths

    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    rows, variables = panel.wide_shape(p.facts)
    w, _ = panel.wide(p.facts)
    assert (rows, variables) == (len(w), len(w.columns) - len(panel.WIDE_ROWS)) == (2, 4)
    dirs = paths.run_dirs("t", tmp_path).make()
    panel.write(p, dirs)
    assert (dirs.processed / "panel_wide.dta").exists()
    monkeypatch.setattr(panel, "WIDE_MAX_CELLS", rows * variables - 1)
    written = panel.write(p, dirs)
    assert "panel_wide.dta" not in {w.name for w in written}
    assert not (dirs.processed / "panel_wide.dta").exists(), "the earlier run's wide file is not left beside it"
    book = (dirs.processed / "panel_codebook.md").read_text(encoding="utf-8")
    assert "`panel_wide.dta` is not written: 2 rows by 4 variables" in book and "reshape wide value" in book
    assert len(panel.read_stata(dirs.processed / "panel.dta")) == len(p.facts)


def _record_exports(dirs, exports: str) -> None:
    import json

    (dirs.outputs / "run.json").write_text(json.dumps({"parameters": {"exports": exports}}), encoding="utf-8")


def test_a_corpus_run_writes_parquet_only_and_removes_older_copies(tmp_path, monkeypatch):
    from helpers import paths
    from helpers.store import products

    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    dirs = paths.run_dirs("t", tmp_path).make()
    products.write_manifest(["orig", "copy"], dirs)
    copies = {"panel.csv", "panel_sources.csv", "panel_series.csv", "panel_left_out.csv", "panel.dta",
              "panel_wide.dta"}
    assert copies <= {w.name for w in panel.write(p, dirs)}  # auto, two documents: every copy
    monkeypatch.setattr(products, "VIEWS_MAX_DOCS", 1)  # now the run is "large"
    written = {w.name for w in panel.write(p, dirs)}
    assert written == {"panel.parquet", "panel_sources.parquet", "panel_series.parquet", "panel_left_out.parquet",
                       "panel_codebook.md"}
    assert not any((dirs.processed / c).exists() for c in copies), "an earlier run's copies are not left behind"
    book = (dirs.processed / "panel_codebook.md").read_text(encoding="utf-8")
    assert "This run wrote Parquet only" in book and "--exports all" in book
    pd.testing.assert_frame_equal(panel.read(dirs), p.facts)
    _record_exports(dirs, "all")  # the parameter overrides the size
    assert copies <= {w.name for w in panel.write(p, dirs)}
    monkeypatch.setattr(products, "VIEWS_MAX_DOCS", 1_000)
    _record_exports(dirs, "none")
    assert not copies & {w.name for w in panel.write(p, dirs)}


def test_long_text_in_the_stata_panel_is_strl_and_reads_back_whole(tmp_path):
    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    facts = pd.concat([p.facts] * 125, ignore_index=True)  # 500 rows
    facts.loc[0, "readings"] = "很长的读数；" * 40  # 720 bytes in one row, a dozen in the others
    path = tmp_path / "panel.dta"
    panel.write_stata(facts, panel.PANEL, path)
    back = panel.read_stata(path)
    assert back.loc[0, "readings"] == facts.loc[0, "readings"] and list(back["readings"][1:]) == list(
        facts["readings"][1:].fillna(""))
    # as str720 every one of the 500 rows would hold 720 bytes of it: as strL the file is far smaller
    assert path.stat().st_size < 500 * 720 / 2


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """Six documents of the test corpus through the per-document pass."""
    from conftest import corpus_pass

    return corpus_pass(tmp_path_factory.mktemp("panel_run"), 6, "p")


def _same_panel(a, b) -> None:
    for name in ("facts", "sources", "series", "left_out"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.documents == b.documents


def test_the_panel_is_built_once_for_the_same_inputs(small_run, monkeypatch):
    """The report builds the panel for its series and writes it; notebook 07 then reads it. A changed
    document, other code or files of two builds (a run stopped between them) make it build again."""
    from helpers.store import parts

    dirs = small_run
    built = panel_view.build(dirs)
    assert built.inputs == panel.inputs_key(dirs) and len(built.facts) > 0
    panel_view.run_series_figures(dirs)  # the report's step: writes the four Parquet files, stamped
    assert panel.built_from(dirs) == built.inputs

    from helpers.extract import panel_parts

    real_build, real_parts = panel.build, panel_parts.build
    calls = []
    monkeypatch.setattr(panel, "build", lambda *a: calls.append(1) or real_build(*a))
    monkeypatch.setattr(panel_parts, "build", lambda *a, **k: calls.append(1) or real_parts(*a, **k))
    again = panel_view.build(dirs)
    assert calls == [] and again.inputs == built.inputs
    _same_panel(again, built)
    panel_view.write(again, dirs)  # notebook 07: the views beside files that already hold this panel
    assert panel.built_from(dirs) == built.inputs

    # files of two builds: one file without the stamp
    series = dirs.processed / "panel_series.parquet"
    keep = series.read_bytes()
    pd.read_parquet(series).to_parquet(series, index=False)
    assert panel.built_from(dirs) is None
    _same_panel(panel_view.build(dirs), built)
    assert calls == [1]
    series.write_bytes(keep)

    # a document whose figures were made again (another hash): another key, built again
    ids = parts.part_ids(dirs, "figures")
    doc = ids[0]
    parts.write_part(parts.read_part(dirs, "figures", doc), dirs, "figures", doc, "y" * 24)
    assert panel.inputs_key(dirs) != built.inputs
    _same_panel(panel_view.build(dirs), built)  # the same rows: the same panel, but built
    assert calls == [1, 1]

    # other code: another key; the report hands over the tables it has read (nothing is read again)
    monkeypatch.setattr(panel, "_code_digest", lambda: "other code")
    assert panel.inputs_key(dirs) not in (built.inputs, None)
    figures, overview = panel.load(dirs)
    monkeypatch.setattr(panel, "load", lambda d: pytest.fail("read again"))
    _same_panel(panel_view.build(dirs, figures, overview), built)
    assert calls == [1, 1, 1]


def test_a_panel_of_frames_is_not_stamped(tmp_path):
    from helpers import paths

    f = figures(*_article("orig", "2024"), *_article("copy", "2025", changed=True))
    p = panel.build(f, docs(orig="2024-12-27", copy="2025-01-08"))
    dirs = paths.run_dirs("t", tmp_path).make()
    panel.write(p, dirs, views=False)
    assert p.inputs == "" and panel.built_from(dirs) is None and panel.read_built(dirs, "") is None
