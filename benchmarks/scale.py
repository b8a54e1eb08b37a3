"""Run the whole collection on a corpus and record what a scale run costs: time, memory, disk.

    .venv/bin/python benchmarks/scale.py CORPUS --work-dir DIR [--jobs 2] [--lang en] [--jieba-loop]

It runs ``python -m helpers run --input CORPUS --work-dir DIR`` as a child and samples, every half
second, the resident memory of every process of the run (the runner, its workers, each notebook's
kernel): the peak of any one process and the peak of their sum. Afterwards it counts the files and
bytes of the run's products under ``DIR/data/interim/<run>`` and ``DIR/data/processed/<run>``, and
with ``--jieba-loop`` times a plain single-process ``jieba.lcut`` loop over the same files for the
ratio the issue asks for. The summary is printed and written as JSON beside the run
(``DIR/scale.json``). The corpus and the run folder stay outside the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Sampler(threading.Thread):
    """Samples the resident set size of a process tree until stopped."""

    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_one, self.peak_sum, self.peak_name = 0, 0, ""
        self.by_pid: dict[int, dict] = {}  # every process seen: name, first and last seen (s), peak
        self.stop = threading.Event()

    def run(self):
        import psutil

        t0 = time.perf_counter()
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.wait(self.every):
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline()[1:3])[:60]
                except psutil.Error:
                    continue
                total += rss
                now = round(time.perf_counter() - t0, 1)
                seen = self.by_pid.setdefault(p.pid, {"name": name, "from_s": now, "peak_mb": 0})
                seen["to_s"], seen["peak_mb"] = now, max(seen["peak_mb"], round(rss / 2**20))
                if rss > self.peak_one:
                    self.peak_one, self.peak_name = rss, name
            self.peak_sum = max(self.peak_sum, total)


def products_on_disk(work: Path, run: str) -> dict:
    out = {}
    for stage in ("interim", "processed"):
        folder = work / "data" / stage / run
        files = [p for p in folder.rglob("*") if p.is_file()]
        out[stage] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    return out


def jieba_loop(files: list[Path]) -> float:
    """Seconds of a plain single-process ``jieba.lcut`` loop over ``files`` (read as the runner reads them)."""
    code = (
        "import sys, time, jieba\n"
        "from helpers.store.textio import read_text\n"
        "jieba.setLogLevel(60); jieba.initialize()\n"
        "paths = sys.stdin.read().split('\\n')\n"
        "t0 = time.perf_counter()\n"
        "for p in paths:\n"
        "    jieba.lcut(read_text(p).text)\n"
        "print(time.perf_counter() - t0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], input="\n".join(map(str, files)), capture_output=True,
                       text=True, check=True)
    return float(r.stdout.split()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--work-dir", type=Path, required=True, help="where the run's data/ and outputs/ go")
    ap.add_argument("--run", default="scale")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--jieba-loop", action="store_true", help="also time a plain jieba.lcut loop over the files")
    args, extra = ap.parse_known_args(argv)
    work = args.work_dir.resolve()
    if ROOT in work.parents or work == ROOT:
        ap.error("the scale run goes outside the repository")
    files = sorted(p for p in args.corpus.rglob("*.txt"))
    size = sum(p.stat().st_size for p in files)
    cmd = [sys.executable, "-m", "helpers", "run", "--input", str(args.corpus), "--run", args.run,
           "--work-dir", str(work), "--jobs", str(args.jobs), "--lang", args.lang, "--no-progress", *extra]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd)
    sampler = Sampler(child.pid)
    sampler.start()
    status = child.wait()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    summary = {
        "corpus": str(args.corpus), "documents": len(files), "corpus_bytes": size, "jobs": args.jobs,
        "status": status, "seconds": round(wall, 1), "docs_per_s": round(len(files) / wall, 2),
        "peak_rss_one_process_mb": round(sampler.peak_one / 2**20), "peak_process": sampler.peak_name,
        "peak_rss_all_processes_mb": round(sampler.peak_sum / 2**20), "products": products_on_disk(work, args.run),
        # every process of the run above 200 MB in the order it started (the kernels run the notebooks
        # in the runner's order, then the report's)
        "processes": [v for v in sorted(sampler.by_pid.values(), key=lambda v: v["from_s"]) if v["peak_mb"] > 200],
    }
    disk = sum(v["bytes"] for v in summary["products"].values())
    summary["products_bytes_over_input"] = round(disk / max(1, size), 2)
    if args.jieba_loop:
        loop = jieba_loop(files)
        summary["jieba_loop_seconds"] = round(loop, 1)
        summary["collection_over_jieba_loop"] = round(wall / loop, 2)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    (work / "scale.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
