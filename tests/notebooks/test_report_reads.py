"""The report reads like a colleague wrote it, in one language at a time (issue 17's done criteria).

On the embedded article and on an article written for this test alone (``report_unseen_rongchang.txt``,
which no other test and no rule of the package was written for), in the reports of a ``--lang both`` run:

* English prose, outside tables, is at most 5% CJK letters; Chinese prose has no English sentences;
* no "(s)", no ``NaN``, ``<NA>`` or exponent notation (``1.2e+10``) anywhere visible;
* the largest figures are said with what they measure, as the figures table has them;
* a single-document run shows no cross-document chart (notebook 06 says it needs several).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ARTICLES

pytestmark = pytest.mark.slow

UNSEEN = "report_unseen_rongchang.txt"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def unseen(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("unseen")
    r = subprocess.run([sys.executable, "-m", "helpers", "run", "--input", str(ARTICLES / UNSEEN), "--run", "unseen",
                        "--work-dir", str(work), "--lang", "both", "--date", "2025-10-20", "--no-progress"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return {"outputs": work / "outputs" / "unseen", "processed": work / "data" / "processed" / "unseen"}


@pytest.fixture(scope="module", params=["embedded", "unseen"])
def run(request, collection_run, unseen) -> dict:
    if request.param == "embedded":
        return {"outputs": collection_run["outputs"], "processed": collection_run["processed"]}
    return unseen


def soup(path) -> BeautifulSoup:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in page(["script", "style", "noscript", "head", "template"]):
        hidden.decompose()
    return page


def visible(page: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", page.get_text(" "))


def prose(page: BeautifulSoup) -> str:
    """The visible text outside tables (the itables' placeholder tables included in "tables")."""
    page = BeautifulSoup(str(page), "html.parser")
    for table in page("table"):
        table.decompose()
    return visible(page)


def cjk_share(text: str) -> float:
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return cjk / max(1, cjk + latin)


def test_english_prose_is_english(run):
    text = prose(soup(run["outputs"] / "report.en.html"))
    assert len(text) > 1500
    share = cjk_share(text)
    assert share <= 0.05, f"{share:.1%} of the English prose's letters are CJK"


def test_chinese_prose_has_no_english_sentences(run):
    text = prose(soup(run["outputs"] / "report.zh.html"))
    body = text[:text.find("报告生成方式")]  # the provenance lists package names and versions
    runs = re.findall(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){2,}", body)
    assert not runs, runs[:10]
    assert cjk_share(body) > 0.7


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_reads_as_machine_output(run, lang):
    text = visible(soup(run["outputs"] / f"report.{lang}.html"))
    for bad in ("(s)", "NaN", "<NA>", "None", "nan%"):
        assert bad not in text, bad
    assert not re.search(r"\d\.\d+e[+-]\d+", text), re.search(r".{40}\d\.\d+e[+-]\d+.{20}", text).group(0)


def _largest_achieved(processed) -> pd.Series:
    figs = pd.read_parquet(processed / "figures.parquet")
    money = figs[(figs["kind"] == "money") & ~figs["qualifier"].fillna("").str.contains("forecast")]
    return money.sort_values("value", ascending=False).iloc[0]


def test_the_largest_figure_is_said_with_what_it_measures(run):
    top = _largest_achieved(run["processed"])
    ref = top["figure_id"].rsplit(":", 1)[-1]
    en = prose(soup(run["outputs"] / "report.en.html"))
    said = re.search(r"The largest amounts? stated as achieved or current: ([^;.]*\(" + ref + r"\))", en)
    assert said, en[:2000]
    assert f"of {top['metric_en']}" in said.group(1)
    zh = prose(soup(run["outputs"] / "report.zh.html"))
    assert f"“{top['text']}" in zh or top["text"] in zh.split("已实现或现状")[1].split("（" + ref)[0]


def test_the_embedded_report_says_what_its_largest_figures_measure(collection_run):
    en = prose(soup(collection_run["outputs"] / "report.en.html"))
    assert "more than 180 billion yuan of output value in western Chongqing to date (F005)" in en
    assert "147.5 billion yuan of investment in Chongqing since November 2023 (F002)" in en
    assert "not added up" in en
    zh = prose(soup(collection_run["outputs"] / "report.zh.html"))
    assert "渝西地区“智能网联新能源汽车零部件产业集群产值突破1800亿元”（F005）" in zh


def test_one_document_gets_no_cross_document_chart(collection_run):
    page = collection_run["outputs"] / "html" / "06_compare_documents.html"
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html
    text = visible(soup(page))
    assert re.search(r"needs (at least two|several) documents", text), text[-1500:]
