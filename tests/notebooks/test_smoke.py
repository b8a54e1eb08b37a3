"""The whole collection on the embedded article: every product, every page, nothing broken."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT, tree_hash
from helpers.store import schemas

pytestmark = pytest.mark.slow

STAGES = ["01_clean_text", "02_segment_tokens", "03_extract_figures", "04_link_entities", "05_build_report"]


def test_every_notebook_ran(collection_run):
    stages = collection_run["stdout"]["stages"]
    assert [s["status"] for s in stages] == ["ok"] * len(stages)
    names = [s["notebook"] for s in stages]
    for stem in STAGES:
        assert f"{stem}.ipynb" in names
    assert "05_build_report.zh.ipynb" in names


def test_every_product_exists_and_keeps_its_contract(collection_run):
    from helpers import paths
    from helpers.store import products

    dirs = paths.run_dirs("smoke", collection_run["work"])
    for name, table in schemas.TABLES.items():
        folder = collection_run["interim"] if table.stage == "interim" else collection_run["processed"]
        df = products.load_table(name, dirs)
        assert list(df.columns) == table.names
        assert len(df), f"{name} is empty"
        if table.csv:
            raw = (folder / f"{name}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv needs a BOM for Excel"
    # the per-document tables: batches and a manifest naming the document
    from helpers.store import parts

    assert parts.has_part(dirs, "tokens", "cq_industry_transfer")
    assert (collection_run["interim"] / "tokens" / "_manifest.parquet").exists()
    assert len(products.load_table("figures", dirs)) >= 15
    assert len(products.load_table("entities", dirs)) >= 20


def test_every_page_exists_with_embedded_images_and_chinese(collection_run):
    out = collection_run["outputs"]
    for stem in STAGES:
        page = (out / "html" / f"{stem}.html").read_text(encoding="utf-8")
        assert "重庆" in page
        if stem != "01_clean_text":
            assert "data:image/png;base64," in page, f"{stem}: charts must be embedded"
        assert not re.search(r"<script[^>]+src=\"https?://", page), f"{stem}: nothing fetched from a CDN"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="report.html"' in index and "jieba: 0.42.1" in index and "lexicon:" in index
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in report and "加速东西部产业协同合作" in report
    assert "def " not in report and "import " not in report, "the report shows no code"
    assert "重庆" in (out / "report.zh.html").read_text(encoding="utf-8")


def test_no_traceback_or_missing_glyph_in_any_executed_notebook(collection_run):
    for path in (collection_run["outputs"] / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for o in cell.get("outputs", []):
                text = o.get("text", "") + "".join(o.get("traceback", []))
                assert o.get("output_type") != "error", f"{path.name}: {text[:300]}"
                assert "Glyph" not in text and "missing from font" not in text, f"{path.name}: {text[:300]}"
                assert "Building prefix dict" not in text, f"{path.name}: jieba's log leaked"


def test_raw_data_and_notebooks_untouched(collection_run):
    assert tree_hash(ROOT / "data" / "raw") == collection_run["raw_before"]
    assert tree_hash(ROOT / "notebooks") == collection_run["notebooks_before"]


def test_one_notebook_runs_alone_with_the_papermill_command_line(collection_run, tmp_path):
    out = tmp_path / "03.ipynb"
    r = subprocess.run(
        [sys.executable, "-m", "papermill", str(ROOT / "notebooks" / "03_extract_figures.ipynb"), str(out),
         "-k", "zhnewsdata", "-p", "run", "smoke", "-p", "work_dir", str(collection_run["work"]), "-p", "lang", "zh",
         "--cwd", str(ROOT / "notebooks")],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata.papermill.parameters["lang"] == "zh"
