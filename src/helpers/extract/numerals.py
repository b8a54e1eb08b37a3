"""Numerals: read one number span of Chinese news text as a float.

:func:`parse_number` reads a number in any form Chinese news writes it: Arabic (``1,200``,
``35,000``, ``1.2``), full-width (``１２００``), Chinese numerals (``一千二百``, ``三百零五``,
``六点八``, ``两``, ``〇``), financial numerals (``壹佰伍拾``), traditional characters (``萬``,
``億``, ``兩``), and any mix with the magnitudes 十/百/千/万/亿/兆 (``1.2万``, ``两万``, ``3.5亿``,
``4.78万亿``, ``3万4000``). It is a small hand-written parser; ``cn2an.transform`` is never run on
free text (it turns 三一重工 into 31重工).

:func:`fold_numerals` is the length-preserving character fold every number reader runs first
(full-width digits and signs to ASCII, traditional numeral characters to simplified), so offsets
into the folded text index the original.
"""

from __future__ import annotations

import math
import re

__all__ = ["BIG_UNITS", "DIGITS", "FINANCIAL_CHARS", "NUMERAL_CHARS", "SMALL_UNITS", "fold_numerals", "parse_number"]

# --------------------------------------------------------------------------------------------
# Character fold (length-preserving, so offsets into the original text stay valid)
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


def fold_numerals(text: str) -> str:
    """Full-width digits/signs to ASCII and traditional numeral characters to simplified.

    Length-preserving: ``len(fold_numerals(s)) == len(s)`` and offsets carry over.

    >>> fold_numerals("１２．５％，兩萬")
    '12.5%，两万'
    """
    return text.translate(_TRANSLATE)


# --------------------------------------------------------------------------------------------
# Numeral characters
# --------------------------------------------------------------------------------------------

#: Digit characters, plain and financial, and their values.
DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
#: Magnitudes inside a section (十, 百, 千 and their financial forms) ...
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: ... and the magnitudes that sections multiply (一千二百万: 一千二百 times 万).
BIG_UNITS = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_ARABIC_SUFFIX = {"k": 1e3, "w": 1e4, "m": 1e6}
_ZERO = "零〇○"

#: Characters that may make up a Chinese number span in free text (after :func:`fold_numerals`).
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟"
#: The financial forms (壹, 拾 ...): alone, one of them is not a number in running text.
FINANCIAL_CHARS = "壹贰叁肆伍陆柒捌玖拾佰仟"

_ARABIC_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_PLAIN_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_SCI = re.compile(r"(\d+(?:\.\d+)?|\.\d+)e([+-]?\d+)")
_SLASH_FRACTION = re.compile(r"(?:(\d+) )?(\d+)/(\d+)")
_DIGIT_RUN = re.compile("[" + "".join(DIGITS) + "]+")

# --------------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------------

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
            val += num * elide / 10  # the 三 of 一万三 (13000), the 四 of 九万四, the 二 of 一亿二
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
    rval = _integer(right, elide=top) if right else 0.0  # 九万四: the 四 read as 4000 by the elide
    return lval * top + rval


def _digit_string(s: str) -> float | None:
    """二〇二三 / 五五: a string of digit characters read digit by digit (no magnitudes)."""
    if len(s) >= 2 and all(ch in DIGITS for ch in s) and "两" not in s:
        return float("".join(str(DIGITS[ch]) for ch in s))
    return None


def _parse_unsigned(s: str) -> float:
    """A number without a sign: the Arabic forms, then fractions, digit strings, Chinese numerals."""
    if not s:
        raise ValueError("empty number")
    for read in (_arabic, _fraction, _digit_string):
        value = read(s)
        if value is not None:
            return value
    return _chinese(s)


def _arabic(s: str) -> float | None:
    """1,200 / 1.2 / 1.5e3 / 3k, 2w (thousand, 万) / 半百; None for any other form."""
    if _PLAIN_ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    m = _SCI.fullmatch(s)
    if m:
        return float(m.group(1)) * 10 ** int(m.group(2))
    if s[-1] in _ARABIC_SUFFIX and _PLAIN_ARABIC.fullmatch(s[:-1]):
        return float(s[:-1].replace(",", "")) * _ARABIC_SUFFIX[s[-1]]
    if s == "半百":
        return 50.0
    return None


def _fraction(s: str) -> float | None:
    """五分之一, 3又一千分之23 (whole 又 fraction), 3/5, 1 3/5; None for any other form."""
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
    m = _SLASH_FRACTION.fullmatch(s)
    if m:
        if float(m.group(3)) == 0:
            raise ValueError("zero denominator")
        return float(m.group(1) or 0) + float(m.group(2)) / float(m.group(3))
    return None


def _chinese(s: str) -> float:
    """Chinese numerals with magnitudes, Arabic digits mixed in (3万4000), a decimal point 点."""
    # approximators inside a span (十余万, 一千多万, 二十几万, 四百多): value as written
    core = re.sub(r"(?<=.)[余多几来](?=[十百千万亿]|$)", "", s)
    core = re.sub(r"零(?=[万亿])", "", core)  # 一百零几万 -> 一百万
    if "点" in core:
        return _chinese_decimal(core, s)
    toks = _tokens(core)
    if not any(k in ("num", "dig", "zero", "small") for k, _ in toks):
        raise ValueError(f"not a number: {s!r}")
    return _integer(toks)


def _chinese_decimal(core: str, s: str) -> float:
    """六点八, 三点五亿, 点五: the integer part, digits after 点 read one by one, trailing magnitudes."""
    ip, fp = core.split("点", 1)
    m = _DIGIT_RUN.match(fp)
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
    t = fold_numerals(s).strip().replace(" ", "").replace("\u3000", "").replace("，", ",").lower()
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
