"""Frequencies, keywords, corpus TF-IDF and keyword-in-context over tokens."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.extract.keywords import corpus_tfidf, keywords, kwic, term_frequencies
from helpers.extract.segmentation import split_sentences, tokenize
from helpers.store import schemas

TEXT = (
    "重庆承接产业转移，持续补全产业链短板。"
    "璧山通过承接比亚迪动力电池项目，快速形成“刀片电池”全产业链，同步带动本地配套企业20多家。"
    "我们的产业链与供应链深度融合，带动就业超过1.2万人。"
)


def make_document(text: str, doc_id: str = "d1") -> dict:
    return {"doc_id": doc_id, "text": text,
            "paragraphs": [{"para_id": 0, "kind": "body", "section": "", "text": text, "start": 0, "end": len(text)}]}


@pytest.fixture(scope="module")
def doc_tokens():
    doc = make_document(TEXT)
    return doc, tokenize(doc, split_sentences(doc))


def test_term_frequencies_excludes_stop_punct_single_and_figures(doc_tokens):
    _, toks = doc_tokens
    tf = term_frequencies(toks)
    assert list(tf.columns) == ["term", "pos", "freq", "docs", "share"]
    terms = set(tf["term"])
    assert not terms & {"我们", "的", "，", "。", "“", "1.2万人", "20多家", "全"}
    assert tf.iloc[0]["term"] == "产业链" and tf.iloc[0]["freq"] == 3
    assert {"刀片电池", "比亚迪", "璧山"} <= terms
    assert tf["share"].sum() == pytest.approx(1.0)
    assert len(term_frequencies(toks, top=3)) == 3


def test_keywords_contract_and_lexicon_terms(doc_tokens):
    doc, toks = doc_tokens
    kw = keywords(toks, doc, top=5)
    assert list(kw.columns) == schemas.TABLES["keywords"].names
    assert (kw["doc_id"] == "d1").all()
    assert kw["tfidf"].is_monotonic_decreasing
    assert kw.iloc[0]["term"] == "产业链"  # the lexicon word, which jieba.analyse would cut
    assert kw["textrank"].max() == pytest.approx(1.0)
    assert not set(kw["term"]) & {"我们", "的", "1.2万人"}
    assert 5 <= len(kw) <= 10  # the union of both methods' top 5


def test_keywords_empty():
    doc = make_document("我们的。")
    kw = keywords(tokenize(doc, split_sentences(doc)), doc)
    assert list(kw.columns) == schemas.TABLES["keywords"].names and kw.empty


def test_corpus_tfidf_shows_distinctive_terms(doc_tokens):
    _, toks = doc_tokens
    other = make_document("西部陆海新通道连接东盟市场，产业链向南延伸，中欧班列通达欧洲。", "d2")
    toks2 = tokenize(other, split_sentences(other))
    got = corpus_tfidf(pd.concat([toks, toks2], ignore_index=True), top=3)
    assert list(got.columns) == ["doc_id", "term", "freq", "df", "tfidf", "rank"]
    assert got.groupby("doc_id")["rank"].apply(list).tolist() == [[1, 2, 3], [1, 2, 3]]
    d1 = got[got.doc_id == "d1"]
    # 产业链 is in both documents: its idf is lower than a term only d1 uses
    shared = d1.loc[d1.term == "产业链", "df"]
    assert shared.empty or shared.iloc[0] == 2
    d2 = corpus_tfidf(pd.concat([toks, toks2], ignore_index=True), top=0)
    d2 = d2[d2.doc_id == "d2"].set_index("term")
    assert d2.loc["西部陆海新通道", "tfidf"] > d2.loc["产业链", "tfidf"]


def test_kwic_token_and_string_matches(doc_tokens):
    doc, toks = doc_tokens
    got = kwic(toks, doc, "产业链", width=4)
    assert list(got.columns) == ["left", "term", "right", "sent_id"]
    assert got["term"].tolist() == ["产业链"] * 3
    assert got.iloc[0][["left", "right"]].tolist() == ["持续补全", "短板。璧"]
    # 产业 alone is a token only where jieba cuts it so: never inside 产业链
    assert "产业链" not in "".join(kwic(toks, doc, "产业", width=0)["term"])
    # a term the segmentation cuts in two is found as a string
    assert kwic(toks, doc, "产业转移", width=2)["right"].tolist() == ["，持"]
    assert kwic(toks, doc, "不存在").empty
