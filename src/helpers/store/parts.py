"""Per-document partitions on disk: one Parquet file per document and table, with its content hash.

A stage writes ``<stage folder>/<table>/<doc_id>.parquet`` for each document (written whole or not
at all), carrying in its metadata the hash of what made it, so that a re-run can tell which
documents are up to date. Readers stream the partitions back a document or a chunk at a time, or
join them into one ``<table>.parquet`` (+ CSV view) for people to open.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote, unquote

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.store import schemas
from helpers.store.files import atomic_path, write_bytes_atomic, write_text_atomic

HASH_KEY = b"zhnewsdata_hash"  # the partition metadata key holding its content hash
STAGES = ("clean", "segment", "figures", "entities")
STAGE_TABLES = {
    "clean": ("documents", "cleaning_log"),
    "segment": ("sentences", "tokens", "keywords"),
    "figures": ("figures", "dates"),
    "entities": ("entities", "cooccurrence"),
}


# ----------------------------------------------------------------------------- hashes

def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False, sort_keys=True).encode())
        h.update(b"\x00")
    return h.hexdigest()[:24]


# ----------------------------------------------------------------------------- partitions

def folder_of(dirs, table: str) -> Path:
    return dirs.interim if schemas.TABLES[table].stage == "interim" else dirs.processed


def part_path(dirs, table: str, doc_id: str) -> Path:
    return folder_of(dirs, table) / table / f"{quote(doc_id, safe='')}.parquet"


_ARROW_TYPES = {"string": "string", "int64": "int64", "Int64": "int64", "bool": "bool_", "float64": "float64"}


@functools.lru_cache(maxsize=None)
def _arrow_schema(table: str):
    """The Arrow schema (with pandas' metadata) every partition of ``table`` has, or None when a
    column's type depends on its content (nested columns): built once per process."""

    spec = schemas.TABLES[table]
    if any(dtype not in _ARROW_TYPES for _, dtype in spec.columns):
        return None
    schema = pa.Table.from_pandas(schemas.empty(table), preserve_index=False).schema
    expected = [getattr(pa, _ARROW_TYPES[dtype])() for _, dtype in spec.columns]
    return schema if [f.type for f in schema] == expected else None


def _to_arrow(df: pd.DataFrame, table: str):
    """``df`` (already conformed) as an Arrow table: column by column with the table's fixed
    schema where it has one (pandas' generic conversion costs more than the write itself)."""

    schema = _arrow_schema(table)
    if schema is None:
        return pa.Table.from_pandas(df, preserve_index=False)
    arrays = []
    for f in schema:
        col = df[f.name]
        arr = col.array
        if isinstance(arr, pd.arrays.StringArray):  # its object array of str and NA, converted in C
            arrays.append(pa.array(arr._ndarray, type=f.type, from_pandas=True))
        elif isinstance(arr, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
            arrays.append(pa.array(arr._data, type=f.type, mask=arr._mask))
        else:
            values = arr if isinstance(col.dtype, pd.api.extensions.ExtensionDtype) else col.to_numpy()
            arrays.append(pa.array(values, type=f.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_part(df: pd.DataFrame, dirs, table: str, doc_id: str, stage_hash: str) -> Path:
    """One document's rows of ``table``, checked against the contract, written atomically.

    Serialised in memory and written with one system call: Arrow's own file output costs several
    times the encoding on small files. No column statistics (nothing filters on them).
    """

    df = schemas.conform(df, table)
    t = _to_arrow(df, table)
    t = t.replace_schema_metadata({**(t.schema.metadata or {}), HASH_KEY: stage_hash.encode()})
    path = part_path(dirs, table, doc_id)
    buf = pa.BufferOutputStream()
    pq.write_table(t, buf, write_statistics=False)
    write_bytes_atomic(path, buf.getvalue().to_pybytes(), durable=False)
    return path


#: Per table folder, the hashes of its partitions as last recorded: file name -> [hash, size,
#: mtime_ns, inode]. A cache, never the truth: an entry is used only while the file's size,
#: modification time and inode are the recorded ones, else the hash is read from the file.
LEDGER = "_hashes.json"
_ledgers: dict[Path, dict] = {}


def _ledger(folder: Path) -> dict:
    if folder not in _ledgers:
        try:
            _ledgers[folder] = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _ledgers[folder] = {}
    return _ledgers[folder]


def _stamp(st: os.stat_result) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def part_hash(dirs, table: str, doc_id: str) -> str | None:
    """The hash a partition was written with, or None if there is none (or it is unreadable)."""

    path = part_path(dirs, table, doc_id)
    try:
        st = os.stat(path)
    except OSError:
        return None
    entry = _ledger(path.parent).get(path.name)
    if entry and entry[1:] == _stamp(st):
        return entry[0]
    try:
        meta = pq.read_schema(path).metadata or {}
    except Exception:  # a damaged file is simply redone
        return None
    value = meta.get(HASH_KEY)
    return value.decode() if value else None


def record_hashes(dirs, results: list[dict]) -> int:
    """Record the hashes the results report (``hashes``: stage -> hash) with each partition's
    size, time and inode in the table folders' ledgers, so the next probe reads no file footer.
    A partition that is missing or changed meanwhile is left out. Returns the entries written."""

    by_folder: dict[Path, dict] = {}
    for r in results:
        for stage, h in (r.get("hashes") or {}).items():
            for table in STAGE_TABLES[stage]:
                path = part_path(dirs, table, r["doc_id"])
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                by_folder.setdefault(path.parent, {})[path.name] = [h, *_stamp(st)]
    n = 0
    for folder, entries in by_folder.items():
        _ledgers.pop(folder, None)
        ledger = {**_ledger(folder), **entries}
        write_text_atomic(folder / LEDGER, json.dumps(ledger, ensure_ascii=False, separators=(",", ":")))
        _ledgers[folder] = ledger
        n += len(entries)
    return n


def read_part(dirs, table: str, doc_id: str) -> pd.DataFrame:
    return schemas.conform(pd.read_parquet(part_path(dirs, table, doc_id)), table)


def part_ids(dirs, table: str) -> list[str]:

    folder = folder_of(dirs, table) / table
    return sorted(unquote(p.stem) for p in folder.glob("*.parquet")) if folder.is_dir() else []


def iter_parts(dirs, table: str, doc_ids: Iterable[str] | None = None) -> Iterator[pd.DataFrame]:
    """Stream a table document by document (memory: one document at a time)."""
    for doc_id in (doc_ids if doc_ids is not None else part_ids(dirs, table)):
        if part_path(dirs, table, doc_id).exists():
            yield read_part(dirs, table, doc_id)


#: Documents read per chunk by the bulk readers (memory: one chunk of partitions at a time).
CHUNK_DOCS = 2000
READ_THREADS = 4  # Arrow reads and footer probes release the GIL: a few threads share the I/O


def _read_files(files: list[Path], columns: list[str] | None):
    """Arrow tables of ``files`` (missing ones skipped), read on a few threads: Arrow releases the
    GIL while it reads, and reading a small file costs less than pandas' per-file overhead."""

    def one(path: Path):
        try:
            return pq.ParquetFile(path).read(columns=columns).replace_schema_metadata(None)
        except FileNotFoundError:
            return None

    if len(files) < 8:
        tables = [one(f) for f in files]
    else:
        with ThreadPoolExecutor(READ_THREADS) as ex:
            tables = list(ex.map(one, files))
    return [t for t in tables if t is not None]


def arrow_chunks(dirs, table: str, doc_ids: Iterable[str], columns: list[str] | None = None,
                  chunk: int = CHUNK_DOCS):
    """One Arrow table per ``chunk`` documents' partitions of ``table`` (in ``doc_ids`` order),
    with the table's fixed schema where it has one."""

    schema = _arrow_schema(table)
    if schema is not None:
        schema = pa.schema([schema.field(c) for c in (columns or schema.names)], metadata=schema.metadata)
    ids = list(doc_ids)
    for i in range(0, len(ids), chunk):
        files = [part_path(dirs, table, d) for d in ids[i:i + chunk]]
        tables = _read_files(files, columns)
        if not tables:
            continue
        if schema is not None:
            yield pa.concat_tables([t.select(schema.names).cast(schema) for t in tables])
        else:
            yield pa.concat_tables(tables, promote_options="permissive")


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
    """The partitions of ``doc_ids`` (default: all) as one frame, in that order: the same frame
    as concatenating :func:`read_part` of each, read in bulk."""
    frames = [f for f in iter_chunks(dirs, table, doc_ids, columns) if len(f)]
    if not frames:
        out = schemas.empty(table)
        return out if columns is None else out.loc[:, columns]
    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True)
    return schemas.conform(out, table) if columns is None else out


def consolidate(dirs, table: str, doc_ids: list[str]) -> Path:
    """Join the partitions of ``doc_ids`` into ``<table>.parquet`` (+ CSV view), streaming a chunk
    of documents at a time; both files are written whole or not at all."""
    folder = folder_of(dirs, table)
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
                writer = stack.enter_context(pq.ParquetWriter(tmp, t.schema))
            writer.write_table(t)
            if csv_file:
                df = schemas.csv_view(_frame_of(t, table, None))
                csv_file.write(df.to_csv(index=False, header=header).encode("utf-8"))
                header = False
        if writer is None:
            pq.write_table(pa.Table.from_pandas(schemas.empty(table), preserve_index=False), tmp)
        if csv_file and header:
            csv_file.write(schemas.empty(table).to_csv(index=False).encode("utf-8"))
    return target


def sweep_partials(dirs) -> int:
    """Remove temporary files an interrupted run left beside its products (they were never renamed
    into place, so no product is affected); returns how many."""
    n = 0
    for folder in (dirs.interim, dirs.processed, dirs.outputs):
        if folder.is_dir():
            for p in folder.rglob(".*.part"):
                try:
                    p.unlink()
                    n += 1
                except FileNotFoundError:
                    pass
    return n


def forget_ledgers() -> None:
    """Drop the ledgers cached in this process (other processes may have written partitions)."""
    _ledgers.clear()
