"""The contracts between stages: each product's columns, defined once, checked on write and read.

Machine tables are Parquet; the tables people open by hand are also CSV in UTF-8 with a BOM so
that Excel shows the Chinese. Cells that a spreadsheet would run as a formula are neutralised in
the CSV view only (the Parquet keeps the text as it was).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.errors import SchemaError
from helpers.store.files import PARQUET_COMPRESSION, atomic_path, write_bytes_atomic


@dataclass(frozen=True)
class Table:
    """One product: name, ordered columns with pandas dtypes, whether people open it as CSV."""

    name: str
    columns: tuple[tuple[str, str], ...]
    csv: bool = False
    stage: str = "processed"  # "interim" or "processed"

    @property
    def names(self) -> list[str]:
        return [c for c, _ in self.columns]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            (
                ("doc_id", "string"), ("path", "string"), ("encoding", "string"),
                ("title", "string"), ("byline", "string"), ("date", "string"),
                ("source", "string"), ("title_en", "string"), ("source_en", "string"), ("origin", "object"),
                ("sections", "object"), ("paragraphs", "object"),
                ("related", "object"), ("text", "string"), ("offsets", "object"),
            ),
            stage="interim",
        ),
        Table(
            "cleaning_log",
            (
                ("doc_id", "string"), ("op", "string"), ("raw_start", "Int64"), ("raw_end", "Int64"),
                ("before", "string"), ("after", "string"), ("reason", "string"),
            ),
            csv=True,
            stage="interim",
        ),
        Table(
            "sentences",
            (
                ("doc_id", "string"), ("sent_id", "int64"), ("para_id", "int64"), ("section", "string"),
                ("start", "int64"), ("end", "int64"), ("text", "string"),
            ),
            stage="interim",
        ),
        Table(
            "tokens",
            (
                ("doc_id", "string"), ("sent_id", "int64"), ("i", "int64"), ("token", "string"),
                ("pos", "string"), ("start", "int64"), ("end", "int64"), ("is_stop", "bool"),
                ("is_figure", "bool"), ("is_entity", "bool"),
            ),
            stage="interim",
        ),
        Table(
            "keywords",
            (
                ("doc_id", "string"), ("term", "string"), ("freq", "int64"),
                ("tfidf", "float64"), ("textrank", "float64"),
            ),
            csv=True,
        ),
        Table(
            "terms",
            (
                ("term", "string"), ("pos", "string"), ("freq", "int64"), ("docs", "int64"), ("share", "float64"),
            ),
            csv=True,
        ),
        Table(
            "figures",
            (
                ("doc_id", "string"), ("figure_id", "string"), ("text", "string"), ("value", "float64"),
                ("value_low", "float64"), ("value_high", "float64"),
                ("unit", "string"), ("kind", "string"), ("qualifier", "string"), ("place", "string"),
                ("place_code", "string"), ("subject", "string"), ("metric", "string"), ("metric_en", "string"),
                ("measure", "string"), ("metric_phrase", "string"), ("period", "string"),
                ("period_kind", "string"), ("comparable", "string"), ("sent_id", "int64"), ("start", "int64"),
                ("end", "int64"), ("raw_start", "int64"), ("raw_end", "int64"), ("sentence", "string"),
            ),
            csv=True,
        ),
        Table(
            "dates",
            (
                ("doc_id", "string"), ("text", "string"), ("period", "string"), ("resolved", "bool"),
                ("sent_id", "int64"), ("start", "int64"), ("end", "int64"),
            ),
            csv=True,
        ),
        Table(
            "subject_totals",
            (
                ("subject", "string"), ("place", "string"), ("metric", "string"), ("metric_en", "string"),
                ("measure", "string"), ("unit", "string"), ("period_kind", "string"), ("comparable", "string"),
                ("figures", "int64"), ("documents", "int64"), ("total", "float64"), ("largest", "float64"),
                ("duplicates", "int64"), ("note", "string"),
            ),
            csv=True,
        ),
        Table(
            "entities",
            (
                ("doc_id", "string"), ("name", "string"), ("canonical", "string"), ("type", "string"),
                ("division_code", "string"), ("mentions", "int64"), ("first_start", "int64"),
            ),
            csv=True,
        ),
        Table(
            "cooccurrence",
            (("doc_id", "string"), ("a", "string"), ("b", "string"), ("weight", "int64")),
            csv=True,
        ),
    )
}


def text_values(col: pd.Series, convert=str) -> np.ndarray:
    """A text column as an object array of ``convert(value)``, missing values as "": worked out once
    per distinct value and shared by the rows that hold it (a corpus's million figures repeat a few
    thousand units, metrics, places and sentences; an object per row is most of their memory).

    >>> text_values(pd.Series(["亿元", None, "亿元"], dtype="string")).tolist()
    ['亿元', '', '亿元']
    """
    codes, uniques = pd.factorize(col)
    return np.array([convert(u) for u in uniques] + [""], dtype=object)[codes]  # code -1 (missing): the last


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Check ``df`` has exactly the contract's columns (any order) and return it ordered and typed."""
    table = TABLES[name]
    names = table.names
    columns = list(df.columns)
    if columns != names:
        missing = [c for c in names if c not in columns]
        extra = [c for c in columns if c not in names]
        if missing or extra:
            raise SchemaError(None, f"table {name!r}: missing columns {missing}, unexpected columns {extra}")
    out = df if columns == names else df.loc[:, names]
    dtypes = dict(zip(out.columns, map(str, out.dtypes.tolist())))
    casts = {col: dtype for col, dtype in table.columns if dtype != "object" and dtypes[col] != dtype}
    if casts:
        out = out.astype(casts)
    elif out is df:
        out = df.copy(deep=False)
    index = out.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return out
    return out.reset_index(drop=True)


_NUMPY_DTYPES = frozenset({"int64", "float64", "bool"})


def frame(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """The table ``name`` from plain Python lists (one per column, any order), each column made
    with its contract's dtype directly - the same frame as ``conform(pd.DataFrame(columns), name)``
    for a fraction of the cost (no object columns cast afterwards)."""
    import numpy as np

    table = TABLES[name]
    if set(columns) != set(table.names):
        return conform(pd.DataFrame(columns), name)  # raises SchemaError naming the difference
    n = len(next(iter(columns.values()))) if columns else 0
    if n == 0:
        return empty(name)
    try:
        data = {}
        for col, dtype in table.columns:
            values = columns[col]
            if len(values) != n:
                raise ValueError("columns of different lengths")
            if dtype == "object":
                arr = np.empty(n, dtype=object)
                for i, v in enumerate(values):  # cell by cell: a list of lists stays a list per cell
                    arr[i] = v
                data[col] = arr
            elif dtype in _NUMPY_DTYPES:
                data[col] = np.asarray(values, dtype=dtype)
            else:
                data[col] = pd.array(values, dtype=dtype)
        return pd.DataFrame(data, copy=False)
    except (TypeError, ValueError):
        return conform(pd.DataFrame(columns), name)


def records(name: str, rows: list[dict]) -> pd.DataFrame:
    """The table ``name`` from rows (dicts with exactly the contract's columns), as :func:`frame`."""
    names = TABLES[name].names
    if not rows:
        return empty(name)
    try:
        if any(len(r) != len(names) for r in rows):
            raise KeyError
        return frame(name, {c: [r[c] for r in rows] for c in names})
    except KeyError:
        return conform(pd.DataFrame(rows), name)  # raises SchemaError naming the difference


@functools.lru_cache(maxsize=None)
def _empty(name: str) -> pd.DataFrame:
    table = TABLES[name]
    return conform(pd.DataFrame({c: pd.Series([], dtype="object") for c in table.names}), name)


def empty(name: str) -> pd.DataFrame:
    """An empty table with the contract's columns and dtypes."""
    return _empty(name).copy()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_view(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as it goes to CSV: text cells that would start a spreadsheet formula get a quote."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) == "string":
            out[col] = out[col].map(_defuse, na_action="ignore")
    return out


def table_path(folder: str | Path, name: str, ext: str = "parquet") -> Path:
    return Path(folder) / f"{name}.{ext}"


def write_table(df: pd.DataFrame, name: str, folder: str | Path, csv: bool = True) -> Path:
    """Check ``df`` against its contract and write it atomically (Parquet, plus CSV with BOM unless
    ``csv`` is false: then an older CSV of the table is removed, never left beside newer rows)."""
    table = TABLES[name]
    df = conform(df, name)
    folder = Path(folder)
    path = table_path(folder, name)
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False, compression=PARQUET_COMPRESSION)
    if table.csv and csv:
        buf = io.StringIO()
        csv_view(df).to_csv(buf, index=False)
        write_bytes_atomic(table_path(folder, name, "csv"), buf.getvalue().encode("utf-8-sig"))
    else:
        table_path(folder, name, "csv").unlink(missing_ok=True)
    return path


def from_arrow(table) -> pd.DataFrame:
    """An Arrow table as pandas, its text columns kept in Arrow memory (pandas' ``string`` dtype
    with pyarrow storage: the same dtype name and values, a quarter of the memory of one Python
    object per cell - what lets a notebook hold a corpus's million-row tables)."""
    import pyarrow as pa

    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                         pa.large_string(): pd.StringDtype("pyarrow")}.get)


def read_table(name: str, folder: str | Path) -> pd.DataFrame:
    """Read a product and check it against its contract (text columns in Arrow memory)."""
    import pyarrow.parquet as pq

    path = table_path(folder, name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: product {name!r} not found; run the stage that writes it first")
    try:
        return conform(from_arrow(pq.read_table(path)), name)
    except SchemaError as e:
        raise SchemaError(path, e.problem) from None
