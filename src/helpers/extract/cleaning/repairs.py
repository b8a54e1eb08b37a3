"""In-line repairs: paired quotes, full-width punctuation and brackets, spaces, spaced digits, stray glyphs."""

from __future__ import annotations

import functools
import re

from helpers.chars import HAN, is_cjk
from helpers.extract.cleaning.pieces import Piece, apply_edits
from helpers.extract.cleaning.text import SPACE, Words, cjkish, word_spans

_FW_OF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_BRACKET_REASON = "half-width bracket in Chinese text -> full width"


def _edits_quotes(text: str) -> list[tuple]:
    """Straight double quotes in Chinese text -> paired “ ”."""
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


def _prev_char(chars: list[str], i: int) -> str:
    j = i - 1
    while j >= 0 and chars[j] in SPACE:
        j -= 1
    return chars[j] if j >= 0 else ""


def _next_char(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and text[j] in SPACE:
        j += 1
    return text[j] if j < len(text) else ""


def _chinese_side(chars, i: int, step: int) -> str:
    """The first character from ``i`` in direction ``step`` past spaces, digits, % and decimal points;
    '' at the edge. Tells whether a number-and-punctuation run sits in Chinese text."""
    j = i + step
    while 0 <= j < len(chars) and (chars[j] in SPACE or chars[j].isdigit() or chars[j] in "%％."):
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _full_stop(chars: list[str], text: str, i: int) -> bool:
    """Whether the ``.`` at ``i`` ends a Chinese sentence (not after a digit or a Latin letter)."""
    prev, nxt = _prev_char(chars, i), _next_char(text, i)
    return (is_cjk(prev) or prev in "”）》") and (not nxt or is_cjk(nxt) or nxt in "“（《")


def _widens(chars: list[str], text: str, i: int) -> bool:
    """Whether the half-width mark at ``i`` sits in Chinese text (not 1,200, 10:30 or a URL)."""
    ch = text[i]
    prev, nxt = _prev_char(chars, i), _next_char(text, i)
    if prev.isdigit() and nxt.isdigit() and ch in ",:":
        return False  # 1,200 and 10:30 stay
    if ch == ":" and nxt == "/":
        return False  # a URL scheme
    return cjkish(_chinese_side(chars, i, -1)) or cjkish(_chinese_side(chars, i, 1))


def _edits_punct(text: str) -> list[tuple]:
    """, ; : ? ! next to Chinese text -> full width (not between two digits); . ending a Chinese
    sentence -> 。 (not after a digit or a Latin letter)."""
    edits = []
    chars = list(text)
    for i, ch in enumerate(text):
        if ch == "." and _full_stop(chars, text, i):
            chars[i] = "。"
            edits.append((i, i + 1, "。", "fullwidth_punct", "half-width full stop ending a Chinese sentence -> 。"))
        elif ch in _FW_OF and _widens(chars, text, i):
            chars[i] = _FW_OF[ch]
            edits.append((i, i + 1, _FW_OF[ch], "fullwidth_punct", f"half-width {ch!r} in Chinese text -> full width"))
    return edits


_SPACED_DIGITS = re.compile(f"(?<=[{HAN}])[ \\t\\u3000]*(\\d(?:[ \\t\\u3000]+\\d)+)[ \\t\\u3000]*(?=[{HAN}])")


def _edits_digit_spaces(text: str) -> list[tuple]:
    """Single digits spaced apart inside Chinese text (产值 3 5 8亿元) are one number."""
    edits = []
    for m in _SPACED_DIGITS.finditer(text):
        for sm in re.finditer(r"[ \t\u3000]+", m.group(1)):
            s = m.start(1) + sm.start()
            edits.append((s, s + len(sm.group()), "", "remove_digit_space",
                          "single digits spaced apart inside Chinese text form one number"))
    return edits


def _bracket_pairs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Half-width brackets: the ``(``/``)`` pairs, and the positions of the lone ones."""
    stack, pairs, lone = [], [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    return pairs, lone + stack


def _edits_parens(text: str) -> list[tuple]:
    """Half-width brackets around or next to Chinese text -> full width."""
    if "(" not in text and ")" not in text:
        return []
    edits = []
    pairs, lone = _bracket_pairs(text)
    for i, j in pairs:
        inner = text[i + 1:j]
        before = text[i - 1] if i else ""
        after = text[j + 1] if j + 1 < len(text) else ""
        if any(is_cjk(c) for c in inner) or cjkish(before) or cjkish(after):
            edits.append((i, i + 1, "（", "fullwidth_punct", _BRACKET_REASON))
            edits.append((j, j + 1, "）", "fullwidth_punct", _BRACKET_REASON))
    for i in lone:
        if cjkish(text[i - 1] if i else "") or cjkish(text[i + 1] if i + 1 < len(text) else ""):
            edits.append((i, i + 1, "（" if text[i] == "(" else "）", "fullwidth_punct", _BRACKET_REASON))
    return edits


def _clause_space(text: str, s: int, e: int, words: Words) -> bool:
    """Whether the space ``text[s:e]`` separates two clauses of a headline (no word spans it)."""
    left, right = text[s - 1], text[e]
    return ((is_cjk(left) or left in "”’）》") and (is_cjk(right) or right in "“‘（《")
            and not (is_cjk(left) and is_cjk(right) and word_spans(text[:s], text[e:], words)))


def _edits_spaces(text: str, keep_clause_spaces: bool, words: Words) -> list[tuple]:
    """Spaces between Chinese characters, or between Chinese and digits, removed; others collapsed."""
    edits = []
    reason = ("space inside a word of a headline" if keep_clause_spaces
              else "space between Chinese characters (OCR or typesetting artefact)")
    for m in re.finditer(f"[{SPACE}]+", text):
        s, e = m.span()
        left, right = (text[s - 1] if s else ""), (text[e] if e < len(text) else "")
        if not left or not right:
            continue
        if cjkish(left) and cjkish(right):
            remove = not (keep_clause_spaces and _clause_space(text, s, e, words))
        else:
            remove = (cjkish(left) and right.isdigit()) or (left.isdigit() and cjkish(right))
        if remove:
            edits.append((s, e, "", "remove_cjk_space", reason))
        elif m.group() != " ":
            edits.append((s, e, " ", "collapse_space", "several or special spaces -> one space"))
    return edits


_NEAR_STRAY = f"{HAN}，。、；：？！“”（）"
_STRAY_CHAR = re.compile(f"(?<=[{_NEAR_STRAY}])[\\u0400-\\u04ff\\ue000-\\uf8ff](?=[{_NEAR_STRAY}]|$)")


def _edits_stray(text: str) -> list[tuple]:
    """A lone Cyrillic or private-use glyph inside Chinese text (OCR noise) removed."""
    return [(m.start(), m.end(), "", "remove_stray_glyph",
             "isolated non-Chinese glyph inside Chinese text (OCR noise)")
            for m in _STRAY_CHAR.finditer(text)]


def repair_inline(piece: Piece, log: list[dict], words: Words, keep_clause_spaces: bool = False) -> None:
    """Apply the in-line repairs to ``piece`` until nothing changes (so cleaning is idempotent).

    ``keep_clause_spaces`` keeps a space between two clauses of a headline (a title, byline,
    heading or related-article title) unless a word of ``words`` spans it.
    """
    for _ in range(8):
        changed = False
        for fn in (_edits_stray, _edits_quotes, _edits_parens, _edits_punct, _edits_digit_spaces):
            changed |= apply_edits(piece, fn(piece.text), log)
        changed |= apply_edits(piece, _edits_spaces(piece.text, keep_clause_spaces, words), log)
        if not changed:
            break


@functools.lru_cache(maxsize=4096)
def view(text: str, words: Words) -> str:
    """A line as cleaning will leave it (spaces kept): what titles, bylines and headings are
    recognised on, so that raw and clean text are classified alike."""
    piece = Piece.of(text)
    repair_inline(piece, [], words, keep_clause_spaces=True)
    return piece.text
