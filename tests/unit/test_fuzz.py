"""Fuzzing what tests/test_cleaning.py and tests/test_quantities.py leave out: any Unicode, any bytes.

Those files fuzz the cleaner on an alphabet of news-like pieces and the quantity finder on short
text. Here: the decoder on arbitrary bytes, the cleaner on arbitrary Unicode (control characters,
surrogate-free astral planes, markup), the number parser on anything, and the whole figure
extractor (sentences, subjects, periods) on generated documents. Bounded so the file runs in
seconds.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.errors import BadInput
from helpers.extract import segmentation
from helpers.extract.cleaning import clean_document, clean_text
from helpers.extract.figures import extract_figures
from helpers.extract.quantities import find_quantities, parse_number
from helpers.store import textio

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# any character but surrogates (which no decoded file contains)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
# news-like pieces mixed with hostile ones: figures, places, markup, formulas, control characters
PIECES = st.sampled_from([
    "重庆", "两江新区", "合川区", "三一重工", "今年上半年", "2025年", "投资", "签约项目", "产值", "企业",
    "1475亿元", "8个", "超过20家", "约3.5万人", "12%", "一千二百", "两万亩", "1,200", "３．５亿",
    "，", "。", "、", "；", "“", "”", "（", "）", "\n", "\n\n", " ", "\u3000", "\t", "\r\n",
    "<script>alert(1)</script>", "<b>", "**", "[x](http://e.example/)", "=1+1", "@SUM(A1)", "-", "+",
    "\x00", "\x1b[31m", "\x07", "\x0c", "\u202e", "\u200b", "\ufeff", "\ufffd", "😀", "𠀀", "ш", "é",
])
NEWS = st.lists(PIECES, min_size=1, max_size=40).map("".join)
SOME_TEXT = ANY_TEXT | NEWS


@FAST
@given(st.binary(max_size=200) | NEWS.map(lambda t: t.encode("utf-8")) | NEWS.map(
    lambda t: t.encode("gb18030", errors="ignore")) | NEWS.map(lambda t: t.encode("utf-16-le")))
def test_decode_bytes_returns_text_or_says_why(data):
    try:
        d = textio.decode_bytes(data, "fuzz.txt")
    except BadInput as e:
        assert str(e).startswith("fuzz.txt: ") and "\n" not in str(e)
        return
    assert d.text.strip() and "\r" not in d.text and "\x00" not in d.text
    assert d.encoding and d.line_ends in ("LF", "CRLF", "CR")


@FAST
@given(SOME_TEXT)
def test_cleaning_any_unicode_is_idempotent_with_valid_log_offsets(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # what the decoder hands over
    once, log = clean_text(text)
    assert clean_text(once)[0] == once
    for e in log:
        assert 0 <= e["raw_start"] <= e["raw_end"] <= len(text), e


def _valid_document(doc: dict) -> None:
    text, paras = doc["text"], doc["paragraphs"]
    for p in paras:
        assert 0 <= p["start"] <= p["end"] <= len(text) and text[p["start"]:p["end"]] == p["text"]
    for s in doc["sections"]:
        assert 0 <= s["start"] <= s["end"] <= len(text)


def _decoded(text: str) -> textio.Decoded | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return textio.Decoded("fuzz.txt", text, "utf-8") if text.strip() else None


@FAST
@given(SOME_TEXT)
def test_clean_document_on_any_unicode(text):
    decoded = _decoded(text)
    if decoded is None:
        return
    doc = clean_document(decoded, "fuzz", {"date": "2025"}).document
    _valid_document(doc)


@settings(max_examples=300, deadline=None)
@given(SOME_TEXT)
def test_parse_number_gives_a_number_or_value_error(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float) and not math.isnan(value)


@FAST
@given(SOME_TEXT)
def test_every_quantity_found_parses(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert isinstance(q.value, (int, float)) and not math.isnan(q.value), q


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWS | ANY_TEXT, st.sampled_from(["", "2025", "2024-07", "2025-01-31"]))
def test_figure_extractor_on_generated_documents(text, date):
    decoded = _decoded(text)
    if decoded is None:
        return
    doc = clean_document(decoded, "fuzz", {"date": date}).document
    sentences = segmentation.split_sentences(doc)
    figures = extract_figures(doc, sentences)
    body = doc["text"]
    for s in sentences.itertuples():
        assert 0 <= s.start <= s.end <= len(body) and body[s.start:s.end] == s.text
    bounds = {s.sent_id: (s.start, s.end) for s in sentences.itertuples()}
    for f in figures.itertuples():
        assert body[f.start:f.end] == f.text, f
        lo, hi = bounds[f.sent_id]
        assert lo <= f.start < f.end <= hi, f
        assert f.kind in ("money", "count", "percent", "area", "mass", "length", "other")
        assert not math.isnan(f.value)
        for part in str(f.qualifier).split("+"):
            assert part in ("exact", "more_than", "less_than", "approx", "forecast"), f.qualifier


@pytest.mark.parametrize("text", [
    "\x00\x01\x02", "\ufeff重庆投资50亿元。", "<script>alert('１２亿元')</script>", "=1475亿元", "\u202e投资8个。",
    "𠀀𠀁" * 50, "。" * 500, "1" * 400, "亿" * 300 + "元",
])
def test_pathological_snippets_do_not_raise(text):
    decoded = _decoded(text)
    doc = clean_document(decoded, "p", {}).document
    figures = extract_figures(doc, segmentation.split_sentences(doc))
    for f in figures.itertuples():
        assert doc["text"][f.start:f.end] == f.text
