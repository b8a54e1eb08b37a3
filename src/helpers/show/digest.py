"""The tables of a report read once, a chunk of documents at a time: what each section needs.

A corpus has millions of figures; the report quotes a handful, lists a few hundred and counts the
rest. :class:`FigureDigest` keeps, from one pass over the figures table in its order:

* counts: figures, documents with figures, figures per kind, unresolved periods;
* the amounts in yuan: how many, the largest ``shown`` (largest first, ties in table order), the
  largest achieved and forecast ones; the first ``shown`` other figures (the key-figures table);
* forecasts and lower bounds: how many, every id, the first :data:`MAX_IDS` rows and
  the words the text marks them with;
* comparable groups: each key's size and its ``top`` largest figures (the charts);
* dated figures: the first spans and dated rows, and counts per period and kind (the timeline);
* figures per Chongqing district, with the first place name given for each code (the map).

:class:`EntityDigest` does the same for the entities and co-occurrence tables (the totals the
places sentence is made of, the most mentioned rows the table shows, the network's nodes and edges).
The row-by-row definitions both use (what is a forecast, an unresolved period, a figure's group key
and span) live here too; :mod:`helpers.show.commentary` and :mod:`helpers.show.keyfigures` use them.

Memory is one chunk plus what is kept, which does not grow with the corpus beyond the ids and
the counts. ``FigureDigest.of(frame)`` digests a frame in hand (one document, notebook 03); the
same code on a run's chunks (:meth:`FigureDigest.of_run`) gives the same digest as on the whole
table (the tests compare them for several chunkings).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.chars import has_cjk
from helpers.extract.dates import period_span, period_start
from helpers.store import schemas

SHOWN = 200  # rows of the key-figures table (largest amounts first, then the others in order)
TOP = 15  # bars of a comparable group's chart
TIMELINE_LABELS = 40  # more dated figures than this: counts per period instead of one label each


def _str(v) -> str:
    return v if isinstance(v, str) else ""


# ----------------------------------------------------------------------------- what a figure is, row by row
# (the report's sections and this digest share these; helpers.show.commentary and keyfigures re-export them)

def unresolved(period) -> bool:
    """Whether a period could not be resolved (relative words without a document date, 近年)."""
    if not isinstance(period, str) or not period:
        return False
    return period.startswith("XXXX") or period == "recent" or has_cjk(period)


def _is_forecast(q) -> bool:
    return isinstance(q, str) and "forecast" in q


def marker_words(rows: pd.DataFrame, kind: str) -> list[str]:
    """The words the article itself uses to mark ``kind`` (``bound``: 超, 突破, 多 ...; ``forecast``:
    预计, 力争 ...), in order of first use (:func:`helpers.extract.quantities.marker_words`)."""
    from helpers.extract.quantities import marker_words as words

    def col(c: str) -> list[str]:
        return schemas.text_values(rows[c]).tolist() if c in rows.columns else [""] * len(rows)

    seen: list[str] = []
    for text, sentence in dict.fromkeys(zip(col("text"), col("sentence"))):  # each pair once, in order
        seen += [w for w in words(text, sentence, kind) if w and w not in seen]
    return seen


#: At most this many figure ids are listed in one sentence; beyond them (a corpus's thousands of
#: forecasts) the rest are counted, and the figures table has them all.
MAX_IDS = 10


def entity_totals(entities: pd.DataFrame, sort: bool = True) -> pd.DataFrame:
    """Per (canonical name, type): mentions added up, the first division code given and the first
    position (``first_start``, else the row's), in name order (``sort``) or of first appearance."""
    first = entities["first_start"] if "first_start" in entities else pd.Series(range(len(entities)),
                                                                                  index=entities.index)
    return entities.assign(_first=first).groupby(["canonical", "type"], as_index=False, sort=sort).agg(
        mentions=("mentions", "sum"), division_code=("division_code", "first"), first=("_first", "min"))


def rank_entities(e: pd.DataFrame) -> pd.DataFrame:
    """Entity totals most mentioned first, ties in order of first mention."""
    return e.sort_values(["mentions", "first"], ascending=[False, True], kind="stable")


SPANS_MAX = 30  # more dated figures than this: counts per period (views.timeline_chart) instead of spans


def group_keys(figs: pd.DataFrame) -> pd.Series:
    """:func:`helpers.show.keyfigures.group_key` of every row (column by column: a corpus has hundreds of thousands)."""
    def col(c: str) -> list[str]:
        return schemas.text_values(figs[c], _str).tolist() if c in figs.columns else [""] * len(figs)

    comparable, qualifier = col("comparable"), col("qualifier")
    parts = zip(*(col(c) for c in ("metric", "measure", "unit", "period_kind")))
    keys = [(c or "|".join(p)) + ("|forecast" if "forecast" in q else "")
            for c, p, q in zip(comparable, parts, qualifier)]
    return pd.Series(keys, index=figs.index, dtype=object)


def spans(figs: pd.DataFrame, doc_dates: dict) -> pd.DataFrame:
    """The figures whose period covers days on the calendar, with ``first`` and ``after`` dates."""
    if not len(figs):
        return pd.DataFrame()
    span = functools.lru_cache(maxsize=None)(period_span)  # a corpus repeats few (period, date) pairs
    periods = [_str(v) for v in figs["period"]] if "period" in figs.columns else [""] * len(figs)
    docs = figs["doc_id"] if "doc_id" in figs.columns else [None] * len(figs)
    found = [(i, sp) for i, (p, d) in enumerate(zip(periods, docs)) if (sp := span(p, doc_dates.get(d)))]
    if not found:
        return pd.DataFrame()
    return figs.iloc[[i for i, _ in found]].reset_index(drop=True).assign(
        first=pd.to_datetime([sp[0] for _, sp in found]), after=pd.to_datetime([sp[1] for _, sp in found]))


COUNTY_CODE = re.compile(r"^50\d{4}$")


# ----------------------------------------------------------------------------- the digest


def _stable_top(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The ``k`` rows of largest value, ties in their order (missing values last)."""
    if not len(frame):
        return frame
    return frame.sort_values("value", ascending=False, kind="stable", na_position="last").head(k)


def _cat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one after another, in memory of their own: a slice of a chunk's Arrow columns
    would keep the whole chunk alive."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame()
    out = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return out.take(np.arange(len(out))).reset_index(drop=True)


def keep_largest(kept: pd.DataFrame, new: pd.DataFrame, k: int, by: list[str] | None = None,
                 value: str = "value") -> pd.DataFrame:
    """Of the rows ``kept`` then ``new`` (each in table order), the ``k`` of largest ``value`` (per
    group of ``by`` if given; ties in table order, missing values last), in table order again: kept
    chunk after chunk, they are the rows a stable sort of the whole table would put first."""
    both = _cat([kept, new])
    if not len(both):
        return both
    ranked = both.sort_values(value, ascending=False, kind="stable", na_position="last")
    ranked = ranked.groupby(by, sort=False, dropna=False).head(k) if by else ranked.head(k)
    return ranked.sort_index().reset_index(drop=True)


def doc_dates(documents: list[dict] | None) -> dict:
    """Each document's date by its id: what relative periods resolve against."""
    return {d["doc_id"]: d.get("date") for d in documents or []}


def _count(counts: dict, values) -> None:
    """Add the values' counts to ``counts`` (keys in order of first appearance)."""
    for k, n in pd.Series(values, dtype=object).value_counts(sort=False, dropna=True).items():
        counts[k] = counts.get(k, 0) + int(n)


def _ranked(counts: dict) -> pd.Series:
    """Counts ordered as ``Series.value_counts`` orders them: most first, from first-appearance order."""
    return pd.Series(counts, dtype="int64").sort_values(ascending=False) if counts else pd.Series([], dtype="int64")


@dataclass
class Marked:
    """Figures with one mark (forecasts, lower bounds): how many, their ids, the first rows, the words."""

    kind: str  # "forecast" or "bound" (helpers.extract.quantities.marker_words)
    n: int = 0
    ids: list = field(default_factory=list)
    head: pd.DataFrame = field(default_factory=pd.DataFrame)
    words: list = field(default_factory=list)

    def add(self, rows: pd.DataFrame) -> None:
        if not len(rows):
            return
        self.n += len(rows)
        self.ids += [str(i) for i in rows["figure_id"]]
        if len(self.head) < MAX_IDS:
            self.head = _cat([self.head, rows.head(MAX_IDS - len(self.head))])
        self.words += [w for w in marker_words(rows, self.kind) if w not in self.words]


class FigureDigest:
    """What the report says and draws of a figures table, gathered a chunk at a time (see the module)."""

    def __init__(self, doc_dates: dict | None = None, shown: int = SHOWN, top: int = TOP):
        self.doc_dates = doc_dates or {}
        self.shown, self.top = shown, top
        self.n = 0
        self._docs: set = set()
        self._kinds: dict = {}
        self.unresolved = 0
        self.money_n = 0
        # in table order (keep_largest): the `shown` largest amounts in yuan, the 4 largest achieved,
        # the largest forecast
        self._money = self._achieved = self._forecast_money = pd.DataFrame()
        self.others = pd.DataFrame()  # the first `shown` figures that are not amounts in yuan
        self.first = pd.DataFrame()  # the first `shown` + 1 figures
        self.forecast = Marked("forecast")
        self.bounds = Marked("bound")
        self._groups: dict = {}  # key -> figures, in order of first appearance
        self._group_rows = pd.DataFrame()  # each key's `top` largest
        self.grouped_n = 0  # figures with a metric (the rest are never grouped)
        self.n_spans = 0
        self.spans = pd.DataFrame()  # the first SPANS_MAX + 1 figures whose period covers days
        self.n_dated = 0
        self.dated = pd.DataFrame()  # the first TIMELINE_LABELS + 1 figures with a resolved period
        self._when_kind: dict = {}  # (first day, kind) -> figures
        self._districts: dict = {}
        self._district_place: dict = {}

    # ------------------------------------------------------------------------- building

    @classmethod
    def of(cls, figs: pd.DataFrame, **kw) -> FigureDigest:
        """The digest of a frame in hand (one document's figures, or a table already loaded)."""
        d = cls(**kw)
        d.add(figs)
        return d

    @classmethod
    def of_run(cls, dirs, doc_ids: list[str] | None = None, chunk: int | None = None, **kw) -> FigureDigest:
        """The digest of a run's figures (``doc_ids``: default the run's documents), read a chunk of
        documents at a time from the batches (:func:`helpers.store.parts.iter_chunks`)."""
        from helpers.store import parts, products

        d = cls(**kw)
        ids = doc_ids if doc_ids is not None else products.document_ids(dirs)
        extra = {"chunk": chunk} if chunk else {}
        for frame in parts.iter_chunks(dirs, "figures", ids, **extra):
            d.add(frame)
        return d

    def add(self, f: pd.DataFrame) -> None:
        """Take in the next rows of the table (in its order)."""
        if not len(f):
            return
        f = f.reset_index(drop=True)
        self.n += len(f)
        self._docs.update(f["doc_id"].dropna().unique().tolist())
        _count(self._kinds, f["kind"].astype(object))
        periods = f["period"].astype(object).value_counts(dropna=True, sort=False)
        self.unresolved += int(sum(n for p, n in periods.items() if unresolved(p)))
        if len(self.first) <= self.shown:
            self.first = _cat([self.first, f.head(self.shown + 1 - len(self.first))])
        is_money = ((f["kind"] == "money") & (f["unit"] == "CNY")).fillna(False).astype(bool)
        self._add_money(f[is_money])
        if len(self.others) < self.shown:
            self.others = _cat([self.others, f[~is_money].head(self.shown - len(self.others))])
        forecast = f["qualifier"].map(_is_forecast).astype(bool)
        self.forecast.add(f[forecast])
        self.bounds.add(f[f["qualifier"].fillna("").str.contains("more_than").astype(bool)])
        self._add_groups(f)
        self._add_dated(f)
        self._add_districts(f)

    def _add_money(self, money: pd.DataFrame) -> None:
        if not len(money):
            return
        self.money_n += len(money)
        forecast = money["qualifier"].map(_is_forecast).astype(bool)
        self._money = keep_largest(self._money, money, self.shown)
        self._achieved = keep_largest(self._achieved, money[~forecast], 4)
        self._forecast_money = keep_largest(self._forecast_money, money[forecast], 1)

    def _add_groups(self, f: pd.DataFrame) -> None:
        with_metric = f[f["metric"].fillna("").astype(str) != ""]
        if not len(with_metric):
            return
        self.grouped_n += len(with_metric)
        keys = group_keys(with_metric)
        _count(self._groups, keys)
        self._group_rows = keep_largest(self._group_rows, with_metric.assign(_key=keys.to_numpy()), self.top, ["_key"])

    def _add_dated(self, f: pd.DataFrame) -> None:
        s = spans(f, self.doc_dates)
        if len(s):
            self.n_spans += len(s)
            if len(self.spans) <= SPANS_MAX:
                self.spans = _cat([self.spans, s.head(SPANS_MAX + 1 - len(self.spans))])
        starts = f["period"].astype(object).map(_period_start)
        dated = starts.notna()
        if not dated.any():
            return
        rows = f[dated].assign(when=pd.to_datetime(starts[dated]))
        self.n_dated += len(rows)
        if len(self.dated) <= TIMELINE_LABELS:
            self.dated = _cat([self.dated, rows.head(TIMELINE_LABELS + 1 - len(self.dated))])
        pairs = rows.groupby(["when", "kind"], sort=False, dropna=False).size()
        for k, n in pairs.items():
            self._when_kind[k] = self._when_kind.get(k, 0) + int(n)

    def _add_districts(self, f: pd.DataFrame) -> None:
        if "place_code" not in f:
            return
        placed = f.dropna(subset=["place_code"])
        codes = placed["place_code"].astype(str)
        county = codes.str.match(COUNTY_CODE) & (codes != "500000")
        _count(self._districts, codes[county])
        places = placed.assign(place_code=codes).dropna(subset=["place"])
        for code, place in places.groupby("place_code", sort=False)["place"].first().items():
            self._district_place.setdefault(code, place)

    # ------------------------------------------------------------------------- what the sections read

    @property
    def n_docs(self) -> int:
        """Documents with at least one figure."""
        return len(self._docs)

    @property
    def multi(self) -> bool:
        return self.n_docs > 1

    def __len__(self) -> int:
        return self.n

    @property
    def money(self) -> pd.DataFrame:
        """The largest ``shown`` amounts in yuan, largest first (ties in table order)."""
        return _stable_top(self._money, self.shown)

    @property
    def achieved_money(self) -> pd.DataFrame:
        """The 4 largest amounts in yuan stated as achieved or current, largest first."""
        return _stable_top(self._achieved, 4)

    @property
    def forecast_money(self) -> pd.DataFrame:
        """The largest forecast amount in yuan."""
        return _stable_top(self._forecast_money, 1)

    @property
    def kinds(self) -> pd.Series:
        """Figures per kind, as ``value_counts`` gives them."""
        return _ranked(self._kinds)

    def table(self) -> pd.DataFrame:
        """The key-figures table's rows: every figure in order, or beyond ``shown`` of them the
        largest amounts in yuan, then the other figures in order (``shown`` in all)."""
        if self.n <= self.shown:
            return self.first
        return _cat([self.money, self.others]).head(self.shown)

    def groups(self) -> list[tuple[str, int, pd.DataFrame]]:
        """The comparable groups of two or more: key, size and its ``top`` largest figures (largest
        first), the largest groups first (ties in order of first appearance)."""
        sized = sorted(((k, n) for k, n in self._groups.items() if n >= 2), key=lambda kn: -kn[1])
        rows = self._group_rows
        by_key = dict(tuple(rows.groupby("_key", sort=False))) if len(rows) else {}
        return [(k, n, _stable_top(by_key[k].drop(columns="_key"), self.top)) for k, n in sized]

    def alone(self) -> int:
        """Figures in no comparable group (no metric, or the only one of their key)."""
        return self.n - sum(n for _, n, _ in self.groups())

    def when_kind_counts(self) -> pd.DataFrame:
        """Dated figures per first day of their period and kind: ``when``, ``kind``, ``n``."""
        if not self._when_kind:
            return pd.DataFrame({"when": pd.Series([], dtype="datetime64[ns]"), "kind": [], "n": []})
        keys = list(self._when_kind)
        return pd.DataFrame({"when": pd.to_datetime([w for w, _ in keys]), "kind": [k for _, k in keys],
                             "n": [self._when_kind[k] for k in keys]})

    def district_counts(self) -> dict[str, int]:
        """Figures per Chongqing county-level division code, most first (:func:`keyfigures.district_counts`)."""
        return {k: int(v) for k, v in _ranked(self._districts).items()}

    def district_place(self) -> dict[str, str]:
        """The first place name given to each division code."""
        return dict(self._district_place)


@functools.lru_cache(maxsize=4096)
def _start(p: str):
    return period_start(p)


def _period_start(p):
    """The first day of a resolved period, else None (a corpus repeats a few thousand periods)."""
    return _start(p) if isinstance(p, str) else None


def digest_of(figs, **kw) -> FigureDigest:
    """``figs`` if it is a digest already, else the digest of the frame (``kw``: its parameters)."""
    if not isinstance(figs, FigureDigest):
        return FigureDigest.of(figs, **kw)
    if kw.get("top", 0) > figs.top:
        raise ValueError(f"the figures' digest keeps {figs.top} figures per group, not {kw['top']}: "
                         f"make it with top={kw['top']}")
    return figs


# ----------------------------------------------------------------------------- entities and co-occurrence

ENTITY_ROWS = 5000  # the entities table shows the most mentioned rows (views.TABLE_MAX_ROWS)


class EntityDigest:
    """The entities and co-occurrence tables as the report reads them, a chunk at a time: how many
    rows and documents, each (name, type)'s mentions, first division code and first position
    (:func:`entity_totals`), each name's mentions, first type and first written form,
    the ``limit`` most mentioned rows (ties in table order), and each pair's summed weight."""

    def __init__(self, limit: int = ENTITY_ROWS):
        self.limit = limit
        self.n = 0
        self._docs: set = set()
        self._totals = pd.DataFrame()
        self._names = pd.DataFrame()
        self.top = pd.DataFrame()
        self.n_pairs = 0
        self._edges = pd.DataFrame()

    @classmethod
    def of(cls, entities: pd.DataFrame, cooccurrence: pd.DataFrame | None = None, **kw) -> EntityDigest:
        d = cls(**kw)
        d.add(entities)
        if cooccurrence is not None:
            d.add_pairs(cooccurrence)
        return d

    @classmethod
    def of_run(cls, dirs, doc_ids: list[str], chunk: int | None = None, **kw) -> EntityDigest:
        from helpers.store import parts

        d = cls(**kw)
        extra = {"chunk": chunk} if chunk else {}
        for f in parts.iter_chunks(dirs, "entities", doc_ids, **extra):
            d.add(f)
        for f in parts.iter_chunks(dirs, "cooccurrence", doc_ids, **extra):
            d.add_pairs(f)
        return d

    def add(self, f: pd.DataFrame) -> None:
        if not len(f):
            return
        f = f.reset_index(drop=True)
        self.n += len(f)
        self._docs.update(f["doc_id"].dropna().unique().tolist())
        self._totals = _totals(_cat([self._totals, entity_totals(f, sort=False)]))
        names = f.groupby("canonical", as_index=False, sort=False).agg(
            mentions=("mentions", "sum"), type=("type", "first"))
        written = f.drop_duplicates("canonical")[["canonical", "name"]]  # the first row's, missing or not
        both = _cat([self._names, names.merge(written, on="canonical", how="left")])
        sums = both.groupby("canonical", as_index=False, sort=False).agg(
            mentions=("mentions", "sum"), type=("type", "first"))
        self._names = sums.merge(both.drop_duplicates("canonical")[["canonical", "name"]], on="canonical", how="left")
        self.top = keep_largest(self.top, f, self.limit, value="mentions")

    def add_pairs(self, f: pd.DataFrame) -> None:
        if not len(f):
            return
        self.n_pairs += len(f)
        both = _cat([self._edges, f.groupby(["a", "b"], as_index=False)["weight"].sum()])
        self._edges = both.groupby(["a", "b"], as_index=False)["weight"].sum()

    def __len__(self) -> int:
        return self.n

    @property
    def n_docs(self) -> int:
        return len(self._docs)

    @property
    def pairs(self) -> _Sized:
        """Stands for the co-occurrence table where only its length is asked (``len``: its rows)."""
        return _Sized(self.n_pairs)

    def totals(self) -> pd.DataFrame:
        """:func:`entity_totals` of the whole table."""
        t = self._totals
        if not len(t):
            return t
        return t.sort_values(["canonical", "type"], kind="stable").reset_index(drop=True).pipe(rank_entities)

    def ranked(self) -> pd.DataFrame:
        """The ``limit`` most mentioned rows, most first (ties in table order)."""
        return self.top.sort_values("mentions", ascending=False, kind="stable") if len(self.top) else self.top

    def names(self) -> pd.DataFrame:
        """Per name (in order of first appearance): mentions, first type given, first written form."""
        return self._names

    def edges(self) -> pd.DataFrame:
        """Each co-occurring pair (a, b, in order) with its weight summed over the documents."""
        return self._edges.sort_values(["a", "b"], kind="stable").reset_index(drop=True) if len(self._edges) \
            else self._edges


class _Sized:
    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n


def _totals(t: pd.DataFrame) -> pd.DataFrame:
    """Partial (name, type) totals combined: mentions added, the first division code kept, the
    earliest position."""
    if not len(t):
        return t
    return t.groupby(["canonical", "type"], as_index=False, sort=False).agg(
        mentions=("mentions", "sum"), division_code=("division_code", "first"), first=("first", "min"))

