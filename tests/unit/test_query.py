"""DuckDB over the batched tables: only current rows, the run's documents, the same numbers as pandas."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import corpus_pass
from helpers import paths
from helpers.extract import keywords
from helpers.store import parts, products, query


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return corpus_pass(tmp_path_factory.mktemp("query"), 8, "q")


def test_terms_and_document_counts_equal_the_pandas_ones(run):
    ids = products.document_ids(run)
    tokens = parts.read_parts(run, "tokens", ids)
    with query.Run(run) as q:
        terms, per_doc = query.terms(q), query.per_document(q)
    pd.testing.assert_frame_equal(terms, keywords.term_frequencies(tokens))
    _, expected = keywords.corpus_terms([tokens])
    expected = expected.reindex(ids)
    assert per_doc["doc_id"].tolist() == ids
    for col in ("tokens", "figures", "entities", "stopword_share"):
        assert per_doc[col].tolist() == expected[col].tolist(), col
    sentences = parts.read_parts(run, "sentences", ids)["doc_id"].value_counts()
    assert per_doc["sentences"].tolist() == [int(sentences.get(d, 0)) for d in ids]


def test_counts_and_totals_equal_the_pandas_ones(run):
    figures = products.load_table("figures", run)
    entities = products.load_table("entities", run)
    with query.Run(run) as q:
        kinds = query.counts(q, "figures", "kind")
        totals = query.entity_totals(q)
        periods = query.documents_by_period(q)
        rows = query.table_rows(q)
    g = figures.groupby("kind").agg(rows=("kind", "size"), documents=("doc_id", "nunique")).reset_index()
    g = g.sort_values(["rows", "kind"], ascending=[False, True]).reset_index(drop=True)
    assert kinds.astype({"kind": object}).values.tolist() == g.astype({"kind": object}).values.tolist()
    e = entities.groupby(["canonical", "type"], as_index=False).agg(mentions=("mentions", "sum"),
                                                                     documents=("doc_id", "nunique"))
    assert totals.astype(object).values.tolist() == e.astype(object).values.tolist()
    dates = products.overview(run)["date"]
    years = dates[dates.str.len() >= 4].str[:4].value_counts().sort_index()
    assert dict(zip(periods["period"], periods["documents"])) == years.to_dict()
    assert rows == {t: len(products.load_table(t, run)) for t in parts.TABLE_STAGE}
    with pytest.raises(KeyError):
        query.counts(q, "figures", "no_such_column")


def test_notebook_06_reads_from_duckdb_what_the_pandas_tables_give(run):
    from helpers.show import compare

    got = compare.load(run)
    want = compare.Across.from_frames(products.overview(run), products.load_table("figures", run),
                                      products.load_table("entities", run))
    assert (got.n_figures, got.n_entities) == (want.n_figures, want.n_entities) and got.n_figures > 0
    for name in ("documents", "cited", "shared", "totals"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), check_dtype=False, obj=name)
    assert len(got.totals) > 0 and len(got.shared) > 0

def test_only_current_rows_of_the_run_documents_are_seen(run, tmp_path):
    work = tmp_path / "copy"
    shutil.copytree(Path(run.interim).parents[2], work)
    dirs = paths.run_dirs("q", work)
    parts.forget_manifests()
    ids = products.document_ids(dirs)
    doc = ids[1]
    # doc's tokens rewritten with three rows: its old rows stay in the old batch, superseded
    parts.write_part(parts.read_part(dirs, "tokens", doc).head(3), dirs, "tokens", doc, "x" * 24)
    assert len(parts.dataset_files(dirs, "tokens")) == 2
    with query.Run(dirs) as q:
        per_doc = query.per_document(q).set_index("doc_id")
        assert per_doc.loc[doc, "tokens"] == 3
        assert q.sql("SELECT count(*) AS n FROM tokens")["n"][0] == len(parts.read_parts(dirs, "tokens", ids))
    with query.Run(dirs, doc_ids=ids[:2]) as q:  # a subset of the documents
        assert query.table_rows(q)["tokens"] == len(parts.read_parts(dirs, "tokens", ids[:2]))
    with query.Run(dirs, doc_ids=[]) as q:  # no documents: empty views with the tables' columns
        assert len(query.terms(q)) == 0 and list(q.sql("SELECT * FROM figures").columns)[:2] == ["doc_id", "figure_id"]


def test_the_readme_recipes_keep_only_current_rows(run, tmp_path):
    """The README's DuckDB, pandas and Dask lines, on a table with superseded rows."""
    import dask.dataframe as dd
    import duckdb

    work = tmp_path / "copy"
    shutil.copytree(Path(run.interim).parents[2], work)
    dirs = paths.run_dirs("q", work)
    parts.forget_manifests()
    ids = products.document_ids(dirs)
    figures = parts.read_parts(dirs, "figures", ids)
    doc = figures["doc_id"].iloc[0]
    parts.write_part(parts.read_part(dirs, "figures", doc).head(1), dirs, "figures", doc, "x" * 24)
    expected = parts.read_parts(dirs, "figures", ids)
    assert len(expected) < len(figures)
    folder = str(parts.table_folder(dirs, "figures"))
    n = duckdb.sql(f"""SELECT count(*) FROM read_parquet('{folder}/b*.parquet', filename = true) t
                       SEMI JOIN read_parquet('{folder}/_manifest.parquet') m
                         ON t.doc_id = m.doc_id AND parse_filename(t.filename) = m.batch""").fetchall()[0][0]
    assert n == len(expected)
    m = pd.read_parquet(f"{folder}/_manifest.parquet")

    def current(batch):
        return pd.read_parquet(f"{folder}/{batch}").merge(m.loc[m.batch == batch, ["doc_id"]], on="doc_id")

    frame = pd.concat([current(b) for b in m.batch.unique() if b], ignore_index=True)
    key = ["doc_id", "figure_id"]
    assert sorted(map(tuple, frame[key].values.tolist())) == sorted(map(tuple, expected[key].values.tolist()))
    assert len(dd.from_map(current, [b for b in m.batch.unique() if b]).compute()) == len(expected)
