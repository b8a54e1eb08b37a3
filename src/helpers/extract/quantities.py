"""Quantities in Chinese news text: every number with its unit or measure word, ranges and qualifiers.

:func:`find_quantities` finds every quantity in free text: a number followed by its unit or
measure word (money, counts, percent, area, mass, length, energy), with ranges and qualifiers.
The numbers are read by :func:`helpers.extract.numerals.parse_number` (re-exported here) and the
unit and currency words come from :mod:`helpers.extract.units`.

Span convention (documented choice)
-----------------------------------
``Quantity.start``/``end`` cover the number, a range, the infix approximators 多/余/来/几 that sit
inside it (``20多家``, ``三万余人``) and the unit (``1475亿元``, ``18.6%``, ``百分之七点三``).
Adjacent qualifier *words* before or after (超/超过/逾/突破/近/约/不到/以上/左右 ...) are outside
that span; ``qualifier_start``/``qualifier_end`` widen it to include them, and ``full_text`` is
``text[qualifier_start:qualifier_end]`` (``超过1.2万人``). Context words that mark a forecast
(预计, 力争, 可达, 有望, 将达 ...) only set the qualifier; they are never in a span.

Values (DESIGN.md, Figure semantics)
------------------------------------
Money is in yuan (or the currency's own unit for other currencies), percentages in percentage
points, counts/areas/masses/lengths keep the measure word as ``unit`` with 万/亿 applied
(``1.2万人`` -> 12000, unit 人). A range (``3至5亿元``, ``20-30家``) has ``value_low`` and
``value_high``; ``value`` is their **midpoint** and the qualifier ``approx``.

What is not a quantity
----------------------
A number without a unit (programme names such as 33618, 1+2+N, page markers 6》), years and
dates (年/月/日 are not units here; see :mod:`helpers.extract.dates`), session ordinals (二十届三中全会,
十四届全国人大, 第136届广交会), durations (连续15个月, 6个季度以来: left out), magnitude classes without a
number (万亿级), numerals inside names and idioms (万州, 三峡, 三一重工, 一带一路, 一方面). A bare
single Chinese digit (一..九, 两) counts only with a specific measure word (两家, 三座, 五人) and
never with the generic 个/种/批/项 (两个方面, 一个关键); 一 alone is never a quantity (一家企业 is
an article, not a count). In ``3个万亿级产业集群`` the count ``3个`` is a quantity (three
clusters) and ``万亿级`` is not.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace

from helpers.chars import CLOSERS
from helpers.extract.numerals import BIG_UNITS, DIGITS, FINANCIAL_CHARS, NUMERAL_CHARS, fold_numerals, parse_number
from helpers.extract.units import GENERIC_MEASURES, prefix_currency, unit_at

__all__ = ["Quantity", "find_quantities", "parse_number", "quantities_by_sentence"]

#: A number run in free text (after fold_numerals): Arabic with magnitudes, or Chinese numerals.
_NUM_RUN = re.compile(
    r"(?:\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?|\.\d+)(?: ?[十百千万亿兆拾佰仟]+(?:零?\d+(?:\.\d+)?)?)*"
    r"(?:[多余几来]?[十百千万亿兆]+)?"
    r"|[" + NUMERAL_CHARS + r"](?:[" + NUMERAL_CHARS + r"余多几来点]|\d)*"
)

# Qualifier words (DESIGN.md), a word before its own tails (超过 before 超, 将近 before 近).
_PREFIX_QUALIFIERS = [
    ("超过", "more_than"), ("超出", "more_than"), ("高于", "more_than"), ("多于", "more_than"),
    ("大于", "more_than"), ("不少于", "more_than"), ("不低于", "more_than"), ("至少", "more_than"),
    ("超过了", "more_than"), ("突破了", "more_than"), ("超出了", "more_than"),
    ("突破", "more_than"), ("逾", "more_than"), ("超", "more_than"), ("接近了", "less_than"),
    ("将近", "less_than"), ("接近", "less_than"), ("不到", "less_than"), ("不足", "less_than"),
    ("少于", "less_than"), ("低于", "less_than"), ("小于", "less_than"), ("不超过", "less_than"),
    ("近", "less_than"),
    ("大约", "approx"), ("约合", "approx"), ("约为", "approx"), ("约", "approx"), ("大概", "approx"),
]
_SUFFIX_QUALIFIERS = [("以上", "more_than"), ("（含）以上", "more_than"), ("(含)以上", "more_than"),
                      ("以下", "less_than"), ("以内", "less_than"), ("左右", "approx"),
                      ("上下", "approx"), ("开外", "more_than")]
_SUFFIX_LONGEST_FIRST = sorted(_SUFFIX_QUALIFIERS, key=lambda w: -len(w[0]))
#: prefix qualifier word -> its kind.
_PREFIX_KIND = dict(_PREFIX_QUALIFIERS)
_INFIX_QUALIFIER = {"多": "more_than", "余": "more_than", "几": "more_than", "来": "approx"}

#: Forecast markers before a number in the same sentence.
FORECAST_WORDS = ("预计", "预期", "力争", "争取", "有望", "可望", "可达", "将达", "拟", "预测",
                  "估计将", "预估")
#: 计划/目标 are nouns as often as verbs (行动计划, 建设目标): forecast only before a verb or 为/是.
_PLAN_RE = re.compile(r"计划(?=投资|新增|引进|建设|完成|实现|到|在|于|用)|目标(?=是|为|到|达|值)")
#: 将 marks a forecast only when it governs a quantity verb (将达 ..., 将带动 ...), not in 将围绕.
_JIANG_VERBS = ("达", "实现", "新增", "突破", "超过", "超", "带动", "形成", "增加", "增长", "提高",
                "提升", "完成", "贡献", "带来", "创造", "吸纳", "引进", "建成", "投资", "投入",
                "达到", "拉动", "新建", "落地", "产生", "增至", "扩大到", "提供")
_JIANG_NEAR = re.compile(r"[^，,]{0,6}(?:" + "|".join(_JIANG_VERBS) + ")")
#: Words that mark an achieved figure; they end the reach of an earlier forecast word.
_ACHIEVED = ("已", "已经", "截至", "累计", "去年", "上年", "此前")
_CLAUSE_END = "。！？!?；;\n"

#: characters before a bare magnitude (上千名, 近万家) that make it a figure: 上 reads "upwards of".
_BARE_MAGNITUDE_LEADS = "上近超逾"
#: words joining the items of a coordinated list of figures (约两成和三成, 超过50家、80家).
_LIST_JOINERS = ("和", "及", "与", "、", "或")

_RANGE_SEP = re.compile(r" ?(?:至|到|~|-{1,2}|—{1,2}|–|－) ?")

#: Session ordinals (二十届三中全会, 十四届全国人大, 第136届) and durations (连续15个月, 6个季度以来,
#: 5个工作日): numbers that count no thing; durations are left out (a documented choice).
_ORDINALS_AND_DURATIONS = re.compile(
    r"第?[\d一二三四五六七八九十百]+届(?=[一二三四五六七八九十]中全会|全国|中央|[市省区县]?(?:人大|政协|党代会)|"
    r"[一二三四五六七八九十]次(?:会议|全体)|代表大会|委员会)|第\d+届"
    r"|[\d一二三四五六七八九十两]+(?:多|余)?个(?:多)?(?:月|季度|小时|工作日|星期|礼拜|年头|半月)"
)


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text. Offsets are ``[start, end)`` into the text searched.

    ``start``/``end`` cover number and unit (``1475亿元``); ``qualifier_start``/``qualifier_end``
    widen them to adjacent qualifier words (``超过1.2万人``). ``value`` is in base units (yuan for
    CNY); for a range it is the midpoint of ``value_low``/``value_high``.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str
    qualifier: str = "exact"
    value_low: float | None = None
    value_high: float | None = None
    qualifier_start: int = -1
    qualifier_end: int = -1
    number_text: str = field(default="", compare=False)

    def __post_init__(self):
        if self.qualifier_start < 0:
            object.__setattr__(self, "qualifier_start", self.start)
        if self.qualifier_end < 0:
            object.__setattr__(self, "qualifier_end", self.end)

    @property
    def is_range(self) -> bool:
        return self.value_low is not None and self.value_high is not None

    def full_text(self, text: str) -> str:
        """The span with its qualifier words, from the text the quantity was found in."""
        return text[self.qualifier_start:self.qualifier_end]


# Idioms and names whose numerals are never quantities even with a measure-like character.
_IDIOMS = re.compile(
    r"一带一路|一揽子|一方面|另一方面|一体化|一站式|一把手|一线|一流|一批|一些|一样|一起|一直|一定|一般|"
    r"一系列|一致|一同|一度|一举|一道|一并|一方|一起|一域一特色|两个方面|一个关键|四链|双循环|"
    r"千家万户|千方百计|万众一心|百花齐放|百家争鸣|千军万马|一万个|三甲|十四五|十三五|十五五|"
    r"五年规划|一二三产|三产|二产|一产|三农|一季度|二季度|三季度|四季度|[一二三四]号|第[一二三四五六七八九十]"
)



def _split_num(span: str) -> tuple[str, str]:
    """Separate trailing infix approximators: ('三万', '余') from '三万余'; ('20', '多')."""
    m = re.search(r"[多余几来]+$", span)
    if m:
        return span[: m.start()], m.group()
    return span, ""


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``: number + unit, with qualifier and ranges; sorted, non-overlapping.

    >>> [(q.text, q.value, q.unit, q.kind, q.qualifier) for q in find_quantities("落地投资1475亿元,企业超1200家")]
    [('1475亿元', 147500000000.0, 'CNY', 'money', 'exact'), ('1200家', 1200.0, '家', 'count', 'more_than')]
    >>> [(q.full_text("带动就业超过1.2万人"), q.value) for q in find_quantities("带动就业超过1.2万人")]
    [('超过1.2万人', 12000.0)]
    """
    if not text:
        return []
    return list(_find_cached(text))


@functools.lru_cache(maxsize=2)
def _find_cached(text: str) -> tuple[Quantity, ...]:
    # One document's quantities are asked for twice in a worker (tokens, then figures): the
    # second ask is a cache hit. Quantity is frozen, so sharing the objects is safe.
    return tuple(_find(text))


#: Characters that no pattern, unit, qualifier or context rule of :func:`find_quantities` reads
#: across (the clause scan of a forecast word stops at them too): a quantity on one side never
#: depends on the text on the other. ASCII ``?`` is not one (a percent right after it is skipped
#: as URL text), nor whitespace (``[点 ]*`` may open a percent at a space), nor the ellipsis.
_WALL_BEFORE = frozenset("。！？!；;\n")
_WALL_AFTER = frozenset("。！？!?；;")


def _walled(text: str, lo: int, hi: int) -> bool:
    """Whether ``find_quantities(text[lo:hi])`` is exactly ``find_quantities(text)`` restricted
    to ``[lo, hi)`` and shifted: walls (optionally followed by closers) on both sides."""
    j = lo
    while j > 0 and text[j - 1] in CLOSERS:
        j -= 1
    if j > 0 and text[j - 1] not in _WALL_BEFORE:
        return False
    if hi >= len(text):
        return True
    k = hi
    while k > lo and text[k - 1] in CLOSERS:
        k -= 1
    return k > lo and text[k - 1] in _WALL_AFTER


def quantities_by_sentence(text: str, spans) -> list[list[Quantity]]:
    """``find_quantities(text[lo:hi])`` for each ``(lo, hi)`` of ``spans``, offsets shifted to
    index ``text`` - the same quantities as one call per sentence, found once for the text.

    A sentence with a wall on both sides (a terminator, a line end or the text's end, closing
    quotes allowed after it, see :func:`_walled`) takes its quantities from the whole-text
    call (cached, so the call the tokenizer made is reused); any other sentence is searched on
    its own.

    >>> t = "投资5亿元。新增就业300人"
    >>> [[q.text for q in qs] for qs in quantities_by_sentence(t, [(0, 6), (6, 14)])]
    [['5亿元'], ['300人']]
    """
    whole: tuple[Quantity, ...] | None = None
    out: list[list[Quantity]] = []
    for lo, hi in spans:
        lo, hi = int(lo), int(hi)
        if hi <= lo:
            out.append([])
            continue
        if _walled(text, lo, hi):
            if whole is None:
                whole = _find_cached(text)
            mine = [q for q in whole if q.qualifier_start < hi and q.qualifier_end > lo]
            if all(lo <= q.qualifier_start and q.qualifier_end <= hi for q in mine):
                out.append(mine)
                continue
        out.append([_shift(q, lo) for q in _find(text[lo:hi])])
    return out


def _shift(q: Quantity, lo: int) -> Quantity:
    if not lo:
        return q
    return replace(q, start=q.start + lo, end=q.end + lo, qualifier_start=q.qualifier_start + lo,
                   qualifier_end=q.qualifier_end + lo)


def _find(text: str) -> list[Quantity]:
    """:func:`find_quantities` without the cache."""
    t = fold_numerals(text)
    found: list[Quantity] = []
    blocked = [False] * len(t)
    for rx in (_IDIOMS, _ORDINALS_AND_DURATIONS):
        for m in rx.finditer(t):
            for i in range(m.start(), m.end()):
                blocked[i] = True
    found.extend(_percents(t, text, blocked))
    taken = [False] * len(t)
    for q in found:
        for i in range(q.start, q.end):
            taken[i] = True
    pos = 0
    while pos < len(t):
        m = _NUM_RUN.search(t, pos)
        if not m:
            break
        pos = m.end()
        if taken[m.start()] or blocked[m.start()]:
            continue
        q = _quantity_at(t, text, m.start(), m.end(), blocked)
        if q is None:
            continue
        if any(taken[i] for i in range(q.start, q.end)):
            continue
        for i in range(q.start, q.end):
            taken[i] = True
        found.append(q)
        pos = q.end
    found.sort(key=lambda q: q.start)
    found = _unit_on_both_ends([q for q in _shared_unit(t, text, found, blocked) if not _names_a_thing(t, q)],
                               t, text)
    return _distribute(t, [_with_context(t, q) for q in found])


#: a policy's nickname in quotes ending in its count (“稳外贸8条”, “惠企十条”); a sports event
#: named by its distance (女子50米蛙泳, 100米、200米两项冠军)
_QUOTED_NAME = re.compile(r"[“\"「][^“”\"「」，,。；;：:！？\s]{1,8}$")
_EVENT_AFTER = re.compile(r"(?:、\d+米)*(?:蛙泳|自由泳|仰泳|蝶泳|混合泳|个人混合泳|跑|栏|接力|障碍|竞走|短道|步枪|手枪|"
                          r"两项|三项|项目冠军|冠军|决赛|半决赛|预赛)")


def _names_a_thing(t: str, q: Quantity) -> bool:
    """Whether a quantity is part of a name: a policy nickname in quotes, a sports event."""
    if q.unit in ("条", "项", "招") and t[q.end:q.end + 1] in "”\"」" \
            and _QUOTED_NAME.search(t, max(0, q.start - 9), q.start):
        return True
    return q.kind == "length" and q.unit == "米" and bool(_EVENT_AFTER.match(t, q.end))


def _unit_on_both_ends(found: list[Quantity], t: str, text: str) -> list[Quantity]:
    """1万元至5万元, 10公里-20公里: two figures of one unit joined by a range mark are one range."""
    out: list[Quantity] = []
    for q in found:
        p = out[-1] if out else None
        if p is not None and (p.kind, p.unit) == (q.kind, q.unit) and not p.is_range and not q.is_range \
                and p.qualifier == q.qualifier == "exact" and _RANGE_SEP.fullmatch(t[p.end:q.start]) \
                and p.value < q.value:
            out[-1] = Quantity(p.start, q.end, text[p.start:q.end], (p.value + q.value) / 2, q.unit, q.kind,
                               "approx", p.value, q.value, number_text=text[p.start:q.end])
            continue
        out.append(q)
    return out


_LIST_ITEM_BEFORE = re.compile(r"(\d+(?:\.\d+)?)(、|和|及|与|以及)$")
_SHARED_LEAD = re.compile(r"分别[^，,。；;、\d]{0,8}$")


def _shared_unit(t: str, text: str, found: list[Quantity], blocked) -> list[Quantity]:
    """分别提高0.8、1.5和2个百分点: bare Arabic numbers listed after 分别 share the unit (and any
    万/亿) of the last item, each a figure of its own."""
    out: list[Quantity] = []
    for q in found:
        items, i = [], q.start
        while (m := _LIST_ITEM_BEFORE.search(t, max(0, i - 16), i)) and not blocked[m.start()]:
            items.insert(0, (m.start(1), m.end(1)))
            i = m.start()
        lead = items and _SHARED_LEAD.search(t, max(0, items[0][0] - 10), items[0][0])
        head = re.match(r"\d+(?:\.\d+)?", q.number_text or t[q.start:q.end])
        if not lead or q.is_range or not head or (out and out[-1].end > items[0][0]):
            out.append(q)
            continue
        factor = q.value / float(head.group()) if float(head.group()) else 1.0
        out.extend(Quantity(a, b, text[a:b], float(t[a:b]) * factor, q.unit, q.kind, number_text=text[a:b])
                   for a, b in items)
        out.append(q)
    return out


def _distribute(t: str, qs: list[Quantity]) -> list[Quantity]:
    """A prefix qualifier before the first item of a coordinated list of figures of one unit
    holds for the items after it (分别降低约两成和三成: both approx) unless they have their own."""
    out = list(qs)
    carried: str | None = None  # the kind handed on to the previous item (a list of three or more)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        prefix = t[a.qualifier_start:a.start].strip()
        kind = _PREFIX_KIND.get(prefix) if prefix else carried
        if a.qualifier_start < a.start and kind is None:
            kind = next((k for w, k in _PREFIX_KIND.items() if prefix.endswith(w)), None)
        carried = None
        if kind is None or (a.kind, a.unit) != (b.kind, b.unit) or b.qualifier_start < b.start:
            continue
        if t[a.qualifier_end:b.start] not in _LIST_JOINERS or kind in b.qualifier.split("+"):
            continue
        parts = [k for k in b.qualifier.split("+") if k != "exact"]
        parts.insert(0, kind)
        carried = kind
        out[i] = replace(b, qualifier="+".join(parts))
    return out


def _quantity_at(t: str, text: str, s: int, e: int, blocked) -> Quantity | None:
    """Try to read a quantity whose number starts at ``s`` (the number run ends at ``e``)."""
    prev = t[s - 1] if s > 0 else ""
    # part of a longer token: letters/digits glued before (A202107..., 5G, Q3), versions, codes
    if prev and (prev.isascii() and (prev.isalnum() or prev in "+._/")):
        return None
    run = t[s:e].rstrip("，, ")
    # a number run may swallow a trailing magnitude that belongs to a unit (2.3千克, 12千米)
    for cut in range(len(run), 0, -1):
        head = run[:cut]
        if head[-1] == "点":
            continue
        q = _try_span(t, text, s, head, blocked)
        if q is not None:
            return q
    return None


def _try_span(t: str, text: str, s: int, head: str, blocked) -> Quantity | None:
    """The quantity whose number is ``head`` at ``s``, or a range from it (3至5亿元), or None."""
    num_core, infix = _split_num(head)
    if not num_core:
        return None
    e = s + len(head)
    if _unit_takes_magnitude(t, e, head[-1]):
        return None  # 2.3千克, 12千米, 5兆瓦: the magnitude belongs to the unit
    infix, e = _infix(t, e, num_core, infix)
    rng = _RANGE_SEP.match(t, e)
    if rng and not infix:
        q = _range_to(t, text, s, rng.end(), num_core, blocked)
        if q is not None:
            return q
    u = unit_at(t, e) or _symbol_currency(t, s, e)
    if u is None:
        return None
    return _build(t, text, s, e, num_core, infix, u, low=None, blocked=blocked)


def _unit_takes_magnitude(t: str, e: int, last: str) -> bool:
    """Whether the number's last character 千/兆 opens the unit after it (千克, 千米, 兆瓦)."""
    if last not in "千兆":
        return False
    u = unit_at(t, e - 1)
    return u is not None and u[2][0] == last


def _infix(t: str, e: int, num_core: str, infix: str) -> tuple[str, int]:
    """The approximator of a number and where the number ends: its own trailing 多/余/几/来, one
    right after it before a unit (20多家, 2000余元: the number then ends after it), or one inside
    (三万余人 read as 三万余)."""
    if infix:
        return infix, e
    if e < len(t) and t[e] in "多余来" and unit_at(t, e + 1) is not None:
        return t[e], e + 1
    inner = re.search(r"[多余几来]", num_core)
    return (inner.group() if inner else ""), e


def _range_to(t: str, text: str, s: int, hi_start: int, low: str, blocked) -> Quantity | None:
    """A range whose low end ``low`` starts at ``s`` and whose high end starts at ``hi_start``
    ("3至5亿元", "20-30家", "两到三万人"), the high end followed by a unit; else None."""
    m = _NUM_RUN.match(t, hi_start)
    if not m:
        return None
    hi_run = m.group().rstrip("，, ")
    for cut in range(len(hi_run), 0, -1):
        hi_head = hi_run[:cut]
        hi_core, hi_infix = _split_num(hi_head)
        if not hi_core:
            continue
        hi_end = hi_start + len(hi_head)
        u = unit_at(t, hi_end)
        if u is None:
            continue
        q = _build(t, text, s, hi_end, hi_core, hi_infix, u, low=low, blocked=blocked)
        if q is not None:
            return q
    return None


def _symbol_currency(t: str, s: int, e: int):
    """$20, ￥50: a currency symbol right before a number with no unit word after it."""
    pre = prefix_currency(t, s)
    if pre and s > 0 and t[s - 1] in "$￥¥€":
        return ("money", pre, "", e)
    return None


_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def _scale_low(low: str, high: str) -> tuple[float, float]:
    """Values of both ends of a range; the low end borrows the high end's trailing magnitude."""
    hv = parse_number(high)
    lv = parse_number(low)
    # 十八至三十万: the big magnitudes at the end; else one small one (两到三仟, 两~3百)
    big = re.search(r"[万亿兆]+$", high)
    tail = big or re.search(r"(?<![十百千拾佰仟])[十百千拾佰仟]$", high)
    if tail and not re.search(r"[万亿兆]$" if big else r"[十百千万亿兆拾佰仟]$", low):
        stem = high[: tail.start()]
        mult = 1.0
        for ch in tail.group():
            mult *= BIG_UNITS.get(ch) or _SMALL_UNITS[ch]
        try:
            stem_v = parse_number(stem)
        except ValueError:
            stem_v = hv / mult
        if lv <= stem_v:
            lv *= mult
    return lv, hv


#: kinds with which a bare single Chinese digit is a figure (两家, 三座, 五人; not 两个方面).
_BARE_DIGIT_KINDS = ("count", "money", "area", "mass", "length")
#: 元/块 followed by 角/毛/分: 123元1角1分, 十块三毛, 六十四万零一百四十三元一角七分.
_CENTS = re.compile(r"([0-9零一二两三四五六七八九])[角毛](?:([0-9零一二两三四五六七八九])分)?"
                    r"|([0-9一二两三四五六七八九])分")


_BARE_MAGNITUDES = re.compile("[十百千万亿]+")


def _build(t, text, s, num_end, num_core, infix, unit_info, low, blocked) -> Quantity | None:
    """The quantity of the number ``num_core`` at ``s`` (ending at ``num_end``) with its unit
    (``unit_info`` from :func:`helpers.extract.units.unit_at`); ``low`` is a range's low end."""
    kind, unit, word, end = unit_info
    if any(blocked[i] for i in range(s, min(end, len(blocked)))):
        return None
    core = num_core.replace("，", ",").replace(" ", "")
    if _reads_as_word(t, s, core, infix, low, kind, word):
        return None
    cents, end = _cents(t, end, kind, word)
    values = _values(t, s, core, low)
    if values is None and infix and low is None and core in ("万", "亿", "万亿"):
        values = (float(math.prod(BIG_UNITS[c] for c in core)),) * 2  # 万余家, 亿多元
    if values is None:
        return None
    lv, hv = values
    if low is None and not infix and _BARE_MAGNITUDES.fullmatch(core) and s > 0 and t[s - 1] in "数几":
        # 数百个, 几十家: several hundreds, an approximate range (2 to 9 of them), never exactly 100
        s, low, lv, hv = s - 1, core, 2 * lv, 9 * hv
    if low is not None:
        value, vlow, vhigh, qualifier = (lv + hv) / 2, lv, hv, "approx"
    else:
        value, vlow, vhigh = hv + cents, None, None
        qualifier = _INFIX_QUALIFIER.get(infix[0], "approx") if infix else "exact"
        if infix and infix[0] in "多余几" and hv > 0 and hv == int(hv):
            # 3000多 lies between 3000 and 4000, 十几 between 10 and 20: the bounds of "more than"
            place = 10 ** (len(str(int(hv))) - len(str(int(hv)).rstrip("0")))
            vlow, vhigh = hv, hv + place
        # 一吨半, 两米半, 三斤半: 半 after a measure word adds one half of it
        if kind in ("mass", "length", "area") and t.startswith("半", end):
            value, end = value + 0.5, end + 1
        if word == "倍" and t.startswith("多", end):  # 增长了一倍多
            end, qualifier = end + 1, "more_than" if qualifier == "exact" else qualifier
        if s > 0 and t[s - 1] == "负":
            s, value = s - 1, -value
    if kind == "money" and unit == "CNY" and word in ("元", "圆", "块"):
        unit = prefix_currency(t, s) or unit  # 港币两千九百六十元 is HKD
    return Quantity(start=s, end=end, text=text[s:end], value=value, unit=unit, kind=kind,
                    qualifier=qualifier, value_low=vlow, value_high=vhigh,
                    number_text=text[s:num_end])


def _after_qualifier(t: str, s: int) -> bool:
    """Whether a prefix qualifier word (超过, 约, 近 ...) ends at ``s``."""
    return any(t[:s].endswith(w) for w in _PREFIX_KIND)


def _reads_as_word(t: str, s: int, core: str, infix: str, low: str | None, kind: str, word: str) -> bool:
    """Numbers that read as names, idioms or ranks: 一 alone (一家企业), a bare digit with a generic
    measure word (两个方面), a lone financial numeral, an ordinal (第3个, 前10家)."""
    if low is None and not infix and len(core) == 1 and core in DIGITS:
        # 一吨半, 两米半: a digit and a half of a measure is a figure; so is 增长了一倍
        half = kind in ("mass", "length", "area") and t.startswith("半", s + 1 + len(word))
        half = half or (word == "倍" and bool(_MULTIPLE_LEAD.search(t, max(0, s - 4), s)))
        if not half and ((core == "一" and not _after_qualifier(t, s)) or word in GENERIC_MEASURES
                         or kind not in _BARE_DIGIT_KINDS):
            return True
        if kind == "money" and core in "一二":
            return True
    if len(core) == 1 and core in FINANCIAL_CHARS:
        return True
    if word == "国" and not re.fullmatch(r"\d+", core):
        return True  # 对40国免签 counts countries; 二十国集团, 七国 are names
    return low is None and s > 0 and t[s - 1] in "第前"


#: a verb of change before 一倍/两倍 makes it a multiple (增长了一倍多, 翻了两倍), not an idiom
_MULTIPLE_LEAD = re.compile(r"(?:增长|提高|增加|提升|扩大|翻|上涨|高出|多出)了?$")


def _cents(t: str, end: int, kind: str, word: str) -> tuple[float, int]:
    """The 角/毛/分 after 元/块/圆 as a fraction of a yuan, and where the amount then ends."""
    if kind != "money" or word not in ("元", "块", "圆"):
        return 0.0, end
    cm = _CENTS.match(t, end)
    if not cm:
        return 0.0, end
    if cm.group(1):
        cents = _digit(cm.group(1)) / 10
        if cm.group(2):
            cents += _digit(cm.group(2)) / 100
    else:
        cents = _digit(cm.group(3)) / 100
    end = cm.end()
    if t.startswith("钱", end):
        end += 1
    return cents, end


def _digit(d: str) -> int:
    return int(d) if d.isdigit() else DIGITS[d]


def _values(t: str, s: int, core: str, low: str | None) -> tuple[float, float] | None:
    """The low and high values of the number (one value twice unless a range), None if none."""
    try:
        if low is not None:
            return _scale_low(low.replace("，", ","), core)
        v = parse_number(core)
        return v, v
    except ValueError:
        # a bare magnitude after a word that makes it a rough count: 上万人, 近万家, 逾亿元
        if low is None and core in ("万", "亿", "万亿") and s > 0 and (t[s - 1] in _BARE_MAGNITUDE_LEADS
                                                                   or _after_qualifier(t, s)):
            v = float(math.prod(BIG_UNITS[c] for c in core))
            return v, v
        return None


_CN_NUM = "[" + NUMERAL_CHARS + "]"
_CN_NUM_DOT = "[" + NUMERAL_CHARS + "点]"
_CN_NUM_DOT_SPACE = "[" + NUMERAL_CHARS + "点 ]"
_PERCENT_RE = re.compile(
    r"(?P<a>(?:负|-)?\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?%? ?(?:至|到|~|-{1,2}|—)\d+(?:\.\d+)?)? ?%)"
    r"|(?P<b>百 ?分 ?之 ?(?:负)?(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|" + _CN_NUM_DOT_SPACE + "*" + _CN_NUM + "))"
    r"|(?P<c>千 ?分 ?之 ?(?:\d+(?:\.\d+)?|" + _CN_NUM_DOT + "+))"
    r"|(?P<d>万 ?分 ?之 ?(?:\d+(?:\.\d+)?|" + _CN_NUM_DOT + "+))"
    r"|(?P<e>(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|" + _CN_NUM_DOT_SPACE + "*" + _CN_NUM + r") *个 ?百 ?分 ?点)"
    r"|(?P<f>(?:\d+(?:\.\d+)?|" + _CN_NUM_DOT + r"+)成(?![为员本功果立长熟交就效都绩品型像形全])(?:半)?)"
    r"|(?P<g>(?:\d+|[一二三四五六七八九十两]+) ?分 ?之 ?(?:\d+|[一二三四五六七八九十]+))"
    r"|(?P<h>过半数?(?![年月天日个小])|半数|(?<![多大])一半(?![天年月日个小]))"
    r"|(?P<i>(?:\d+(?:\.\d+)?|[一二三四五六七八九两]{1,2}(?:点[一二三四五六七八九])?|对|半) ?折"
    r"(?![合扣旧叠算返线射中腾服价现损磨])(?<!一波三折)(?<!百折))"
)
_PCT_RANGE = re.compile(r"(-?[\d,，.]+) ?(?:至|到|~|-{1,2}|—) ?([\d.]+)")
#: before 一成, a verb of change or a comparison makes it a figure (下降一成, 约一成); else an idiom.
_YICHENG_LEADS = re.compile(r"[降增提升低高到至达约近长加少过超破为占]$")


def _percents(t: str, text: str, blocked) -> list[Quantity]:
    """Every percentage: 18.6%, 百分之七点三, 千分之五, 万分之三, 2个百分点 (unit pp), 三成, 三分之一,
    过半/半数/一半."""
    out = []
    for m in _PERCENT_RE.finditer(t):
        s, e = m.span()
        if any(blocked[i] for i in range(s, e)) or _glued(t, s, e):
            continue
        try:
            q = _PERCENT_FORMS[m.lastgroup](t, text, s, e, m.group())
        except ValueError:
            continue
        if q is not None:
            out.append(q)
    return out


def _glued(t: str, s: int, e: int) -> bool:
    """URL-encoded text (%28) and identifiers: ASCII letters or digits glued to the span."""
    before, after = t[s - 1:s], t[e:e + 1]
    return bool((before and before.isascii() and (before.isalnum() or before in "%/=&?_"))
                or (after.isascii() and after.isalnum()))


# Readers, one per group of _PERCENT_RE: (folded text, text, start, end, span) -> a Quantity, or
# None; a ValueError from parse_number drops the match.

def _percent_sign(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """18.6%, 负2%, 3至5% (a range)."""
    body = span.replace("%", "").strip()
    rm = _PCT_RANGE.fullmatch(body)
    if rm:
        lo, hi = parse_number(rm.group(1)), parse_number(rm.group(2))
        return Quantity(s, e, text[s:e], (lo + hi) / 2, "%", "percent", "approx", lo, hi)
    if s > 0 and t[s - 1] == "负":
        s, body = s - 1, "-" + body
    return Quantity(s, e, text[s:e], parse_number(body), "%", "percent")


def _per_hundred(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """百分之七点三, 负百分之二."""
    val = parse_number(re.sub(r"^百 ?分 ?之 ?", "", span))
    if s > 0 and t[s - 1] == "负":
        s, val = s - 1, -val
    return Quantity(s, e, text[s:e], val, "%", "percent")


def _per_thousand(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """千分之五 -> 0.5%."""
    return Quantity(s, e, text[s:e], parse_number(re.sub(r"^千 ?分 ?之 ?", "", span)) / 10, "%", "percent")


def _per_ten_thousand(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """万分之三 -> 0.03%."""
    return Quantity(s, e, text[s:e], parse_number(re.sub(r"^万 ?分 ?之 ?", "", span)) / 100, "%", "percent")


def _points(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """2个百分点: percentage points, unit pp."""
    return Quantity(s, e, text[s:e], parse_number(re.sub(r" *个 ?百 ?分 ?点$", "", span)), "pp", "percent")


def _tenths(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """成: 三成 -> 30%, 7.2成 -> 72%, 三成半 -> 35%; 一成 only after a qualifier or a verb of change."""
    half = span.endswith("半")
    num = span[:-2] if half else span[:-1]
    if num == "一" and (t.startswith("不", e) or (not _after_qualifier(t, s) and not _YICHENG_LEADS.search(t[:s]))):
        return None  # 一成不变; 一成 is a figure after a qualifier or a verb of change (下降一成)
    return Quantity(s, e, text[s:e], parse_number(num) * 10 + (5 if half else 0), "%", "percent")


def _fraction(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """三分之一 -> 33.33%, 四分之三 -> 75%: a fraction is a percent."""
    value = parse_number(span.replace(" ", "")) * 100
    return Quantity(s, e, text[s:e], value, "%", "percent") if 0 < value <= 100 else None


def _half(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """过半 (more than half), 半数, 一半: 50%."""
    return Quantity(s, e, text[s:e], 50.0, "%", "percent", "more_than" if span.startswith("过") else "exact")


def _discount(t: str, text: str, s: int, e: int, span: str) -> Quantity | None:
    """A discount is the percent of the price paid: 八折 -> 80%, 7.5折 -> 75%, 八五折 -> 85%,
    75折 -> 75%, 对折/半折 -> 50%."""
    num = span.rstrip("折 ")
    if num in ("对", "半"):
        return Quantity(s, e, text[s:e], 50.0, "%", "percent")
    if re.fullmatch(r"[一二三四五六七八九两]{2}", num):  # 八五折: two digits read one by one
        value = float(DIGITS[num[0]] * 10 + DIGITS[num[1]])
    else:
        value = parse_number(num)
        value = value * 10 if value < 10 else value
    return Quantity(s, e, text[s:e], value, "%", "percent") if 0 < value < 100 else None


_PERCENT_FORMS = {"a": _percent_sign, "b": _per_hundred, "c": _per_thousand, "d": _per_ten_thousand,
                  "e": _points, "f": _tenths, "g": _fraction, "h": _half, "i": _discount}


def _with_context(t: str, q: Quantity) -> Quantity:
    """Widen to adjacent qualifier words and add forecast from context words in the sentence."""
    quals: list[str] = [] if q.qualifier == "exact" else [q.qualifier]
    qs = _prefix_qualifier(t, q, quals)
    qe = _suffix_qualifier(t, q.end, quals)
    if q.value_low is not None and not {"approx", "more_than"} & set(quals):  # 3000多: bounds, not a range
        quals.append("approx")
    if _forecast_before(t, qs):
        quals.append("forecast")
    return replace(q, qualifier=_joined(quals), qualifier_start=qs, qualifier_end=qe)


def _prefix_qualifier(t: str, q: Quantity, quals: list[str]) -> int:
    """Where the qualifier word right before ``q`` starts (one space allowed), its kind put first
    in ``quals``; ``q.start`` if there is none. 预计超过: more_than from 超过, forecast comes later."""
    p = q.start - 1 if q.start > 0 and t[q.start - 1] == " " else q.start
    for word, kind in _PREFIX_QUALIFIERS:
        if p >= len(word) and t[p - len(word):p] == word:
            if word == "近" and t[p - 2:p] == "最近":
                continue
            if kind not in quals:
                quals.insert(0, kind)
            return p - len(word)
    # 上千名, 上百家, 上万人: "upwards of" a bare magnitude
    if p > 0 and t[p - 1] == "上" and q.number_text[:1] in "十百千万亿" and q.value_low is None:
        if "more_than" not in quals:
            quals.insert(0, "more_than")
        return p - 1
    return q.start


def _suffix_qualifier(t: str, qe: int, quals: list[str]) -> int:
    """Where the qualifier word right after the quantity (以上, 左右 ...) ends, its kind added to
    ``quals``; ``qe`` if there is none."""
    for word, kind in _SUFFIX_LONGEST_FIRST:
        if t.startswith(word, qe):
            if kind not in quals:
                quals.append(kind)
            return qe + len(word)
    return qe


def _joined(quals: list[str]) -> str:
    """The qualifier kinds once each, in order (约 + 多: the stronger statement once); exact only alone."""
    seen = list(dict.fromkeys(quals))
    if len(seen) > 1 and "exact" in seen:
        seen.remove("exact")
    return "+".join(seen) if seen else "exact"


def _forecast_before(t: str, pos: int) -> bool:
    """Is there a forecast word before ``pos`` in the same sentence, not reset by an achieved marker?"""
    start = pos
    while start > 0 and t[start - 1] not in _CLAUSE_END:
        start -= 1
    window = t[start:pos]
    best = -1
    for w in FORECAST_WORDS:
        i = window.rfind(w)
        best = max(best, i)
    for m in _PLAN_RE.finditer(window):
        best = max(best, m.start())
    for m in re.finditer("将", window):
        rest = window[m.end():]
        if any(rest.startswith(v) for v in _JIANG_VERBS) or _JIANG_NEAR.match(rest):
            best = max(best, m.start())
    if best < 0:
        return False
    after = window[best:]
    return not any(a in after for a in _ACHIEVED)


_BOUND_MARK = re.compile(r"多|余|以上|左右|出头")
_NUMERAL_CHAR = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两.．]")


def marker_words(text: str, sentence: str, kind: str) -> list[str]:
    """The words with which the article marks a figure as ``kind``: ``bound`` (超, 突破, 多 ... in the
    figure's own text) or ``forecast`` (the first of 预计, 力争, 计划 ... before it in its sentence).

    >>> marker_words("超1200家", "", "bound"), marker_words("20多家", "", "bound")
    (['超'], ['多'])
    >>> marker_words("50亿元", "该项目投产后预计每年可贡献50亿元产值", "forecast")
    ['预计']
    """
    text, sentence = text or "", sentence or ""
    if kind == "bound":
        m = _NUMERAL_CHAR.search(text)
        return ([text[:m.start()]] if m and m.start() else []) + _BOUND_MARK.findall(text)
    before = sentence[:max(sentence.find(text), 0)]
    return [w for w in (*FORECAST_WORDS, "计划", "目标", "将") if w in before][:1]
