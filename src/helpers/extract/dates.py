"""Dates and periods in Chinese news text, resolved against the document date.

:func:`find_dates` finds the time expressions economic news uses and resolves each to an
ISO-like ``period`` string:

=====================================  ===========================  ==========================
text                                   period                       needs the document date
=====================================  ===========================  ==========================
2023年11月 / 2023年11月5日 / 2010-01-29  ``2023-11`` / ``2023-11-05``  no
二〇二三年                              ``2023``                     no
2025年上半年 / 一季度 / 前三季度        ``2025-H1`` / ``2025-Q1`` / ``2025-Q1-Q3``  no
2025-2027 (a plan period), 十四五       ``2025-2027`` / ``2021-2025``  no
今年 / 去年 / 明年 (+ 上半年, 8月 ...)   ``2025`` / ``2024`` / ``2025-08``  yes
8月 / 8月15日 (no year)                 ``2025-08`` / ``2025-08-15``  yes (the document's year)
本月 / 上月                             ``2025-08`` / ``2025-07``     yes (document month)
截至目前 / 目前 / 当前 / 如今           ``to-date``                  yes
近年 / 近年来 / 近几年                  ``recent``                   never resolved
每年 / 年均 / 年产值 (年 + a flow)      ``annual``                   no
=====================================  ===========================  ==========================

``resolved`` is False when the expression is relative and the document date is unknown (the
period then keeps an ``X`` placeholder, e.g. ``XXXX-H1``, or the relative word's code), and for
``recent``. Years are four-digit 1900-2099 (Arabic or Chinese digits); a number followed by 年
otherwise is a duration, not a date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from helpers.extract.numerals import fold_numerals, parse_number

__all__ = ["DateMention", "find_dates", "parse_doc_date"]


@dataclass(frozen=True)
class DateMention:
    """A time expression: ``[start, end)`` offsets into the text, and its resolved period."""

    start: int
    end: int
    text: str
    period: str
    resolved: bool


_CN_DIGIT = "零〇○一二三四五六七八九"
_YEAR = r"(?P<y>(?:19|20)\d{2}|[一二][" + _CN_DIGIT + r"]{3})年"
_MONTH_N = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY_N = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_PART = (r"(?P<part>上半年|下半年|前三季度|第?[一二三四1-4]季度|年初|年底|年末|年中|全年|"
         r"(?P<m>" + _MONTH_N + r")(?:(?:月份?)?(?:至|到|-|—)(?P<m2>" + _MONTH_N + r")月份?"
         r"|月份?(?:(?P<d>" + _DAY_N + r")[日号])?))")
_REL_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "后年": 2}
_PLANS = {"十一五": "2006-2010", "十二五": "2011-2015", "十三五": "2016-2020", "十四五": "2021-2025",
          "十五五": "2026-2030"}
_FLOWS = ("产值", "销售额", "销售收入", "营业收入", "营收", "收入", "税收", "产量", "产能", "交易额",
          "吞吐量", "出口额", "进口额", "进出口额", "利润", "增加值", "投资", "发电量", "用电量",
          "接待", "客流量", "货运量", "均")

_PATTERNS = [
    ("plan", re.compile(r"(?P<a>(?:19|20)\d{2})\s?(?:年)?\s?(?:-|—|–|~|至|到)\s?(?P<b>(?:19|20)\d{2})(?:年)?(?!\d)")),
    ("fiveyear", re.compile(r"(?:" + "|".join(_PLANS) + r")(?:”?(?:时期|期间|规划|期末))?")),
    ("ymd_iso", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)")),
    ("abs", re.compile(_YEAR + r"(?:" + _PART + r")?")),
    ("rel", re.compile(r"(?P<rel>" + "|".join(_REL_YEAR) + r")(?:" + _PART + r")?")),
    ("month_rel", re.compile(r"(?P<rel>本月|当月|上月|上个月|下月)")),
    ("todate", re.compile(r"截至目前|截止目前|截至当前|目前|当前|如今|现阶段|迄今|至今")),
    ("recent", re.compile(r"近年来|近几年|近些年|近年")),
    ("annual", re.compile(r"每年|年均|年平均|逐年")),
    ("part_bare", re.compile(r"(?<![年\w])(?P<part>上半年|下半年|前三季度|第?[一二三四1-4]季度)")),
    ("md", re.compile(r"(?<![\d年])(?P<m>" + _MONTH_N + r")月(?:份)?(?:(?P<d>" + _DAY_N + r")[日号])?")),
]
_BARE_YEAR_FLOW = re.compile(r"(?<![\d" + _CN_DIGIT + r"今去明前后近当全上下每半整该同历往多新青少老中周一逐])年(?=" + "|".join(_FLOWS) + ")")


def parse_doc_date(doc_date: str | None) -> tuple[int | None, int | None]:
    """'2025' / '2025-08' / '2025-08-15' -> (2025, 8); None or unparseable -> (None, None)."""
    if not doc_date:
        return None, None
    m = re.match(r"\s*((?:19|20)\d{2})(?:[-/.](\d{1,2}))?", str(doc_date))
    if not m:
        return None, None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def period_start(period) -> str | None:
    """The first day of a resolved period (2023-11, 2025-H1, 2025-Q3, 2025, 2025-2027), else None.

    >>> period_start("2025-H2"), period_start("2023-11"), period_start("annual")
    ('2025-07-01', '2023-11-01', None)
    """
    if not isinstance(period, str):
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", period)
    if m:
        return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"
    m = re.match(r"^(\d{4})-(H|Q)(\d)$", period)
    if m:
        month = (int(m[3]) - 1) * (6 if m[2] == "H" else 3) + 1
        return f"{m[1]}-{month:02d}-01"
    m = re.match(r"^(\d{4})[-/~至](\d{4})$", period)
    return f"{m[1]}-01-01" if m else None


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGIT for ch in s) and len(s) == 4:
        return int("".join(str("零一二三四五六七八九".find(ch)) if ch in "零一二三四五六七八九" else "0" for ch in s))
    return int(parse_number(s))


def _part_period(year: str, m: re.Match) -> str:
    """The period for year ``year`` (a string, possibly 'XXXX') and the part groups of ``m``."""
    part = m.group("part")
    if not part:
        return year
    if part in ("上半年",):
        return f"{year}-H1"
    if part == "下半年":
        return f"{year}-H2"
    if part == "前三季度":
        return f"{year}-Q1-Q3"
    if "季度" in part:
        q = part.replace("第", "").replace("季度", "")
        return f"{year}-Q{_num(q) if not q.isdigit() else int(q)}"
    if part in ("年初", "年中", "年底", "年末", "全年"):
        return year if part == "全年" else f"{year}-{ {'年初': 'start', '年中': 'mid', '年底': 'end', '年末': 'end'}[part] }"
    mo = _num(m.group("m"))
    if m.group("m2"):
        return f"{year}-{mo:02d}/{year}-{_num(m.group('m2')):02d}"
    if m.group("d"):
        return f"{year}-{mo:02d}-{_num(m.group('d')):02d}"
    return f"{year}-{mo:02d}"


def find_dates(text: str, doc_date: str | None = None) -> list[DateMention]:
    """Time expressions in ``text``, sorted and non-overlapping, resolved against ``doc_date``.

    >>> [(d.text, d.period, d.resolved) for d in find_dates("今年上半年累计引进项目18个", "2025")]
    [('今年上半年', '2025-H1', True)]
    >>> [(d.text, d.period) for d in find_dates("自2023年11月以来,截至目前")]
    [('2023年11月', '2023-11'), ('截至目前', 'to-date')]
    """
    if not text:
        return []
    try:
        return list(_find_cached(text, doc_date))
    except TypeError:  # an unhashable doc_date
        return _find(text, doc_date)


@functools.lru_cache(maxsize=256)
def _find_cached(text: str, doc_date) -> tuple[DateMention, ...]:
    # the figures stage asks for each sentence's dates twice (figures, then the dates table)
    return tuple(_find(text, doc_date))


def _find(text: str, doc_date) -> list[DateMention]:
    t = fold_numerals(text)
    year, month = parse_doc_date(doc_date)
    taken = [False] * len(t)
    out: list[DateMention] = []

    def add(s: int, e: int, period: str, resolved: bool) -> None:
        if any(taken[s:e]):
            return
        for i in range(s, e):
            taken[i] = True
        out.append(DateMention(s, e, text[s:e], period, resolved))

    for kind, rx in _PATTERNS:
        for m in rx.finditer(t):
            s, e = m.span()
            if kind == "plan":
                a, b = int(m.group("a")), int(m.group("b"))
                if b > a and b - a <= 30:
                    add(s, e, f"{a}-{b}", True)
            elif kind == "fiveyear":
                key = next(k for k in _PLANS if k in m.group())
                add(s, e, _PLANS[key], True)
            elif kind == "ymd_iso":
                add(s, e, f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}", True)
            elif kind == "abs":
                if s > 0 and (t[s - 1].isdigit()):
                    continue
                try:
                    y = _num(m.group("y"))
                except ValueError:
                    continue
                add(s, e, _part_period(str(y), m), True)
            elif kind == "rel":
                off = _REL_YEAR[m.group("rel")]
                yr = str(year + off) if year else "XXXX"
                period = _part_period(yr, m)
                if not year:
                    period = period if m.group("part") else m.group("rel")
                add(s, e, period, year is not None)
            elif kind == "month_rel":
                if year and month:
                    off = {"本月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1}[m.group("rel")]
                    y2, m2 = divmod((year * 12 + month - 1) + off, 12)
                    add(s, e, f"{y2}-{m2 + 1:02d}", True)
                else:
                    add(s, e, m.group("rel"), False)
            elif kind == "todate":
                add(s, e, "to-date", year is not None)
            elif kind == "recent":
                add(s, e, "recent", False)
            elif kind == "annual":
                add(s, e, "annual", True)
            elif kind == "part_bare":
                yr = str(year) if year else "XXXX"
                add(s, e, _part_period(yr, m), year is not None)
            elif kind == "md":
                # a month without a year: the document's year when known
                if m.group("m") in ("一",) and not m.group("d"):
                    continue  # 一月 alone is too often part of words
                yr = str(year) if year else "XXXX"
                add(s, e, _part_period(yr, _MdShim(m)), year is not None)
    for m in _BARE_YEAR_FLOW.finditer(t):
        add(m.start(), m.end(), "annual", True)
    out.sort(key=lambda d: d.start)
    return out


class _MdShim:
    """Adapt a month/day match to the groups ``_part_period`` reads."""

    def __init__(self, m: re.Match):
        self._m = m

    def group(self, name: str):
        if name == "part":
            return self._m.group()
        if name == "m2":
            return None
        return self._m.group(name)
