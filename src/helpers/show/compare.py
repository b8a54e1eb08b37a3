"""Across documents: what a corpus run shows (notebook 06) - time, places, totals, shared entities.

Totals are only ever added within one subject, metric and unit, and every total says what may
make it wrong: the same figure reported by several articles, lower bounds, forecasts, or periods
that overlap.
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.show import charts
from helpers.store import schemas


def _note(text: str):
    from IPython.display import Markdown, display

    display(Markdown(f"*{html.escape(text)}*"))


def _show_chart(fig, dirs, name: str):
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    path = charts.save_figure(fig, dirs.outputs / "charts" / f"{name}.png")
    plt.close(fig)
    display(Image(filename=str(path)))


def documents_by_month(overview: pd.DataFrame) -> pd.DataFrame:
    """Documents per month (or per year where only the year is known); undated ones counted apart."""
    if not len(overview):
        return pd.DataFrame({"period": [], "documents": []})
    dates = overview["date"].fillna("").astype(str)
    period = dates.str.slice(0, 7).where(dates.str.len() >= 7, dates.str.slice(0, 4)).replace("", "undated")
    out = period.value_counts().rename_axis("period").reset_index(name="documents")
    return out.sort_values("period", key=lambda s: s.replace("undated", "9999")).reset_index(drop=True)


def time_chart(overview: pd.DataFrame, dirs, lang: str = "en"):
    counts = documents_by_month(overview)
    dated = counts[counts["period"] != "undated"]
    if not len(dated):
        _note("No document is dated: nothing to place in time." if lang == "en" else "没有文档带日期。")
        return counts
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(dated["period"], dated["documents"], color="#4C72B0")
    ax.set_title("Documents over time" if lang == "en" else "各时期文档数")
    ax.set_ylabel("documents" if lang == "en" else "篇数")
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    _show_chart(fig, dirs, "06_documents_over_time")
    return counts


def cited_entities(entities: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Places and organisations by the number of documents naming them, then by mentions."""
    if not len(entities):
        return pd.DataFrame(columns=["canonical", "type", "documents", "mentions"])
    e = entities[entities["type"].isin(["place", "org"])]
    g = e.groupby(["canonical", "type"], as_index=False).agg(documents=("doc_id", "nunique"), mentions=("mentions", "sum"))
    return g.sort_values(["documents", "mentions", "canonical"], ascending=[False, False, True]).head(top).reset_index(drop=True)


def cited_chart(cited: pd.DataFrame, dirs, lang: str = "en"):
    if not len(cited):
        _note("No places or organisations." if lang == "en" else "没有地点或机构。")
        return
    import matplotlib.pyplot as plt

    c = cited[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(c) + 1))
    colours = {"place": "#4C72B0", "org": "#DD8452"}
    ax.barh(c["canonical"], c["documents"], color=[colours.get(t, "#888") for t in c["type"]])
    ax.set_xlabel("documents naming it" if lang == "en" else "提及的文档数")
    ax.set_title("Most cited places (blue) and organisations (orange)" if lang == "en" else "被最多文档提及的地点（蓝）与机构（橙）")
    _show_chart(fig, dirs, "06_most_cited")


def subject_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures added up per subject, metric and unit, with what may make the total wrong.

    ``duplicates`` counts figures whose value also appears in another document for the same
    subject and metric (likely the same fact reported twice); ``note`` names lower bounds,
    forecasts and mixed periods. Percentages and other rates are never added (``total`` is empty).
    """
    cols = schemas.TABLES["subject_totals"].names
    f = figures[figures["subject"].fillna("") != ""].copy()
    if not len(f):
        return schemas.empty("subject_totals")
    rows = []
    for (subject, metric, unit), g in f.groupby(["subject", "metric", "unit"], dropna=False):
        by_value = g.groupby("value")["doc_id"].nunique()
        dup = int(g["value"].map(by_value).gt(1).sum())
        notes = []
        q = g["qualifier"].fillna("")
        if q.str.contains("more_than").any():
            notes.append("includes lower bounds")
        if q.str.contains("forecast").any():
            notes.append("includes forecasts")
        if g["period"].fillna("").nunique() > 1:
            notes.append("periods differ")
        if dup:
            notes.append("the same value in several documents")
        additive = unit not in ("%", "pp", "‰") and not g["kind"].isin(["percent"]).any()
        if not additive:
            notes.insert(0, "rates are not added up")
        rows.append({
            "subject": subject, "metric": metric or "", "unit": unit, "figures": len(g),
            "documents": g["doc_id"].nunique(), "total": float(g["value"].sum()) if additive else float("nan"),
            "largest": float(g["value"].max()),
            "duplicates": dup, "note": "; ".join(notes),
        })
    out = pd.DataFrame(rows, columns=cols)
    return schemas.conform(out.sort_values(["documents", "figures", "largest"], ascending=False), "subject_totals")


def shared_entities(entities: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """Entities named by two or more documents, with the documents."""
    if not len(entities):
        return pd.DataFrame(columns=["canonical", "type", "documents", "doc_ids"])
    g = entities.groupby(["canonical", "type"]).agg(documents=("doc_id", "nunique"),
                                                     doc_ids=("doc_id", lambda s: ", ".join(sorted(set(s))[:8])))
    g = g[g["documents"] > 1].reset_index()
    return g.sort_values(["documents", "canonical"], ascending=[False, True]).head(top).reset_index(drop=True)


def commentary(overview: pd.DataFrame, cited: pd.DataFrame, totals: pd.DataFrame, shared: pd.DataFrame,
               lang: str = "en") -> str:
    n = len(overview)
    dated = int((overview["date"].fillna("") != "").sum()) if n else 0
    if lang == "zh":
        parts = [f"本次共 {n} 篇文档，其中 {dated} 篇有日期。"]
        if n < 2:
            parts.append("只有一篇文档，无从比较。")
        if len(cited):
            parts.append("被最多文档提及的是" + "、".join(f"{html.escape(r.canonical)}（{r.documents} 篇）" for r in cited.head(5).itertuples()) + "。")
        if len(shared):
            parts.append(f"{len(shared)} 个实体出现在两篇或以上文档中。")
        dup = int(totals["duplicates"].gt(0).sum()) if len(totals) else 0
        if dup:
            parts.append(f"{dup} 组数据在多篇文档中数值相同，可能是同一事实的重复报道，合计时已标注，切勿直接相加。")
        return "".join(parts)
    parts = [f"{n} document(s), {dated} of them dated."]
    if n < 2:
        parts.append("With one document there is nothing to compare across documents.")
    if len(cited):
        parts.append("Named by most documents: " + ", ".join(
            f"{html.escape(r.canonical)} ({r.documents})" for r in cited.head(5).itertuples()) + ".")
    if len(shared):
        parts.append(f"{len(shared)} entities appear in two or more documents.")
    dup = int(totals["duplicates"].gt(0).sum()) if len(totals) else 0
    if dup:
        parts.append(f"{dup} subject/metric group(s) carry the same value in several documents - probably one fact "
                     "reported more than once: their totals double count and are flagged, not to be added up.")
    return " ".join(parts)
