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
# The report's charts: figures by subject (money, other), timeline, top terms, network, map.
CHARTS = 6
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
