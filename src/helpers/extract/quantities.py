"""Numbers and quantities in Chinese news text: parse one number span, find every quantity.

Two layers:

* :func:`parse_number` turns one number span into a float, in any form Chinese news writes it:
  Arabic (``1,200``, ``35,000``, ``1.2``), full-width (``１２００``), Chinese numerals
  (``一千二百``, ``三百零五``, ``六点八``, ``两``, ``〇``), financial numerals (``壹佰伍拾``),
  traditional characters (``萬``, ``億``, ``兩``), and any mix with the magnitudes 十/百/千/万/亿/兆
  (``1.2万``, ``两万``, ``3.5亿``, ``4.78万亿``, ``3万4000``). It is a small hand-written parser;
  ``cn2an.transform`` is never run on free text (it turns 三一重工 into 31重工).
* :func:`find_quantities` finds every quantity in free text: a number followed by its unit or
  measure word (money, counts, percent, area, mass, length, energy), with ranges and qualifiers.

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
dates (年/月/日 are not units here; see :mod:`helpers.dates`), magnitude classes without a
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

__all__ = ["Quantity", "find_quantities", "normalize", "parse_number", "quantities_by_sentence"]

# --------------------------------------------------------------------------------------------
# Character normalisation (length-preserving, so offsets into the original text stay valid)
# --------------------------------------------------------------------------------------------

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_TRANSLATE = str.maketrans({
    **_FULLWIDTH,
    "．": ".", "％": "%", "﹪": "%", "－": "-", "−": "-", "～": "~", "〜": "~", "＋": "+",
    "，": "，",  # kept: the Chinese comma is a clause separator, handled in the patterns
    "萬": "万", "億": "亿", "兩": "两", "倆": "两", "點": "点", "個": "个", "負": "负",
    "幾": "几", "餘": "余", "貳": "贰", "陸": "陆", "對": "对", "圓": "圆",
    "Ｋ": "k", "Ｗ": "w",
})


def normalize(text: str) -> str:
    """Full-width digits/signs to ASCII and traditional numeral characters to simplified.

    Length-preserving: ``len(normalize(s)) == len(s)`` and offsets carry over.

    >>> normalize("１２．５％，兩萬")
    '12.5%，两万'
    """
    return text.translate(_TRANSLATE)


# --------------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------------

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_ARABIC_SUFFIX = {"k": 1e3, "w": 1e4, "m": 1e6}
_ZERO = "零〇○"

_CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_ARABIC_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_PLAIN_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_SCI = re.compile(r"(\d+(?:\.\d+)?|\.\d+)e([+-]?\d+)")


def _tokens(s: str) -> list[tuple[str, float | str]]:
    """Split a number span into ('num', value) / ('dig', value) / ('small'|'big', unit) / ('zero', 0)."""
    out: list[tuple[str, float | str]] = []
    i = 0
    while i < len(s):
        m = _ARABIC_RE.match(s, i)
        if m:
            out.append(("num", float(m.group().replace(",", ""))))
            i = m.end()
            continue
        ch = s[i]
        if ch in _ZERO:
            out.append(("zero", 0.0))
        elif ch in DIGITS:
            out.append(("dig", float(DIGITS[ch])))
        elif ch in SMALL_UNITS:
            out.append(("small", float(SMALL_UNITS[ch])))
        elif ch in BIG_UNITS:
            out.append(("big", float(BIG_UNITS[ch])))
        else:
            raise ValueError(f"not a number: {s!r} (unexpected {ch!r})")
        i += 1
    return out


def _section(tokens: list[tuple[str, float | str]], elide: float | None = None) -> float:
    """Value of a section below the largest magnitude (tokens of digits, 十/百/千 and 零).

    ``elide`` is the magnitude just above this section (一万三: the 三 after 万 means 3000).
    """
    if not tokens:
        return 0.0
    val = 0.0
    num: float | None = None
    num_kind = ""
    last_unit: float | None = None
    zero_seen = False
    for kind, v in tokens:
        if kind in ("num", "dig"):
            if num is not None:
                raise ValueError("two numbers without a unit between them")
            num, num_kind = float(v), kind
        elif kind == "zero":
            if num is not None:
                raise ValueError("digit before 零")
            zero_seen = True
        elif kind == "small":
            if last_unit is not None and v >= last_unit:
                raise ValueError("magnitudes out of order")
            val += (1.0 if num is None else num) * float(v)
            last_unit, num, zero_seen = float(v), None, False
        else:  # pragma: no cover - big units never reach a section
            raise ValueError("magnitude inside a section")
    if num is not None:
        if num_kind == "dig" and not zero_seen and last_unit is not None and last_unit >= 100:
            val += num * last_unit / 10  # 两千四百五 -> 2450
        elif num_kind == "dig" and not zero_seen and last_unit is None and elide and len(tokens) == 1:
            val += num * elide / 10  # 一万三 -> 13000 (handled by the caller's elide)
        else:
            val += num
    return val


def _integer(tokens: list[tuple[str, float | str]], elide: float | None = None) -> float:
    """Value of a token list with magnitudes: split at the last occurrence of the largest one."""
    bigs = [(float(v), i) for i, (k, v) in enumerate(tokens) if k == "big"]
    if not bigs:
        return _section(tokens, elide)
    top = max(v for v, _ in bigs)
    idx = max(i for v, i in bigs if v == top)
    left, right = tokens[:idx], tokens[idx + 1:]
    if not left:
        raise ValueError("magnitude without a number")
    lval = _integer(left)
    if lval == 0 and not any(k == "zero" for k, _ in left):
        raise ValueError("magnitude without a number")
    rval = _integer(right, elide=top) if right else 0.0
    if right and right[0][0] in ("dig",) and len(right) == 1:
        rval = right[0][1] * top / 10  # 九万四 -> 94000; 一亿二 -> 120000000
    return lval * top + rval


def _digit_string(s: str) -> float | None:
    """二〇二三 / 五五: a string of digit characters read digit by digit (no magnitudes)."""
    if len(s) >= 2 and all(ch in DIGITS for ch in s) and "两" not in s:
        return float("".join(str(DIGITS[ch]) for ch in s))
    return None


def _parse_unsigned(s: str) -> float:
    if not s:
        raise ValueError("empty number")
    if _PLAIN_ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    m = _SCI.fullmatch(s)
    if m:
        return float(m.group(1)) * 10 ** int(m.group(2))
    if s[-1] in _ARABIC_SUFFIX and _PLAIN_ARABIC.fullmatch(s[:-1]):
        return float(s[:-1].replace(",", "")) * _ARABIC_SUFFIX[s[-1]]
    if s == "半百":
        return 50.0
    # fractions: 五分之一, 3又一千分之23, 3/5, 1 3/5
    if "分之" in s:
        whole = 0.0
        if "又" in s:
            w, s = s.split("又", 1)
            whole = _parse_unsigned(w)
        den, num = s.split("分之", 1)
        d = _parse_unsigned(den)
        if d == 0:
            raise ValueError("zero denominator")
        return whole + _parse_unsigned(num) / d
    m = re.fullmatch(r"(?:(\d+) )?(\d+)/(\d+)", s)
    if m:
        if float(m.group(3)) == 0:
            raise ValueError("zero denominator")
        return float(m.group(1) or 0) + float(m.group(2)) / float(m.group(3))
    ds = _digit_string(s)
    if ds is not None:
        return ds
    # approximators inside a span (十余万, 一千多万, 二十几万, 四百多): value as written
    core = re.sub(r"(?<=.)[余多几来](?=[十百千万亿]|$)", "", s)
    core = re.sub(r"零(?=[万亿])", "", core)  # 一百零几万 -> 一百万
    if "点" in core:
        ip, fp = core.split("点", 1)
        m = re.match(r"[" + "".join(DIGITS) + r"]+", fp)
        if not m:
            raise ValueError(f"not a number: {s!r}")
        frac_digits, rest = m.group(), fp[m.end():]
        frac = float("0." + "".join(str(DIGITS[c]) for c in frac_digits))
        base = _integer(_tokens(ip)) if ip else 0.0
        if ip and not any(k != "big" for k, _ in _tokens(ip)):
            raise ValueError(f"not a number: {s!r}")
        mult = 1.0
        for ch in rest:
            if ch not in BIG_UNITS:
                raise ValueError(f"not a number: {s!r}")
            mult *= BIG_UNITS[ch]
        return (base + frac) * mult
    toks = _tokens(core)
    if not any(k in ("num", "dig", "zero", "small") for k, _ in toks):
        raise ValueError(f"not a number: {s!r}")
    return _integer(toks)


def parse_number(s: str) -> float:
    """Parse one number span (Arabic, Chinese, financial, full-width or mixed) to a float.

    Raises ``ValueError`` when ``s`` is not a number. Spaces inside the span are ignored.

    >>> parse_number("1475亿")
    147500000000.0
    >>> parse_number("一千二百"), parse_number("三百零五"), parse_number("六点八"), parse_number("两万")
    (1200.0, 305.0, 6.8, 20000.0)
    >>> parse_number("1,200"), parse_number("１２００"), parse_number("1.2万")
    (1200.0, 1200.0, 12000.0)
    >>> parse_number("三一重工")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '三一重工' (unexpected '重')
    """
    if not isinstance(s, str):
        raise ValueError(f"not a number: {s!r}")
    t = normalize(s).strip().replace(" ", "").replace("\u3000", "").replace("，", ",").lower()
    sign = 1.0
    while t[:1] in ("负", "-", "+"):
        if t[0] != "+":
            sign = -sign
        t = t[1:]
    # "负3分之负一百五十七": signs on both parts of a fraction cancel
    if "分之负" in t:
        t, sign = t.replace("分之负", "分之"), -sign
    try:
        value = _parse_unsigned(t)
    except (IndexError, KeyError, OverflowError) as exc:
        raise ValueError(f"not a number: {s!r}") from exc
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"not a number: {s!r}")
    return sign * value


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

#: Currency words after a number -> ISO code. Longest match wins.
CURRENCIES = {
    "元人民币": "CNY", "人民币": "CNY", "元": "CNY", "块钱": "CNY", "块": "CNY", "圆整": "CNY",
    "圆": "CNY", "美元": "USD", "美金": "USD", "美圆": "USD", "欧元": "EUR", "日元": "JPY",
    "日币": "JPY", "港元": "HKD", "港币": "HKD", "英镑": "GBP", "韩元": "KRW", "澳元": "AUD",
    "卢布": "RUB", "泰铢": "THB", "新台币": "TWD", "台币": "TWD", "瑞士法郎": "CHF",
    "加元": "CAD", "新加坡元": "SGD", "卢比": "INR", "奈拉": "NGN", "比特币": "BTC",
}
#: Currency words before a number (人民币50元, 港币两千九百六十元, $20).
CURRENCY_PREFIXES = {"人民币": "CNY", "港币": "HKD", "新台币": "TWD", "美元": "USD", "￥": "CNY",
                     "¥": "CNY", "US$": "USD", "$": "USD", "€": "EUR", "HK$": "HKD", "RMB": "CNY"}

CURRENCY_PREFIXES_SYMBOLS = {"CNY": "￥", "USD": "$", "EUR": "€", "HKD": "HK$"}

#: unit word -> (kind, unit as stored). Longest match wins.
UNITS: dict[str, tuple[str, str]] = {
    # area
    "平方公里": ("area", "平方公里"), "平方千米": ("area", "平方公里"), "平方米": ("area", "平方米"),
    "平米": ("area", "平方米"), "公顷": ("area", "公顷"), "亩": ("area", "亩"), "㎡": ("area", "平方米"),
    # mass
    "吨": ("mass", "吨"), "公斤": ("mass", "公斤"), "千克": ("mass", "公斤"), "斤": ("mass", "斤"),
    "克": ("mass", "克"), "微克": ("mass", "微克"), "毫克": ("mass", "毫克"), "kg": ("mass", "公斤"),
    # length
    "英寸": ("length", "英寸"), "公里": ("length", "公里"), "千米": ("length", "公里"),
    "米": ("length", "米"), "厘米": ("length", "厘米"), "公分": ("length", "厘米"),
    "毫米": ("length", "毫米"), "纳米": ("length", "纳米"), "km": ("length", "公里"),
    "cm": ("length", "厘米"), "mm": ("length", "毫米"), "nm": ("length", "纳米"),
    # energy, power, volume, containers: kind other
    "千瓦时": ("other", "千瓦时"), "千瓦": ("other", "千瓦"), "兆瓦": ("other", "兆瓦"),
    "吉瓦": ("other", "吉瓦"), "度电": ("other", "千瓦时"), "标箱": ("other", "标箱"),
    "头份": ("count", "头份"), "羽份": ("count", "羽份"),
    "立方米": ("other", "立方米"), "方": ("other", "立方米"),
    # counts: the measure word is the unit
    "人次": ("count", "人次"), "家": ("count", "家"), "个": ("count", "个"), "项": ("count", "项"),
    "人": ("count", "人"), "名": ("count", "名"), "户": ("count", "户"), "座": ("count", "座"),
    "所": ("count", "所"), "台": ("count", "台"), "辆": ("count", "辆"), "套": ("count", "套"),
    "条": ("count", "条"), "件": ("count", "件"), "位": ("count", "位"), "种": ("count", "种"),
    "款": ("count", "款"), "艘": ("count", "艘"), "架": ("count", "架"), "列": ("count", "列"),
    "批": ("count", "批"), "栋": ("count", "栋"), "片": ("count", "片"), "块": ("count", "块"),
    "张": ("count", "张"), "部": ("count", "部"), "支": ("count", "支"), "只": ("count", "只"),
    "头": ("count", "头"), "株": ("count", "株"), "棵": ("count", "棵"), "间": ("count", "间"),
    "场": ("count", "场"), "届": ("count", "届"), "次": ("count", "次"), "期": ("count", "期"),
    "倍": ("other", "倍"),
}
#: Measure words with which a bare single Chinese digit (两个, 三种) is an idiom, not a figure.
GENERIC_MEASURES = frozenset({"个", "种", "批", "项", "次", "位", "条", "件", "片", "块", "场", "期",
                              "张", "部", "支", "只", "头", "间", "方", "米", "倍", "名", "届", "列", "所", "台", "款",
                              "套", "号", "级", "类"})
#: Characters after a measure word that turn it into another word (个人 ≠ 个, 名单, 人员 ...).
_UNIT_BLOCKERS = {
    "个": "性体", "人": "员才们民士口次工类", "家": "庭乡长属族园用电具居",
    "位": "于置列", "次": "要序级", "期": "间待望货限末初刊", "方": "面式向法案针位能", "台": "湾阶",
    "条": "件例款约", "件": "事", "部": "分门署长委", "支": "持撑付出柱", "头": "部条脑", "种": "植子类",
    "片": "区", "块": "钱", "米": "饭粉", "克": "服隆", "场": "景所地合面", "列": "车入为", "元": "素首旦化",
    "斤": "斤", "吨": "位", "户": "籍口外", "只": "是有要能", "座": "谈位", "所": "有以谓属在",
    "名": "单", "倍": "增", "项": "目", "届": "时",
}

_BIG_TAIL = "万亿兆"

# Characters that may make up a number span in free text (after normalize()).
_CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟"
_FIN_ONLY = set("壹贰叁肆伍陆柒捌玖拾佰仟")
_NUM_RUN = re.compile(
    r"(?:\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?|\.\d+)(?: ?[十百千万亿兆拾佰仟]+(?:零?\d+(?:\.\d+)?)?)*"
    r"(?:[多余几来]?[十百千万亿兆]+)?"
    r"|[" + _CN_NUM_CHARS + r"](?:[" + _CN_NUM_CHARS + r"余多几来点]|\d)*"
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


def _match_word(text: str, pos: int, table) -> tuple[str, object] | None:
    """Longest key of ``table`` starting at ``pos``."""
    index = _WORD_INDEX.get(id(table))
    if index is None or index[0] is not table or index[1] != len(table):
        index = _WORD_INDEX[id(table)] = (table, len(table), _index_words(table))
    for key in index[2].get(text[pos:pos + 1], ()):
        if text.startswith(key, pos):
            return key, table[key]
    return None


def _index_words(table) -> dict[str, list[str]]:
    """Keys by first character, longest first (two keys of one length cannot both match)."""
    out: dict[str, list[str]] = {}
    for key in table:
        if key:
            out.setdefault(key[0], []).append(key)
    return {c: sorted(keys, key=len, reverse=True) for c, keys in out.items()}


_WORD_INDEX: dict[int, tuple[object, int, dict[str, list[str]]]] = {}


def _split_num(span: str) -> tuple[str, str]:
    """Separate trailing infix approximators: ('三万', '余') from '三万余'; ('20', '多')."""
    m = re.search(r"[多余几来]+$", span)
    if m:
        return span[: m.start()], m.group()
    return span, ""


def _unit_at(t: str, pos: int):
    """Match a currency or a unit word at ``pos`` (after optional single space)."""
    p = pos + 1 if t[pos:pos + 1] == " " else pos
    if t[p:p + 1].isascii():
        head = t[p:p + 3]
        low = head.lower()
        if low != head:
            t = t[:p] + low + t[p + 3:]  # 168CM; same length, offsets unchanged
    cur = _match_word(t, p, CURRENCIES)
    uni = _match_word(t, p, UNITS)
    if cur and (not uni or len(cur[0]) >= len(uni[0])):
        word, code = cur
        nxt = t[p + len(word): p + len(word) + 1]
        if word in ("元", "块") and nxt and nxt in _UNIT_BLOCKERS.get(word, ""):
            return None
        if word == "块" and nxt and nxt not in "钱，,。；;、 )）" and not re.match(
                r"[0-9零一二两三四五六七八九][角毛]", t[p + 1: p + 3]):
            # 两块地, 三块屏: 块 is a measure word there, not money
            return ("count", "块", word, p + len(word))
        return ("money", code, word, p + len(word))
    if uni:
        word, (kind, unit) = uni
        nxt = t[p + len(word): p + len(word) + 1]
        if len(word) == 1 and nxt and nxt in _UNIT_BLOCKERS.get(word, ""):
            return None
        return (kind, unit, word, p + len(word))
    return None


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
#: Closing quotes and brackets: between a wall and a sentence they change nothing.
_CLOSERS = frozenset("”’」』）)】］]》〉〕\"'")


def _walled(text: str, lo: int, hi: int) -> bool:
    """Whether ``find_quantities(text[lo:hi])`` is exactly ``find_quantities(text)`` restricted
    to ``[lo, hi)`` and shifted: walls (optionally followed by closers) on both sides."""
    j = lo
    while j > 0 and text[j - 1] in _CLOSERS:
        j -= 1
    if j > 0 and text[j - 1] not in _WALL_BEFORE:
        return False
    if hi >= len(text):
        return True
    k = hi
    while k > lo and text[k - 1] in _CLOSERS:
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
    t = normalize(text)
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
    if head[-1] in "千兆" and _unit_at(t, e - 1) is not None and _unit_at(t, e - 1)[2][0] == head[-1]:
        return None  # 2.3千克, 12千米, 5兆瓦: the magnitude belongs to the unit
    if not infix and e < len(t) and t[e] in "多余来" and _unit_at(t, e + 1) is not None:
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
                u = _unit_at(t, rng.end() + len(hi_head))
                if u is None:
                    continue
                q = _build(t, text, s, rng.end() + len(hi_head), hi_core, hi_infix, u,
                           low=num_core, blocked=blocked)
                if q is not None:
                    return q
    # adjacent digits as a range: 八九亿, 三五百, 二三十
    u = _unit_at(t, e)
    if u is None:
        pre = _prefix_currency(t, s)
        if pre and not re.search(r"[\u4e00-\u9fff]", CURRENCY_PREFIXES_SYMBOLS.get(pre, "")) and s > 0 and t[s - 1] in "$￥¥€":
            u = ("money", pre, "", e)
        else:
            return None
    return _build(t, text, low_start, e, num_core, infix, u, low=low_text, blocked=blocked)


def _prefix_currency(t: str, s: int) -> str | None:
    """A currency word right before the number (港币两千九百六十元 -> HKD)."""
    p = s - 1 if s > 0 and t[s - 1] == " " else s
    for word, code in sorted(CURRENCY_PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if p >= len(word) and t[p - len(word):p] == word:
            return code
    return None


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
    if re.fullmatch(r"[" + "".join(_FIN_ONLY) + r"]", core):
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
        pre = _prefix_currency(t, s)
        if pre and unit == "CNY" and word in ("元", "圆", "块"):
            unit = pre
    return Quantity(start=s, end=end, text=text[s:end], value=value, unit=unit, kind=kind,
                    qualifier=qualifier, value_low=vlow, value_high=vhigh,
                    number_text=text[s:num_end])


_PCT_NUM = r"(?:负|-)?(?:\d+(?:[,，]\d{3})*(?:\.\d+)?|\.\d+|[" + _CN_NUM_CHARS + r"点]+)(?: ?k)?"
_PERCENT_RE = re.compile(
    r"(?P<a>(?:负|-)?\d+(?:[,，]\d{3})*(?:\.\d+)?(?:(?:至|到|~|-)\d+(?:\.\d+)?)? ?%)"
    r"|(?P<b>百 ?分 ?之 ?" + r"(?:负)?(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|[" + _CN_NUM_CHARS + r"点 ]*[" + _CN_NUM_CHARS + r"]))"
    r"|(?P<c>千 ?分 ?之 ?(?:\d+(?:\.\d+)?|[" + _CN_NUM_CHARS + r"点]+))"
    r"|(?P<d>万 ?分 ?之 ?(?:\d+(?:\.\d+)?|[" + _CN_NUM_CHARS + r"点]+))"
    r"|(?P<e>(?:\d+(?:[,，]\d{3})*(?:\.\d+)?(?: ?k)?|[" + _CN_NUM_CHARS + r"点 ]*[" + _CN_NUM_CHARS + r"]) *个 ?百 ?分 ?点)"
    r"|(?P<f>(?:\d+(?:\.\d+)?|[" + _CN_NUM_CHARS + r"点]+)成(?![为员本功果立长熟交就效都绩品型像形全])(?:半)?)"
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
