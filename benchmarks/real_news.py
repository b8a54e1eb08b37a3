"""Write a corpus of real news items, one text file each, from the public 新闻联播 transcript archive.

The texts are not ours: they go to a folder of your choice outside the repository, never into it.
Each detailed item of each broadcast becomes ``<day>/<day>-<nn>.txt`` (title line, blank line, one
paragraph per line, as the development set's items), with ``metadata.csv`` giving its date, title
and source, so the collection reads them with their dates:

    python benchmarks/real_news.py --source /work/.mirror/DuckBurnIncense+xin-wen-lian-bo/repo \\
        --out /tmp/xwlb [--since 20200101] [--until 20251231] [--limit N]
    .venv/bin/python -m helpers run --input /tmp/xwlb --run xwlb --jobs 2

``--source`` is a clone of ``DuckBurnIncense/xin-wen-lian-bo`` or its bare git directory (what the
search tool's ``fetch`` gives).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "devset"))

import build as devset  # noqa: E402  (the archive's reader: items_of, _days)


def _all_days(source: Path) -> dict[str, str]:
    """Every broadcast's Markdown by day, read in one ``git cat-file --batch`` from a bare directory."""
    days = devset._days(source)
    folder = source / "news"
    if folder.is_dir():
        return {d: (folder / f"{d}.md").read_text(encoding="utf-8") for d in days}
    names = "".join(f"HEAD:news/{d}.md\n" for d in days).encode()
    out = subprocess.run(["git", "--git-dir", str(source), "cat-file", "--batch"], input=names,
                         capture_output=True, check=True).stdout
    texts, pos = {}, 0
    for d in days:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        texts[d] = out[header_end + 1:header_end + 1 + size].decode("utf-8")
        pos = header_end + 1 + size + 1
    return texts


def write(source: Path, out: Path, since: str = "", until: str = "99999999", limit: int = 0) -> dict:
    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    meta = [("file", "doc_id", "title", "date", "source", "language")]
    n_bytes = 0
    for day, md in _all_days(source).items():
        if not since <= day <= until:
            continue
        for k, (title, text) in enumerate(devset.items_of(md), 1):
            if limit and len(meta) > limit:
                break
            rel = f"{day}/{day}-{k:02d}.txt"
            (out / day).mkdir(exist_ok=True)
            data = text.encode("utf-8")
            (out / rel).write_bytes(data)
            n_bytes += len(data)
            meta.append((rel, f"xwlb{day}-{k:02d}", title, f"{day[:4]}-{day[4:6]}-{day[6:]}", "新闻联播", "zh"))
    with (out / "metadata.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(meta)
    return {"items": len(meta) - 1, "bytes": n_bytes, "seconds": round(time.time() - t0, 1), "out": str(out)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--since", default="", help="first day, YYYYMMDD")
    ap.add_argument("--until", default="99999999", help="last day, YYYYMMDD")
    ap.add_argument("--limit", type=int, default=0, help="at most this many items")
    args = ap.parse_args(argv)
    if (ROOT in args.out.resolve().parents) or args.out.resolve() == ROOT:
        print(f"{args.out}: inside the repository; real news that is not ours is written elsewhere", file=sys.stderr)
        return 2
    print(write(args.source, args.out, args.since, args.until, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
