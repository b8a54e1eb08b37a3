"""Hostile text: HTML, <script>, Markdown and control characters in an article are shown as text.

The whole collection runs (offline, see tests/test_offline.py) on an article full of injected
markup; every HTML page, the report and the index are parsed and searched for anything that came
from the input as markup, and the CSV exports are checked for spreadsheet formula injection.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_offline import hostile_offline_run, hostile_text

from helpers import cli
from helpers.store import schemas

# What the article injects, as it would appear if it reached a page as markup. The cleaner turns
# ASCII quotes and brackets full-width, so each is matched in both forms.
PAYLOADS = [
    r"<script>alert", r"<img src=x", r"<iframe", r"<svg onload", r"<style>body", r"<details open ontoggle", r"<b>黑客",
    r"<a href=[\"“]http://evil", r"(\\u003c|\\x3c)(script|img|iframe|svg|details|style|a )",
]
# ... and as it must appear instead: escaped, so the reader sees the text
SHOWN = ["&lt;img src=x onerror=", "&lt;iframe src=", "&lt;svg onload=alert", "&lt;details open ontoggle="]


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of every script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(path: Path) -> Elements:
    p = Elements()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(outputs: Path) -> list[Path]:
    return sorted([*(outputs / "html").glob("*.html"), *outputs.glob("report*.html"), outputs / "index.html"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    run = hostile_offline_run(tmp_path_factory)
    assert run["r"].returncode == 0, run["r"].stderr[-3000:]
    return run


@pytest.mark.slow
def test_no_injected_markup_reaches_any_page(hostile):
    found = pages(hostile["outputs"])
    assert len(found) >= 9 and any(p.name == "report.html" for p in found)
    for page in found:
        text = page.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            m = re.search(payload, text, re.I)
            assert not m, f"{page.name}: input reached the page as markup: {text[max(0, m.start() - 80):m.end() + 80]!r}"


@pytest.mark.slow
def test_no_element_or_script_comes_from_the_input(hostile):
    for page in pages(hostile["outputs"]):
        p = parse(page)
        for tag, attrs in p.elements:
            assert tag not in ("iframe", "object", "embed"), (page.name, tag, attrs)
            # our own <details> (notebook 01's routine changes) may be there, the input's never: no handler above
            assert tag != "details" or set(attrs) <= {"class"}, (page.name, tag, attrs)
            handlers = [k for k in attrs if k.startswith("on")]
            assert not handlers, (page.name, tag, attrs)
            for k in ("href", "src", "action", "formaction"):
                v = attrs.get(k) or ""
                assert "evil.example" not in v and "x.example" not in v and not v.startswith("javascript:"), \
                    (page.name, tag, attrs)
            if tag == "img":
                assert (attrs.get("src") or "").startswith("data:image/"), (page.name, attrs)
        for attrs, body in p.scripts:
            assert not attrs.get("src"), f"{page.name}: a script fetched from {attrs['src']}"
            # data inside a script (itables) is HTML-escaped text: '&lt;img src=x onerror=' is fine
            for m in re.finditer(r"alert[(\uff08]|ontoggle|onerror", body):
                assert "&lt;" in body[max(0, m.start() - 300):m.start()], \
                    f"{page.name}: {m.group()!r} in a script: {body[m.start() - 120:m.end() + 60]!r}"
    for name in ("01_clean_text.html", "03_extract_figures.html"):
        assert len(parse(hostile["outputs"] / "html" / name).elements) > 50  # parsed whole pages, not nothing


@pytest.mark.slow
def test_the_injected_text_is_shown_escaped(hostile):
    out = hostile["outputs"]
    figures_page = (out / "html" / "03_extract_figures.html").read_text(encoding="utf-8")
    report = (out / "report.html").read_text(encoding="utf-8")
    for shown in SHOWN:
        assert shown in figures_page, shown
    assert "&lt;img src=x onerror=" in report, "the report shows the sentence as text"


@pytest.mark.slow
def test_pages_have_the_same_scripts_as_a_benign_run(hostile, collection_run):
    """The set of script kinds per page is the benign run's: nothing added by the article."""
    def kinds(outputs: Path) -> dict[str, Counter]:
        return {page.name: Counter((a.get("type", ""), a.get("src", "")) for a, _ in parse(page).scripts)
                for page in pages(outputs)}

    benign, bad = kinds(collection_run["outputs"]), kinds(hostile["outputs"])
    for name, scripts in bad.items():
        assert set(scripts) <= set(benign.get(name, scripts)), (name, scripts, benign.get(name))


def _csv_cells(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return [(h, c) for row in rows[1:] for h, c in zip(rows[0], row)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.slow
def test_csv_exports_neutralise_formula_injection(hostile):
    csvs = sorted([*hostile["interim"].glob("*.csv"), *hostile["processed"].glob("*.csv")])
    names = {p.name for p in csvs}
    assert {"figures.csv", "entities.csv", "cleaning_log.csv"} <= names, names
    defused = Counter()
    for path in csvs:
        for column, cell in _csv_cells(path):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert _is_number(cell), f"{path.name} column {column}: {cell[:60]!r} would run as a formula"
            if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@"):
                defused[path.name] += 1
    # the article's formulas are in the figures' sentences and the cleaning log, defused
    assert defused["figures.csv"] >= 2 and defused["cleaning_log.csv"] >= 1, defused


def test_the_command_line_csv_is_defused_too(tmp_path, capsys):
    path = tmp_path / "hostile.txt"
    path.write_text(hostile_text(), encoding="utf-8")
    assert cli.main(["figures", str(path), "--date", "2025"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))  # not splitlines(): the text holds \x0c
    cells = [c for r in rows[1:] for c in r]
    assert any(c.startswith("'=HYPERLINK") for c in cells) and any(c.startswith("'+86") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@") and not _is_number(c)]


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+86 23", "'+86 23"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("重庆=1", "重庆=1"), ("", ""),
])
def test_csv_view_defuses_each_formula_start(cell, shown):
    import pandas as pd

    out = schemas.csv_view(pd.DataFrame({"text": [cell], "value": [-3.5]}))
    assert out["text"].tolist() == [shown] and out["value"].tolist() == [-3.5]


def test_control_characters_do_not_survive_cleaning(tmp_path, capsys):
    import json

    path = tmp_path / "controls.txt"
    path.write_text("江津区\x1b[31m红字\x1b[0m\x07\x0c签约金额达到18亿元\u202e，同比增长12%。\n", encoding="utf-8")
    assert cli.main(["clean", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    text = doc["text"]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    assert "江津区红字签约金额达到18亿元" in text, "escape sequences go whole, the text around them stays"
    assert [e["before"] for e in doc["log"] if e["op"] == "drop_control"] == ["\x1b[31m", "\x1b[0m", "\x07", "\x0c", "\u202e"]
