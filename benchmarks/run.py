"""Benchmarks: every line a ratio of two things measured side by side in this one run.

    .venv/bin/python benchmarks/run.py [--mb 2] [--quick]

1. the whole collection on the embedded article versus its floor (the same number of notebooks
   that only import the stack and load jieba's dictionary, through the same runner), and each stage;
2. the per-document pass (decode, clean, segment, keywords, figures, dates, entities, batched
   products) with the default engine versus a plain ``jieba.lcut`` loop over the same files; the
   segmentation stage versus rjieba's ``tag``; 2 workers versus 1;
3. figure extraction versus JioNLP's ``extract_money`` (only if JioNLP is installed);
4. peak memory of the whole collection (any one process) at 1x and 10x corpus size;
5. segmentation agreement between jieba and rjieba, and with the lexicon on and off.

The table is printed and written to ``outputs/bench/bench.json``. Nothing here is a test: the
machine is shared and noisy, so only ratios measured in the same run mean anything.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

ROWS: list[dict] = []


def row(section: str, name: str, value: float, unit: str, ratio: float | None = None, against: str = "",
        note: str = "", goal: tuple[str, float] | None = None):
    """One line of the table; ``goal`` (">=" or "<=", a ratio) is the issue's target for ``ratio``."""
    r = {"section": section, "name": name, "value": round(value, 4), "unit": unit,
         "ratio": None if ratio is None else round(ratio, 3), "against": against, "note": note}
    if goal and ratio is not None:
        op, target = goal
        met = ratio >= target if op == ">=" else ratio <= target
        r["goal"] = f"{op} {target}x"
        r["goal_met"] = met
        r["distance"] = 1.0 if met else round(target / ratio if op == ">=" else ratio / target, 2)
    ROWS.append(r)
    ratio_s = "" if ratio is None else f"{ratio:8.2f}x {against}"
    print(f"{section:<11} {name:<44} {value:>12.3f} {unit:<8} {ratio_s} {note}", flush=True)


# ----------------------------------------------------------------------------- 1. collection vs floor

def floor_notebooks(folder: Path, n: int) -> list[Path]:
    """``n`` notebooks that import pandas, matplotlib and jieba with its dictionary loaded."""
    import nbformat

    nbs = []
    for i in range(n):
        params = nbformat.v4.new_code_cell('run = "floor"  # run name\nwork_dir = ""  # where')
        params.metadata["tags"] = ["parameters"]
        cells = [
            params,
            nbformat.v4.new_code_cell(
                "import pandas, matplotlib.pyplot\nfrom helpers.extract import segmentation\n"
                "segmentation.get_tokenizer('jieba').cut('重庆承接产业转移')"
            ),
        ]
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "zhnewsdata", "display_name": "Python (zhnewsdata)", "language": "python"}
        path = folder / f"{i:02d}_floor_step.ipynb"
        nbformat.write(nb, path)
        nbs.append(path)
    return nbs


def bench_collection(work: Path):
    from helpers.run import runner

    t0 = time.perf_counter()
    res = runner.run_collection({"run": "bench", "work_dir": str(work / "collection")}, progress=False)
    wall = time.perf_counter() - t0
    assert res.ok, [s.error for s in res.stages if s.status != "ok"]
    n = len(res.stages)
    nb_dir = work / "floor_nbs"
    nb_dir.mkdir()
    t0 = time.perf_counter()
    floor = runner.run_collection({"run": "floor", "work_dir": str(work / "floor")},
                                  notebooks=floor_notebooks(nb_dir, n),
                                  progress=False, report_variants=False)
    floor_wall = time.perf_counter() - t0
    assert floor.ok
    row("collection", f"whole collection ({n} notebooks, HTML)", wall, "s", wall / floor_wall, "floor",
        f"floor {floor_wall:.1f} s")
    per_floor = sum(s.seconds for s in floor.stages) / n
    for s in res.stages:
        row("collection", f"  {s.notebook}", s.seconds, "s", s.seconds / per_floor, "floor notebook")


# ----------------------------------------------------------------------------- 2. throughput

def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt"))


def bench_throughput(corpus_dir: Path, work: Path) -> dict:
    import jieba
    import rjieba

    from helpers.extract import document, segmentation
    from helpers.run import execute, inputs
    from helpers.store import parts
    from helpers.store.textio import read_text

    files = _files(corpus_dir)
    texts = [read_text(p).text for p in files]
    mb = sum(p.stat().st_size for p in files) / 1e6
    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    n_tok = 0
    for p in files:
        n_tok += len(jieba.lcut(read_text(p).text))
    t_jieba = time.perf_counter() - t0
    rj = rjieba.Jieba() if hasattr(rjieba, "Jieba") else rjieba
    t0 = time.perf_counter()
    for p in files:
        rj.cut(read_text(p).text)
    t_rjieba = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p in files:
        rj.tag(read_text(p).text)
    t_rtag = time.perf_counter() - t0
    # the segmentation stage alone (sentences, tokens with POS, figures kept whole), default engine
    segmentation.get_tokenizer("jieba")
    segmentation.get_tokenizer("rjieba")  # warm, like the workers' first document
    docs = [document.clean_decoded(read_text(p), p.stem, {}).document for p in files]
    t0 = time.perf_counter()
    for doc in docs:
        document.segment_document(doc, "jieba")
    t_seg = time.perf_counter() - t0
    inputs = inputs.iter_inputs(corpus_dir)
    times = {}
    for key, jobs, engine in ((1, 1, "jieba"), (2, 2, "jieba"), ("pool1", 1, "jieba"), ("rjieba", 1, "rjieba")):
        d = pipeline_dirs(work, f"tp{key}")
        settings = execute.Settings(dirs=d, engine=engine)
        t0 = time.perf_counter()
        if key == "pool1":  # one worker process, started like the two are (forkserver, tokenizer built)
            out = parts.writer(d)  # its rows written in batches here, as run_stage does
            res = list(execute._written(execute._map_pool(execute.all_stages_doc, inputs, settings, 1, _NoBar()), out))
            out.close()
        else:
            res = execute.run_stage("all", inputs, settings, jobs=jobs)
        times[key] = time.perf_counter() - t0
        if key == 1:
            failed = sum(r["status"] == "failed" for r in res)
    n = len(files)
    row("throughput", f"plain jieba.lcut loop ({n} docs, {mb:.1f} MB)", mb / t_jieba, "MB/s", None, "",
        f"{n / t_jieba:.1f} docs/s, {n_tok / t_jieba / 1e3:.0f}k tokens/s, {1e3 * t_jieba / n:.2f} ms/doc")
    row("throughput", "rjieba raw cut loop", mb / t_rjieba, "MB/s", t_jieba / t_rjieba, "jieba loop")
    row("throughput", "per-document pass, jieba (default), 1 worker", mb / times[1], "MB/s", t_jieba / times[1],
        "jieba loop", f"{n / times[1]:.1f} docs/s, {1e3 * times[1] / n:.1f} ms/doc; {failed} failed", goal=(">=", 0.3))
    row("throughput", "segmentation stage (sentences, POS tokens), jieba", t_seg, "s", t_seg / t_rtag,
        "rjieba tag (time)", f"rjieba tag loop {t_rtag:.2f} s", goal=("<=", 1.5))
    row("throughput", "per-document pass, 2 workers", mb / times[2], "MB/s", times[1] / times[2], "1 worker",
        f"{n / times[2]:.1f} docs/s; the 1 worker runs in this process, tokenizer already built")
    row("throughput", "  the same", mb / times[2], "MB/s", times["pool1"] / times[2], "1 worker process",
        f"both started the same way (forkserver, imports, tokenizer): {n / times['pool1']:.1f} docs/s on one",
        goal=(">=", 1.8))
    row("throughput", "per-document pass, rjieba engine, 1 worker", mb / times["rjieba"], "MB/s",
        t_jieba / times["rjieba"], "jieba loop", f"{times['rjieba'] / times[1]:.2f}x the time of the jieba engine")
    return {"texts": texts}


class _NoBar:
    def update(self, n: int = 1):
        pass


def pipeline_dirs(work: Path, name: str):
    from helpers import paths

    return paths.run_dirs(name, work).make()


# ----------------------------------------------------------------------------- 3. JioNLP

def bench_jionlp(texts: list[str]):
    try:
        import jionlp as jio
    except ImportError:
        row("figures", "JioNLP extract_money", 0, "-", None, "",
            "JioNLP not installed: skipped (a peer, not a dependency)")
        return
    from helpers.extract import quantities

    extract_money = getattr(jio, "extract_money", None) or jio.ner.extract_money  # moved to jio.ner in 1.5
    t0 = time.perf_counter()
    ours = [quantities.find_quantities(t) for t in texts]
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = [extract_money(t) for t in texts]
    t_theirs = time.perf_counter() - t0
    n_ours = sum(map(len, ours))
    money = [[(q.start, q.end) for q in qs if q.kind == "money"] for qs in ours]
    n_money = sum(map(len, money))
    n_theirs = sum(map(len, theirs))
    # a JioNLP amount "also ours" when one of our money figures overlaps its span
    shared = sum(1 for spans, found in zip(money, theirs) for m in found
                 if any(a < m["offset"][1] and m["offset"][0] < b for a, b in spans))
    row("figures", "find_quantities (every kind of figure)", t_ours, "s", t_theirs / t_ours, "JioNLP money (time)",
        f"{n_ours} figures, {n_money} of them money", goal=(">=", 1.0))
    row("figures", "JioNLP extract_money (money only)", t_theirs, "s", None, "",
        f"{n_theirs} amounts; {shared} overlap one of ours ({shared / max(1, n_theirs):.0%})")


# ----------------------------------------------------------------------------- 4. memory

def _collection_peak(folder: Path, work: Path) -> tuple[float, float, int]:
    """The whole collection on ``folder`` (one worker, English report) as a child process: its
    peak resident memory of any one process (runner, worker, kernel) and of all together, in MB."""
    import scale

    cmd = [sys.executable, "-m", "helpers", "run", "--input", str(folder), "--run", "mem", "--work-dir", str(work),
           "--jobs", "1", "--lang", "en", "--no-progress"]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = scale.Sampler(child.pid, every=0.2)
    sampler.start()
    status = child.wait()
    sampler.stop.set()
    sampler.join()
    if status:
        raise RuntimeError(f"the collection failed on {folder} (exit {status})")
    return sampler.peak_one / 2**20, sampler.peak_sum / 2**20, len(_files(folder))


def bench_memory(small: Path, large: Path, work: Path):
    one, _, n1 = _collection_peak(small, work / "mem1")
    ten, ten_all, n10 = _collection_peak(large, work / "mem10")
    row("memory", f"whole collection, peak of any process, 1x corpus ({n1} docs)", one, "MB")
    row("memory", f"whole collection, peak of any process, 10x corpus ({n10} docs)", ten, "MB", ten / one, "1x",
        f"all processes together at 10x: {ten_all:.0f} MB", goal=("<=", 1.3))


# ----------------------------------------------------------------------------- 5. agreement

def bench_agreement(texts: list[str]):
    from helpers.extract import segmentation

    article = (ROOT / "data" / "raw" / "cq_industry_transfer.txt").read_text(encoding="utf-8")
    a = segmentation.agreement(article, "jieba", "rjieba")
    row("agreement", "jieba vs rjieba, embedded article", a["boundary_f1"], "F1", None, "",
        f"token F1 {a['token_f1']:.4f}")
    sample = "\n".join(texts[:200])
    b = segmentation.agreement(sample, "jieba", "rjieba")
    row("agreement", "jieba vs rjieba, 200 corpus documents", b["boundary_f1"], "F1", None, "",
        f"token F1 {b['token_f1']:.4f}")
    with_lex = segmentation.segment(sample, "jieba")
    without = segmentation.segment(sample, "jieba", with_lexicon=False)
    bw = {t[2] for t in with_lex} | {t[3] for t in with_lex}
    bo = {t[2] for t in without} | {t[3] for t in without}
    changed = len(bw ^ bo) / max(1, len(bw | bo))
    row("agreement", "lexicon on vs off: boundaries that differ", changed * 100, "%", None, "",
        f"{len(with_lex)} vs {len(without)} tokens")


def goals(rows: list[dict]) -> None:
    """The issue's targets, each with the ratio measured and whether it is met or how far it is."""
    print("\ngoals (ratios of this run)")
    for r in rows:
        if "goal" not in r:
            continue
        state = "met" if r["goal_met"] else f"not met: {r['distance']:.2f}x away"
        print(f"  {r['name'].strip():<52} {r['ratio']:8.3f}x {r['against']:<22} goal {r['goal']:<8} {state}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="corpus size for the throughput lines (MB)")
    ap.add_argument("--quick", action="store_true", help="smaller corpora, for a smoke check")
    ap.add_argument("--skip", default="",
                    help="comma-separated sections to skip: collection,throughput,figures,memory,agreement")
    args = ap.parse_args(argv)
    import make_corpus

    skip = set(filter(None, args.skip.split(",")))
    mb = 0.3 if args.quick else args.mb
    print(f"benchmarks on {platform.node()} ({platform.python_version()}), corpus {mb} MB; ratios are within this run")
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="zhnewsdata-bench-") as tmp:
        work = Path(tmp)
        corpus_dir = work / "corpus"
        make_corpus.generate(corpus_dir, mb, seed=7)
        if "collection" not in skip:
            bench_collection(work)
        texts = []
        if "throughput" not in skip:
            texts = bench_throughput(corpus_dir, work)["texts"]
        if not texts:
            from helpers.store.textio import read_text

            texts = [read_text(p).text for p in _files(corpus_dir)]
        if "figures" not in skip:
            bench_jionlp(texts)
        if "memory" not in skip:
            small, large = work / "m1", work / "m10"
            make_corpus.generate(small, mb / 10, seed=3)
            make_corpus.generate(large, mb, seed=3)
            bench_memory(small, large, work)
        if "agreement" not in skip:
            bench_agreement(texts)
    goals(ROWS)
    out = ROOT / "outputs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    from helpers.store.files import write_text_atomic

    write_text_atomic(out / "bench.json", json.dumps(
        {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": round(time.time() - started, 1), "corpus_mb": mb,
         "python": platform.python_version(), "rows": ROWS}, ensure_ascii=False, indent=1))
    print(f"written {out / 'bench.json'} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
