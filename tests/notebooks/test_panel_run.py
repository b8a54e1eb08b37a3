"""Notebook 07 on the panel test corpus (tests/data/panel): an article, its reprint dated the next January, a
copy with one figure changed, a follow-up brief that rounds its figures, and the same report a year before.

What it must show: each fact of the article counted once, its reprint and copy sources of it (n_sources 3, or
4 where the brief states it too) and agreed; the changed figure a conflict with both values; last year's
report a second point of each series; the panel, its .dta read back with pandas and the codebook agreeing;
the notebook listed in the index like the others.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from helpers.extract import panel

pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests" / "data" / "panel"
ARTICLE, REPRINT, COPY = "yubei-2024-1227", "yubei-2025-0103-reprint", "yubei-2025-0108-copy"
BRIEF, EARLIER = "yubei-2024-1230-brief", "yubei-2023-1219"


@pytest.fixture(scope="module")
def panel_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("panel")
    r = subprocess.run([sys.executable, "-m", "helpers", "run", "--input", str(CORPUS), "--run", "panel",
                        "--work-dir", str(tmp), "--no-progress"], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    processed = tmp / "data" / "processed" / "panel"
    return {"stdout": json.loads(r.stdout.strip().splitlines()[-1]), "processed": processed,
            "outputs": tmp / "outputs" / "panel", "facts": pd.read_parquet(processed / "panel.parquet"),
            "sources": pd.read_parquet(processed / "panel_sources.parquet"),
            "series": pd.read_parquet(processed / "panel_series.parquet")}


def test_each_fact_of_the_article_is_counted_once_and_agreed(panel_run):
    facts = panel_run["facts"]
    article = facts[facts["doc_ids"].str.contains(ARTICLE)]
    assert len(article) == 10  # the article's 11 figures: 136个 is in its headline and its lead
    assert article["fact_id"].is_unique
    assert set(article["n_sources"]) <= {3, 4}
    agreed = article[article["status"] == "agreed"]
    assert len(agreed) == 9
    for ids in agreed["doc_ids"]:
        assert {ARTICLE, REPRINT, COPY} <= set(ids.split(";"))
    # the reprint dated 2025-01-03 says 今年: it is still 2024's, as the article it reprints
    assert set(article["period"]) == {"2024", "2024-01/2024-11", "2027", "to-date"}


def test_the_changed_figure_is_a_conflict_with_both_values(panel_run):
    facts = panel_run["facts"]
    (conflict,) = facts[facts["status"] == "conflict"].itertuples()
    assert (conflict.metric, conflict.period) == ("产值", "2024-01/2024-11")
    assert (conflict.text, conflict.text_other) == ("2318亿元", "2381亿元")
    assert (conflict.value, conflict.value_other) == (2318e8, 2381e8)
    assert conflict.readings == f"2318亿元 [{ARTICLE};{REPRINT}] | 2381亿元 [{COPY}]"
    src = panel_run["sources"]
    rows = src[src["fact_id"] == conflict.fact_id].set_index("doc_id")
    assert rows.loc[COPY, "reading"] == 2 and rows.loc[COPY, "copy_of"] == ARTICLE
    assert rows.loc[COPY, "same_as"] == rows.loc[ARTICLE, "figure_id"]


def test_rounded_and_bounded_figures_of_the_brief_agree(panel_run):
    facts = panel_run["facts"].set_index("metric")
    money = facts.loc[(facts.index == "投资") & (facts["period"] == "2024")].iloc[0]
    assert money["status"] == "agreed" and money["n_sources"] == 4 and money["text"] == "1475亿元"
    assert "近1500亿元" in set(panel_run["sources"].query("fact_id == @money.fact_id")["text"])
    firms = facts.loc[(facts.index == "企业数") & (facts["as_of"] == "2024-12")].iloc[0]
    assert firms["status"] == "agreed" and firms["n_sources"] == 4  # 1200多家 and 超1200家


def test_last_years_report_makes_series_not_conflicts(panel_run):
    series = panel_run["series"]
    assert series["series_id"].nunique() == 5
    projects = series[series["metric"] == "项目数"]
    assert list(zip(projects["period"], projects["value"])) == [("2023", 118), ("2024", 136)]
    firms = series[series["metric"] == "企业数"]
    assert list(firms["as_of"]) == ["2023-12", "2024-12"] and set(firms["shape"]) == {"as_of"}
    assert set(series[series["reading"] == 2]["text"]) == {"2381亿元"}  # the conflict's other value, marked


def test_every_value_links_back_to_its_sentence(panel_run):
    src = panel_run["sources"]
    for r in src.itertuples():
        raw = (CORPUS / {ARTICLE: "yubei_airport_industry.txt", REPRINT: "yubei_airport_industry_reprint.txt",
                         COPY: "yubei_airport_industry_changed.txt", BRIEF: "yubei_year_end_brief.txt",
                         EARLIER: "yubei_airport_industry_2023.txt"}[r.doc_id]).read_text(encoding="utf-8")
        assert raw[r.raw_start:r.raw_end] == r.text and r.text in r.sentence
    facts = panel_run["facts"]
    assert facts["n_figures"].sum() == len(src)
    assert set(";".join(facts["figure_ids"]).split(";")) == set(src["figure_id"])


def test_the_panel_the_dta_and_the_codebook_agree(panel_run):
    facts, folder = panel_run["facts"], panel_run["processed"]
    dta = pd.read_stata(folder / "panel.dta")
    assert list(dta.columns) == list(facts.columns) == panel.PANEL.names
    assert list(dta["fact_id"]) == list(facts["fact_id"]) and list(dta["status"]) == list(facts["status"])
    assert list(dta["n_sources"]) == list(facts["n_sources"]) and list(dta["text"]) == list(facts["text"])
    assert dta["value"].tolist() == facts["value"].tolist()
    csv = pd.read_csv(folder / "panel.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(csv["fact_id"]) == list(facts["fact_id"])
    wide = pd.read_stata(folder / "panel_wide.dta")
    assert "investment_level_cny" in wide.columns and len(wide) <= len(facts)
    assert len(pd.read_parquet(folder / "panel_left_out.parquet")) == 0  # every figure here is a fact
    book = (folder / "panel_codebook.md").read_text(encoding="utf-8")
    assert all(f"| `{c}` |" in book for c in facts.columns)
    counts = facts["status"].value_counts()
    assert (f"{len(facts)} facts from {len(panel_run['sources'])} figures of 5 documents ({counts['single']} single, "
            f"{counts['agreed']} agreed, {counts['conflict']} conflict") in book


def test_notebook_07_renders_in_the_index_like_the_others(panel_run):
    stages = {s["notebook"]: s["status"] for s in panel_run["stdout"]["stages"]}
    assert stages["07_build_panel.ipynb"] == "ok" and set(stages.values()) == {"ok"}
    out = panel_run["outputs"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="html/07_build_panel.html">07_build_panel.ipynb</a>' in index
    page = (out / "html" / "07_build_panel.html").read_text(encoding="utf-8")
    assert "2381亿元" in page and "Where sources disagree" in page and page.count("data:image/png;base64,") >= 5
    assert len(list((out / "charts").glob("07_series_*.png"))) == 5
