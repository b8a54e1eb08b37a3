"""Corpus runs: the same tables in-process, in worker processes and on Dask; incremental; resumable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLES
from helpers import paths
from helpers.extract import keywords
from helpers.run import execute, inputs
from helpers.store import parts, products, schemas

TABLES = [name for name in schemas.TABLES if name != "terms"]


def _inputs(folder: Path):
    return inputs.iter_inputs(folder)


def _few(articles: Path, folder: Path, n: int) -> Path:
    """A folder of the first ``n`` clean test articles."""
    folder.mkdir()
    for p in sorted(articles.glob("clean_*.txt"))[:n]:
        shutil.copy(p, folder / p.name)
    return folder


def _tables(dirs, doc_ids):
    return {t: products.concat(parts.iter_parts(dirs, t, doc_ids), t) for t in TABLES}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """The test articles plus two files that cannot be read, in a folder of their own."""
    folder = tmp_path_factory.mktemp("articles")
    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / "zz_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


@pytest.mark.slow
def test_processes_dask_and_in_process_give_identical_tables(articles, tmp_path):
    inputs = _inputs(articles)
    results = {}
    for name, jobs, scheduler in (("serial", 1, ""), ("pool", 2, ""), ("dask", 2, "local")):
        dirs = paths.run_dirs(name, tmp_path).make()
        res = execute.run_stage("all", inputs, execute.Settings(dirs=dirs), jobs=jobs, scheduler=scheduler)
        ok = sorted(r["doc_id"] for r in res if r["status"] != "failed")
        failed = sorted((r["doc_id"], r["problem"]) for r in res if r["status"] == "failed")
        results[name] = (ok, failed, _tables(dirs, ok))
    serial_ok, serial_failed, serial_tables = results["serial"]
    assert len(serial_ok) == len(inputs) - 2
    assert serial_failed == [("zz_empty", "file is empty"), ("zz_image", "not a text file (binary content)")]
    for name in ("pool", "dask"):
        ok, failed, tables = results[name]
        assert ok == serial_ok and failed == serial_failed
        for t in TABLES:
            pd.testing.assert_frame_equal(tables[t], serial_tables[t], check_like=False, obj=f"{name}:{t}")
    assert len(serial_tables["figures"]) > 20 and serial_tables["figures"]["doc_id"].nunique() > 5


def test_rerun_is_incremental_and_force_redoes(articles, tmp_path):
    folder = _few(articles, tmp_path / "in", 3)
    dirs = paths.run_dirs("inc", tmp_path).make()
    settings = execute.Settings(dirs=dirs)
    first = execute.run_stage("all", _inputs(folder), settings)
    assert [r["status"] for r in first] == ["done"] * 3
    again = execute.run_stage("all", _inputs(folder), settings)
    assert [r["status"] for r in again] == ["cached"] * 3
    changed = sorted(folder.glob("*.txt"))[1]
    changed.write_bytes(changed.read_bytes() + "\n新增一段：两江新区新引进项目5个。\n".encode())
    third = execute.run_stage("all", _inputs(folder), settings)
    assert [r["status"] for r in third] == ["cached", "done", "cached"]
    forced = execute.run_stage("all", _inputs(folder), execute.Settings(dirs=dirs, force=True))
    assert [r["status"] for r in forced] == ["done"] * 3
    # another engine is another parameter: segmentation and what follows are redone
    other = execute.run_stage("segment", [d.doc_id for d in _inputs(folder)], execute.Settings(dirs=dirs, engine="rjieba"))
    assert [r["status"] for r in other] == ["done"] * 3


def _docs_in_every_table(dirs) -> set[str]:
    """The documents every per-document table's manifest holds rows for (read as a reader would,
    while a run may be replacing them)."""
    import pyarrow.parquet as pq

    sets = []
    for table in parts.TABLE_STAGE:
        try:
            sets.append(set(pq.read_table(parts.table_folder(dirs, table) / "_manifest.parquet")["doc_id"].to_pylist()))
        except (FileNotFoundError, OSError):
            return set()
    return set.intersection(*sets)


@pytest.mark.slow
def test_killed_run_resumes_without_redoing_and_without_half_written_files(articles, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    sources = sorted(p for p in articles.glob("*.txt") if not p.name.startswith("zz_"))
    for i in range(8):
        for p in sources:
            shutil.copy(p, folder / f"{p.stem}_{i}.txt")
    n_docs = len(list(folder.glob("*.txt")))
    cmd = [sys.executable, "-m", "helpers", "run", "--input", str(folder), "--run", "kill", "--work-dir",
           str(tmp_path), "--jobs", "1", "--no-progress", "--lang", "en"]
    env = dict(os.environ, ZHNEWSDATA_BATCH_DOCS="4")  # batches of 4 documents: commits all through the run
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=env)
    dirs = paths.run_dirs("kill", tmp_path)
    deadline = time.time() + 120
    while time.time() < deadline and len(_docs_in_every_table(dirs)) < 10:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(_docs_in_every_table(dirs))
    assert 10 <= finished < n_docs, "the run was killed midway"
    for table in parts.TABLE_STAGE:
        for path in parts.table_folder(dirs, table).glob("*.parquet"):
            pd.read_parquet(path)  # every batch and manifest that exists is whole
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    summary = json.loads((tmp_path / "outputs" / "kill" / "corpus.json").read_text(encoding="utf-8"))["summary"]
    assert summary["documents"] == n_docs
    assert summary.get("cached", 0) >= finished, "finished documents are not redone"
    assert not list(tmp_path.rglob("*.part")), "no temporary files left behind"
    assert len(products.load_table("figures", dirs)["doc_id"].unique()) > n_docs // 2
    # the resumed run's tables are those of a run never interrupted
    clean = paths.run_dirs("clean", tmp_path).make()
    res = execute.run_stage("all", _inputs(folder), execute.Settings(dirs=clean))
    ok = [r["doc_id"] for r in res if r["status"] != "failed"]
    for table in parts.TABLE_STAGE:
        pd.testing.assert_frame_equal(parts.read_parts(dirs, table, ok), parts.read_parts(clean, table, ok),
                                      obj=table)


def _overview_row(document: dict) -> dict:
    """The overview row of one document computed from it as a dict: the reference for the Arrow one."""
    paras = document.get("paragraphs") or []
    return {
        "doc_id": document["doc_id"], "encoding": document.get("encoding"), "title": document.get("title"),
        "byline": document.get("byline"), "date": document.get("date") or "", "source": document.get("source") or "",
        "headings": len(document.get("sections") or []),
        "paragraphs": sum(1 for p in paras if p.get("kind") == "body"),
        "related": len(document.get("related") or []), "characters": len(document.get("text") or ""),
    }


def _same_frame(bulk: pd.DataFrame, one_by_one: pd.DataFrame, what: str):
    """Equal values and dtype names; the bulk reader keeps text in Arrow memory."""
    assert [str(t) for t in bulk.dtypes] == [str(t) for t in one_by_one.dtypes], what
    pd.testing.assert_frame_equal(bulk, one_by_one, check_dtype=False, obj=what)
    for col in bulk.columns if len(bulk) else []:
        if str(bulk[col].dtype) == "string":
            assert bulk[col].dtype.storage == "pyarrow", (what, col)


def test_bulk_reader_gives_the_frames_of_the_per_document_reader(articles, tmp_path):
    dirs = paths.run_dirs("bulk", tmp_path).make()
    res = execute.run_stage("all", _inputs(articles), execute.Settings(dirs=dirs))
    ok = [r["doc_id"] for r in res if r["status"] != "failed"]
    for table in TABLES:
        one_by_one = products.concat(parts.iter_parts(dirs, table, ok), table)
        for chunk in (3, parts.CHUNK_DOCS):
            bulk = pd.concat(list(parts.iter_chunks(dirs, table, ok, chunk=chunk)) or [schemas.empty(table)],
                             ignore_index=True)
            _same_frame(schemas.conform(bulk, table), one_by_one, f"{table} chunk {chunk}")
        _same_frame(parts.read_parts(dirs, table, ok), one_by_one, table)
        if table != "documents":  # the joined product file reads back the same
            folder = parts.folder_of(dirs, table)
            assert parts.consolidate(dirs, table, ok) == folder / f"{table}.parquet"
            _same_frame(schemas.read_table(table, folder), one_by_one, f"{table}.parquet")
            csv = folder / f"{table}.csv"
            assert csv.exists() == schemas.TABLES[table].csv, table
            # a run without the copies (a corpus) removes the older ones: the dataset folder is the product
            assert parts.consolidate(dirs, table, ok, views=False) == parts.table_folder(dirs, table)
            assert not csv.exists() and not (folder / f"{table}.parquet").exists(), table
            _same_frame(parts.read_parts(dirs, table, ok), one_by_one, f"{table} from its batches")
    # the documents overview computed by Arrow equals the one made from the documents as dicts
    from_dicts = pd.DataFrame([_overview_row(d) for d in products.iter_documents(dirs, ok)])
    pd.testing.assert_frame_equal(products.overview(dirs, ok), from_dicts)
    # corpus term counts aggregated chunk by chunk equal the counts over the whole tokens table at once
    cols = ["doc_id", "token", "pos", "is_stop", "is_figure", "is_entity"]
    terms, per_doc = keywords.corpus_terms(parts.iter_chunks(dirs, "tokens", ok, columns=cols, chunk=4))
    whole = keywords.term_frequencies(parts.read_parts(dirs, "tokens", ok))
    pd.testing.assert_frame_equal(terms.reset_index(drop=True), whole)
    assert per_doc.loc[ok[0], "tokens"] == len(parts.read_part(dirs, "tokens", ok[0]))


def test_the_manifest_is_the_truth(articles, tmp_path):
    folder = _few(articles, tmp_path / "in", 2)
    dirs = paths.run_dirs("manifest", tmp_path).make()
    inputs = _inputs(folder)
    execute.run_stage("all", inputs, execute.Settings(dirs=dirs))
    doc = inputs[0].doc_id
    import pyarrow.parquet as pq

    m = pq.read_table(parts.table_folder(dirs, "figures") / "_manifest.parquet").to_pandas().set_index("doc_id")
    assert parts.part_hash(dirs, "figures", doc) == m.loc[doc, "hash"]
    before = {t: parts.read_parts(dirs, t) for t in TABLES}
    # a document's rows rewritten with another hash: the manifest points to them, the stage redoes it
    parts.write_part(parts.read_part(dirs, "figures", doc), dirs, "figures", doc, "f" * 24)
    assert parts.part_hash(dirs, "figures", doc) == "f" * 24
    assert [r["status"] for r in execute.run_stage("figures", [d.doc_id for d in inputs], execute.Settings(dirs=dirs),
                                                   jobs=2)] == ["done", "cached"]
    # a damaged or missing manifest: its table's documents are redone, the same tables result
    (parts.table_folder(dirs, "figures") / "_manifest.parquet").write_text("not parquet", encoding="utf-8")
    parts.forget_manifests()
    assert [r["status"] for r in execute.run_stage("all", inputs, execute.Settings(dirs=dirs))] == ["done", "done"]
    (parts.table_folder(dirs, "tokens") / "_manifest.parquet").unlink()
    assert [r["status"] for r in execute.run_stage("all", inputs, execute.Settings(dirs=dirs))] == ["done", "done"]
    assert [r["status"] for r in execute.run_stage("all", inputs, execute.Settings(dirs=dirs))] == ["cached", "cached"]
    for t in TABLES:
        pd.testing.assert_frame_equal(parts.read_parts(dirs, t), before[t], obj=t)
    # batches no manifest names (those the damaged manifests pointed to) are gone
    for t in TABLES:
        on_disk = sorted(p.name for p in parts.table_folder(dirs, t).glob("b*.parquet"))
        assert on_disk == sorted(p.name for p in parts.dataset_files(dirs, t)), t


def test_the_code_hash_covers_every_module_that_makes_products():
    """A change to any module of store/ or extract/ (cleaning/ included) or the base invalidates
    earlier products; show/ (charts, prose) never does."""
    pkg = paths.PACKAGE_DIR
    hashed = {p.relative_to(pkg).as_posix() for p in execute.product_files()}
    below = {p.relative_to(pkg).as_posix() for layer in ("store", "extract") for p in (pkg / layer).rglob("*.py")}
    assert "extract/cleaning/__init__.py" in below and below <= hashed
    assert {"chars.py", "errors.py", "params.py", "paths.py", "run/execute.py", "run/inputs.py"} <= hashed
    assert not any(p.startswith(("show/", "run/runner")) for p in hashed)
