"""Score the figures stage against the development set's gold (see GUIDE.md).

    ZHNEWSDATA_DEVSET=~/devset python tests/devset/score.py [--errors FIELD]

A gold figure is found when a system figure's raw offsets overlap it (one to one, in order).
On the found figures:

- ``place``: the same canonical place (both names read through the gazetteer, so 长三角 and
  长江三角洲 are one place);
- ``subject``: equal once 的 and spaces are set aside, or one contains the other (at least two
  characters); both empty counts as right;
- ``subject_or_place``: the subject is right where the gold has one, or the place is right where
  the gold has one (a figure about a place's economy as a whole has no subject);
- ``metric``: the same metric *and* the same measure (出口额/growth_rate is not 出口额/level);
- ``period``: the same period once written one way (2025-Q1 = 2025-01/2025-03, 2025-H1 =
  2025-01/2025-06, 2025-2027 = 2025/2027); ``period_kind`` the same kind.

``metric_en`` is the share of all system figures with an English metric.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("place", "subject", "subject_or_place", "metric", "metric_only", "period", "period_kind")


def devset_dir() -> Path | None:
    """The folder of texts named by ``ZHNEWSDATA_DEVSET``, or None."""
    v = os.environ.get("ZHNEWSDATA_DEVSET")
    return Path(v).expanduser() if v else None


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def items() -> list[dict]:
    return read_csv(HERE / "items.csv")


def gold(item: str) -> list[dict]:
    path = HERE / "gold" / f"{item}.csv"
    if not path.exists():
        return []
    return read_csv(path)


def check_text(folder: Path, row: dict) -> str | None:
    """The item's text if present and the one annotated, else None."""
    f = folder / f"{row['item']}.txt"
    if not f.exists():
        return None
    data = f.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        return None
    return data.decode("utf-8")


def system_figures(folder: Path, row: dict):
    from helpers.extract import figures, segmentation
    from helpers.extract.document import clean_file

    day = row["day"]
    meta = {"date": f"{day[:4]}-{day[4:6]}-{day[6:]}", "source": "新闻联播"}
    doc = clean_file(folder / f"{row['item']}.txt", row["item"], meta).document
    sentences = segmentation.split_sentences(doc)
    return figures.extract_figures(doc, sentences)


def _canon_place(name: str) -> str:
    from helpers.extract.entities import find_mentions

    name = (name or "").strip()
    if not name:
        return ""
    ms = find_mentions(name, patterns=False)
    if len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(name):
        return ms[0].canonical
    return name


def _norm_subject(s) -> str:
    s = "" if s is None or (isinstance(s, float) and s != s) else str(s)
    return re.sub(r"[的\s“”\"]", "", s)


def subject_match(sys_s, gold_s) -> bool:
    a, b = _norm_subject(sys_s), _norm_subject(gold_s)
    if not a or not b:
        return a == b
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 2 and short in long_)


def norm_period(p) -> str:
    p = "" if p is None or (isinstance(p, float) and p != p) else str(p).strip()
    m = re.fullmatch(r"(\d{4})-Q([1-4])", p)
    if m:
        q = int(m[2])
        return f"{m[1]}-{3 * q - 2:02d}/{m[1]}-{3 * q:02d}"
    m = re.fullmatch(r"(\d{4})-Q1-Q([1-4])", p)
    if m:
        return f"{m[1]}-01/{m[1]}-{3 * int(m[2]):02d}"
    m = re.fullmatch(r"(\d{4})-H([12])", p)
    if m:
        return f"{m[1]}-01/{m[1]}-06" if m[2] == "1" else f"{m[1]}-07/{m[1]}-12"
    m = re.fullmatch(r"(\d{4})-(\d{4})", p)
    if m:
        return f"{m[1]}/{m[2]}"
    return p


def _s(v) -> str:
    import pandas as pd

    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def score(folder: Path) -> dict:
    """Counts and per-field results over the items whose texts are present."""
    res = {"items": 0, "gold": 0, "found": 0, "system": 0, "metric_en": 0, "right": dict.fromkeys(FIELDS, 0),
           "errors": {f: [] for f in FIELDS}, "kinds": {}, "missed": [], "extra": []}
    for row in items():
        g = gold(row["item"])
        if not g or check_text(folder, row) is None:
            continue
        res["items"] += 1
        figs = system_figures(folder, row)
        res["system"] += len(figs)
        res["metric_en"] += int((figs["metric_en"].fillna("") != "").sum())
        sys_rows = figs.to_dict("records")
        for r in sys_rows:
            _kind(res, r["kind"])["system"] += 1
        used = set()
        for gr in g:
            gs, ge = int(gr["start"]), int(gr["end"])
            res["gold"] += 1
            _kind(res, gr["kind"])["gold"] += 1
            match = None
            for k, r in enumerate(sys_rows):
                if k not in used and int(r["raw_start"]) < ge and gs < int(r["raw_end"]):
                    match = k
                    break
            if match is None:
                res["missed"].append((row["item"], gr))
                continue
            used.add(match)
            res["found"] += 1
            r = sys_rows[match]
            _kind(res, gr["kind"])["found"] += 1
            _kind(res, r["kind"])["matched"] += 1
            ok = _judge(r, gr)
            for f in FIELDS:
                if ok[f]:
                    res["right"][f] += 1
                else:
                    res["errors"][f].append((row["item"], gr, r))
        res["extra"].extend((row["item"], r) for k, r in enumerate(sys_rows) if k not in used)
    return res


#: the gold's kinds in the system's terms (percentage points are percents, 倍 is kind other)
_GOLD_KIND = {"points": "percent", "multiple": "other"}


def _kind(res: dict, kind: str) -> dict:
    kind = _GOLD_KIND.get(str(kind), str(kind))
    return res["kinds"].setdefault(kind, {"gold": 0, "found": 0, "system": 0, "matched": 0})


def _judge(r: dict, gr: dict) -> dict:
    place = _canon_place(_s(r["place"])) == _canon_place(gr["place"])
    subject = subject_match(r["subject"], gr["subject"])
    sop = (bool(gr["subject"]) and subject) or (bool(gr["place"]) and place) or \
        (not gr["subject"] and not gr["place"] and not _s(r["subject"]) and not _s(r["place"]))
    return {
        "place": place,
        "subject": subject,
        "subject_or_place": sop,
        "metric": _s(r["metric"]) == gr["metric"] and _s(r["measure"]) == gr["measure"],
        "metric_only": _s(r["metric"]) == gr["metric"],
        "period": norm_period(r["period"]) == norm_period(gr["period"]),
        "period_kind": _s(r["period_kind"]) == gr["period_kind"],
    }


def report(res: dict) -> str:
    found = max(res["found"], 1)
    lines = [f"{res['items']} items, {res['gold']} gold figures, {res['found']} found "
             f"({res['found'] / max(res['gold'], 1):.1%}), {res['system']} system figures",
             f"metric_en filled: {res['metric_en'] / max(res['system'], 1):.1%}"]
    for f in FIELDS:
        lines.append(f"{f:>17}: {res['right'][f] / found:.1%} ({res['right'][f]}/{res['found']})")
    lines.append(f"finding: precision {(res['system'] - len(res['extra'])) / max(res['system'], 1):.3f}, "
                 f"recall {res['found'] / max(res['gold'], 1):.3f}; by kind (precision / recall):")
    for k, c in sorted(res["kinds"].items()):
        p = f"{c['matched'] / c['system']:.3f}" if c["system"] else "-"
        r = f"{c['found'] / c['gold']:.3f}" if c["gold"] else "-"
        lines.append(f"{k:>17}: {p} / {r} ({c['system']} found, {c['gold']} gold)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", choices=(*FIELDS, "finding"),
                    help="print the figures this field gets wrong (finding: the missed and the extra)")
    a = ap.parse_args(argv)
    folder = devset_dir()
    if folder is None or not folder.is_dir():
        print("devset: set ZHNEWSDATA_DEVSET to the folder build.py wrote", file=sys.stderr)
        return 2
    res = score(folder)
    print(report(res))
    if a.errors == "finding":
        for item, gr in res["missed"]:
            print(f"{item} missed {gr['text']} ({gr['kind']})")
        for item, r in res["extra"]:
            print(f"{item} extra {r['text']} ({r['kind']}): {str(r['sentence'])[:80]}")
    elif a.errors:
        for item, gr, r in res["errors"][a.errors]:
            print(f"{item} {gr['text']}: gold {gr['place']}|{gr['subject']}|{gr['metric']}/{gr['measure']}|"
                  f"{gr['period']}|{gr['period_kind']}  system {_s(r['place'])}|{_s(r['subject'])}|"
                  f"{_s(r['metric'])}/{_s(r['measure'])}|{_s(r['period'])}|{_s(r['period_kind'])}")
            print("    ", str(r["sentence"])[:120])
    return 0


if __name__ == "__main__":
    sys.exit(main())
