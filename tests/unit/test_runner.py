"""The runner: parameter schema, the command line's errors, a failing notebook, the index."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from helpers.errors import BadUsage
from helpers.params import validate
from helpers.run import runner


def test_defaults_validate():
    p = validate({})
    assert p["run"] == "embedded" and p["lang"] in ("en", "zh", "both") and p["top_n"] == 20


@pytest.mark.parametrize(
    "params, message",
    [
        ({"bogus": 1}, "unknown parameter 'bogus'; valid parameters: input_path, run"),
        ({"top_n": "many"}, "must be a whole number"),
        ({"top_n": 0}, "must be a positive whole number"),
        ({"top_n": True}, "must be a whole number"),
        ({"lang": "fr"}, "valid choices: en, zh, both"),
        ({"date": "notadate"}, "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date": "2025-13-45"}, "is not a valid date"),
        ({"run": "../escape"}, "is not a valid run name"),
        ({"engine": "thulac"}, "valid choices: jieba, rjieba"),
    ],
)
def test_bad_parameters_are_refused_with_the_valid_ones(params, message):
    with pytest.raises(BadUsage, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate(params)


@pytest.mark.parametrize("value", ["2025", "2025-11", "2025-11-29", ""])
def test_good_dates(value):
    assert validate({"date": value})["date"] == value


def test_the_exports_help_states_the_size_the_store_uses():
    from helpers.params import PARAMS
    from helpers.store import products

    assert f"up to {products.VIEWS_MAX_DOCS:,} documents" in PARAMS["exports"].help


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize(
    "args, needle, valid",
    [
        (["run", "--bogus", "1"], "unrecognized arguments: --bogus", "valid options: --date, --debug"),
        (["run", "--date", "notadate"], "'notadate' is not a date", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        (["run", "--lang", "fr"], "invalid choice: 'fr'", "choose from"),
        (["run", "-p", "colour", "red"], "unknown parameter 'colour'", "valid parameters: input_path, run"),
        (["frobnicate"], "invalid choice", "choose from"),
        (["run", "--report-docs", "a,,b"], "'a,,b' has an empty document id", "use 'all' or doc_ids"),
        (["figures", "x.txt", "--date", "2025-13-45"], "is not a date", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(args, needle, valid):
    r = _cli(*args)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0] and valid in lines[0]
    assert "Traceback" not in r.stderr


def test_cli_missing_input_exits_1(tmp_path):
    r = _cli("run", "--input", str(tmp_path / "nope.txt"), "--work-dir", str(tmp_path))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"helpers: {tmp_path / 'nope.txt'}: no such file or folder"]


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "zhnewsdata", "display_name": "Python (zhnewsdata)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_failing_notebook_is_kept_later_skipped_index_names_cell(tmp_path):
    code = nbformat.v4.new_code_cell
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    p = code('run = "embedded"  # run\nwork_dir = ""  # where')
    p.metadata["tags"] = ["parameters"]
    ok = _notebook(nbdir / "01_ok_step.ipynb", [p, code("x = 1")])
    bad = _notebook(nbdir / "02_bad_step.ipynb", [p, code("y = 2"), code("raise ValueError('boom in cell')")])
    later = _notebook(nbdir / "03_later_step.ipynb", [p, code("z = 3")])
    before = {f.name: f.read_bytes() for f in nbdir.iterdir()}
    result = runner.run_collection({"run": "t", "work_dir": str(tmp_path)}, notebooks=[ok, bad, later], progress=False)
    assert [s.status for s in result.stages] == ["ok", "failed", "skipped"]
    failed = result.stages[1]
    # In [4]: papermill's injected-parameters cell runs before the notebook's three cells.
    assert failed.cell == 4 and "ValueError: boom in cell" in failed.error
    executed = nbformat.read(tmp_path / "outputs" / "t" / "notebooks" / "02_bad_step.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in executed.cells for o in c.get("outputs", []))
    index = (tmp_path / "outputs" / "t" / "index.html").read_text(encoding="utf-8")
    assert "failed at cell [4]" in index and "skipped" in index
    assert (tmp_path / "outputs" / "t" / "html" / "02_bad_step.html").exists()
    assert {f.name: f.read_bytes() for f in nbdir.iterdir()} == before, "the runner never writes over notebooks/"
    run_json = json.loads((tmp_path / "outputs" / "t" / "run.json").read_text(encoding="utf-8"))
    assert run_json["versions"]["jieba"] == "0.42.1"


def test_index_shows_input_paths_relative_to_the_project(tmp_path, monkeypatch):
    """Inside the project: relative to it (the page reads the same on every clone); outside: absolute."""
    from helpers import paths
    from helpers.run import index

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("x", encoding="utf-8")
    assert index.shown_path("in/a.txt") == str(tmp_path / "in" / "a.txt")
    assert index.shown_path("in/*.txt") == str(tmp_path / "in" / "*.txt")
    assert index.shown_path("data/raw/cq_industry_transfer.txt") == "data/raw/cq_industry_transfer.txt"
    assert index.shown_path(paths.ROOT / "data/raw/cq_industry_transfer.txt") == "data/raw/cq_industry_transfer.txt"
    assert index.shown_path("/abs/x.txt") == "/abs/x.txt" and index.shown_path("") == ""
    shown = index._fmt_params({"input_path": "in/a.txt", "work_dir": "", "run": "r"})
    assert shown == f'input_path="{tmp_path / "in" / "a.txt"}", work_dir="", run="r"'
