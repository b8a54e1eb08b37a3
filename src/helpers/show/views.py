"""What the notebooks show: display tables and charts built from the products, one call each.

Every chart goes through :func:`helpers.show.charts.set_style` (a CJK font that ships with pip) and is
saved under ``outputs/<run>/charts/`` as well as shown inline (and so embedded in the HTML).
Text that came from an article is always escaped before it is shown as HTML.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from helpers.extract import keywords
from helpers.extract.dates import period_start
from helpers.extract.entities import division_values
from helpers.show import charts, commentary, maps

YI = 1e8  # 亿: money charts are in 亿元 (hundreds of millions of yuan), the unit the genre uses

LABELS = {
    "en": {
        "top_terms": "Most frequent terms", "count": "count", "pos": "Parts of speech (share of tokens)",
        "money": "Money figures by subject (亿元)", "value_yi": "value (亿元; 1亿 = 100 million yuan)",
        "other": "Other figures by subject", "timeline": "Figures over time", "period": "period",
        "mentions": "mentions", "entity_types": "Entities by type", "network": "Who appears with whom",
        "map": "Chongqing districts named in the text (mentions)", "none": "Nothing to show.",
        "first_rows": "The first {shown:,} of {total:,} rows; the product file has them all.",
        "no_money": "No money figures in this text.", "no_other": "No count, area or other figures in this text.",
        "no_dated": "No figure in this text has a resolved date.", "no_failures": "No file was skipped.",
        "exact": "exact", "bound": "lower bound (超, 突破 ...)", "forecast": "forecast", "approx": "approximate",
        "no_cooc": "No two places or organisations share a sentence.", "no_places": "No Chongqing district is named.",
    },
    "zh": {
        "top_terms": "高频词", "count": "频次", "pos": "词性构成（占词数比例）",
        "money": "各主体金额（亿元）", "value_yi": "金额（亿元）",
        "other": "其他数据（按主体）", "timeline": "数据时间线", "period": "时间",
        "mentions": "提及次数", "entity_types": "实体类型", "network": "共现关系",
        "map": "文中提及的重庆区县（提及次数）", "none": "无可显示内容。",
        "first_rows": "仅显示前 {shown:,} 行（共 {total:,} 行）；完整数据见产品文件。",
        "no_money": "文中没有金额数据。", "no_other": "文中没有数量、面积等其他数据。",
        "no_dated": "文中没有可确定时间的数据。", "no_failures": "没有跳过的文件。",
        "exact": "确数", "bound": "下限（超、突破等）", "forecast": "预计", "approx": "约数",
        "no_cooc": "没有同句出现的地点或机构。", "no_places": "文中未提及重庆区县。",
    },
}


def L(key: str, lang: str = "en") -> str:
    return LABELS.get(lang, LABELS["en"]).get(key, LABELS["en"][key])


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

    path = charts.save_figure(fig, _chart_path(dirs, name if lang == "en" else f"{name}.{lang}"))
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


def interactive(df: pd.DataFrame, max_rows: int = 5000, lang: str = "en"):
    """A sortable, searchable table that works offline in the HTML (itables, bundled JS).

    Cells are shown as text: itables escapes HTML unless told otherwise, and we never tell it.
    """
    if not len(df):
        _note(L("none", lang))
        return
    global _ITABLES_READY
    from itables import init_notebook_mode, show

    if not _ITABLES_READY:
        init_notebook_mode(all_interactive=False, connected=False)  # bundles DataTables into the page
        _ITABLES_READY = True
    opts = {"language": DATATABLES_ZH} if lang == "zh" else {}
    if len(df) > max_rows:
        _note(L("first_rows", lang).format(shown=max_rows, total=len(df)))
    show(df.head(max_rows), paging=len(df) > 25, pageLength=25, scrollX=True,
         classes="display compact", showIndex=False, **opts)


# DataTables' own words (search box, "showing 1 to 10 of 57", paging) in Chinese for the zh pages.
DATATABLES_ZH = {
    "search": "搜索：", "lengthMenu": "每页 _MENU_ 条", "info": "第 _START_ 至 _END_ 条，共 _TOTAL_ 条",
    "infoEmpty": "共 0 条", "infoFiltered": "（从 _MAX_ 条中筛选）", "zeroRecords": "没有匹配的记录",
    "emptyTable": "表中没有数据", "paginate": {"first": "首页", "last": "末页", "next": "下一页", "previous": "上一页"},
    "aria": {"sortAscending": "：升序排列", "sortDescending": "：降序排列"},
}


# ----------------------------------------------------------------------------- 01 clean

def inputs_table(inputs) -> pd.DataFrame:
    return pd.DataFrame(
        [{"doc_id": d.doc_id, "file": d.path.name, "title": d.meta.get("title", ""),
          "date": d.meta.get("date", ""), "source": d.meta.get("source", "")} for d in inputs]
    )


def failures_table(failures: list[dict]):
    if not failures:
        from IPython.display import Markdown

        return Markdown(f"*{L('no_failures')}*")
    return pd.DataFrame(failures)


def structure(documents: list[dict], limit: int = 3):
    """Title, byline, headings and related articles of the first ``limit`` documents."""
    from IPython.display import HTML

    esc = html.escape
    for d in documents[:limit]:
        heads = "".join(f"<li>{esc(s.get('title', ''))}</li>" for s in d.get("sections") or [])
        related = "".join(
            f"<tr><td>{esc(str(r.get('page', '')))}</td><td>{esc(str(r.get('place', '')))}</td>"
            f"<td>{esc(str(r.get('title', '')))}</td></tr>" for r in d.get("related") or []
        )
        _display(HTML(
            f"<h4>{esc(d['doc_id'])}</h4><p><b>Title</b>: {esc(d.get('title') or '')}<br>"
            f"<b>Byline</b>: {esc(d.get('byline') or '-')}<br><b>Date</b>: {esc(d.get('date') or 'unknown')}"
            f" &nbsp; <b>Source</b>: {esc(d.get('source') or 'unknown')}</p>"
            f"<p><b>Section headings</b></p><ol>{heads or '<li>none</li>'}</ol>"
            + (f"<p><b>Related articles</b></p><table><tr><th>page</th><th>place</th><th>title</th></tr>{related}</table>"
               if related else "")
        ))
    if len(documents) > limit:
        _note(f"... and {len(documents) - limit} more documents (see the documents table).")


def log_counts(log: pd.DataFrame) -> pd.DataFrame:
    if not len(log):
        return pd.DataFrame({"op": [], "changes": [], "documents": []})
    g = log.groupby("op").agg(changes=("op", "size"), documents=("doc_id", "nunique")).reset_index()
    return g.sort_values(["changes", "op"], ascending=[False, True]).reset_index(drop=True)


def _visible(s) -> str:
    s = "" if s is None or (isinstance(s, float) and pd.isna(s)) else str(s)
    return html.escape(s).replace("\n", "<span style='color:#c00'>⏎</span>").replace(" ", "<span style='color:#c00'>␣</span>")


def side_by_side(log: pd.DataFrame, limit: int = 60):
    """The changed passages, raw beside clean, white space made visible."""
    from IPython.display import HTML

    if not len(log):
        _note(L("none"))
        return
    rows = "".join(
        f"<tr><td>{html.escape(str(r.doc_id))}</td><td>{html.escape(str(r.op))}</td><td>{r.raw_start}</td>"
        f"<td style='font-family:&quot;CN Text Sans&quot;,monospace'>{_visible(r.before)}</td><td style='font-family:&quot;CN Text Sans&quot;,monospace'>{_visible(r.after)}</td>"
        f"<td>{html.escape(str(r.reason or ''))}</td></tr>"
        for r in log.head(limit).itertuples()
    )
    _display(HTML(
        "<table><tr><th>doc</th><th>change</th><th>raw offset</th><th>raw</th><th>clean</th><th>why</th></tr>"
        f"{rows}</table>"
    ))
    if len(log) > limit:
        _note(f"{len(log) - limit} more changes in cleaning_log.csv")


# ----------------------------------------------------------------------------- 02 segment

def term_chart(freq: pd.DataFrame, dirs, lang: str = "en", name: str = "02_top_terms", ax=None):
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not len(freq):
        _note(L("none", lang))
        return
    term_col = "term" if "term" in freq.columns else freq.columns[0]
    count_col = "freq" if "freq" in freq.columns else freq.columns[1]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.32 * len(freq) + 1)))
    freq = freq.assign(**{term_col: freq[term_col].map(plain)})
    sns.barplot(data=freq, y=term_col, x=count_col, color="#4C72B0", ax=ax)
    ax.set_title(L("top_terms", lang))
    ax.set_xlabel(L("count", lang))
    ax.set_ylabel("")
    _finish(fig, dirs, name, lang)


def pos_chart(tokens: pd.DataFrame, dirs, lang: str = "en"):
    import matplotlib.pyplot as plt

    t = tokens[tokens["token"].str.strip().astype(bool)]
    if not len(t):
        _note(L("none", lang))
        return
    tag = t["pos"].fillna("x").str[0].map(POS_NAMES).fillna("other")
    share = tag.value_counts(normalize=True).head(12)[::-1]
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(share) + 1))
    ax.barh(share.index, share.values * 100, color="#55A868")
    ax.set_xlabel("%")
    ax.set_title(L("pos", lang))
    _finish(fig, dirs, "02_pos_mix", lang)


POS_NAMES = {
    "n": "noun 名词", "v": "verb 动词", "a": "adjective 形容词", "d": "adverb 副词", "m": "numeral 数词",
    "q": "measure 量词", "p": "preposition 介词", "c": "conjunction 连词", "u": "particle 助词",
    "r": "pronoun 代词", "f": "locative 方位词", "t": "time 时间词", "x": "punctuation/other 标点",
    "w": "punctuation/other 标点", "e": "other", "s": "place word 处所词", "b": "distinguishing 区别词",
    "l": "idiom 习用语", "i": "idiom 成语", "j": "abbreviation 简称", "z": "status 状态词",
}


def keywords_side_by_side(kw: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """TF-IDF and TextRank rankings of each document next to each other."""
    rows = []
    for doc_id, g in kw.groupby("doc_id", sort=False):
        a = g.sort_values("tfidf", ascending=False).head(top).reset_index(drop=True)
        b = g.sort_values("textrank", ascending=False).head(top).reset_index(drop=True)
        for i in range(max(len(a), len(b))):
            rows.append({
                "doc_id": doc_id, "rank": i + 1,
                "tfidf_term": a.term[i] if i < len(a) else "", "tfidf": round(a.tfidf[i], 4) if i < len(a) else None,
                "textrank_term": b.term[i] if i < len(b) else "",
                "textrank": round(b.textrank[i], 4) if i < len(b) else None,
            })
    return pd.DataFrame(rows)


def corpus_keywords(tokens: pd.DataFrame, top: int = 10):
    from IPython.display import Markdown

    if tokens["doc_id"].nunique() < 2:
        return Markdown("*One document: corpus TF-IDF (what distinguishes each document) needs two or more.*")
    return keywords.corpus_tfidf(tokens, top=top)


def kwic(tokens: pd.DataFrame, documents: list[dict], term: str, limit: int = 30):
    from IPython.display import Markdown

    frames = [keywords.kwic(tokens[tokens.doc_id == d["doc_id"]], d, term) for d in documents]
    frames = [f for f in frames if len(f)]
    if not frames:
        return Markdown(f"*{html.escape(term)!s} does not occur as a token.*")
    return pd.concat(frames, ignore_index=True).head(limit)


# ----------------------------------------------------------------------------- 03 figures

def figures_display(figures: pd.DataFrame) -> pd.DataFrame:
    cols = ["doc_id", "figure_id", "text", "value", "unit", "kind", "qualifier", "subject", "metric",
            "period", "sentence"]
    out = figures[cols].copy()
    out["value"] = out["value"].map(lambda v: f"{v:,.6g}" if pd.notna(v) and abs(v) < 1e6 else (f"{v:,.0f}" if pd.notna(v) else ""))
    return out


def figures_compact(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The figures as a narrow table for the report: id, what, how much, whose, when (sentence shortened).

    Qualifiers and periods are in words of the report's language; the id is the one the prose quotes.
    """
    multi = figures["doc_id"].nunique() > 1
    out = pd.DataFrame({
        "id": figures["figure_id"].map(lambda i: commentary.short_id(i, multi)),
        "figure": figures["text"],
        "value": [commentary.fmt_value(r, lang) for _, r in figures.iterrows()],
        "qualifier": figures["qualifier"].map(lambda q: commentary.qualifier_name(q, lang)),
        "subject": figures["subject"].fillna(""),
        "metric": figures["metric"].fillna(""),
        "period": figures["period"].map(lambda p: commentary.period_name(p, lang)),
        "in context": figures["sentence"].map(lambda s: s if not isinstance(s, str) or len(s) <= 40 else s[:38] + "…"),
    })
    if lang == "zh":
        out.columns = [{"id": "编号", "figure": "原文", "value": "数值", "qualifier": "限定", "subject": "主体",
                        "metric": "指标", "period": "时间", "in context": "上下文"}.get(c, c) for c in out.columns]
    return out.reset_index(drop=True)


def entities_compact(entities: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Entities for the report: name as written, canonical name, type in words, division code, mentions."""
    out = pd.DataFrame({
        "name": entities["name"], "canonical": entities["canonical"],
        "type": entities["type"].map(lambda t: commentary.type_name(t, lang)),
        "division code": entities["division_code"].fillna(""), "mentions": entities["mentions"],
    })
    if entities["doc_id"].nunique() > 1:
        out.insert(0, "doc_id", entities["doc_id"])
    out = out.sort_values("mentions", ascending=False, kind="stable")
    if lang == "zh":
        out.columns = [{"doc_id": "文档", "name": "原文写法", "canonical": "规范名称", "type": "类型",
                        "division code": "区划代码", "mentions": "提及次数"}.get(c, c) for c in out.columns]
    return out.reset_index(drop=True)


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
    if lang == "zh":
        out.columns = [{"doc_id": "文档", "what": "问题", "raw offset": "原文位置", "passage": "段落",
                        "why": "原因"}.get(c, c) for c in out.columns]
    return out.reset_index(drop=True)


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


def money_chart(figures: pd.DataFrame, dirs, lang: str = "en", top: int = 20):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    m = figures[(figures["kind"] == "money") & (figures["unit"] == "CNY")].copy()
    if not len(m):
        _note(L("no_money", lang))
        return
    m["label"] = (m["subject"].fillna("?").replace("", "?") + " · " + m["metric"].fillna("").replace("", "?"))
    if m["doc_id"].nunique() > 1:
        m["label"] = m["doc_id"] + ": " + m["label"]
    m = m.sort_values("value", ascending=False).head(top)[::-1]
    m["group"] = m["qualifier"].map(_qual_group)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(m) + 1)))
    ax.barh(range(len(m)), m["value"] / YI, color=[QUAL_COLOURS[g] for g in m["group"]])
    ax.set_yticks(range(len(m)), [plain(x) for x in m["label"]])
    for i, (v, t) in enumerate(zip(m["value"] / YI, m["text"])):
        ax.text(v, i, f" {plain(t)}", va="center", fontsize=8)
    ax.set_xlabel(L("value_yi", lang))
    ax.set_title(L("money", lang))
    used = [g for g in QUAL_COLOURS if g in set(m["group"])]
    ax.legend(handles=[Patch(color=QUAL_COLOURS[g], label=L(g, lang)) for g in used], loc="lower right", fontsize=8)
    ax.margins(x=0.25)
    _finish(fig, dirs, "03_money_by_subject", lang)


def other_figures_chart(figures: pd.DataFrame, dirs, lang: str = "en", top: int = 20):
    """Counts, areas, masses, lengths and percentages: one small chart per unit."""
    import matplotlib.pyplot as plt

    o = figures[figures["kind"] != "money"].copy()
    if not len(o):
        _note(L("no_other", lang))
        return
    units = o.groupby("unit").size().sort_values(ascending=False).index.tolist()[:8]
    fig, axes = plt.subplots(len(units), 1, figsize=(8, sum(0.4 * min(top, (o.unit == u).sum()) + 0.9 for u in units)),
                             squeeze=False)
    for ax, unit in zip(axes[:, 0], units):
        g = o[o.unit == unit].sort_values("value", ascending=False).head(top)[::-1]
        labels = g["subject"].fillna("?").replace("", "?") + " · " + g["metric"].fillna("").replace("", "?")
        ax.barh(range(len(g)), g["value"], color=[QUAL_COLOURS[_qual_group(q)] for q in g["qualifier"]])
        ax.set_yticks(range(len(g)), [plain(x) for x in labels])
        for i, (v, t) in enumerate(zip(g["value"], g["text"])):
            ax.text(v, i, f" {plain(t)}", va="center", fontsize=8)
        ax.set_title(f"{L('other', lang)}: {unit}", fontsize=10)
        ax.margins(x=0.25)
    fig.tight_layout()
    _finish(fig, dirs, "03_other_figures", lang)


def timeline_chart(figures: pd.DataFrame, dates: pd.DataFrame, documents: list[dict], dirs, lang: str = "en"):
    """Figures placed on the period they refer to (resolved periods only)."""
    import matplotlib.pyplot as plt

    f = figures.copy()
    f["when"] = f["period"].map(period_start)
    f = f.dropna(subset=["when"])
    if not len(f):
        _note(L("no_dated", lang))
        return
    f["when"] = pd.to_datetime(f["when"])
    if len(f) > TIMELINE_LABELS:
        return _timeline_counts(f, dirs, lang)
    kinds = f["kind"].unique().tolist()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * len(kinds)))
    for i, k in enumerate(kinds):
        g = f[f.kind == k]
        ax.scatter(g["when"], [i] * len(g), s=60, color=[QUAL_COLOURS[_qual_group(q)] for q in g["qualifier"]], zorder=3)
        for w, t, j in zip(g["when"], g["text"], range(len(g))):
            ax.annotate(plain(t), (w, i), xytext=(0, 8 + 10 * (j % 2)), textcoords="offset points", ha="center", fontsize=8)
    ax.set_yticks(range(len(kinds)), [commentary.kind_name(k, lang) for k in kinds])
    ax.set_ylim(-0.6, len(kinds) - 0.2)
    ax.set_title(L("timeline", lang))
    ax.set_xlabel(L("period", lang))
    fig.autofmt_xdate()
    _finish(fig, dirs, "03_timeline", lang)


TIMELINE_LABELS = 40  # more dated figures than this: counts per period instead of one label each


def _timeline_counts(f: pd.DataFrame, dirs, lang: str = "en"):
    """Many dated figures (a corpus): how many refer to each year (or month, over a short span),
    by kind - one label per figure would be unreadable and slow to draw."""
    import matplotlib.pyplot as plt

    span_years = f["when"].dt.year.max() - f["when"].dt.year.min()
    freq = "M" if span_years <= 2 else "Y"
    f = f.assign(bucket=f["when"].dt.to_period(freq).dt.to_timestamp())
    counts = f.groupby(["bucket", "kind"]).size().unstack("kind", fill_value=0).sort_index()
    counts = counts[counts.sum().sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    bottom = None
    width = 20 if freq == "M" else 250  # days
    for k in counts.columns:
        ax.bar(counts.index, counts[k], width=width, bottom=bottom, label=commentary.kind_name(k, lang))
        bottom = counts[k] if bottom is None else bottom + counts[k]
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(L("timeline", lang))
    ax.set_xlabel(L("period", lang))
    ax.set_ylabel(L("count", lang))
    fig.autofmt_xdate()
    _finish(fig, dirs, "03_timeline", lang)


# ----------------------------------------------------------------------------- 04 entities

def entity_type_chart(entities: pd.DataFrame, dirs, lang: str = "en", top: int = 30):
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not len(entities):
        _note(L("none", lang))
        return
    e = entities.groupby(["canonical", "type"], as_index=False)["mentions"].sum()
    e = e.sort_values("mentions", ascending=False).head(top)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * len(e) + 1)))
    sns.barplot(data=e, y="canonical", x="mentions", hue="type", dodge=False, ax=ax)
    ax.set_title(L("entity_types", lang))
    ax.set_xlabel(L("mentions", lang))
    ax.set_ylabel("")
    _finish(fig, dirs, "04_entities_by_type", lang)


def entity_figures(links: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    if links is None or not len(links):
        return pd.DataFrame()
    return links.head(top)


def network_chart(cooc: pd.DataFrame, entities: pd.DataFrame, dirs, top: int = 30, lang: str = "en"):
    if not len(cooc):
        _note(L("no_cooc", lang))
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
    values, labels = district_values(entities)
    if not values:
        _note(L("no_places", lang))
        return
    fig = maps.draw_chongqing(values, labels, title=L("map", lang))
    _finish(fig, dirs, "04_map", lang)
