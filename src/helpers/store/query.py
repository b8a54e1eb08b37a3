"""A run's tables aggregated in place by DuckDB: SQL over the batch files, current rows only.

    with query.Run(dirs) as q:
        q.sql("SELECT kind, count(*) AS n FROM figures GROUP BY kind ORDER BY n DESC")

:class:`Run` opens an in-process DuckDB connection with one view per per-document table, named
after it (``tokens``, ``figures`` ...), holding the current rows of the run's documents: the
manifest decides which rows of which batch are current, and documents no longer in the run are
left out. DuckDB reads the Parquet files directly, in parallel and out of core, so pandas receives
only the aggregate. The functions below are the aggregations the notebooks and the report use,
each equal to its pandas counterpart (the tests compare them).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from helpers.chars import HAN
from helpers.store import batches, parts, products, schemas

#: What a term is (``keywords.content_mask``): not a stopword or figure, two characters or more,
#: a Han character or a Latin letter, not punctuation.
TERM_SQL = ("NOT is_stop AND NOT is_figure AND length(token) > 1 AND pos <> 'x' "
            f"AND regexp_matches(token, '[A-Za-z{HAN}]')")

MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this (a notebook kernel stays well under 4 GB)


def literal(s: str) -> str:
    """``s`` as an SQL string literal (quotes doubled)."""
    return "'" + s.replace("'", "''") + "'"


def connect(threads: int | None = None, memory_limit: str = MEMORY_LIMIT):
    """An in-memory DuckDB connection (``threads`` default: DuckDB's, one per core)."""
    import duckdb

    config = {"memory_limit": memory_limit}
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


def _arrow(rel) -> pa.Table:
    """A relation as one Arrow table (``to_arrow_table`` in DuckDB 2, ``arrow`` before)."""
    t = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()
    return t.read_all() if isinstance(t, pa.RecordBatchReader) else t


class Run:
    """A DuckDB connection with a view per per-document table of the run ``dirs``: the current rows
    of ``doc_ids`` (default: the run's documents). Use as a context manager, or close()."""

    def __init__(self, dirs, doc_ids: list[str] | None = None, tables=None, con=None):
        self.dirs = dirs
        self.doc_ids = list(doc_ids) if doc_ids is not None else products.document_ids(dirs)
        self.con = con or connect()
        docs = pa.table({"doc_id": pa.array(self.doc_ids, pa.string()),
                         "doc_order": pa.array(range(len(self.doc_ids)), pa.int64())})
        self.con.register("run_documents", docs)
        for table in tables or parts.TABLE_STAGE:
            self._view(table)

    def _view(self, table: str) -> None:
        m = batches.manifest(parts.table_folder(self.dirs, table))
        wanted = set(self.doc_ids)
        current = [(d, m.names[m.batch[i]]) for d, i in m.pos.items() if d in wanted and m.rows[i]]
        files = sorted({b for _, b in current})
        if not files:  # no rows: an empty view with the table's columns
            self.con.register(f"_empty_{table}", parts.arrow_schema(table).empty_table())
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM _empty_{table}")
            return
        folder = m.folder
        paths = "[" + ", ".join(literal(str(folder / f)) for f in files) + "]"
        live = m.live_rows()
        whole = (len(current) == sum(1 for i in m.pos.values() if m.rows[i])
                 and all(live.get(f) == m.batches.get(f) for f in files))
        if whole:  # every row of these files is current and of the run: no join needed
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({paths})")
            return
        self.con.register(f"_current_{table}", pa.table({
            "doc_id": pa.array([d for d, _ in current], pa.string()),
            "file": pa.array([str(folder / b) for _, b in current], pa.string())}))
        self.con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT t.* EXCLUDE (filename) "
            f"FROM read_parquet({paths}, filename = true) AS t "
            f"SEMI JOIN _current_{table} AS c ON t.doc_id = c.doc_id AND t.filename = c.file")

    def sql(self, query: str, params: list | None = None, arrow_text: bool = True) -> pd.DataFrame:
        """The query's result as pandas (text columns in Arrow memory, else Python objects)."""
        t = _arrow(self.con.sql(query, params=params or None))
        return schemas.from_arrow(t) if arrow_text else t.to_pandas()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ----------------------------------------------------------------------------- the aggregations

def terms(q: Run) -> pd.DataFrame:
    """The ``terms`` table (``keywords.corpus_terms``): each term's most frequent tag (ties: the
    first in alphabetical order), its count, its documents and its share, most frequent first."""
    df = q.sql(f"""
        WITH c AS (SELECT token, pos, count(*) AS n FROM tokens WHERE {TERM_SQL} GROUP BY token, pos),
             d AS (SELECT token, count(DISTINCT doc_id) AS docs FROM tokens WHERE {TERM_SQL} GROUP BY token),
             f AS (SELECT token, sum(n)::BIGINT AS freq FROM c GROUP BY token),
             top AS (SELECT token, pos FROM (SELECT token, pos,
                       row_number() OVER (PARTITION BY token ORDER BY n DESC, pos) AS k FROM c) WHERE k = 1)
        SELECT top.token AS term, top.pos, f.freq, d.docs,
               f.freq / (SELECT sum(freq) FROM f)::DOUBLE AS share
        FROM top JOIN f USING (token) JOIN d USING (token)
        ORDER BY freq DESC, term""", arrow_text=False)
    if not len(df):
        return schemas.empty("terms")
    return schemas.conform(df, "terms")


def per_document(q: Run) -> pd.DataFrame:
    """Per document of the run (in its order): sentences, tokens, figure and entity tokens, the
    share of stopwords (rounded to 3 places), as notebook 02's overview shows them."""
    df = q.sql("""
        SELECT r.doc_id, coalesce(s.n, 0) AS sentences, coalesce(t.n, 0) AS tokens,
               coalesce(t.figures, 0) AS figures, coalesce(t.entities, 0) AS entities,
               coalesce(t.stop, 0.0) AS stopword_share
        FROM run_documents r
        LEFT JOIN (SELECT doc_id, count(*) AS n FROM sentences GROUP BY doc_id) s USING (doc_id)
        LEFT JOIN (SELECT doc_id, count(*) AS n, count(*) FILTER (WHERE is_figure) AS figures,
                          count(*) FILTER (WHERE is_entity) AS entities, avg(is_stop::INTEGER) AS stop
                   FROM tokens GROUP BY doc_id) t USING (doc_id)
        ORDER BY r.doc_order""")
    df["stopword_share"] = df["stopword_share"].astype(float).round(3)  # numpy's rounding, as pandas does
    for c in ("sentences", "tokens", "figures", "entities"):
        df[c] = df[c].astype("int64")
    df["doc_id"] = df["doc_id"].astype(object)
    return df


def entity_totals(q: Run) -> pd.DataFrame:
    """Mentions and documents of each entity (canonical name and type), in name order."""
    return q.sql("""SELECT canonical, type, sum(mentions)::BIGINT AS mentions, count(DISTINCT doc_id) AS documents
                    FROM entities GROUP BY canonical, type ORDER BY canonical, type""")


def counts(q: Run, table: str, column: str) -> pd.DataFrame:
    """Rows and documents of ``table`` per value of ``column`` (figures per kind, log entries per
    op ...), most rows first, then by value."""
    if column not in schemas.TABLES[table].names:
        raise KeyError(f"table {table!r} has no column {column!r}")
    return q.sql(f"""SELECT "{column}", count(*) AS "rows", count(DISTINCT doc_id) AS documents FROM {table}
                     GROUP BY "{column}" ORDER BY "rows" DESC, "{column}" NULLS LAST""")


def table_rows(q: Run) -> dict[str, int]:
    """Current rows of every per-document table of the run."""
    sql = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in parts.TABLE_STAGE)
    return {t: int(n) for t, n in q.sql(sql).itertuples(index=False)}


def documents_by_period(q: Run, unit: str = "year") -> pd.DataFrame:
    """Documents per year (``YYYY``) or month (``YYYY-MM``) of their date; undated ones left out."""
    width = {"year": 4, "month": 7}[unit]
    return q.sql(f"""SELECT substr(date, 1, {width}) AS period, count(*) AS documents FROM documents
                     WHERE date IS NOT NULL AND length(date) >= {width} GROUP BY period ORDER BY period""")


class Frames(Run):
    """The aggregations over pandas frames instead of a run's batches: a connection with one view
    per frame given (``Frames(figures=df)``), for small tables and for tests."""

    def __init__(self, con=None, **frames: pd.DataFrame):
        self.dirs, self.doc_ids = None, None
        self.con = con or connect()
        for name, df in frames.items():
            self.con.register(name, df)

