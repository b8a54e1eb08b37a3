"""Corpus-scale execution: per-document stage work mapped over worker processes or a Dask cluster.

Each stage of one document is a pure function of that document (and the stage before it;
``helpers.extract.document``), so the same function runs in this process, in a local process
pool (``jobs``) or on a Dask cluster (``scheduler``: ``"local"`` starts a
``dask.distributed.LocalCluster``, ``"tcp://host:port"`` joins one). Workers read their inputs and
hand back each document's rows as Arrow tables; the mapping process collects them into batches
(``helpers.store.batches``: a few large Parquet files per table and a manifest), so the number of
files grows with the data, not with the number of documents, and memory stays one batch per table.

The manifest records for each document a content hash of what made its rows (the raw bytes and
metadata, the stage's parameters, the lexicon version and the package's code): a document whose
hash is unchanged is not processed again; ``force`` redoes it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing as mp
import os
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
from tqdm import tqdm  # plain text bar: the notebooks run it without widgets

from helpers import paths
from helpers.errors import BadInput, BadUsage
from helpers.extract import document, lexicon
from helpers.store import batches, parts, products
from helpers.store.parts import (
    READ_THREADS,
    STAGE_TABLES,
    digest,
    forget_manifests,
    part_hash,
    read_part,
    rows_of,
    sweep_partials,
)
from helpers.store.textio import decode_bytes

# ----------------------------------------------------------------------------- hashes

#: The code that decides what the per-document products contain: every module of the layers
#: below (store, extract), this one, and the base modules they use. A change to any of them
#: invalidates earlier products; a change to charts, commentary or the report does not.
PRODUCT_CODE = ("errors.py", "paths.py", "params.py", "chars.py", "store", "extract", "run/execute.py", "run/inputs.py")


def product_files() -> list[Path]:
    """The source files :func:`code_version` hashes, in a fixed order."""
    files = []
    for name in PRODUCT_CODE:
        p = paths.PACKAGE_DIR / name
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return sorted(files, key=lambda f: f.relative_to(paths.PACKAGE_DIR).as_posix())


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that makes the products, file paths (relative to the package) included."""
    h = hashlib.sha256()
    for p in product_files():
        h.update(p.relative_to(paths.PACKAGE_DIR).as_posix().encode())
        h.update(b"\x00")
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _lexicon_version() -> str:
    return lexicon.version()


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


def _with_rows(result: dict, h: str, tables: dict[str, pd.DataFrame]) -> dict:
    """The result carrying the document's rows of each table (Arrow, made in the worker) with
    their hash, for the mapping process's batch writer."""
    result["rows"] = {table: (h, rows_of(df, table)) for table, df in tables.items()}
    return result


def clean_doc(doc, s: Settings, carry: dict | None = None) -> dict:
    """Stage 01 for one input file: decode, clean; its documents + cleaning_log rows."""
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
        cleaned = document.clean_decoded(decoded, doc.doc_id, doc.meta)
    except BadInput as e:
        return _result(doc.doc_id, "clean", "failed", t0, path=str(doc.path), problem=e.problem)
    except Exception as e:  # a pathological document is reported and skipped, the rest go on
        return _result(doc.doc_id, "clean", "failed", t0, path=str(doc.path),
                       problem=f"cleaning failed: {type(e).__name__}: {e}", trace=traceback.format_exc(limit=3))
    tables = {"documents": products.documents_frame([cleaned.document]),
              "cleaning_log": products.log_frame(cleaned.log)}
    if carry is not None:
        carry.update(documents=h, document=cleaned.document)
    return _with_rows(_result(doc.doc_id, "clean", "done", t0, bytes=len(data), hashes={"clean": h}), h, tables)


def _upstream(s: Settings, table: str, doc_id: str, carry: dict | None = None) -> str | None:
    if carry and table in carry:
        return carry[table]
    return part_hash(s.dirs, table, doc_id)


def _document(s: Settings, doc_id: str, carry: dict | None = None) -> dict:
    if carry and "document" in carry:
        return carry["document"]
    return products.documents_from_frame(read_part(s.dirs, "documents", doc_id))[0]


def _table(s: Settings, table: str, doc_id: str, carry: dict | None = None) -> pd.DataFrame:
    if carry and f"_{table}" in carry:
        return carry[f"_{table}"]
    return read_part(s.dirs, table, doc_id)


def _doc_stage(stage: str, doc_id: str, s: Settings, carry: dict | None, upstream: str, params: tuple,
               compute: Callable[[dict, dict | None], dict[str, pd.DataFrame]]) -> dict:
    """One later stage of one document: skip it if its products' hash is current, else compute the
    tables from the document (and what ``carry`` holds or the stored tables give), return them
    with the result, and hand them on in ``carry``."""
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
    if carry is not None:
        for table in STAGE_TABLES[stage]:
            carry[table] = h
            carry[f"_{table}"] = tables[table]
    return _with_rows(_result(doc_id, stage, "done", t0, hashes={stage: h}), h,
                      {table: tables[table] for table in STAGE_TABLES[stage]})


def segment_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 02 for one document: its sentences, tokens and keywords rows."""
    def compute(doc, carry):
        sentences, tokens = document.segment_document(doc, s.engine)
        return {"sentences": sentences, "tokens": tokens, "keywords": document.keywords_document(tokens, doc)}

    return _doc_stage("segment", doc_id, s, carry, "documents", (s.engine,), compute)


def figures_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 03 for one document: its figures and dates rows."""
    def compute(doc, carry):
        figs, dates = document.figures_document(doc, _table(s, "sentences", doc_id, carry))
        return {"figures": figs, "dates": dates}

    return _doc_stage("figures", doc_id, s, carry, "sentences", (), compute)


def entities_doc(doc_id: str, s: Settings, carry: dict | None = None) -> dict:
    """Stage 04 for one document: its entities and co-occurrence rows."""
    def compute(doc, carry):
        ents, cooc = document.entities_document(
            doc, _table(s, "sentences", doc_id, carry), _table(s, "tokens", doc_id, carry))
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
                  hashes={k: v for r in results for k, v in (r.get("hashes") or {}).items()},
                  rows={k: v for r in results for k, v in (r.get("rows") or {}).items()})
    if failed:
        out.update(path=str(doc.path), stage_failed=failed["stage"], problem=failed.get("problem", ""))
    return out


# ----------------------------------------------------------------------------- mapping

def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _worker_init():
    """Each worker process: quiet logs, tokenizer built lazily on first use (cached per process),
    manifests read afresh once and then kept (only the mapping process writes them)."""
    logging.getLogger("jieba").setLevel(logging.ERROR)
    batches.forget()
    batches.snapshot_mode(True)


def map_docs(func: Callable, items: list, settings: Settings, jobs: int = 1, scheduler: str = "",
             progress: bool = False, desc: str = "documents") -> Iterator[dict]:
    """Apply ``func(item, settings)`` to every item; yields result dicts as they complete.

    ``jobs`` <= 1 and no scheduler: in this process. ``jobs`` > 1: a process pool. ``scheduler``
    ``"local"``: a Dask LocalCluster with ``jobs`` workers; ``"tcp://..."``: an existing cluster.
    """
    items = list(items)
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    bar = tqdm(total=len(items), desc=desc, unit="doc", disable=not progress or len(items) < 2,
               mininterval=1.0, file=sys.stderr)
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
    # forkserver: workers start clean (no copied kernel threads or sockets), once per map.
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["helpers.run.execute", "pandas", "pyarrow"])
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
    re-run with nothing to do starts no pool and no cluster. The rows the workers return are
    written here, in batches; afterwards the tables written are compacted where that is due.
    """
    sweep_partials(settings.dirs)
    forget_manifests()  # other processes may have written batches since
    func = clean_doc if stage == "clean" else (all_stages_doc if stage == "all" else STAGE_FUNCS[stage])
    items = list(items)
    parallel = bool(scheduler) or ((jobs or default_jobs()) > 1 and len(items) > 1)
    out = parts.writer(settings.dirs)
    try:
        if not parallel or settings.force or stage == "all":
            results = list(_written(map_docs(func, items, settings, jobs, scheduler, progress, desc=stage), out))
        else:
            probe = replace(settings, probe=True)
            probed = _probe(func, items, probe)
            todo = [item for item, r in zip(items, probed) if r["status"] == "todo"]
            done = ({r["doc_id"]: r for r in _written(map_docs(func, todo, settings, jobs, scheduler, progress,
                                                               desc=stage), out)}
                    if todo else {})
            results = [done.get(r["doc_id"], r) for r in probed]
        out.close()
    except BaseException:
        out.abandon()  # what was not committed is redone next time
        raise
    parts.compact(settings.dirs, sorted(out.written))
    return results


def _written(results: Iterator[dict], out) -> Iterator[dict]:
    """The results, each document's rows handed to the batch writer ``out`` (and dropped from the
    result, which stays a small dict)."""
    for r in results:
        for table, (h, rows) in (r.pop("rows", None) or {}).items():
            out.add(table, r["doc_id"], h, rows)
        yield r


def _probe(func, items: list, probe: Settings) -> list[dict]:
    """Which documents need the work: hashing raw bytes (and reading the manifests) is file I/O
    and C code that releases the GIL, so a few threads share it."""
    if len(items) < 64:
        return [func(item, probe) for item in items]
    with ThreadPoolExecutor(READ_THREADS) as ex:
        return list(ex.map(lambda item: func(item, probe), items, chunksize=64))


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
