"""The shareable report (notebook 05): every section built from the products, in en or zh.

Article text is escaped wherever it is shown, so a ``<script>`` in the input is text on the page.
The numbers quoted by the prose are written to ``report_facts.json`` so each can be traced.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import pandas as pd

from helpers import commentary, pipeline, schemas, views
from helpers.textio import write_text_atomic

HEAD = {
    "en": {"summary": "Summary", "figures": "Key figures", "vocabulary": "Vocabulary",
           "entities": "Places, organisations and the map", "cleaning": "What cleaning changed",
           "provenance": "How this report was made", "by": "by", "date": "date", "source": "source",
           "unknown": "unknown", "corpus": "documents", "flags": "Passages flagged for a person to check",
           "params": "Parameters", "versions": "Versions", "other_lang": "中文版",
           "no_flags": "Nothing was flagged."},
    "zh": {"summary": "摘要", "figures": "关键数据", "vocabulary": "用词", "entities": "地点、机构与地图",
           "cleaning": "文本清洗", "provenance": "报告生成方式", "by": "作者", "date": "日期", "source": "来源",
           "unknown": "未知", "corpus": "篇文档", "flags": "需人工核对的段落", "params": "参数", "versions": "版本",
           "other_lang": "English", "no_flags": "没有需要核对的内容。"},
}


@dataclass
class Report:
    dirs: object
    lang: str
    documents: list[dict]
    tables: dict[str, pd.DataFrame]
    links: pd.DataFrame
    run_info: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    def h(self, key: str) -> str:
        return HEAD.get(self.lang, HEAD["en"])[key]


def load(dirs, lang: str = "en") -> Report:
    """Every product of the run (those a stage could not write are empty tables)."""
    documents = pipeline.load_documents(dirs)
    tables = {}
    for name in ("cleaning_log", "sentences", "tokens", "keywords", "figures", "dates", "entities", "cooccurrence"):
        try:
            tables[name] = pipeline.load_table(name, dirs)
        except FileNotFoundError:
            tables[name] = schemas.empty(name)
    from helpers import entities as ent

    links = ent.link_figures(tables["entities"], tables["figures"])
    info = {}
    run_json = dirs.outputs / "run.json"
    if run_json.exists():
        info = json.loads(run_json.read_text(encoding="utf-8"))
    return Report(dirs, lang if lang in HEAD else "en", documents, tables, links, info)


def _show(obj):
    from IPython.display import display

    display(obj)


def _html(s: str):
    from IPython.display import HTML

    _show(HTML(s))


def _md(s: str):
    from IPython.display import Markdown

    _show(Markdown(s))


def _heading(rep: Report, key: str):
    _html(f"<h2>{html.escape(rep.h(key))}</h2>")


STYLE = """<style>
.cn-report-meta { color: #555; } .cn-report-meta span { margin-right: 1.2em; }
@media (max-width: 600px) { .jp-Cell { padding: 0 !important; } table { font-size: 0.8em; } }
img { max-width: 100%; height: auto; }
</style>"""


def show_header(rep: Report):
    """Title, byline, date and source (or the list of documents for a corpus)."""
    esc = html.escape
    other = "zh" if rep.lang == "en" else "en"
    switch = f'<p style="text-align:right"><a href="report.{other}.html">{esc(rep.h("other_lang"))}</a></p>'
    if len(rep.documents) == 1:
        d = rep.documents[0]
        meta = "".join(
            f"<span><b>{esc(rep.h(k))}</b>: {esc(str(v) if v else rep.h('unknown'))}</span>"
            for k, v in (("by", d.get("byline")), ("date", d.get("date")), ("source", d.get("source")))
        )
        _html(f"{STYLE}{switch}<h1>{esc(d.get('title') or d['doc_id'])}</h1><p class='cn-report-meta'>{meta}</p>")
    else:
        items = "".join(
            f"<li>{esc(d.get('title') or d['doc_id'])} <span class='cn-report-meta'>({esc(d.get('date') or rep.h('unknown'))})</span></li>"
            for d in rep.documents[:50]
        )
        _html(f"{STYLE}{switch}<h1>{len(rep.documents)} {esc(rep.h('corpus'))}</h1><ol>{items}</ol>")


def summary_text(rep: Report) -> str:
    """The summary paragraph: structure, figures, places, vocabulary, each clause from a table."""
    lang = rep.lang
    t = rep.tables
    docs = rep.documents
    n_para = sum(sum(1 for p in d.get("paragraphs") or [] if p.get("kind") == "body") for d in docs)
    n_sec = sum(len(d.get("sections") or []) for d in docs)
    figs = t["figures"]
    rep.facts.update({"documents": len(docs), "paragraphs": n_para, "sections": n_sec, "figures": len(figs)})
    parts = []
    if lang == "zh":
        parts.append(f"本报告分析 {len(docs)} 篇文档（{n_para} 个段落，{n_sec} 个小标题）。")
    else:
        parts.append(f"This report reads {len(docs)} document(s) ({n_para} paragraphs under {n_sec} section headings).")
    parts.append(commentary.figures(figs, docs, lang))
    parts.append(commentary.geography(t["entities"], rep.links, lang))
    return " ".join(parts)


def show_summary(rep: Report):
    _heading(rep, "summary")
    _md(summary_text(rep))


def show_figures(rep: Report, top: int = 15):
    _heading(rep, "figures")
    figs = rep.tables["figures"]
    if len(figs):
        views.interactive(views.figures_compact(figs, rep.lang))
    views.money_chart(figs, rep.dirs, rep.lang, top)
    views.other_figures_chart(figs, rep.dirs, rep.lang, top)
    views.timeline_chart(figs, rep.tables["dates"], rep.documents, rep.dirs, rep.lang)
    money = figs[(figs["kind"] == "money") & (figs["unit"] == "CNY")]
    rep.facts["largest_money"] = (
        money.sort_values("value", ascending=False).iloc[0][["figure_id", "text", "value", "subject"]].to_dict()
        if len(money) else None
    )


def show_vocabulary(rep: Report):
    from helpers import keywords

    _heading(rep, "vocabulary")
    tokens = rep.tables["tokens"]
    if not len(tokens):
        _md("*No tokens.*" if rep.lang == "en" else "*没有词语。*")
        return
    freq = keywords.term_frequencies(tokens, top=15)
    views.term_chart(freq, rep.dirs, rep.lang, name="05_top_terms")
    _md(commentary.vocabulary(tokens, rep.tables["keywords"], freq, rep.lang))
    rep.facts["top_terms"] = freq.head(10).to_dict("records")


def show_entities(rep: Report):
    _heading(rep, "entities")
    ents = rep.tables["entities"]
    if len(ents):
        views.interactive(ents[["doc_id", "name", "canonical", "type", "division_code", "mentions"]])
    views.network_chart(rep.tables["cooccurrence"], ents, rep.dirs, 25, rep.lang)
    views.map_chart(ents, rep.links, rep.dirs, rep.lang)
    _md(commentary.geography(ents, rep.links, rep.lang))


def show_cleaning(rep: Report):
    _heading(rep, "cleaning")
    log = rep.tables["cleaning_log"]
    _md(commentary.cleaning(rep.documents, log, _failures(rep), rep.lang))
    flags = log[log["op"].str.startswith("flag_")] if len(log) else log
    _html(f"<h3>{html.escape(rep.h('flags'))}</h3>")
    if len(flags):
        _show(views.escape_frame(flags[["doc_id", "op", "raw_start", "before", "reason"]]).style.hide(axis="index"))
    else:
        _md(f"*{rep.h('no_flags')}*")
    rep.facts["changes"] = int((~log["op"].str.startswith("flag_")).sum()) if len(log) else 0
    rep.facts["flags"] = int(len(flags))


def _failures(rep: Report) -> list[dict]:
    path = rep.dirs.outputs / "failures.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return []
    return []


def show_provenance(rep: Report):
    _heading(rep, "provenance")
    esc = html.escape
    params = rep.run_info.get("parameters", {})
    versions = rep.run_info.get("versions", {})
    rows = "".join(f"<tr><td>{esc(str(k))}</td><td><code>{esc(json.dumps(v, ensure_ascii=False))}</code></td></tr>"
                   for k, v in params.items())
    vers = ", ".join(f"{esc(str(k))} {esc(str(v))}" for k, v in versions.items())
    _html(f"<h3>{esc(rep.h('params'))}</h3><table>{rows}</table><h3>{esc(rep.h('versions'))}</h3><p>{vers}</p>")
    text = ("Figures, entities and terms come from the tables in data/processed/ of this run; each figure row "
            "carries its sentence and character offsets, and report_facts.json lists the numbers quoted above."
            if rep.lang == "en" else
            "数据、实体和词语均来自本次运行 data/processed/ 下的表格；每条数据都带有原句和字符位置，"
            "report_facts.json 列出了正文引用的数字。")
    _md(text)


def write_facts(rep: Report):
    """The numbers the prose quotes, for tracing them back to table rows."""
    path = rep.dirs.processed / f"report_facts.{rep.lang}.json"
    write_text_atomic(path, json.dumps(rep.facts, ensure_ascii=False, indent=1, default=str))
