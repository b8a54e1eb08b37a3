"""What is flagged, not changed: text lost at a line end, 一 for a dash, unpaired quotes, U+FFFD."""

from __future__ import annotations

import re

from helpers.chars import HAN
from helpers.extract.cleaning.lines import ending
from helpers.extract.cleaning.pieces import Piece, flag
from helpers.extract.cleaning.text import Words

_HAN_RUN = re.compile(f"[{HAN}]{{5,}}")


def flag_lost_text(piece: Piece, log: list[dict]) -> None:
    """A body paragraph that ends mid-sentence (the next line did not continue it)."""
    if piece.kind == "body" and ending(piece.text) == "open":
        tail = max(0, len(piece.text) - 12)
        flag(piece, tail, len(piece.text), "flag_lost_text",
             "line ends mid-sentence and the next line does not continue it: "
             "text may be lost here (or only the final punctuation)", log)


def _lone_yi(run: str, words: Words) -> list[int]:
    """Where 一 stands alone between two words of two or more characters in ``run``."""
    toks = words(run)
    hits, pos = [], 0
    for k, tok in enumerate(toks):
        if tok == "一" and 0 < k < len(toks) - 1 and len(toks[k - 1]) >= 2 and len(toks[k + 1]) >= 2:
            hits.append(pos)
        pos += len(tok)
    return hits


def flag_dash_confusion(piece: Piece, log: list[dict], words: Words) -> None:
    """一 standing alone between two multi-character words, twice in a run or alone inside quotes."""
    text = piece.text
    for m in _HAN_RUN.finditer(text):
        if "一" not in m.group():
            continue
        hits = _lone_yi(m.group(), words)
        quoted = (m.start() > 0 and text[m.start() - 1] in "“\"" and m.end() < len(text)
                  and text[m.end()] in "”\"")
        if len(hits) >= 2 or (hits and quoted):
            flag(piece, m.start(), m.end(), "flag_dash_confusion",
                 "一 between two noun phrases: probably an OCR'd dash (——), check the print", log)


def flag_quotes(piece: Piece, log: list[dict]) -> None:
    """A quotation mark without its partner."""
    depth, last_open = 0, -1
    for i, ch in enumerate(piece.text):
        if ch == "“":
            if depth:
                flag(piece, last_open, last_open + 1, "flag_unpaired_quote",
                     "opening quotation mark without its closing partner", log)
            depth, last_open = 1, i
        elif ch == "”":
            if not depth:
                flag(piece, i, i + 1, "flag_unpaired_quote",
                     "closing quotation mark without its opening partner", log)
            depth = 0
    if depth:
        flag(piece, last_open, last_open + 1, "flag_unpaired_quote",
             "opening quotation mark without its closing partner", log)


def flag_replacement_chars(piece: Piece, log: list[dict]) -> None:
    """A U+FFFD left by a failed decode."""
    for m in re.finditer("\ufffd", piece.text):
        flag(piece, m.start(), m.end(), "flag_replacement_char",
             "U+FFFD: a character was lost when the file was decoded", log)
