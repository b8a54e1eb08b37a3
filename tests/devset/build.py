"""Rebuild the development set of real news items from a public archive of 新闻联播 transcripts.

The texts are not ours and never enter the repository: this script writes them to a folder of
your choice, and ``items.csv`` beside it (committed) lists which items, with the SHA-256 of each
text so a test knows it reads the text the gold was written on. The gold annotations
(``gold.csv``, committed) hold offsets, values and labels only.

    python tests/devset/build.py --source /path/to/xin-wen-lian-bo --out ~/devset
    ZHNEWSDATA_DEVSET=~/devset make test

``--source`` is a clone of the public repository ``DuckBurnIncense/xin-wen-lian-bo`` (one
Markdown file per broadcast under ``news/``) or its bare git directory. ``--list`` prints
candidate items (economic news rich in figures) instead, for choosing new ones.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ITEMS = HERE / "items.csv"

_ITEM = re.compile(r"^### (?P<title>.+?)\s*$(?P<body>.*?)(?=^### |^---|\Z)", re.M | re.S)
_PARA = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:元|美元|%|家|个|项|吨|台|辆|人次|万人|人|千瓦|平方米|亩|公里)")


def _read_day(source: Path, day: str) -> str | None:
    """The Markdown of one broadcast (``YYYYMMDD``), from a work tree or a bare git directory."""
    f = source / "news" / f"{day}.md"
    if f.is_file():
        return f.read_text(encoding="utf-8")
    try:
        out = subprocess.run(["git", "--git-dir", str(source), "show", f"HEAD:news/{day}.md"],
                             capture_output=True, check=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    return out.stdout.decode("utf-8")


def _days(source: Path) -> list[str]:
    d = source / "news"
    if d.is_dir():
        return sorted(p.stem for p in d.glob("*.md") if p.stem.isdigit())
    out = subprocess.run(["git", "--git-dir", str(source), "ls-tree", "--name-only", "HEAD", "news/"],
                         capture_output=True, check=True, text=True).stdout.split()
    return sorted(Path(p).stem for p in out if Path(p).stem.isdigit())


def items_of(markdown: str) -> list[tuple[str, str]]:
    """(title, text) of each detailed item: the title line, a blank line, one paragraph a line."""
    out = []
    for m in _ITEM.finditer(markdown):
        paras = []
        for p in _PARA.findall(m.group("body")):
            p = html.unescape(_TAG.sub("", p.replace("<br>", ""))).strip()
            if p:
                paras.append(p)
        if paras:
            title = m.group("title").strip()
            out.append((title, title + "\n\n" + "\n".join(paras) + "\n"))
    return out


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(source: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with ITEMS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    meta = [("file", "doc_id", "title", "date", "source", "language")]
    bad = 0
    for r in rows:
        md = _read_day(source, r["day"])
        found = [t for title, t in items_of(md or "") if title == r["title"]]
        if not found:
            print(f"devset: {r['item']}: item {r['title']!r} of {r['day']} not found in {source}", file=sys.stderr)
            bad += 1
            continue
        text = found[0]
        if sha(text) != r["sha256"]:
            print(f"devset: {r['item']}: text differs from the one annotated (sha256)", file=sys.stderr)
            bad += 1
            continue
        (out / f"{r['item']}.txt").write_text(text, encoding="utf-8")
        day = r["day"]
        meta.append((f"{r['item']}.txt", r["item"], r["title"], f"{day[:4]}-{day[4:6]}-{day[6:]}", "新闻联播", "zh"))
    with (out / "metadata.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(meta)
    print(f"devset: {len(meta) - 1} items written to {out}" + (f", {bad} missing" if bad else ""))
    return 1 if bad else 0


def candidates(source: Path, since: str, until: str) -> None:
    for day in _days(source):
        if not since <= day <= until:
            continue
        for title, text in items_of(_read_day(source, day) or ""):
            n = len(_FIGURE.findall(text))
            if n >= 8:
                print(f"{day}\t{n}\t{len(text)}\t{sha(text)[:12]}\t{title}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--list", nargs=2, metavar=("SINCE", "UNTIL"), help="print candidate items between two days")
    a = ap.parse_args(argv)
    if a.list:
        candidates(a.source, *a.list)
        return 0
    if not a.out:
        ap.error("--out is needed to build")
    return build(a.source, a.out)


if __name__ == "__main__":
    sys.exit(main())
