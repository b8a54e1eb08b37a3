"""find_dates: periods resolved against the document date, unresolved when it is unknown."""

from __future__ import annotations

import pytest

from helpers.extract.dates import find_dates, parse_doc_date


@pytest.mark.parametrize("text, doc_date, expected", [
    ("自我市于2023年11月首次承办该活动以来", "2025", [("2023年11月", "2023-11", True)]),
    ("今年上半年累计引进东部智能制造项目18个", "2025", [("今年上半年", "2025-H1", True)]),
    ("今年8月,工信部电子五所", "2025", [("今年8月", "2025-08", True)]),
    ("今年,我市再次举办这项活动", "2025", [("今年", "2025", True)]),
    ("《优化承接产业转移环境行动计划(2025-2027)》", "2025", [("2025-2027", "2025-2027", True)]),
    ("截至目前,渝西地区集聚", "2025", [("截至目前", "to-date", True)]),
    ("该项目投产后预计每年可贡献50亿元产值", "2025", [("每年", "annual", True)]),
    ("实现年销售额1.2亿元", "2025", [("年", "annual", True)]),
    ("去年全年完成投资", "2025-03", [("去年全年", "2024", True)]),
    ("今年1至8月,万州完成", "2025", [("今年1至8月", "2025-01/2025-08", True)]),
    ("二〇二三年三月", None, [("二〇二三年三月", "2023-03", True)]),
    ("“十四五”期间", None, [("十四五”期间", "2021-2025", True)]),
    ("一季度实现增长", "2025-05-02", [("一季度", "2025-Q1", True)]),
    ("本月签约", "2025-08", [("本月", "2025-08", True)]),
    ("近年来,我市锚定", "2025", [("近年来", "recent", False)]),
    # unknown document date: relative expressions stay unresolved
    ("今年上半年", None, [("今年上半年", "XXXX-H1", False)]),
    ("今年8月", None, [("今年8月", "XXXX-08", False)]),
    ("截至目前", None, [("截至目前", "to-date", False)]),
    ("8月15日", None, [("8月15日", "XXXX-08-15", False)]),
])
def test_find_dates(text, doc_date, expected):
    got = [(d.text, d.period, d.resolved) for d in find_dates(text, doc_date)]
    assert got == expected


@pytest.mark.parametrize("text", ["带动就业超过1.2万人", "建设3年", "三一重工", "1475亿元"])
def test_no_dates(text):
    assert find_dates(text, "2025") == []


def test_offsets():
    text = "从2023年11月我市首次承办,今年上半年"
    for d in find_dates(text, "2025"):
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("doc_date, expected", [
    ("2025", (2025, None)), ("2025-08", (2025, 8)), ("2025-08-15", (2025, 8)), (" 2024-12 ", (2024, 12)),
    (None, (None, None)), ("", (None, None)),
    # helpers.params.parse_date reads the date: what it refuses gives no year or month
    ("2025-13", (None, None)), ("2025/08", (None, None)), ("8月", (None, None)),
])
def test_parse_doc_date(doc_date, expected):
    assert parse_doc_date(doc_date) == expected
