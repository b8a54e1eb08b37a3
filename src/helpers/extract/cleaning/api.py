"""The entry points: clean_text (text in, clean text and log out) and clean_document (a documents row)."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.errors import BadInput
from helpers.extract.cleaning.furniture import parse_byline
from helpers.extract.cleaning.structure import analyse
from helpers.params import parse_date
from helpers.store.schemas import TABLES
from helpers.store.textio import Decoded


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
    a = analyse(text)
    return "\n".join(p.text for p in a.blocks), a.log


@dataclass
class CleanedDocument:
    """One cleaned document: a ``documents`` row and its ``cleaning_log`` rows."""

    document: dict
    log: list[dict]


def _meta_date(value, path: str) -> str | None:
    """A metadata date as given (YYYY, YYYY-MM or YYYY-MM-DD), None if empty; BadInput naming the file if it is
    no such date."""
    if value is None:
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    if not s or s.lower() in ("nan", "none", "nat"):
        return None
    try:
        parse_date(s)
    except ValueError as e:
        raise BadInput(path, f"date {e}; fix the metadata") from None
    return s


def _meta_str(meta: dict, key: str):
    v = meta.get(key)
    if v is None:
        return None
    s = str(v).strip()
    return s if s and s.lower() != "nan" else None


def _paragraphs(blocks) -> tuple[list[dict], list[dict], str]:
    """The paragraphs (every block with its offsets and section), the sections, and the text."""
    paragraphs, pos, section = [], 0, ""
    for k, p in enumerate(blocks):
        if k:
            pos += 1
        if p.kind == "heading":
            section = p.text
        paragraphs.append({"para_id": k, "kind": p.kind, "section": section, "text": p.text,
                           "start": pos, "end": pos + len(p.text)})
        pos += len(p.text)
    text = "\n".join(p.text for p in blocks)
    sections = []
    for para in paragraphs:
        if para["kind"] == "heading":
            if sections:
                sections[-1]["end"] = para["start"] - 1
            sections.append({"title": para["text"], "start": para["start"], "end": len(text)})
    return paragraphs, sections, text


def _offset_runs(blocks, decoded: Decoded) -> list[list[int]]:
    """Runs ``[clean_start, raw_start, length]`` mapping the clean text onto the file's decoded
    text (BOM dropped, line ends as in the file): within a run, clean offset ``clean_start + k``
    is raw offset ``raw_start + k``. The line break between two blocks maps to the raw offset
    just after the first block."""
    runs: list[list[int]] = []
    pos = 0

    def add(c: int, r: int) -> None:
        if runs and runs[-1][0] + runs[-1][2] == c and runs[-1][1] + runs[-1][2] == r:
            runs[-1][2] += 1
        else:
            runs.append([c, r, 1])

    for k, p in enumerate(blocks):
        if k:
            add(pos, decoded.file_offset(blocks[k - 1].end))
            pos += 1
        for i, off in enumerate(p.offs):
            add(pos + i, decoded.file_offset(off))
        pos += len(p.text)
    return runs


def clean_document(decoded: Decoded, doc_id: str, meta: dict | None = None) -> CleanedDocument:
    """Clean one decoded file into a ``documents`` row and its ``cleaning_log`` rows.

    ``meta`` may carry ``title``, ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``source``
    and ``byline``; they override what is found in the text (``origin`` records which was used), and
    ``title_en``, ``source_en`` (their English, for the English report). ``sections`` are the headings with
    the span of their section (``start`` at the heading, ``end`` where the next heading or the
    text begins/ends); ``paragraphs`` cover every block of ``text`` with offsets.
    """
    meta = dict(meta or {})
    a = analyse(decoded.text)
    paragraphs, sections, text = _paragraphs(a.blocks)
    title_block = next((p.text for p in a.blocks if p.kind == "title"), None)
    byline_block = next((p.text for p in a.blocks if p.kind == "byline"), None)
    byline = parse_byline(byline_block) if byline_block else a.inline_byline
    given = {"title": _meta_str(meta, "title"), "byline": _meta_str(meta, "byline"),
             "date": _meta_date(meta.get("date"), decoded.path), "source": _meta_str(meta, "source")}
    found = {"title": title_block, "byline": byline, "date": a.date, "source": None}
    document = {
        "doc_id": doc_id,
        "path": decoded.path,
        "encoding": decoded.encoding,
        **{k: given[k] or found[k] for k in given},
        "title_en": _meta_str(meta, "title_en"),
        "source_en": _meta_str(meta, "source_en"),
        # where each of title, byline, date and source came from: "given" (metadata.csv or the run's
        # parameters), "text" (found in the article), or None (unknown)
        "origin": {k: "given" if given[k] else ("text" if found[k] else None) for k in given},
        "sections": sections,
        "paragraphs": paragraphs,
        "related": a.related,
        "text": text,
        "offsets": _offset_runs(a.blocks, decoded),
    }
    document = {name: document[name] for name in TABLES["documents"].names}
    names = TABLES["cleaning_log"].names
    log = [{name: ({**e, "doc_id": doc_id})[name] for name in names} for e in a.log]
    return CleanedDocument(document, log)
