"""The metric finders' word search (one compiled pattern per word list) against the plain loop it
replaced: the same occurrence, first or last, on random windows and word lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.extract import meaning

ALPHABET = "增长速比重占额值产业投资亿元个一二的了达到 "


def first_by_loop(window: str, words) -> tuple[int, str] | None:
    best = None
    for w in words:
        i = window.find(w)
        if i >= 0 and (best is None or (i, -len(w)) < (best[0], -len(best[1]))):
            best = (i, w)
    return best


def last_by_loop(window: str, words) -> tuple[int, str] | None:
    best = None
    for w in words:
        i = window.rfind(w)
        if i >= 0 and (best is None or (i + len(w), len(w)) > (best[0] + len(best[1]), len(best[1]))):
            best = (i, w)
    return best


windows = st.text(alphabet=ALPHABET, max_size=30)
word_lists = st.lists(st.text(alphabet=ALPHABET, min_size=0, max_size=4), max_size=12)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(windows, word_lists)
def test_first_and_last_occurrence_equal_the_loop(window, words):
    for form in (words, tuple(words)):
        assert meaning._first(window, form) == first_by_loop(window, words)
        assert meaning._last(window, form) == last_by_loop(window, words)


def test_the_real_word_lists_on_real_phrases():
    vocab = meaning.vocabulary()
    for kind in ("money", "count", "area", "rate", "base"):
        words = meaning._word_list(vocab, kind)
        assert words, kind
        for window in ("规模以上工业增加值同比增长", "实现地区生产总值", "新增就业岗位", "占全市比重", "项目总投资达到", ""):
            assert meaning._first(window, words) == first_by_loop(window, words), (kind, window)
            assert meaning._last(window, words) == last_by_loop(window, words), (kind, window)
    assert meaning._last("增速与增长", ("增长", "增速")) == (3, "增长")
    assert meaning._first("增速与增长", ("增长", "增速")) == (0, "增速")
    assert meaning._first("增长率", ("增长", "增长率")) == (0, "增长率")
    assert meaning._first("abc", ()) is None and meaning._last("abc", []) is None
