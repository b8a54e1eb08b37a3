"""The stages as functions: inputs and metadata, then clean, segment, figures, entities per document.

Every per-document step is a pure function of one document, so the same code serves a notebook
on one article, ``python -m helpers figures PATH`` and a corpus mapped over worker processes.
"""

from __future__ import annotations

import csv
import glob
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from helpers import schemas
from helpers.errors import BadInput, BadUsage
from helpers.textio import read_text

META_COLUMNS = ("file", "doc_id", "title", "date", "source")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class InputDoc:
    """One input file with its stable ``doc_id`` and metadata (title, date, source; '' = unknown)."""

    path: Path
    doc_id: str
    meta: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- inputs

def check_date(value: str | None, where: str = "date") -> str | None:
    """A date as YYYY[-MM[-DD]] or None; anything else raises BadUsage."""
    if value is None or str(value).strip() == "":
        return None
    value = str(value).strip()
    import datetime as dt

    ok = bool(DATE_RE.match(value))
    if ok:
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        raise BadUsage(f"{where}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def read_metadata(folder: Path) -> dict[str, dict]:
    """``metadata.csv`` in ``folder`` as {file name or relative path: row}; {} if there is none.

    Columns: file (required), doc_id, title, date, source (optional). A malformed file is bad
    input (exit 1) naming the file and the problem, never silently ignored.
    """
    path = Path(folder) / "metadata.csv"
    if not path.exists():
        return {}
    decoded = read_text(path)
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
        name = (row.get("file") or "").strip()
        if not name:
            raise BadInput(path, f"line {n} has no file name")
        meta = {k: (row.get(k) or "").strip() for k in META_COLUMNS[1:]}
        try:
            meta["date"] = check_date(meta["date"], f"{path} line {n}") or ""
        except BadUsage as e:
            raise BadInput(path, f"line {n}: date {meta['date']!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from e
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
    raw = str(input_path)
    p = Path(raw)
    if any(ch in raw for ch in "*?[") and not p.exists():
        files = sorted(Path(f) for f in glob.glob(raw, recursive=True) if Path(f).is_file())
        base = Path(_glob_base(raw))
        if not files:
            raise BadInput(raw, "the pattern matches no files")
    elif p.is_dir():
        base = p
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".txt")
        if not files:
            raise BadInput(p, "folder holds no .txt files")
    elif p.exists():
        base = p.parent
        files = [p]
    else:
        raise BadInput(p, "no such file or folder")
    meta_cache: dict[Path, dict] = {}
    docs: list[InputDoc] = []
    seen: set[str] = set()
    for f in files:
        folder = f.parent
        if folder not in meta_cache:
            meta_cache[folder] = read_metadata(folder)
        rel = f.relative_to(base).as_posix() if f.is_relative_to(base) else f.name
        meta = dict(meta_cache[folder].get(f.name) or meta_cache[folder].get(rel) or {})
        for k, v in defaults.items():
            if not meta.get(k):
                meta[k] = v
        doc_id = meta.pop("doc_id", "") or _slug(rel)
        if doc_id in seen:
            doc_id = _slug(rel)
            n = 2
            while doc_id in seen:
                doc_id, n = f"{_slug(rel)}-{n}", n + 1
        seen.add(doc_id)
        docs.append(InputDoc(f, doc_id, meta))
    return docs


def _glob_base(pattern: str) -> str:
    parts = []
    for part in Path(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else "."


# ----------------------------------------------------------------------------- documents

def clean_one(doc: InputDoc):
    """Decode and clean one input; returns the CleanedDocument (``.document``, ``.log``)."""
    from helpers import cleaning

    decoded = read_text(doc.path)
    return cleaning.clean_document(decoded, doc.doc_id, doc.meta)


def documents_frame(documents: Iterable[dict]) -> pd.DataFrame:
    """Documents as the ``documents`` table (nested sections, paragraphs, related as lists)."""
    docs = list(documents)
    if not docs:
        return schemas.empty("documents")
    return schemas.conform(pd.DataFrame(docs), "documents")


def _plain(value):
    """Parquet gives nested lists back as numpy arrays of dicts; make them plain Python again."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def documents_from_frame(df: pd.DataFrame) -> list[dict]:
    """The ``documents`` table back to one plain dict per document."""
    out = []
    for row in df.to_dict("records"):
        doc = {k: _plain(v) for k, v in row.items()}
        for k in ("title", "byline", "date", "source"):
            if doc.get(k) is not None and pd.isna(doc[k]):
                doc[k] = None
        out.append(doc)
    return out


def log_frame(entries: Iterable[dict]) -> pd.DataFrame:
    rows = list(entries)
    return schemas.conform(pd.DataFrame(rows), "cleaning_log") if rows else schemas.empty("cleaning_log")


def concat(frames: Iterable[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return schemas.empty(name)
    return schemas.conform(pd.concat(frames, ignore_index=True), name)


# ----------------------------------------------------------------------------- stages

@dataclass
class CleanStage:
    documents: pd.DataFrame
    log: pd.DataFrame
    failures: list[dict]


def stage_clean(inputs: list[InputDoc]) -> CleanStage:
    """Stage 01 over a corpus: one bad document is recorded in ``failures``, the rest go on."""
    docs, logs, failures = [], [], []
    for d in inputs:
        try:
            cleaned = clean_one(d)
        except BadInput as e:
            failures.append({"doc_id": d.doc_id, "path": str(d.path), "stage": "clean", "problem": e.problem})
            continue
        docs.append(cleaned.document)
        logs.extend(cleaned.log)
    return CleanStage(documents_frame(docs), log_frame(logs), failures)


def segment_document(document: dict, engine: str = "jieba") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and tokens of one document."""
    from helpers import segmentation

    sentences = segmentation.split_sentences(document)
    tokens = segmentation.tokenize(document, sentences, engine=engine)
    return sentences, tokens


def figures_document(document: dict, sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and dates of one document."""
    from helpers import figures

    return figures.extract_figures(document, sentences), figures.extract_dates(document, sentences)


def entities_document(document: dict, sentences: pd.DataFrame, tokens: pd.DataFrame | None = None):
    """Entities and co-occurrence of one document."""
    from helpers import entities

    return entities.extract_entities(document, sentences, tokens)


def process_document(doc: InputDoc, engine: str = "jieba") -> dict[str, pd.DataFrame]:
    """Every per-document product of one input: the pure function a corpus run maps."""
    cleaned = clean_one(doc)
    document = cleaned.document
    sentences, tokens = segment_document(document, engine)
    figs, dates = figures_document(document, sentences)
    ents, cooc = entities_document(document, sentences, tokens)
    return {
        "documents": documents_frame([document]),
        "cleaning_log": log_frame(cleaned.log),
        "sentences": sentences,
        "tokens": tokens,
        "figures": figs,
        "dates": dates,
        "entities": ents,
        "cooccurrence": cooc,
    }


@dataclass
class SegmentStage:
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    keywords: pd.DataFrame


@dataclass
class FigureStage:
    figures: pd.DataFrame
    dates: pd.DataFrame


@dataclass
class EntityStage:
    entities: pd.DataFrame
    cooccurrence: pd.DataFrame
    links: pd.DataFrame


def stage_segment(documents: list[dict], engine: str = "jieba", top: int = 50) -> SegmentStage:
    """Stage 02 over a corpus: sentences, tokens and per-document keywords."""
    from helpers import keywords

    sents, toks, kws = [], [], []
    for doc in documents:
        s, t = segment_document(doc, engine)
        sents.append(s)
        toks.append(t)
        kws.append(keywords.keywords(t, doc, top=top))
    return SegmentStage(concat(sents, "sentences"), concat(toks, "tokens"), concat(kws, "keywords"))


def stage_figures(documents: list[dict], sentences: pd.DataFrame) -> FigureStage:
    """Stage 03 over a corpus."""
    figs, dates = [], []
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False))) if len(sentences) else {}
    for doc in documents:
        s = by_doc.get(doc["doc_id"], schemas.empty("sentences"))
        f, d = figures_document(doc, s.reset_index(drop=True))
        figs.append(f)
        dates.append(d)
    return FigureStage(concat(figs, "figures"), concat(dates, "dates"))


def stage_entities(documents: list[dict], sentences: pd.DataFrame, tokens: pd.DataFrame | None,
                   figures: pd.DataFrame | None = None) -> EntityStage:
    """Stage 04 over a corpus, with each entity linked to the figures attributed to it."""
    from helpers import entities as ent

    s_by = dict(tuple(sentences.groupby("doc_id", sort=False))) if len(sentences) else {}
    t_by = dict(tuple(tokens.groupby("doc_id", sort=False))) if tokens is not None and len(tokens) else {}
    ents, coocs = [], []
    for doc in documents:
        s = s_by.get(doc["doc_id"], schemas.empty("sentences")).reset_index(drop=True)
        t = t_by.get(doc["doc_id"])
        e, c = entities_document(doc, s, None if t is None else t.reset_index(drop=True))
        ents.append(e)
        coocs.append(c)
    entities = concat(ents, "entities")
    figures = figures if figures is not None else schemas.empty("figures")
    links = ent.link_figures(entities, figures)
    return EntityStage(entities, concat(coocs, "cooccurrence"), links)


# ----------------------------------------------------------------------------- reading and writing

def load_table(name: str, dirs) -> pd.DataFrame:
    """A product of this run, checked against its contract."""
    folder = dirs.interim if schemas.TABLES[name].stage == "interim" else dirs.processed
    return schemas.read_table(name, folder)


def load_documents(dirs) -> list[dict]:
    """The cleaned documents of this run, as plain dicts."""
    return documents_from_frame(load_table("documents", dirs))


def _write(dirs, tables: dict[str, pd.DataFrame]) -> list[Path]:
    written = []
    for name, df in tables.items():
        folder = dirs.interim if schemas.TABLES[name].stage == "interim" else dirs.processed
        written.append(schemas.write_table(df, name, folder))
    return written


def write_failures(failures: list[dict], dirs) -> Path:
    """The documents a run skipped, with the reason, for the run's index."""
    import json

    from helpers.textio import write_text_atomic

    return write_text_atomic(dirs.outputs / "failures.json", json.dumps(failures, ensure_ascii=False, indent=1))


def write_clean(stage: CleanStage, dirs) -> list[Path]:
    """Stage 01's products; fails (after recording why) when no document could be read."""
    write_failures(stage.failures, dirs)
    if not len(stage.documents):
        problems = "; ".join(f"{f['path']}: {f['problem']}" for f in stage.failures[:5])
        raise BadInput(None, f"no document could be read ({problems})")
    return _write(dirs, {"documents": stage.documents, "cleaning_log": stage.log})


def write_segment(stage: SegmentStage, dirs) -> list[Path]:
    return _write(dirs, {"sentences": stage.sentences, "tokens": stage.tokens, "keywords": stage.keywords})


def write_figures(stage: FigureStage, dirs) -> list[Path]:
    return _write(dirs, {"figures": stage.figures, "dates": stage.dates})


def write_entities(stage: EntityStage, dirs) -> list[Path]:
    return _write(dirs, {"entities": stage.entities, "cooccurrence": stage.cooccurrence})
