"""Per-document tables on disk: batched Parquet datasets with a manifest (``helpers.store.batches``).

Each per-document table is ``<stage folder>/<table>/``: a few large batch files and a manifest
recording, per document, the content hash of what made its rows and where they are. Stages hand
their rows to a :class:`BatchWriter` (:func:`writer`); readers get a document back
(:func:`read_part`), a chunk of documents at a time (:func:`iter_chunks`, :func:`arrow_chunks`) or
the whole table (:func:`read_parts`), always only the current rows; :func:`consolidate` joins a
small table into one ``<table>.parquet`` (+ CSV view) for people to open.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.store import batches, schemas
from helpers.store.files import PARQUET_COMPRESSION, atomic_path

STAGES = ("clean", "segment", "figures", "entities")
STAGE_TABLES = {
    "clean": ("documents", "cleaning_log"),
    "segment": ("sentences", "tokens", "keywords"),
    "figures": ("figures", "dates"),
    "entities": ("entities", "cooccurrence"),
}
TABLE_STAGE = {t: stage for stage, tables in STAGE_TABLES.items() for t in tables}


# ----------------------------------------------------------------------------- hashes

def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False, sort_keys=True).encode())
        h.update(b"\x00")
    return h.hexdigest()[:24]


# ----------------------------------------------------------------------------- tables

def folder_of(dirs, table: str) -> Path:
    return dirs.interim if schemas.TABLES[table].stage == "interim" else dirs.processed


def table_folder(dirs, table: str) -> Path:
    """The dataset folder of a per-document table: its batch files and ``_manifest.parquet``."""
    return folder_of(dirs, table) / table


_ARROW_TYPES = {"string": "string", "int64": "int64", "Int64": "int64", "bool": "bool_", "float64": "float64"}

#: The nested columns of ``documents``, fixed so that every batch has one schema (an empty list
#: or an unknown field would otherwise make a column of type null in some documents).
_NESTED = {
    "origin": pa.struct([(k, pa.string()) for k in ("title", "byline", "date", "source")]),
    "sections": pa.list_(pa.struct([("title", pa.string()), ("start", pa.int64()), ("end", pa.int64())])),
    "paragraphs": pa.list_(pa.struct([("para_id", pa.int64()), ("kind", pa.string()), ("section", pa.string()),
                                      ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])),
    "related": pa.list_(pa.struct([("page", pa.int64()), ("place", pa.string()), ("title", pa.string())])),
    "offsets": pa.list_(pa.list_(pa.int64())),
}


@functools.lru_cache(maxsize=None)
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema (with pandas' metadata) of every batch of ``table``: built once per process."""
    spec = schemas.TABLES[table]
    schema = pa.Table.from_pandas(schemas.empty(table), preserve_index=False).schema
    fields = []
    for f, (name, dtype) in zip(schema, spec.columns):
        kind = _NESTED.get(name) if dtype == "object" else getattr(pa, _ARROW_TYPES[dtype])()
        fields.append(pa.field(name, kind if kind is not None else f.type))
    return pa.schema(fields, metadata=schema.metadata)


def _fixed(table: str) -> bool:
    return all(dtype in _ARROW_TYPES for _, dtype in schemas.TABLES[table].columns)


def _column(values, field: pa.Field) -> pa.Array:
    """One column's values (a pandas extension array or a numpy array) as Arrow of ``field``'s type."""
    if isinstance(values, pd.arrays.StringArray):  # its object array of str and NA, converted in C
        return pa.array(values._ndarray, type=field.type, from_pandas=True)
    if isinstance(values, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
        return pa.array(values._data, type=field.type, mask=values._mask)
    return pa.array(values, type=field.type, from_pandas=True)


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    """``df`` (already conformed) as an Arrow table: column by column with the table's fixed
    schema where it has one (pandas' generic conversion costs more than the write itself)."""
    schema = arrow_schema(table)
    if not _fixed(table):
        t = pa.Table.from_pandas(df, preserve_index=False)
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            t = t.cast(schema)
        return t
    arrays = []
    for f in schema:
        col = df[f.name]
        values = col.array if isinstance(col.dtype, pd.api.extensions.ExtensionDtype) else col.to_numpy()
        arrays.append(_column(values, f))
    return pa.Table.from_arrays(arrays, schema=schema)


@functools.lru_cache(maxsize=None)
def _bare_schema(table: str) -> pa.Schema:
    return arrow_schema(table).remove_metadata()  # the batch carries pandas' metadata, not each document


def _direct(df: pd.DataFrame, table: str) -> pa.Table | None:
    """``df`` as Arrow straight from its columns' arrays when it already has the contract's columns
    in order with their dtypes (what the stages' frames have): the same table as conforming it and
    :func:`to_arrow`, without the frame copies and per-column Series. None when it does not fit."""
    spec = schemas.TABLES[table].columns
    mgr = getattr(df, "_mgr", None)
    if mgr is None or len(df.columns) != len(spec) or not hasattr(mgr, "iget_values"):
        return None
    schema = _bare_schema(table)
    arrays = []
    try:
        for i, ((name, dtype), field) in enumerate(zip(spec, schema)):
            values = mgr.iget_values(i)
            if df.columns[i] != name or str(values.dtype) != dtype:
                return None
            arrays.append(_column(values, field))
        return pa.Table.from_arrays(arrays, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError):
        return None


def rows_of(df: pd.DataFrame, table: str) -> pa.Table:
    """One document's rows of ``table``, checked against the contract, as Arrow (what a stage
    hands to the batch writer, in the worker that made them)."""
    direct = _direct(df, table)
    if direct is not None:
        return direct
    return to_arrow(schemas.conform(df, table), table).replace_schema_metadata(None)  # the batch carries it


# ----------------------------------------------------------------------------- writing

def writer(dirs) -> batches.BatchWriter:
    """A batch writer for the run folders ``dirs`` (one per process that maps documents)."""
    return batches.BatchWriter(lambda table: table_folder(dirs, table), arrow_schema)


def write_part(df: pd.DataFrame, dirs, table: str, doc_id: str, stage_hash: str) -> Path:
    """One document's rows of ``table`` as a batch of its own, committed at once (scripts and
    tests; the stages batch many documents through :func:`writer`). Returns the table folder."""
    w = writer(dirs)
    w.add(table, doc_id, stage_hash, rows_of(df, table))
    w.close()
    return table_folder(dirs, table)


def compact(dirs, tables: Iterable[str]) -> int:
    """Compact the batches of ``tables`` (see ``batches.compact``); returns the batches rewritten."""
    return sum(batches.compact(table_folder(dirs, t), arrow_schema(t)) for t in tables)


# ----------------------------------------------------------------------------- reading

def _manifest(dirs, table: str) -> batches.Manifest:
    return batches.manifest(table_folder(dirs, table))


def part_hash(dirs, table: str, doc_id: str) -> str | None:
    """The hash a document's rows of ``table`` were made with, or None if it has none."""
    return _manifest(dirs, table).hash_of(doc_id)


def has_part(dirs, table: str, doc_id: str) -> bool:
    """Whether ``table`` holds rows (possibly none) for the document."""
    return doc_id in _manifest(dirs, table).pos


def dataset_files(dirs, table: str) -> list[Path]:
    """The batch files of ``table`` that hold current rows (what DuckDB, Dask or Spark read)."""
    return batches.files(table_folder(dirs, table))


def read_part(dirs, table: str, doc_id: str) -> pd.DataFrame:
    """One document's rows of ``table``; FileNotFoundError if the table has none for it."""
    m = _manifest(dirs, table)
    entry = m.get(doc_id)
    if entry is None:
        raise FileNotFoundError(f"{m.folder}: no rows of document {doc_id!r}")
    _, batch, row, rows = entry
    t = batches.read_rows(m.folder / batch, [(row, rows)]) if rows else arrow_schema(table).empty_table()
    return schemas.conform(schemas.from_arrow(t), table)


def part_ids(dirs, table: str) -> list[str]:
    """The documents ``table`` holds rows for, sorted."""
    return sorted(_manifest(dirs, table).ids)


def iter_parts(dirs, table: str, doc_ids: Iterable[str] | None = None) -> Iterator[pd.DataFrame]:
    """Stream a table document by document (memory: one document at a time)."""
    for doc_id in (doc_ids if doc_ids is not None else part_ids(dirs, table)):
        if has_part(dirs, table, doc_id):
            yield read_part(dirs, table, doc_id)


#: Documents read per chunk by the bulk readers (memory: one chunk of documents' rows at a time).
CHUNK_DOCS = 2000
READ_THREADS = 4  # threads that share file I/O (probing hashes of raw files)


def _in_order(pieces: list[tuple[pa.Table, list[int], list[int]]]) -> pa.Table:
    """Pieces (rows, the positions of their documents, each document's row count) as one table
    in the documents' order."""
    whole = pa.concat_tables([p for p, _, _ in pieces]) if len(pieces) > 1 else pieces[0][0]
    positions = [k for _, pos, _ in pieces for k in pos]
    if positions == sorted(positions):
        return whole
    counts = np.array([n for _, _, ns in pieces for n in ns], dtype="int64")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    order = np.argsort(np.array(positions), kind="stable")
    idx = np.concatenate([np.arange(starts[i], starts[i] + counts[i]) for i in order]) if len(order) else []
    return whole.take(pa.array(idx, pa.int64()))


def arrow_chunks(dirs, table: str, doc_ids: Iterable[str], columns: list[str] | None = None,
                 chunk: int = CHUNK_DOCS):
    """One Arrow table per ``chunk`` documents' rows of ``table`` (in ``doc_ids`` order; documents
    without rows skipped), with the table's schema."""
    m = _manifest(dirs, table)
    schema = arrow_schema(table)
    schema = pa.schema([schema.field(c) for c in (columns or schema.names)], metadata=schema.metadata)
    ids = list(doc_ids)
    for i in range(0, len(ids), chunk):
        pieces = []
        for batch, pos, ranges in batches.doc_order_ranges(m, ids[i:i + chunk]):
            t = batches.read_rows(m.folder / batch, ranges, columns)
            pieces.append((t.select(schema.names), pos, [n for _, n in ranges]))
        if not pieces:
            continue
        t = _in_order(pieces)
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            t = t.cast(schema)
        yield t


def _frame_of(t, table: str, columns: list[str] | None) -> pd.DataFrame:
    df = schemas.from_arrow(t)
    if columns is None:
        return schemas.conform(df, table)
    dtypes = dict(schemas.TABLES[table].columns)
    return df.astype({c: dtypes[c] for c in columns if dtypes[c] not in ("object", str(df[c].dtype))})


def iter_chunks(dirs, table: str, doc_ids: Iterable[str] | None = None, columns: list[str] | None = None,
                chunk: int = CHUNK_DOCS) -> Iterator[pd.DataFrame]:
    """Stream a table ``chunk`` documents at a time (the contract's dtypes; ``columns`` a subset)."""
    ids = doc_ids if doc_ids is not None else part_ids(dirs, table)
    for t in arrow_chunks(dirs, table, ids, columns, chunk):
        yield _frame_of(t, table, columns)


def read_parts(dirs, table: str, doc_ids: Iterable[str] | None = None,
               columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``doc_ids`` (default: all documents) as one frame, in that order: the same
    frame as concatenating :func:`read_part` of each, read in bulk."""
    frames = [f for f in iter_chunks(dirs, table, doc_ids, columns) if len(f)]
    if not frames:
        out = schemas.empty(table)
        return out if columns is None else out.loc[:, columns]
    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True)
    return schemas.conform(out, table) if columns is None else out


#: Tables whose batches hold more than this are not joined into ``<table>.parquet`` + CSV: read
#: the dataset folder instead (DuckDB, pandas, Dask, Spark; see the README).
CONSOLIDATE_MAX_BYTES = 256 * 2**20


def _drop_joined(folder: Path, table: str) -> None:
    for ext in ("parquet", "csv"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / f"{table}.{ext}")


def consolidate(dirs, table: str, doc_ids: list[str], views: bool = True) -> Path:
    """Join the rows of ``doc_ids`` into ``<table>.parquet`` and its CSV view, streaming a chunk of
    documents at a time; both files are written whole or not at all. With ``views`` false (a corpus:
    ``products.views_wanted``), or for a table larger than CONSOLIDATE_MAX_BYTES, nothing is joined
    and older joined copies are removed: the dataset folder, returned instead, is the product."""
    folder = folder_of(dirs, table)
    if not views or sum(p.stat().st_size for p in dataset_files(dirs, table) if p.exists()) > CONSOLIDATE_MAX_BYTES:
        _drop_joined(folder, table)
        return table_folder(dirs, table)
    target = folder / f"{table}.parquet"
    with contextlib.ExitStack() as stack:  # closed in reverse: the writers, then each file renamed into place
        tmp = stack.enter_context(atomic_path(target))
        csv_file = None
        if schemas.TABLES[table].csv:
            csv_file = stack.enter_context(open(stack.enter_context(atomic_path(folder / f"{table}.csv")), "wb"))
            csv_file.write(b"\xef\xbb\xbf")
        writer = None
        header = True
        for t in arrow_chunks(dirs, table, doc_ids):
            if writer is None:
                writer = stack.enter_context(pq.ParquetWriter(tmp, t.schema, compression=PARQUET_COMPRESSION))
            writer.write_table(t)
            if csv_file:
                df = schemas.csv_view(_frame_of(t, table, None))
                csv_file.write(df.to_csv(index=False, header=header).encode("utf-8"))
                header = False
        if writer is None:
            pq.write_table(pa.Table.from_pandas(schemas.empty(table), preserve_index=False), tmp,
                           compression=PARQUET_COMPRESSION)
        if csv_file and header:
            csv_file.write(schemas.empty(table).to_csv(index=False).encode("utf-8"))
    return target


def sweep_partials(dirs) -> int:
    """Remove temporary files an interrupted run left beside its products (they were never renamed
    into place, so no product is affected) and batch files no manifest names; returns how many."""
    n = 0
    for folder in (dirs.interim, dirs.processed, dirs.outputs):
        if folder.is_dir():
            for p in folder.rglob(".*.part"):
                try:
                    p.unlink()
                    n += 1
                except FileNotFoundError:
                    pass
    for table in TABLE_STAGE:
        n += batches.sweep(table_folder(dirs, table))
    return n


def forget_manifests() -> None:
    """Drop the manifests cached in this process (other processes may have written batches)."""
    batches.forget()
