"""A document's structure: furniture dropped, title and byline found, broken lines joined, headings marked."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.extract.cleaning.flags import flag_dash_confusion, flag_lost_text, flag_quotes, flag_replacement_chars
from helpers.extract.cleaning.furniture import (
    dateline,
    furniture,
    inline_byline,
    is_related_line,
    is_stray_line,
    parse_byline,
    parse_related,
)
from helpers.extract.cleaning.joins import continues
from helpers.extract.cleaning.lines import heading_like, read_lines, title_like
from helpers.extract.cleaning.pieces import Piece, entry, join
from helpers.extract.cleaning.repairs import repair_inline, view

#: Kinds of block whose spaces between two clauses stay (a headline's).
_HEADLINES = ("title", "byline", "heading")


@dataclass
class Analysis:
    """A text taken apart: its blocks (one per line of the clean text), related articles and log."""

    blocks: list[Piece]
    related: list[dict]
    log: list[dict]
    date: str | None = None
    inline_byline: str | None = None


def _tail_start(lines: list[Piece]) -> int:
    """Where the trailing list of other articles starts, read from the end past stray glyphs and
    furniture (``len(lines)`` if there is none)."""
    tail_end = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        t = lines[k].text
        if is_related_line(t):
            tail_end = k
        elif not (is_stray_line(t) or furniture(t)):
            break
    return tail_end


def _related(p: Piece, raw: str, log: list[dict]) -> list[dict]:
    """The entries of one line of the related-articles list, the line logged as split off."""
    rs, re_ = p.offs[0], p.end
    entries = parse_related(p.text)
    log.append(entry("split_related", rs, re_, raw[rs:re_],
                     " | ".join(f"{e['page']}》{e['place']} {e['title']}".replace("》 ", "》") for e in entries),
                     "trailing list of other articles -> document['related']"))
    return entries


def _removal(p: Piece, idx: int) -> tuple[str, str, str | None] | None:
    """Why line ``idx`` is dropped as ``(op, reason, date)``, or None if it is kept."""
    t = p.text
    if is_stray_line(t):
        return "remove_stray_glyph", "line of a few non-text glyphs, no Chinese, digit or letter (OCR noise)", None
    hit = furniture(t)
    if hit:
        return "remove_furniture", f"page furniture: {hit}", None
    date = dateline(t)
    if date and idx < 4:
        return "remove_furniture", f"page furniture: dateline (document date {date})", date
    return None


def _drop_furniture(lines: list[Piece], raw: str, log: list[dict]) -> tuple[list[Piece], list[dict], str | None]:
    """The lines that are text; the related articles and the dateline's date taken out of the rest."""
    tail_end = _tail_start(lines)
    kept: list[Piece] = []
    related: list[dict] = []
    date = None
    for idx, p in enumerate(lines):
        if idx >= tail_end and is_related_line(p.text):
            related.extend(_related(p, raw, log))
            continue
        why = _removal(p, idx)
        if why is None:
            kept.append(p)
            continue
        op, reason, found = why
        log.append(entry(op, p.offs[0], p.end, raw[p.offs[0]:p.end], "", reason))
        date = found or date
    return kept, related, date


def _is_byline(p: Piece) -> bool:
    return parse_byline(view(p.text)) is not None


def _mark_title_and_byline(kept: list[Piece]) -> None:
    """The first line is the title if it looks like a headline and the next line does not continue
    it; a byline is one of the two lines after the title."""
    if len(kept) > 1 and not _is_byline(kept[0]) and title_like(view(kept[0].text)) \
            and (_is_byline(kept[1]) or not continues(kept[0], kept[1], False)):
        kept[0].kind = "title"
    first_body = 1 if kept and kept[0].kind == "title" else 0
    for p in kept[first_body:first_body + 2]:
        if _is_byline(p):
            p.kind = "byline"
            break


def _join_broken_lines(kept: list[Piece], raw: str, log: list[dict]) -> list[Piece]:
    """Body lines joined where the line break falls inside a sentence."""
    blank_separated = sum(1 for p in kept[1:] if p.gap >= 2) >= 2
    blocks: list[Piece] = []
    for p in kept:
        if blocks and blocks[-1].kind == "body" and p.kind == "body":
            reason = continues(blocks[-1], p, blank_separated)
            if reason:
                blocks[-1] = join(blocks[-1], p, raw, reason, log)
                continue
        blocks.append(p)
    return blocks


def _mark_headings(blocks: list[Piece]) -> None:
    """Section headings: short lines without final punctuation between two body paragraphs."""
    for k, p in enumerate(blocks):
        if p.kind != "body":
            continue
        next_ok = k + 1 < len(blocks) and blocks[k + 1].kind == "body"
        if k > 0 and next_ok and heading_like(view(p.text)):
            p.kind = "heading"


def _flag(blocks: list[Piece], log: list[dict]) -> None:
    """What a person should check: lost text, then dashes, quotes and replacement characters."""
    for p in blocks:
        flag_lost_text(p, log)
    for p in blocks:
        flag_dash_confusion(p, log)
        flag_quotes(p, log)
        flag_replacement_chars(p, log)


def analyse(raw: str) -> Analysis:
    """Take a text apart into blocks: furniture out, structure marked, lines joined, repaired, flagged."""
    log: list[dict] = []
    kept, related, date = _drop_furniture(read_lines(raw, log), raw, log)
    _mark_title_and_byline(kept)
    blocks = _join_broken_lines(kept, raw, log)
    _mark_headings(blocks)
    for p in blocks:  # in-line repairs; a headline's clause spaces stay
        repair_inline(p, log, keep_clause_spaces=p.kind in _HEADLINES)
    _flag(blocks, log)
    body = next((p for p in blocks if p.kind == "body"), None)
    byline = inline_byline(body.text) if body else None
    log.sort(key=lambda e: (e["raw_start"], e["raw_end"]))
    return Analysis(blocks, related, log, date, byline)
