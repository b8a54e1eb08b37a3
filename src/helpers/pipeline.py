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

def parse_date(value: str):
    """A YYYY, YYYY-MM or YYYY-MM-DD string as the date it starts on; ValueError if it is none."""
    import datetime as dt

    if not DATE_RE.match(value):
        raise ValueError("not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def check_date(value: str | None, where: str = "date") -> str | None:
    """A date as YYYY[-MM[-DD]] or None; anything else raises BadUsage."""
    if value is None or str(value).strip() == "":
        return None
    value = str(value).strip()
    try:
        parse_date(value)
    except ValueError:
        raise BadUsage(f"{where}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def read_failures(outputs: Path) -> list[dict]:
    """The run's list of skipped documents (``outputs/<run>/failures.json``); [] if none or unreadable."""
    import json

    path = Path(outputs) / "failures.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
    return []


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
        name = (row.get("file") or "").strip().replace("\\", "/")
        while name.startswith("./"):
            name = name[2:]
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
    def lookup(f: Path) -> dict:
        # metadata.csv in the file's own folder, else in a folder above it (up to the input folder)
        # naming the file by its path relative to that folder (district/hechuan.txt)
        folder = f.parent
        while True:
            if folder not in meta_cache:
                meta_cache[folder] = read_metadata(folder)
            key = f.relative_to(folder).as_posix()
            if key in meta_cache[folder]:
                return dict(meta_cache[folder][key])
            if folder == base or not folder.is_relative_to(base) or folder == folder.parent:
                return {}
            folder = folder.parent

    for f in files:
        rel = f.relative_to(base).as_posix() if f.is_relative_to(base) else f.name
        meta = lookup(f)
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
    return schemas.records("documents", list(documents))


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
    return schemas.records("cleaning_log", list(entries))


def concat(frames: Iterable[pd.DataFrame], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return schemas.empty(name)
    return schemas.conform(pd.concat(frames, ignore_index=True), name)


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


# ----------------------------------------------------------------------------- stages
#
# Each stage maps its per-document function (helpers.corpus) over the corpus; workers write one
# Parquet partition per document and table. The stage objects hold only what the notebooks show:
# an overview per document, the small tables whole, and the token-level tables for a sample.

SAMPLE_DOCS = 200  # token-level views (POS mix, keyword in context) read at most this many documents


def _settings(dirs, engine: str = "jieba", force: bool = False):
    from helpers import corpus

    return corpus.Settings(dirs=dirs, engine=engine, force=force)


def _ok_ids(results: list[dict]) -> list[str]:
    return [r["doc_id"] for r in results if r["status"] != "failed"]


@dataclass
class CleanStage:
    doc_ids: list[str]
    overview: pd.DataFrame
    log: pd.DataFrame
    failures: list[dict]
    results: list[dict]


@dataclass
class SegmentStage:
    doc_ids: list[str]
    overview: pd.DataFrame
    terms: pd.DataFrame
    keywords: pd.DataFrame
    sentences: pd.DataFrame  # sample of at most SAMPLE_DOCS documents
    tokens: pd.DataFrame  # sample of at most SAMPLE_DOCS documents
    failures: list[dict]
    results: list[dict]


@dataclass
class FigureStage:
    doc_ids: list[str]
    figures: pd.DataFrame
    dates: pd.DataFrame
    failures: list[dict]
    results: list[dict]


@dataclass
class EntityStage:
    doc_ids: list[str]
    entities: pd.DataFrame
    cooccurrence: pd.DataFrame
    links: pd.DataFrame
    failures: list[dict]
    results: list[dict]


def _overview_row(document: dict) -> dict:
    paras = document.get("paragraphs") or []
    return {
        "doc_id": document["doc_id"], "encoding": document.get("encoding"), "title": document.get("title"),
        "byline": document.get("byline"), "date": document.get("date") or "", "source": document.get("source") or "",
        "headings": len(document.get("sections") or []),
        "paragraphs": sum(1 for p in paras if p.get("kind") == "body"),
        "related": len(document.get("related") or []), "characters": len(document.get("text") or ""),
    }


def stage_clean(inputs: list[InputDoc], dirs, jobs: int = 1, scheduler: str = "", force: bool = False,
                progress: bool = False) -> CleanStage:
    """Stage 01 over a corpus: one bad document is recorded in ``failures``, the rest go on."""
    from helpers import corpus

    results = corpus.run_stage("clean", inputs, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    overview = pd.DataFrame([_overview_row(d) for d in iter_documents(dirs, ids)])
    log = concat(corpus.iter_parts(dirs, "cleaning_log", ids), "cleaning_log")
    return CleanStage(ids, overview, log, corpus.failures_of(results), results)


def merge_terms(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Corpus term frequencies from per-document ones (streaming: one document at a time)."""
    from collections import Counter

    freq: Counter = Counter()
    docs: Counter = Counter()
    pos: dict[str, Counter] = {}
    for f in frames:
        for term, p, n in zip(f["term"], f["pos"], f["freq"]):
            freq[term] += int(n)
            docs[term] += 1
            pos.setdefault(term, Counter())[p] += int(n)
    if not freq:
        return schemas.empty("terms")
    total = sum(freq.values())
    rows = [{"term": t, "pos": pos[t].most_common(1)[0][0], "freq": n, "docs": docs[t], "share": n / total}
            for t, n in freq.items()]
    out = pd.DataFrame(rows).sort_values(["freq", "term"], ascending=[False, True], kind="stable")
    return schemas.conform(out, "terms")


def stage_segment(dirs, doc_ids: list[str] | None = None, engine: str = "jieba", jobs: int = 1,
                  scheduler: str = "", force: bool = False, progress: bool = False) -> SegmentStage:
    """Stage 02 over a corpus: sentences, tokens, keywords per document; corpus term frequencies."""
    from helpers import corpus, keywords

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("segment", doc_ids, _settings(dirs, engine, force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    rows, term_frames = [], []
    for doc_id in ids:
        t = corpus.read_part(dirs, "tokens", doc_id)
        n_sent = len(corpus.read_part(dirs, "sentences", doc_id)) if len(rows) < SAMPLE_DOCS else None
        rows.append({"doc_id": doc_id, "sentences": n_sent, "tokens": len(t), "figures": int(t["is_figure"].sum()),
                     "entities": int(t["is_entity"].sum()), "stopword_share": round(float(t["is_stop"].mean()), 3)
                     if len(t) else 0.0})
        term_frames.append(keywords.term_frequencies(t))
    sample = ids[:SAMPLE_DOCS]
    return SegmentStage(
        ids, pd.DataFrame(rows), merge_terms(term_frames),
        concat(corpus.iter_parts(dirs, "keywords", ids), "keywords"),
        concat(corpus.iter_parts(dirs, "sentences", sample), "sentences"),
        concat(corpus.iter_parts(dirs, "tokens", sample), "tokens"),
        corpus.failures_of(results), results,
    )


def stage_figures(dirs, doc_ids: list[str] | None = None, jobs: int = 1, scheduler: str = "",
                  force: bool = False, progress: bool = False) -> FigureStage:
    """Stage 03 over a corpus: figures and dates per document."""
    from helpers import corpus

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("figures", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    return FigureStage(ids, concat(corpus.iter_parts(dirs, "figures", ids), "figures"),
                       concat(corpus.iter_parts(dirs, "dates", ids), "dates"), corpus.failures_of(results), results)


def stage_entities(dirs, figures: pd.DataFrame | None = None, doc_ids: list[str] | None = None, jobs: int = 1,
                   scheduler: str = "", force: bool = False, progress: bool = False) -> EntityStage:
    """Stage 04 over a corpus, with each entity linked to the figures attributed to it."""
    from helpers import corpus
    from helpers import entities as ent

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("entities", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    entities = concat(corpus.iter_parts(dirs, "entities", ids), "entities")
    figures = figures if figures is not None else schemas.empty("figures")
    return EntityStage(ids, entities, concat(corpus.iter_parts(dirs, "cooccurrence", ids), "cooccurrence"),
                       ent.link_figures(entities, figures), corpus.failures_of(results), results)


# ----------------------------------------------------------------------------- reading and writing

def load_table(name: str, dirs) -> pd.DataFrame:
    """A product of this run, checked against its contract: the joined file, else its partitions."""
    from helpers import corpus

    folder = corpus.folder_of(dirs, name)
    if (folder / f"{name}.parquet").exists():
        return schemas.read_table(name, folder)
    if (folder / name).is_dir():
        return concat(corpus.iter_parts(dirs, name, document_ids(dirs)), name)
    raise FileNotFoundError(f"{folder / name}.parquet: product {name!r} not found; run the stage that writes it first")


def iter_documents(dirs, doc_ids: list[str] | None = None) -> Iterable[dict]:
    """The cleaned documents of this run, one plain dict at a time."""
    from helpers import corpus

    for df in corpus.iter_parts(dirs, "documents", doc_ids if doc_ids is not None else document_ids(dirs)):
        yield from documents_from_frame(df)


def load_documents(dirs, limit: int | None = None) -> list[dict]:
    """The cleaned documents of this run as plain dicts (the first ``limit`` if given)."""
    import itertools

    return list(itertools.islice(iter_documents(dirs), limit))


def overview(dirs) -> pd.DataFrame:
    """One row per document of this run: doc_id, encoding, title, byline, date, source, counts."""
    return pd.DataFrame([_overview_row(d) for d in iter_documents(dirs)])


def document_ids(dirs) -> list[str]:
    """The documents of this run's last stage 01, in input order (its manifest), else all partitions."""
    import json

    from helpers import corpus

    manifest = dirs.interim / "manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8"))["doc_ids"]
    return corpus.part_ids(dirs, "documents")


def write_failures(failures: list[dict], dirs, stage: str) -> Path:
    """The documents a stage skipped, with the reason, merged into the run's failure list."""
    import json

    from helpers.textio import write_text_atomic

    old = [f for f in read_failures(dirs.outputs) if f.get("stage") != stage]
    new = [dict(f, stage=f.get("stage") or stage) for f in failures]
    return write_text_atomic(dirs.outputs / "failures.json", json.dumps(old + new, ensure_ascii=False, indent=1))


def write_clean(stage: CleanStage, dirs) -> list[Path]:
    """Stage 01's joined products; fails (after recording why) when no document could be read."""
    from helpers import corpus

    write_failures(stage.failures, dirs, "clean")
    if not stage.doc_ids:
        problems = "; ".join(f"{f['path']}: {f['problem']}" for f in stage.failures[:5])
        raise BadInput(None, f"no document could be read ({problems})")
    import json

    from helpers.textio import write_text_atomic

    write_text_atomic(dirs.interim / "manifest.json", json.dumps({"doc_ids": stage.doc_ids}, ensure_ascii=False))
    return [corpus.consolidate(dirs, "cleaning_log", stage.doc_ids)]


def write_segment(stage: SegmentStage, dirs) -> list[Path]:
    from helpers import corpus

    write_failures(stage.failures, dirs, "segment")
    return [corpus.consolidate(dirs, "keywords", stage.doc_ids), schemas.write_table(stage.terms, "terms", dirs.processed)]


def write_figures(stage: FigureStage, dirs) -> list[Path]:
    from helpers import corpus

    write_failures(stage.failures, dirs, "figures")
    return [corpus.consolidate(dirs, t, stage.doc_ids) for t in ("figures", "dates")]


def write_entities(stage: EntityStage, dirs) -> list[Path]:
    from helpers import corpus

    write_failures(stage.failures, dirs, "entities")
    return [corpus.consolidate(dirs, t, stage.doc_ids) for t in ("entities", "cooccurrence")]


def write_totals(totals: pd.DataFrame, dirs) -> Path:
    """Notebook 06's product: figures per subject and metric, double counting flagged."""
    return schemas.write_table(totals, "subject_totals", dirs.processed)
