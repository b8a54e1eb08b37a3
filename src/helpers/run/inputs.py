"""The inputs of a run: the documents a file, a folder or a glob names, with their metadata."""

from __future__ import annotations

import csv
import glob
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import BadInput, BadUsage
from helpers.extract import cleaning, document
from helpers.params import check_date
from helpers.store.textio import MAX_METADATA_BYTES, read_text

META_COLUMNS = ("file", "doc_id", "title", "date", "source", "title_en", "source_en")


@dataclass(frozen=True)
class InputDoc:
    """One input file with its stable ``doc_id`` and metadata (title, date, source; '' = unknown)."""

    path: Path
    doc_id: str
    meta: dict = field(default_factory=dict)


def read_metadata(folder: Path) -> dict[str, dict]:
    """``metadata.csv`` in ``folder`` as {file name or relative path: row}; {} if there is none.

    Columns: file (required), doc_id, title, date, source, title_en, source_en (optional; the last two
    are the English the English report shows). A malformed file is bad
    input (exit 1) naming the file and the problem, never silently ignored.
    """
    path = Path(folder) / "metadata.csv"
    if not path.exists():
        return {}
    decoded = read_text(path, max_bytes=MAX_METADATA_BYTES)  # not an article: its own limit
    try:
        rows = list(csv.DictReader(io.StringIO(decoded.text)))
    except csv.Error as e:
        raise BadInput(path, f"is not valid CSV ({e})") from None
    if not rows or "file" not in (rows[0].keys() if rows else ()):
        raise BadInput(path, "needs a header with a 'file' column (and optionally doc_id, title, date, source)")
    out: dict[str, dict] = {}
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise BadInput(path, f"line {n} has more fields than the header")
        name = (row.get("file") or "").strip().replace("\\", "/")
        while name.startswith("./"):
            name = name[2:]
        if not name:
            raise BadInput(path, f"line {n} has no file name")
        meta = {k: (row.get(k) or "").strip() for k in META_COLUMNS[1:]}
        try:
            meta["date"] = check_date(meta["date"], f"{path} line {n}") or ""
        except BadUsage as e:
            raise BadInput(path, f"line {n}: date {meta['date']!r} is not a date "
                                 "(use YYYY, YYYY-MM or YYYY-MM-DD)") from e
        out[name] = meta
    return out


def _slug(rel: str) -> str:
    stem = re.sub(r"\.txt$", "", rel, flags=re.I)
    return re.sub(r"[^\w.-]+", "_", stem.replace("/", "__"), flags=re.UNICODE).strip("_") or "doc"


def iter_inputs(input_path: str | Path, defaults: dict | None = None) -> list[InputDoc]:
    """The documents named by a file, a folder (recursive ``*.txt``) or a glob, with metadata.

    ``defaults`` (title, date, source from run parameters) fill what metadata.csv leaves empty.
    ``doc_id`` is metadata's, else the file's path relative to the input folder, made stable.
    """
    defaults = {k: v for k, v in (defaults or {}).items() if v}
    files, base = _files_of(input_path)
    lookup = _MetadataLookup(base)
    docs: list[InputDoc] = []
    seen: set[str] = set()
    for f in files:
        rel = f.relative_to(base).as_posix() if f.is_relative_to(base) else f.name
        meta = lookup(f)
        for k, v in defaults.items():
            if not meta.get(k):
                meta[k] = v
        doc_id = _unique_id(meta.pop("doc_id", "") or _slug(rel), rel, seen)
        seen.add(doc_id)
        docs.append(InputDoc(f, doc_id, meta))
    return docs


def _files_of(input_path: str | Path) -> tuple[list[Path], Path]:
    """The text files a path, folder or glob names, and the folder their ids are relative to."""
    raw = str(input_path)
    p = Path(raw)
    if any(ch in raw for ch in "*?[") and not p.exists():
        files = sorted(Path(f) for f in glob.glob(raw, recursive=True) if Path(f).is_file())
        if not files:
            raise BadInput(raw, "the pattern matches no files")
        return files, Path(_glob_base(raw))
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".txt")
        if not files:
            raise BadInput(p, "folder holds no .txt files")
        return files, p
    if p.exists():
        return [p], p.parent
    raise BadInput(p, "no such file or folder")


class _MetadataLookup:
    """A file's row of metadata.csv: the one in its own folder, else in a folder above it (up to
    the input folder) naming the file by its path relative to that folder (district/hechuan.txt)."""

    def __init__(self, base: Path):
        self.base = base
        self.cache: dict[Path, dict] = {}

    def __call__(self, f: Path) -> dict:
        folder = f.parent
        while True:
            if folder not in self.cache:
                self.cache[folder] = read_metadata(folder)
            key = f.relative_to(folder).as_posix()
            if key in self.cache[folder]:
                return dict(self.cache[folder][key])
            if folder == self.base or not folder.is_relative_to(self.base) or folder == folder.parent:
                return {}
            folder = folder.parent


def _unique_id(doc_id: str, rel: str, seen: set[str]) -> str:
    """``doc_id``, or (when another document has it) the file's slug, numbered if need be."""
    if doc_id not in seen:
        return doc_id
    doc_id, n = _slug(rel), 2
    while doc_id in seen:
        doc_id, n = f"{_slug(rel)}-{n}", n + 1
    return doc_id


def _glob_base(pattern: str) -> str:
    parts = []
    for part in Path(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else "."


def clean_one(doc: InputDoc) -> cleaning.CleanedDocument:
    """Read (any encoding) and clean one input: the CleanedDocument (``.document``, ``.log``)."""
    return document.clean_file(doc.path, doc.doc_id, doc.meta)
