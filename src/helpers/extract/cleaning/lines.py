"""Raw lines read with their offsets, and what a line looks like: how it ends, headline or heading."""

from __future__ import annotations

import re

from helpers.chars import CLOSERS, is_cjk
from helpers.extract.cleaning.pieces import Piece, entry
from helpers.extract.cleaning.text import SENTENCE_PUNCT, SPACE, cjk_count

_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
#: Terminal escape sequences, C0/C1 control characters (tab kept) and bidirectional overrides,
#: which can reorder how text is displayed: dropped, each logged.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")

# how a line ends
_FINAL = set("。！？!?…；;")  # a sentence (or list item) is complete
_LEADIN = set("：:—")  # a paragraph that introduces the next one
CONTINUING = set("，,、（(《〈【「『")  # the sentence obviously goes on

_MAX_TITLE = 60
_MAX_HEADING = 30


def _visible(body: str, start: int, log: list[dict]) -> tuple[list[str], list[int]]:
    """The characters of one line without control and invisible characters (each drop logged)."""
    chars, offs = [], []
    dropped: set[int] = set()
    for c in _CONTROL.finditer(body):
        dropped.update(range(c.start(), c.end()))
        log.append(entry("drop_control", start + c.start(), start + c.end(), c.group(), "",
                         "control character or terminal escape (no place in article text)"))
    for k, ch in enumerate(body):
        if k in dropped:
            continue
        if ch in _INVISIBLE:
            log.append(entry("remove_invisible", start + k, start + k + 1, ch, "",
                             "invisible character (byte-order mark or zero-width space)"))
            continue
        chars.append(ch)
        offs.append(start + k)
    return chars, offs


def read_lines(raw: str, log: list[dict]) -> list[Piece]:
    """Non-empty lines with offsets; invisible characters removed (logged), edges trimmed."""
    pieces: list[Piece] = []
    breaks = 0  # line breaks since the previous non-empty line
    for m in _LINE.finditer(raw):
        chars, offs = _visible(m.group(1), m.start(1), log)
        lo, hi = 0, len(chars)  # layout white space at both ends is trimmed, not logged
        while lo < hi and chars[lo] in SPACE:
            lo += 1
        while hi > lo and chars[hi - 1] in SPACE:
            hi -= 1
        if lo < hi:
            pieces.append(Piece("".join(chars[lo:hi]), offs[lo:hi], offs[hi - 1] + 1, breaks))
            breaks = 0
        breaks += 1 if m.group(2) else 0
    return pieces


def _strip_closers(text: str) -> str:
    """``text`` without the closing quotes and brackets it ends with."""
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    return t


def ending(text: str) -> str:
    """'final', 'leadin', 'continuing' or 'open' (ends mid-sentence, or a heading)."""
    t = text.rstrip()
    if not t:
        return "final"
    last = t[-1]
    if last == '"':  # a straight quote: closing if the quotes of the line pair up
        n = t.count('"') + t.count("“") + t.count("”")
        return "continuing" if n % 2 else ending(t[:-1] + "”")
    if last in CONTINUING or last == "“":
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
    if core[-1] in CONTINUING:
        return "continuing"
    return "open"


def heading_like(text: str) -> bool:
    """Short, no sentence punctuation inside, not ending a sentence: a title or section heading."""
    n = cjk_count(text)
    if n < 2 or n > _MAX_HEADING or sum(1 for c in text if c not in SPACE) > _MAX_HEADING + 12:
        return False
    if any(ch in SENTENCE_PUNCT for ch in text):
        return False
    return ending(text) == "open"


def title_like(text: str) -> bool:
    """A headline: 2 to 60 Chinese characters, no sentence end inside, not ending a sentence."""
    n = cjk_count(text)
    return 2 <= n <= _MAX_TITLE and not any(ch in "。！？!?；;" for ch in text) and ending(text) == "open"
