"""The panel: a corpus's figures as one row per fact, sources merged, conflicts flagged (notebook 07).

News repeats itself. The same figure is printed by a report, its reprint and a follow-up
(``1475亿元``, then ``近1500亿元``), and now and then two articles disagree. :func:`build` turns the
run's ``figures`` into three tables:

* ``panel`` - one row per **fact**: a place (or its code), subject, metric, measure, unit, period,
  period kind and, for a period the text does not put on the calendar (截至目前, no period at all),
  the month of the document that states it (``as_of``). A fact holds the figures of every source
  that states it, its value, the range of values all of them admit, ``n_sources`` and a
  ``status``: ``single`` (one source), ``agreed`` (several, their values compatible) or
  ``conflict`` (values that cannot all be true, the competing ones side by side).
* ``panel_sources`` - provenance: every figure behind every fact, with its document, date,
  figure id, sentence and offsets in the raw file.
* ``panel_series`` - where a place, subject and metric have several periods of one shape (years,
  half-years, months as of publication ...): a tidy long table, a row per fact and reading.

**When two values agree** (:func:`interval`, :func:`compatible`). Each figure admits a range of true
values, read from its qualifier and the precision it is written at:

* exact: half a unit of the last digit written, in the figure's magnitude: ``1475亿元`` admits
  1474.5亿 to 1475.5亿, so ``1475.3亿元`` agrees and ``1476亿元`` does not; trailing zeros are digits
  written (``1500亿元`` is not ``1475亿元``); Chinese numerals are read to their last digit
  (``一百二十亿元``: 115亿 to 125亿).
* more_than (超, 超过, 逾, 突破, 以上, 多, 余): the value or more (``超1200家`` from 1200 up), a ``多``
  up to the next step of its magnitude (``1200多家``: 1200 to 1300).
* less_than: ``近``/``将近``/``接近`` is slightly below, within :data:`TOLERANCE` (``近1500亿元``: 1425亿
  to 1500亿); ``不到``/``以下`` is anything up to the value.
* approx (约, 左右): within :data:`TOLERANCE` of the value, or half a unit of its last digit if that is
  wider (``约2万人``: 1.5万 to 2.5万); vague magnitudes and ranges their own span (数百个, 三至五亿元).
* forecasts (预计, 力争, 将) are never merged with what was achieved: they are other facts.

Values agree when their ranges overlap (more than at one point): ``超1200家`` and ``1200多家`` agree, ``1475亿元`` and
``近1500亿元`` agree, ``1475亿元`` and ``1745亿元`` conflict. A fact's figures fall into as few
**readings** (sets of values that agree) as there can be; one reading is ``single`` or ``agreed``,
more is ``conflict``, and the reading most sources state (on a tie, the one the earliest document
states) gives the fact its value.

**Reprints** (:func:`statements`). A document is a copy of an earlier one when at least half of
its figure sentences, and two at the least, are word for word in it. A figure in a sentence that
is word for word in an earlier document, or that in a copy reads as the original's once the
figures are blanked, is the same statement: it takes the first document's place, subject, metric,
measure, period and ``as_of``. So ``今年`` in a reprint dated the next January is still the
original's year, and a figure changed in a copy stays the same fact, with two readings.

Figures without a metric, unit or value, with neither a place nor a subject, or with a generic metric
(数量, 比率, 增速, 金额 ...: :data:`helpers.extract.meaning.GENERIC_METRICS`) and no subject say too little
to be a fact; so do the figures of a document that gives two incompatible values under one key (a
document does not contradict itself: the key does not tell two things apart there). They are left out
(:attr:`Panel.left_out` says which and why). A figure without a subject is about its place as a
whole: it is never merged with one that has a subject.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.errors import SchemaError
from helpers.extract.dates import period_start
from helpers.extract.meaning import GENERIC_METRICS
from helpers.store import parts, products, schemas
from helpers.store.files import PARQUET_COMPRESSION, atomic_path, write_bytes_atomic, write_text_atomic

__all__ = ["LEFT_OUT", "PANEL", "SERIES", "SOURCES", "TOLERANCE", "Panel", "build", "codebook", "compatible",
           "half_step", "interval", "load", "readings", "write"]

TOLERANCE = 0.05  # how far 约/近 reach from the value written, as a share of it
SEPARATOR = ";"  # between the doc_ids and figure ids of one fact
INF = math.inf

# ----------------------------------------------------------------------------- the tables and their meaning


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True)
class Spec:
    """One panel product: its name, ordered columns (pandas dtypes) with what each means."""

    name: str
    about: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*rows: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*r) for r in rows)


_KEY = (
    ("place", "string", "the geographic scope, canonical (我市 resolved to the document's city)"),
    ("place_code", "string", "the division's 6-digit code, or a country's ISO 3166 alpha-3 code; empty if none"),
    ("subject", "string", "the thing measured (firm, project, industry, park ...); empty: the place as a whole"),
    ("metric", "string", "what is measured, from the metric vocabulary (data/lexicon/metrics.csv)"),
    ("metric_en", "string", "the metric's English name"),
    ("measure", "string", "level, change, growth_rate, share, rate or multiple"),
    ("unit", "string", "CNY (yuan) or another currency, %, or the measure word (家, 个, 人, 亩 ...)"),
    ("period", "string", "the period as resolved against the first document's date (2025, 2025-H1, "
                         "2025-01/2025-05, to-date, 2023-11/to-date); empty when none is named"),
    ("period_kind", "string", "point, cumulative, per_year or forecast; empty when nothing says"),
    ("as_of", "string", "for a period not on the calendar (empty, to-date, since ...): the month (else year) of "
                        "the first document stating the fact; empty for calendar periods and undated documents"),
)

PANEL = Spec("panel", "one row per fact", _cols(
    ("fact_id", "string", "the fact's id: a hash of its key (place or code, subject, metric, measure, unit, "
                          "period, period_kind, as_of), the same in every run"),
    *_KEY,
    ("value", "float64", "the value of the leading reading, in base units of unit (1475亿元 is 147500000000)"),
    ("qualifier", "string", "the qualifier of that value: exact, more_than, less_than, approx, forecast "
                            "(combined with +)"),
    ("text", "string", "that value as written (1475亿元)"),
    ("bound_low", "float64", "the least true value all figures of the leading reading admit; empty: no bound"),
    ("bound_high", "float64", "the greatest true value they admit; empty: no bound (超1200家)"),
    ("status", "string", "single (one source), agreed (several sources, one reading) or conflict (two readings "
                         "or more: values that cannot all be true)"),
    ("n_sources", "int64", "how many documents state the fact"),
    ("n_figures", "int64", "how many figures state it (a document may repeat one)"),
    ("n_readings", "int64", "how many sets of agreeing values: 1, or 2 and more for a conflict"),
    ("value_other", "float64", "in a conflict, the value of the next reading; else empty"),
    ("text_other", "string", "that value as written; else empty"),
    ("readings", "string", "every reading: its value as written and its documents, leading first "
                           "(1475亿元 [a;b] | 1745亿元 [c])"),
    ("first_date", "string", "the earliest date of a document stating the fact (as metadata gives it)"),
    ("latest_date", "string", "the latest such date"),
    ("doc_ids", "string", "the documents stating the fact, ';'-separated, earliest first"),
    ("figure_ids", "string", "the figures (doc_id:F###), ';'-separated, in the same order"),
    ("raw_spans", "string", "each figure's [raw_start, raw_end) offsets in its raw file, in the same order"),
))

SOURCES = Spec("panel_sources", "one row per figure behind a fact: provenance", _cols(
    ("fact_id", "string", "the fact (panel.fact_id)"),
    ("reading", "int64", "which reading the figure belongs to: 1 is the fact's value, 2 and more compete"),
    ("doc_id", "string", "the document"),
    ("date", "string", "its date"),
    ("figure_id", "string", "the figure (figures.figure_id)"),
    ("text", "string", "the figure as written"),
    ("value", "float64", "its value in base units"),
    ("qualifier", "string", "its qualifier"),
    ("low", "float64", "the least true value the figure admits (its qualifier and precision); empty: none"),
    ("high", "float64", "the greatest; empty: none"),
    ("same_as", "string", "the figure of an earlier document this one restates (the same sentence, or its copy "
                          "with the figures blanked), whose key it takes; empty if none"),
    ("copy_of", "string", "the earlier document this one copies (half its figure sentences word for word); "
                          "empty if none"),
    ("sent_id", "int64", "the sentence's number in the document"),
    ("start", "int64", "offset of the figure in the clean text"),
    ("end", "int64", "end offset in the clean text"),
    ("raw_start", "int64", "offset of the figure in the raw file's decoded text"),
    ("raw_end", "int64", "end offset in the raw file"),
    ("sentence", "string", "the sentence"),
))

SERIES = Spec("panel_series", "time series: one row per fact and reading where a place, subject and metric have "
                              "several periods of one shape", _cols(
    ("series_id", "string", "the series: place or code, subject, metric, measure, unit, period_kind and shape"),
    ("fact_id", "string", "the fact (panel.fact_id)"),
    ("place", "string", "as in panel"), ("place_code", "string", "as in panel"),
    ("subject", "string", "as in panel"), ("metric", "string", "as in panel"),
    ("metric_en", "string", "as in panel"), ("measure", "string", "as in panel"),
    ("unit", "string", "as in panel"), ("period_kind", "string", "as in panel"),
    ("shape", "string", "what the periods are: year, half, quarter, month, day, a span of months (Y-01/Y-05), "
                        "or as_of (a stock as of each document's month)"),
    ("period", "string", "as in panel"), ("as_of", "string", "as in panel"),
    ("time", "string", "the first day of the period (or of the as_of month): the x of the series"),
    ("reading", "int64", "1 for the fact's value; 2 and more for competing values in a conflict"),
    ("value", "float64", "the reading's value"),
    ("text", "string", "as written"),
    ("qualifier", "string", "its qualifier"),
    ("status", "string", "the fact's status"),
    ("n_sources", "int64", "the documents stating this reading"),
))

LEFT_OUT = Spec("panel_left_out", "one row per figure that is no fact, and why", _cols(
    ("doc_id", "string", "the document"), ("figure_id", "string", "the figure (figures.figure_id)"),
    ("text", "string", "the figure as written"),
    ("metric", "string", "its metric"), ("subject", "string", "its subject"), ("place", "string", "its place"),
    ("why", "string", "why it is no fact: no_value, no_metric, no_unit, no_place_or_subject, generic_metric "
                      "(数量, 比率, 增速 ... and no subject), self_contradicting (its document gives another, "
                      "incompatible value under the same key)"),
    ("sentence", "string", "the sentence"),
))

SPECS = (PANEL, SOURCES, SERIES, LEFT_OUT)


def conform(df: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """``df`` with exactly ``spec``'s columns, in order and typed (a missing or extra column is an error)."""
    missing = [c for c in spec.names if c not in df.columns]
    extra = [c for c in df.columns if c not in spec.names]
    if missing or extra:
        raise SchemaError(None, f"table {spec.name!r}: missing columns {missing}, unexpected columns {extra}")
    out = df.loc[:, spec.names].astype({c.name: c.dtype for c in spec.columns})
    return out.reset_index(drop=True)


def empty(spec: Spec) -> pd.DataFrame:
    return conform(pd.DataFrame({c: pd.Series([], dtype="object") for c in spec.names}), spec)


# ----------------------------------------------------------------------------- precision and qualifiers

_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NEAR = re.compile(r"近|接近|将近|逼近")  # 近1500: slightly below; 不到/以下: anything below


def _finite(v) -> bool:
    return v is not None and not pd.isna(v) and math.isfinite(float(v))


def _last_digit(v: float) -> float:
    """The place of the last non-zero digit of ``v`` (1.2e10 -> 1e9, 8.5 -> 0.1, 0 -> 1)."""
    if not v:
        return 1.0
    try:
        exponent = Decimal(f"{abs(v):.12g}").normalize().as_tuple().exponent
    except InvalidOperation:
        return 1.0
    return 10.0 ** int(exponent)


def half_step(text: str, value: float, low: float | None = None) -> float:
    """Half a unit of the last digit the figure is written with, in base units.

    >>> half_step("1475亿元", 1.475e11), half_step("1475.3亿元", 1.4753e11), half_step("8.6%", 8.6)
    (50000000.0, 5000000.0, 0.05)
    >>> half_step("一百二十亿元", 1.2e10), half_step("1500亿元", 1.5e11), half_step("两万亩", 2e4)
    (500000000.0, 50000000.0, 5000.0)
    """
    ref = abs(float(low)) if _finite(low) else abs(float(value))
    m = _ARABIC.search(str(text or ""))
    if m and ref:
        digits = m.group().replace(",", "")
        number = float(digits)
        if number > 0:
            power = math.log10(ref / number)
            if abs(power - round(power)) < 1e-6:  # the number times a power of ten: 万, 亿, %, none
                decimals = len(digits.split(".")[1]) if "." in digits else 0
                return 0.5 * 10.0 ** (round(power) - decimals)
    return 0.5 * _last_digit(ref)


def interval(value: float, qualifier: str = "exact", text: str = "", low: float | None = None,
             high: float | None = None, tolerance: float = TOLERANCE) -> tuple[float, float]:
    """The true values a figure admits, ``(low, high)`` (``inf`` where there is no bound).

    >>> interval(1.2e3, "more_than", "超1200家"), interval(1.2e3, "more_than", "1200多家", 1200, 1300)
    ((1200.0, inf), (1200.0, 1300.0))
    >>> interval(1.5e3, "less_than", "近1500"), interval(30, "less_than", "不到30%")
    ((1425.0, 1500.0), (-inf, 30.0))
    >>> interval(1475, "exact", "1475"), interval(2e4, "approx", "约2万人")
    ((1474.5, 1475.5), (15000.0, 25000.0))
    """
    value = float(value)
    parts = set(str(qualifier or "exact").split("+"))
    h = half_step(text, value, low)
    lo = float(low) if _finite(low) else value
    hi = float(high) if _finite(high) else value
    if "more_than" in parts:
        slack = tolerance * abs(lo) if "approx" in parts else 0.0
        return lo - slack, (hi if _finite(high) else INF)
    if "less_than" in parts:
        return (hi - tolerance * abs(hi) if _NEAR.search(str(text or "")) else -INF), hi
    if "approx" in parts:
        if _finite(low) and _finite(high):
            return lo, hi
        reach = max(tolerance * abs(value), h)
        return value - reach, value + reach
    return lo - h, hi + h


def _below(a: float, b: float) -> bool:
    """``a < b`` by more than float noise: ranges that only touch (1475亿元 up to 1475.5亿, 1476亿元 from
    there) do not overlap."""
    scale = max([1.0] + [abs(x) for x in (a, b) if math.isfinite(x)])
    return a < b - 1e-9 * scale


def compatible(a: dict, b: dict) -> bool:
    """Whether two figures (dicts with value, qualifier, text and optional value_low, value_high) can
    both be true.

    >>> compatible({"value": 1.475e11, "text": "1475亿元"}, {"value": 1.5e11, "qualifier": "less_than",
    ...                                                    "text": "近1500亿元"})
    True
    >>> compatible({"value": 1.475e11, "text": "1475亿元"}, {"value": 1.745e11, "text": "1745亿元"})
    False
    """
    (alo, ahi), (blo, bhi) = (interval(f["value"], f.get("qualifier") or "exact", f.get("text") or "",
                                       f.get("value_low"), f.get("value_high")) for f in (a, b))
    return _below(max(alo, blo), min(ahi, bhi))


def readings(bounds: list[tuple[float, float]]) -> list[int]:
    """The reading of each range: as few sets of overlapping ranges as there can be (the ranges sorted by
    their upper end, each set taking every range that starts before the first one's end and reaches it).

    >>> readings([(1474.5, 1475.5), (1744.5, 1745.5), (1425, 1500), (1200, math.inf)])
    [0, 1, 0, 0]
    """
    order = sorted(range(len(bounds)), key=lambda i: (bounds[i][1], bounds[i][0]))
    out = [-1] * len(bounds)
    n = 0
    for i in order:
        if out[i] >= 0:
            continue
        point = bounds[i][1]
        for j in order:
            if out[j] < 0 and _below(bounds[j][0], point) and not _below(bounds[j][1], point):
                out[j] = n
        n += 1
    return out


# ----------------------------------------------------------------------------- reprints and restatements


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:  # the earlier (smaller index: figures are in document order) stays the root
            self.parent[max(a, b)] = min(a, b)


COMMON_SENTENCE = 50  # a sentence in more documents than this is boilerplate: it makes no copy
SHORT_SENTENCE = 12  # a sentence shorter than this (characters) is no evidence of a copy or a restatement


def copies(sentences: pd.DataFrame) -> dict[str, str]:
    """Which document copies which: ``{copy: original}`` for every document at least half of whose
    figure sentences (and two at the least, unless it has one) are word for word in an earlier one.
    ``sentences`` has ``doc_id``, ``order`` (the documents' order, earliest first) and ``sentence``."""
    return copies_keyed(sentences[sentences["sentence"].str.len() >= SHORT_SENTENCE])


def copies_keyed(sentences: pd.DataFrame) -> dict:
    """:func:`copies` of sentences already long enough to count, ``sentence`` any key that is equal
    where the sentences are (the text, or a hash of it), ``doc_id`` any key of the document."""
    s = sentences.drop_duplicates(["doc_id", "sentence"])
    per_doc = s.groupby("doc_id")["sentence"].size()
    order = dict(zip(s["doc_id"], s["order"]))
    spread = s.groupby("sentence")["doc_id"].transform("size")
    rare = s[(spread > 1) & (spread <= COMMON_SENTENCE)]
    shared = rare.merge(rare, on="sentence", suffixes=("", "_other"))
    shared = shared[(shared["order_other"] < shared["order"])]
    counts = shared.groupby(["doc_id", "doc_id_other"]).size().reset_index(name="n")
    counts["need"] = counts["doc_id"].map(per_doc).map(lambda n: 1 if n == 1 else max(2, math.ceil(n / 2)))
    counts = counts[counts["n"] >= counts["need"]]
    counts["order_other"] = counts["doc_id_other"].map(order)
    first = counts.sort_values("order_other").drop_duplicates("doc_id")
    out = dict(zip(first["doc_id"], first["doc_id_other"]))
    for doc in sorted(out, key=order.get):  # a copy of a copy copies the original
        while out[doc] in out:
            out[doc] = out[out[doc]]
    return out


def _masked(sentence: str, texts: list[str]) -> str:
    """The sentence with its figures blanked (found left to right)."""
    out, pos = [], 0
    for t in texts:
        i = sentence.find(t, pos) if t else -1
        if i < 0:
            continue
        out.append(sentence[pos:i])
        out.append("\x00")
        pos = i + len(t)
    out.append(sentence[pos:])
    return "".join(out)


def statements(f: pd.DataFrame, copy_of: dict[str, str]) -> np.ndarray:
    """For each figure (``f`` in document order, with ``doc_id``, ``sent_id``, ``start``, ``text``,
    ``sentence``), the position of the first figure making the same statement: the same sentence word
    for word at the same place in it, or - in a copy - the same sentence once the figures are blanked."""
    sent = f["sentence"].to_numpy(dtype=object)
    places = list(zip(f["doc_id"], f["sent_id"]))
    texts: dict = {}
    for k, t in zip(places, f["text"]):
        texts.setdefault(k, []).append(t)
    seen: dict = {}
    index = []
    for k in places:
        index.append(seen.get(k, 0))
        seen[k] = index[-1] + 1
    blanked = {k: _masked(s, texts[k]) for k, s in zip(places, sent)}
    masked = [blanked[k] for k in places]
    family = f["doc_id"].map(lambda d: copy_of.get(d, d)).to_numpy()
    u = _Union(len(f))
    for keys in (zip(sent, index), zip(family, masked, index)):
        first: dict = {}
        for i, key in enumerate(keys):
            if len(sent[i] or "") < SHORT_SENTENCE:  # 增长5.2%。 alone says where it is from by its context
                continue
            j = first.setdefault(key, i)
            if j != i:
                u.join(j, i)
    return np.array([u.find(i) for i in range(len(f))], dtype="int64")


# ----------------------------------------------------------------------------- the panel


@dataclass
class Panel:
    """What notebook 07 builds: the facts, their sources, their series, and the figures left out."""

    facts: pd.DataFrame
    sources: pd.DataFrame
    series: pd.DataFrame
    left_out: pd.DataFrame = field(default_factory=lambda: empty(LEFT_OUT))
    documents: int = 0
    inputs: str = ""  # what it was built from (:func:`inputs_key`), "" for frames given directly

    def counts(self) -> dict[str, int]:
        """How many facts, of each status, with several sources, and figures left out."""
        status = self.facts["status"].value_counts()
        return {"facts": len(self.facts), "single": int(status.get("single", 0)),
                "agreed": int(status.get("agreed", 0)), "conflict": int(status.get("conflict", 0)),
                "several_sources": int((self.facts["n_sources"] > 1).sum()), "figures": len(self.sources),
                "left_out": len(self.left_out), "documents": self.documents,
                "series": int(self.series["series_id"].nunique()) if len(self.series) else 0}

    # what notebook 07 shows; :class:`helpers.extract.panel_query.Stored` answers the same from the files

    def left_out_reasons(self) -> list[tuple[str, int]]:
        """Why figures were left out: ``(why, figures)``, most first (on a tie, by name)."""
        n = self.left_out["why"].value_counts()
        return [(str(w), int(c)) for w, c in sorted(n.items(), key=lambda x: (-x[1], str(x[0])))]

    def ranked_facts(self, top: int) -> tuple[pd.DataFrame, int]:
        """The first ``top`` facts, conflicts first, then agreed, then single, most sources first within
        each (otherwise in the panel's order), and how many facts there are."""
        rank = self.facts["status"].map(_STATUS_RANK)
        ranked = self.facts.assign(_rank=rank).sort_values(["_rank", "n_sources"], ascending=[True, False],
                                                           kind="stable")
        return ranked.drop(columns="_rank").head(top).reset_index(drop=True), len(self.facts)

    def conflicts(self, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The first ``top`` conflicting facts, and their sources: fact by fact, by reading, then date."""
        facts = self.facts[self.facts["status"] == "conflict"].head(top).reset_index(drop=True)
        src = self.sources[self.sources["fact_id"].isin(facts["fact_id"])]
        order = {f: i for i, f in enumerate(facts["fact_id"])}
        src = src.assign(_o=src["fact_id"].map(order)).sort_values(["_o", "reading", "date"], kind="stable")
        return facts, src.drop(columns="_o").reset_index(drop=True)

    def series_head(self, n: int) -> tuple[pd.DataFrame, int, int]:
        """The series table's first ``n`` rows, its rows and its series."""
        s = self.series
        return s.head(n).reset_index(drop=True), len(s), int(s["series_id"].nunique()) if len(s) else 0


_STATUS_RANK = {"conflict": 0, "agreed": 1, "single": 2}


_TEXT = ("place", "place_code", "subject", "metric", "metric_en", "measure", "unit", "period", "period_kind",
         "qualifier", "text", "sentence")
_INHERITED = ("place", "place_code", "subject", "metric", "metric_en", "measure", "period")


def as_of_month(date: str) -> str:
    """The month of a document date (else its year, else ""): 2025-03-10 -> 2025-03."""
    date = str(date or "")
    return date[:7] if len(date) >= 7 else date[:4]


def on_calendar(period: str) -> bool:
    """Whether a period is a stretch of the calendar by itself (2025, 2025-H1, 2025-01/2025-05, 2025-2027),
    not one that ends with the document (to-date, 2023-11/to-date), unresolved (XXXX-H1, recent) or none."""
    p = str(period or "")
    return bool(p) and p[:1].isdigit() and "to-date" not in p and "X" not in p


def _documents_order(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id, date, order: dated documents by date first, then undated ones, each in input order."""
    docs = documents[["doc_id", "date"]].copy() if len(documents) else pd.DataFrame({"doc_id": [], "date": []})
    docs["date"] = docs["date"].fillna("").astype(str)
    extra = sorted(set(figures["doc_id"]) - set(docs["doc_id"]))
    docs = pd.concat([docs, pd.DataFrame({"doc_id": extra, "date": ""})], ignore_index=True)
    docs["input"] = range(len(docs))
    docs = docs.sort_values(["date"], key=lambda s: s.where(s != "", "~"), kind="stable").reset_index(drop=True)
    docs["order"] = range(len(docs))
    return docs[["doc_id", "date", "order"]]


def _prepared(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The figures in document order, text columns plain, with date, order and as_of."""
    f = figures.copy()
    for c in (*_TEXT, "doc_id"):
        f[c] = pd.Series(schemas.text_values(f[c]), index=f.index, dtype=object) if c in f else ""
    f = f.merge(_documents_order(f, documents), on="doc_id", how="left")
    return f.sort_values(["order", "sent_id", "start"], kind="stable").reset_index(drop=True)




def _left_out(f: pd.DataFrame) -> pd.Series:
    """Why a figure cannot be a fact ("" if it can)."""
    why = pd.Series("", index=f.index, dtype=object)
    why[f["metric"].isin(GENERIC_METRICS) & (f["subject"] == "")] = "generic_metric"
    why[(f["place"] == "") & (f["subject"] == "")] = "no_place_or_subject"
    why[f["unit"] == ""] = "no_unit"
    why[f["metric"] == ""] = "no_metric"
    why[f["value"].isna()] = "no_value"
    return why


def _groups(fact_ids) -> list[list[int]]:
    """The positions of each fact's figures, facts in order of their first figure."""
    out: dict = {}
    for i, fid in enumerate(fact_ids):
        out.setdefault(fid, []).append(i)
    return list(out.values())


def _self_contradicting(f: pd.DataFrame) -> np.ndarray:
    """Figures under a key for which their own document also gives an incompatible value: a document does
    not contradict itself, so the key does not single out one thing there (出口增长5%, 进口增长9%, both
    read as one growth rate of 中国) and its figures for that key are no fact."""
    out = np.zeros(len(f), dtype=bool)
    low, high, doc = f["low"].tolist(), f["high"].tolist(), f["doc_id"].tolist()
    for idx in _groups(f["fact_id"].tolist()):
        if len(idx) < 2:
            continue
        labels = readings([(low[i], high[i]) for i in idx])
        seen: dict = {}
        for i, lab in zip(idx, labels):
            seen.setdefault(doc[i], set()).add(lab)
        for i in idx:
            out[i] = len(seen[doc[i]]) > 1
    return out


def _keyed(f: pd.DataFrame, copy_of: dict[str, str]) -> pd.DataFrame:
    """Each figure with its statement's origin and the fact key taken from it."""
    origin = statements(f, copy_of)
    f["origin"] = origin
    f["same_as"] = [f["figure_id"].iat[o] if o != i else "" for i, o in enumerate(origin)]
    f["copy_of"] = f["doc_id"].map(lambda d: copy_of.get(d, ""))
    for c in _INHERITED:
        f[c] = f[c].to_numpy()[origin]
    first_date = f["date"].to_numpy()[origin]
    f["as_of"] = [("" if on_calendar(p) else as_of_month(d)) for p, d in zip(f["period"], first_date)]
    f["forecast"] = f["qualifier"].str.contains("forecast") | (f["period_kind"] == "forecast")
    f["who"] = f["place_code"].where(f["place_code"] != "", f["place"])
    key = ["who", "subject", "metric", "measure", "unit", "period", "period_kind", "as_of", "forecast"]
    f["fact_id"] = ["P" + hashlib.sha1("|".join(map(str, k)).encode()).hexdigest()[:10]
                    for k in f[key].itertuples(index=False)]
    bounds = [interval(v, q, t, lo, hi) if _finite(v) else (math.nan, math.nan) for v, q, t, lo, hi in
              zip(f["value"], f["qualifier"], f["text"], f["value_low"], f["value_high"])]
    f["low"] = [b[0] for b in bounds]
    f["high"] = [b[1] for b in bounds]
    return f


def _nan(v: float) -> float:
    return v if math.isfinite(v) else float("nan")


_FACT_FIELDS = ("fact_id", "place", "place_code", "subject", "metric", "metric_en", "measure", "unit", "period",
                "period_kind", "as_of", "value", "qualifier", "text", "low", "high", "doc_id", "date", "order",
                "sent_id", "figure_id", "raw_start", "raw_end")


def _reading_summary(c: dict, idx: list[int]) -> dict:
    """One reading of a fact (the positions ``idx`` in the columns ``c``): its representative figure (the
    narrowest range, then the earliest) and what all its figures admit together."""
    rep = min(idx, key=lambda i: (c["high"][i] - c["low"][i], c["order"][i], c["sent_id"][i]))
    return {"value": float(c["value"][rep]), "qualifier": c["qualifier"][rep], "text": c["text"][rep],
            "low": _nan(max(c["low"][i] for i in idx)), "high": _nan(min(c["high"][i] for i in idx)),
            "docs": list(dict.fromkeys(c["doc_id"][i] for i in idx)), "first": min(c["order"][i] for i in idx)}


def _most_common(values: list[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def _fact_row(c: dict, idx: list[int]) -> tuple[dict, list[int]]:
    """One fact from its figures (positions ``idx``, in document order, in the columns ``c``); also each
    figure's reading number (1 = leading)."""
    labels = readings([(c["low"][i], c["high"][i]) for i in idx])
    groups = {lab: _reading_summary(c, [i for i, x in zip(idx, labels) if x == lab]) for lab in dict.fromkeys(labels)}
    ranked = sorted(groups, key=lambda k: (-len(groups[k]["docs"]), groups[k]["first"]))
    number = {lab: n + 1 for n, lab in enumerate(ranked)}
    lead = groups[ranked[0]]
    other = groups[ranked[1]] if len(ranked) > 1 else None
    docs = list(dict.fromkeys(c["doc_id"][i] for i in idx))
    dates = sorted(c["date"][i] for i in idx if c["date"][i])
    first = idx[0]
    row = {k: c[k][first] for k in ("fact_id", "place_code", "subject", "metric", "measure", "unit", "period",
                                    "period_kind", "as_of")}
    row.update(
        place=_most_common([c["place"][i] for i in idx]), metric_en=_most_common([c["metric_en"][i] for i in idx]),
        value=lead["value"], qualifier=lead["qualifier"], text=lead["text"], bound_low=lead["low"],
        bound_high=lead["high"],
        status="conflict" if other else ("agreed" if len(docs) > 1 else "single"),
        n_sources=len(docs), n_figures=len(idx), n_readings=len(ranked),
        value_other=other["value"] if other else float("nan"), text_other=other["text"] if other else "",
        readings=" | ".join(f"{groups[k]['text']} [{SEPARATOR.join(groups[k]['docs'])}]" for k in ranked),
        first_date=dates[0] if dates else "", latest_date=dates[-1] if dates else "",
        doc_ids=SEPARATOR.join(docs), figure_ids=SEPARATOR.join(c["figure_id"][i] for i in idx),
        raw_spans=SEPARATOR.join(f"{c['raw_start'][i]}-{c['raw_end'][i]}" for i in idx),
    )
    return row, [number[x] for x in labels]


def build(figures: pd.DataFrame, documents: pd.DataFrame) -> Panel:
    """The panel of a run's ``figures`` (the figures table) and ``documents`` (doc_id, date: the overview).

    Figures are merged only within one key - place (or its code), subject, metric, measure, unit,
    period, period kind, as_of, forecast or not - so nothing is ever put together across subjects,
    metrics, units or period kinds.
    """
    n_docs = int(documents["doc_id"].nunique()) if len(documents) else int(figures["doc_id"].nunique())
    if not len(figures):
        return Panel(empty(PANEL), empty(SOURCES), empty(SERIES), empty(LEFT_OUT), n_docs)
    f = _prepared(figures, documents)
    copy_of = copies(f.loc[f["sentence"] != "", ["doc_id", "order", "sentence"]])
    f = _keyed(f, copy_of)  # statements are matched on every figure; facts are made of those with a key
    why = _left_out(f)
    keyed = (why == "").to_numpy()
    torn = np.zeros(len(f), dtype=bool)
    torn[keyed] = _self_contradicting(f.loc[keyed, ["fact_id", "low", "high", "doc_id"]].reset_index(drop=True))
    why[torn] = "self_contradicting"
    left = conform(f.loc[why != "", [c for c in LEFT_OUT.names if c != "why"]].assign(why=why[why != ""]),
                   LEFT_OUT)
    needed = list(dict.fromkeys([*_FACT_FIELDS, *(c for c in SOURCES.names if c != "reading")]))
    f = f.loc[(why == "").to_numpy(), needed].reset_index(drop=True)  # only what facts and sources take
    if not len(f):
        return Panel(empty(PANEL), empty(SOURCES), empty(SERIES), left, n_docs)
    rows, reading = [], np.zeros(len(f), dtype="int64")
    columns = {k: f[k].tolist() for k in _FACT_FIELDS}
    for idx in _groups(columns["fact_id"]):
        row, numbers = _fact_row(columns, idx)
        rows.append(row)
        reading[idx] = numbers
    facts = pd.DataFrame(rows).sort_values(["place", "subject", "metric", "measure", "period", "as_of"], kind="stable")
    facts = conform(facts, PANEL)
    f["reading"] = reading
    f["low"] = f["low"].map(_nan)
    f["high"] = f["high"].map(_nan)
    sources = conform(f[SOURCES.names], SOURCES)
    return Panel(facts, sources, series_table(facts, sources), left, n_docs)


# ----------------------------------------------------------------------------- time series

_SHAPES = ((re.compile(r"^Y-H[12]$"), "half"), (re.compile(r"^Y-Q[1-4]$"), "quarter"),
           (re.compile(r"^Y-\d\d$"), "month"), (re.compile(r"^Y-\d\d-\d\d$"), "day"), (re.compile(r"^Y$"), "year"))


def shape(period: str, as_of: str) -> str:
    """What kind of stretch a period is, so that only like periods make a series.

    >>> shape("2025-H1", ""), shape("2024-01/2024-05", ""), shape("", "2025-03"), shape("2023-11/to-date", "2025")
    ('half', 'Y-01/Y-05', 'as_of', 'as_of since 2023-11')
    """
    if as_of:
        since = str(period or "").split("/")[0] if "/" in str(period or "") else ""
        return f"as_of since {since}" if since else "as_of"
    if not on_calendar(period):
        return ""
    general = re.sub(r"\d{4}", "Y", period)
    return next((name for pattern, name in _SHAPES if pattern.match(general)), general)


def _time(period: str, as_of: str) -> str:
    if as_of:
        return period_start(as_of) or ""
    return period_start(period.split("/")[0]) or ""


def series_table(facts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The tidy long table of every series: a place or code, subject, metric, measure, unit, period kind and
    period shape with two time points or more; a row per fact and reading (a conflict's competing values
    are rows of their own, ``reading`` 2 and more)."""
    if not len(facts):
        return empty(SERIES)
    f = facts.copy()
    f["shape"] = [shape(p, a) for p, a in zip(f["period"], f["as_of"])]
    f["time"] = [_time(p, a) for p, a in zip(f["period"], f["as_of"])]
    f = f[(f["shape"] != "") & (f["time"] != "")]
    f["who"] = f["place_code"].where(f["place_code"] != "", f["place"])
    key = ["who", "subject", "metric", "measure", "unit", "period_kind", "shape"]
    f["series_id"] = ["S" + hashlib.sha1("|".join(map(str, k)).encode()).hexdigest()[:10]
                      for k in f[key].itertuples(index=False)]
    points = f.groupby("series_id")["time"].nunique()
    f = f[f["series_id"].map(points) > 1]
    if not len(f):
        return empty(SERIES)
    per_reading = sources.groupby(["fact_id", "reading"]).agg(
        n_sources=("doc_id", "nunique"), value=("value", "first"), text=("text", "first"),
        qualifier=("qualifier", "first")).reset_index()
    lead = f[["fact_id", "value", "text", "qualifier"]].assign(reading=1)
    others = per_reading[per_reading["reading"] > 1][["fact_id", "value", "text", "qualifier", "reading"]]
    rows = pd.concat([lead, others], ignore_index=True)
    rows = rows.merge(per_reading[["fact_id", "reading", "n_sources"]], on=["fact_id", "reading"], how="left")
    keep = [c for c in SERIES.names if c not in ("value", "text", "qualifier", "reading", "n_sources")]
    out = f[keep].merge(rows, on="fact_id")
    out = out.sort_values(["series_id", "time", "reading"], kind="stable")
    return conform(out, SERIES)


# ----------------------------------------------------------------------------- reading and writing


def load(dirs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A run's figures and its documents' dates (notebooks 01-03's products)."""
    return products.load_table("figures", dirs), products.overview(dirs)


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A hash of the code a panel is made by: ``extract`` and ``store`` (a panel built by other code
    is not reused, even where the figures did not change)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for p in sorted([*root.joinpath("extract").rglob("*.py"), *root.joinpath("store").rglob("*.py")]):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def inputs_key(dirs) -> str:
    """What a run's panel is made of: the code, and each of the run's documents (in order) with the
    hashes its figures and its document row (the date) were made with. The same key, the same panel."""
    h = hashlib.sha256(_code_digest().encode())
    for d in products.document_ids(dirs):
        h.update(f"{d}\0{parts.part_hash(dirs, 'figures', d)}\0{parts.part_hash(dirs, 'documents', d)}\n".encode())
    return h.hexdigest()[:32]


_INPUTS = b"helpers.panel.inputs"  # the Parquet metadata key holding inputs_key
_DOCUMENTS = b"helpers.panel.documents"


def _write_parquet(df: pd.DataFrame, spec: Spec, path: Path, panel: Panel) -> Path:
    t = pa.Table.from_pandas(conform(df, spec), preserve_index=False)
    if panel.inputs:
        t = t.replace_schema_metadata({**(t.schema.metadata or {}), _INPUTS: panel.inputs.encode(),
                                       _DOCUMENTS: str(panel.documents).encode()})
    with atomic_path(path) as tmp:
        pq.write_table(t, tmp, compression=PARQUET_COMPRESSION)
    return path


def write_parquet(panel: Panel, dirs) -> list[Path]:
    """The panel's four Parquet files only, stamped with what it was built from, so that the next
    :func:`read_built` with the same inputs reads them instead of building it again (the report
    builds the panel for its series before notebook 07 runs)."""
    folder = Path(dirs.processed)
    return [_write_parquet(df, spec, folder / f"{spec.name}.parquet", panel)
            for spec, df in zip(SPECS, (panel.facts, panel.sources, panel.series, panel.left_out))]


def _stamp(dirs) -> tuple[str, int] | None:
    """(inputs key, documents) the panel's four Parquet files were all written with, or None (a file
    missing or unstamped, or files of two builds: a run stopped between them). Reads footers only."""
    folder = Path(dirs.processed)
    stamps = set()
    for spec in SPECS:
        try:
            meta = pq.read_schema(folder / f"{spec.name}.parquet").metadata or {}
        except (FileNotFoundError, pa.ArrowInvalid):
            return None
        stamps.add((meta.get(_INPUTS), meta.get(_DOCUMENTS)))
    if len(stamps) != 1:
        return None
    key, docs = stamps.pop()
    return (key.decode(), int(docs)) if key and docs else None


def built_from(dirs) -> str | None:
    """The inputs key the panel's Parquet files were written for (:func:`_stamp`), or None."""
    stamp = _stamp(dirs)
    return stamp[0] if stamp else None


def read_built(dirs, key: str) -> Panel | None:
    """The panel written for inputs ``key``, or None."""
    stamp = _stamp(dirs) if key else None
    if not stamp or stamp[0] != key:
        return None
    folder = Path(dirs.processed)
    frames = [conform(pd.read_parquet(folder / f"{spec.name}.parquet"), spec) for spec in SPECS]
    return Panel(*frames, documents=stamp[1], inputs=key)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    schemas.csv_view(df).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def _stata_frame(df: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """The frame as Stata holds it: text as plain strings ("" for missing), numbers as numbers."""
    out = {}
    for c in spec.columns:
        col = df[c.name]
        out[c.name] = col.astype(object).where(col.notna(), "").astype(str) if c.dtype == "string" else col
    return pd.DataFrame(out)


def stata_labels(spec: Spec) -> dict[str, str]:
    """Each column's Stata variable label: its meaning, cut to Stata's 80 characters, ASCII kept whole."""
    return {c.name: c.meaning.split(" (")[0].split(";")[0][:80] for c in spec.columns}


#: A text column whose longest value is over this many bytes is written as strL (stored once per
#: value) rather than str# (every row as wide as the longest): the lists of documents, figures and
#: readings of a corpus's panel run to hundreds of bytes in a few rows and a dozen in most.
STRL_BYTES = 64


def write_stata(df: pd.DataFrame, spec: Spec, path: Path) -> Path:
    """A Stata 14+ file (.dta version 118, Unicode): variable labels from the codebook, long text as strL."""
    frame = _stata_frame(df, spec)
    long_text = [c.name for c in spec.columns if c.dtype == "string"
                 and len(frame) and frame[c.name].map(lambda s: len(s.encode("utf-8"))).max() > STRL_BYTES]
    with atomic_path(path) as tmp:
        frame.to_stata(tmp, write_index=False, version=118, variable_labels=stata_labels(spec),
                       convert_strl=long_text, data_label=f"zhnewsdata {spec.name}: {spec.about}"[:80])
    return path


def read_stata(path: Path) -> pd.DataFrame:
    """A panel .dta back as pandas (what a test and a user do)."""
    return pd.read_stata(path, convert_categoricals=False)


WIDE_ROWS = ("place", "place_code", "subject", "period", "period_kind", "as_of")


_MEASURE_SHORT = {"level": "level", "growth_rate": "gr", "change": "chg", "share": "share", "rate": "rate",
                  "multiple": "x"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").lower()).strip("_")


def _wide_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """The :data:`WIDE_ROWS` columns of ``facts`` as text, missing as empty (a wide row's key)."""
    keys = facts[list(WIDE_ROWS)]
    return keys.astype(object).where(keys.notna(), "").astype(str)


def wide(facts: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The panel as Stata users lay out a panel: a row per place, subject and period (:data:`WIDE_ROWS`), a
    variable per metric, measure and unit, named from ``metric_en`` and labelled with it
    (``investment_level_cny``: "investment (level, CNY)"). A conflict's cell is missing (the long panel
    has both values); returns the frame and the variable labels.

    >>> w, labels = wide(pd.DataFrame({"place": ["渝北区"] * 2, "place_code": "500112", "subject": "",
    ...     "period": "2024", "period_kind": "point", "as_of": "", "metric_en": ["investment", "firms"],
    ...     "measure": "level", "unit": ["CNY", "家"], "value": [1.475e11, 1200.0], "status": "agreed"}))
    >>> list(w.columns[6:]), labels["firms_level"]
    (['firms_level', 'investment_level_cny'], 'firms (level, 家)')
    """
    if not len(facts):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in WIDE_ROWS}), {}
    f = facts.copy()
    f["variable_key"] = list(zip(f["metric_en"], f["measure"], f["unit"]))
    names, labels = {}, {}
    for n, key in enumerate(dict.fromkeys(sorted(f["variable_key"])), start=1):
        metric_en, measure, unit = key
        unit_slug = _slug(unit) if str(unit).isascii() else ""  # 家, 个: the label says it
        short = _MEASURE_SHORT.get(measure, _slug(measure)[:6])
        name = "_".join(x for x in (_slug(metric_en)[:20] or "metric", short, unit_slug[:4]) if x)
        name = name if name not in labels else f"{name}_{n}"
        names[key], labels[name] = name, f"{metric_en} ({measure}, {unit})"[:80]
    f["variable"] = f["variable_key"].map(names)
    f["cell"] = f["value"].where(f["status"] != "conflict")
    rows = _wide_rows(f)
    cells = pd.concat([rows, f[["variable", "cell"]]], axis=1).groupby(
        [*WIDE_ROWS, "variable"], sort=True, dropna=False)["cell"].first()
    out = cells.unstack("variable").reindex(columns=list(labels)).reset_index()
    out.columns.name = None
    return out, labels


#: Stata files are dense: ``panel_wide.dta`` holds a double for every row and variable, filled or
#: not. Over this many cells (40 MB) it is not written; ``reshape wide`` on panel.dta makes it.
WIDE_MAX_CELLS = 5_000_000


def wide_shape(facts: pd.DataFrame) -> tuple[int, int]:
    """The rows and variables :func:`wide` would make of ``facts``, without making it."""
    if not len(facts):
        return 0, 0
    return len(_wide_rows(facts).drop_duplicates()), len(facts[["metric_en", "measure", "unit"]].drop_duplicates())


def write_wide_stata(facts: pd.DataFrame, path: Path) -> Path:
    """``panel_wide.dta``: :func:`wide`, its variables labelled from metric_en."""
    frame, labels = wide(facts)
    row_labels = {c.name: c.meaning.split(" (")[0][:80] for c in PANEL.columns if c.name in WIDE_ROWS}
    with atomic_path(path) as tmp:
        frame.to_stata(tmp, write_index=False, version=118, variable_labels={**row_labels, **labels},
                       data_label="zhnewsdata panel, wide: a variable per metric (conflicts missing)")
    return path


def write(panel: Panel, dirs, views: bool | None = None) -> list[Path]:
    """Notebook 07's products in ``data/processed/<run>/``: panel, panel_sources, panel_series and panel_left_out
    as Parquet and CSV (UTF-8 with BOM), panel.dta and panel_wide.dta for Stata, and panel_codebook.md.

    ``views`` (default: :func:`helpers.store.products.views_wanted`) false writes the Parquet files and the
    codebook only, and removes older CSV and Stata copies (they would hold another run's facts)."""
    views = products.views_wanted(dirs) if views is None else views
    if not views and panel.inputs and built_from(dirs) == panel.inputs:
        return write_without_views(panel, dirs)
    folder = Path(dirs.processed)
    out = []
    written = bool(panel.inputs) and built_from(dirs) == panel.inputs  # the Parquet files hold this panel already
    for spec, df in ((PANEL, panel.facts), (SOURCES, panel.sources), (SERIES, panel.series),
                     (LEFT_OUT, panel.left_out)):
        df = conform(df, spec)
        path = folder / f"{spec.name}.parquet"
        out.append(path if written else _write_parquet(df, spec, path, panel))
        if views:
            out.append(write_bytes_atomic(folder / f"{spec.name}.csv", _csv_bytes(df)))
        else:
            (folder / f"{spec.name}.csv").unlink(missing_ok=True)
    rows, variables = wide_shape(panel.facts)
    too_wide = (rows, variables) if rows * variables > WIDE_MAX_CELLS else None
    if views:
        out.append(write_stata(panel.facts, PANEL, folder / "panel.dta"))
    else:
        (folder / "panel.dta").unlink(missing_ok=True)
    if too_wide or not views:  # a corpus's thousands of metrics: the dense file would be mostly empty cells
        (folder / "panel_wide.dta").unlink(missing_ok=True)  # not an earlier, smaller run's
    else:
        out.append(write_wide_stata(panel.facts, folder / "panel_wide.dta"))
    out.append(write_text_atomic(folder / "panel_codebook.md", codebook(panel, too_wide=too_wide, views=views)))
    return out


_VIEWS = (*(f"{spec.name}.csv" for spec in SPECS), "panel.dta", "panel_wide.dta")


def write_without_views(panel, dirs) -> list[Path]:
    """:func:`write` without views, for a panel whose Parquet files are written already (a
    :class:`Panel` read from them, or :class:`helpers.extract.panel_query.Stored`): the codebook, with
    ``panel.counts()``, and no CSV or Stata copy of an earlier run left beside them."""
    folder = Path(dirs.processed)
    for name in _VIEWS:
        (folder / name).unlink(missing_ok=True)
    return [*(folder / f"{spec.name}.parquet" for spec in SPECS),
            write_text_atomic(folder / "panel_codebook.md", codebook(panel, views=False))]


def read(dirs, name: str = "panel") -> pd.DataFrame:
    """A panel product of a run (``panel``, ``panel_sources`` or ``panel_series``), checked against its columns."""
    spec = next(s for s in SPECS if s.name == name)
    path = Path(dirs.processed) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: product {name!r} not found; run notebook 07 first")
    return conform(pd.read_parquet(path), spec)


# ----------------------------------------------------------------------------- the codebook

_STATUS_RULES = """\
## How `status` is decided

1. **Which figures are one fact.** Figures with the same key - place (its code where it has one),
   subject, metric, measure, unit, period, period kind, `as_of`, and forecast or not - state one fact.
   Nothing is put together across subjects, metrics, measures, units, period kinds or periods; a
   figure without a subject is about its place as a whole and is never merged with one that has one;
   a forecast (预计, 力争, 将 ...) is never merged with what was achieved.
2. **Periods.** The period is resolved against the document's date. A period that ends with the
   document (截至目前 to-date, 2023-11/to-date) or none at all is anchored by `as_of`, the month of
   the first document that states the fact: two articles a year apart saying 截至目前 are two facts, a
   time series, not a conflict.
3. **Reprints.** A document at least half of whose figure sentences (two at the least) are word for
   word in an earlier document is a copy of it (`panel_sources.copy_of`). A figure whose sentence is
   word for word in an earlier document - or, in a copy, is the original's sentence once the figures
   are blanked - restates that figure (`panel_sources.same_as`) and takes its place, subject, metric,
   measure, period and `as_of`: 今年 in a reprint dated the next January stays the original's year, and
   a figure changed in a copy stays the same fact.
4. **What each figure admits** (`panel_sources.low`, `high`): exact - half a unit of the last digit
   written (1475亿元: 1474.5亿 to 1475.5亿; 1475.3亿元 agrees, 1500亿元 does not); more than (超, 逾,
   突破, 以上) - the value or more; 多/余 - up to the next step (1200多家: 1200 to 1300); 近/接近/将近 - up
   to {tol}% below; 不到/以下 - anything up to the value; 约/左右 - {tol}% either side, or half a unit of
   the last digit if wider; ranges and vague magnitudes (三至五亿元, 数百个) - their span.
5. **Readings.** The figures of a fact fall into as few readings as there can be, each a set of figures
   whose ranges share a point. One reading: `single` if one document states it, `agreed` if several
   do. Two or more: `conflict` - values that cannot all be true, side by side in `value`/`value_other`
   and `readings`. The reading most documents state (on a tie, the earliest document's) is the fact's
   `value`, with the range all its figures admit in `bound_low`/`bound_high`.
6. **Left out**: figures without a value, metric or unit; with neither a place nor a subject; with a
   generic metric (规模, 金额, 数量, 人数, 资金, 比率, 增速, 降幅, 占比, 倍数) and no subject; and the figures
   of a document that gives two incompatible values under one key - a document does not contradict
   itself, so there the key does not single out one thing (出口增长5% and 进口增长9% both read as one
   growth rate of 中国). A conflict is therefore always between documents.
"""


def _column_table(spec: Spec) -> str:
    rows = [f"| `{c.name}` | {c.dtype} | {c.meaning.replace('|', '/')} |" for c in spec.columns]
    return "\n".join(["| column | type | meaning |", "|---|---|---|", *rows])


def _wide_note(rows: int, variables: int) -> str:
    return (f"This run's `panel_wide.dta` is not written: {rows:,} rows by {variables:,} variables would be "
            f"{rows * variables * 8 / 1e6:,.0f} MB of mostly empty cells (Stata files are dense; the limit is "
            f"{WIDE_MAX_CELLS:,} cells). Make it from `panel.dta` for the metrics you need, one measure and unit "
            "each: `keep if measure == \"level\" & unit == \"CNY\" & inlist(metric_en, \"investment\", \"output\")`, "
            "`keep place subject period period_kind as_of metric_en value`, then `reshape wide value, "
            "i(place subject period period_kind as_of) j(metric_en) string`.")


_NO_VIEWS_NOTE = (
    "**This run wrote Parquet only**: no `.csv`, `panel.dta` or `panel_wide.dta` (its `exports` parameter, "
    f"`auto` leaving them out of runs over {products.VIEWS_MAX_DOCS:,} documents, where they were most of the "
    "products on disk). Read the Parquet files (below), or run again with `--exports all`: the "
    "per-document stages find their work done and only the notebooks run.")


def codebook(panel: Panel | None = None, too_wide: tuple[int, int] | None = None, views: bool = True) -> str:
    """``panel_codebook.md``: every column of the three products, its type and meaning, how status is
    decided, how to load the files, and (given a panel) what this run's panel holds; ``too_wide`` (the
    rows and variables of a wide layout over :data:`WIDE_MAX_CELLS`) says why ``panel_wide.dta`` is not
    written, ``views`` false that no CSV or Stata copy is, and how to have them."""
    parts = ["# Codebook: the panel (notebook 07)", "",
             "Written by `07_build_panel` in `data/processed/<run>/`: `panel.parquet` (and `panel.csv`, UTF-8 with "
             "BOM, and `panel.dta`, Stata 14+), `panel_sources.parquet`, `panel_series.parquet` and "
             "`panel_left_out.parquet` (each + `.csv`). Text is UTF-8; in the CSV and .dta files an empty cell is "
             "a missing value.", "",
             "`panel_wide.dta` lays the same facts out as Stata users lay out a panel: a row per place, subject, "
             "period, period kind and `as_of`, a variable per metric, measure and unit, named from `metric_en` and "
             "labelled with it (`investment_level_cny`: \"investment (level, CNY)\"); a conflict's cell is missing "
             "(the long panel has both values).", ""]
    if panel is not None:
        c = panel.counts()
        parts += [f"This run: {c['facts']:,} facts from {c['figures']:,} figures of {c['documents']:,} documents "
                  f"({c['single']:,} single, {c['agreed']:,} agreed, {c['conflict']:,} conflict; "
                  f"{c['left_out']:,} figures left out); {c['series']:,} time series.", ""]
    if not views:
        parts += [_NO_VIEWS_NOTE, ""]
    elif too_wide:
        parts += [_wide_note(*too_wide), ""]
    for spec in SPECS:
        parts += [f"## `{spec.name}`: {spec.about}", "", _column_table(spec), ""]
    parts += [_STATUS_RULES.format(tol=round(TOLERANCE * 100)), "## Loading", "", "```python",
              "import pandas as pd",
              "panel = pd.read_parquet('data/processed/<run>/panel.parquet')",
              "panel = pd.read_stata('data/processed/<run>/panel.dta')",
              "sources = pd.read_parquet('data/processed/<run>/panel_sources.parquet')  # provenance, by fact_id",
              "```", "", "```stata", "use \"data/processed/<run>/panel.dta\", clear",
              "tab metric_en status", "```", ""]
    return "\n".join(parts)
