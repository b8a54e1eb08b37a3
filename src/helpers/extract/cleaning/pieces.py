"""Tracked text: a stretch of text with the raw offset of each character, and the change log it feeds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Piece:
    """A stretch of text with the raw offset of each of its characters."""

    text: str
    offs: list[int]
    end: int  # raw offset just after the piece
    gap: int = 0  # line breaks between this line and the previous non-empty one
    kind: str = "body"

    @classmethod
    def of(cls, text: str) -> Piece:
        """A piece of its own (offsets index ``text``), for repairing text outside a document."""
        return cls(text, list(range(len(text))), len(text))

    def raw_span(self, s: int, e: int) -> tuple[int, int]:
        """The raw offsets ``[start, end)`` of ``text[s:e]``."""
        rs = self.offs[s] if s < len(self.text) else self.end
        re_ = self.offs[e - 1] + 1 if e > s else rs
        return rs, re_


def entry(op, rs, re_, before, after, reason) -> dict:
    """One change-log entry; offsets index the raw text."""
    return {"op": op, "raw_start": int(rs), "raw_end": int(re_), "before": before, "after": after,
            "reason": reason}


def apply_edits(piece: Piece, edits: list[tuple], log: list[dict]) -> bool:
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
        log.append(entry(op, rs, re_, text[s:e], new, reason))
        out.append(new)
        new_offs.extend(offs[s:e] if len(new) == e - s else [rs] * len(new))
        pos = e
    out.append(text[pos:])
    new_offs.extend(offs[pos:])
    piece.text, piece.offs = "".join(out), new_offs
    return True


def join(a: Piece, b: Piece, raw: str, reason: str, log: list[dict]) -> Piece:
    """``a`` and ``b`` as one piece, the line break between them logged as removed."""
    rs = a.end
    re_ = b.offs[0] if b.offs else b.end
    log.append(entry("join_broken_line", rs, re_, raw[rs:re_], "", reason))
    return Piece(a.text + b.text, a.offs + b.offs, b.end, a.gap, a.kind)


def flag(piece: Piece, s: int, e: int, op: str, reason: str, log: list[dict]) -> None:
    """Log ``piece.text[s:e]`` as flagged, not changed (``before == after``)."""
    rs, re_ = piece.raw_span(s, e)
    t = piece.text[s:e]
    log.append(entry(op, rs, re_, t, t, reason))
