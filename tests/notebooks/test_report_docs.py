"""Per-document reports (``report_docs``): one page per chosen document, about that document only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from urllib.parse import quote

import pytest

from conftest import ROOT
from helpers.errors import BadUsage
from helpers.params import validate
from helpers.run import runner
from helpers.run.index import write_index
from helpers.run.results import RunResult
from helpers.show import report

CORPUS = ROOT / "tests" / "data" / "corpus"
# file -> (doc_id given in metadata.csv, a figure as written that no other of the three documents has)
DOCS = {
    "changshou_new_materials.txt": ("长寿 2025/08", "四百二十六亿元"),  # an id unsafe as a file name
    "hechuan_smart_equipment.txt": ("cq-2025-0714-hechuan", "218.6亿元"),
    "liangjiang_new_energy.txt": ("lj-nev-2025", "超过320亿元"),
}
TITLES = {
    "长寿 2025/08": "长寿 新材料产业向“高精尖”迈进",
    "cq-2025-0714-hechuan": "合川 智能装备产业链加速成形",
    "lj-nev-2025": "两江新区新能源汽车产业集群再扩容",
}
CHOSEN = ["长寿 2025/08", "lj-nev-2025"]


def _folder(tmp) -> object:
    """The three articles with their metadata rows (ids as in DOCS) in a folder of their own."""
    import csv

    folder = tmp / "in"
    folder.mkdir()
    with open(CORPUS / "metadata.csv", encoding="utf-8-sig", newline="") as f:
        rows = {r["file"]: r for r in csv.DictReader(f)}
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "doc_id", "title", "date", "source"])
        w.writeheader()
        for name, (doc_id, _) in DOCS.items():
            shutil.copy(CORPUS / name, folder / name)
            w.writerow(dict(rows[name], doc_id=doc_id))
    return folder


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def doc_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report_docs")
    folder = _folder(tmp)
    r = _cli("run", "--input", str(folder), "--run", "docs", "--work-dir", str(tmp), "--no-progress",
             "--jobs", "1", "--report-docs", ",".join(CHOSEN))
    assert r.returncode == 0, r.stderr[-3000:]
    out = tmp / "outputs" / "docs"
    return {"tmp": tmp, "folder": folder, "out": out, "stdout": json.loads(r.stdout.strip().splitlines()[-1]),
            "pages": {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
                      for p in (out / "reports").glob("*.html")}}


def _visible(page: str) -> str:
    from test_report import Page

    return Page(page).visible


def test_page_names_are_safe_and_links_find_them():
    assert report.page_stem("长寿 2025/08") == "%E9%95%BF%E5%AF%BF%202025%2F08"
    assert "/" not in report.page_stem("a/b") and report.page_stem("lj-nev-2025") == "lj-nev-2025"
    # the link encodes the file name once more, so a browser asks for the file as named
    assert report.page_href("a b", "zh") == "a%2520b.zh.html"


def test_report_docs_is_checked_with_the_other_parameters():
    assert validate({})["report_docs"] == ""
    with pytest.raises(BadUsage, match="empty document id"):
        validate({"report_docs": "a,,b"})


def test_chosen_documents(tmp_path):
    folder = _folder(tmp_path)
    params = validate({"input_path": str(folder)})
    assert sorted(runner.chosen_documents(dict(params, report_docs="all"))) == sorted(TITLES)
    assert runner.chosen_documents(dict(params, report_docs=" lj-nev-2025 ,lj-nev-2025")) == ["lj-nev-2025"]
    with pytest.raises(BadUsage, match=r"no document 'lj-nev-205' in .*did you mean 'lj-nev-2025'"):
        runner.chosen_documents(dict(params, report_docs="lj-nev-205"))


def test_unknown_document_is_bad_usage_before_anything_runs(tmp_path):
    folder = _folder(tmp_path)
    r = _cli("run", "--input", str(folder), "--run", "x", "--work-dir", str(tmp_path), "--report-docs",
             "lj-nev-2025,nosuch")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "'nosuch'" in lines[0] and "'lj-nev-2025'" not in lines[0]
    assert f"python -m helpers docs {folder}" in lines[0]
    assert not (tmp_path / "outputs").exists(), "nothing ran"
    listed = _cli("docs", str(folder))
    assert listed.returncode == 0 and {ln.split(",")[0] for ln in listed.stdout.splitlines()[1:]} == set(TITLES)


def test_many_reports_are_announced_not_refused(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path)
    monkeypatch.setattr(runner, "MANY_REPORTS", 2)
    with pytest.raises(BadUsage, match="no notebooks found"):  # goes on past the announcement
        runner.run_collection({"input_path": str(folder), "work_dir": str(tmp_path), "report_docs": "all"},
                              notebooks=[], progress=False)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "3 per-document reports (6 pages with lang=both)" in err[0] and "about" in err[0]


@pytest.mark.slow
def test_each_page_is_about_its_own_document(doc_run):
    pages = doc_run["pages"]
    files = {name: file for file, (name, _) in DOCS.items()}
    for doc_id in CHOSEN:
        stem = report.page_stem(doc_id)
        for name in (f"reports/{stem}.html", f"reports/{stem}.zh.html"):
            assert name in pages, sorted(pages)
            text = _visible(pages[name])
            assert TITLES[doc_id] in text
            for other in TITLES:
                if other != doc_id:
                    assert TITLES[other] not in text, (name, other)
            for other, figure in DOCS.values():
                assert (figure in text) == (other == doc_id), (name, figure)
            assert re.search(r"The article has \d+ paragraphs|全文\d+段", text), name
            assert "data:image/png;base64," in pages[name] and "def " not in pages[name]
            from helpers.show import webfont

            assert webfont.MARK in pages[name], "the web font is embedded"
        # the language switch finds the other page
        assert f'href="{report.page_href(doc_id, "zh")}"' in pages[f"reports/{stem}.html"]
        assert f'href="{report.page_href(doc_id)}"' in pages[f"reports/{stem}.zh.html"]
        facts = json.loads((doc_run["tmp"] / "data" / "processed" / "docs" / "report_facts" / f"{stem}.en.json")
                           .read_text(encoding="utf-8"))
        assert facts["report_on"] == doc_id and facts["documents"] == 1
        assert {f["doc_id"] for f in facts["figures_quoted"]} == {doc_id}
    assert not any(report.page_stem("cq-2025-0714-hechuan") in p for p in pages), "only the chosen documents"
    assert files  # every document file was copied


@pytest.mark.slow
def test_index_links_each_page_with_its_title_and_status(doc_run):
    index = (doc_run["out"] / "index.html").read_text(encoding="utf-8")
    assert "Per-document reports" in index and "2 of 2 rendered" in index
    for doc_id in CHOSEN:
        href = "reports/" + quote(report.page_stem(doc_id) + ".html")
        assert f'<a href="{href}">{TITLES[doc_id]}</a>' in index
        assert (doc_run["out"] / "reports" / f"{report.page_stem(doc_id)}.html").exists()
    reports = doc_run["stdout"]["reports"]
    assert [(r["doc_id"], r["lang"], r["status"]) for r in reports] == [
        (d, lang, "ok") for d in CHOSEN for lang in ("en", "zh")]
    # the whole-run report is still about the three documents
    whole = _visible((doc_run["out"] / "report.html").read_text(encoding="utf-8"))
    assert "The corpus holds 3 documents" in whole and all(t in whole for t in TITLES.values())


@pytest.mark.slow
def test_load_one_document_reads_only_its_tables(doc_run):
    from helpers import paths

    dirs = paths.run_dirs("docs", doc_run["tmp"])
    for doc_id in CHOSEN:
        rep = report.load(dirs, "en", doc_id)
        assert [d["doc_id"] for d in rep.documents] == [doc_id] and rep.n_documents == 1
        for name, df in rep.tables.items():
            if "doc_id" in df.columns:
                assert set(df["doc_id"]) == {doc_id}, name
            assert len(df), f"{name} is empty for {doc_id}"
        assert rep.tables["terms"]["docs"].eq(1).all()
    whole = report.load(dirs, "en")
    # a run's figures are digested, not held: every document's are counted
    assert whole.n_documents == 3 and "figures" not in whole.tables and whole.figures.n_docs == len(TITLES)
    assert set(whole.figures.first["doc_id"]) <= set(TITLES)
    with pytest.raises(BadUsage, match=r"run 'docs' has no document 'nosuch'"):
        report.load(dirs, "en", "nosuch")


@pytest.mark.slow
def test_a_failing_document_report_is_recorded_and_the_others_render(doc_run, tmp_path):
    from helpers import paths

    dirs = paths.run_dirs("docs", doc_run["tmp"])
    nb = runner.stage_notebooks()[[p.stem for p in runner.stage_notebooks()].index("05_build_report")]
    params = {"run": "docs", "work_dir": str(doc_run["tmp"]), "top_n": 10}
    out = runner.render_doc_reports(nb, params, ["ghost", "cq-2025-0714-hechuan"], ["en"], dirs,
                                    runner.ensure_kernel(), progress=False)
    assert [(r.doc_id, r.status) for r in out] == [("ghost", "failed"), ("cq-2025-0714-hechuan", "ok")]
    assert "has no document 'ghost'" in out[0].error
    assert TITLES["cq-2025-0714-hechuan"] in _visible((dirs.outputs / out[1].html).read_text(encoding="utf-8"))
    res = RunResult("docs", tmp_path, [], {}, doc_reports=out)
    assert not res.ok
    index = write_index(res, {}).read_text(encoding="utf-8")
    assert "1 of 2 rendered" in index and "failed at cell" in index and "ghost" in index
