"""The report in a real browser (headless Chromium): no console errors, Chinese and charts there, screenshots.

Skips where Chromium is absent (Debian's ``chromium``; ``.ci/run`` installs it). Screenshots are saved
under ``outputs/<run>/screenshots/`` of the session's collection run and their paths printed (``-s``).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=5000"]
# The embedded report's charts: one group of comparable figures (projects, cumulative), the periods as
# spans, figures by district, top terms, the network.
CHARTS = 5
WIDTHS = {"laptop": (1280, 2400), "phone": (390, 2400)}


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True, text=True, timeout=120,
        )


@pytest.fixture(scope="module", params=["report.html", "report.zh.html"])
def page(request, collection_run) -> Path:
    if CHROMIUM is None:
        pytest.skip("headless Chromium not found (apt-get install chromium)")
    return collection_run["outputs"] / request.param


@pytest.fixture(scope="module")
def dom(page) -> dict:
    r = chromium(page, "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    return {"dom": r.stdout, "log": r.stderr, "page": page}


def test_no_console_errors(dom):
    console = [line for line in dom["log"].splitlines() if "CONSOLE" in line]
    bad = [line for line in console if re.search(r"Uncaught|Error|ERROR:CONSOLE|Failed to load", line)]
    assert not bad, "\n".join(bad)


def test_chinese_text_charts_and_interactive_tables_are_there(dom):
    html = dom["dom"]
    assert "加速东西部产业协同合作" in html and "重庆" in html
    images = re.findall(r"<img\b[^>]*>", html)
    charts = [i for i in images if 'src="data:image/png;base64,' in i]
    assert len(charts) == CHARTS, f"{len(charts)} charts of {CHARTS}"
    assert len(images) == len(charts), "every image is an embedded chart"
    # itables ran (offline): its tables are DataTables, the "not trusted" fallback is hidden
    assert len(re.findall(r'<table[^>]*class="[^"]*\bdataTable\b', html)) >= 2
    if dom["page"].name == "report.zh.html":
        assert "搜索：" in html and "Search:" not in html


def test_nothing_is_fetched_from_the_network(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", html)
    assert not re.search(r"@import\s+url\([\"']?https?:", html)
    assert not re.search(r"url\([\"']?https?://", html)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots_at_laptop_and_phone_width(page, device):
    width, height = WIDTHS[device]
    folder = page.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    shot = folder / f"{page.stem}-{width}.png"
    r = chromium(page, f"--window-size={width},{height}", f"--screenshot={shot}")
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    assert png_size(shot) == (width, height)
    assert shot.stat().st_size > 50_000, "a blank page compresses to almost nothing"
    print(f"screenshot ({device}): {shot}")


# ----------------------------------------------------------------------------- layout and links, measured in the page

MEASURE = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var doc = document.documentElement, out = {viewport: doc.clientWidth, page: doc.scrollWidth, tables: []};
    document.querySelectorAll('table.cn-kf').forEach(function (t) {
      var box = t.getBoundingClientRect(), wrap = t.parentElement;
      out.tables.push({right: Math.round(box.right), width: Math.round(box.width),
                       scroll: wrap.scrollWidth - wrap.clientWidth});
    });
    var pre = document.createElement('pre'); pre.id = 'cn-measure';
    pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
  }, 500);
});
</script>"""


def measured(page: Path, width: int) -> dict:
    """The page's and its key-figure tables' widths at ``width`` px, measured by a script in a copy of it."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / page.name
        copy.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        r = chromium(copy, f"--window-size={width},2000", "--dump-dom")
    found = re.search(r'<pre id="cn-measure">(.*?)</pre>', r.stdout, re.S)
    assert found, r.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.parametrize("width", [1280, 390])
def test_key_figures_table_fits_the_page(page, width):
    m = measured(page, width)
    assert m["tables"], "the key-figures table is there"
    assert m["page"] <= m["viewport"], f"the page scrolls sideways at {width} px: {m}"
    for t in m["tables"]:
        assert t["right"] <= m["viewport"] and t["scroll"] <= 0, f"a table overflows at {width} px: {t}"


def test_every_sentence_cell_marks_its_figure(dom):
    from bs4 import BeautifulSoup

    table = BeautifulSoup(dom["dom"], "html.parser").select_one("table.cn-kf:not(.cn-sections):not(.cn-related)")
    rows = table.select("tbody tr")
    assert rows
    for row in rows:
        cell = row.find_all("td")[-1]
        mark = cell.find("mark")
        assert mark is not None and mark.get_text(), row.get_text(" ")


def test_every_link_resolves(page, dom):
    from urllib.parse import unquote, urlparse

    from bs4 import BeautifulSoup

    tree = BeautifulSoup(dom["dom"], "html.parser")
    ids = {t.get("id") for t in tree.find_all(id=True)}
    pages = [page, page.parent / "index.html", *sorted((page.parent / "html").glob("*.html"))]
    for p in pages:
        t = tree if p == page else BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        own = ids if p == page else {x.get("id") for x in t.find_all(id=True)}
        for a in t.find_all("a", href=True):
            href = a["href"]
            if (a.find_parent(["noscript", "script"]) or a.find_parent(attrs={"hidden": True})
                    or a.find_parent(id=re.compile(r"_fallback$"))):
                continue  # what a reader never sees (itables' fallback for a page without JavaScript)
            url = urlparse(href)
            assert url.scheme in ("", "file"), f"{p.name}: a link leaves the machine: {href}"
            if not url.path:
                assert url.fragment in own, f"{p.name}: no anchor {href}"
                continue
            target = (p.parent / unquote(url.path)).resolve()
            assert target.exists(), f"{p.name}: {href} -> {target} does not exist"
