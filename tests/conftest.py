"""Shared fixtures: the project root, the embedded article, the peer suites (skip when absent)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "raw" / "cq_industry_transfer.txt"
ARTICLES = ROOT / "tests" / "data" / "articles"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip(f"peer suites not found at {EVAL} (they live beside the project in ../shared/eval)")
    return EVAL


def corpus_pass(tmp: Path, n: int, run: str):
    """The first ``n`` files of tests/data/corpus through the per-document pass, in run ``run`` under
    ``tmp`` (the documents' manifest written): the run's folders."""
    import shutil

    from helpers import paths
    from helpers.run import execute, inputs
    from helpers.store import products

    folder = tmp / "in"
    folder.mkdir()
    for p in sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))[:n]:
        shutil.copy(p, folder / p.name)
    dirs = paths.run_dirs(run, tmp).make()
    res = execute.run_stage("all", inputs.iter_inputs(folder), execute.Settings(dirs=dirs))
    products.write_manifest([r["doc_id"] for r in res], dirs)
    return dirs


def tree_hash(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file below ``folder``."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="session")
def collection_run(tmp_path_factory):
    """The whole collection run once on the embedded article into a temporary work folder."""
    import json
    import subprocess
    import sys

    work = tmp_path_factory.mktemp("work")
    raw_before = tree_hash(ROOT / "data" / "raw")
    notebooks_before = tree_hash(ROOT / "notebooks")
    r = subprocess.run(
        [sys.executable, "-m", "helpers", "run", "--run", "smoke", "--work-dir", str(work), "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return {
        "work": work,
        "outputs": work / "outputs" / "smoke",
        "interim": work / "data" / "interim" / "smoke",
        "processed": work / "data" / "processed" / "smoke",
        "stdout": json.loads(r.stdout.strip().splitlines()[-1]),
        "stderr": r.stderr,
        "raw_before": raw_before,
        "notebooks_before": notebooks_before,
    }


TIERS = {"notebooks": "slow", "browser": "browser"}


def pytest_collection_modifyitems(config, items):
    """The folder is the tier: tests/notebooks/ run the collection (marked slow), tests/browser/ need
    Chromium (marked browser), tests/unit/ hold the rest; `make test-fast` deselects the first two."""
    for item in items:
        parts = item.path.parts
        for folder, marker in TIERS.items():
            if "tests" in parts and folder in parts[parts.index("tests"):]:
                item.add_marker(getattr(pytest.mark, marker))
