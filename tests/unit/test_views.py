"""What notebooks 01 and 02 show: substantive changes before routine ones, KWIC carrying its font,
nothing unreadable (None, NaN, "(s)") in the tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.show import views, webfont


def _log(rows) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "op": op, "raw_start": i, "raw_end": i + 1, "before": b, "after": a,
                          "reason": "why"} for i, (d, op, b, a) in enumerate(rows)])


LOG = _log([("d", "fullwidth_punct", ",", "，")] * 137 + [("d", "pair_quotes", '"', "“")] * 86
           + [("d", "join_broken_line", "\n\n", ""), ("d", "remove_stray_glyph", "ш", ""),
              ("d", "flag_lost_text", "新管章", "新管章"), ("d", "split_related", "- 6》涪陵", "6》涪陵")])


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr("IPython.display.display", lambda obj: out.append(obj))
    return out


def test_log_counts_put_content_and_structure_first_then_flags_then_routine():
    t = views.log_counts(LOG)
    assert list(t.columns) == ["kind", "change", "code", "changes"]  # one document: no documents column
    assert t["code"].tolist() == ["join_broken_line", "remove_stray_glyph", "split_related", "flag_lost_text",
                                  "fullwidth_punct", "pair_quotes"]
    assert t["kind"].tolist()[3:] == ["flagged, text unchanged", "routine", "routine"]
    zh = views.log_counts(pd.concat([LOG, LOG.assign(doc_id="e")]), "zh")
    assert list(zh.columns) == ["类别", "改动", "代码", "处数", "文档数"] and zh["文档数"].max() == 2


def test_side_by_side_lists_substantive_changes_and_folds_the_routine_ones(shown):
    views.side_by_side(LOG, limit=60)
    page = shown[0].data
    substantive, rest = page.split("Passages flagged for a person to check", 1)
    assert "broken lines joined" in substantive and "punctuation made full-width" not in substantive
    flagged, routine = rest.split("<details>", 1)
    assert "新管章" in flagged and "text may be lost at a line end" in flagged
    assert "223 routine changes: 137 punctuation marks made full-width and 86 quotation marks paired" in routine
    assert "163 more in cleaning_log.csv." in routine  # 223 routine rows, 60 listed
    assert "style=&#x27;" not in page and "⏎" in page  # line breaks made visible, not markup made text
    assert "<th style='text-align:left'>doc</th>" not in page  # one document: no document column


def test_kwic_is_a_table_that_names_the_cjk_font_itself():
    text = "推动产业转移，承接产业转移。"
    tokens = pd.DataFrame({"doc_id": "d", "token": ["推动", "产业", "转移", "，", "承接", "产业", "转移", "。"],
                           "start": [0, 2, 4, 6, 7, 9, 11, 13], "end": [2, 4, 6, 7, 9, 11, 13, 14],
                           "sent_id": 0})
    out = views.kwic(tokens, [{"doc_id": "d", "text": text}], "产业转移", limit=1)
    page = out.data
    assert f"font-family:{webfont.FAMILY}" in page.replace("&quot;", "") and "<b>产业转移</b>" in page
    assert "产业转移 is not one token (the segmenter cuts it up), so it was found as a string, 2 times. " \
           "One more occurrence is not shown." in page
    assert page.count("<tr>") == 2  # the head and one row
    assert webfont.page_chars(page) >= set("产业转移推动")
    none = views.kwic(tokens, [{"doc_id": "d", "text": text}], "<b>不存在</b>")
    assert none.data == "*&lt;b&gt;不存在&lt;/b&gt; does not occur in the text.*"


def test_keywords_side_by_side_has_no_document_column_for_one_document_and_no_none():
    kw = pd.DataFrame({"doc_id": "d", "term": ["产业", "承接", "项目"], "freq": [3, 2, 1],
                       "tfidf": [0.3, 0.2, 0.0], "textrank": [1.0, 0.5, 0.2]})
    t = views.keywords_side_by_side(kw, top=2)
    assert list(t.columns) == ["rank", "tfidf_term", "tfidf", "textrank_term", "textrank"]
    two = views.keywords_side_by_side(pd.concat([kw, kw.assign(doc_id="e").head(1)]), top=2)
    assert "doc_id" in two.columns and len(two) == 3 and two.iloc[-1].tolist() == ["e", 1, "产业", 0.3, "产业", 1.0]
    assert two.isna().sum().sum() == 0 and None not in two.to_numpy().ravel()


def _side_by_side_per_document(kw: pd.DataFrame, top: int) -> pd.DataFrame:
    """What keywords_side_by_side gives, a document at a time (the loop it replaced; equal scores in
    table order)."""
    rows = []
    for doc_id, g in kw.groupby("doc_id", sort=False):
        a = g.sort_values("tfidf", ascending=False, kind="stable").head(top).reset_index(drop=True)
        b = g.sort_values("textrank", ascending=False, kind="stable").head(top).reset_index(drop=True)
        for i in range(max(len(a), len(b))):
            rows.append({"doc_id": doc_id, "rank": i + 1,
                         "tfidf_term": a.term[i] if i < len(a) else "",
                         "tfidf": round(a.tfidf[i], 4) if i < len(a) else "",
                         "textrank_term": b.term[i] if i < len(b) else "",
                         "textrank": round(b.textrank[i], 4) if i < len(b) else ""})
    out = pd.DataFrame(rows, columns=["doc_id", "rank", "tfidf_term", "tfidf", "textrank_term", "textrank"])
    return out if kw["doc_id"].nunique() > 1 else out.drop(columns=["doc_id"])


def test_keywords_side_by_side_equals_the_rankings_made_a_document_at_a_time():
    import random

    for seed in range(30):
        rng = random.Random(seed)
        rows = [{"doc_id": f"d{rng.randint(0, 6)}", "term": f"词{i}", "freq": 1,
                 "tfidf": rng.choice([0.1, 0.2, 0.35, rng.random()]), "textrank": rng.choice([0.5, 1.0, rng.random()])}
                for i in range(rng.randint(1, 80))]
        kw = pd.DataFrame(rows)
        for top in (1, 3, 20):
            pd.testing.assert_frame_equal(views.keywords_side_by_side(kw, top), _side_by_side_per_document(kw, top))


def test_notes_are_plural_aware():
    assert views.documents_note(1).data == "One document."
    assert views.documents_note(2036).data == "2,036 documents."


def test_readable_tables_show_no_none_or_nan():
    t = views.readable(pd.DataFrame({"byline": ["夏元", None], "date": [pd.NA, "2025"], "n": [1.0, float("nan")]}))
    cells = " ".join(map(str, t.to_numpy().ravel()))
    assert not re.search(r"None|nan|<NA>", cells)
