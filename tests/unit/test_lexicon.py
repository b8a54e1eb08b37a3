"""The domain lexicon: file format, gazetteer tags, stopwords, version hash."""

from __future__ import annotations

import pytest

from helpers.extract import gazetteer, lexicon
from helpers.extract.lexicon import LexiconError, parse_terms


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("刀片电池 2000 nz", [("刀片电池", 2000, "nz")]),
        ("灯塔工厂", [("灯塔工厂", lexicon.DEFAULT_FREQ, lexicon.DEFAULT_TAG)]),
        ("产业链 n", [("产业链", lexicon.DEFAULT_FREQ, "n")]),
        ("\ufeff晶圆 300", [("晶圆", 300, lexicon.DEFAULT_TAG)]),
        ("# 注释\n\n  碳化硅 1000 n  # trailing comment", [("碳化硅", 1000, "n")]),
    ],
)
def test_parse_terms(line, expected):
    assert parse_terms(line) == expected


@pytest.mark.parametrize("line", ["刀片 电池 1000 nz", "晶圆 1000 n extra", "汽车芯片 1000 名词"])
def test_parse_terms_rejects_bad_lines(line):
    with pytest.raises(LexiconError, match=r"terms\.txt:1: cannot read"):
        parse_terms(line)


def test_terms_file_reads_and_holds_genre_terms():
    terms = lexicon.terms()
    words = [w for w, _, _ in terms]
    assert len(words) == len(set(words)), "a word is listed twice in terms.txt"
    assert {"刀片电池", "灯塔工厂", "产业链", "供应链", "创新链", "资金链", "人才链", "整零协同", "厂中厂",
            "智能网联新能源汽车", "碳化硅", "晶圆", "汽车芯片", "集成电路"} <= set(words)
    assert all(freq > 0 and tag for _, freq, tag in terms)


def test_terms_do_not_duplicate_the_gazetteer():
    g = gazetteer.load()
    tag_of = {s: lexicon.TYPE_TAGS[t] for s, t in zip(g.surface, g.type)}
    # a word in both is only a frequency override, and must then carry the gazetteer's tag
    for word, _, tag in lexicon.terms():
        if word in tag_of:
            assert tag == tag_of[word], f"{word}: terms.txt says {tag}, the gazetteer {tag_of[word]}"


@pytest.mark.parametrize(
    ("word", "tag"),
    [("两江新区", "ns"), ("璧山", "ns"), ("赛力斯", "nt"), ("宁德时代", "nt"), ("西部陆海新通道", "nz"),
     ("刀片电池", "nz"), ("产业链", "n"), ("我市", "ns")],
)
def test_entries_tags(word, tag):
    got = {w: t for w, _, t in lexicon.entries()}
    assert got[word] == tag


def test_entity_names_are_names_not_terms():
    names = lexicon.entity_names()
    assert {"两江新区", "三一重工", "西部陆海新通道"} <= names
    assert not {"产业链", "刀片电池", "灯塔工厂"} & names


def test_entries_shape():
    got = lexicon.entries()
    assert got and all(isinstance(w, str) and isinstance(f, int) and isinstance(t, str) for w, f, t in got)
    assert len({w for w, _, _ in got}) == len(got)


def test_stopwords_combine_iso_and_domain():
    sw = lexicon.stopwords()
    assert isinstance(sw, frozenset)
    assert {"的", "了", "我们"} <= sw  # stopwordsiso
    assert {"我市", "负责人", "近年来"} <= sw  # stopwords_domain.txt
    assert not {"产业", "发展", "合作", "亿元"} & sw


def test_version_is_a_content_hash(tmp_path):
    (tmp_path / "terms.txt").write_text("刀片电池 1000 nz\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("docs\n", encoding="utf-8")
    v1 = lexicon.version(tmp_path)
    assert len(v1) == 12 and v1 == lexicon.version(tmp_path)
    (tmp_path / "README.md").write_text("other docs\n", encoding="utf-8")
    assert lexicon.version(tmp_path) == v1  # documentation does not change the lexicon
    (tmp_path / "terms.txt").write_text("刀片电池 2000 nz\n", encoding="utf-8")
    assert lexicon.version(tmp_path) != v1
    assert lexicon.entries(tmp_path) == [("刀片电池", 2000, "nz")]  # another folder: no gazetteer
    assert len(lexicon.version()) == 12
