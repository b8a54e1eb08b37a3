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
from helpers.extract.cleaning.text import Words, dictionary

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


@dataclass
class _Reading:
    """What every step of reading one text shares: the text, its change log and the dictionary."""

    raw: str
    log: list[dict]
    words: Words

    def view(self, p: Piece) -> str:
        """``p`` as cleaning will leave it (see :func:`~helpers.extract.cleaning.repairs.view`)."""
        return view(p.text, self.words)

    def continues(self, a: Piece, b: Piece, blank_separated: bool) -> str:
        """Why ``b`` continues ``a``, or '' (see :func:`~helpers.extract.cleaning.joins.continues`)."""
        return continues(a, b, blank_separated, self.words)

    def drop(self, p: Piece, op: str, reason: str, after: str = "") -> None:
        """Log the raw text of ``p`` as replaced by ``after``."""
        rs, re_ = p.offs[0], p.end
        self.log.append(entry(op, rs, re_, self.raw[rs:re_], after, reason))


#: A dateline is page furniture among the first lines of text (it dates the document); further down
#: the page a line that is only a date belongs to the article.
_DATELINE_WITHIN = 4


def _tail_start(views: list[str]) -> int:
    """Where the trailing list of other articles starts, read from the end past stray glyphs,
    furniture and datelines (``len(views)`` if there is none)."""
    tail_end = len(views)
    for k in range(len(views) - 1, -1, -1):
        t = views[k]
        if is_related_line(t):
            tail_end = k
        elif not (is_stray_line(t) or furniture(t) or dateline(t)):
            break
    return tail_end


def _related(p: Piece, r: _Reading) -> list[dict]:
    """The entries of one line of the related-articles list, the line logged as split off."""
    entries = parse_related(p.text, r.words)
    r.drop(p, "split_related", "trailing list of other articles -> document['related']",
           " | ".join(f"{e['page']}》{e['place']} {e['title']}".replace("》 ", "》") for e in entries))
    return entries


def _removal(t: str, n_kept: int) -> tuple[str, str, str | None] | None:
    """Why the line ``t`` is dropped as ``(op, reason, date)``, or None if it is kept; ``n_kept``
    lines of text come before it."""
    if is_stray_line(t):
        return "remove_stray_glyph", "line of a few non-text glyphs, no Chinese, digit or letter (OCR noise)", None
    hit = furniture(t)
    if hit:
        return "remove_furniture", f"page furniture: {hit}", None
    date = dateline(t)
    if date and n_kept < _DATELINE_WITHIN:
        return "remove_furniture", f"page furniture: dateline (document date {date})", date
    return None


def _drop_furniture(lines: list[Piece], r: _Reading) -> tuple[list[Piece], list[dict], str | None]:
    """The lines that are text; the related articles and the dateline's date taken out of the rest.

    Each line is judged as cleaning will leave it (its in-line repairs made), so that cleaning
    the clean text drops nothing more.
    """
    views = [r.view(p) for p in lines]
    tail_end = _tail_start(views)
    kept: list[Piece] = []
    related: list[dict] = []
    date = None
    for idx, p in enumerate(lines):
        if idx >= tail_end and is_related_line(views[idx]):
            related.extend(_related(p, r))
            continue
        why = _removal(views[idx], len(kept))
        if why is None:
            kept.append(p)
            continue
        op, reason, found = why
        r.drop(p, op, reason)
        date = found or date
    return kept, related, date


def _mark_title_and_byline(kept: list[Piece], r: _Reading) -> None:
    """The first line is the title if it looks like a headline and the next line does not continue
    it; a byline is one of the two lines after the title."""
    bylines = [parse_byline(r.view(p)) is not None for p in kept[:3]]
    if len(kept) > 1 and not bylines[0] and title_like(r.view(kept[0])) \
            and (bylines[1] or not r.continues(kept[0], kept[1], False)):
        kept[0].kind = "title"
    first_body = 1 if kept and kept[0].kind == "title" else 0
    for k in range(first_body, min(first_body + 2, len(kept))):
        if bylines[k]:
            kept[k].kind = "byline"
            break


def _join_broken_lines(kept: list[Piece], r: _Reading, blank_separated: bool) -> list[Piece]:
    """Body lines joined where the line break falls inside a sentence."""
    blocks: list[Piece] = []
    for p in kept:
        if blocks and blocks[-1].kind == "body" and p.kind == "body":
            reason = r.continues(blocks[-1], p, blank_separated)
            if reason:
                blocks[-1] = join(blocks[-1], p, r.raw, reason, r.log)
                continue
        blocks.append(p)
    return blocks


def _blocks(lines: list[Piece], r: _Reading, blank_separated: bool) -> tuple[list[Piece], list[dict], str | None]:
    """One reading of the structure: furniture dropped, title and byline marked, broken lines joined."""
    kept, related, date = _drop_furniture(lines, r)
    _mark_title_and_byline(kept, r)
    return _join_broken_lines(kept, r, blank_separated), related, date


def _structure(lines: list[Piece], r: _Reading) -> tuple[list[Piece], list[dict], str | None]:
    """The blocks of the text, read until reading them again changes nothing.

    Cleaning the clean text reads each block as one line; what is judged by position (the title,
    the byline, a dateline among the first lines, the list of other articles at the end) or by
    the next line (a join) can read differently once lines are joined or dropped. So the blocks
    are read again, as the clean text would be (one line each, no blank lines between them), until
    nothing is dropped or joined: the clean text is then read as it was written.
    """
    blank_separated = sum(1 for p in lines[1:] if p.gap >= 2) >= 2
    blocks, related, date = _blocks(lines, r, blank_separated)
    while True:
        for p in blocks:
            p.kind = "body"
        again, more, found = _blocks(blocks, r, blank_separated=False)
        related.extend(more)
        date = found or date
        if len(again) == len(blocks):  # nothing dropped, nothing joined
            return again, related, date
        blocks = again


def _mark_headings(blocks: list[Piece], r: _Reading) -> None:
    """Section headings: short lines without final punctuation between two body paragraphs."""
    for k, p in enumerate(blocks):
        if p.kind != "body":
            continue
        next_ok = k + 1 < len(blocks) and blocks[k + 1].kind == "body"
        if k > 0 and next_ok and heading_like(r.view(p)):
            p.kind = "heading"


def _flag(blocks: list[Piece], r: _Reading) -> None:
    """What a person should check: lost text, then dashes, quotes and replacement characters."""
    for p in blocks:
        flag_lost_text(p, r.log)
    for p in blocks:
        flag_dash_confusion(p, r.log, r.words)
        flag_quotes(p, r.log)
        flag_replacement_chars(p, r.log)


def analyse(raw: str) -> Analysis:
    """Take a text apart into blocks: furniture out, structure marked, lines joined, repaired, flagged."""
    r = _Reading(raw, [], dictionary())
    blocks, related, date = _structure(read_lines(raw, r.log), r)
    _mark_headings(blocks, r)
    for p in blocks:  # in-line repairs; a headline's clause spaces stay
        repair_inline(p, r.log, r.words, keep_clause_spaces=p.kind in _HEADLINES)
    _flag(blocks, r)
    body = next((p for p in blocks if p.kind == "body"), None)
    byline = inline_byline(body.text) if body else None
    r.log.sort(key=lambda e: (e["raw_start"], e["raw_end"]))
    return Analysis(blocks, related, r.log, date, byline)
