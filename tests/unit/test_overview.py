"""Across documents: totals only within one subject, metric and unit, double counting called out."""

from __future__ import annotations

import math

import pandas as pd

from helpers.show import compare
from helpers.store import query, schemas


def _fig(doc, subject, metric, value, unit="CNY", kind="money", qualifier="exact", period="2025"):
    return {"doc_id": doc, "figure_id": f"{doc}:F1", "text": "", "value": value, "unit": unit, "kind": kind,
            "qualifier": qualifier, "subject": subject, "metric": metric, "period": period, "sent_id": 0,
            "start": 0, "end": 1, "sentence": "", "place": None, "place_code": None, "metric_en": "",
            "measure": "growth_rate" if kind == "percent" else "level", "metric_phrase": None,
            "period_kind": "point", "comparable": "", "raw_start": 0, "raw_end": 1,
            "value_low": None, "value_high": None}


def test_subject_totals_flag_repeats_bounds_forecasts_and_never_add_rates():
    figs = schemas.conform(pd.DataFrame([
        _fig("a", "合川区", "投资", 5e9),
        _fig("b", "合川区", "投资", 5e9),  # the same fact in another article
        _fig("b", "合川区", "投资", 2e9, qualifier="more_than"),
        _fig("a", "合川区", "增速", 8.5, unit="%", kind="percent"),
        _fig("c", "合川区", "增速", 9.0, unit="%", kind="percent", period="2024"),
        _fig("c", "", "投资", 1e9),  # no subject: not in any total
    ]), "figures")
    t = compare.subject_totals(figs).set_index(["subject", "metric", "unit"])
    inv = t.loc[("合川区", "投资", "CNY")]
    assert (inv.figures, inv.documents, inv.total, inv.largest, inv.duplicates) == (3, 2, 12e9, 5e9, 2)
    assert inv.note == "includes lower bounds; the same value in several documents"
    rate = t.loc[("合川区", "增速", "%")]
    assert math.isnan(rate.total) and rate.note == "rates are not added up; periods differ"
    assert len(t) == 2


def test_subject_totals_never_add_across_subjects_or_period_kinds():
    """The embedded article's 18 新星 clusters and 3 万亿级 clusters are two rows, not a total of 21;
    a yearly and a cumulative figure of one subject are two rows too."""
    figs = schemas.conform(pd.DataFrame([
        {**_fig("a", "新星产业集群", "产业集群数", 18, unit="个", kind="count"), "place": "重庆", "period_kind": "forecast"},
        {**_fig("a", "万亿级产业集群", "产业集群数", 3, unit="个", kind="count"), "place": "重庆", "period_kind": ""},
        {**_fig("a", "珠海冠宇", "产值", 5e9), "period_kind": "per_year"},
        {**_fig("b", "珠海冠宇", "产值", 8e9), "period_kind": "cumulative"},
        {**_fig("c", None, "投资", 1e9), "place": "重庆"},  # no subject: stands for its place
    ]), "figures")
    t = compare.subject_totals(figs)
    assert sorted(t["total"].tolist()) == sorted([18.0, 3.0, 5e9, 8e9, 1e9])
    assert set(t["subject"]) == {"新星产业集群", "万亿级产业集群", "珠海冠宇", "重庆"}


def test_documents_by_month_counts_undated_apart():
    docs = pd.DataFrame({"date": ["2025-03-14", "2025-03", "2024", "", None]})
    got = compare.documents_by_month(docs).set_index("period")["documents"].to_dict()
    assert got == {"2024": 1, "2025-03": 2, "undated": 2}


def test_shared_entities_and_commentary():
    ents = pd.DataFrame({
        "doc_id": ["a", "b", "b", "c"], "name": ["璧山", "璧山区", "比亚迪", "涪陵"],
        "canonical": ["璧山区", "璧山区", "比亚迪", "涪陵区"], "type": ["place", "place", "org", "place"],
        "division_code": ["500120", "500120", "", "500102"], "mentions": [2, 1, 3, 1], "first_start": [0, 0, 5, 0],
    })
    shared = compare.shared_entities(ents)
    assert shared[["canonical", "documents", "doc_ids"]].values.tolist() == [["璧山区", 2, "a, b"]]
    cited = compare.cited_entities(ents)
    assert cited["canonical"].tolist()[0] == "璧山区"
    text = compare.commentary(pd.DataFrame({"date": ["2025", ""]}), cited, schemas.empty("subject_totals"), shared)
    assert text == "2 documents, 1 of them dated. Named by most documents: 璧山区 (2). " \
                   "One entity appears in two or more documents."
    one = compare.commentary(pd.DataFrame({"date": ["2025"]}), cited, schemas.empty("subject_totals"), shared, "zh")
    assert one == "跨文档比较需要多篇文档，而本次运行只有一篇。"
    assert compare.commentary(pd.DataFrame({"date": ["2025"]}), cited, schemas.empty("subject_totals"), shared) == \
        "Cross-document comparison needs several documents, and this run has one."


def test_commentary_names_ties_as_ties_and_leaves_out_entities_of_one_document():
    cited = pd.DataFrame({"canonical": ["江苏省", "重庆", "上海市", "涪陵区"], "type": ["place"] * 4,
                          "documents": [11, 7, 7, 1], "mentions": [20, 9, 8, 1]})
    docs = pd.DataFrame({"date": ["2025"] * 3})
    text = compare.commentary(docs, cited, schemas.empty("subject_totals"), cited.head(0))
    assert text == "3 documents, 3 of them dated. Named by most documents: 江苏省 (11); 重庆 and 上海市 (7 each)."
    zh = compare.commentary(docs, cited, schemas.empty("subject_totals"), cited.head(0), "zh")
    assert "江苏省（11 篇）；重庆、上海市（各 7 篇）" in zh


def test_totals_are_shown_in_words_never_in_exponent_notation():
    figs = schemas.conform(pd.DataFrame([
        _fig("a", "合川区", "投资", 1.8e11), _fig("b", "合川区", "投资", 2e9),
        _fig("a", "合川区", "增速", 8.5, unit="%", kind="percent"),
        _fig("b", "合川区", "增速", 9.0, unit="%", kind="percent"),
        {**_fig("a", "肉牛", "数量", 265000, unit="头", kind="count")},
        {**_fig("b", "肉牛", "数量", 123000, unit="头", kind="count")},
    ]), "figures")
    shown = compare.totals_display(compare.several_figures(compare.subject_totals(figs)))
    cells = " ".join(map(str, shown.to_numpy().ravel()))
    assert "e+" not in cells and "nan" not in cells.lower() and "<NA>" not in cells
    by = shown.set_index("metric")
    assert by.loc["投资", "total"] == "182 billion yuan" and by.loc["数量", "total"] == "388,000"
    assert by.loc["增速", "total"] == ""  # rates are never added up
    assert "comparable" not in shown.columns


def test_one_document_shows_one_sentence_and_nothing_else(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    one = compare.Across.from_frames(pd.DataFrame({"doc_id": ["d"], "date": ["2025"]}),
                                     schemas.conform(pd.DataFrame([_fig("d", "合川区", "投资", 5e9)]), "figures"),
                                     pd.DataFrame({"doc_id": ["d"], "name": ["璧山"], "canonical": ["璧山区"],
                                                   "type": ["place"], "division_code": ["500120"], "mentions": [2],
                                                   "first_start": [0]}))
    compare.show_overview(one)
    compare.show_time(one, None)
    cited, shared = compare.show_cited(one, None)
    totals = compare.show_totals(one)
    compare.show_commentary(one, cited, totals, shared)
    assert [s.data for s in shown] == ["Cross-document comparison needs several documents, and this run has one."]
    assert len(totals) == 1  # the product is still computed


def test_time_chart_of_one_period_is_a_sentence(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    compare.time_chart(pd.DataFrame({"date": ["2025-03-01", "2025-03-14", ""]}), None)
    assert [s.data for s in shown] == ["*All 2 dated documents fall in 2025-03: nothing to place in time.*"]


def test_totals_section_counts_the_rows_it_leaves_out(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    rows = [_fig(d, f"主体{i}", "投资", 1e9 * (i + 1)) for i in range(3) for d in ("a", "b")]
    rows += [_fig("a", "单独", "投资", 5e9)]
    across = compare.Across.from_frames(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2025", "2025"]}),
                                        schemas.conform(pd.DataFrame(rows), "figures"),
                                        pd.DataFrame(columns=["canonical"]))
    totals = compare.show_totals(across, top=2)
    notes = [s.data for s in shown if not hasattr(s, "data") or not s.data.startswith(("<", "###"))]
    assert len(totals) == 4 and notes == [
        "*The first 2 of 3 rows; the product file has them all.*",
        "*One more row holds a single figure (nothing to add up); subject_totals.csv lists it.*"]


def _random_tables(seed: int, n: int = 400) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and entities drawn from small vocabularies, with the gaps real tables have: no subject,
    no place, no period, NaN values, rates, bounds, forecasts, the same value in several documents."""
    import random

    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(12)]
    rows = []
    for i in range(n):
        kind = rng.choice(["money", "money", "count", "percent"])
        unit = {"money": "CNY", "count": rng.choice(["个", "家", "‰"]), "percent": rng.choice(["%", "pp"])}[kind]
        f = _fig(rng.choice(docs), rng.choice(["合川区", "", None, "珠海冠宇", "园区"]), rng.choice(["投资", "产值", "", None]),
                 rng.choice([1e9, 2e9, 5.5, float("nan"), 3e8, 12.0]), unit=unit, kind=kind,
                 qualifier=rng.choice(["exact", "more_than", "forecast", "about|forecast", None]),
                 period=rng.choice(["2025", "2024", "", None]))
        f.update(figure_id=f"F{i}", place=rng.choice(["重庆", "九龙坡区", None, ""]),
                 measure=rng.choice(["level", "change", "growth_rate", "", None]),
                 period_kind=rng.choice(["point", "per_year", "", None]), metric_en="")
        rows.append(f)
    figures = schemas.conform(pd.DataFrame(rows), "figures")
    figures["metric_en"] = figures["metric"].fillna("") + "/" + figures["measure"].fillna("")  # a function of both
    entities = pd.DataFrame([{"doc_id": rng.choice(docs), "name": n, "canonical": n,
                              "type": rng.choice(["place", "org", "person"]), "division_code": None,
                              "mentions": rng.randint(1, 4), "first_start": 0}
                             for n in (rng.choice(["璧山区", "涪陵", "珠海冠宇", "巫溪", "华为", None]) for _ in range(n // 4))])
    return figures, entities


def test_the_duckdb_tables_equal_the_pandas_ones():
    """What notebook 06 reads from a run (DuckDB over the batches) is what the pandas functions give."""
    for seed in range(25):
        figures, entities = _random_tables(seed)
        with query.Frames(figures=figures, entities=entities) as q:
            pd.testing.assert_frame_equal(compare.run_totals(q), compare.subject_totals(figures), check_dtype=False)
            pd.testing.assert_frame_equal(compare.run_cited(q), compare.cited_entities(entities, None),
                                          check_dtype=False)
            pd.testing.assert_frame_equal(compare.run_cited(q, 5), compare.cited_entities(entities, 5),
                                          check_dtype=False)
            pd.testing.assert_frame_equal(compare.run_shared(q), compare.shared_entities(entities, None),
                                          check_dtype=False)
