"""Incremental re-runs on a large run: what touching one document redoes, and what a killed run leaves.

    .venv/bin/python benchmarks/incremental.py CORPUS --work-dir DIR [--docs 10000] [--jobs 2] [--kills 0.3,0.7]

The first ``--docs`` text files of CORPUS (in path order) are copied to ``DIR/in``, and the
per-document pass the runner does before the notebooks (``execute.run_stage("all")``) runs over them
in ``DIR/data``. Then:

1. **touch**: one document (the middle one) gets a paragraph more, and the pass runs again. Recorded:
   how many documents were processed again, and which batch files were added, removed or changed.
2. **kill**: the pass runs from scratch in a child process on the same folder, in ``DIR/killed``, and
   is killed (SIGKILL) after the given fractions of the first run's time, one after the other; then it
   runs to its end. Recorded: how many documents each restart found done, and whether every table's
   current rows equal those of the touched run, row for row.

The summary is printed and written to ``DIR/incremental.json``. The corpus copy and the runs stay
outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PASS = """
import sys
from helpers import paths
from helpers.run import execute, inputs
from helpers.store import products
work, folder, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
dirs = paths.run_dirs("inc", work).make()
res = execute.run_stage("all", inputs.iter_inputs(folder), execute.Settings(dirs=dirs), jobs)
products.write_manifest([r["doc_id"] for r in res if r["status"] != "failed"], dirs)
print(sum(r["status"] == "done" for r in res), sum(r["status"] == "cached" for r in res),
      sum(r["status"] == "failed" for r in res))
"""


def _pass(work: Path, folder: Path, jobs: int) -> tuple[float, dict]:
    """The per-document pass in a child process (a fresh interpreter, as the runner's own): seconds and
    the count of documents done, cached and failed."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PASS, str(work), str(folder), str(jobs)], capture_output=True,
                         text=True, check=True)
    done, cached, failed = map(int, out.stdout.split()[-3:])
    return time.perf_counter() - t0, {"done": done, "cached": cached, "failed": failed}


def _files(work: Path) -> dict[str, tuple[int, int]]:
    """Every file of the run's products with its size and modification time."""
    out = {}
    for top in ("interim", "processed"):
        base = work / "data" / top / "inc"
        for p in sorted(base.rglob("*")) if base.exists() else []:
            if p.is_file():
                st = p.stat()
                out[str(p.relative_to(base))] = (st.st_size, st.st_mtime_ns)
    return out


def _tables(work: Path) -> dict:
    from helpers import paths
    from helpers.store import parts, products

    parts.forget_manifests()
    dirs = paths.run_dirs("inc", work)
    ids = products.document_ids(dirs)
    return {t: parts.read_parts(dirs, t, ids) for t in parts.TABLE_STAGE}


def _same(a: dict, b: dict) -> dict[str, str]:
    import pandas as pd

    diffs = {}
    for t in a:
        try:
            pd.testing.assert_frame_equal(a[t], b[t])
        except AssertionError as e:
            diffs[t] = str(e).splitlines()[0][:200]
    return diffs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--work-dir", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--kills", default="0.3,0.7", help="when to kill the second run, as fractions of the first")
    args = ap.parse_args(argv)
    work = args.work_dir.resolve()
    if ROOT in work.parents or work == ROOT:
        ap.error("the benchmark runs outside the repository")
    files = sorted(args.corpus.rglob("*.txt"))[: args.docs]
    folder = work / "in"
    shutil.rmtree(work, ignore_errors=True)
    for p in files:
        target = folder / p.relative_to(args.corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
    for extra in args.corpus.rglob("metadata.csv"):  # dates and titles, if the corpus has them
        (folder / extra.relative_to(args.corpus)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(extra, folder / extra.relative_to(args.corpus))
    summary: dict = {"corpus": str(args.corpus), "documents": len(files), "jobs": args.jobs}

    first, counts = _pass(work, folder, args.jobs)
    summary["first_run"] = {"seconds": round(first, 1), **counts}
    before = _files(work)
    summary["first_run"]["files"] = len(before)

    candidates = sorted(folder.rglob("*.txt"))
    candidates = candidates[len(candidates) // 2:] + candidates[: len(candidates) // 2]
    touched = next(p for p in candidates if p.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff"))  # not UTF-16
    raw = touched.read_bytes()
    touched.write_bytes(raw + "\n新增一段：两江新区新引进项目5个，总投资12亿元。\n".encode(_encoding(raw)))
    second, counts = _pass(work, folder, args.jobs)
    after = _files(work)
    batch = [f for f in after if "/b" in f and f.endswith(".parquet")]
    old_batches = [f for f in before if "/b" in f and f.endswith(".parquet")]
    summary["touch"] = {
        "document": str(touched.relative_to(folder)), "seconds": round(second, 1), **counts,
        "batches_added": sorted(f for f in batch if f not in before),
        "batches_removed": sorted(f for f in old_batches if f not in after),
        "batches_rewritten": sorted(f for f in old_batches if f in after and after[f] != before[f]),
        "files_changed": sorted(f for f in after if before.get(f) != after[f]),
    }

    killed = work / "killed"
    restarts = []
    for fraction in [float(x) for x in args.kills.split(",") if x]:
        child = subprocess.Popen([sys.executable, "-c", _PASS, str(killed), str(folder), str(args.jobs)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(first * fraction)
        os.killpg(child.pid, signal.SIGKILL)  # the pass and its workers, at once
        child.wait()
        restarts.append({"killed_after_s": round(first * fraction, 1)})
    seconds, counts = _pass(killed, folder, args.jobs)
    summary["kill"] = {"kills": restarts, "last_run": {"seconds": round(seconds, 1), **counts}}
    diffs = _same(_tables(work), _tables(killed))
    summary["kill"]["tables_equal_to_the_touched_run"] = not diffs
    summary["kill"]["differences"] = diffs
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    (work / "incremental.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if not diffs else 1


def _encoding(raw: bytes) -> str:
    """What to append in: UTF-8 where the file is UTF-8, else GB18030 (the corpus's other encoding)."""
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


if __name__ == "__main__":
    raise SystemExit(main())
