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
from helpers.params import parse_date

__all__ = ["DateMention", "find_dates", "parse_doc_date", "period_span"]


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
    ("ymd_iso", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.]"
                           r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)")),
    ("first_months", re.compile(r"(?:" + _YEAR + r"|(?P<rel>" + "|".join(_REL_YEAR) + r"))?"
                                r"前(?P<n>1[0-2]|[1-9]|十[一二]?|[一二两三四五六七八九])个?月(?:份)?")),
    ("day_range", re.compile(r"(?:" + _YEAR + r"|(?P<rel>今年|去年|明年))?(?P<m>" + _MONTH_N + r")月(?P<d>" + _DAY_N
                             + r")[日号]?(?:至|到|-|—|－|~)(?:(?P<m2>" + _MONTH_N + r")月)?(?P<d2>" + _DAY_N
                             + r")[日号]")),
    ("holiday", re.compile(r"(?:(?P<rel>今年|去年|明年))?[“\"]?"
                           r"(?:五一|十一|国庆|春节|清明|端午|中秋|元旦|国庆中秋)[”\"]?(?:假期|长假|小长假|黄金周)")),
    ("abs", re.compile(_YEAR + r"(?:" + _PART + r")?")),
    ("rel", re.compile(r"(?P<rel>" + "|".join(_REL_YEAR) + r")(?:" + _PART + r")?")),
    ("month_rel", re.compile(r"(?P<rel>本月|当月|上月|上个月|下月)")),
    ("todate", re.compile(r"截至目前|截止目前|截至当前|目前|当前|如今|现阶段|迄今|至今")),
    ("recent", re.compile(r"近年来|近几年|近些年|近年")),
    ("annual", re.compile(r"每年|年均|年平均|逐年")),
    ("part_bare", re.compile(r"(?<![年\w])(?P<part>上半年|下半年|前三季度|第?[一二三四1-4]季度)")),
    ("md_range", re.compile(r"(?<![\d年])(?P<m>" + _MONTH_N + r")月?份?(?:至|到|-|—|－|~)(?P<m2>" + _MONTH_N
                            + r")月份?")),
    ("md", re.compile(r"(?<![\d年])(?P<m>" + _MONTH_N + r")月(?:份)?(?:(?P<d>" + _DAY_N + r")[日号])?")),
]
#: 年 before a flow (年产值, 年均): a yearly figure, unless the character before makes 年 part of a date or word.
_BARE_YEAR_FLOW = re.compile(
    r"(?<![\d" + _CN_DIGIT + r"今去明前后近当全上下每半整该同历往多新青少老中周一逐])年(?=" + "|".join(_FLOWS) + ")"
)


def parse_doc_date(doc_date: str | None) -> tuple[int | None, int | None]:
    """The year and month of a document date written YYYY, YYYY-MM or YYYY-MM-DD (read by
    :func:`helpers.params.parse_date`, the one such parser); the month is None for a bare year.
    None, '' or anything else (the metadata and the dateline give nothing else) -> (None, None).

    >>> parse_doc_date("2025-08-15"), parse_doc_date("2025"), parse_doc_date(None)
    ((2025, 8), (2025, None), (None, None))
    """
    if not doc_date:
        return None, None
    value = str(doc_date).strip()
    try:
        day = parse_date(value)
    except ValueError:
        return None, None
    return day.year, (day.month if len(value) > 4 else None)


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


_PART_MONTHS = {"H1": (1, 7), "H2": (7, 13), "Q1": (1, 4), "Q2": (4, 7), "Q3": (7, 10), "Q4": (10, 13),
                "Q1-Q3": (1, 10), "start": (1, 3), "mid": (6, 8), "end": (11, 13)}


def period_span(period, doc_date=None) -> tuple[str, str] | None:
    """The days a resolved period covers, as ``(first, after_last)`` ISO dates; ``None`` when it has no
    span on the calendar (unresolved, ``annual``, ``recent``). ``start/to-date`` ends with the period of
    ``doc_date`` (the document's date: when "to date" is); without it, it has no span.

    >>> period_span("2025-H1"), period_span("2025-2027"), period_span("2023-11/to-date", "2025")
    (('2025-01-01', '2025-07-01'), ('2025-01-01', '2028-01-01'), ('2023-11-01', '2026-01-01'))
    >>> period_span("2025-03-14"), period_span("2025-12"), period_span("annual"), period_span("to-date", "2025")
    (('2025-03-14', '2025-03-15'), ('2025-12-01', '2026-01-01'), None, None)
    """
    if not isinstance(period, str) or not period:
        return None
    if "/" in period:
        a, b = period.split("/", 1)
        first = period_span(a)
        last = period_span(doc_date) if b == "to-date" else period_span(b)
        return (first[0], last[1]) if first and last and first[0] < last[1] else None
    return _own_span(period)


def _own_span(period: str) -> tuple[str, str] | None:
    import datetime as dt

    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", period)
    if m and m[3]:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day.isoformat(), (day + dt.timedelta(days=1)).isoformat()
    if m and m[2]:
        y, mo = int(m[1]), int(m[2])
        return f"{y}-{mo:02d}-01", (f"{y + 1}-01-01" if mo == 12 else f"{y}-{mo + 1:02d}-01")
    if m:
        return f"{m[1]}-01-01", f"{int(m[1]) + 1}-01-01"
    m = re.match(r"^(\d{4})-(H1|H2|Q1-Q3|Q[1-4]|start|mid|end)$", period)
    if m:
        a, b = _PART_MONTHS[m[2]]
        y = int(m[1])
        return f"{y}-{a:02d}-01", (f"{y + 1}-01-01" if b == 13 else f"{y}-{b:02d}-01")
    m = re.match(r"^(\d{4})[-/~至](\d{4})$", period)
    if m and m[1] <= m[2]:
        return f"{m[1]}-01-01", f"{int(m[2]) + 1}-01-01"
    return None


def _num(s: str) -> int:
    """A month, day, quarter or year number: Arabic, or Chinese numerals (二〇二三 digit by digit)."""
    return int(s) if s.isdigit() else int(parse_number(s))


#: Parts of a year written as one word, and their period suffix (全年 is the year itself).
_PART_WORDS = {"上半年": "H1", "下半年": "H2", "前三季度": "Q1-Q3", "年初": "start", "年中": "mid", "年底": "end",
               "年末": "end"}


def _part_period(year: str, m: re.Match) -> str:
    """The period for year ``year`` (a string, possibly 'XXXX') and the part groups of ``m``."""
    part = m.group("part")
    if not part or part == "全年":
        return year
    if part in _PART_WORDS:
        return f"{year}-{_PART_WORDS[part]}"
    if "季度" in part:
        return f"{year}-Q{_num(part.replace('第', '').replace('季度', ''))}"
    return _month_period(year, m.group("m"), m.group("m2"), m.group("d"))


def _month_period(year: str, month: str, month2: str | None, day: str | None) -> str:
    """``year-MM``, a month range ``year-MM/year-MM`` or a day ``year-MM-DD``."""
    mo = _num(month)
    if month2:
        return f"{year}-{mo:02d}/{year}-{_num(month2):02d}"
    if day:
        return f"{year}-{mo:02d}-{_num(day):02d}"
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
        read = _READERS[kind]
        for m in rx.finditer(t):
            got = read(m, t, year, month)
            if got is not None:
                add(m.start(), m.end(), *got)
    for m in _BARE_YEAR_FLOW.finditer(t):
        add(m.start(), m.end(), "annual", True)
    out.sort(key=lambda d: d.start)
    return out


# Readers, one per pattern of _PATTERNS: a match (in the folded text ``t``) and the document's year
# and month -> (period, resolved), or None when the match is not a date after all.
_Read = tuple[str, bool] | None


def _plan(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    a, b = int(m.group("a")), int(m.group("b"))
    return (f"{a}-{b}", True) if b > a and b - a <= 30 else None


def _fiveyear(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    return _PLANS[next(k for k in _PLANS if k in m.group())], True


def _ymd_iso(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}", True


def _absolute(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    s = m.start()
    if s > 0 and t[s - 1].isdigit():
        return None
    try:
        y = _num(m.group("y"))
    except ValueError:
        return None
    return _part_period(str(y), m), True


def _relative_year(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    rel = m.group("rel")
    if not year:
        # unknown document date: a part keeps the XXXX placeholder, a bare 今年 its own word
        return (_part_period("XXXX", m) if m.group("part") else rel), False
    return _part_period(str(year + _REL_YEAR[rel]), m), True


_REL_MONTH = {"本月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1}


def _relative_month(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    if m.group("rel") == "当月" and t[max(0, m.start() - 2):m.start()].endswith(("月", "月份")):
        return None  # 5月当月: the month already named
    if not (year and month):
        return m.group("rel"), False
    y2, m2 = divmod((year * 12 + month - 1) + _REL_MONTH[m.group("rel")], 12)
    return f"{y2}-{m2 + 1:02d}", True


def _year_of(m: re.Match, year: int | None) -> str | None:
    """The year a match names (its own 2025年, or 今年/去年 against the document's year)."""
    if m.groupdict().get("y"):
        try:
            return str(_num(m.group("y")))
        except ValueError:
            return None
    rel = m.groupdict().get("rel")
    if year:
        return str(year + _REL_YEAR.get(rel or "今年", 0))
    return None


def _first_months(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    """前5个月 (of this year, or of the year named): ``2025-01/2025-05``."""
    n = _num(m.group("n").replace("两", "二"))
    if not 1 <= n <= 12:
        return None
    y = _year_of(m, year)
    return f"{y or 'XXXX'}-01/{y or 'XXXX'}-{n:02d}", y is not None


def _day_range(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    """5月1日—5月5日, 5月1日至5日: ``2025-05-01/2025-05-05``."""
    y = _year_of(m, year) or "XXXX"
    m1 = _num(m.group("m"))
    m2 = _num(m.group("m2")) if m.group("m2") else m1
    return f"{y}-{m1:02d}-{_num(m.group('d')):02d}/{y}-{m2:02d}-{_num(m.group('d2')):02d}", y != "XXXX"


def _holiday(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    """A public holiday (“五一”假期, 春节假期) without its dates: its year."""
    y = _year_of(m, year)
    return (y, True) if y else None


def _month_range(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    """1—4月 without a year: a month span of the document's year."""
    if _num(m.group("m2")) <= _num(m.group("m")):
        return None
    return _month_period(str(year) if year else "XXXX", m.group("m"), m.group("m2"), None), year is not None


def _part_bare(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    return _part_period(str(year) if year else "XXXX", m), year is not None


def _month_day(m: re.Match, t: str, year: int | None, month: int | None) -> _Read:
    """A month without a year: the document's year when known."""
    if m.group("m") == "一" and not m.group("d"):
        return None  # 一月 alone is too often part of words
    return _month_period(str(year) if year else "XXXX", m.group("m"), None, m.group("d")), year is not None


_READERS = {
    "plan": _plan,
    "fiveyear": _fiveyear,
    "ymd_iso": _ymd_iso,
    "first_months": _first_months,
    "day_range": _day_range,
    "holiday": _holiday,
    "md_range": _month_range,
    "abs": _absolute,
    "rel": _relative_year,
    "month_rel": _relative_month,
    "todate": lambda m, t, year, month: ("to-date", year is not None),
    "recent": lambda m, t, year, month: ("recent", False),
    "annual": lambda m, t, year, month: ("annual", True),
    "part_bare": _part_bare,
    "md": _month_day,
}
