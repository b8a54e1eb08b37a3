"""Units: the currency, unit and measure words that follow a number, and how the genre writes money.

The tables (:data:`CURRENCIES`, :data:`CURRENCY_PREFIXES`, :data:`UNITS`, :data:`GENERIC_MEASURES`,
:data:`UNIT_BLOCKERS`) are what :func:`helpers.extract.quantities.find_quantities` reads around a
number: :func:`unit_at` matches a currency or unit word after it and :func:`prefix_currency` a
currency word before it. :func:`yuan_text` writes an amount of money as the genre does (亿元,
万元) or in English.
"""

from __future__ import annotations

import re

YI = 1e8  # 亿
WAN = 1e4  # 万


def yuan_text(value: float, lang: str = "zh", digits: int | None = 4) -> str:
    """An amount in yuan as the genre writes it (亿元, 万元) or in English (billion / million yuan).

    ``digits`` significant digits (``None``: as many as the value has, up to six).

    >>> yuan_text(147500000000), yuan_text(147500000000, "en"), yuan_text(12000000)
    ('1475亿元', '147.5 billion yuan', '1200万元')
    >>> yuan_text(123456789, digits=None), yuan_text(123456789)
    ('1.23457亿元', '1.235亿元')

    From a trillion up in 万亿元 and trillions, never in exponent form (a market's turnover):

    >>> yuan_text(3.3e15), yuan_text(3.3e15, "en"), yuan_text(1.26e14), yuan_text(2.5e17, "en")
    ('3300万亿元', '3,300 trillion yuan', '126万亿元', '250,000 trillion yuan')
    """
    small = f"{value:g}" if digits is None else f"{value:,.0f}"
    scales = ((WAN * YI, "万亿元"), (YI, "亿元"), (WAN, "万元")) if lang == "zh" else (
        (1e12, " trillion yuan"), (1e9, " billion yuan"), (1e6, " million yuan"))
    for scale, word in scales:
        if abs(value) >= scale:
            text = significant(value / scale, digits)
            return text.replace(",", "") + word if lang == "zh" else text + word
    return small + ("元" if lang == "zh" else " yuan")


def significant(x: float, digits: int | None) -> str:
    """``x`` to ``digits`` significant digits with thousands separators (None: up to six, without
    separators), in plain digits even where the ``g`` format would switch to an exponent.

    >>> significant(1.2e4, 4), significant(3.3e6, 4), significant(1234.5678, None)
    ('12,000', '3,300,000', '1234.57')
    """
    n = digits or 6
    text = f"{x:,.{n}g}" if digits is not None else f"{x:g}"
    if "e" not in text:
        return text
    return f"{x:,.0f}" if digits is not None else f"{x:.0f}"


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
    "份": ("count", "份"), "处": ("count", "处"), "组": ("count", "组"), "台套": ("count", "台套"),
    "台（套）": ("count", "台套"), "台(套)": ("count", "台套"),
    "国": ("count", "国"), "笔": ("count", "笔"), "宗": ("count", "宗"), "档": ("count", "档"),
    "班次": ("count", "班次"),
    "架次": ("count", "架次"), "艘次": ("count", "艘次"), "辆次": ("count", "辆次"), "批次": ("count", "批次"),
    "倍": ("other", "倍"),
}
#: Measure words with which a bare single Chinese digit (两个, 三种) is an idiom, not a figure.
GENERIC_MEASURES = frozenset({"个", "种", "批", "项", "次", "位", "条", "件", "片", "块", "场", "期",
                              "张", "部", "支", "只", "头", "间", "方", "米", "倍", "名", "届", "列", "所", "台", "款",
                              "套", "号", "级", "类", "份", "处", "组", "批次", "笔", "宗", "档"})
#: Characters after a measure word that turn it into another word (个人 ≠ 个, 名单, 人员 ...).
UNIT_BLOCKERS = {
    "个": "性体", "人": "员才们民士口次工类", "家": "庭乡长属族园用电具居",
    "位": "于置列", "次": "要序级", "期": "间待望货限末初刊", "方": "面式向法案针位能", "台": "湾阶",
    "条": "件例款约", "件": "事", "部": "分门署长委", "支": "持撑付出柱", "头": "部条脑", "种": "植子类",
    "片": "区", "块": "钱", "米": "饭粉", "克": "服隆", "场": "景所地合面", "列": "车入为", "元": "素首旦化",
    "斤": "斤", "吨": "位", "户": "籍口外", "只": "是有要能", "座": "谈位", "所": "有以谓属在",
    "名": "单", "倍": "增", "项": "目", "届": "时", "份": "额子量", "处": "理于在置长罚分室级",
    "组": "织建成合长委员件团", "笔": "记者试直墨", "国": "企有家际内产货外务营民道库资债标籍",
    "宗": "旨教族师", "档": "案次期口位",
}


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


def unit_at(t: str, pos: int):
    """The currency or unit word at ``pos`` (one space allowed before it) in folded text ``t``, as
    ``(kind, unit, word, end)`` (money: ``unit`` is the ISO code; 两块地: 块 is a count), or None
    when there is none or the word is part of another (个人, 名单, 元素).

    >>> unit_at("1475亿元,", 5), unit_at("20多家企业", 3), unit_at("三个人才", 2)
    (('money', 'CNY', '元', 6), ('count', '家', '家', 4), None)
    """
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
        if word in ("元", "块") and nxt and nxt in UNIT_BLOCKERS.get(word, ""):
            return None
        if word == "块" and nxt and nxt not in "钱，,。；;、 )）" and not re.match(
                r"[0-9零一二两三四五六七八九][角毛]", t[p + 1: p + 3]):
            # 两块地, 三块屏: 块 is a measure word there, not money
            return ("count", "块", word, p + len(word))
        return ("money", code, word, p + len(word))
    if uni:
        word, (kind, unit) = uni
        nxt = t[p + len(word): p + len(word) + 1]
        if len(word) == 1 and nxt and nxt in UNIT_BLOCKERS.get(word, ""):
            return None
        return (kind, unit, word, p + len(word))
    return None


def prefix_currency(t: str, s: int) -> str | None:
    """The ISO code of a currency word or symbol right before ``s`` (one space allowed), else None.

    >>> prefix_currency("港币两千九百六十元", 2), prefix_currency("$20", 1), prefix_currency("投资5亿元", 2)
    ('HKD', 'USD', None)
    """
    p = s - 1 if s > 0 and t[s - 1] == " " else s
    for word, code in sorted(CURRENCY_PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if p >= len(word) and t[p - len(word):p] == word:
            return code
    return None
