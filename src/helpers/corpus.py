"""Corpus-scale execution: per-document stage work mapped over worker processes or a Dask cluster.

Each stage of one document is a pure function of that document (and the stage before it), so
the same function runs in this process, in a local process pool (``jobs``) or on a Dask cluster
(``scheduler``: ``"local"`` starts a ``dask.distributed.LocalCluster``, ``"tcp://host:port"``
joins one). Workers read their inputs and write their products themselves, one Parquet file per
document and table (``<stage folder>/<table>/<doc_id>.parquet``), written to a temporary file and
renamed, so an interrupted run leaves whole files or none and memory does not grow with the corpus.

Every partition carries a content hash of what made it (the raw bytes and metadata, the stage's
parameters, the lexicon version and the package's code): a document whose hash is unchanged is
not processed again; ``force`` redoes it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

import pandas as pd

from helpers import paths, schemas
from helpers.errors import BadInput, BadUsage
from helpers.textio import atomic_path

HASH_KEY = b"cntext_hash"
STAGES = ("clean", "segment", "figures", "entities")
STAGE_TABLES = {
    "clean": ("documents", "cleaning_log"),
    "segment": ("sentences", "tokens", "keywords"),
    "figures": ("figures", "dates"),
    "entities": ("entities", "cooccurrence"),
}


# ----------------------------------------------------------------------------- hashes

#: The modules whose code decides what the per-document products contain.
PRODUCT_MODULES = ("textio", "cleaning", "segmentation", "lexicon", "keywords", "quantities", "dates", "figures",
                   "entities", "gazetteer", "schemas", "pipeline", "corpus")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that makes the products: a change to it invalidates earlier products
    (a change to charts, commentary or the report does not)."""
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR / f"{m}.py" for m in PRODUCT_MODULES):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _lexicon_version() -> str:
    from helpers import lexicon

    return lexicon.version()


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
_made_dirs: set = set()


@functools.lru_cache(maxsize=None)
def _arrow_schema(table: str):
    """The Arrow schema (with pandas' metadata) every partition of ``table`` has, or None when a
    column's type depends on its content (nested columns): built once per process."""
    import pyarrow as pa

    spec = schemas.TABLES[table]
    if any(dtype not in _ARROW_TYPES for _, dtype in spec.columns):
        return None
    schema = pa.Table.from_pandas(schemas.empty(table), preserve_index=False).schema
    expected = [getattr(pa, _ARROW_TYPES[dtype])() for _, dtype in spec.columns]
    return schema if [f.type for f in schema] == expected else None


def _to_arrow(df: pd.DataFrame, table: str):
    """``df`` (already conformed) as an Arrow table: column by column with the table's fixed
    schema where it has one (pandas' generic conversion costs more than the write itself)."""
    import pyarrow as pa

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


def _write_bytes(path: Path, data: bytes) -> None:
    """``data`` to ``path`` through a temporary file beside it (``.<name>.<random>.part``,
    swept by :func:`sweep_partials`) renamed into place: whole or not at all."""
    folder = path.parent
    if folder not in _made_dirs:
        folder.mkdir(parents=True, exist_ok=True)
        _made_dirs.add(folder)
    try:
        mode = os.stat(path).st_mode & 0o7777  # a rewritten product keeps its mode
    except OSError:
        mode = None
    while True:
        tmp = folder / f".{path.name}.{os.urandom(6).hex()}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_part(df: pd.DataFrame, dirs, table: str, doc_id: str, stage_hash: str) -> Path:
    """One document's rows of ``table``, checked against the contract, written atomically.

    Serialised in memory and written with one system call: Arrow's own file output costs several
    times the encoding on small files. No column statistics (nothing filters on them).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = schemas.conform(df, table)
    t = _to_arrow(df, table)
    t = t.replace_schema_metadata({**(t.schema.metadata or {}), HASH_KEY: stage_hash.encode()})
    path = part_path(dirs, table, doc_id)
    buf = pa.BufferOutputStream()
    pq.write_table(t, buf, write_statistics=False)
    _write_bytes(path, buf.getvalue().to_pybytes())
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
    import pyarrow.parquet as pq

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
    from helpers.textio import write_text_atomic

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
    from urllib.parse import unquote

    folder = folder_of(dirs, table) / table
    return sorted(unquote(p.stem) for p in folder.glob("*.parquet")) if folder.is_dir() else []


def iter_parts(dirs, table: str, doc_ids: Iterable[str] | None = None) -> Iterator[pd.DataFrame]:
    """Stream a table document by document (memory: one document at a time)."""
    for doc_id in (doc_ids if doc_ids is not None else part_ids(dirs, table)):
        if part_path(dirs, table, doc_id).exists():
            yield read_part(dirs, table, doc_id)


#: Documents read per chunk by the bulk readers (memory: one chunk of partitions at a time).
CHUNK_DOCS = 2000
_READ_THREADS = 4


def _read_files(files: list[Path], columns: list[str] | None):
    """Arrow tables of ``files`` (missing ones skipped), read on a few threads: Arrow releases the
    GIL while it reads, and reading a small file costs less than pandas' per-file overhead."""
    import pyarrow.parquet as pq
    from concurrent.futures import ThreadPoolExecutor

    def one(path: Path):
        try:
            return pq.ParquetFile(path).read(columns=columns).replace_schema_metadata(None)
        except FileNotFoundError:
            return None

    if len(files) < 8:
        tables = [one(f) for f in files]
    else:
        with ThreadPoolExecutor(_READ_THREADS) as ex:
            tables = list(ex.map(one, files))
    return [t for t in tables if t is not None]


def arrow_chunks(dirs, table: str, doc_ids: Iterable[str], columns: list[str] | None = None,
                  chunk: int = CHUNK_DOCS):
    """One Arrow table per ``chunk`` documents' partitions of ``table`` (in ``doc_ids`` order),
    with the table's fixed schema where it has one."""
    import pyarrow as pa

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
    import pyarrow.parquet as pq

    folder = folder_of(dirs, table)
    spec = schemas.TABLES[table]
    target = folder / f"{table}.parquet"
    csv_path = folder / f"{table}.csv"
    with atomic_path(target) as tmp, (atomic_path(csv_path) if spec.csv else contextlib.nullcontext()) as csv_tmp:
        writer = None
        csv_file = open(csv_tmp, "wb") if csv_tmp else None
        header = True
        try:
            if csv_file:
                csv_file.write(b"\xef\xbb\xbf")
            for t in arrow_chunks(dirs, table, doc_ids):
                if writer is None:
                    writer = pq.ParquetWriter(tmp, t.schema)
                writer.write_table(t)
                if csv_file:
                    df = schemas.csv_view(_frame_of(t, table, None))
                    csv_file.write(df.to_csv(index=False, header=header).encode("utf-8"))
                    header = False
            if writer is None:
                import pyarrow as pa

                pq.write_table(pa.Table.from_pandas(schemas.empty(table), preserve_index=False), tmp)
            if csv_file and header:
                csv_file.write(schemas.empty(table).to_csv(index=False).encode("utf-8"))
        finally:
            if writer is not None:
                writer.close()
            if csv_file:
                csv_file.close()
    return target


# ----------------------------------------------------------------------------- per-document stages

@dataclass(frozen=True)
class Settings:
    """What a worker needs to know besides the document: where, how, and whether to redo."""

    dirs: paths.RunDirs
    engine: str = "jieba"
    force: bool = False
    probe: bool = False  # only say whether the work is needed ("todo") or done ("cached")


def _result(doc_id: str, stage: str, status: str, t0: float, **extra) -> dict:
    return {"doc_id": doc_id, "stage": stage, "status": status, "seconds": time.perf_counter() - t0, **extra}


def _fresh(dirs, tables, doc_id: str, h: str, force: bool) -> bool:
    return not force and all(part_hash(dirs, t, doc_id) == h for t in tables)


def clean_doc(doc, s: Settings, carry: dict | None = None) -> dict:
    """Stage 01 for one input file: decode, clean, write documents + cleaning_log partitions."""
    from helpers import cleaning
    from helpers.textio import decode_bytes

    t0 = time.perf_counter()
    try:
        data = Path(doc.path).read_bytes()
    except OSError as e:
        return _result(doc.doc_id, "clean", "failed", t0, path=str(doc.path), problem=f"cannot be read ({e.strerror})")
    h = digest("clean", data, doc.meta, str(doc.path), code_version())
    if _fresh(s.dirs, STAGE_TABLES["clean"], doc.doc_id, h, s.force):
        return _result(doc.doc_id, "clean", "cached", t0, bytes=len(data), hashes={"clean": h})
    if s.probe:
        return _result(doc.doc_id, "clean", "todo", t0)
    try:
        decoded = decode_bytes(data, doc.path)
        cleaned = cleaning.clean_document(decoded, doc.doc_id, doc.meta)
    except BadInput as e:
        return _result(doc.doc_id, "clean", "failed", t0, path=str(doc.path), problem=e.problem)
    except Exception as e:  # a pathological document is reported and skipped, the rest go on
        return _result(doc.doc_id, "clean", "failed", t0, path=str(doc.path),
                       problem=f"cleaning failed: {type(e).__name__}: {e}", trace=traceback.format_exc(limit=3))
    from helpers.pipeline import documents_frame, log_frame

    write_part(log_frame(cleaned.log), s.dirs, "cleaning_log", doc.doc_id, h)
    write_part(documents_frame([cleaned.document]), s.dirs, "documents", doc.doc_id, h)
    if carry is not None:
        carry.update(documents=h, document=cleaned.document)
    return _result(doc.doc_id, "clean", "done", t0, bytes=len(data), hashes={"clean": h})


def _upstream(s: Settings, table: str, doc_id: str, carry: dict | None = None) -> str | None:
    if carry and table in carry:
        return carry[table]
    return part_hash(s.dirs, table, doc_id)


def _document(s: Settings, doc_id: str, carry: dict | None = None) -> dict:
    from helpers.pipeline import documents_from_frame

    if carry and "document" in carry:
        return carry["document"]
    return documents_from_frame(read_part(s.dirs, "documents", doc_id))[0]


def _table(s: Settings, table: str, doc_id: str, carry: dict | None = None) -> pd.DataFrame:
    if carry and f"_{table}" in carry:
        return carry[f"_{table}"]
    return read_part(s.dirs, table, doc_id)


def _doc_stage(stage: str, doc_id: str, s: Settings, carry: dict | None, upstream: str, params: tuple,
               compute: Callable[[dict, dict | None], dict[str, pd.DataFrame]]) -> dict:
    """One later stage of one document: skip it if its products' hash is current, else compute the
    tables from the document (and what ``carry`` holds or the partitions give), write them, and
    hand them on in ``carry``. The table written first is the one checked last for freshness."""
    t0 = time.perf_counter()
    up = _upstream(s, upstream, doc_id, carry)
    if up is None:
        return _result(doc_id, stage, "failed", t0, problem=f"no {upstream} (the stage before did not write them)")
    h = digest(stage, up, *params, _lexicon_version(), code_version())
    if _fresh(s.dirs, STAGE_TABLES[stage], doc_id, h, s.force):
        return _result(doc_id, stage, "cached", t0, hashes={stage: h})
    if s.probe:
        return _result(doc_id, stage, "todo", t0)
    try:
        tables = compute(_document(s, doc_id, carry), carry)
    except Exception as e:
        return _result(doc_id, stage, "failed", t0, problem=f"{stage} failed: {type(e).__name__}: {e}",
                       trace=traceback.format_exc(limit=3))
    for table in reversed(STAGE_TABLES[stage]):
        write_part(tables[table], s.dirs, table, doc_id, h)
    if carry is not None:
        for table in STAGE_TABLES[stage]:
            carry[table] = h
            carry[f"_{table}"] = tables[table]
    return _result(doc_id, stage, "done", t0, hashes={stage: h})


def segment_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 02 for one document: sentences, tokens and keywords partitions."""
    from helpers import keywords, pipeline

    def compute(document, carry):
        sentences, tokens = pipeline.segment_document(document, s.engine)
        return {"sentences": sentences, "tokens": tokens, "keywords": keywords.keywords(tokens, document)}

    return _doc_stage("segment", doc_id, s, carry, "documents", (s.engine,), compute)


def figures_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 03 for one document: figures and dates partitions."""
    from helpers import pipeline

    def compute(document, carry):
        figs, dates = pipeline.figures_document(document, _table(s, "sentences", doc_id, carry))
        return {"figures": figs, "dates": dates}

    return _doc_stage("figures", doc_id, s, carry, "sentences", (), compute)


def entities_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 04 for one document: entities and co-occurrence partitions."""
    from helpers import pipeline

    def compute(document, carry):
        ents, cooc = pipeline.entities_document(
            document, _table(s, "sentences", doc_id, carry), _table(s, "tokens", doc_id, carry))
        return {"entities": ents, "cooccurrence": cooc}

    return _doc_stage("entities", doc_id, s, carry, "tokens", (), compute)


STAGE_FUNCS: dict[str, Callable] = {"segment": segment_doc, "figures": figures_doc, "entities": entities_doc}


def all_stages_doc(doc, s: Settings) -> dict:
    """Stages 01-04 for one input, in one worker (what the runner maps before the notebooks)."""
    t0 = time.perf_counter()
    carry: dict = {}  # what one stage made, handed to the next without a round trip through disk
    first = clean_doc(doc, s, carry)
    if s.probe and first["status"] == "todo":
        return _result(doc.doc_id, "all", "todo", t0)
    results = [first]
    if first["status"] != "failed":
        for stage in ("segment", "figures", "entities"):
            r = STAGE_FUNCS[stage](doc.doc_id, s, carry)
            results.append(r)
            if r["status"] == "failed":
                break
    failed = next((r for r in results if r["status"] == "failed"), None)
    status = "failed" if failed else ("cached" if all(r["status"] == "cached" for r in results) else "done")
    out = _result(doc.doc_id, "all", status, t0, bytes=first.get("bytes", 0),
                  hashes={k: v for r in results for k, v in (r.get("hashes") or {}).items()})
    if failed:
        out.update(path=str(doc.path), stage_failed=failed["stage"], problem=failed.get("problem", ""))
    return out


# ----------------------------------------------------------------------------- mapping

def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _worker_init():
    """Each worker process: quiet logs, tokenizer built lazily on first use (cached per process)."""
    import logging

    logging.getLogger("jieba").setLevel(logging.ERROR)


def map_docs(func: Callable, items: list, settings: Settings, jobs: int = 1, scheduler: str = "",
             progress: bool = False, desc: str = "documents") -> Iterator[dict]:
    """Apply ``func(item, settings)`` to every item; yields result dicts as they complete.

    ``jobs`` <= 1 and no scheduler: in this process. ``jobs`` > 1: a process pool. ``scheduler``
    ``"local"``: a Dask LocalCluster with ``jobs`` workers; ``"tcp://..."``: an existing cluster.
    """
    from tqdm import tqdm  # plain text bar: the notebooks run it without widgets

    items = list(items)
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    bar = tqdm(total=len(items), desc=desc, unit="doc", disable=not progress or len(items) < 2,
               mininterval=1.0, file=__import__("sys").stderr)
    try:
        if scheduler:
            yield from _map_dask(func, items, settings, jobs, scheduler, bar)
        elif jobs <= 1 or len(items) <= 1:
            for item in items:
                yield func(item, settings)
                bar.update()
        else:
            yield from _map_pool(func, items, settings, jobs, bar)
    finally:
        bar.close()


def _map_pool(func, items, settings, jobs, bar) -> Iterator[dict]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers start clean (no copied kernel threads or sockets), once per map.
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["helpers.corpus", "pandas", "pyarrow"])
    chunk = max(1, min(64, len(items) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init) as pool:
        for result in pool.map(functools.partial(func, s=settings), items, chunksize=chunk):
            bar.update()
            yield result


def _map_dask(func, items, settings, jobs, scheduler, bar) -> Iterator[dict]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - dask is a dependency
        raise BadUsage("scheduler needs dask.distributed: pip install 'dask[distributed]'") from None
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    elif scheduler.startswith("tcp://"):
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as e:
            raise BadUsage(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
    else:
        raise BadUsage(f"scheduler {scheduler!r}: use 'local' or tcp://host:port")
    try:
        client.run(_worker_init)
        futures = client.map(func, items, s=settings, pure=False, batch_size=256)
        for fut in as_completed(futures):
            yield fut.result()
            bar.update()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_stage(stage: str, items: list, settings: Settings, jobs: int = 1, scheduler: str = "",
              progress: bool = False) -> list[dict]:
    """One stage over the corpus; returns the per-document results (small dicts), in input order.

    With workers, documents whose products are up to date are found in this process first, so a
    re-run with nothing to do starts no pool and no cluster.
    """
    from dataclasses import replace

    sweep_partials(settings.dirs)
    _ledgers.clear()  # other processes may have written partitions since
    func = clean_doc if stage == "clean" else (all_stages_doc if stage == "all" else STAGE_FUNCS[stage])
    items = list(items)
    parallel = bool(scheduler) or ((jobs or default_jobs()) > 1 and len(items) > 1)
    if not parallel or settings.force or stage == "all":
        results = list(map_docs(func, items, settings, jobs, scheduler, progress, desc=stage))
    else:
        probe = replace(settings, probe=True)
        probed = _probe(func, items, probe)
        todo = [item for item, r in zip(items, probed) if r["status"] == "todo"]
        done = ({r["doc_id"]: r for r in map_docs(func, todo, settings, jobs, scheduler, progress, desc=stage)}
                if todo else {})
        results = [done.get(r["doc_id"], r) for r in probed]
    if not settings.probe:
        record_hashes(settings.dirs, results)
    return results


def _probe(func, items: list, probe: Settings) -> list[dict]:
    """Which documents need the work: reading hashes from partition footers (and hashing raw
    bytes) is file I/O and C code that releases the GIL, so a few threads share it."""
    if len(items) < 64:
        return [func(item, probe) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(_READ_THREADS) as ex:
        return list(ex.map(lambda item: func(item, probe), items, chunksize=64))


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


def failures_of(results: list[dict]) -> list[dict]:
    return [
        {"doc_id": r["doc_id"], "path": r.get("path", ""), "stage": r.get("stage_failed", r["stage"]),
         "problem": r.get("problem", "")}
        for r in results if r["status"] == "failed"
    ]


def summary(results: list[dict]) -> dict:
    """Counts by status, documents and megabytes per second of the stage."""
    c = Counter(r["status"] for r in results)
    secs = sum(r["seconds"] for r in results)
    mb = sum(r.get("bytes", 0) for r in results) / 1e6
    return {"documents": len(results), **c, "cpu_seconds": round(secs, 2), "mb": round(mb, 3)}

