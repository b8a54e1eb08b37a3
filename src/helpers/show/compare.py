"""Across documents: what a corpus run shows (notebook 06) - time, places, totals, shared entities.

Totals are only ever added within one subject, metric and unit, and every total says what may
make it wrong: the same figure reported by several articles, lower bounds, forecasts, or periods
that overlap.

The module has three parts: the tables (pure computation on the products, no display, no
language), the charts drawn from them, and the prose that sums them up (words from
:mod:`helpers.show.i18n`).
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.show import charts, i18n
from helpers.store import schemas

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


def shared_entities(entities: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """Entities named by two or more documents, with the documents."""
    if not len(entities):
        return pd.DataFrame(columns=["canonical", "type", "documents", "doc_ids"])
    g = entities.groupby(["canonical", "type"]).agg(documents=("doc_id", "nunique"),
                                                     doc_ids=("doc_id", lambda s: ", ".join(sorted(set(s))[:8])))
    g = g[g["documents"] > 1].reset_index()
    return g.sort_values(["documents", "canonical"], ascending=[False, True]).head(top).reset_index(drop=True)


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


def time_chart(overview: pd.DataFrame, dirs, lang: str = "en"):
    """Dated documents per month (or year); returns the counts, undated ones included."""
    counts = documents_by_month(overview)
    dated = counts[counts["period"] != UNDATED]
    if not len(dated):
        _note(i18n.text("cmp.no_dates", lang))
        return counts
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(dated["period"], dated["documents"], color="#4C72B0")
    ax.set_title(i18n.text("chart.documents_over_time", lang))
    ax.set_ylabel(i18n.text("chart.documents", lang))
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    _show_chart(fig, dirs, "06_documents_over_time")
    return counts


def cited_chart(cited: pd.DataFrame, dirs, lang: str = "en"):
    """The places and organisations most documents name (:func:`cited_entities`)."""
    if not len(cited):
        _note(i18n.text("cmp.no_entities", lang))
        return
    import matplotlib.pyplot as plt

    c = cited[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(c) + 1))
    colours = {"place": "#4C72B0", "org": "#DD8452"}
    ax.barh(c["canonical"], c["documents"], color=[colours.get(t, "#888") for t in c["type"]])
    ax.set_xlabel(i18n.text("chart.documents_naming", lang))
    ax.set_title(i18n.text("chart.most_cited", lang))
    _show_chart(fig, dirs, "06_most_cited")


# ----------------------------------------------------------------------------- prose

def commentary(overview: pd.DataFrame, cited: pd.DataFrame, totals: pd.DataFrame, shared: pd.DataFrame,
               lang: str = "en") -> str:
    """How many documents, which entities most of them name, and which totals double count."""
    n = len(overview)
    dated = int((overview["date"].fillna("") != "").sum()) if n else 0
    parts = [i18n.text("cmp.documents", lang, n=n, dated=dated)]
    if n < 2:
        parts.append(i18n.text("cmp.one_document", lang))
    if len(cited):
        parts.append(i18n.text("cmp.cited", lang, items=i18n.enumerate_items(
            (i18n.text("cmp.cited_item", lang, name=html.escape(r.canonical), n=r.documents)
             for r in cited.head(5).itertuples()), lang)))
    if len(shared):
        parts.append(i18n.text("cmp.shared", lang, n=len(shared)))
    dup = int(totals["duplicates"].gt(0).sum()) if len(totals) else 0
    if dup:
        parts.append(i18n.text("cmp.duplicates", lang, n=dup))
    return i18n.sentences(parts, lang)
