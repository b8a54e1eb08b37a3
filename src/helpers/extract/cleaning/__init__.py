"""Stage 01: repair OCR'd Chinese news text, recover its structure, and log every change.

The entry points are :func:`clean_text` (text in, clean text and change log out) and
:func:`clean_document` (a :class:`~helpers.store.textio.Decoded` file in, a ``documents`` row and its
``cleaning_log`` rows out). Everything is a pure function of one text, so it maps over a corpus.

What is repaired (each change is a log entry ``op, raw_start, raw_end, before, after, reason``
whose offsets index the input text):

``join_broken_line``
    A line that ends mid-sentence is joined to the next line when the next line continues it: the
    break falls inside a dictionary word (``新能 / 源汽车``), the line ends with a comma or an
    enumeration mark, the next line starts with punctuation no line can start with, a number is
    split from its unit, the break falls inside a quantifier phrase (``不少 / 于20个``), a word
    that governs a number is split from its quantity (``突破 / 1000万吨``), the next line opens
    with a bare quantity that ends a clause (``项目 / 12个，``), or (in a text whose paragraphs
    are separated by blank lines) the two lines are separated by a single line break.
``remove_cjk_space``
    Spaces between Chinese characters (``的 写照``), between Chinese and full-width punctuation,
    and between Chinese and digits (``3个万 亿级``). In a title, a heading and a related-article
    title a space between two Chinese characters separates two clauses of the headline
    (``加速东西部产业协同合作 重庆书写…``) and is kept, unless a dictionary word spans it.
``fullwidth_punct``, ``pair_quotes``
    ``, ; : ? ! ( )`` next to Chinese text become full width, never between two digits
    (``1,200`` and ``10:30`` stay; ``(2025-2027)`` gets full-width brackets, its digits stay);
    straight double quotes become paired ``“ ”``.
``remove_stray_glyph``, ``remove_furniture``, ``split_related``
    Lone non-text glyphs (a line ``ш``), page furniture (page numbers, editor lines, ``（完）``),
    and the trailing list of other articles (``6》涪陵 当好…``), which goes to ``related``.

What is flagged, not changed (``before == after``):

``flag_lost_text``
    A line ends mid-sentence and the next line does not continue it: text may be missing.
``flag_dash_confusion``
    ``一`` standing alone between noun phrases where a dash belongs (``项目投产一产值贡献一就业带动``).
``flag_unpaired_quote``, ``flag_replacement_char``
    A quotation mark without its partner; a U+FFFD left by a failed decode.

Layout white space (line ends, blank lines, indentation, trailing spaces) is not logged.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import BadInput
from helpers.extract.quantities import find_quantities
from helpers.store.schemas import TABLES
from helpers.store.textio import Decoded

__all__ = ["CleanedDocument", "clean_document", "clean_text", "parse_byline", "parse_related"]

# ----------------------------------------------------------------------------- character classes

_CJK_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F), (0x3007, 0x3007),
)


def is_cjk(ch: str) -> bool:
    """True for a Chinese character (CJK unified ideographs and their extensions, 〇)."""
    return len(ch) == 1 and _CJK_RE.match(ch) is not None


#: One character of :data:`_CJK_RANGES`, for counting in C.
_CJK_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES) + "]")


FW_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～")
_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009"
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
#: Terminal escape sequences, C0/C1 control characters (tab kept) and bidirectional overrides,
#: which can reorder how text is displayed: dropped, each logged.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# how a line ends
_FINAL = set("。！？!?…；;")           # a sentence (or list item) is complete
_LEADIN = set("：:—")                  # a paragraph that introduces the next one
_CONTINUING = set("，,、（(《〈【「『")  # the sentence obviously goes on
_CLOSERS = set("”’）)》〉】」』'")
# what a line cannot start with
_NON_STARTERS = set("，。、；：？！）》〉】」』,.;:?!)]")
# units and measure words a number is split from
_UNIT_START = set("亿万千百元个家人项台吨亩年月日号%％倍件辆座所条名次")
_SENTENCE_PUNCT = set("，。；！？,;!?")

_MAX_TITLE = 60
_MAX_HEADING = 30


def _cjkish(ch: str) -> bool:
    return bool(ch) and (is_cjk(ch) or ch in FW_PUNCT)


def _cjk_count(s: str) -> int:
    return len(_CJK_RE.findall(s))


# ----------------------------------------------------------------------------- dictionary

@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], float, int]:
    """jieba's word list (word -> frequency), read as data; jieba itself is not imported here."""
    words: dict[str, int] = {}
    spec = importlib.util.find_spec("jieba")
    if spec and spec.origin:
        path = Path(spec.origin).parent / "dict.txt"
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    parts = line.split(" ", 2)
                    if len(parts) >= 2:
                        try:
                            words[parts[0]] = int(parts[1])
                        except ValueError:
                            continue
    total = float(sum(words.values()) or 1)
    longest = max((len(w) for w in words), default=1)
    return words, math.log(total), min(longest, 8)


def _segment(s: str) -> list[str]:
    """Maximum-probability segmentation of a short Chinese string (jieba's DAG model, no HMM)."""
    words, log_total, longest = _dictionary()
    n = len(s)
    best = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        cands = []
        for j in range(i + 1, min(n, i + longest) + 1):
            w = s[i:j]
            f = words.get(w)
            if f or j == i + 1:
                cands.append((math.log(f or 1) - log_total + best[j][0], j))
        best[i] = max(cands)
    out, i = [], 0
    while i < n:
        j = best[i][1]
        out.append(s[i:j])
        i = j
    return out


def _word_spans(left: str, right: str) -> str:
    """The dictionary word that spans the join of ``left`` and ``right`` ('' if none).

    Only the last four Chinese characters of ``left`` and the first four of ``right`` are looked
    at, spaces ignored; the join must fall inside a word of the best segmentation.
    """
    tail = []
    for ch in reversed(left):
        if ch in _SPACE:
            continue
        if not is_cjk(ch) or len(tail) == 4:
            break
        tail.append(ch)
    head = []
    for ch in right:
        if ch in _SPACE:
            continue
        if not is_cjk(ch) or len(head) == 4:
            break
        head.append(ch)
    if not tail or not head:
        return ""
    a, b = "".join(reversed(tail)), "".join(head)
    pos = 0
    for tok in _segment(a + b):
        if pos < len(a) < pos + len(tok):
            return tok
        pos += len(tok)
    return ""


# ----------------------------------------------------------------------------- tracked text

@dataclass
class _Piece:
    """A stretch of text with the raw offset of each of its characters."""

    text: str
    offs: list[int]
    end: int  # raw offset just after the piece
    gap: int = 0  # line breaks between this line and the previous non-empty one
    kind: str = "body"
    flags: list = field(default_factory=list)

    def raw_span(self, s: int, e: int) -> tuple[int, int]:
        rs = self.offs[s] if s < len(self.text) else self.end
        re_ = self.offs[e - 1] + 1 if e > s else rs
        return rs, re_


def _entry(op, rs, re_, before, after, reason) -> dict:
    return {"op": op, "raw_start": int(rs), "raw_end": int(re_), "before": before, "after": after,
            "reason": reason}


def _apply(piece: _Piece, edits: list[tuple], log: list[dict]) -> bool:
    """Apply non-overlapping edits ``(start, end, new, op, reason)`` to ``piece``; log each."""
    if not edits:
        return False
    edits = sorted(edits, key=lambda e: (e[0], e[1]))
    text, offs = piece.text, piece.offs
    out, new_offs, pos = [], [], 0
    for s, e, new, op, reason in edits:
        if s < pos:  # overlapping edit: skip, the next round will see it again
            continue
        out.append(text[pos:s])
        new_offs.extend(offs[pos:s])
        rs, re_ = piece.raw_span(s, e)
        log.append(_entry(op, rs, re_, text[s:e], new, reason))
        out.append(new)
        new_offs.extend(offs[s:e] if len(new) == e - s else [rs] * len(new))
        pos = e
    out.append(text[pos:])
    new_offs.extend(offs[pos:])
    piece.text, piece.offs = "".join(out), new_offs
    return True


def _join(a: _Piece, b: _Piece, raw: str, reason: str, log: list[dict]) -> _Piece:
    rs = a.end
    re_ = b.offs[0] if b.offs else b.end
    log.append(_entry("join_broken_line", rs, re_, raw[rs:re_], "", reason))
    return _Piece(a.text + b.text, a.offs + b.offs, b.end, a.gap, a.kind, a.flags + b.flags)


# ----------------------------------------------------------------------------- lines

def _lines(raw: str, log: list[dict]) -> list[_Piece]:
    """Non-empty lines with offsets; invisible characters removed (logged), edges trimmed."""
    pieces: list[_Piece] = []
    breaks = 0  # line breaks since the previous non-empty line
    for m in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", raw):
        body, start = m.group(1), m.start(1)
        chars, offs = [], []
        dropped: set[int] = set()
        for c in _CONTROL.finditer(body):
            dropped.update(range(c.start(), c.end()))
            log.append(_entry("drop_control", start + c.start(), start + c.end(), c.group(), "",
                              "control character or terminal escape (no place in article text)"))
        for k, ch in enumerate(body):
            if k in dropped:
                continue
            if ch in _INVISIBLE:
                log.append(_entry("remove_invisible", start + k, start + k + 1, ch, "",
                                  "invisible character (byte-order mark or zero-width space)"))
                continue
            chars.append(ch)
            offs.append(start + k)
        lo, hi = 0, len(chars)  # layout white space at both ends is trimmed, not logged
        while lo < hi and chars[lo] in _SPACE:
            lo += 1
        while hi > lo and chars[hi - 1] in _SPACE:
            hi -= 1
        if lo < hi:
            pieces.append(_Piece("".join(chars[lo:hi]), offs[lo:hi], offs[hi - 1] + 1, breaks))
            breaks = 0
        breaks += 1 if m.group(2) else 0
    return pieces


_STRAYISH = re.compile(r"[\u0400-\u04ff\ue000-\uf8ff]")


def _is_stray_line(t: str) -> bool:
    """A line of at most three glyphs that are not text: no Chinese, no digit, no Latin letter."""
    if any(is_cjk(c) or c.isdigit() or ("a" <= c.lower() <= "z") for c in t):
        return False
    return sum(1 for c in t if c not in _SPACE and not _STRAYISH.match(c)) <= 3
_FURNITURE = [
    (re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$"), "page number"),
    (re.compile(r"^第?\s*\d{1,3}\s*版\b.{0,20}$"), "page header (第N版)"),
    (re.compile(r"^(责任编辑|责编|本版编辑|编辑|美编|校对|版式设计|版式|审核|终审)\s*[:：/／ ].{0,24}$"),
     "editor credit"),
    (re.compile(r"^[（(]\s*完\s*[）)]$"), "end-of-article mark"),
]
def _squeeze(t: str) -> str:
    return re.sub(f"[{_SPACE}]+", "", t)


def _furniture(t: str) -> str | None:
    """Why the line is page furniture, or None. Spaces are ignored (cleaning removes them)."""
    t = _squeeze(t)
    return next((why for pat, why in _FURNITURE if pat.match(t)), None)


_DATE_LINE = re.compile(
    r"^(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:星期[一二三四五六日天]|周[一二三四五六日天])?$"
)
_RELATED_LINE = re.compile(r"^(?:[-–•·*]\s*)?\d{1,3}\s*[》»]")
_RELATED_ENTRY = re.compile(r"(\d{1,3})\s*[》»]\s*(.+?)(?=\s+\d{1,3}\s*[》»]|\s*$)")


def parse_related(line: str) -> list[dict]:
    """Parse one line of the trailing list of other articles into ``{page, place, title}``.

    Two entries can share a line. The place is the first word; the title keeps its spaces (they
    separate the clauses of a headline) and gets paired quotes.

    >>> parse_related('- 8》合川 加快打造先进制造业基地 9》永川 以"硬实力"承接产业转移')
    [{'page': 8, 'place': '合川', 'title': '加快打造先进制造业基地'}, {'page': 9, 'place': '永川', 'title': '以“硬实力”承接产业转移'}]
    """
    out = []
    body = re.sub(r"^[-–•·*]\s*", "", line.strip())
    for m in _RELATED_ENTRY.finditer(body):
        rest = re.sub(r"\s+", " ", m.group(2).strip())
        place, _, title = rest.partition(" ")
        if not title or _cjk_count(place) > 8 or not all(is_cjk(c) or c == "·" for c in place):
            place, title = "", rest
        piece = _Piece(title, list(range(len(title))), len(title), kind="related")
        _normalize(piece, [], keep_clause_spaces=True)
        out.append({"page": int(m.group(1)), "place": place, "title": piece.text})
    return out


# ----------------------------------------------------------------------------- bylines

_BYLINE_MARKERS = "□■◇◆○●◎▲△☆★"
_ROLES = ("本报首席记者", "本报特约记者", "本报见习记者", "本报摄影记者", "本报记者", "本报通讯员",
          "本报特约评论员", "本报评论员", "特约评论员", "评论员", "首席记者", "特约记者", "见习记者",
          "摄影记者", "实习生", "记者", "通讯员", "撰稿", "作者", "文/图", "图/文", "文／图", "图／文",
          "文/", "文／", "文")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,10}$")


def parse_byline(line: str) -> str | None:
    """The author names of a byline line, joined by 、; None if the line is not a byline.

    >>> parse_byline("□夏元"), parse_byline("本报记者 张三"), parse_byline("本报记者 张三 通讯员 李四")
    ('夏元', '张三', '张三、李四')
    >>> parse_byline("重庆书写产业承接转移新篇章") is None
    True
    """
    s = line.strip()
    if not s or len(s) > 40 or any(ch in _SENTENCE_PUNCT for ch in s if ch not in "，,"):
        return None
    marked = s[0] in _BYLINE_MARKERS
    s = s.lstrip(_BYLINE_MARKERS).strip()
    names, role_seen = [], False
    for tok in re.split(r"[\s、，,:：]+", s):
        while tok:
            for role in _ROLES:
                if tok.startswith(role) and (role != "文" or len(tok) in (1,) or tok[1:2] in "/／"):
                    tok = tok[len(role):].lstrip("/／")
                    role_seen = True
                    break
            else:
                break
        if not tok:
            continue
        if not _NAME.match(tok) or (len(tok.replace("·", "")) > 4 and "·" not in tok):
            return None
        names.append(tok)
    if names and (marked or role_seen) and len(names) <= 4:
        return "、".join(names)
    return None


_INLINE_BYLINE = re.compile(
    r"^(?:本报讯|[\u4e00-\u9fff]{2,8}(?:讯|电))\s*[（(]\s*(?:本报)?(?:首席)?记者\s*([^）)]{2,30})[）)]"
)


# ----------------------------------------------------------------------------- block classes

def _strip_closers(text: str) -> str:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return t


def _ending(text: str) -> str:
    """'final', 'leadin', 'continuing' or 'open' (ends mid-sentence, or a heading)."""
    t = text.rstrip()
    if not t:
        return "final"
    last = t[-1]
    if last == '"':  # a straight quote: closing if the quotes of the line pair up
        n = t.count('"') + t.count("“") + t.count("”")
        return "continuing" if n % 2 else _ending(t[:-1] + "”")
    if last in _CONTINUING or last == "“":
        return "continuing"
    core = _strip_closers(t)
    if not core:
        return "final"
    if core[-1] == "." and len(core) > 1 and (is_cjk(core[-2]) or core[-2] in "”）》"):
        return "final"  # a half-width full stop ending a Chinese sentence
    if core[-1] in _FINAL:
        return "final"
    if core[-1] in _LEADIN:
        return "leadin"
    if core[-1] in _CONTINUING:
        return "continuing"
    return "open"


def _heading_like(text: str) -> bool:
    """Short, no sentence punctuation inside, not ending a sentence: a title or section heading."""
    n = _cjk_count(text)
    if n < 2 or n > _MAX_HEADING or sum(1 for c in text if c not in _SPACE) > _MAX_HEADING + 12:
        return False
    if any(ch in _SENTENCE_PUNCT for ch in text):
        return False
    return _ending(text) == "open"


def _title_like(text: str) -> bool:
    n = _cjk_count(text)
    return 2 <= n <= _MAX_TITLE and not any(ch in "。！？!?；;" for ch in text) and \
        _ending(text) in ("open",)


# ----------------------------------------------------------------------------- normalisation

def _edits_quotes(text: str) -> list[tuple]:
    if '"' not in text or not any(is_cjk(c) for c in text):
        return []
    edits, open_ = [], False
    for i, ch in enumerate(text):
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
        elif ch == '"':
            new = "”" if open_ else "“"
            open_ = not open_
            edits.append((i, i + 1, new, "pair_quotes",
                          "straight double quote in Chinese text -> " + ("closing" if new == "”" else "opening")
                          + " quotation mark"))
    return edits


_FW_OF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _prev_char(chars: list[str], i: int) -> str:
    j = i - 1
    while j >= 0 and chars[j] in _SPACE:
        j -= 1
    return chars[j] if j >= 0 else ""


def _next_char(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and text[j] in _SPACE:
        j += 1
    return text[j] if j < len(text) else ""


def _chinese_side(chars, i: int, step: int) -> str:
    """The first character from ``i`` in direction ``step`` past spaces, digits, % and decimal points;
    '' at the edge. Tells whether a number-and-punctuation run sits in Chinese text."""
    j = i + step
    while 0 <= j < len(chars) and (chars[j] in _SPACE or chars[j].isdigit() or chars[j] in "%％."):
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _edits_punct(text: str) -> list[tuple]:
    """, ; : ? ! next to Chinese text -> full width (not between two digits); . ending a Chinese
    sentence -> 。 (not after a digit or a Latin letter)."""
    edits = []
    chars = list(text)
    for i, ch in enumerate(text):
        if ch == ".":
            prev, nxt = _prev_char(chars, i), _next_char(text, i)
            if (is_cjk(prev) or prev in "”）》") and (not nxt or is_cjk(nxt) or nxt in "“（《"):
                chars[i] = "。"
                edits.append((i, i + 1, "。", "fullwidth_punct",
                              "half-width full stop ending a Chinese sentence -> 。"))
            continue
        if ch not in _FW_OF:
            continue
        prev, nxt = _prev_char(chars, i), _next_char(text, i)
        if prev.isdigit() and nxt.isdigit() and ch in ",:":
            continue  # 1,200 and 10:30 stay
        if ch == ":" and nxt == "/":
            continue  # a URL scheme
        if _cjkish(_chinese_side(chars, i, -1)) or _cjkish(_chinese_side(chars, i, 1)):
            chars[i] = _FW_OF[ch]
            edits.append((i, i + 1, _FW_OF[ch], "fullwidth_punct",
                          f"half-width {ch!r} in Chinese text -> full width"))
    return edits


_SPACED_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]*(\d(?:[ \t\u3000]+\d)+)[ \t\u3000]*(?=[\u4e00-\u9fff])")


def _edits_digit_spaces(text: str) -> list[tuple]:
    """Single digits spaced apart inside Chinese text (产值 3 5 8亿元) are one number."""
    edits = []
    for m in _SPACED_DIGITS.finditer(text):
        for sm in re.finditer(r"[ \t\u3000]+", m.group(1)):
            s = m.start(1) + sm.start()
            edits.append((s, s + len(sm.group()), "", "remove_digit_space",
                          "single digits spaced apart inside Chinese text form one number"))
    return edits


def _edits_parens(text: str) -> list[tuple]:
    if "(" not in text and ")" not in text:
        return []
    edits, stack, pairs, lone = [], [], [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    reason = "half-width bracket in Chinese text -> full width"
    for i, j in pairs:
        inner = text[i + 1:j]
        before = text[i - 1] if i else ""
        after = text[j + 1] if j + 1 < len(text) else ""
        if any(is_cjk(c) for c in inner) or _cjkish(before) or _cjkish(after):
            edits.append((i, i + 1, "（", "fullwidth_punct", reason))
            edits.append((j, j + 1, "）", "fullwidth_punct", reason))
    for i in lone:
        if _cjkish(text[i - 1] if i else "") or _cjkish(text[i + 1] if i + 1 < len(text) else ""):
            edits.append((i, i + 1, "（" if text[i] == "(" else "）", "fullwidth_punct", reason))
    return edits


def _edits_spaces(text: str, keep_clause_spaces: bool) -> list[tuple]:
    edits = []
    for m in re.finditer(f"[{_SPACE}]+", text):
        s, e = m.span()
        left, right = (text[s - 1] if s else ""), (text[e] if e < len(text) else "")
        if not left or not right:
            continue
        both_cjk = is_cjk(left) and is_cjk(right)
        remove = False
        if _cjkish(left) and _cjkish(right):
            remove = True
            if keep_clause_spaces and (is_cjk(left) or left in "”’）》") and \
                    (is_cjk(right) or right in "“‘（《") and not (both_cjk and _word_spans(text[:s], text[e:])):
                remove = False  # the space between two clauses of a headline
        elif (_cjkish(left) and right.isdigit()) or (left.isdigit() and _cjkish(right)):
            remove = True
        if remove:
            reason = ("space inside a word of a headline" if keep_clause_spaces
                      else "space between Chinese characters (OCR or typesetting artefact)")
            edits.append((s, e, "", "remove_cjk_space", reason))
        elif m.group() != " ":
            edits.append((s, e, " ", "collapse_space", "several or special spaces -> one space"))
    return edits


_STRAY_CHAR = re.compile(r"(?<=[\u4e00-\u9fff，。、；：？！“”（）])[\u0400-\u04ff\ue000-\uf8ff](?=[\u4e00-\u9fff，。、；：？！“”（）]|$)")


def _edits_stray(text: str) -> list[tuple]:
    return [(m.start(), m.end(), "", "remove_stray_glyph",
             "isolated non-Chinese glyph inside Chinese text (OCR noise)")
            for m in _STRAY_CHAR.finditer(text)]


def _normalize(piece: _Piece, log: list[dict], keep_clause_spaces: bool = False) -> None:
    """Apply the in-line repairs until nothing changes (so cleaning is idempotent)."""
    for _ in range(8):
        changed = False
        for fn in (_edits_stray, _edits_quotes, _edits_parens, _edits_punct, _edits_digit_spaces):
            changed |= _apply(piece, fn(piece.text), log)
        changed |= _apply(piece, _edits_spaces(piece.text, keep_clause_spaces), log)
        if not changed:
            break


@functools.lru_cache(maxsize=4096)
def _view(text: str) -> str:
    """A line as cleaning will leave it (spaces kept): what titles, bylines and headings are
    recognised on, so that raw and clean text are classified alike."""
    piece = _Piece(text, list(range(len(text))), len(text))
    _normalize(piece, [], keep_clause_spaces=True)
    return piece.text


# ----------------------------------------------------------------------------- flags

def _flag(piece: _Piece, s: int, e: int, op: str, reason: str, log: list[dict]) -> None:
    rs, re_ = piece.raw_span(s, e)
    t = piece.text[s:e]
    log.append(_entry(op, rs, re_, t, t, reason))


def _flag_dash_confusion(piece: _Piece, log: list[dict]) -> None:
    """一 standing alone between two multi-character words, twice in a run or alone inside quotes."""
    text = piece.text
    for m in re.finditer(r"[\u4e00-\u9fff]{5,}", text):
        run = m.group()
        if "一" not in run:
            continue
        toks = _segment(run)
        hits, pos = [], 0
        for k, tok in enumerate(toks):
            if tok == "一" and 0 < k < len(toks) - 1 and len(toks[k - 1]) >= 2 and len(toks[k + 1]) >= 2:
                hits.append(pos)
            pos += len(tok)
        quoted = (m.start() > 0 and text[m.start() - 1] in "“\"" and m.end() < len(text)
                  and text[m.end()] in "”\"")
        if len(hits) >= 2 or (hits and quoted):
            _flag(piece, m.start(), m.end(), "flag_dash_confusion",
                  "一 between two noun phrases: probably an OCR'd dash (——), check the print", log)


def _flag_quotes(piece: _Piece, log: list[dict]) -> None:
    depth, last_open = 0, -1
    for i, ch in enumerate(piece.text):
        if ch == "“":
            if depth:
                _flag(piece, last_open, last_open + 1, "flag_unpaired_quote",
                      "opening quotation mark without its closing partner", log)
            depth, last_open = 1, i
        elif ch == "”":
            if not depth:
                _flag(piece, i, i + 1, "flag_unpaired_quote",
                      "closing quotation mark without its opening partner", log)
            depth = 0
    if depth:
        _flag(piece, last_open, last_open + 1, "flag_unpaired_quote",
              "opening quotation mark without its closing partner", log)


# ----------------------------------------------------------------------------- the analysis

@dataclass
class _Analysis:
    blocks: list[_Piece]
    related: list[dict]
    log: list[dict]
    date: str | None = None
    inline_byline: str | None = None


def _analyse(raw: str) -> _Analysis:
    log: list[dict] = []
    lines = _lines(raw, log)
    date = None

    # 1. the trailing list of other articles, read from the end past stray glyphs and furniture
    related: list[dict] = []
    tail_end = len(lines)
    k = len(lines) - 1
    while k >= 0:
        t = lines[k].text
        if _RELATED_LINE.match(t):
            tail_end = k
        elif not (_is_stray_line(t) or _furniture(t)):
            break
        k -= 1
    kept: list[_Piece] = []
    for idx, p in enumerate(lines):
        t = p.text
        rs, re_ = p.offs[0], p.end
        if idx >= tail_end and _RELATED_LINE.match(t):
            entries = parse_related(t)
            related.extend(entries)
            log.append(_entry("split_related", rs, re_, raw[rs:re_],
                              " | ".join(f"{e['page']}》{e['place']} {e['title']}".replace("》 ", "》")
                                         for e in entries),
                              "trailing list of other articles -> document['related']"))
            continue
        if _is_stray_line(t):
            log.append(_entry("remove_stray_glyph", rs, re_, raw[rs:re_], "",
                              "line of a few non-text glyphs, no Chinese, digit or letter (OCR noise)"))
            continue
        hit = _furniture(t)
        if hit:
            log.append(_entry("remove_furniture", rs, re_, raw[rs:re_], "", f"page furniture: {hit}"))
            continue
        dm = _DATE_LINE.match(_squeeze(t))
        if dm and idx < 4:
            date = f"{dm['y']}-{int(dm['m']):02d}-{int(dm['d']):02d}"
            log.append(_entry("remove_furniture", rs, re_, raw[rs:re_], "",
                              f"page furniture: dateline (document date {date})"))
            continue
        kept.append(p)

    # 2. title and byline at the top
    if len(kept) > 1 and parse_byline(_view(kept[0].text)) is None and _title_like(_view(kept[0].text)) \
            and (parse_byline(_view(kept[1].text)) is not None or not _continues(kept[0], kept[1], False)):
        kept[0].kind = "title"
    first_body = 1 if kept and kept[0].kind == "title" else 0
    for p in kept[first_body:first_body + 2]:
        if parse_byline(_view(p.text)) is not None:
            p.kind = "byline"
            break

    # 3. join lines broken mid-sentence; flag lines that end mid-sentence and are not continued
    gaps = [p.gap for p in kept[1:]]
    blank_separated = sum(1 for g in gaps if g >= 2) >= 2
    blocks: list[_Piece] = []
    for p in kept:
        if blocks and blocks[-1].kind == "body" and p.kind == "body":
            a = blocks[-1]
            reason = _continues(a, p, blank_separated)
            if reason:
                blocks[-1] = _join(a, p, raw, reason, log)
                continue
        blocks.append(p)

    # 4. section headings: short lines without final punctuation between paragraphs
    for k, p in enumerate(blocks):
        if p.kind != "body":
            continue
        next_ok = k + 1 < len(blocks) and blocks[k + 1].kind == "body"
        if k > 0 and next_ok and _heading_like(_view(p.text)):
            p.kind = "heading"

    # 5. in-line repairs (a headline's clause spaces stay), then flags
    for p in blocks:
        _normalize(p, log, keep_clause_spaces=p.kind in ("title", "byline", "heading"))
    for p in blocks:
        if p.kind == "heading":
            continue
        if p.kind == "body" and _ending(p.text) == "open":
            tail = max(0, len(p.text) - 12)
            _flag(p, tail, len(p.text), "flag_lost_text",
                  "line ends mid-sentence and the next line does not continue it: "
                  "text may be lost here (or only the final punctuation)", log)
    for p in blocks:
        _flag_dash_confusion(p, log)
        _flag_quotes(p, log)
        for m in re.finditer("\ufffd", p.text):
            _flag(p, m.start(), m.end(), "flag_replacement_char",
                  "U+FFFD: a character was lost when the file was decoded", log)

    inline = None
    for p in blocks:
        if p.kind == "body":
            m = _INLINE_BYLINE.match(p.text)
            if m:
                inline = parse_byline("记者 " + m.group(1).strip())
            break
    log.sort(key=lambda e: (e["raw_start"], e["raw_end"]))
    return _Analysis(blocks, related, log, date, inline)


def _continues(a: _Piece, b: _Piece, blank_separated: bool) -> str:
    """Why ``b`` continues ``a`` (a reason for the log), or '' if it does not.

    Judged on the lines as cleaning will leave them, so raw and clean text are judged alike.
    """
    at, bt = _view(a.text), _view(b.text)
    end = _ending(at)
    if end in ("final", "leadin") or _RELATED_LINE.match(at) or not bt:
        return ""
    first = bt[:1]
    if end == "continuing":
        return "line ends with a comma, enumeration mark or opening bracket"
    if first in _NON_STARTERS:
        return f"next line starts with {first!r}, which cannot start a line"
    word = _word_spans(at, bt)
    if word:
        return f"the line break falls inside the word {word!r}"
    last = at.rstrip()[-1:]
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
    if blank_separated and b.gap == 1 and not _heading_like(at):
        return "single line break inside a paragraph (paragraphs are separated by blank lines)"
    return ""


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
    a, b = left.rstrip(_SPACE), right.lstrip(_SPACE)
    for phrase in _SPLIT_PHRASES:
        for k in range(1, len(phrase)):
            if a.endswith(phrase[:k]) and b.startswith(phrase[k:]):
                return phrase
    return ""


def _number_lead(left: str) -> str:
    a = left.rstrip(_SPACE)
    return next((w for w in _NUMBER_LEADS if a.endswith(w)), "")


def _leading_quantity(right: str) -> str:
    """The number + unit that ``right`` opens with (20个, 1000万吨, 一百亿元), '' if none."""
    b = right.lstrip(_SPACE)[:24]
    if not b or not (b[0].isdigit() or b[0] in "零〇一二两三四五六七八九十百千"):
        return ""
    qs = find_quantities(b)
    if qs and qs[0].start == 0:
        return b[:qs[0].qualifier_end]
    return ""


def _closes_clause(right: str, n: int) -> bool:
    """The quantity of ``right[:n]`` is followed by clause punctuation (于20个，…)."""
    rest = right.lstrip(_SPACE)[n:]
    return bool(rest) and rest[0] in "，,、；;。！？!?"


# ----------------------------------------------------------------------------- public API

def clean_text(text: str) -> tuple[str, list[dict]]:
    """Repair a decoded text; return the clean text (one block per line) and the change log.

    The clean text has the title, byline, headings and body paragraphs, one per line, without
    the trailing list of other articles and without page furniture. Log entries are dicts with
    ``op, raw_start, raw_end, before, after, reason``; offsets index ``text``. Cleaning clean
    text changes nothing.

    >>> clean_text('在两江新区,三一重工"灯塔工厂"生产线上,多台机器人不停挥舞。')[0]
    '在两江新区，三一重工“灯塔工厂”生产线上，多台机器人不停挥舞。'
    >>> clean_text("这3个万 亿级产业集群。")[0]
    '这3个万亿级产业集群。'
    """
    a = _analyse(text)
    return "\n".join(p.text for p in a.blocks), a.log


@dataclass
class CleanedDocument:
    """One cleaned document: a ``documents`` row and its ``cleaning_log`` rows."""

    document: dict
    log: list[dict]


_DATE_META = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _meta_date(value, path: str) -> str | None:
    if value is None:
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    if not s or s.lower() in ("nan", "none", "nat"):
        return None
    if s.isdigit() and len(s) == 4:
        return s
    if not _DATE_META.match(s):
        raise BadInput(path, f"date {s!r} is not YYYY, YYYY-MM or YYYY-MM-DD; fix the metadata")
    return s


def _meta_str(meta: dict, key: str):
    v = meta.get(key)
    if v is None:
        return None
    s = str(v).strip()
    return s if s and s.lower() != "nan" else None


def clean_document(decoded: Decoded, doc_id: str, meta: dict | None = None) -> CleanedDocument:
    """Clean one decoded file into a ``documents`` row and its ``cleaning_log`` rows.

    ``meta`` may carry ``title``, ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``source``
    and ``byline``; they override what is found in the text. ``sections`` are the headings with
    the span of their section (``start`` at the heading, ``end`` where the next heading or the
    text begins/ends); ``paragraphs`` cover every block of ``text`` with offsets.
    """
    meta = dict(meta or {})
    a = _analyse(decoded.text)
    text_parts, paragraphs, pos, section = [], [], 0, ""
    for k, p in enumerate(a.blocks):
        if k:
            pos += 1
        if p.kind == "heading":
            section = p.text
        paragraphs.append({"para_id": k, "kind": p.kind, "section": section, "text": p.text,
                           "start": pos, "end": pos + len(p.text)})
        text_parts.append(p.text)
        pos += len(p.text)
    text = "\n".join(text_parts)
    sections = []
    for para in paragraphs:
        if para["kind"] == "heading":
            if sections:
                sections[-1]["end"] = para["start"] - 1
            sections.append({"title": para["text"], "start": para["start"], "end": len(text)})
    title_block = next((p.text for p in a.blocks if p.kind == "title"), None)
    byline_block = next((p.text for p in a.blocks if p.kind == "byline"), None)
    byline = parse_byline(byline_block) if byline_block else a.inline_byline
    document = {
        "doc_id": doc_id,
        "path": decoded.path,
        "encoding": decoded.encoding,
        "title": _meta_str(meta, "title") or title_block,
        "byline": _meta_str(meta, "byline") or byline,
        "date": _meta_date(meta.get("date"), decoded.path) or a.date,
        "source": _meta_str(meta, "source"),
        "sections": sections,
        "paragraphs": paragraphs,
        "related": a.related,
        "text": text,
    }
    document = {name: document[name] for name in TABLES["documents"].names}
    names = TABLES["cleaning_log"].names
    log = [{name: ({**e, "doc_id": doc_id})[name] for name in names} for e in a.log]
    return CleanedDocument(document, log)
