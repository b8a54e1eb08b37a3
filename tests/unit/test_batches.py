"""Batched tables: incremental at document granularity, atomic at every step, few files, compacted."""

from __future__ import annotations

import itertools
import random
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from helpers import paths
from helpers.run import execute, inputs
from helpers.store import batches, parts

TABLES = list(parts.TABLE_STAGE)


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))[:n]:
        shutil.copy(p, folder / p.name)
    return folder


def _run(folder: Path, dirs, **kw) -> list[dict]:
    return execute.run_stage("all", inputs.iter_inputs(folder), execute.Settings(dirs=dirs, **kw))


def _tables(dirs) -> dict[str, pd.DataFrame]:
    return {t: parts.read_parts(dirs, t) for t in TABLES}


def _same_tables(a: dict, b: dict):
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)


def _files(dirs) -> dict[str, tuple]:
    """Every file of the per-document tables: relative path -> (inode, modification time)."""
    out = {}
    for t in TABLES:
        for p in parts.table_folder(dirs, t).iterdir():
            st = p.stat()
            out[f"{t}/{p.name}"] = (st.st_ino, st.st_mtime_ns)
    return out


def test_touching_one_document_redoes_it_alone_and_rewrites_no_batch(tmp_path):
    folder = _folder(tmp_path, 5)
    dirs = paths.run_dirs("inc", tmp_path).make()
    assert [r["status"] for r in _run(folder, dirs)] == ["done"] * 5
    before = _files(dirs)
    assert sum(1 for f in before if "/b" in f) == len(TABLES), "five documents: one batch per table"
    changed = sorted(folder.glob("*.txt"))[1]
    assert changed.read_bytes().decode("utf-8")
    changed.write_bytes(changed.read_bytes() + "\n新增一段：两江新区新引进项目5个。\n".encode())
    assert [r["status"] for r in _run(folder, dirs)] == ["cached", "done", "cached", "cached", "cached"]
    after = _files(dirs)
    old_batches = {f: v for f, v in before.items() if "/b" in f}
    assert all(after.get(f) == v for f, v in old_batches.items()), "no batch was rewritten"
    new = [f for f in after if f not in before]
    assert sorted(f.split("/")[0] for f in new) == sorted(TABLES), "one new batch per table"
    m = batches.manifest(parts.table_folder(dirs, "tokens"))
    doc = changed.stem
    assert m.get(doc)[1] == new[[f.split("/")[0] for f in new].index("tokens")].split("/")[1]
    # the tables are those of a fresh run on the changed folder, row for row
    fresh = paths.run_dirs("fresh", tmp_path).make()
    _run(folder, fresh)
    _same_tables(_tables(dirs), _tables(fresh))


@pytest.mark.parametrize("fail_at", [1, 4, 9, 13])
def test_a_run_interrupted_between_batch_and_manifest_leaves_the_tables_of_a_clean_run(tmp_path, monkeypatch,
                                                                                        fail_at):
    folder = _folder(tmp_path, 5)
    reference = paths.run_dirs("ref", tmp_path).make()
    _run(folder, reference)
    dirs = paths.run_dirs("cut", tmp_path).make()
    monkeypatch.setattr(batches, "BATCH_DOCS", 2)  # batches of two documents: 3 per table
    commit = batches.commit
    calls = []

    def failing(*args, **kw):
        calls.append(1)
        if len(calls) == fail_at:
            raise KeyboardInterrupt("killed between the batch file and the manifest")
        return commit(*args, **kw)

    monkeypatch.setattr(batches, "commit", failing)
    with pytest.raises(KeyboardInterrupt):
        _run(folder, dirs)
    parts.forget_manifests()
    on_disk = {p.name for t in TABLES for p in parts.table_folder(dirs, t).glob("b*.parquet")}
    named = {p.name for t in TABLES for p in parts.dataset_files(dirs, t)}
    assert len(on_disk - named) == 1, "the batch whose commit was cut is on disk, unnamed, and ignored"
    for t in TABLES:  # what readers see: only committed documents, each whole
        for doc_id in parts.part_ids(dirs, t):
            pd.testing.assert_frame_equal(parts.read_part(dirs, t, doc_id), parts.read_part(reference, t, doc_id))
    monkeypatch.setattr(batches, "commit", commit)
    again = _run(folder, dirs)
    kept = 2 if fail_at > len(TABLES) else 0  # the first two documents, once all their tables were committed
    assert sum(r["status"] == "cached" for r in again) == kept, "committed work is kept"
    _same_tables(_tables(dirs), _tables(reference))
    on_disk = {p.name for t in TABLES for p in parts.table_folder(dirs, t).glob("b*.parquet")}
    assert on_disk == {p.name for t in TABLES for p in parts.dataset_files(dirs, t)}, "the orphan is swept"


def test_superseded_rows_are_compacted_and_small_batches_merged(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 6)
    dirs = paths.run_dirs("compact", tmp_path).make()
    _run(folder, dirs)
    reference = _tables(dirs)
    first = {p.name for p in parts.dataset_files(dirs, "tokens")}
    # redoing four of six documents supersedes most of the batch: its two current documents are
    # rewritten, together with the small batch of the four
    ids = [d.doc_id for d in inputs.iter_inputs(folder)]
    execute.run_stage("segment", ids[:4], execute.Settings(dirs=dirs, force=True))
    now = {p.name for p in parts.dataset_files(dirs, "tokens")}
    assert not now & first and len(now) == 1, "the sparse batch was compacted"
    _same_tables(_tables(dirs), reference)
    # one document at a time: small batches pile up until SMALL_BATCHES of them are merged
    counts = []
    for doc in ids[:5]:
        execute.run_stage("segment", [doc], execute.Settings(dirs=dirs, force=True))
        counts.append(len(parts.dataset_files(dirs, "tokens")))
    assert max(counts) <= batches.SMALL_BATCHES and any(b < a for a, b in itertools.pairwise(counts)), counts
    _same_tables(_tables(dirs), reference)
    on_disk = sorted(p.name for p in parts.table_folder(dirs, "tokens").glob("b*.parquet"))
    assert on_disk == sorted(p.name for p in parts.dataset_files(dirs, "tokens"))


def test_rows_read_back_across_row_groups_in_any_order(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "ROW_GROUP_BYTES", 2000)  # many small row groups per batch
    folder = _folder(tmp_path, 6)
    dirs = paths.run_dirs("groups", tmp_path).make()
    _run(folder, dirs)
    import pyarrow.parquet as pq

    batch = parts.dataset_files(dirs, "tokens")[0]
    assert pq.ParquetFile(batch).metadata.num_row_groups > 6
    ids = parts.part_ids(dirs, "tokens")
    for order in (ids, ids[::-1], random.Random(1).sample(ids, len(ids))):
        one_by_one = pd.concat([parts.read_part(dirs, "tokens", d) for d in order], ignore_index=True)
        for chunk in (1, 4, 100):
            bulk = pd.concat(list(parts.iter_chunks(dirs, "tokens", order, chunk=chunk)), ignore_index=True)
            pd.testing.assert_frame_equal(bulk, one_by_one, check_dtype=False)
    assert parts.read_parts(dirs, "tokens", ["no such document", ids[0]]).equals(parts.read_part(dirs, "tokens", ids[0]))


def test_files_grow_with_the_data_not_with_the_documents(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_corpus

    info = make_corpus.generate(tmp_path / "corpus", 0.15, seed=3)
    dirs = paths.run_dirs("gen", tmp_path).make()
    monkeypatch.setattr(batches, "BATCH_DOCS", 20)
    res = execute.run_stage("all", inputs.iter_inputs(tmp_path / "corpus"), execute.Settings(dirs=dirs,
                                                                                            engine="rjieba"))
    n = sum(r["status"] == "done" for r in res)
    assert n == info["files"] > 40
    files = [p for t in TABLES for p in parts.table_folder(dirs, t).iterdir()]
    per_table = -(-n // 20)  # batches of 20 documents, then one manifest
    assert len(files) <= len(TABLES) * (per_table + 1), len(files)
    assert len(files) < n, "fewer files than documents"


def _stage_frames(path: Path) -> dict[str, pd.DataFrame]:
    """Every per-document table of one test article, as the stages make them."""
    from helpers.extract import document
    from helpers.store import products
    from helpers.store.textio import decode_bytes

    cleaned = document.clean_decoded(decode_bytes(path.read_bytes(), path), "d1", {})
    doc = cleaned.document
    sentences, tokens = document.segment_document(doc, "jieba")
    figures, dates = document.figures_document(doc, sentences)
    entities, cooc = document.entities_document(doc, sentences, tokens)
    return {"documents": products.documents_frame([doc]), "cleaning_log": products.log_frame(cleaned.log),
            "sentences": sentences, "tokens": tokens, "keywords": document.keywords_document(tokens, doc),
            "figures": figures, "dates": dates, "entities": entities, "cooccurrence": cooc}


@pytest.mark.parametrize("name", ["cq_industry_transfer.txt", "report_unseen_rongchang.txt"])
def test_stage_rows_go_to_arrow_directly_and_equal_the_conformed_conversion(name):
    path = next(p for p in (ROOT / "data" / "raw", ROOT / "tests" / "data" / "articles") if (p / name).exists()) / name
    frames = _stage_frames(path)
    assert set(frames) == set(TABLES)
    for table, df in frames.items():
        slow = parts.to_arrow(parts.schemas.conform(df, table), table).replace_schema_metadata(None)
        direct = parts._direct(df, table)
        assert direct is not None, f"{table}: the stage's frame did not take the direct path"
        assert direct.equals(slow) and direct.schema.equals(slow.schema, check_metadata=True), table
        assert parts.rows_of(df, table).equals(slow)


def test_frames_off_the_contract_are_conformed_or_refused():
    df = _stage_frames(ROOT / "data" / "raw" / "cq_industry_transfer.txt")["figures"]
    want = parts.rows_of(df, "figures")
    reordered = df[list(reversed(df.columns))]
    as_objects = df.astype({"sent_id": "object", "text": "object"})
    for other in (reordered, as_objects):
        assert parts._direct(other, "figures") is None
        assert parts.rows_of(other, "figures").equals(want)
    with pytest.raises(parts.schemas.SchemaError, match="missing columns"):
        parts.rows_of(df.drop(columns=["metric"]), "figures")
