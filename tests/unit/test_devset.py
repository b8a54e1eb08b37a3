"""The development set of real news (tests/devset): its gold is well formed, and where the texts
are present (``ZHNEWSDATA_DEVSET``, built by tests/devset/build.py) the figures stage meets the
meaning issue's floors on it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers.extract import meaning

DEVSET = Path(__file__).resolve().parents[1] / "devset"
sys.path.insert(0, str(DEVSET))
import score  # noqa: E402  (tests/devset/score.py, also a command)

COLUMNS = ["start", "end", "text", "kind", "value", "unit", "place", "subject", "metric", "measure", "period",
           "period_kind", "note"]


def _gold_files():
    return sorted((DEVSET / "gold").glob("*.csv"))


def test_items_and_gold_agree():
    items = {r["item"]: r for r in score.items()}
    assert len(items) >= 30
    files = _gold_files()
    assert {f.stem for f in files} <= set(items)
    assert len(files) >= 30


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: p.stem)
def test_gold_rows_are_well_formed(path):
    vocab = {m.metric for m in meaning.vocabulary()}
    rows = score.read_csv(path)
    assert rows and list(rows[0]) == COLUMNS
    end = -1
    for r in rows:
        s, e = int(r["start"]), int(r["end"])
        assert end <= s < e and e - s == len(r["text"]), r
        end = e
        assert r["metric"] in vocab, r
        assert r["measure"] in meaning.MEASURES, r
        assert r["period_kind"] in ("", *meaning.PERIOD_KINDS), r
        float(r["value"])


def test_gold_has_enough_figures():
    assert sum(len(score.read_csv(f)) for f in _gold_files()) >= 250


def test_scores_on_real_news():
    folder = score.devset_dir()
    if folder is None or not folder.is_dir():
        pytest.skip("ZHNEWSDATA_DEVSET is not set: build the texts with tests/devset/build.py")
    res = score.score(folder)
    if res["items"] < 30:
        pytest.skip(f"only {res['items']} of the development set's texts are in {folder}")
    print("\n" + score.report(res))
    found = res["found"]
    assert res["gold"] >= 250
    assert res["found"] / res["gold"] >= 0.97  # recall of the figures themselves (the real-news issue)
    assert (res["system"] - len(res["extra"])) / res["system"] >= 0.97  # their precision
    assert res["right"]["subject_or_place"] / found >= 0.85
    assert res["right"]["metric"] / found >= 0.85
    assert res["metric_en"] / res["system"] >= 0.95


def test_scorer_rules():
    assert score.subject_match("民营企业", "民营企业") and score.subject_match("榨菜产业示范园", "榨菜产业")
    assert not score.subject_match("", "货物贸易") and score.subject_match(None, "")
    assert score.norm_period("2025-Q1") == score.norm_period("2025-01/2025-03")
    assert score.norm_period("2025-H1") == "2025-01/2025-06" and score.norm_period("2025-2027") == "2025/2027"
    assert score.norm_period("2025-Q1-Q3") == "2025-01/2025-09"
