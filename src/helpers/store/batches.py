"""Batched partitions: each per-document table is a Parquet dataset of a few large files plus a manifest.

A table folder ``<stage folder>/<table>/`` holds batch files ``b<seq>-<random>.parquet``, each
with the rows of many documents (each document's rows contiguous), and ``_manifest.parquet``: one
row per document with the content hash its rows were made with (``hash``), the batch that holds
them (``batch``) and where (``row``, ``rows``). The manifest is the truth: rows in a batch that the
manifest does not point to (a document re-processed since, a batch whose commit was interrupted)
are ignored by every reader, and swept or compacted away later.

Writing is atomic at every step: a batch file is written to a temporary file and renamed into
place, then the manifest likewise, so a run killed at any point leaves whole files and a manifest
that names only whole batches. A changed document's new rows go to a new batch and the manifest
points to them; a batch is rewritten (compacted) only once most of its rows are superseded, or when
many small batches have piled up. The number of files grows with the data's size, not with the
number of documents.

Reading a document back costs one decoded row group (row groups are kept to a few MB; the last one
decoded per file is cached), a chunk of documents a few row groups per batch.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.store.files import PARQUET_COMPRESSION, atomic_path

MANIFEST = "_manifest.parquet"
_META_KEY = b"zhnewsdata_batches"  # manifest metadata: {"next": seq, "batches": {name: rows}, "sizes": {name: bytes}}
_BATCH_RE = re.compile(r"^b\d{6,}-[0-9a-f]{6}\.parquet$")


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


#: A batch is written once its rows reach this many bytes in memory (a fraction of that on disk),
#: or this many documents, or when its first rows have waited FLUSH_SECONDS (so a killed run loses
#: at most that much work). ZHNEWSDATA_BATCH_MB / _BATCH_DOCS override them (tuning, tests).
BATCH_BYTES = _env_int("ZHNEWSDATA_BATCH_MB", 256) * 2**20
BATCH_DOCS = _env_int("ZHNEWSDATA_BATCH_DOCS", 50_000)
FLUSH_SECONDS = 300.0
ROW_GROUP_BYTES = 4 * 2**20  # in memory: what reading one document back decodes at most (about)
ROW_GROUP_ROWS = 128 * 1024
SUPERSEDED_SHARE = 0.5  # a batch is compacted once more than this share of its rows is superseded
SMALL_SHARE = 0.25  # batches smaller (in memory) than this share of a full one are "small" ...
SMALL_BATCHES = 4  # ... and merged when at least this many have piled up


# ----------------------------------------------------------------------------- the manifest

class Manifest:
    """One table's manifest in memory: doc_id -> (hash, batch, row, rows), columns kept in arrays.

    ``batches`` maps every live batch file name to its total number of rows (superseded rows
    included), in the order the batches were written; ``sizes`` to its rows' bytes in memory.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.pos: dict[str, int] = {}
        self.ids: list[str] = []
        self.hash = np.empty(0, dtype="S24")
        self.batch = np.empty(0, dtype="int32")  # index into self.names
        self.row = np.empty(0, dtype="int64")
        self.rows = np.empty(0, dtype="int64")
        self.names: list[str] = []
        self.batches: dict[str, int] = {}
        self.sizes: dict[str, int] = {}
        self.next = 0
        self.stamp: tuple | None = None

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, doc_id: str) -> tuple[str, str, int, int] | None:
        """(hash, batch file name, first row, number of rows) of a document, or None."""
        i = self.pos.get(doc_id)
        if i is None:
            return None
        return self.hash[i].decode(), self.names[self.batch[i]], int(self.row[i]), int(self.rows[i])

    def hash_of(self, doc_id: str) -> str | None:
        i = self.pos.get(doc_id)
        return None if i is None else self.hash[i].decode()

    def live_rows(self) -> dict[str, int]:
        """Rows of each live batch that the manifest points to."""
        counts = np.bincount(self.batch, weights=self.rows, minlength=len(self.names)) if len(self) else []
        live = {name: 0 for name in self.batches}
        for name, n in zip(self.names, counts):
            if name in live:
                live[name] = int(n)
        return live

    # --------------------------------------------------------------------- reading and writing

    def load(self) -> Manifest:
        try:
            t = pq.read_table(self.path)
        except (FileNotFoundError, OSError, pa.ArrowInvalid):
            self.stamp = _stamp(self.path)
            return self
        meta = json.loads((t.schema.metadata or {}).get(_META_KEY, b"{}"))
        self.ids = [_intern(s) for s in t["doc_id"].to_pylist()]
        self.pos = {d: i for i, d in enumerate(self.ids)}
        self.hash = np.array(t["hash"].to_pylist(), dtype="S")
        batch = t["batch"].combine_chunks().dictionary_encode()
        self.names = batch.dictionary.to_pylist()
        self.batch = batch.indices.to_numpy(zero_copy_only=False).astype("int32")
        self.row = t["row"].to_numpy().astype("int64")
        self.rows = t["rows"].to_numpy().astype("int64")
        self.batches = {k: int(v) for k, v in meta.get("batches", {}).items()}
        self.sizes = {k: int(v) for k, v in meta.get("sizes", {}).items()}
        self.next = int(meta.get("next", 0))
        self.stamp = _stamp(self.path)
        return self

    def to_arrow(self) -> pa.Table:
        names = np.array(self.names, dtype=object)
        meta = json.dumps({"next": self.next, "batches": self.batches, "sizes": self.sizes}, ensure_ascii=False)
        return pa.table({
            "doc_id": pa.array(self.ids, pa.string()),
            "hash": pa.array([h.decode() for h in self.hash], pa.string()),
            "batch": pa.array(names[self.batch] if len(self) else [], pa.string()),
            "row": pa.array(self.row, pa.int64()), "rows": pa.array(self.rows, pa.int64()),
        }).replace_schema_metadata({_META_KEY: meta.encode()})

    def save(self) -> None:
        with atomic_path(self.path) as tmp:
            pq.write_table(self.to_arrow(), tmp, compression=PARQUET_COMPRESSION)
        self.stamp = _stamp(self.path)

    def new_batch_name(self) -> str:
        self.next += 1
        return f"b{self.next:06d}-{os.urandom(3).hex()}.parquet"

    def _name_index(self, batch: str) -> int:
        try:
            return self.names.index(batch)
        except ValueError:
            self.names.append(batch)
            return len(self.names) - 1

    def update(self, batch: str, total_rows: int, entries: list[tuple[str, str, int, int]], nbytes: int = 0) -> None:
        """Point ``entries`` (doc_id, hash, row, rows) at ``batch`` (in memory only). A document
        without rows points to no batch (``""``)."""
        if batch and batch not in self.batches:
            self.batches[batch] = total_rows
            self.sizes[batch] = nbytes
        b, none = self._name_index(batch), self._name_index("")
        width = max([len(h) for _, h, _, _ in entries] + [self.hash.dtype.itemsize])
        if width > self.hash.dtype.itemsize:
            self.hash = self.hash.astype(f"S{width}")
        new = list(dict((e[0], e) for e in entries).values())  # a document twice: its last entry
        for d, h, r, n in new:
            i = self.pos.get(d)
            if i is not None:
                self.hash[i], self.batch[i], self.row[i], self.rows[i] = h.encode(), b if n else none, r, n
        fresh = [e for e in new if e[0] not in self.pos]
        if fresh:
            for d, *_ in fresh:
                d = _intern(d)
                self.pos[d] = len(self.ids)
                self.ids.append(d)
            hashes = np.array([h.encode() for _, h, _, _ in fresh], dtype=self.hash.dtype)
            self.hash = np.concatenate([self.hash, hashes])
            self.batch = np.concatenate([self.batch, np.array([b if n else none for *_, n in fresh], dtype="int32")])
            self.row = np.concatenate([self.row, np.array([r for _, _, r, _ in fresh], dtype="int64")])
            self.rows = np.concatenate([self.rows, np.array([n for _, _, _, n in fresh], dtype="int64")])

    def drop_dead(self) -> list[str]:
        """Forget the live batches no document points to any more; returns their names."""
        live = self.live_rows()
        dead = [name for name, n in live.items() if n == 0]
        for name in dead:
            del self.batches[name]
            self.sizes.pop(name, None)
        return dead


def commit(manifest: Manifest, batch: str, total_rows: int, entries: list[tuple[str, str, int, int]],
           nbytes: int = 0) -> None:
    """Point ``entries`` at the (already written) ``batch`` and write the manifest atomically;
    batch files left with no current rows are then deleted."""
    manifest.update(batch, total_rows, entries, nbytes)
    dead = manifest.drop_dead()
    manifest.save()
    for name in dead:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(manifest.folder / name)


_interned: dict[str, str] = {}


def _intern(s: str) -> str:
    """One string object per doc_id across the tables' manifests (memory)."""
    return _interned.setdefault(s, s)


def _stamp(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


_manifests: dict[Path, Manifest] = {}
_snapshot = False  # worker processes: never re-check a manifest once read (only the parent writes)


def snapshot_mode(on: bool = True) -> None:
    """In a worker process: read each manifest once and keep it (the parent writes them, never
    for this worker's documents, and removes no batch while workers run)."""
    global _snapshot
    _snapshot = on


def manifest(folder: Path) -> Manifest:
    """The manifest of a table folder, read once and re-read when the file changed."""
    m = _manifests.get(folder)
    if m is not None and (_snapshot or m.stamp == _stamp(folder / MANIFEST)):
        return m
    m = _manifests[folder] = Manifest(folder).load()
    return m


def forget() -> None:
    """Drop the manifests and row groups cached in this process."""
    _manifests.clear()
    _groups.clear()


# ----------------------------------------------------------------------------- batch files

def _row_group_rows(t: pa.Table) -> int:
    per_row = max(1, t.nbytes // max(1, t.num_rows))
    return int(min(ROW_GROUP_ROWS, max(16, ROW_GROUP_BYTES // per_row)))


#: The last decoded row groups: (path, stamp, group) -> Arrow table (a few per process).
_groups: OrderedDict = OrderedDict()
_GROUPS_KEPT = 8


def _row_group(pf: pq.ParquetFile, path: Path, g: int, columns: list[str] | None) -> pa.Table:
    key = (path, g, tuple(columns) if columns else None)
    t = _groups.get(key)
    if t is None:
        t = pf.read_row_group(g, columns=columns)
        _groups[key] = t
        if len(_groups) > _GROUPS_KEPT:
            _groups.popitem(last=False)
    else:
        _groups.move_to_end(key)
    return t


def read_rows(path: Path, ranges: list[tuple[int, int]], columns: list[str] | None = None) -> pa.Table:
    """The rows ``ranges`` (first row, number of rows) of one batch file, in that order, decoding
    only the row groups they fall in."""
    pf = pq.ParquetFile(path)
    md = pf.metadata
    bounds = np.cumsum([0] + [md.row_group(g).num_rows for g in range(md.num_row_groups)])
    lo = min(r for r, _ in ranges)
    hi = max(r + n for r, n in ranges)
    first = int(np.searchsorted(bounds, lo, side="right") - 1)
    last = int(np.searchsorted(bounds, max(lo, hi - 1), side="right") - 1)
    if len(ranges) == 1 or first == last:
        tables = [_row_group(pf, path, g, columns) for g in range(first, last + 1)]
    else:
        tables = [pf.read_row_groups(list(range(first, last + 1)), columns=columns)]
    base = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    base = base.replace_schema_metadata(None)
    offset = int(bounds[first])
    if len(ranges) == 1:
        r, n = ranges[0]
        return base.slice(r - offset, n)
    starts = np.array([r for r, _ in ranges], dtype="int64") - offset
    counts = np.array([n for _, n in ranges], dtype="int64")
    if len(ranges) and np.all(starts[1:] == starts[:-1] + counts[:-1]):
        return base.slice(int(starts[0]), int(counts.sum()))
    idx = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(counts.sum())
    return base.take(pa.array(idx, pa.int64()))


# ----------------------------------------------------------------------------- writing batches

def _concat(tables: list[pa.Table], schema: pa.Schema | None) -> pa.Table:
    if schema is not None:
        try:
            return pa.concat_tables([t.select(schema.names).cast(schema) for t in tables])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
            pass
    t = pa.concat_tables(tables, promote_options="permissive")
    if schema is not None:
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
            t = t.cast(schema)
    return t


class _Open:
    """One table's batch being written: its rows stream into a temporary file, a row group for
    every COMBINE_DOCS documents (or COMBINE_BYTES), so memory holds a few row groups, not the
    batch; the file is renamed into place and committed when the batch is full or at the end."""

    COMBINE_DOCS = 256
    COMBINE_BYTES = 8 * 2**20

    def __init__(self, folder: Path, schema: pa.Schema | None):
        self.folder = folder
        self.schema = schema
        self.docs: list[tuple[str, str, int]] = []
        self.ids: set[str] = set()
        self.small: list[pa.Table] = []
        self.small_bytes = 0
        self.bytes = 0  # rows' bytes in memory, written or waiting
        self.rows = 0
        self.since = time.monotonic()
        self.name = ""
        self.tmp: Path | None = None
        self.writer: pq.ParquetWriter | None = None

    def add(self, doc_id: str, h: str, t: pa.Table) -> None:
        self.docs.append((doc_id, h, t.num_rows))
        self.ids.add(doc_id)
        if t.num_rows:
            self.small.append(t)
            self.small_bytes += t.nbytes
        if len(self.small) >= self.COMBINE_DOCS or self.small_bytes >= self.COMBINE_BYTES:
            self._write_group()

    def _write_group(self) -> None:
        if not self.small:
            return
        t = _concat(self.small, self.schema)
        self.small, self.small_bytes = [], 0
        if self.writer is None:
            m = manifest(self.folder)
            self.name = m.new_batch_name()
            self.tmp = self.folder / f".{self.name}.{os.urandom(4).hex()}.part"
            self.folder.mkdir(parents=True, exist_ok=True)
            schema = t.schema.with_metadata(self.schema.metadata) if self.schema is not None else t.schema
            self.writer = pq.ParquetWriter(self.tmp, schema, write_statistics=["doc_id"],
                                           compression=PARQUET_COMPRESSION)
        t = t.cast(self.writer.schema) if t.schema != self.writer.schema else t
        self.writer.write_table(t, row_group_size=_row_group_rows(t))
        self.bytes += t.nbytes
        self.rows += t.num_rows

    def close(self) -> tuple[str, int, list[tuple[str, str, int, int]]]:
        """Finish the file (renamed into place, on disk) and return (batch name or "", its rows,
        the entries (doc_id, hash, row, rows) to commit)."""
        self._write_group()
        if self.writer is not None:
            self.writer.close()
            fd = os.open(self.tmp, os.O_RDONLY)
            try:
                os.fsync(fd)  # on disk before the manifest that names it
            finally:
                os.close(fd)
            os.replace(self.tmp, self.folder / self.name)
        entries, row = [], 0
        for doc_id, h, n in self.docs:
            entries.append((doc_id, h, row, n))
            row += n
        return self.name, self.rows, entries

    def discard(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


class BatchWriter:
    """Collects documents' rows of any tables and writes them as batches, committing each batch in
    its table's manifest (one writer per run folder: the process that maps the documents).

    ``folder_of(table)`` gives a table's folder, ``schema_of(table)`` its Arrow schema (or None).
    A table's batch is committed when its rows reach ``batch_bytes`` (in memory) or ``batch_docs``
    documents or have waited FLUSH_SECONDS; until then they stream into its temporary file.
    """

    def __init__(self, folder_of, schema_of, batch_bytes: int | None = None, batch_docs: int | None = None):
        self.folder_of = folder_of
        self.schema_of = schema_of
        self.batch_bytes = batch_bytes or BATCH_BYTES
        self.batch_docs = batch_docs or BATCH_DOCS
        self.open: dict[str, _Open] = {}
        self.written: set[str] = set()  # tables this writer committed batches to

    def add(self, table: str, doc_id: str, h: str, t: pa.Table) -> None:
        b = self.open.get(table)
        if b is not None and doc_id in b.ids:  # the same document twice: its first rows committed first
            self.flush(table)
            b = None
        if b is None:
            b = self.open[table] = _Open(self.folder_of(table), self.schema_of(table))
        b.add(doc_id, h, t)
        if (b.bytes + b.small_bytes >= self.batch_bytes or len(b.docs) >= self.batch_docs
                or time.monotonic() - b.since >= FLUSH_SECONDS):
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        """Commit the batch of ``table`` (default: of every table)."""
        for name in [table] if table else list(self.open):
            b = self.open.pop(name, None)
            if b is None or not b.docs:
                continue
            try:
                batch, rows, entries = b.close()
            except BaseException:
                b.discard()
                raise
            commit(manifest(b.folder), batch, rows, entries, b.bytes)
            self.written.add(name)

    def close(self) -> None:
        self.flush()

    def abandon(self) -> None:
        """Drop the batches not yet committed (their temporary files removed)."""
        for b in self.open.values():
            b.discard()
        self.open.clear()


# ----------------------------------------------------------------------------- compaction and sweeping

def _to_compact(m: Manifest, batch_bytes: int) -> list[str]:
    live = m.live_rows()
    sparse = [b for b, total in m.batches.items() if total and live.get(b, 0) < total * (1 - SUPERSEDED_SHARE)]
    small = [b for b in m.batches if b not in sparse and m.sizes.get(b, 0) < batch_bytes * SMALL_SHARE]
    return sparse + (small if sparse or len(small) >= SMALL_BATCHES else [])  # rewriting anyway: merge the small


def compact(folder: Path, schema: pa.Schema | None = None, batch_bytes: int | None = None) -> int:
    """Rewrite the batches of one table whose rows are mostly superseded (with the small batches
    beside them), or merge small batches once SMALL_BATCHES have piled up: their current rows go
    to new batches (in manifest order), the manifest points to them, the old files are deleted.
    Returns how many batches were rewritten."""
    m = manifest(folder)
    todo = _to_compact(m, batch_bytes or BATCH_BYTES)
    if not todo:
        return 0
    writer = BatchWriter(lambda _t: folder, lambda _t: schema, batch_bytes=batch_bytes, batch_docs=2**62)
    names = {b: k for k, b in enumerate(m.names)}
    wanted = {names[b] for b in todo if b in names}
    key = m.batch.astype("int64") * (2**40) + m.row
    order = [int(i) for i in np.argsort(key, kind="stable") if int(m.batch[i]) in wanted]
    for k in range(0, len(order), 256):  # a few hundred documents at a time: memory stays one batch
        group = [(*m.get(m.ids[i]), m.ids[i]) for i in order[k:k + 256]]
        for batch in dict.fromkeys(g[1] for g in group):
            docs = [g for g in group if g[1] == batch]
            t = read_rows(folder / batch, [(row, rows) for _, _, row, rows, _ in docs])
            offset = 0
            for h, _, _, rows, doc_id in docs:
                writer.add("t", doc_id, h, t.slice(offset, rows))
                offset += rows
    writer.close()  # each commit deletes the batches it left without current rows
    m = manifest(folder)
    if m.drop_dead():  # batches that were wholly superseded already
        m.save()
    sweep(folder)
    return len(todo)


def sweep(folder: Path) -> int:
    """Delete batch files the manifest does not name (an interrupted commit, or a compaction's
    deletion); returns how many."""
    if not folder.is_dir():
        return 0
    m = manifest(folder)
    n = 0
    for p in folder.iterdir():
        if _BATCH_RE.match(p.name) and p.name not in m.batches:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                n += 1
    return n


def files(folder: Path) -> list[Path]:
    """The live batch files of a table folder, in the order they were written."""
    return [folder / b for b in manifest(folder).batches]


def doc_order_ranges(m: Manifest, doc_ids: list[str]) -> list[tuple[str, list[int], list[tuple[int, int]]]]:
    """For ``doc_ids`` (present ones), their batches in first-use order, each with the positions in
    ``doc_ids`` order of its documents and their row ranges."""
    out: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
    k = 0
    for doc_id in doc_ids:
        i = m.pos.get(doc_id)
        if i is None or not m.rows[i]:
            continue
        name = m.names[m.batch[i]]
        pos, ranges = out.setdefault(name, ([], []))
        pos.append(k)
        ranges.append((int(m.row[i]), int(m.rows[i])))
        k += 1
    return [(name, pos, ranges) for name, (pos, ranges) in out.items()]


__all__ = ["BATCH_BYTES", "BATCH_DOCS", "MANIFEST", "BatchWriter", "Manifest", "commit", "compact", "files",
           "forget", "manifest", "read_rows", "snapshot_mode", "sweep"]
