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
dates (年/月/日 are not units here; see :mod:`helpers.extract.dates`), magnitude classes without a
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
from dataclasses import dataclass, field

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

# Qualifier words (DESIGN.md): longest first.
_PREFIX_QUALIFIERS = [
    ("超过", "more_than"), ("超出", "more_than"), ("高于", "more_than"), ("多于", "more_than"),
    ("大于", "more_than"), ("不少于", "more_than"), ("不低于", "more_than"), ("至少", "more_than"),
    ("突破", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("将近", "less_than"), ("接近", "less_than"), ("不到", "less_than"), ("不足", "less_than"),
    ("少于", "less_than"), ("低于", "less_than"), ("小于", "less_than"), ("不超过", "less_than"),
    ("近", "less_than"),
    ("大约", "approx"), ("约合", "approx"), ("约为", "approx"), ("约", "approx"), ("大概", "approx"),
    ("左右", None),
]
_SUFFIX_QUALIFIERS = [("以上", "more_than"), ("（含）以上", "more_than"), ("(含)以上", "more_than"),
                      ("以下", "less_than"), ("以内", "less_than"), ("左右", "approx"),
                      ("上下", "approx"), ("开外", "more_than")]
_SUFFIX_LONGEST_FIRST = sorted(_SUFFIX_QUALIFIERS, key=lambda w: -len(w[0]))
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
_LIST_JOINERS = ("和", "及", "与", "、", "或", "以及", "，", ",")

_RANGE_SEP = re.compile(r" ?(?:至|到|~|-{1,2}|—{1,2}|–|－) ?")


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


def _is_single_cn_digit(s: str) -> bool:
    return len(s) == 1 and s in DIGITS


def _has_magnitude_word(num: str) -> bool:
    return any(ch in "十百千万亿兆" for ch in num)


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
    return Quantity(start=q.start + lo, end=q.end + lo, text=q.text, value=q.value, unit=q.unit,
                    kind=q.kind, qualifier=q.qualifier, value_low=q.value_low, value_high=q.value_high,
                    qualifier_start=q.qualifier_start + lo, qualifier_end=q.qualifier_end + lo,
                    number_text=q.number_text)


def _find(text: str) -> list[Quantity]:
    """:func:`find_quantities` without the cache."""
    t = fold_numerals(text)
    found: list[Quantity] = []
    blocked = [False] * len(t)
    for m in _IDIOMS.finditer(t):
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
    return _distribute(t, [_with_context(t, q) for q in found])


def _distribute(t: str, qs: list[Quantity]) -> list[Quantity]:
    """A prefix qualifier before the first item of a coordinated list of figures of one unit
    holds for the items after it (分别降低约两成和三成: both approx) unless they have their own."""
    out = list(qs)
    carried: str | None = None  # the kind handed on to the previous item (a list of three or more)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        prefix = t[a.qualifier_start:a.start].strip()
        kind = dict((w, k) for w, k in _PREFIX_QUALIFIERS if k).get(prefix) if prefix else carried
        if a.qualifier_start < a.start and kind is None:
            kind = next((k for w, k in _PREFIX_QUALIFIERS if k and prefix.endswith(w)), None)
        carried = None
        if kind is None or (a.kind, a.unit) != (b.kind, b.unit) or b.qualifier_start < b.start:
            continue
        if t[a.qualifier_end:b.start] not in _LIST_JOINERS[:5] or kind in b.qualifier.split("+"):
            continue
        parts = [k for k in b.qualifier.split("+") if k != "exact"]
        parts.insert(0, kind)
        carried = kind
        out[i] = Quantity(start=b.start, end=b.end, text=b.text, value=b.value, unit=b.unit, kind=b.kind,
                          qualifier="+".join(parts), value_low=b.value_low, value_high=b.value_high,
                          qualifier_start=b.qualifier_start, qualifier_end=b.qualifier_end,
                          number_text=b.number_text)
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
        if not head or head[-1] in "点":
            continue
        q = _try_span(t, text, s, head, blocked)
        if q is not None:
            return q
    return None


def _try_span(t: str, text: str, s: int, head: str, blocked) -> Quantity | None:
    num_core, infix = _split_num(head)
    if not num_core:
        return None
    e = s + len(head)
    if head[-1] in "千兆" and unit_at(t, e - 1) is not None and unit_at(t, e - 1)[2][0] == head[-1]:
        return None  # 2.3千克, 12千米, 5兆瓦: the magnitude belongs to the unit
    if not infix and e < len(t) and t[e] in "多余来" and unit_at(t, e + 1) is not None:
        infix, e, head = t[e], e + 1, head + t[e]  # 20多家, 2000余元
    if not infix:
        inner = re.search(r"[多余几来]", num_core)
        infix = inner.group() if inner else ""
    low_text: str | None = None
    low_start = s
    # range: "3至5", "20-30", "两到三万"; the low end is already the run before the separator
    rng = _RANGE_SEP.match(t, e)
    if rng and not infix:
        m2 = _NUM_RUN.match(t, rng.end())
        if m2:
            hi_run = m2.group().rstrip("，, ")
            for cut in range(len(hi_run), 0, -1):
                hi_head = hi_run[:cut]
                hi_core, hi_infix = _split_num(hi_head)
                if not hi_core:
                    continue
                u = unit_at(t, rng.end() + len(hi_head))
                if u is None:
                    continue
                q = _build(t, text, s, rng.end() + len(hi_head), hi_core, hi_infix, u,
                           low=num_core, blocked=blocked)
                if q is not None:
                    return q
    # adjacent digits as a range: 八九亿, 三五百, 二三十
    u = unit_at(t, e)
    if u is None:
        pre = prefix_currency(t, s)
        if pre and s > 0 and t[s - 1] in "$￥¥€":  # $20, ￥50: a symbol with no unit word after
            u = ("money", pre, "", e)
        else:
            return None
    return _build(t, text, low_start, e, num_core, infix, u, low=low_text, blocked=blocked)


def _scale_low(low: str, high: str) -> tuple[float, float]:
    """Values of both ends of a range; the low end borrows the high end's trailing magnitude."""
    hv = parse_number(high)
    lv = parse_number(low)
    tail = re.search(r"[万亿兆]+$", high)
    if tail and not re.search(r"[万亿兆]$", low):
        stem = high[: tail.start()]
        mult = 1.0
        for ch in tail.group():
            mult *= BIG_UNITS[ch]
        try:
            stem_v = parse_number(stem)
        except ValueError:
            stem_v = hv / mult
        if lv <= stem_v:
            lv *= mult
    return lv, hv


def _build(t, text, s, num_end, num_core, infix, unit_info, low, blocked) -> Quantity | None:
    kind, unit, word, end = unit_info
    if any(blocked[i] for i in range(s, min(end, len(blocked)))):
        return None
    core = num_core.replace("，", ",").replace(" ", "")
    # numbers that read as names or idioms: 一 alone, a bare digit with a generic measure word
    if low is None and _is_single_cn_digit(core) and not infix:
        qualified = any(t[:s].endswith(w) for w, k in _PREFIX_QUALIFIERS if k)
        if (core == "一" and not qualified) or word in GENERIC_MEASURES or kind not in ("count", "money", "area", "mass", "length"):
            return None
        if kind == "money" and core in "一二":
            return None
    if re.fullmatch(r"[" + "".join(FINANCIAL_CHARS) + r"]", core):
        return None
    if s > 0 and t[s - 1] in "第前" and low is None:
        return None  # ordinals and ranks: 第3个, 前10家
    # 元/块 followed by 角/毛/分: 123元1角1分, 十块三毛, 六十四万零一百四十三元一角七分
    cents = 0.0
    if kind == "money" and word in ("元", "块", "圆"):
        cm = re.match(r"([0-9零一二两三四五六七八九])[角毛](?:([0-9零一二两三四五六七八九])分)?|([0-9一二两三四五六七八九])分", t[end:])
        if cm:
            if cm.group(1):
                cents = DIGITS.get(cm.group(1)) if not cm.group(1).isdigit() else int(cm.group(1))
                cents = cents / 10
                if cm.group(2):
                    d = cm.group(2)
                    cents += (int(d) if d.isdigit() else DIGITS[d]) / 100
            else:
                d = cm.group(3)
                cents = (int(d) if d.isdigit() else DIGITS[d]) / 100
            end += cm.end()
            if t.startswith("钱", end):
                end += 1
    # a four-digit year followed by 年 never reaches here (年 is not a unit); but "2023个" is fine
    try:
        if low is not None:
            lv, hv = _scale_low(low.replace("，", ","), core)
        else:
            lv = hv = parse_number(core)
    except ValueError:
        # a bare magnitude after a word that makes it a rough count: 上万人, 近万家, 逾亿元
        if low is None and core in ("万", "亿", "万亿") and s > 0 and t[s - 1] in _BARE_MAGNITUDE_LEADS:
            lv = hv = float(math.prod(BIG_UNITS[c] for c in core))
        else:
            return None
    if kind == "money" and unit == "CNY" and word == "块" and _has_magnitude_word(core) is False and "." in core:
        pass
    qualifier = "exact"
    if infix:
        qualifier = _INFIX_QUALIFIER.get(infix[0], "approx")
    if low is not None:
        value = (lv + hv) / 2
        vlow, vhigh = lv, hv
        qualifier = "approx"
    else:
        value, vlow, vhigh = hv + cents, None, None
    # 一吨半, 两米半, 三斤半: 半 after a measure word adds one half of it
    if low is None and kind in ("mass", "length", "area") and t.startswith("半", end):
        value, end = value + 0.5, end + 1
    if s > 0 and t[s - 1] == "负" and low is None:
        s, value = s - 1, -value
    if kind == "money":
        pre = prefix_currency(t, s)
        if pre and unit == "CNY" and word in ("元", "圆", "块"):
            unit = pre
    return Quantity(start=s, end=end, text=text[s:end], value=value, unit=unit, kind=kind,
                    qualifier=qualifier, value_low=vlow, value_high=vhigh,
                    number_text=text[s:num_end])


_PCT_NUM = r"(?:负|-)?(?:\d+(?:[,，]\d{3})*(?:\.\d+)?|\.\d+|[" + NUMERAL_CHARS + r"点]+)(?: ?k)?"
_PERCENT_RE = re.compile(
    r"(?P<a>(?:负|-)?\d+(?:[,，]\d{3})*(?:\.\d+)?(?:(?:至|到|~|-)\d+(?:\.\d+)?)? ?%)"
    r"|(?P<b>百 ?分 ?之 ?" + r"(?:负)?(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|[" + NUMERAL_CHARS + r"点 ]*[" + NUMERAL_CHARS + r"]))"
    r"|(?P<c>千 ?分 ?之 ?(?:\d+(?:\.\d+)?|[" + NUMERAL_CHARS + r"点]+))"
    r"|(?P<d>万 ?分 ?之 ?(?:\d+(?:\.\d+)?|[" + NUMERAL_CHARS + r"点]+))"
    r"|(?P<e>(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|[" + NUMERAL_CHARS + r"点 ]*[" + NUMERAL_CHARS + r"]) *个 ?百 ?分 ?点)"
    r"|(?P<f>(?:\d+(?:\.\d+)?|[" + NUMERAL_CHARS + r"点]+)成(?![为员本功果立长熟交就效都绩品型像形全])(?:半)?)"
)


def _percents(t: str, text: str, blocked) -> list[Quantity]:
    out = []
    for m in _PERCENT_RE.finditer(t):
        s, e = m.span()
        if any(blocked[i] for i in range(s, e)):
            continue
        g = m.lastgroup
        span = m.group()
        before, after = t[s - 1:s], t[e:e + 1]
        if (before and before.isascii() and (before.isalnum() or before in "%/=&?_")) or (after.isascii() and after.isalnum()):
            continue  # URL-encoded text (%28), identifiers
        if s > 0 and t[s - 1] in "负-" and g == "a":
            pass
        try:
            if g == "a":
                body = span.replace("%", "").strip()
                rm = re.fullmatch(r"(-?[\d,，.]+)(?:至|到|~|-)([\d.]+)", body)
                if rm:
                    lo, hi = parse_number(rm.group(1)), parse_number(rm.group(2))
                    out.append(Quantity(s, e, text[s:e], (lo + hi) / 2, "%", "percent", "approx", lo, hi))
                    continue
                if s > 0 and t[s - 1] == "负":
                    s -= 1
                    body = "-" + body
                val = parse_number(body)
                unit = "%"
            elif g == "b":
                val, unit = parse_number(re.sub(r"^百 ?分 ?之 ?", "", span)), "%"
                if s > 0 and t[s - 1] == "负":
                    s, val = s - 1, -val
            elif g == "c":
                val, unit = parse_number(re.sub(r"^千 ?分 ?之 ?", "", span)) / 10, "%"
            elif g == "d":
                val, unit = parse_number(re.sub(r"^万 ?分 ?之 ?", "", span)) / 100, "%"
            elif g == "e":
                num = re.sub(r" *个 ?百 ?分 ?点$", "", span)
                val, unit = parse_number(num), "pp"
            else:  # 成: 三成 -> 30%, 7.2成 -> 72%, 三成半 -> 35%
                half = span.endswith("半")
                num = span[:-2] if half else span[:-1]
                if num == "一" and (t.startswith("不", e) or (not any(
                        t[:s].endswith(w) for w, k in _PREFIX_QUALIFIERS if k) and not re.search(r"[降增提升低高到至达约近长加少过超破为占]$", t[:s]))):
                    continue  # 一成不变; 一成 is a figure after a qualifier or a verb of change (下降一成)
                val, unit = parse_number(num) * 10 + (5 if half else 0), "%"
        except ValueError:
            continue
        out.append(Quantity(s, e, text[s:e], val, unit, "percent"))
    return out


def _with_context(t: str, q: Quantity) -> Quantity:
    """Widen to adjacent qualifier words and add forecast from context words in the sentence."""
    qs, qe = q.start, q.end
    quals: list[str] = [] if q.qualifier == "exact" else [q.qualifier]
    # prefix qualifier immediately before (allow one space)
    p = qs - 1 if qs > 0 and t[qs - 1] == " " else qs
    for word, kind in _PREFIX_QUALIFIERS:
        if kind and p >= len(word) and t[p - len(word):p] == word:
            if word == "近" and t[p - 2:p] == "最近":
                continue
            qs = p - len(word)
            if kind not in quals:
                quals.insert(0, kind)
            # 预计超过: more_than from 超过; forecast from the context below
            break
    # 上千名, 上百家, 上万人: "upwards of" a bare magnitude
    if qs == q.start and p > 0 and t[p - 1] == "上" and q.number_text[:1] in "十百千万亿" and q.value_low is None:
        qs = p - 1
        if "more_than" not in quals:
            quals.insert(0, "more_than")
    for word, kind in _SUFFIX_LONGEST_FIRST:
        if t.startswith(word, qe):
            qe = qe + len(word)
            if kind not in quals:
                quals.append(kind)
            break
    if q.value_low is not None and "approx" not in quals:
        quals.append("approx")
    if _forecast_before(t, qs):
        quals.append("forecast")
    # 约 + 多: keep the stronger statement once
    seen: list[str] = []
    for k in quals:
        if k not in seen:
            seen.append(k)
    if len(seen) > 1 and "exact" in seen:
        seen.remove("exact")
    qualifier = "+".join(seen) if seen else "exact"
    return Quantity(start=q.start, end=q.end, text=q.text, value=q.value, unit=q.unit, kind=q.kind,
                    qualifier=qualifier, value_low=q.value_low, value_high=q.value_high,
                    qualifier_start=qs, qualifier_end=qe, number_text=q.number_text)


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
