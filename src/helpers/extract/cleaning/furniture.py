"""Page furniture: stray glyph lines, page numbers, editor lines, datelines, bylines, the related-articles list."""

from __future__ import annotations

import re

from helpers.chars import HAN, is_cjk
from helpers.extract.cleaning.repairs import view
from helpers.extract.cleaning.text import SENTENCE_PUNCT, SPACE, Words, cjk_count, dictionary, squeeze

_STRAYISH = re.compile(r"[\u0400-\u04ff\ue000-\uf8ff]")


def is_stray_line(t: str) -> bool:
    """A line of at most three glyphs that are not text: no Chinese, no digit, no Latin letter."""
    if any(is_cjk(c) or c.isdigit() or ("a" <= c.lower() <= "z") for c in t):
        return False
    return sum(1 for c in t if c not in SPACE and not _STRAYISH.match(c)) <= 3


_FURNITURE = [
    (re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$"), "page number"),
    (re.compile(r"^第?\s*\d{1,3}\s*版\b.{0,20}$"), "page header (第N版)"),
    (re.compile(r"^(责任编辑|责编|本版编辑|编辑|美编|校对|版式设计|版式|审核|终审)\s*[:：/／ ].{0,24}$"),
     "editor credit"),
    (re.compile(r"^[（(]\s*完\s*[）)]$"), "end-of-article mark"),
]


def furniture(t: str) -> str | None:
    """Why the line is page furniture, or None. Spaces are ignored (cleaning removes them)."""
    t = squeeze(t)
    return next((why for pat, why in _FURNITURE if pat.match(t)), None)


_DATE_LINE = re.compile(
    r"^(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:星期[一二三四五六日天]|周[一二三四五六日天])?$"
)


def dateline(t: str) -> str | None:
    """The date (YYYY-MM-DD) of a line that is only a date (2024年9月12日 星期四), or None."""
    m = _DATE_LINE.match(squeeze(t))
    return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}" if m else None


# ----------------------------------------------------------------------------- related articles

_RELATED_LINE = re.compile(r"^(?:[-–•·*]\s*)?\d{1,3}\s*[》»]")
_RELATED_ENTRY = re.compile(r"(\d{1,3})\s*[》»]\s*(.+?)(?=\s+\d{1,3}\s*[》»]|\s*$)")


def is_related_line(t: str) -> bool:
    """A line of the list of other articles (``- 6》涪陵 …``)."""
    return _RELATED_LINE.match(t) is not None


def parse_related(line: str, words: Words | None = None) -> list[dict]:
    """Parse one line of the trailing list of other articles into ``{page, place, title}``.

    Two entries can share a line. The place is the first word; the title keeps its spaces (they
    separate the clauses of a headline, unless a word of ``words``, by default the dictionary
    cleaning uses, spans them) and gets paired quotes.

    >>> first, second = parse_related('- 8》合川 加快打造先进制造业基地 9》永川 以"硬实力"承接产业转移')
    >>> first
    {'page': 8, 'place': '合川', 'title': '加快打造先进制造业基地'}
    >>> second
    {'page': 9, 'place': '永川', 'title': '以“硬实力”承接产业转移'}
    """
    out = []
    words = words or dictionary()
    body = re.sub(r"^[-–•·*]\s*", "", line.strip())
    for m in _RELATED_ENTRY.finditer(body):
        rest = re.sub(r"\s+", " ", m.group(2).strip())
        place, _, title = rest.partition(" ")
        if not title or cjk_count(place) > 8 or not all(is_cjk(c) or c == "·" for c in place):
            place, title = "", rest
        out.append({"page": int(m.group(1)), "place": place, "title": view(title, words)})
    return out


# ----------------------------------------------------------------------------- bylines

_BYLINE_MARKERS = "□■◇◆○●◎▲△☆★"
_ROLES = ("本报首席记者", "本报特约记者", "本报见习记者", "本报摄影记者", "本报记者", "本报通讯员",
          "本报特约评论员", "本报评论员", "特约评论员", "评论员", "首席记者", "特约记者", "见习记者",
          "摄影记者", "实习生", "记者", "通讯员", "撰稿", "作者", "文/图", "图/文", "文／图", "图／文",
          "文/", "文／", "文")
_NAME = re.compile(f"^[{HAN}·]{{2,10}}$")


def _strip_roles(tok: str) -> tuple[str, bool]:
    """``tok`` without the roles it starts with (本报记者张三 -> 张三), and whether there were any."""
    seen = False
    while tok:
        role = next((r for r in _ROLES if tok.startswith(r) and (r != "文" or len(tok) == 1 or tok[1:2] in "/／")),
                    None)
        if role is None:
            break
        tok = tok[len(role):].lstrip("/／")
        seen = True
    return tok, seen


def parse_byline(line: str) -> str | None:
    """The author names of a byline line, joined by 、; None if the line is not a byline.

    >>> parse_byline("□夏元"), parse_byline("本报记者 张三"), parse_byline("本报记者 张三 通讯员 李四")
    ('夏元', '张三', '张三、李四')
    >>> parse_byline("重庆书写产业承接转移新篇章") is None
    True
    """
    s = line.strip()
    if not s or len(s) > 40 or any(ch in SENTENCE_PUNCT for ch in s if ch not in "，,"):
        return None
    marked = s[0] in _BYLINE_MARKERS
    s = s.lstrip(_BYLINE_MARKERS).strip()
    names, role_seen = [], False
    for part in re.split(r"[\s、，,:：]+", s):
        tok, seen = _strip_roles(part)
        role_seen |= seen
        if not tok:
            continue
        if not _NAME.match(tok) or (len(tok.replace("·", "")) > 4 and "·" not in tok):
            return None
        names.append(tok)
    if names and (marked or role_seen) and len(names) <= 4:
        return "、".join(names)
    return None


_INLINE_BYLINE = re.compile(
    f"^(?:本报讯|[{HAN}]{{2,8}}(?:讯|电))\\s*[（(]\\s*(?:本报)?(?:首席)?记者\\s*([^）)]{{2,30}})[）)]"
)


def inline_byline(text: str) -> str | None:
    """The reporter named at the start of a paragraph (本报讯（记者 陈静）…), or None."""
    m = _INLINE_BYLINE.match(text)
    return parse_byline("记者 " + m.group(1).strip()) if m else None
