"""What notebook 07 shows of the panel (:mod:`helpers.extract.panel`): how many facts and of which status,
the facts, the conflicts side by side with their sentences, and a chart per time series.

The charts are also for the corpus report: :func:`series_figures` draws them from a panel's series
table, :func:`run_series_figures` from a run's figures (it builds the panel itself, so it works before
notebook 07 has run). Every phrase comes from :mod:`helpers.show.i18n`.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from helpers.extract import panel as panel_data
from helpers.extract import panel_parts, panel_query
from helpers.show import charts, i18n, views
from helpers.store import products, query

Panel = panel_data.Panel

# ----------------------------------------------------------------------------- building


def build(dirs, figures: pd.DataFrame | None = None, overview: pd.DataFrame | None = None) -> Panel:
    """The panel of a run: its figures (notebook 03) and documents' dates (notebook 01), merged; built
    once for given inputs (the code, and each document's figures and date: ``panel.inputs_key``),
    then read from the Parquet files stamped with them. Without ``figures`` and ``overview`` it is built
    from the figures' batches a part at a time (:mod:`helpers.extract.panel_parts`) and written as
    Parquet; given them (``products.load_table("figures")``, ``products.overview``), in memory."""
    key = panel_data.inputs_key(dirs)
    done = panel_data.read_built(dirs, key)
    if done is not None:
        return done
    if figures is None or overview is None:
        ensure_built(dirs, key)
        return panel_data.read_built(dirs, key)
    panel = panel_data.build(figures, overview)
    panel.inputs = key
    return panel


def ensure_built(dirs, key: str | None = None) -> str:
    """Make sure the run's panel Parquet files hold the panel of its current inputs (building it a part
    at a time, :func:`helpers.extract.panel_parts.build`, if they do not); returns the inputs key."""
    key = key or panel_data.inputs_key(dirs)
    if panel_data.built_from(dirs) != key:
        panel_parts.build(dirs, key)
    return key


def stored(dirs) -> panel_query.Stored:
    """Notebook 07's panel: built if its files do not hold the run's current one (:func:`ensure_built`,
    a part at a time), then read in place by DuckDB (:class:`helpers.extract.panel_query.Stored`): what
    the notebook shows is asked of the files, and no table of a corpus is held whole."""
    ensure_built(dirs)
    return panel_query.Stored(dirs)


def write(panel, dirs) -> list[Path]:
    """Notebook 07's products (panel, panel_sources, panel_series, panel.dta, panel_codebook.md).
    ``panel`` a :class:`Panel`, or a :class:`helpers.extract.panel_query.Stored` whose Parquet files are
    written already: its CSV and Stata copies (a run of at most ``products.VIEWS_MAX_DOCS`` documents)
    are made from it read whole, and without them only the codebook is written."""
    if isinstance(panel, Panel):
        return panel_data.write(panel, dirs)
    if products.views_wanted(dirs):
        return panel_data.write(panel.read(), dirs)
    return panel_data.write_without_views(panel, dirs)


# ----------------------------------------------------------------------------- words for the tables


def period_label(period: str, as_of: str, lang: str = "en") -> str:
    """A fact's period for reading: as written, and for one not on the calendar the month it holds for.

    >>> period_label("2024", "", "en"), period_label("to-date", "2024-12", "en"), period_label("", "2024-12", "zh")
    ('2024', 'as of 2024-12', '截至2024-12')
    >>> period_label("2023-11/to-date", "2025-03", "en")
    'since 2023-11, as of 2025-03'
    """
    period, as_of = str(period or ""), str(as_of or "")
    if not as_of:
        return period
    if period in ("", "to-date"):
        return i18n.text("panel.as_of", lang, as_of=as_of)
    if "/" in period:
        return i18n.text("panel.since_as_of", lang, since=period.split("/")[0], as_of=as_of)
    return i18n.text("panel.period_as_of", lang, period=i18n.name("period_word", period, lang), as_of=as_of)


def _value(value, unit: str, qualifier: str, text: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    kind = "money" if unit == "CNY" else ""
    return views.figure_value({"value": value, "unit": unit, "kind": kind, "qualifier": qualifier, "text": text},
                              lang)


def _who(row) -> str:
    """Whom a fact is about: its place and subject (渝北区 · 规模以上工业), or the place alone."""
    return " · ".join(str(x) for x in (row["place"], row["subject"]) if x and not pd.isna(x))


def _metric(row, lang: str) -> str:
    col = i18n.conventions(lang).get("metric_column", "metric")
    name = str(row.get(col) or row.get("metric") or "")
    measure = str(row.get("measure") or "")
    return name if measure in ("", "level") else f"{name} ({i18n.name('measure', measure, lang)})"


def facts_display(facts: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The panel for reading: place, subject, metric in ``lang``, period, value in words, status, sources."""
    col = lambda key: i18n.name("panel_column", key, lang)  # noqa: E731
    rows = []
    for r in facts.to_dict("records"):
        dates = " – ".join(dict.fromkeys(d for d in (r["first_date"], r["latest_date"]) if d))
        other = _value(r["value_other"], r["unit"], "exact", r["text_other"], lang) if r["text_other"] else ""
        rows.append({col("place"): r["place"], col("subject"): r["subject"], col("metric"): _metric(r, lang),
                     col("period"): period_label(r["period"], r["as_of"], lang),
                     col("value"): _value(r["value"], r["unit"], r["qualifier"], r["text"], lang),
                     col("other"): other, col("status"): i18n.name("panel_status", r["status"], lang),
                     col("sources"): r["n_sources"], col("dates"): dates, col("fact_id"): r["fact_id"]})
    return pd.DataFrame(rows)


def conflicts_display(panel, top: int = 20, lang: str = "en") -> pd.DataFrame:
    """Each conflicting fact's figures side by side: reading, value as written, document, date, sentence
    (``panel`` a :class:`Panel` or a :class:`helpers.extract.panel_query.Stored`)."""
    col = lambda key: i18n.name("panel_column", key, lang)  # noqa: E731
    conflicts, src = panel.conflicts(top)
    facts = conflicts.set_index("fact_id")
    rows = []
    for r in src.to_dict("records"):
        fact = facts.loc[r["fact_id"]]
        rows.append({col("fact"): f"{_who(fact)} · {_metric(fact, lang)} · "
                                  f"{period_label(fact['period'], fact['as_of'], lang)}",
                     col("reading"): r["reading"], col("figure"): r["text"], col("doc_id"): r["doc_id"],
                     col("date"): r["date"], col("sentence"): r["sentence"]})
    return pd.DataFrame(rows)


def summary(panel: Panel, lang: str = "en") -> str:
    """The panel in a few sentences: facts, of which status, what was left out; with one document, that
    every fact is then single."""
    c = panel.counts()
    if not c["facts"]:
        return i18n.text("panel.no_facts", lang)
    parts = [i18n.text("panel.loaded", lang, n=c["facts"], figures=c["figures"], documents=c["documents"],
                       single=c["single"], agreed=c["agreed"], conflict=c["conflict"])]
    if c["documents"] < 2:
        parts.append(i18n.text("panel.one_document", lang))
    if c["left_out"]:
        reasons = i18n.enumerate_items([i18n.text("panel.reason", lang, n=int(n), reason=i18n.name(
            "panel_left_out", why, lang)) for why, n in panel.left_out_reasons()], lang)
        parts.append(i18n.text("panel.left_out", lang, n=c["left_out"], reasons=reasons))
    return i18n.sentences(parts, lang)


# ----------------------------------------------------------------------------- charts


def _axis(unit: str, lang: str) -> tuple[float, str]:
    """A series' divisor and axis label: money in billions or 亿元, other units as ``lang`` names them."""
    if unit == "CNY":
        base, key = i18n.conventions(lang)["money_axis"]
        return base, i18n.text(key, lang)
    return 1.0, i18n.name("unit", unit, lang) or unit


def _plain(label: str) -> str:
    return str(label).replace("$", r"\$")


_BOUND_MARKERS = (("more_than", "^", "panel.legend_lower"), ("less_than", "v", "panel.legend_upper"))


def _marker(qualifier: str) -> str:
    return next((m for q, m, _ in _BOUND_MARKERS if q in str(qualifier or "")), "o")


def _points(ax, lead: pd.DataFrame, lang: str) -> tuple[list, list]:
    """The facts' points: hollow for one source, filled for several agreeing; a triangle up for a lower bound
    (超1200家, 1200多家), down for an upper one (近1500亿元, 不到30%); returns the legend's handles and labels."""
    from matplotlib.lines import Line2D

    marks = lead["qualifier"].map(_marker)
    for status, face, key in (("single", "white", "panel.legend_single"), ("agreed", "#4C72B0", "panel.legend_agreed")):
        labelled = False
        for marker in dict.fromkeys(marks[lead["status"] == status]):
            pts = lead[(lead["status"] == status) & (marks == marker)]
            ax.scatter(pts["x"], pts["y"], s=46, marker=marker, facecolor=face, edgecolor="#4C72B0", zorder=2,
                       label=None if labelled else i18n.text(key, lang))
            labelled = True
    handles, labels = ax.get_legend_handles_labels()
    for _, marker, key in _BOUND_MARKERS:
        if (marks == marker).any():
            handles.append(Line2D([], [], marker=marker, linestyle="", color="#888888"))
            labels.append(i18n.text(key, lang))
    return handles, labels


def series_chart(rows: pd.DataFrame, lang: str = "en"):
    """One series (the rows of ``panel_series`` with one ``series_id``) as a matplotlib figure: a line through
    the facts' values in time order, a hollow point for one source, a filled one for several that agree (a
    triangle for a bound), and for a conflict every competing value as a red cross joined by a dashed line."""
    import matplotlib.pyplot as plt

    rows = rows.sort_values(["time", "reading"], kind="stable")
    first = rows.iloc[0]
    base, ylabel = _axis(str(first["unit"]), lang)
    labels = list(dict.fromkeys(period_label(p, a, lang) for p, a in zip(rows["period"], rows["as_of"])))
    x = {lab: i for i, lab in enumerate(labels)}
    rows = rows.assign(x=[x[period_label(p, a, lang)] for p, a in zip(rows["period"], rows["as_of"])],
                       y=rows["value"] / base)
    lead = rows[rows["reading"] == 1]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(lead["x"], lead["y"], color="#4C72B0", linewidth=1.5, zorder=1)
    handles, names = _points(ax, lead, lang)
    clash = rows[rows["status"] == "conflict"]
    if len(clash):
        for _, g in clash.groupby("x"):
            ax.vlines(g["x"].iloc[0], g["y"].min(), g["y"].max(), colors="#C44E52", linestyles="dashed", zorder=1)
        ax.scatter(clash["x"], clash["y"], s=60, marker="X", color="#C44E52", zorder=3)
        handles.append(plt.Line2D([], [], marker="X", linestyle="", color="#C44E52"))
        names.append(i18n.text("panel.legend_conflict", lang))
    ax.legend(handles, names, fontsize="small", loc="best")
    ax.set_xticks(range(len(labels)), [_plain(s) for s in labels])
    ax.set_ylabel(_plain(ylabel))
    ax.set_title(_plain(i18n.text("panel.chart_title", lang, who=_who(first), metric=_metric(first, lang))))
    return fig


def series_figures(series: pd.DataFrame, top: int = 6, lang: str = "en") -> list[tuple[str, object]]:
    """``(series_id, figure)`` for the ``top`` longest series of a ``panel_series`` table (most time points,
    then most sources); the caller shows, saves and closes the figures."""
    return [(sid, series_chart(series[series["series_id"] == sid], lang)) for sid in longest_ids(series, top)]


def longest_ids(series: pd.DataFrame, top: int) -> list[str]:
    """The ids of the ``top`` longest series of a ``panel_series`` table: most time points, then most
    sources, then by id (:func:`run_series` asks DuckDB the same)."""
    if not len(series):
        return []
    size = series.groupby("series_id").agg(points=("time", "nunique"), sources=("n_sources", "sum"))
    return list(size.sort_values(["points", "sources"], ascending=False, kind="stable").index[:top])


def run_series(dirs, top: int | None = None) -> pd.DataFrame:
    """The series table of a run's panel, with no need for notebook 07's products: the panel is built
    (:func:`ensure_built`) and written as Parquet, and notebook 07 reads it instead of building it again.
    With ``top``, only the rows of the ``top`` longest series (:func:`series_figures`' choice), read by
    DuckDB: the whole table of a large corpus is millions of rows."""
    ensure_built(dirs)
    path = Path(dirs.processed) / f"{panel_data.SERIES.name}.parquet"
    if top is None:
        return panel_data.conform(pd.read_parquet(path), panel_data.SERIES)
    con = query.connect()
    try:
        t = query.literal(str(path))
        rows = query._arrow(con.sql(
            f"WITH size AS (SELECT series_id, count(DISTINCT \"time\") AS points, sum(n_sources) AS sources "
            f"FROM read_parquet({t}) GROUP BY series_id "
            f"ORDER BY points DESC, sources DESC, series_id LIMIT {int(top)}) "
            f"SELECT s.* FROM read_parquet({t}, file_row_number = true) s "
            f"SEMI JOIN size USING (series_id) ORDER BY s.file_row_number"))
    finally:
        con.close()
    return panel_data.conform(rows.drop_columns(["file_row_number"]).to_pandas(), panel_data.SERIES)


def run_series_figures(dirs, top: int = 6, lang: str = "en") -> list[tuple[str, object]]:
    """The series charts of a run (:func:`run_series`)."""
    return series_figures(run_series(dirs, top), top, lang)


# ----------------------------------------------------------------------------- notebook 07, section by section


def _md(text: str):
    from IPython.display import Markdown, display

    display(Markdown(text))


def _note(text: str):
    _md(f"*{html.escape(text)}*")


def show_summary(panel: Panel, lang: str = "en") -> None:
    _md(html.escape(summary(panel, lang)))


def show_facts(panel, top: int = 200, lang: str = "en") -> None:
    """The facts, a searchable table (several sources first, conflicts first among them)."""
    _md(f"### {html.escape(i18n.text('panel.head.facts', lang))}\n\n{html.escape(i18n.text('panel.about', lang))}")
    facts, total = panel.ranked_facts(top)
    views.interactive(facts_display(facts, lang), max_rows=top, lang=lang, total=total)


def show_conflicts(panel: Panel, top: int = 20, lang: str = "en") -> None:
    """The conflicts, every figure of each with its sentence (nothing but a note when there is none)."""
    from IPython.display import HTML, display

    _md(f"### {html.escape(i18n.text('panel.head.conflicts', lang))}")
    table = conflicts_display(panel, top, lang)
    if not len(table):
        _note(i18n.text("panel.no_conflicts", lang))
        return
    display(HTML(views.escape_frame(table).to_html(index=False, escape=False)))


def show_series(panel, dirs, top: int = 6, lang: str = "en") -> pd.DataFrame:
    """The time series: the tidy table (its first rows) and a chart for each of the ``top`` longest;
    returns the rows of those series."""
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    _md(f"### {html.escape(i18n.text('panel.head.series', lang))}")
    head, rows, n = panel.series_head(views.TABLE_MAX_ROWS)
    if not rows:
        _note(i18n.text("panel.no_series", lang))
        return head
    _note(i18n.text("panel.series_count", lang, n=n, shown=min(n, top)))
    views.interactive(views.readable(head.drop(columns=["place_code", "metric_en"])), lang=lang, total=rows)
    longest = _longest_series(panel, dirs, top)
    for sid, fig in series_figures(longest, top, lang):
        path = charts.save_figure(fig, Path(dirs.outputs) / "charts" / f"07_series_{sid}{i18n.file_suffix(lang)}.png")
        plt.close(fig)
        display(Image(data=path.read_bytes(), format="png"))
    return longest


def _longest_series(panel, dirs, top: int) -> pd.DataFrame:
    """The rows of the ``top`` longest series: from the frames a :class:`Panel` holds, else from the files."""
    if isinstance(panel, Panel):
        ids = set(longest_ids(panel.series, top))
        return panel.series[panel.series["series_id"].isin(ids)]
    return run_series(dirs, top)
