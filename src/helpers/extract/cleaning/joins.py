"""Lines broken mid-sentence: whether the next line continues a line, and why."""

from __future__ import annotations

from helpers.chars import is_cjk
from helpers.extract.cleaning.furniture import is_related_line
from helpers.extract.cleaning.lines import ending, heading_like
from helpers.extract.cleaning.pieces import Piece
from helpers.extract.cleaning.repairs import view
from helpers.extract.cleaning.text import SPACE, Words, word_spans
from helpers.extract.quantities import find_quantities

#: What a line cannot start with.
_NON_STARTERS = set("，。、；：？！）》〉】」』,.;:?!)]")
#: Units and measure words a number is split from.
_UNIT_START = set("亿万千百元个家人项台吨亩年月日号%％倍件辆座所条名次")

#: function words and quantifier phrases that jieba's dictionary lacks or splits (不少|于), and
#: that news text breaks across lines; a break inside one of them is inside the sentence.
_SPLIT_PHRASES = (
    "不少于", "不低于", "不多于", "不高于", "不小于", "不大于", "不超过", "不足", "不到", "至少",
    "超过", "突破", "达到", "高达", "约为", "约合", "大约", "接近", "将近", "以上", "以下", "以内",
    "左右", "累计", "共计", "合计", "总计", "同比", "分别",
)
#: words that govern a quantity: a line ending with one continues with its number (突破 / 1000万吨).
_NUMBER_LEADS = tuple(sorted({
    *_SPLIT_PHRASES, "超", "逾", "近", "约", "达", "共", "增至", "降至", "提高到", "提高至", "增长",
    "增加", "新增", "减少", "下降", "降低", "实现", "完成", "投资", "总投资", "投入", "带动", "吸纳",
    "引进", "签约", "年产", "年均", "拥有", "共有", "现有", "集聚", "入驻", "可达", "将达", "为",
}, key=len, reverse=True))


def _phrase_spans(left: str, right: str) -> str:
    """A phrase of :data:`_SPLIT_PHRASES` that the join of ``left`` and ``right`` falls inside."""
    a, b = left.rstrip(SPACE), right.lstrip(SPACE)
    for phrase in _SPLIT_PHRASES:
        for k in range(1, len(phrase)):
            if a.endswith(phrase[:k]) and b.startswith(phrase[k:]):
                return phrase
    return ""


def _number_lead(left: str) -> str:
    a = left.rstrip(SPACE)
    return next((w for w in _NUMBER_LEADS if a.endswith(w)), "")


def _leading_quantity(right: str) -> str:
    """The number + unit that ``right`` opens with (20个, 1000万吨, 一百亿元), '' if none."""
    b = right.lstrip(SPACE)[:24]
    if not b or not (b[0].isdigit() or b[0] in "零〇一二两三四五六七八九十百千"):
        return ""
    qs = find_quantities(b)
    if qs and qs[0].start == 0:
        return b[:qs[0].qualifier_end]
    return ""


def _closes_clause(right: str, n: int) -> bool:
    """The quantity of ``right[:n]`` is followed by clause punctuation (于20个，…)."""
    rest = right.lstrip(SPACE)[n:]
    return bool(rest) and rest[0] in "，,、；;。！？!?"


def _quantity_continues(at: str, bt: str) -> str:
    """Why ``bt`` continues ``at`` through a number: a unit split off, a quantifier phrase broken,
    a governing word split from its quantity, a bare quantity ending a clause; '' if none."""
    last, first = at.rstrip()[-1:], bt[:1]
    if last.isdigit() and first in _UNIT_START:
        return "a number is split from its unit"
    phrase = _phrase_spans(at, bt)
    if phrase:
        return f"the line break falls inside {phrase!r}"
    qty = _leading_quantity(bt)
    if qty and is_cjk(last):
        lead = _number_lead(at)
        if lead:
            return f"{lead!r} is split from the quantity it governs ({qty!r})"
        if _closes_clause(bt, len(qty)):
            return f"the next line opens with a bare quantity ending a clause ({qty!r})"
    return ""


def continues(a: Piece, b: Piece, blank_separated: bool, words: Words) -> str:
    """Why ``b`` continues ``a`` (a reason for the log), or '' if it does not.

    Judged on the lines as cleaning will leave them, so raw and clean text are judged alike.
    """
    at, bt = view(a.text, words), view(b.text, words)
    end = ending(at)
    if end in ("final", "leadin") or is_related_line(at) or not bt:
        return ""
    first = bt[:1]
    if end == "continuing":
        return "line ends with a comma, enumeration mark or opening bracket"
    if first in _NON_STARTERS:
        return f"next line starts with {first!r}, which cannot start a line"
    word = word_spans(at, bt, words)
    if word:
        return f"the line break falls inside the word {word!r}"
    reason = _quantity_continues(at, bt)
    if reason:
        return reason
    if blank_separated and b.gap == 1 and not heading_like(at):
        return "single line break inside a paragraph (paragraphs are separated by blank lines)"
    return ""
