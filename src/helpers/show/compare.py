"""Across documents: what a corpus run shows (notebook 06) - time, places, totals, shared entities.

Totals are only ever added within one subject, metric and unit, and every total says what may
make it wrong: the same figure reported by several articles, lower bounds, forecasts, or periods
that overlap.

The module has four parts: the tables (pure computation on the products, no display, no
language), the charts drawn from them, the prose that sums them up (words from
:mod:`helpers.show.i18n`), and what notebook 06 shows section by section - nothing but one
sentence when the run has fewer than two documents, since there is then nothing to compare.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from helpers.extract.units import yuan_text
from helpers.show import charts, i18n
from helpers.store import products, query, schemas

# ----------------------------------------------------------------------------- tables

UNDATED = "undated"  # the period of documents without a date, in documents_by_month

# The ``note`` column of subject_totals: a product table's vocabulary, the same whatever the
# report's language (like its column names).
NOTE_RATES = "rates are not added up"
NOTE_BOUNDS = "includes lower bounds"
NOTE_FORECASTS = "includes forecasts"
NOTE_PERIODS = "periods differ"
NOTE_REPEATS = "the same value in several documents"
RATE_UNITS = ("%", "pp", "‰")


def documents_by_month(overview: pd.DataFrame) -> pd.DataFrame:
    """Documents per month (or per year where only the year is known); undated ones counted apart."""
    if not len(overview):
        return pd.DataFrame({"period": [], "documents": []})
    dates = overview["date"].fillna("").astype(str)
    period = dates.str.slice(0, 7).where(dates.str.len() >= 7, dates.str.slice(0, 4)).replace("", UNDATED)
    out = period.value_counts().rename_axis("period").reset_index(name="documents")
    return out.sort_values("period", key=lambda s: s.replace(UNDATED, "9999")).reset_index(drop=True)


def cited_entities(entities: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Places and organisations by the number of documents naming them, then by mentions."""
    if not len(entities):
        return pd.DataFrame(columns=["canonical", "type", "documents", "mentions"])
    e = entities[entities["type"].isin(["place", "org"])]
    g = e.groupby(["canonical", "type"], as_index=False).agg(documents=("doc_id", "nunique"),
                                                             mentions=("mentions", "sum"))
    g = g.sort_values(["documents", "mentions", "canonical"], ascending=[False, False, True])
    return g.head(top).reset_index(drop=True)


def who(figures: pd.DataFrame) -> pd.Series:
    """Whom each figure is about: its subject, else its place, else ""."""
    subject = figures["subject"].fillna("").astype(str)
    if "place" not in figures:
        return subject
    return subject.where(subject != "", figures["place"].fillna("").astype(str))


def subject_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures added up per subject (else place) and comparability key, with what may make the
    total wrong.

    A row holds the figures of one ``subject`` (the thing measured; a figure without one stands
    for its ``place``) that share the comparability key (metric, measure, unit, period kind):
    two figures of different subjects, metrics, measures, units or period kinds are never added
    (18 新星 clusters and 3 万亿级 clusters are two rows, not 21). ``duplicates`` counts figures
    whose value also appears in another document for the same row (likely the same fact
    reported twice); ``note`` names lower bounds, forecasts and mixed periods. Percentages and
    other rates are never added (``total`` is empty).
    """
    f = figures.copy()
    for c in ("place", "measure", "period_kind", "metric_en"):
        if c not in f.columns:
            f[c] = ""
    f["subject"] = f["subject"].fillna("").astype(str)
    f["place"] = f["place"].fillna("").astype(str)
    f["who"] = who(f)
    f = f[f["who"] != ""]
    if not len(f):
        return schemas.empty("subject_totals")
    keys = ["who", "place", "metric", "measure", "unit", "period_kind"]
    for c in ("metric", "measure", "period_kind", "metric_en"):
        f[c] = f[c].fillna("").astype(str)
    rows = [_subject_total(k, g) for k, g in f.groupby(keys, dropna=False, sort=True)]
    out = pd.DataFrame(rows, columns=schemas.TABLES["subject_totals"].names)
    return schemas.conform(out.sort_values(["documents", "figures", "largest"], ascending=False), "subject_totals")


def _subject_total(key: tuple, g: pd.DataFrame) -> dict:
    """One row of subject_totals: the figures of one subject and comparability key."""
    who, place, metric, measure, unit, period_kind = key
    by_value = g.groupby("value")["doc_id"].nunique()
    dup = int(g["value"].map(by_value).gt(1).sum())
    additive = unit not in RATE_UNITS and not g["kind"].isin(["percent"]).any() and measure in ("level", "change", "")
    return {
        "subject": who, "place": place, "metric": metric or "", "metric_en": str(g["metric_en"].iloc[0] or ""),
        "measure": measure, "unit": unit, "period_kind": period_kind,
        "comparable": "|".join((metric or "", measure, unit, period_kind)), "figures": len(g),
        "documents": g["doc_id"].nunique(), "total": float(g["value"].sum()) if additive else float("nan"),
        "largest": float(g["value"].max()),
        "duplicates": dup, "note": "; ".join(_total_notes(g, dup, additive)),
    }


def _total_notes(g: pd.DataFrame, duplicates: int, additive: bool) -> list[str]:
    """What may make a total wrong (or why there is none)."""
    q = g["qualifier"].fillna("")
    notes = [] if additive else [NOTE_RATES]
    if q.str.contains("more_than").any():
        notes.append(NOTE_BOUNDS)
    if q.str.contains("forecast").any():
        notes.append(NOTE_FORECASTS)
    if g["period"].fillna("").nunique() > 1:
        notes.append(NOTE_PERIODS)
    if duplicates:
        notes.append(NOTE_REPEATS)
    return notes


def shared_entities(entities: pd.DataFrame, top: int | None = 30) -> pd.DataFrame:
    """Entities named by two or more documents, with (the first eight of) the documents; ``top`` rows,
    all with ``None``."""
    if not len(entities):
        return pd.DataFrame(columns=["canonical", "type", "documents", "doc_ids"])
    g = entities.groupby(["canonical", "type"]).agg(documents=("doc_id", "nunique"),
                                                     doc_ids=("doc_id", lambda s: ", ".join(sorted(set(s))[:8])))
    g = g[g["documents"] > 1].reset_index()
    g = g.sort_values(["documents", "canonical"], ascending=[False, True])
    return (g.head(top) if top else g).reset_index(drop=True)


def several_figures(totals: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`subject_totals` that add something up (two or more figures)."""
    return totals[totals["figures"] > 1].reset_index(drop=True)


def amount(value, unit: str, lang: str = "en") -> str:
    """A total or a largest figure for reading: yuan in words (亿元 / billion yuan), other units with
    thousands separators; blank when there is none (rates are never added up).

    >>> amount(1.8e11, "CNY"), amount(1.8e11, "CNY", "zh"), amount(388000.0, "头"), amount(float("nan"), "%")
    ('180 billion yuan', '1800亿元', '388,000', '')
    """
    if value is None or pd.isna(value):
        return ""
    if unit == "CNY":
        return yuan_text(float(value), i18n.lang_of(lang), digits=4)
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def totals_display(totals: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Subject totals for reading: amounts in words (never 1.8e+11), blanks for what is missing, and
    without the ``comparable`` key (its parts are columns of their own)."""
    out = totals.drop(columns=[c for c in ("comparable",) if c in totals.columns]).copy()
    for c in ("total", "largest"):
        out[c] = [amount(v, u, lang) for v, u in zip(totals[c], totals["unit"])]
    return out.astype(object).where(out.notna(), "")


# ----------------------------------------------------------------------------- the same tables, in DuckDB

_RATES_SQL = "(" + ", ".join(map(query.literal, RATE_UNITS)) + ")"


def run_cited(q: query.Run, top: int | None = None) -> pd.DataFrame:
    """:func:`cited_entities` over a run's batches (``query.Run``) or frames (``query.Frames``): places
    and organisations by the number of documents naming them, then by mentions and name; ``top`` rows
    (all with None)."""
    limit = f"LIMIT {int(top)}" if top else ""
    df = q.sql(f"""SELECT canonical, type, count(DISTINCT doc_id) AS documents, sum(mentions)::BIGINT AS mentions
                   FROM entities WHERE type IN ('place', 'org') AND canonical IS NOT NULL
                   GROUP BY canonical, type ORDER BY documents DESC, mentions DESC, canonical, type {limit}""",
               arrow_text=False)
    return df.astype({"canonical": object, "type": object})


def run_shared(q: query.Run, top: int | None = None) -> pd.DataFrame:
    """:func:`shared_entities` in DuckDB: entities named by two or more documents, with the first
    eight of those documents in code-point order; ``top`` rows (all with None)."""
    limit = f"LIMIT {int(top)}" if top else ""
    df = q.sql(f"""SELECT canonical, type, count(DISTINCT doc_id) AS documents,
                          array_to_string(list_sort(list(DISTINCT doc_id))[1:8], ', ') AS doc_ids
                   FROM entities WHERE canonical IS NOT NULL AND type IS NOT NULL AND doc_id IS NOT NULL
                   GROUP BY canonical, type HAVING count(DISTINCT doc_id) > 1
                   ORDER BY documents DESC, canonical, type {limit}""", arrow_text=False)
    return df.astype({"canonical": object, "type": object, "doc_ids": object})


def run_totals(q: query.Run) -> pd.DataFrame:
    """:func:`subject_totals` in DuckDB: figures added up per subject (else place) and comparability
    key (metric, measure, unit, period kind), the figures whose value another document gives too
    (``duplicates``) and what may make the total wrong (``note``); rates never added up.

    ``metric_en`` is the smallest of the group's, equal to the first: it is a function of the
    group's metric and measure (``meaning.metric_en``)."""
    df = q.sql(f"""
        WITH f AS (
            SELECT doc_id, coalesce(subject, '') AS subject, coalesce(place, '') AS place,
                   coalesce(metric, '') AS metric, coalesce(measure, '') AS measure, unit,
                   coalesce(period_kind, '') AS period_kind, coalesce(metric_en, '') AS metric_en,
                   CASE WHEN isnan(value) THEN NULL ELSE value END AS value, kind,
                   coalesce(qualifier, '') AS qualifier, coalesce(period, '') AS period
            FROM figures),
        w AS (SELECT *, CASE WHEN subject <> '' THEN subject ELSE place END AS who FROM f),
        g AS (SELECT * FROM w WHERE who <> ''),
        rep AS (SELECT who, place, metric, measure, unit, period_kind, sum(n)::BIGINT AS duplicates
                FROM (SELECT who, place, metric, measure, unit, period_kind, value, count(*) AS n
                      FROM g WHERE value IS NOT NULL
                      GROUP BY ALL HAVING count(DISTINCT doc_id) > 1)
                GROUP BY ALL),
        t AS (
            SELECT who, place, metric, measure, unit, period_kind, min(metric_en) AS metric_en,
                   count(*) AS figures, count(DISTINCT doc_id) AS documents,
                   coalesce(unit NOT IN {_RATES_SQL}, true) AND NOT coalesce(bool_or(kind = 'percent'), false)
                       AND measure IN ('level', 'change', '') AS additive,
                   coalesce(sum(value), 0.0) AS sum_value, max(value) AS largest,
                   bool_or(contains(qualifier, 'more_than')) AS bounds,
                   bool_or(contains(qualifier, 'forecast')) AS forecasts,
                   count(DISTINCT period) > 1 AS periods
            FROM g GROUP BY who, place, metric, measure, unit, period_kind)
        SELECT t.who AS subject, t.place, t.metric, t.metric_en, t.measure, t.unit, t.period_kind,
               concat_ws('|', t.metric, t.measure, t.unit, t.period_kind) AS comparable,
               t.figures, t.documents, CASE WHEN additive THEN sum_value END AS total, t.largest,
               coalesce(rep.duplicates, 0) AS duplicates,
               concat_ws('; ', CASE WHEN NOT additive THEN {query.literal(NOTE_RATES)} END,
                               CASE WHEN bounds THEN {query.literal(NOTE_BOUNDS)} END,
                               CASE WHEN forecasts THEN {query.literal(NOTE_FORECASTS)} END,
                               CASE WHEN periods THEN {query.literal(NOTE_PERIODS)} END,
                               CASE WHEN rep.duplicates > 0 THEN {query.literal(NOTE_REPEATS)} END) AS note
        FROM t LEFT JOIN rep ON t.who = rep.who AND t.place = rep.place AND t.metric = rep.metric
             AND t.measure = rep.measure AND t.unit IS NOT DISTINCT FROM rep.unit AND t.period_kind = rep.period_kind
        ORDER BY documents DESC, figures DESC, largest DESC NULLS LAST,
                 subject, place, metric, measure, unit NULLS LAST, period_kind""", arrow_text=False)
    if not len(df):
        return schemas.empty("subject_totals")
    return schemas.conform(df, "subject_totals").reset_index(drop=True)


# ----------------------------------------------------------------------------- charts

def _note(text: str):
    from IPython.display import Markdown, display

    display(Markdown(f"*{html.escape(text)}*"))


def _show_chart(fig, dirs, name: str):
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    path = charts.save_figure(fig, dirs.outputs / "charts" / f"{name}.png")
    plt.close(fig)
    display(Image(filename=str(path)))


def _whole_numbers(axis) -> None:
    """Documents are counted: whole-number ticks only (no 0.2 of a document)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def time_chart(overview: pd.DataFrame, dirs, lang: str = "en"):
    """Dated documents per month (or year); returns the counts, undated ones included.

    A chart needs two periods at least: with one (or none) a sentence says so instead of one bar.
    """
    counts = documents_by_month(overview)
    dated = counts[counts["period"] != UNDATED]
    if not len(dated):
        _note(i18n.text("cmp.no_dates", lang))
        return counts
    if len(dated) == 1:
        _note(i18n.text("cmp.one_period", lang, n=int(dated["documents"].iloc[0]), period=dated["period"].iloc[0]))
        return counts
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(dated["period"], dated["documents"], color="#4C72B0")
    _whole_numbers(ax.yaxis)
    ax.set_title(i18n.text("chart.documents_over_time", lang))
    ax.set_ylabel(i18n.text("chart.documents", lang))
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    _show_chart(fig, dirs, "06_documents_over_time")
    return counts


def cited_chart(cited: pd.DataFrame, dirs, lang: str = "en"):
    """The places and organisations most documents name (:func:`cited_entities`), those named by two or
    more: a bar of one document for each of them would compare nothing."""
    if not len(cited):
        _note(i18n.text("cmp.no_entities", lang))
        return
    c = cited[cited["documents"] > 1][::-1]
    if not len(c):
        _note(i18n.text("cmp.no_shared_names", lang))
        return
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.35 * len(c) + 1))
    colours = {"place": "#4C72B0", "org": "#DD8452"}
    ax.barh(c["canonical"].map(lambda s: str(s).replace("$", r"\$")), c["documents"],
            color=[colours.get(t, "#888") for t in c["type"]])
    _whole_numbers(ax.xaxis)
    ax.set_xlabel(i18n.text("chart.documents_naming", lang))
    ax.set_title(i18n.text("chart.most_cited", lang))
    _show_chart(fig, dirs, "06_most_cited")


# ----------------------------------------------------------------------------- prose

def _tied(pairs: list[tuple[str, int]], lang: str, limit: int = 5) -> str:
    """Names with their counts, most first, names of equal count said together ('a and b (7 each)');
    whole groups only, up to about ``limit`` names."""
    groups: list[tuple[int, list[str]]] = []
    for name, n in pairs:
        if groups and groups[-1][0] == n:
            groups[-1][1].append(name)
        else:
            groups.append((n, [name]))
    items, used = [], 0
    for n, names in groups:
        if used and used + len(names) > limit:
            break
        key = "cmp.cited_item" if len(names) == 1 else "cmp.cited_items"
        items.append(i18n.text(key, lang, names=i18n.join_list(names[:2 * limit], lang), n=int(n)))
        used += len(names)
    return i18n.text("sep.clause", lang).join(items)


def commentary(overview: pd.DataFrame, cited: pd.DataFrame, totals: pd.DataFrame, shared: pd.DataFrame,
               lang: str = "en") -> str:
    """How many documents, which entities most of them name, and which totals double count.

    With fewer than two documents, one sentence: a comparison across documents needs several.
    """
    n = len(overview)
    if n < 2:
        return i18n.text("cmp.one_document" if n else "cmp.no_documents", lang)
    dated = int((overview["date"].fillna("") != "").sum())
    parts = [i18n.text("cmp.documents", lang, n=n, dated=dated) if dated
             else i18n.text("cmp.documents_undated", lang, n=n)]
    named = cited[cited["documents"] > 1] if len(cited) else cited
    if len(named):
        parts.append(i18n.text("cmp.cited", lang, items=_tied(
            [(html.escape(str(r.canonical)), int(r.documents)) for r in named.itertuples()], lang)))
    if len(shared):
        parts.append(i18n.text("cmp.shared", lang, n=len(shared)))
    dup = int(totals["duplicates"].gt(0).sum()) if len(totals) else 0
    if dup:
        parts.append(i18n.text("cmp.duplicates", lang, n=dup))
    return i18n.sentences(parts, lang)


# ----------------------------------------------------------------------------- notebook 06, section by section

@dataclass
class Across:
    """What notebook 06 compares: the run's overview (one row per document) and the tables computed
    across its documents - never a whole per-document table."""

    documents: pd.DataFrame  # the overview: one row per document
    n_figures: int
    n_entities: int  # distinct canonical names
    cited: pd.DataFrame  # every place and organisation, most documents first (cited_entities)
    shared: pd.DataFrame  # every entity named by two documents or more (shared_entities)
    totals: pd.DataFrame  # subject_totals: the product

    @property
    def several(self) -> bool:
        """Whether there is anything to compare: two documents or more."""
        return len(self.documents) > 1

    @classmethod
    def from_frames(cls, documents: pd.DataFrame, figures: pd.DataFrame, entities: pd.DataFrame) -> Across:
        """From tables in pandas (a document's, or small ones), by the pandas functions above."""
        n_entities = entities["canonical"].nunique() if len(entities) else 0
        return cls(documents, len(figures), int(n_entities), cited_entities(entities, None),
                   shared_entities(entities, None), subject_totals(figures))


def load(dirs) -> Across:
    """The run's overview, and its figures and entities aggregated where they lie (DuckDB over the
    batches): pandas receives the aggregates only."""
    with query.Run(dirs, tables=("figures", "entities")) as q:
        n = q.sql("SELECT (SELECT count(*) FROM figures) AS f, (SELECT count(DISTINCT canonical) FROM entities) AS e")
        return Across(products.overview(dirs), int(n["f"].iloc[0]), int(n["e"].iloc[0]), run_cited(q),
                      run_shared(q), run_totals(q))


def _md(text: str):
    from IPython.display import Markdown, display

    display(Markdown(text))


def _heading(key: str, lang: str, about: str | None = None):
    _md(f"### {html.escape(i18n.text(key, lang))}" + (f"\n\n{html.escape(i18n.text(about, lang))}" if about else ""))


def show_overview(across: Across, lang: str = "en"):
    """How much there is to compare - or, with fewer than two documents, the one sentence that says
    a comparison needs several (and every later section then shows nothing)."""
    if not across.several:
        _md(i18n.text("cmp.one_document" if len(across.documents) else "cmp.no_documents", lang))
        return
    _md(i18n.text("cmp.loaded", lang, n=len(across.documents), figures=across.n_figures, entities=across.n_entities))


def show_time(across: Across, dirs, lang: str = "en") -> None:
    """When the documents were published (a chart over two periods or more)."""
    if across.several:
        _heading("cmp.head.time", lang)
        time_chart(across.documents, dirs, lang)


def show_cited(across: Across, dirs, top: int = 20, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The places and organisations several documents name (chart), and every entity named by two or
    more documents with the documents (table); returns both tables, the second in full."""
    cited, shared = across.cited.head(top).reset_index(drop=True), across.shared
    if not across.several:
        return cited, shared
    from IPython.display import HTML, display

    _heading("cmp.head.cited", lang, "cmp.about_cited")
    cited_chart(cited, dirs, lang)
    if len(shared):
        display(HTML(shared.head(top).to_html(index=False, na_rep="")))
    return cited, shared


def show_totals(across: Across, top: int = 20, lang: str = "en") -> pd.DataFrame:
    """Figures added up per subject and metric: the rows that add two or more figures, amounts in words;
    returns the whole table (the product, single figures included)."""
    totals = across.totals
    if not across.several:
        return totals
    from IPython.display import HTML, display

    _heading("cmp.head.totals", lang, "cmp.about_totals")
    added = several_figures(totals)
    if not len(added):
        _note(i18n.text("cmp.no_totals", lang))
        return totals
    display(HTML(totals_display(added.head(top), lang).to_html(index=False, na_rep="")))
    if len(added) > top:
        _note(i18n.text("note.first_rows", lang, shown=top, total=len(added)))
    if len(totals) > len(added):
        _note(i18n.text("cmp.totals_rest", lang, n=len(totals) - len(added)))
    return totals


def show_commentary(across: Across, cited: pd.DataFrame, totals: pd.DataFrame, shared: pd.DataFrame,
                    lang: str = "en"):
    """The prose of :func:`commentary`, under its heading (nothing with fewer than two documents)."""
    if not across.several:
        return
    _heading("cmp.head.commentary", lang)
    _md(commentary(across.documents, cited, totals, shared, lang))
