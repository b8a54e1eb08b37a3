"""The figures as a reader meets them: a table to scan, and charts only of figures that measure one thing.

* :func:`table_html` - the key-figures table: value, place, subject, metric, period and the whole
  sentence with the figure highlighted; it wraps inside the page at any width (no sideways scroll).
* :func:`groups` - the figures that share a comparability key (metric, measure, unit, period kind)
  and are both forecasts or both not; only such a group of two or more is charted.
* :func:`group_charts`, :func:`periods_chart`, :func:`district_map` - the charts of the report and
  notebook 03: one per comparable group, the periods drawn as spans, figures per district.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd

from helpers.show import commentary, i18n, names, views
from helpers.show.digest import COUNTY_CODE as _COUNTY_CODE
from helpers.show.digest import SPANS_MAX, digest_of, doc_dates, group_keys

__all__ = ["district_counts", "district_map", "group_charts", "groups", "highlight", "periods_chart", "table_html"]

YI, WAN = 1e8, 1e4


def _str(v) -> str:
    return v if isinstance(v, str) else ""


def _is_forecast(row) -> bool:
    return "forecast" in _str(row.get("qualifier"))


def highlight(sentence: str, text: str, offset: int | None = None) -> str:
    """The sentence escaped, with the figure's text in ``<mark>`` (at ``offset`` in it when known,
    else its first occurrence); the whole sentence escaped when the text is not in it."""
    sentence, text = _str(sentence), _str(text)
    at = offset if offset is not None and sentence[offset:offset + len(text)] == text else sentence.find(text)
    if not text or at < 0:
        return html.escape(sentence)
    e = html.escape
    return f"{e(sentence[:at])}<mark>{e(text)}</mark>{e(sentence[at + len(text):])}"


def _offset_in_sentence(row, texts: dict) -> int | None:
    """Where the figure starts in its sentence, from the document text (None without it)."""
    doc = texts.get(row.get("doc_id"))
    sentence = _str(row.get("sentence"))
    start = row.get("start")
    if not doc or not sentence or start is None or pd.isna(start):
        return None
    s0 = doc.rfind(sentence, max(0, int(start) - len(sentence)), int(start) + len(sentence))
    return int(start) - s0 if s0 >= 0 and s0 <= int(start) else None


TABLE_STYLE = """<style>
table.cn-kf { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 0.92em; }
table.cn-kf th, table.cn-kf td { text-align: left !important; vertical-align: top; padding: 4px 6px;
  white-space: normal !important; overflow-wrap: anywhere; word-break: normal; border-bottom: 1px solid #e2e2e2; }
table.cn-kf th { border-bottom: 2px solid #999; }
table.cn-kf col.id { width: 4.2em; } table.cn-kf col.value { width: 11%; } table.cn-kf col.place { width: 10%; }
table.cn-kf col.subject { width: 13%; } table.cn-kf col.metric { width: 10%; } table.cn-kf col.period { width: 11%; }
table.cn-kf mark { background: #ffe08a; padding: 0 1px; }
table.cn-kf .cn-fc { color: #6b4fa0; }
@media (max-width: 700px) {
  table.cn-kf, table.cn-kf tbody, table.cn-kf tr, table.cn-kf td { display: block; width: 100%;
    box-sizing: border-box; }
  table.cn-kf colgroup, table.cn-kf thead { display: none; }
  table.cn-kf tr { border-bottom: 2px solid #bbb; padding: 4px 0; }
  table.cn-kf td { border: 0; padding: 1px 4px; }
  table.cn-kf td::before { content: attr(data-label) ": "; font-weight: bold; color: #555; }
}
</style>"""

_COLUMNS = ("id", "value", "place", "subject", "metric", "period", "sentence")


def table_rows(figs: pd.DataFrame, lang: str = "en", texts: dict | None = None) -> list[dict]:
    """One dict per figure with the table's cells (plain text, the sentence as HTML with its mark)."""
    multi = figs["doc_id"].nunique() > 1
    texts = texts or {}
    out = []
    for _, r in figs.iterrows():
        r = r.to_dict()
        out.append({"id": commentary.short_id(r["figure_id"], multi), "value": commentary.value_words(r, lang),
                    "place": commentary.place_words(r, lang), "subject": commentary.subject_words(r, lang),
                    "metric": commentary.metric_words(r, lang), "period": commentary.period_words(r, lang),
                    "sentence": highlight(r.get("sentence"), r.get("text"), _offset_in_sentence(r, texts)),
                    "forecast": _is_forecast(r)})
    return out


def table_html(figs: pd.DataFrame, lang: str = "en", texts: dict | None = None) -> str:
    """The key-figures table as HTML: every cell escaped, the figure marked in its sentence."""
    e = html.escape
    heads = [i18n.name("kf_column", c, lang) for c in _COLUMNS]
    cols = "".join(f'<col class="{c}">' for c in _COLUMNS)
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    body = []
    for row in table_rows(figs, lang, texts):
        cells = []
        for c, h in zip(_COLUMNS, heads):
            v = row[c] if c == "sentence" else e(row[c])
            cls = ' class="cn-fc"' if c == "value" and row["forecast"] else ""
            cells.append(f'<td data-label="{e(h)}"{cls}>{v}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'{TABLE_STYLE}<table class="cn-kf"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


# ----------------------------------------------------------------------------- comparable groups

def group_key(row) -> str:
    """The comparability key of a figure, with whether it is a forecast: only figures with the same
    key are charted against one another."""
    key = _str(row.get("comparable")) or "|".join(
        _str(row.get(c)) for c in ("metric", "measure", "unit", "period_kind"))
    return key + ("|forecast" if _is_forecast(row) else "")


def groups(figs: pd.DataFrame, least: int = 2) -> list[tuple[str, pd.DataFrame]]:
    """Groups of at least ``least`` figures that measure the same thing the same way, largest first.

    Figures without a metric are never grouped: an unnamed quantity is comparable with nothing.
    """
    if not len(figs):
        return []
    f = figs[figs["metric"].fillna("").astype(str) != ""]
    keys = group_keys(f)
    out = [(k, g) for k, g in f.groupby(keys, sort=False) if len(g) >= least]
    return sorted(out, key=lambda kg: -len(kg[1]))


def _bar_label(row, lang: str, multi: bool) -> str:
    who = commentary.place_words(row, lang)
    subject = commentary.subject_words(row, lang)
    if subject:  # as the article writes it where it has no English name: a chart must say what each bar is
        who = i18n.text("fig.subject_in_place", lang, subject=subject, place=who) if who else subject
    when = commentary.period_words(row, lang)
    ref = commentary.short_id(row["figure_id"], multi)
    parts = [p for p in (who, when) if p]
    return f"{ref} · " + i18n.text("sep.parts", lang).join(parts)


def _scale(g: pd.DataFrame, lang: str) -> tuple[float, str]:
    """Money in 亿元 (billion yuan in English) and other units as they are: divisor and axis label."""
    r = g.iloc[0]
    if r["kind"] == "money" and r["unit"] == "CNY":
        divisor, phrase = i18n.conventions(lang)["money_axis"]
        return divisor, i18n.text(phrase, lang)
    unit = commentary.unit_words(r.to_dict(), lang)
    return 1.0, unit


def group_title(g: pd.DataFrame, lang: str) -> str:
    r = g.iloc[0].to_dict()
    kind = _str(r.get("period_kind"))
    how = i18n.name("period_kind", kind, lang, default="") if kind else ""
    title = commentary.metric_words(r, lang)
    if how:
        title = i18n.text("kf.title_how", lang, metric=title, how=how)
    return i18n.text("kf.title_forecast", lang, title=title) if _is_forecast(r) else title


def group_charts(figs, dirs, lang: str = "en", top: int = 15, prefix: str = "03") -> int:
    """One bar chart per comparable group (at most ``top`` bars each, the largest; ties in table
    order); returns how many were drawn. ``figs``: the figures table or its digest."""
    import matplotlib.pyplot as plt

    d = digest_of(figs, top=top)
    multi = d.multi
    drawn = 0
    for n, (_, _, g) in enumerate(d.groups()[:8], start=1):
        g = g.head(top)[::-1]
        div, axis = _scale(g, lang)
        labels = [textwrap.fill(views.plain(_bar_label(r, lang, multi)), 34) for r in g.to_dict("records")]
        lines = sum(lab.count("\n") + 1 for lab in labels)
        fig, ax = plt.subplots(figsize=(8, 1.3 + 0.28 * lines + 0.25 * len(g)))
        colours = [views.QUAL_COLOURS[views._qual_group(q)] for q in g["qualifier"].fillna("")]
        ax.barh(range(len(g)), g["value"] / div, color=colours)
        ax.set_yticks(range(len(g)), labels, fontsize=9)
        for i, r in enumerate(g.to_dict("records")):
            ax.text(r["value"] / div, i, " " + views.plain(commentary.value_words(r, lang)), va="center", fontsize=8)
        ax.set_xlabel(axis)
        ax.set_title(views.plain(group_title(g, lang)), fontsize=11)
        ax.margins(x=0.35)
        ax.set_xlim(left=0)
        fig.tight_layout()
        views._finish(fig, dirs, f"{prefix}_compare_{n}", lang)
        drawn += 1
    return drawn


# ----------------------------------------------------------------------------- periods as spans


def _span_label(r: dict, lang: str, multi: bool) -> str:
    """``F007 · more than 9 billion yuan · Jiulongpo District``: which figure a span is."""
    parts = [commentary.short_id(r["figure_id"], multi), commentary.value_words(r, lang),
             commentary.place_words(r, lang)]
    return " · ".join(p for p in parts if p)


def periods_chart(figs, dates: pd.DataFrame, documents: list[dict], dirs, lang: str = "en",
                  prefix: str = "03") -> bool:
    """Each dated figure drawn as the span of time it covers (since November 2023: a bar to the
    document's date; the first half of 2025: January to June). Returns whether a chart was drawn.
    ``figs``: the figures table, or its digest made with the dates of ``documents``."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    d = digest_of(figs, doc_dates=doc_dates(documents))
    if not d.n_spans:
        views._note(i18n.text("note.no_dated", lang))
        return False
    if d.n_spans > SPANS_MAX:
        views.timeline_chart(d, dates, documents, dirs, lang)
        return True
    s = d.spans
    multi = d.multi
    s = s.sort_values(["first", "after"], ascending=[False, False])
    labels = [textwrap.fill(views.plain(_span_label(r, lang, multi)), 40) for r in s.to_dict("records")]
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.42 * sum(lab.count("\n") + 1 for lab in labels)))
    for i, r in enumerate(s.to_dict("records")):
        colour = views.QUAL_COLOURS[views._qual_group(_str(r.get("qualifier")))]
        ax.barh(i, r["after"] - r["first"], left=r["first"], height=0.5, color=colour)
        ax.text(r["after"], i, " " + views.plain(commentary.period_words(r, lang)), va="center", fontsize=8)
    ax.set_yticks(range(len(s)), labels, fontsize=9)
    lo, hi = s["first"].min(), s["after"].max()
    pad = (hi - lo) * 0.35
    ax.set_xlim(lo - (hi - lo) * 0.03, hi + pad)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(i18n.text("kf.periods_title", lang), fontsize=11)
    fig.tight_layout()
    views._finish(fig, dirs, f"{prefix}_periods", lang)
    return True


# ----------------------------------------------------------------------------- figures by district


def district_counts(figs: pd.DataFrame) -> dict[str, int]:
    """Figures per Chongqing county-level division (by the figure's place code; the city itself,
    500000, and regions without a code are left out: they are not one district)."""
    if not len(figs) or "place_code" not in figs:
        return {}
    codes = figs["place_code"].dropna().astype(str)
    codes = codes[codes.str.match(_COUNTY_CODE) & (codes != "500000")]
    return {k: int(v) for k, v in codes.value_counts().items()}


def district_map(figs, dirs, lang: str = "en", prefix: str = "03") -> int:
    """Chongqing's districts shaded by how many figures are about them; returns how many are shaded.
    ``figs``: the figures table or its digest."""
    from helpers.show import maps
    d = digest_of(figs)
    counts = d.district_counts()
    if not counts:
        views._note(i18n.text("kf.no_district", lang))
        return 0
    canon = d.district_place()
    labels = {code: names.label(canon.get(code, code), lang, "place") for code in counts}
    fig = maps.draw_chongqing(counts, labels, title=i18n.text("kf.map_title", lang),
                              colorbar_label=i18n.text("kf.map_legend", lang))
    views._finish(fig, dirs, f"{prefix}_district_map", lang)
    return len(counts)
