"""The stages over a corpus, as the notebooks call them: run a stage's per-document work
(``helpers.run.execute``), then gather what the notebook shows and write the joined products.

The stage objects hold only what the notebooks show: an overview per document, the small tables
whole, and the token-level tables for a sample of documents.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.errors import BadInput
from helpers.extract.entities import link_figures
from helpers.run import execute
from helpers.run.inputs import InputDoc
from helpers.store import parts, products, query, schemas
from helpers.store.products import SAMPLE_DOCS


def _settings(dirs, engine: str = "jieba", force: bool = False):

    return execute.Settings(dirs=dirs, engine=engine, force=force)


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
    """Stage 03's outcome. Its tables stay in their batches until asked for: ``figures`` and
    ``dates`` read them whole (once), :meth:`digest` and :meth:`head` a chunk of documents at a time."""

    doc_ids: list[str]
    dirs: object
    failures: list[dict]
    results: list[dict]

    @functools.cached_property
    def figures(self) -> pd.DataFrame:
        return parts.read_parts(self.dirs, "figures", self.doc_ids)

    @functools.cached_property
    def dates(self) -> pd.DataFrame:
        return parts.read_parts(self.dirs, "dates", self.doc_ids)

    def digest(self, documents: list[dict] | None = None, top: int = 15):
        """The figures as the charts and the commentary read them (:class:`helpers.show.digest.FigureDigest`),
        read a chunk of documents at a time; ``documents`` give the dates relative periods resolve against."""
        from helpers.show.digest import FigureDigest, doc_dates

        return FigureDigest.of_run(self.dirs, self.doc_ids, doc_dates=doc_dates(documents), top=top)

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` figures, in the table's order (only the documents that hold them are read)."""
        frames, got = [], 0
        for f in parts.iter_chunks(self.dirs, "figures", self.doc_ids, chunk=max(1, min(parts.CHUNK_DOCS, n))):
            frames.append(f.head(n - got))
            got += len(frames[-1])
            if got >= n:
                break
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else (frames[0] if frames
                                                                              else schemas.empty("figures"))


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
    results = execute.run_stage("clean", inputs, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    return CleanStage(ids, products.overview(dirs, ids), parts.read_parts(dirs, "cleaning_log", ids),
                      execute.failures_of(results), results)


def stage_segment(dirs, doc_ids: list[str] | None = None, engine: str = "jieba", jobs: int = 1,
                  scheduler: str = "", force: bool = False, progress: bool = False) -> SegmentStage:
    """Stage 02 over a corpus: sentences, tokens, keywords per document; corpus term frequencies and
    the per-document counts computed by DuckDB over the stored tables."""
    doc_ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
    results = execute.run_stage("segment", doc_ids, _settings(dirs, engine, force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    with query.Run(dirs, ids, tables=("sentences", "tokens")) as q:  # aggregated in place: no tokens in pandas
        terms, over = query.terms(q), query.per_document(q)
    sample = ids[:SAMPLE_DOCS]
    return SegmentStage(
        ids, over, terms, parts.read_parts(dirs, "keywords", ids),
        parts.read_parts(dirs, "sentences", sample), parts.read_parts(dirs, "tokens", sample),
        execute.failures_of(results), results,
    )


def stage_figures(dirs, doc_ids: list[str] | None = None, jobs: int = 1, scheduler: str = "",
                  force: bool = False, progress: bool = False) -> FigureStage:
    """Stage 03 over a corpus: figures and dates per document."""
    doc_ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
    results = execute.run_stage("figures", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    return FigureStage(ids, dirs, execute.failures_of(results), results)


#: The figures' columns stage 04 reads (linking, the entity-figures table, money by entity): a
#: corpus's figures without their sentences and the columns only notebook 03 shows.
ENTITY_FIGURE_COLUMNS = ["doc_id", "figure_id", "text", "value", "unit", "kind", "qualifier", "place", "subject",
                         "metric", "metric_en", "period"]


def figures_for_entities(dirs, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """The figures of the run with :data:`ENTITY_FIGURE_COLUMNS` only (what notebook 04 reads of them)."""
    ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
    return parts.read_parts(dirs, "figures", ids, columns=ENTITY_FIGURE_COLUMNS)


@dataclass
class FigureChunks:
    """The run's figures as frames of a chunk of documents each, read from the batches every time
    they are iterated (``link_figures``, ``views.entity_figures`` and ``commentary.geography`` take
    them instead of the whole table)."""

    dirs: object
    doc_ids: list[str]
    columns: list[str] | None = None
    chunk: int = parts.CHUNK_DOCS

    def __iter__(self):
        return parts.iter_chunks(self.dirs, "figures", self.doc_ids, self.columns, chunk=self.chunk)


def figure_chunks(dirs, doc_ids: list[str] | None = None, chunk: int = parts.CHUNK_DOCS) -> FigureChunks:
    """:class:`FigureChunks` of the run with :data:`ENTITY_FIGURE_COLUMNS` (notebook 04's figures)."""
    ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
    return FigureChunks(dirs, ids, ENTITY_FIGURE_COLUMNS, chunk)


def stage_entities(dirs, figures=None, doc_ids: list[str] | None = None, jobs: int = 1,
                   scheduler: str = "", force: bool = False, progress: bool = False) -> EntityStage:
    """Stage 04 over a corpus, with each entity linked to the figures attributed to it (``figures``:
    the table or :class:`FigureChunks`)."""
    doc_ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
    results = execute.run_stage("entities", doc_ids, _settings(dirs, force=force), jobs, scheduler, progress)
    ids = _ok_ids(results)
    entities = parts.read_parts(dirs, "entities", ids)
    figures = figures if figures is not None else schemas.empty("figures")
    return EntityStage(ids, entities, parts.read_parts(dirs, "cooccurrence", ids),
                       link_figures(entities, figures), execute.failures_of(results), results)


def write_clean(stage: CleanStage, dirs) -> list[Path]:
    """Stage 01's joined products; fails (after recording why) when no document could be read."""
    products.write_failures(stage.failures, dirs, "clean")
    if not stage.doc_ids:
        problems = "; ".join(f"{f['path']}: {f['problem']}" for f in stage.failures[:5])
        raise BadInput(None, f"no document could be read ({problems})")
    products.write_manifest(stage.doc_ids, dirs)
    return [parts.consolidate(dirs, "cleaning_log", stage.doc_ids, views=products.views_wanted(dirs))]


def write_segment(stage: SegmentStage, dirs) -> list[Path]:
    """Stage 02's joined products: keywords and the corpus's term frequencies."""
    products.write_failures(stage.failures, dirs, "segment")
    views = products.views_wanted(dirs)
    return [parts.consolidate(dirs, "keywords", stage.doc_ids, views=views),
            schemas.write_table(stage.terms, "terms", dirs.processed, csv=views)]


def write_figures(stage: FigureStage, dirs) -> list[Path]:
    """Stage 03's joined products: figures and dates."""
    products.write_failures(stage.failures, dirs, "figures")
    views = products.views_wanted(dirs)
    return [parts.consolidate(dirs, t, stage.doc_ids, views=views) for t in ("figures", "dates")]


def write_entities(stage: EntityStage, dirs) -> list[Path]:
    """Stage 04's joined products: entities and their co-occurrence."""
    products.write_failures(stage.failures, dirs, "entities")
    views = products.views_wanted(dirs)
    return [parts.consolidate(dirs, t, stage.doc_ids, views=views) for t in ("entities", "cooccurrence")]
