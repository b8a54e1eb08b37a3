"""Sentences and tokens on real sentences of the genre, with exact expected outputs."""

from __future__ import annotations

import pytest

from helpers import schemas
from helpers.segmentation import split_sentences


def make_document(*paragraphs: str | tuple[str, str], doc_id: str = "t", sep: str = "\n\n") -> dict:
    """A document dict as the cleaning stage builds it: paragraphs as (kind, text) or body text."""
    text, paras = "", []
    for k, p in enumerate(paragraphs):
        kind, ptext = p if isinstance(p, tuple) else ("body", p)
        if text:
            text += sep
        start = len(text)
        text += ptext
        paras.append(
            {"para_id": k, "kind": kind, "section": "s1" if k else "", "text": ptext,
             "start": start, "end": len(text)}
        )
    return {"doc_id": doc_id, "text": text, "paragraphs": paras}


# ---------------------------------------------------------------- sentences

SENTENCE_CASES = [
    pytest.param(
        "从国家层面看，推动产业有序转移是重大决策。我市通过集中对接东部优质产业资源，贡献力量。",
        ["从国家层面看，推动产业有序转移是重大决策。", "我市通过集中对接东部优质产业资源，贡献力量。"],
        id="full-stop",
    ),
    pytest.param(
        "璧山通过承接比亚迪动力电池项目，同步带动本地配套企业20多家；永川瞄准引入机器人与智能终端产业。",
        ["璧山通过承接比亚迪动力电池项目，同步带动本地配套企业20多家；", "永川瞄准引入机器人与智能终端产业。"],
        id="semicolon-ends-clause",
    ),
    pytest.param(
        "他说：“明年还要再建一个工厂。”随后离开了会场。",
        ["他说：“明年还要再建一个工厂。”随后离开了会场。"],
        id="short-quote-not-split",
    ),
    pytest.param(
        "这是真的吗？！当然是。",
        ["这是真的吗？！", "当然是。"],
        id="terminator-run",
    ),
    pytest.param(
        "企业负责人表示：“我们来重庆，看中的是产业链。”",
        ["企业负责人表示：“我们来重庆，看中的是产业链。”"],
        id="closing-quote-stays",
    ),
    pytest.param(
        "（本报记者 夏元）重庆加快承接产业转移。（完）",
        ["（本报记者 夏元）重庆加快承接产业转移。", "（完）"],
        id="brackets",
    ),
    pytest.param(
        "汽车、电子……等产业加快集聚。市场在变化……企业也在变化。",
        ["汽车、电子……等产业加快集聚。", "市场在变化……", "企业也在变化。"],
        id="ellipsis-in-list-vs-clause-end",
    ),
    pytest.param(
        "负责人说：“过去一年，我们引进了102个项目，落地投资1475亿元。今年还将继续扩大合作成果，"
        "引入更多高质量项目。我们有信心完成全年目标！”记者了解到，活动将于下月举办。",
        [
            "负责人说：“过去一年，我们引进了102个项目，落地投资1475亿元。",
            "今年还将继续扩大合作成果，引入更多高质量项目。",
            "我们有信心完成全年目标！”",
            "记者了解到，活动将于下月举办。",
        ],
        id="long-quoted-speech-split",
    ),
    pytest.param(
        '在两江新区,三一重工"灯塔工厂"生产线上,多台机器人不停挥舞机器臂。比如"重庆造。"汽车',
        ['在两江新区,三一重工"灯塔工厂"生产线上,多台机器人不停挥舞机器臂。', '比如"重庆造。"汽车'],
        id="ascii-quotes-ocr",
    ),
    pytest.param(
        "“项目投产一产值贡献一就业带动”循环已经形成。",
        ["“项目投产一产值贡献一就业带动”循环已经形成。"],
        id="no-terminator-inside",
    ),
    pytest.param(
        "第一行没有句号\n第二行也没有",
        ["第一行没有句号", "第二行也没有"],
        id="line-end",
    ),
    pytest.param(
        "成为产业承接集群化发展“主力军”——",
        ["成为产业承接集群化发展“主力军”——"],
        id="dash-at-end",
    ),
    pytest.param(
        "“重庆造”产品远销东南亚。”剩下的引号丢了。",
        ["“重庆造”产品远销东南亚。”", "剩下的引号丢了。"],
        id="stray-closer-stays",
    ),
    pytest.param(
        "他问：“还有多久？",
        ["他问：“还有多久？"],
        id="unclosed-opener",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences_table(text, expected):
    doc = make_document(text)
    got = split_sentences(doc)
    assert got["text"].tolist() == expected


def test_sentences_contract_offsets_and_kinds():
    doc = make_document(
        ("title", "加速东西部产业协同合作 重庆书写产业承接转移新篇章"),
        ("byline", "□夏元"),
        ("heading", "“创新链、产业链、资金链、人才链”四链协同承接"),
        ("body", "  在产业转移承接中，重庆并非简单地实行“拿来主义”。而是通过方式创新。  "),
    )
    got = split_sentences(doc)
    assert list(got.columns) == schemas.TABLES["sentences"].names
    assert got["sent_id"].tolist() == [0, 1, 2, 3]
    assert got["para_id"].tolist() == [0, 2, 3, 3]
    assert got["section"].tolist() == ["", "s1", "s1", "s1"]
    assert "□夏元" not in got["text"].tolist()
    for row in got.itertuples():
        assert doc["text"][row.start : row.end] == row.text
        assert row.text == row.text.strip()
    assert got["text"].iloc[2] == "在产业转移承接中，重庆并非简单地实行“拿来主义”。"


def test_empty_document():
    got = split_sentences({"doc_id": "e", "text": "", "paragraphs": []})
    assert list(got.columns) == schemas.TABLES["sentences"].names
    assert len(got) == 0
