"""A run's panel read in place by DuckDB: what notebook 07 shows, without the tables in memory.

The panel of a corpus is millions of rows (about 0.6 GB in pandas per 20 MB of text: facts, sources,
series, figures left out). Notebook 07 shows counts, the first facts, the first conflicts and the first
series rows; :class:`Stored` asks its four Parquet files (written by
:func:`helpers.extract.panel_parts.build`, stamped with their inputs) for those only, and answers as
:class:`helpers.extract.panel.Panel` does for the frames it holds: the same methods, the same rows in
the same order (``tests/unit/test_panel_query.py`` compares them).

    stored = Stored(dirs)        # the run's panel files, which must hold a built panel
    stored.counts()              # {"facts": ..., "single": ..., "conflict": ..., "series": ...}
    facts, total = stored.ranked_facts(20)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.extract import panel as P
from helpers.store import query


class Stored:
    """The panel Parquet files of run ``dirs`` (stamped: :func:`helpers.extract.panel.built_from`)."""

    def __init__(self, dirs):
        stamp = P._stamp(dirs)
        if stamp is None:
            raise FileNotFoundError(f"{Path(dirs.processed)}: no built panel (panel*.parquet); run notebook 07")
        self.dirs = dirs
        self.inputs, self.documents = stamp
        folder = Path(dirs.processed)
        self.files = {spec.name: folder / f"{spec.name}.parquet" for spec in P.SPECS}

    def _table(self, spec: P.Spec) -> str:
        return f"read_parquet({query.literal(str(self.files[spec.name]))}, file_row_number = true)"

    def _sql(self, sql: str, spec: P.Spec | None = None) -> pd.DataFrame:
        con = query.connect()
        try:
            t = query._arrow(con.sql(sql))
        finally:
            con.close()
        if "file_row_number" in t.column_names:
            t = t.drop_columns(["file_row_number"])
        df = t.to_pandas()
        return P.conform(df, spec) if spec is not None else df

    def read(self) -> P.Panel:
        """The whole panel in pandas (a run small enough for its CSV and Stata copies)."""
        frames = [P.conform(pd.read_parquet(self.files[spec.name]), spec) for spec in P.SPECS]
        return P.Panel(*frames, documents=self.documents, inputs=self.inputs)

    def counts(self) -> dict[str, int]:
        """:meth:`Panel.counts`."""
        facts, sources = self._table(P.PANEL), self._table(P.SOURCES)
        series, left = self._table(P.SERIES), self._table(P.LEFT_OUT)
        row = self._sql(
            f"SELECT (SELECT count(*) FROM {facts}) AS facts, "
            f"(SELECT count(*) FILTER (status = 'single') FROM {facts}) AS single, "
            f"(SELECT count(*) FILTER (status = 'agreed') FROM {facts}) AS agreed, "
            f"(SELECT count(*) FILTER (status = 'conflict') FROM {facts}) AS conflict, "
            f"(SELECT count(*) FILTER (n_sources > 1) FROM {facts}) AS several_sources, "
            f"(SELECT count(*) FROM {sources}) AS figures, (SELECT count(*) FROM {left}) AS left_out, "
            f"(SELECT count(DISTINCT series_id) FROM {series}) AS series").iloc[0]
        c = {k: int(row[k]) for k in ("facts", "single", "agreed", "conflict", "several_sources", "figures",
                                      "left_out")}
        return {**c, "documents": self.documents, "series": int(row["series"])}

    def left_out_reasons(self) -> list[tuple[str, int]]:
        """:meth:`Panel.left_out_reasons`."""
        df = self._sql(f"SELECT why, count(*) AS n FROM {self._table(P.LEFT_OUT)} GROUP BY why ORDER BY n DESC, why")
        return [(str(w), int(n)) for w, n in zip(df["why"], df["n"])]

    def ranked_facts(self, top: int) -> tuple[pd.DataFrame, int]:
        """:meth:`Panel.ranked_facts`."""
        t = self._table(P.PANEL)
        rows = self._sql(f"SELECT * FROM {t} ORDER BY CASE status WHEN 'conflict' THEN 0 WHEN 'agreed' THEN 1 "
                         f"WHEN 'single' THEN 2 END NULLS LAST, n_sources DESC, file_row_number LIMIT {int(top)}",
                         P.PANEL)
        total = int(self._sql(f"SELECT count(*) AS n FROM {t}")["n"].iloc[0])
        return rows, total

    def conflicts(self, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """:meth:`Panel.conflicts`."""
        facts = self._sql(f"SELECT * FROM {self._table(P.PANEL)} WHERE status = 'conflict' "
                          f"ORDER BY file_row_number LIMIT {int(top)}", P.PANEL)
        if not len(facts):
            return facts, P.empty(P.SOURCES)
        con = query.connect()
        try:
            con.register("chosen", pd.DataFrame({"fact_id": facts["fact_id"].astype(str),
                                                 "o": range(len(facts))}))
            t = query._arrow(con.sql(
                f"SELECT s.* FROM {self._table(P.SOURCES)} s JOIN chosen USING (fact_id) "
                f"ORDER BY chosen.o, s.reading, s.date NULLS LAST, s.file_row_number"))
        finally:
            con.close()
        return facts, P.conform(t.drop_columns(["file_row_number"]).to_pandas(), P.SOURCES)

    def series_head(self, n: int) -> tuple[pd.DataFrame, int, int]:
        """:meth:`Panel.series_head`."""
        t = self._table(P.SERIES)
        rows = self._sql(f"SELECT * FROM {t} ORDER BY file_row_number LIMIT {int(n)}", P.SERIES)
        size = self._sql(f"SELECT count(*) AS n, count(DISTINCT series_id) AS s FROM {t}").iloc[0]
        return rows, int(size["n"]), int(size["s"])
