"""Our POS cut is jieba's: the same words and tags as ``jieba.posseg.POSTokenizer.cut`` on real,
generated and random text, and the same Viterbi path and score as jieba's own search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.extract import lexicon, posseg, segmentation
from helpers.store.textio import read_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pair():
    """jieba's POSTokenizer with the lexicon's tags (as ``add_word`` gives them) and ours on the
    same tokenizer."""
    import jieba.posseg as jp

    seg = segmentation.get_tokenizer("jieba")
    ref = jp.POSTokenizer(seg.tokenizer)
    ref.word_tag_tab.update({w: t for w, _, t in lexicon.entries() if t})
    return ref, posseg.Tagger(seg.tokenizer, ref), seg


def _jieba(ref, text):
    return [(p.word, p.flag) for p in ref.cut(text)]


def _texts() -> list[Path]:
    files = [ROOT / "data" / "raw" / "cq_industry_transfer.txt"]
    files += sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    files += sorted((ROOT / "tests" / "data" / "corpus").rglob("*.txt"))
    return files


def test_same_as_jieba_on_the_articles_and_the_test_corpus(pair):
    ref, ours, seg = pair
    files = _texts()
    assert len(files) > 40
    for f in files:
        text = read_text(f).text
        expected = _jieba(ref, text)
        assert ours(text) == expected, f.name
        assert seg.tag(text) == expected, f.name  # the tagger the pipeline uses
        assert ours(text) == expected, f.name  # and again, from its caches


def test_same_as_jieba_on_the_development_set(pair):
    folder = os.environ.get("ZHNEWSDATA_DEVSET")
    if not folder or not Path(folder).is_dir():
        pytest.skip("ZHNEWSDATA_DEVSET is not set: build the texts with tests/devset/build.py")
    ref, ours, _ = pair
    for f in sorted(Path(folder).glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        assert ours(text) == _jieba(ref, text), f.name


EDGES = [
    "", " ", "\r\n", "\n\n", "。", "A", "7", "3.5", "..", "a.b_c+d#e&f", "GDP增长5.3%", "5G基站超过400万个",
    "重庆 市", "新能\n源汽车", "习近平总书记", "巫溪县", "哈哈哈哈哈哈哈哈哈哈哈哈", "㐀㐁", "ｗｉｆｉ", "Ⅳ型", "①②",
    "\u3000\u3000全面推进乡村振兴", "中国-东盟", "C919大飞机", "2025年1—5月", "（重庆）", "x\ty",
]


@pytest.mark.parametrize("text", EDGES)
def test_same_as_jieba_on_edge_cases(pair, text):
    ref, ours, _ = pair
    assert ours(text) == _jieba(ref, text)


ALPHABET = st.sampled_from(
    list("重庆市两江新区西部科学城渝西地区产业承接转移项目投资亿元万家企业智能网联新能源汽车零部件")
    + list("的了在是和与及对把被将也都就")
    + list("龘靐齉㐀丨乂")  # rare letters: the HMM's unknown-word path
    + list("0123456789.+#&_abcXYZ ")
    + ["\n", "\r\n", "\t", "，", "。", "、", "“", "”", "%", "-", "（", "）", "\u3000"]
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_same_as_jieba_on_random_strings(pair, text):
    ref, ours, _ = pair
    assert ours(text) == _jieba(ref, text)


HAN = st.sampled_from([*"重庆两江科学城产业承接转移龘靐齉㐀的了和与哈啊呀嗯巫溪城口涪陵珠海冠宇", "丨", "乂"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(HAN, min_size=1, max_size=16).map("".join))
def test_viterbi_is_jiebas(text):
    import jieba.posseg as jp
    from jieba.posseg.viterbi import viterbi

    tables = (jp.char_state_tab_P, jp.start_P, jp.trans_P, jp.emit_P)
    assert posseg.Viterbi(*tables)(text) == viterbi(text, *tables)
