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


def stage_clean(inputs: list[InputDoc], dirs, jobs: int = 1, scheduler: str = "", force: bool = False,
                progress: bool = False) -> CleanStage:
    """Stage 01 over a corpus: one bad document is recorded in ``failures``, the rest go on."""
    from helpers import corpus

    results = corpus.run_stage("clean", inputs, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    return CleanStage(ids, overview(dirs, ids), corpus.read_parts(dirs, "cleaning_log", ids),
                      corpus.failures_of(results), results)


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


def corpus_terms(chunks: Iterable[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus term frequencies and a per-document token overview from chunks of the tokens table
    (whole documents per chunk), aggregated chunk by chunk (memory: one chunk and the vocabulary).

    A term's ``pos`` is the tag it carries most often in the corpus (ties: the first tag in
    alphabetical order); ``docs`` is the number of documents it occurs in.
    """
    from helpers import keywords

    counts: pd.Series | None = None  # (term, pos) -> occurrences
    docs: pd.Series | None = None  # term -> documents
    rows = []
    for t in chunks:
        if not len(t):
            continue
        g = t.groupby("doc_id", sort=False)
        rows.append(pd.DataFrame({
            "tokens": g.size(), "figures": g["is_figure"].sum().astype("int64"),
            "entities": g["is_entity"].sum().astype("int64"),
            "stopword_share": g["is_stop"].mean().astype(float).round(3),
        }))
        sub = t.loc[keywords.content_mask(t), ["doc_id", "token", "pos"]]
        c = sub.groupby(["token", "pos"], observed=True).size()
        d = sub.groupby("token", observed=True)["doc_id"].nunique()
        counts = c if counts is None else counts.add(c, fill_value=0)
        docs = d if docs is None else docs.add(d, fill_value=0)
    per_doc = pd.concat(rows) if rows else pd.DataFrame(columns=["tokens", "figures", "entities", "stopword_share"])
    if counts is None or not len(counts):
        return schemas.empty("terms"), per_doc
    c = counts.astype("int64").rename("n").reset_index()
    c["token"] = c["token"].astype(str)
    c["pos"] = c["pos"].astype(str)
    freq = c.groupby("token", sort=False)["n"].sum()
    top = c.sort_values(["token", "n", "pos"], ascending=[True, False, True], kind="stable").drop_duplicates("token")
    out = pd.DataFrame({"term": top["token"].to_numpy(), "pos": top["pos"].to_numpy()})
    out["freq"] = freq.reindex(out["term"]).to_numpy().astype("int64")
    docs.index = docs.index.astype(str)
    out["docs"] = docs.reindex(out["term"]).to_numpy().astype("int64")
    out["share"] = out["freq"] / out["freq"].sum()
    out = out.sort_values(["freq", "term"], ascending=[False, True], kind="stable")
    return schemas.conform(out, "terms"), per_doc


def stage_segment(dirs, doc_ids: list[str] | None = None, engine: str = "jieba", jobs: int = 1,
                  scheduler: str = "", force: bool = False, progress: bool = False) -> SegmentStage:
    """Stage 02 over a corpus: sentences, tokens, keywords per document; corpus term frequencies."""
    from helpers import corpus

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("segment", doc_ids, _settings(dirs, engine, force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    cols = ["doc_id", "token", "pos", "is_stop", "is_figure", "is_entity"]
    terms, per_doc = corpus_terms(corpus.iter_chunks(dirs, "tokens", ids, columns=cols))
    n_sent = pd.concat([c["doc_id"].value_counts(sort=False)
                        for c in corpus.iter_chunks(dirs, "sentences", ids, columns=["doc_id"])] or [pd.Series(dtype="int64")])
    over = pd.DataFrame({"doc_id": ids})
    over["sentences"] = n_sent.reindex(ids).fillna(0).astype("int64").to_numpy()
    per_doc = per_doc.reindex(ids)
    over["tokens"] = per_doc["tokens"].fillna(0).astype("int64").to_numpy()
    over["figures"] = per_doc["figures"].fillna(0).astype("int64").to_numpy()
    over["entities"] = per_doc["entities"].fillna(0).astype("int64").to_numpy()
    over["stopword_share"] = per_doc["stopword_share"].fillna(0.0).astype(float).to_numpy()
    sample = ids[:SAMPLE_DOCS]
    return SegmentStage(
        ids, over, terms, corpus.read_parts(dirs, "keywords", ids),
        corpus.read_parts(dirs, "sentences", sample), corpus.read_parts(dirs, "tokens", sample),
        corpus.failures_of(results), results,
    )


def stage_figures(dirs, doc_ids: list[str] | None = None, jobs: int = 1, scheduler: str = "",
                  force: bool = False, progress: bool = False) -> FigureStage:
    """Stage 03 over a corpus: figures and dates per document."""
    from helpers import corpus

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("figures", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    return FigureStage(ids, corpus.read_parts(dirs, "figures", ids), corpus.read_parts(dirs, "dates", ids),
                       corpus.failures_of(results), results)


def stage_entities(dirs, figures: pd.DataFrame | None = None, doc_ids: list[str] | None = None, jobs: int = 1,
                   scheduler: str = "", force: bool = False, progress: bool = False) -> EntityStage:
    """Stage 04 over a corpus, with each entity linked to the figures attributed to it."""
    from helpers import corpus
    from helpers import entities as ent

    doc_ids = doc_ids if doc_ids is not None else document_ids(dirs)
    results = corpus.run_stage("entities", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    entities = corpus.read_parts(dirs, "entities", ids)
    figures = figures if figures is not None else schemas.empty("figures")
    return EntityStage(ids, entities, corpus.read_parts(dirs, "cooccurrence", ids),
                       ent.link_figures(entities, figures), corpus.failures_of(results), results)


# ----------------------------------------------------------------------------- reading and writing

def load_table(name: str, dirs) -> pd.DataFrame:
    """A product of this run, checked against its contract: the joined file, else its partitions."""
    from helpers import corpus

    folder = corpus.folder_of(dirs, name)
    if (folder / f"{name}.parquet").exists():
        return schemas.read_table(name, folder)
    if (folder / name).is_dir():
        return corpus.read_parts(dirs, name, document_ids(dirs))
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


def overview(dirs, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per document of this run: doc_id, encoding, title, byline, date, source and counts
    of headings, body paragraphs, related articles and characters - computed by Arrow from the
    documents partitions a chunk at a time, without making Python objects of their text."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from helpers import corpus

    ids = doc_ids if doc_ids is not None else document_ids(dirs)
    cols = ["doc_id", "encoding", "title", "byline", "date", "source", "sections", "paragraphs", "related", "text"]
    frames = []
    for t in corpus.arrow_chunks(dirs, "documents", ids, columns=cols):
        n = t.num_rows

        def length(name):
            return pc.fill_null(pc.list_value_length(t[name].combine_chunks()), 0).to_numpy().astype("int64")

        paras = t["paragraphs"].combine_chunks()
        body = np.zeros(n, dtype="int64")
        flat = pc.list_flatten(paras)
        if pa.types.is_struct(flat.type) and flat.type.get_field_index("kind") >= 0 and len(flat):
            is_body = pc.fill_null(pc.equal(pc.struct_field(flat, "kind"), "body"), False).to_numpy(zero_copy_only=False)
            parents = pc.list_parent_indices(paras).to_numpy()
            body = np.bincount(parents[is_body], minlength=n).astype("int64")
        frames.append(pd.DataFrame({
            "doc_id": t["doc_id"].to_pylist(), "encoding": t["encoding"].to_pylist(), "title": t["title"].to_pylist(),
            "byline": t["byline"].to_pylist(), "date": [v or "" for v in t["date"].to_pylist()],
            "source": [v or "" for v in t["source"].to_pylist()], "headings": length("sections"),
            "paragraphs": body, "related": length("related"),
            "characters": pc.fill_null(pc.utf8_length(t["text"].combine_chunks()), 0).to_numpy().astype("int64"),
        }))
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c in _COUNTS else "object") for c in _OVERVIEW})
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


_OVERVIEW = ("doc_id", "encoding", "title", "byline", "date", "source", "headings", "paragraphs", "related", "characters")
_COUNTS = ("headings", "paragraphs", "related", "characters")


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
