"""The run's products on disk, as the notebooks and the report read them.

The documents table to and from plain dicts, a product read whole (a per-document table's current
rows, or a joined table's file), the one per-document overview frame, the run's manifest and its list of skipped
documents. Everything here reads or writes files under a run's folders (``paths.RunDirs``).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.store import batches, parts, schemas
from helpers.store.files import write_text_atomic

SAMPLE_DOCS = 200  # token-level views (POS mix, keyword in context, the report) read at most this many documents

#: With ``exports="auto"`` a run of more documents gets its tables as Parquet datasets only: the joined,
#: CSV and Stata copies of a corpus are most of its products on disk (5 MB, 1,795 articles: 100 of 128 MB).
VIEWS_MAX_DOCS = 1_000


def views_wanted(dirs, n_documents: int | None = None) -> bool:
    """Whether this run's tables get their copies (joined Parquet, CSV, Stata) beside the datasets.

    The run's ``exports`` parameter decides (recorded in ``outputs/<run>/run.json`` when the run
    starts): ``all`` yes, ``none`` no, ``auto`` (also when no run recorded one) for runs of at most
    :data:`VIEWS_MAX_DOCS` documents (``n_documents``, default: the run's document count).
    """
    exports = "auto"
    run_json = Path(dirs.outputs) / "run.json"
    if run_json.exists():
        exports = json.loads(run_json.read_text(encoding="utf-8")).get("parameters", {}).get("exports", "auto")
    if exports in ("all", "none"):
        return exports == "all"
    return (n_documents if n_documents is not None else len(document_ids(dirs))) <= VIEWS_MAX_DOCS


# ----------------------------------------------------------------------------- documents as frames

def documents_frame(documents: Iterable[dict]) -> pd.DataFrame:
    """Documents as the ``documents`` table (nested sections, paragraphs, related as lists)."""
    return schemas.records("documents", list(documents))


def _plain(value):
    """Parquet gives nested lists back as numpy arrays of dicts; make them plain Python again."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def documents_from_frame(df: pd.DataFrame) -> list[dict]:
    """The ``documents`` table back to one plain dict per document."""
    out = []
    for row in df.to_dict("records"):
        doc = {k: _plain(v) for k, v in row.items()}
        for k in ("title", "byline", "date", "source"):
            if doc.get(k) is not None and pd.isna(doc[k]):
                doc[k] = None
        out.append(doc)
    return out


def log_frame(entries: Iterable[dict]) -> pd.DataFrame:
    return schemas.records("cleaning_log", list(entries))


def concat(frames: Iterable[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return schemas.empty(name)
    return schemas.conform(pd.concat(frames, ignore_index=True), name)


def read_failures(outputs: Path) -> list[dict]:
    """The run's list of skipped documents (``outputs/<run>/failures.json``); [] if none or unreadable."""
    path = Path(outputs) / "failures.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
    return []


def write_failures(failures: list[dict], dirs, stage: str) -> Path:
    """The documents a stage skipped, with the reason, merged into the run's failure list."""
    old = [f for f in read_failures(dirs.outputs) if f.get("stage") != stage]
    new = [dict(f, stage=f.get("stage") or stage) for f in failures]
    return write_text_atomic(dirs.outputs / "failures.json", json.dumps(old + new, ensure_ascii=False, indent=1))


def load_table(name: str, dirs) -> pd.DataFrame:
    """A product of this run, checked against its contract: a per-document table's current rows
    for the run's documents (from its batches), any other its file. Whole, in pandas: for a
    large corpus, aggregate with ``helpers.store.query`` instead."""
    folder = parts.folder_of(dirs, name)
    if name in parts.TABLE_STAGE:
        if (folder / name / batches.MANIFEST).exists():
            return parts.read_parts(dirs, name, document_ids(dirs))
    elif (folder / f"{name}.parquet").exists():
        return schemas.read_table(name, folder)
    raise FileNotFoundError(f"{folder / name}: product {name!r} not found; run the stage that writes it first")


def iter_documents(dirs, doc_ids: list[str] | None = None) -> Iterable[dict]:
    """The cleaned documents of this run, one plain dict at a time."""
    for df in parts.iter_parts(dirs, "documents", doc_ids if doc_ids is not None else document_ids(dirs)):
        yield from documents_from_frame(df)


def load_documents(dirs, limit: int | None = None) -> list[dict]:
    """The cleaned documents of this run as plain dicts (the first ``limit`` if given)."""
    return list(itertools.islice(iter_documents(dirs), limit))


def document_ids(dirs) -> list[str]:
    """The documents of this run's last stage 01, in input order (its list), else all documents stored."""
    manifest = dirs.interim / "manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8"))["doc_ids"]
    return parts.part_ids(dirs, "documents")


def overview(dirs, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per document of this run: doc_id, encoding, title, byline, date, source and counts
    of headings, body paragraphs, related articles and characters - computed by Arrow from the
    documents table a chunk at a time, without making Python objects of their text."""
    ids = doc_ids if doc_ids is not None else document_ids(dirs)
    cols = ["doc_id", "encoding", "title", "byline", "date", "source", "sections", "paragraphs", "related", "text"]
    frames = []
    for t in parts.arrow_chunks(dirs, "documents", ids, columns=cols):
        n = t.num_rows

        def length(name, t=t):
            return pc.fill_null(pc.list_value_length(t[name].combine_chunks()), 0).to_numpy().astype("int64")

        paras = t["paragraphs"].combine_chunks()
        body = np.zeros(n, dtype="int64")
        flat = pc.list_flatten(paras)
        if pa.types.is_struct(flat.type) and flat.type.get_field_index("kind") >= 0 and len(flat):
            kinds = pc.equal(pc.struct_field(flat, "kind"), "body")
            is_body = pc.fill_null(kinds, False).to_numpy(zero_copy_only=False)
            parents = pc.list_parent_indices(paras).to_numpy()
            body = np.bincount(parents[is_body], minlength=n).astype("int64")
        frames.append(pd.DataFrame({
            "doc_id": t["doc_id"].to_pylist(), "encoding": t["encoding"].to_pylist(), "title": t["title"].to_pylist(),
            "byline": t["byline"].to_pylist(), "date": [v or "" for v in t["date"].to_pylist()],
            "source": [v or "" for v in t["source"].to_pylist()], "headings": length("sections"),
            "paragraphs": body, "related": length("related"),
            "characters": pc.fill_null(pc.utf8_length(t["text"].combine_chunks()), 0).to_numpy().astype("int64"),
        }))
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c in _COUNTS else "object") for c in _OVERVIEW})
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


_OVERVIEW = ("doc_id", "encoding", "title", "byline", "date", "source", "headings", "paragraphs", "related",
             "characters")


_COUNTS = ("headings", "paragraphs", "related", "characters")


def write_totals(totals: pd.DataFrame, dirs) -> Path:
    """Notebook 06's product: figures per subject and metric, double counting flagged."""
    return schemas.write_table(totals, "subject_totals", dirs.processed, csv=views_wanted(dirs))


def write_manifest(doc_ids: list[str], dirs) -> Path:
    """The documents of this run's stage 01, in input order (what :func:`document_ids` reads)."""
    return write_text_atomic(dirs.interim / "manifest.json", json.dumps({"doc_ids": doc_ids}, ensure_ascii=False))
