"""What the notebooks show: display tables and charts built from the products, one call each.

Every chart goes through :func:`helpers.show.charts.set_style` (a CJK font that ships with pip) and is
saved under ``outputs/<run>/charts/`` as well as shown inline (and so embedded in the HTML).
Text that came from an article is always escaped before it is shown as HTML.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pandas as pd

from helpers.extract import keywords
from helpers.extract.entities import division_values
from helpers.show import charts, commentary, i18n, maps, names, webfont
from helpers.show.digest import TIMELINE_LABELS, digest_of, keep_largest

YI = 1e8  # 亿: money charts are in 亿元 (hundreds of millions of yuan), the unit the genre uses

def _display(obj):
    from IPython.display import display

    display(obj)


def _note(text: str):
    from IPython.display import Markdown

    _display(Markdown(f"*{html.escape(text)}*"))


def _chart_path(dirs, name: str) -> Path:
    return Path(dirs.outputs) / "charts" / f"{name}.png"


def _finish(fig, dirs, name: str, lang: str = "en"):
    """Save the chart under outputs/<run>/charts/ and show that PNG inline.

    The PNG is displayed explicitly rather than through ``plt.show()``, so the chart reaches the
    notebook (and its HTML) whatever matplotlib backend is active (Agg shows nothing).
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image

    path = charts.save_figure(fig, _chart_path(dirs, name + i18n.file_suffix(lang)))
    plt.close(fig)
    _display(Image(data=Path(path).read_bytes(), format="png"))


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are HTML-escaped, for tables rendered as raw HTML."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) == "string":
            out[col] = out[col].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    return out


_ITABLES_READY = False


TABLE_MAX_ROWS = 5000  # an interactive table shows at most this many rows (the product file has them all)


def interactive(df: pd.DataFrame, max_rows: int = TABLE_MAX_ROWS, lang: str = "en", total: int | None = None):
    """A sortable, searchable table that works offline in the HTML (itables, bundled JS).

    Cells are shown as text: itables escapes HTML unless told otherwise, and we never tell it.
    ``total`` is the number of rows ``df`` is the head of (default: its own): over ``max_rows``,
    a note says how many are shown.
    """
    total = len(df) if total is None else total
    if not len(df):
        _note(i18n.text("note.none", lang))
        return
    global _ITABLES_READY
    from itables import init_notebook_mode, show

    if not _ITABLES_READY:
        init_notebook_mode(all_interactive=False, connected=False)  # bundles DataTables into the page
        _ITABLES_READY = True
    words = i18n.datatables(lang)
    opts = {"language": words} if words else {}
    if total > max_rows:
        _note(i18n.text("note.first_rows", lang, shown=min(max_rows, len(df)), total=total))
    show(df.head(max_rows), paging=len(df) > 25, pageLength=25, scrollX=True,
         classes="display compact", showIndex=False, **opts)


# ----------------------------------------------------------------------------- tables for reading

def readable(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of a product table for display: missing values blank (never None, NaN or <NA>).

    >>> readable(pd.DataFrame({"a": ["x", None], "b": [1.5, float("nan")]})).to_dict("list")
    {'a': ['x', ''], 'b': [1.5, '']}
    """
    out = df.copy()
    for col in out.columns:
        missing = out[col].isna()
        if missing.any():
            out[col] = out[col].astype(object).where(~missing, "")
    return out


# ----------------------------------------------------------------------------- 01 clean

def inputs_table(inputs) -> pd.DataFrame:
    return readable(pd.DataFrame(
        [{"doc_id": d.doc_id, "file": d.path.name, "title": d.meta.get("title", ""),
          "date": d.meta.get("date", ""), "source": d.meta.get("source", "")} for d in inputs]
    ))


def failures_table(failures: list[dict], lang: str = "en"):
    if not failures:
        from IPython.display import Markdown

        return Markdown(f"*{i18n.text('note.no_failures', lang)}*")
    return readable(pd.DataFrame(failures))


def documents_note(n: int, lang: str = "en"):
    """How many documents the run holds, as a line of the notebook ('36 documents.')."""
    from IPython.display import Markdown

    return Markdown(i18n.text("note.documents", lang, n=int(n)))


def structure(documents: list[dict], limit: int = 3, lang: str = "en"):
    """Title, byline, headings and related articles of the first ``limit`` documents."""
    from IPython.display import HTML

    for d in documents[:limit]:
        _display(HTML(_structure_html(d, lang)))
    if len(documents) > limit:
        _note(i18n.text("note.more_documents", lang, n=len(documents) - limit))


def _structure_html(d: dict, lang: str) -> str:
    esc = html.escape

    def said(key: str) -> str:
        return esc(i18n.text(key, lang))

    unknown = i18n.text("doc.unknown", lang)
    no_heads = f"<li>{said('doc.no_headings')}</li>"
    heads = "".join(f"<li>{esc(s.get('title', ''))}</li>" for s in d.get("sections") or [])
    related = "".join(
        f"<tr><td>{esc(str(r.get('page', '')))}</td><td>{esc(str(r.get('place', '')))}</td>"
        f"<td>{esc(str(r.get('title', '')))}</td></tr>" for r in d.get("related") or []
    )
    related_table = (f"<p><b>{said('doc.related')}</b></p><table><tr><th>{said('doc.related_page')}</th>"
                     f"<th>{said('doc.related_place')}</th><th>{said('doc.related_title')}</th></tr>{related}</table>")
    return (
        f"<h4>{esc(d['doc_id'])}</h4><p><b>{said('doc.title')}</b>: {esc(d.get('title') or '')}<br>"
        f"<b>{said('doc.byline')}</b>: {esc(d.get('byline') or i18n.text('doc.no_byline', lang))}<br>"
        f"<b>{said('doc.date')}</b>: {esc(d.get('date') or unknown)}"
        f" &nbsp; <b>{said('doc.source')}</b>: {esc(d.get('source') or unknown)}</p>"
        f"<p><b>{said('doc.headings')}</b></p><ol>{heads or no_heads}</ol>"
        + (related_table if related else "")
    )


def log_counts(log: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The changes by kind: those that touch the content or structure first, then the flagged passages,
    then the routine repairs; each kind in words, with its code in the log and its count (and, over
    several documents, how many documents it touched)."""
    keys = ["log.kind", "log.change", "log.op", "log.changes"]
    if len(log) and log["doc_id"].nunique() > 1:
        keys.append("log.documents")
    cols = [i18n.text(k, lang) for k in keys]
    if not len(log):
        return pd.DataFrame({c: [] for c in cols})
    g = log.groupby("op").agg(changes=("op", "size"), documents=("doc_id", "nunique")).reset_index()
    group = g["op"].map(commentary.change_group)
    g = g.assign(group=group, order=group.map(commentary.CHANGE_GROUPS.index))
    g = g.sort_values(["order", "changes", "op"], ascending=[True, False, True])
    values = [g["group"].map(lambda x: i18n.name("change_group", x, lang)),
              g["op"].map(lambda o: commentary.op_name(o, lang)), g["op"], g["changes"], g["documents"]]
    return pd.DataFrame(dict(zip(cols, values))).reset_index(drop=True)


_MARKS = {"\n": "⏎", " ": "␣", "\t": "⇥", chr(0x3000): "□"}  # 0x3000: the ideographic (full-width) space


def _visible(s) -> str:
    """Text as HTML with its white space shown (⏎ a line break, ␣ a space, □ an ideographic space), in red.

    >>> _visible("a b\\n\\n<c>")
    "a<span style='color:#c00'>␣</span>b<span style='color:#c00'>⏎</span><span style='color:#c00'>⏎</span>&lt;c&gt;"
    """
    s = "" if s is None or (isinstance(s, float) and pd.isna(s)) else str(s)
    return "".join(f"<span style='color:#c00'>{_MARKS[c]}</span>" if c in _MARKS else html.escape(c) for c in s)


_MONO = f"font-family:{html.escape(webfont.MONO)}"
_LEFT = "text-align:left"


def side_by_side(log: pd.DataFrame, limit: int = 60, lang: str = "en"):
    """The changed passages, raw beside clean, white space made visible.

    First the changes that touch the content or structure (lines joined, glyphs and furniture
    removed, the related-article list split off), then the passages flagged for a person, then -
    folded away under a line that counts them - the routine punctuation and spacing repairs. At most
    ``limit`` rows each; cleaning_log.csv has every one.
    """
    from IPython.display import HTML

    if not len(log):
        _note(i18n.text("note.none", lang))
        return
    groups = log["op"].map(commentary.change_group)
    multi = log["doc_id"].nunique() > 1
    sub, flags, routine = (log[groups == g] for g in commentary.CHANGE_GROUPS)
    parts = [f"<h4>{html.escape(i18n.text('log.substantive', lang))}</h4>",
             _changes_html(sub, limit, lang, multi) if len(sub)
             else f"<p><em>{html.escape(i18n.text('log.no_substantive', lang))}</em></p>"]
    if len(flags):
        parts += [f"<h4>{html.escape(i18n.text('log.flagged', lang))}</h4>", _flags_html(flags, limit, lang, multi)]
    if len(routine):
        line = i18n.text("log.routine", lang, n=len(routine), items=commentary.op_counts(routine["op"], lang))
        parts.append(f"<details><summary><b>{html.escape(line)}</b> {html.escape(i18n.text('log.routine_open', lang))}"
                     f"</summary>{_changes_html(routine, limit, lang, multi)}</details>")
    _display(HTML("".join(parts)))


def _log_table(head_keys: list[str], rows: list[list[str]], multi: bool, lang: str) -> str:
    """An HTML table of log rows (cells already HTML), the document column only over several documents."""
    keys = (["log.doc"] if multi else []) + head_keys
    head = "".join(f"<th style='{_LEFT}'>{html.escape(i18n.text(k, lang))}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td style='{_LEFT}'>{c}</td>" for c in (r if multi else r[1:])) + "</tr>"
                   for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _more(rows: pd.DataFrame, limit: int, lang: str) -> str:
    if len(rows) <= limit:
        return ""
    return f"<p><em>{html.escape(i18n.text('note.more_changes', lang, n=len(rows) - limit))}</em></p>"


def _changes_html(rows: pd.DataFrame, limit: int, lang: str, multi: bool) -> str:
    esc = html.escape
    cells = [[esc(str(r.doc_id)), esc(commentary.op_name(r.op, lang)), esc(str(r.raw_start)),
              f"<span style='{_MONO}'>{_visible(r.before)}</span>", f"<span style='{_MONO}'>{_visible(r.after)}</span>",
              esc(str(r.reason or ""))] for r in rows.head(limit).itertuples()]
    return _log_table(["log.change", "log.raw_offset", "log.raw", "log.clean", "log.why"], cells, multi, lang) + \
        _more(rows, limit, lang)


def _flags_html(rows: pd.DataFrame, limit: int, lang: str, multi: bool) -> str:
    esc = html.escape
    cells = [[esc(str(r.doc_id)), esc(commentary.op_name(r.op, lang)), esc(str(r.raw_start)),
              f"<span style='{_MONO}'>{_visible(r.before)}</span>", esc(commentary.flag_reason(r.op, r.reason, lang))]
             for r in rows.head(limit).itertuples()]
    return _log_table(["log.change", "log.raw_offset", "log.raw", "log.why"], cells, multi, lang) + \
        _more(rows, limit, lang)


# ----------------------------------------------------------------------------- 02 segment

def _whole_numbers(axis) -> None:
    """Counts on an axis: whole-number ticks only (no 0.2 of a document)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def term_chart(freq: pd.DataFrame, dirs, lang: str = "en", name: str = "02_top_terms", ax=None):
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not len(freq):
        _note(i18n.text("note.none", lang))
        return
    term_col = "term" if "term" in freq.columns else freq.columns[0]
    count_col = "freq" if "freq" in freq.columns else freq.columns[1]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.32 * len(freq) + 1)))
    freq = freq.assign(**{term_col: freq[term_col].map(plain)})
    sns.barplot(data=freq, y=term_col, x=count_col, color="#4C72B0", ax=ax)
    _whole_numbers(ax.xaxis)
    ax.set_title(i18n.text("chart.top_terms", lang))
    ax.set_xlabel(i18n.text("chart.count", lang))
    ax.set_ylabel("")
    _finish(fig, dirs, name, lang)


def pos_chart(tokens: pd.DataFrame, dirs, lang: str = "en"):
    import matplotlib.pyplot as plt

    t = tokens[tokens["token"].str.strip().astype(bool)]
    if not len(t):
        _note(i18n.text("note.none", lang))
        return
    other = i18n.text("chart.pos_other", lang)
    tag = t["pos"].fillna("x").str[0].map(lambda c: i18n.name("pos", c, lang, default=other))
    share = tag.value_counts(normalize=True).head(12)[::-1]
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(share) + 1))
    ax.barh(share.index, share.values * 100, color="#55A868")
    ax.set_xlabel("%")
    ax.set_title(i18n.text("chart.pos", lang))
    _finish(fig, dirs, "02_pos_mix", lang)


def keywords_side_by_side(kw: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """TF-IDF and TextRank rankings of each document next to each other (the document column only when
    there are several; a ranking shorter than the other leaves its cells blank). Documents in their
    order in ``kw``; equal scores in it too. One sort per ranking, however many documents."""
    cols = ["doc_id", "rank", "tfidf_term", "tfidf", "textrank_term", "textrank"]
    if not len(kw):
        out = pd.DataFrame(columns=cols)
        return out.drop(columns=["doc_id"])
    k = kw.reset_index(drop=True)
    k = k.assign(_doc=pd.factorize(k["doc_id"])[0])  # documents in order of their first row

    def ranking(score: str) -> pd.DataFrame:
        r = k.sort_values(["_doc", score], ascending=[True, False], kind="stable")
        r = r.assign(rank=r.groupby("_doc").cumcount() + 1)
        r = r[r["rank"] <= top]
        return r[["_doc", "doc_id", "rank", "term", score]].rename(columns={"term": f"{score}_term"})

    out = ranking("tfidf").merge(ranking("textrank"), on=["_doc", "doc_id", "rank"], how="outer")
    out = out.sort_values(["_doc", "rank"], kind="stable").reset_index(drop=True)
    for score in ("tfidf", "textrank"):
        have = out[f"{score}_term"].notna()
        out[f"{score}_term"] = out[f"{score}_term"].astype(object).where(have, "")
        out[score] = [round(v, 4) if h else "" for v, h in zip(out[score].tolist(), have)]
    out["rank"] = out["rank"].astype("int64")
    out["doc_id"] = out["doc_id"].astype(object)
    out = out[cols]
    return out if k["_doc"].max() > 0 else out.drop(columns=["doc_id"])


def corpus_keywords(tokens: pd.DataFrame, top: int = 10, lang: str = "en"):
    """Shows each document's most distinctive terms, the IDF computed over the run's documents (a
    searchable table), or, with one document, a line saying this needs two or more."""
    if tokens["doc_id"].nunique() < 2:
        _note(i18n.text("note.one_document_tfidf", lang))
        return
    interactive(keywords.corpus_tfidf(tokens, top=top).round({"tfidf": 4}), lang=lang)


def kwic(tokens: pd.DataFrame, documents: list[dict], term: str, limit: int = 30, lang: str = "en"):
    """Every occurrence of ``term`` with its context, as a table that carries the page's CJK font
    (its cells name the font themselves, so the Chinese renders wherever the table is shown), with
    a line saying how often the term occurs and whether it is one token or only a string."""
    from IPython.display import HTML, Markdown

    frames = [keywords.kwic(tokens[tokens.doc_id == d["doc_id"]], d, term).assign(doc_id=d["doc_id"])
              for d in documents]
    hits = pd.concat([f for f in frames if len(f)] or [pd.DataFrame()], ignore_index=True)
    if not len(hits):
        return Markdown(f"*{i18n.text('note.not_a_token', lang, term=html.escape(term))}*")
    as_token = bool((tokens["token"] == term).any())
    line = i18n.text("note.kwic_hits" if as_token else "note.kwic_string", lang, term=term, n=len(hits))
    if len(hits) > limit:
        line += i18n.text("sep.sentence", lang) + i18n.text("note.more_hits", lang, n=len(hits) - limit)
    multi = len(documents) > 1
    esc = html.escape
    cells = [[esc(str(r.doc_id)), f"<span style='white-space:pre'>{esc(r.left)}</span>", f"<b>{esc(r.term)}</b>",
              f"<span style='white-space:pre'>{esc(r.right)}</span>", esc(str(r.sent_id))]
             for r in hits.head(limit).itertuples()]
    keys = (["log.doc"] if multi else []) + ["kwic.left", "kwic.term", "kwic.right", "kwic.sentence"]
    align = (["left"] if multi else []) + ["right", "center", "left", "right"]
    head = "".join(f"<th style='text-align:{a}'>{esc(i18n.text(k, lang))}</th>" for k, a in zip(keys, align))
    body = "".join("<tr>" + "".join(f"<td style='text-align:{a}'>{c}</td>"
                                    for c, a in zip(row if multi else row[1:], align)) + "</tr>" for row in cells)
    return HTML(f"<p><em>{esc(line)}</em></p><table class='kwic' style='{_MONO}'><tr>{head}</tr>{body}</table>")


# ----------------------------------------------------------------------------- 03 figures

def figures_display(figures: pd.DataFrame) -> pd.DataFrame:
    cols = ["doc_id", "figure_id", "text", "value", "value_low", "value_high", "unit", "kind", "qualifier", "place",
            "subject", "metric", "measure", "period", "period_kind", "sentence"]
    out = figures[[c for c in cols if c in figures.columns]].copy()
    for c in ("value", "value_low", "value_high"):
        if c in out:
            out[c] = out[c].map(_table_number)
    text = [c for c in out.columns if str(out[c].dtype) in ("string", "object")]
    return out.astype({c: object for c in text}).fillna({c: "" for c in text})  # no <NA> on the page


def _table_number(v) -> str:
    """A value for the full figures table: six significant digits below a million, whole numbers above."""
    if pd.isna(v):
        return ""
    return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"


def _named_columns(table: pd.DataFrame, vocabulary: str, lang: str) -> pd.DataFrame:
    """``table`` with its columns named in ``lang`` (:data:`helpers.show.i18n.NAMES` ``[vocabulary]``)."""
    table.columns = [i18n.name(vocabulary, c, lang) for c in table.columns]
    return table.reset_index(drop=True)


def entities_compact(entities: pd.DataFrame, lang: str = "en", limit: int | None = None) -> pd.DataFrame:
    """Entities for the report: the reader's name, the form the article wrote, type in words, division
    code, mentions; most mentioned first, the first ``limit`` rows only if given (a corpus has a
    hundred thousand: only those shown are named).

    In English the name is the English one with the Chinese beside it (``BYD (比亚迪)``,
    :func:`helpers.show.names.both`), and the written form is shown only where it differs from the
    Chinese name (璧山 for 璧山区), so the Chinese appears once; in Chinese the canonical name and the
    written form.
    """
    if hasattr(entities, "ranked"):  # an EntityDigest (helpers.show.digest): its most mentioned rows
        several, entities = entities.n_docs > 1, entities.ranked()
    else:
        several = entities["doc_id"].nunique() > 1
        entities = entities.sort_values("mentions", ascending=False, kind="stable")
    if limit is not None:
        entities = entities.head(limit)
    shown = [names.both(c, lang, t) for c, t in zip(entities["canonical"], entities["type"])]
    written = [w if w != c or s == c else "" for w, c, s in zip(entities["name"], entities["canonical"], shown)]
    out = pd.DataFrame({
        "canonical": shown, "name": written,
        "type": entities["type"].map(lambda t: commentary.type_name(t, lang)).to_numpy(),
        "division code": entities["division_code"].fillna("").to_numpy(), "mentions": entities["mentions"].to_numpy(),
    }, index=entities.index)
    if several:
        out.insert(0, "doc_id", entities["doc_id"].to_numpy())
    return _named_columns(out, "entity_column", lang)


def flags_table(log: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The passages cleaning flagged for a person, in the report's language (text not yet escaped)."""
    flags = log[log["op"].str.startswith("flag_")] if len(log) else log
    out = pd.DataFrame({
        "what": flags["op"].map(lambda o: commentary.op_name(o, lang)),
        "raw offset": flags["raw_start"], "passage": flags["before"],
        "why": [commentary.flag_reason(o, r, lang) for o, r in zip(flags["op"], flags["reason"])],
    })
    if flags["doc_id"].nunique() > 1:
        out.insert(0, "doc_id", flags["doc_id"])
    return _named_columns(out, "flag_column", lang)


def plain(label) -> str:
    """Article text made safe as a matplotlib label: ``$`` would start mathtext."""
    return str(label).replace("$", r"\$")


def _qual_group(q: str) -> str:
    q = q or "exact"
    if "forecast" in q:
        return "forecast"
    if "more_than" in q:
        return "bound"
    if "approx" in q or "less_than" in q:
        return "approx"
    return "exact"


QUAL_COLOURS = {"exact": "#4C72B0", "bound": "#DD8452", "forecast": "#8172B3", "approx": "#937860"}


def timeline_chart(figures, dates: pd.DataFrame, documents: list[dict], dirs, lang: str = "en"):
    """Figures placed on the period they refer to (resolved periods only). ``figures``: the table
    or its digest (:class:`helpers.show.digest.FigureDigest`)."""
    import matplotlib.pyplot as plt

    d = digest_of(figures)
    if not d.n_dated:
        _note(i18n.text("note.no_dated", lang))
        return
    if d.n_dated > TIMELINE_LABELS:
        return _timeline_counts(d.when_kind_counts(), dirs, lang)
    f = d.dated
    kinds = f["kind"].unique().tolist()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * len(kinds)))
    for i, k in enumerate(kinds):
        g = f[f.kind == k]
        ax.scatter(g["when"], [i] * len(g), s=60, color=[QUAL_COLOURS[_qual_group(q)] for q in g["qualifier"]],
                   zorder=3)
        for w, t, j in zip(g["when"], g["text"], range(len(g))):
            ax.annotate(plain(t), (w, i), xytext=(0, 8 + 10 * (j % 2)), textcoords="offset points", ha="center",
                        fontsize=8)
    ax.set_yticks(range(len(kinds)), [commentary.kind_name(k, lang) for k in kinds])
    ax.set_ylim(-0.6, len(kinds) - 0.2)
    ax.set_title(i18n.text("chart.timeline", lang))
    ax.set_xlabel(i18n.text("chart.period", lang))
    fig.autofmt_xdate()
    _finish(fig, dirs, "03_timeline", lang)




def _timeline_counts(f: pd.DataFrame, dirs, lang: str = "en"):
    """Many dated figures (a corpus): how many refer to each year (or month, over a short span),
    by kind - one label per figure would be unreadable and slow to draw. ``f``: figures per first
    day and kind (``when``, ``kind``, ``n``)."""
    import matplotlib.pyplot as plt

    span_years = f["when"].dt.year.max() - f["when"].dt.year.min()
    freq = "M" if span_years <= 2 else "Y"
    f = f.assign(bucket=f["when"].dt.to_period(freq).dt.to_timestamp())
    counts = f.groupby(["bucket", "kind"])["n"].sum().unstack("kind", fill_value=0).sort_index()
    counts = counts[counts.sum().sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    bottom = None
    width = 20 if freq == "M" else 250  # days
    for k in counts.columns:
        ax.bar(counts.index, counts[k], width=width, bottom=bottom, label=commentary.kind_name(k, lang))
        bottom = counts[k] if bottom is None else bottom + counts[k]
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(i18n.text("chart.timeline", lang))
    ax.set_xlabel(i18n.text("chart.period", lang))
    ax.set_ylabel(i18n.text("chart.count", lang))
    fig.autofmt_xdate()
    _finish(fig, dirs, "03_timeline", lang)


# ----------------------------------------------------------------------------- 04 entities

def entity_type_chart(entities: pd.DataFrame, dirs, lang: str = "en", top: int = 30):
    """The ``top`` entities by mentions, coloured by type, named as the page names them (BYD, 比亚迪)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not len(entities):
        _note(i18n.text("note.none", lang))
        return
    e = entities.groupby(["canonical", "type"], as_index=False)["mentions"].sum()
    e = e.sort_values("mentions", ascending=False, kind="stable").head(top)
    e = e.assign(label=[plain(_clipped(names.label(c, lang, t), 42)) for c, t in zip(e["canonical"], e["type"])],
                 kind=e["type"].map(lambda t: commentary.type_name(t, lang)))
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * len(e) + 1)))
    sns.barplot(data=e, y="label", x="mentions", hue="kind", dodge=False, ax=ax)
    ax.set_title(i18n.text("chart.entity_types", lang))
    ax.set_xlabel(i18n.text("chart.mentions", lang))
    ax.set_ylabel("")
    ax.xaxis.get_major_locator().set_params(integer=True)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(i18n.name("entity_column", "type", lang))
    _finish(fig, dirs, "04_entities_by_type", lang)


def _clipped(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


VALUES_SHOWN = 12  # figures listed in a row of entity_figures, largest first; the others are counted


def entity_figures(links: pd.DataFrame, top: int = 30, figures=None, lang: str = "en") -> pd.DataFrame:
    """The figures attributed to each place and organisation: one row per entity, metric and unit.

    Never a sum: a company's output value and its tax are two rows, and the figures of one row are
    listed one by one with their ids (``more than 180 billion yuan (F005)``), as amounts of one
    metric may still overlap (a year's and a cumulative figure); the largest VALUES_SHOWN of them,
    and how many more. Entities are those of ``links``
    (:func:`helpers.extract.entities.link_figures`), in its order (most money, most figures first),
    the ``top`` of them with figures; figures are attributed as ``link_figures`` does. ``figures``:
    the table, or its frames one after another (a corpus's, read a chunk at a time). Without
    ``figures`` the link table is shown without its money total.
    """
    if links is None or not len(links):
        return pd.DataFrame()
    if figures is None:
        return links.drop(columns=["money_cny"], errors="ignore").head(top)
    used = ("doc_id", "figure_id", "text", "value", "unit", "kind", "qualifier", "subject", "place", "metric",
            "metric_en")  # what a row shows: a corpus's figures carry their sentences, not needed here
    order = {c: i for i, c in enumerate(links["canonical"].drop_duplicates())}
    # a row per entity, type, metric and unit (in that order), its figures largest first; the frames
    # are read one after another, keeping each row's VALUES_SHOWN largest figures (ties in table
    # order), its count, which entities have figures and (two of) the documents of each
    keys = ["_order", "canonical", "type", "_metric", "_unit"]
    kept, sizes, present, docs = pd.DataFrame(), {}, {}, {}
    kinds = commentary.entity_kinds(links)
    for f in [figures] if isinstance(figures, pd.DataFrame) else figures:
        a = commentary.attributed(f[[c for c in used if c in f.columns]], links, kinds)
        if not len(a):
            continue
        pairs = a[["canonical", "doc_id"]].drop_duplicates()
        for c, d in zip(*(pairs.groupby("canonical", sort=False).head(2)[k].tolist() for k in ("canonical", "doc_id"))):
            present.setdefault(c, order.get(c))
            seen = docs.setdefault(c, [])
            if len(seen) < 2 and d not in seen:
                seen.append(d)
        a = a.assign(_order=a["canonical"].map(order), _metric=a[_metric_column(a, lang)].fillna("").astype(str),
                     _unit=a["unit"].fillna("").astype(str)).dropna(subset=keys)
        for k, n in a.groupby(keys, sort=False).size().items():
            sizes[k] = sizes.get(k, 0) + int(n)
        kept = keep_largest(kept, a, VALUES_SHOWN, keys)
    if not present:
        return pd.DataFrame()
    keep = set(sorted(present, key=lambda c: (present[c] is None, present[c] or 0))[:top])  # the first `top`
    multi = len({x for c in keep for x in docs[c]}) > 1
    a = kept[kept["canonical"].isin(keep)]
    rows = []
    a = a.sort_values([*keys, "value"], ascending=[True] * 5 + [False], kind="stable")
    by = a.groupby(keys, sort=False)
    sizes = [sizes[k] for k in by.size().index]  # in the order of the runs
    shown = a
    runs = itertools.groupby(shown.to_dict("records"), key=lambda r: tuple(r[k] for k in keys))
    for ((_, canonical, kind, metric, _unit), run), n in zip(runs, sizes):
        values = [_value_with_id(r, lang, multi) for r in run]
        if n > VALUES_SHOWN:  # a corpus: an entity's figures by the thousand (the tables have them all)
            values.append(i18n.text("ef.more", lang, n=n - VALUES_SHOWN))
        rows.append({"entity": names.both(canonical, lang, kind), "type": commentary.type_name(kind, lang),
                     "metric": metric, "figures": n, "values": i18n.text("sep.clause", lang).join(values)})
    return _named_columns(pd.DataFrame(rows), "entity_figure_column", lang)


def _value_with_id(row, lang: str, multi: bool) -> str:
    """``more than 180 billion yuan (F005)``; a forecast ``5 billion yuan (forecast, F013)``."""
    key = "ef.value_forecast" if "forecast" in str(row.get("qualifier") or "") else "ef.value"
    return i18n.text(key, lang, value=figure_value(row, lang, forecast=False),
                     ref=commentary.short_id(row["figure_id"], multi))


def _metric_column(figures: pd.DataFrame, lang: str) -> str:
    """The figures' column naming what they measure in ``lang`` (metric_en in English), if the table has it."""
    col = i18n.conventions(lang).get("metric_column", "metric")
    return col if col in figures.columns else "metric"


def figure_value(row, lang: str = "en", forecast: bool = True) -> str:
    """One figure's value for reading: money in 亿元/万元 or billion/million yuan, other numbers with
    separators (never in exponent notation), the unit in ``lang`` (亩 mu, 家 firms), the qualifier
    before it (more than, about) and, unless ``forecast`` is false, a forecast said as one.

    >>> figure_value({"value": 1.8e11, "unit": "CNY", "kind": "money", "qualifier": "more_than"}, "en")
    'more than 180 billion yuan'
    >>> figure_value({"value": 2e4, "unit": "亩", "kind": "area", "qualifier": "exact"}, "en")
    '20,000 mu'
    >>> figure_value({"value": 1.2e4, "unit": "人", "kind": "count", "qualifier": "more_than+forecast"}, "zh")
    '预计超过1.2万人'
    """
    v = row.get("value")
    if v is None or pd.isna(v):
        return str(row.get("text") or "")
    if row.get("kind") == "money" and row.get("unit") == "CNY":
        amount = commentary.fmt_money(v, lang)
    elif str(row.get("unit") or "") in ("%", "percent"):
        amount = f"{readable_number(v, lang)}%"
    else:
        unit = names.unit_label(row.get("unit"), v, lang)
        amount = readable_number(v, lang) + (i18n.conventions(lang)["unit_gap"] + unit if unit else "")
    q = str(row.get("qualifier") or "exact")
    prefix = "".join(i18n.name("qualifier_prefix", part, lang, default="") for part in q.split("+"))
    if forecast and "forecast" in q:
        return i18n.text("fig.forecast_value", lang, value=prefix + amount)
    return prefix + amount


def readable_number(v: float, lang: str = "en") -> str:
    """A number as ``lang`` writes it for reading: 1.2万 in Chinese, 12,000 in English; never 1.2e+04.

    >>> readable_number(20000, "en"), readable_number(20000, "zh"), readable_number(1200, "zh")
    ('20,000', '2万', '1200')
    >>> readable_number(1.8e11, "en"), readable_number(8.5, "en"), readable_number(1234.5, "en")
    ('180,000,000,000', '8.5', '1,234.5')
    """
    myriads = i18n.conventions(lang)["myriads"]
    for base, word in myriads:
        if abs(v) >= base:
            return f"{v / base:.4f}".rstrip("0").rstrip(".") + word
    sep = "" if myriads else ","  # a language that counts in myriads writes no thousands separator
    if float(v).is_integer():
        return f"{v:{sep}.0f}"
    return f"{v:{sep}.4f}".rstrip("0").rstrip(".")


def network_chart(cooc: pd.DataFrame, entities: pd.DataFrame, dirs, top: int = 30, lang: str = "en"):
    """Who appears with whom: the ``top`` co-occurring entities, labelled in ``lang`` without overlaps."""
    if not len(cooc):
        _note(i18n.text("note.no_cooc", lang))
        return
    fig = maps.draw_network(cooc, entities, top=top, lang=lang)
    _finish(fig, dirs, "04_network", lang)


def district_values(entities: pd.DataFrame) -> tuple[dict, dict]:
    """Mentions per Chongqing county-level division code (city-wide 500000 excluded), and labels."""
    places = entities[entities["type"] == "place"]
    values = division_values(places)
    named = places[places["division_code"].isin(list(values))]
    return values, named.groupby("division_code")["canonical"].first().to_dict()


def map_chart(entities: pd.DataFrame, links: pd.DataFrame, dirs, lang: str = "en"):
    """Chongqing's districts shaded by mentions, one legend swatch per count, labelled by their short
    names in ``lang`` (Bishan, 璧山)."""
    values, labels = district_values(entities)
    if not values:
        _note(i18n.text("note.no_places", lang))
        return
    short = {code: names.short(name, lang, "place") for code, name in labels.items()}
    fig = maps.draw_chongqing(values, short, title=i18n.text("chart.map", lang),
                              colorbar_label=i18n.text("chart.mentions", lang), lang=lang, legend_key="geo.mentions")
    _finish(fig, dirs, "04_map", lang)
