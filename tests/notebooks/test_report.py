"""The report on articles of our own: the prose is right about each one, thin data are said so, input is inert."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ARTICLES

pytestmark = pytest.mark.slow

HOSTILE_TITLE = "=cmd|' /C calc'!A0 <script>alert(1)</script> **粗体** [link](http://x.example/) <b>标题</b>"


RUNS = {
    "changshou": ("report_changshou.txt", "--date", "2025-10"),
    "nofigures": ("report_nofigures.txt", "--lang", "en"),
    "nodate": ("report_nodate.txt", "--lang", "zh"),
    "hostile": ("report_hostile.txt", "--lang", "en", "--title", HOSTILE_TITLE),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """The four articles run side by side (each a whole collection run), read once."""
    work = tmp_path_factory.mktemp("reports")
    procs = {}
    for name, (article, *extra) in RUNS.items():
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "helpers", "run", "--input", str(ARTICLES / article), "--run", name,
             "--work-dir", str(work / name), "--no-progress", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    results = {}
    for name, p in procs.items():
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, f"{name}: {err[-3000:]}"
        out = work / name / "outputs" / name
        results[name] = {
            "out": out,
            "pages": {f.name: f.read_text(encoding="utf-8") for f in out.glob("report*.html")},
            "facts": {f.name: json.loads(f.read_text(encoding="utf-8"))
                      for f in (work / name / "data" / "processed" / name).glob("report_facts.*.json")},
        }
    return results


class Page(HTMLParser):
    """The visible text of a page (no style, script or data), and every start tag with its attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, tuple]] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))

    def scripts(self) -> list[str]:
        return [dict(a).get("type", "") for t, a in self.tags if t == "script"]


@pytest.fixture(scope="module")
def changshou(runs):
    return runs["changshou"]


@pytest.fixture(scope="module")
def nofigures(runs):
    return runs["nofigures"]


@pytest.fixture(scope="module")
def nodate(runs):
    return runs["nodate"]


@pytest.fixture(scope="module")
def hostile(runs):
    return runs["hostile"]


def summary(page: str) -> str:
    text = Page(page).visible
    start = max(text.find("Summary"), text.find("摘要"))
    end = max(text.find("Key figures"), text.find("关键数据"))
    return text[start:end]


def test_prose_is_right_about_another_district(changshou):
    en = Page(changshou["pages"]["report.html"]).visible
    assert "长寿承接沿海化工新材料产业" in en and "Zhou Lin" in en and "October 2025" in en
    assert ("The largest amounts stated as achieved or current: more than 90 billion yuan of output value in "
            "Changshou District in 2024 (F004); 38.6 billion yuan of investment in Changshou Economic and "
            "Technological Development Zone in the first three quarters of 2025 (F002)") in en
    assert ("The largest amount expected is more than 150 billion yuan of output value in Changshou Economic and "
            "Technological Development Zone in 2027 (F010).") in en
    assert "2 of Chongqing's 38 county-level divisions are named, once each: Changshou District and Dianjiang County" in en
    assert "Places outside Chongqing: Jiangsu Province and Zhejiang Province." in en
    for other in ("渝西地区", "1800亿元", "珠海冠宇", "璧山区", "western Chongqing", "Bishan"):  # nothing of the embedded article
        assert other not in summary(changshou["pages"]["report.html"])
    zh = Page(changshou["pages"]["report.zh.html"]).visible
    assert "2024年，“长寿区化工新材料产业实现产值超过900亿元”（F004）" in zh
    assert "预期金额中最大的是：2027年，“长寿经开区化工新材料产业集群产值将突破1500亿元”（F010）。" in zh
    assert "文中提及重庆区县 2 个" in zh
    facts = changshou["facts"]["report_facts.en.json"]
    assert facts["largest_money_achieved"].endswith(":F004")
    quoted = {f["figure_id"].split(":")[-1]: f for f in facts["figures_quoted"]}
    assert quoted["F004"]["text"] == "超过900亿元" and quoted["F004"]["value"] == 90000000000.0
    for fid in re.findall(r"\bF\d{3}\b", summary(changshou["pages"]["report.html"])):
        assert fid in quoted, f"{fid} quoted in the prose but not in report_facts"


def test_chinese_report_has_no_english_labels(changshou):
    page = Page(changshou["pages"]["report.zh.html"]).visible
    start = page.find("摘要")
    body = page[start:page.find("报告生成方式")]  # provenance lists package names and paths
    for word in ("more_than", "forecast", "exact", "qualifier", "subject", "metric", "period", "place",
                 "doc_id", "canonical", "mentions", "Summary", "figures found", "billion"):
        assert word not in body, word
    assert "超过900亿元" in body and "2025年前三季度" in body and "规范名称" in body


def test_no_figures_reads_sensibly(nofigures):
    text = Page(nofigures["pages"]["report.html"]).visible
    assert "南岸区推动数字文创产业发展" in text
    assert "No figures (amounts, counts, percentages ...) were found in this text" in text
    assert "No figures to list, chart or map." in text
    assert "largest" not in text and "F001" not in text
    assert "Nan'an District" in summary(nofigures["pages"]["report.html"])
    assert nofigures["facts"]["report_facts.en.json"]["figures"] == 0


def test_no_date_says_unknown_and_unresolved(nodate):
    assert set(nodate["pages"]) >= {"report.html", "report.zh.html"}
    text = Page(nodate["pages"]["report.zh.html"]).visible
    assert re.search(r"日期\s*[:：]\s*未知", text)
    assert "文档没有日期：“今年”“上半年”等相对时间无法确定。" in text
    assert "文档日期未知，3个数据的“今年”“上半年”等相对时间无法确定。" in text
    assert "上半年（年份未知）" in text and "去年（未确定）" in text
    assert "XXXX" not in text


def test_hostile_input_is_shown_as_text_and_never_runs(hostile, collection_run):
    page = hostile["pages"]["report.html"]
    parsed = Page(page)
    benign = Page((collection_run["outputs"] / "report.html").read_text(encoding="utf-8"))
    # only the page's own scripts: the same kinds and number as the report of a benign article
    assert sorted(parsed.scripts()) == sorted(benign.scripts())
    names = [t for t, _ in parsed.tags]
    assert set(names) - {t for t, _ in benign.tags} <= {"em"}  # our own italic notes ("no co-occurrences")
    assert names.count("style") == [t for t, _ in benign.tags].count("style")
    assert not re.search(r"<script[^>]+src=\"?https?://", page)
    assert not re.search(r"<link[^>]+href=\"?https?://", page)
    # no element that came from the input
    for tag, attrs in parsed.tags:
        a = dict(attrs)
        assert tag != "iframe", a
        assert not any(k.startswith("on") for k in a), (tag, a)
        assert "example" not in str(a), (tag, a)
        if tag == "img":
            assert a.get("src", "").startswith("data:image/png;base64,"), a
    assert "<img src=x" not in page and "<iframe src" not in page and "<b>黑客</b>" not in page
    assert not re.search(r"<(strong|em|a)\b[^>]*>[^<]*(粗体|50亿元|link)", page)
    assert "<svg onload" not in page and "<style>body{display:none}" not in page
    # ... and it reads as text, in the title, the prose and the tables
    text = parsed.visible
    assert HOSTILE_TITLE in text
    assert "<img src=x onerror=" in text and "<iframe src=" in text
    assert re.search(r"12 billion yuan of [a-z ]+[^(]*\(F004\)", text)  # the prose around hostile text is intact
    facts = hostile["facts"]["report_facts.en.json"]
    assert facts["title"] == HOSTILE_TITLE
