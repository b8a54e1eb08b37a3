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
           "no_flags": "Nothing was flagged.", "param": "parameter",
           "value": "value", "meaning": "meaning",
           "no_date": "The document has no date: relative periods (今年, 上半年 ...) are left unresolved.",
           "contents": "Contents"},
    "zh": {"summary": "摘要", "figures": "关键数据", "vocabulary": "用词", "entities": "地点、机构与地图",
           "cleaning": "文本清洗", "provenance": "报告生成方式", "by": "作者", "date": "日期", "source": "来源",
           "unknown": "未知", "corpus": "篇文档", "flags": "需人工核对的段落", "params": "参数", "versions": "版本",
           "other_lang": "English", "no_flags": "没有需要核对的内容。", 
           "param": "参数", "value": "取值", "meaning": "含义",
           "no_date": "文档没有日期：“今年”“上半年”等相对时间无法确定。", "contents": "目录"},
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
    from helpers import corpus

    documents = pipeline.load_documents(dirs)
    tables = {}
    for name in ("cleaning_log", "keywords", "terms", "figures", "dates", "entities", "cooccurrence"):
        try:
            tables[name] = pipeline.load_table(name, dirs)
        except FileNotFoundError:
            tables[name] = schemas.empty(name)
    # token-level statistics from a sample: the whole tokens table of a large corpus is millions of rows
    sample = [d["doc_id"] for d in documents[:pipeline.SAMPLE_DOCS]]
    tables["tokens"] = pipeline.concat(corpus.iter_parts(dirs, "tokens", sample), "tokens")
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
main { max-width: 1000px; margin: 0 auto; }
.jp-RenderedHTMLCommon p, .jp-RenderedMarkdown p { line-height: 1.7; max-width: 48em; }
.cn-report-meta { color: #555; } .cn-report-meta span { margin-right: 1.2em; display: inline-block; }
.cn-report-note { color: #8a4b00; }
.cn-scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
.cn-scroll table td, .cn-scroll table th { white-space: nowrap; text-align: left !important; }
.dt-container, .dataTables_wrapper { max-width: 100%; overflow-x: auto; }
table.dataTable td, table.dataTable th { white-space: nowrap; text-align: left !important; }
img { max-width: 100%; height: auto; }
@media (max-width: 600px) {
  .jp-Cell { padding: 0 4px !important; } .jp-OutputArea-output { overflow-x: auto; }
  h1 { font-size: 1.4em; } table { font-size: 0.85em; }
}
</style>"""


def show_header(rep: Report):
    """Title, byline, date and source (or the list of documents for a corpus)."""
    esc = html.escape
    other = "zh" if rep.lang == "en" else "en"
    switch = f'<p style="text-align:right"><a href="report.{other}.html">{esc(rep.h("other_lang"))}</a></p>'
    rep.facts["lang"] = rep.lang
    if len(rep.documents) == 1:
        d = rep.documents[0]
        meta = "".join(
            f"<span><b>{esc(rep.h(k))}</b>: {esc(str(v) if v else rep.h('unknown'))}</span>"
            for k, v in (("by", d.get("byline")), ("date", d.get("date")), ("source", d.get("source")))
        )
        note = "" if d.get("date") else f"<p class='cn-report-note'>{esc(rep.h('no_date'))}</p>"
        rep.facts.update({k: d.get(k) for k in ("doc_id", "title", "byline", "date", "source")})
        _html(f"{STYLE}{switch}<h1>{esc(d.get('title') or d['doc_id'])}</h1><p class='cn-report-meta'>{meta}</p>{note}")
    else:
        items = "".join(
            f"<li>{esc(d.get('title') or d['doc_id'])} <span class='cn-report-meta'>({esc(d.get('date') or rep.h('unknown'))})</span></li>"
            for d in rep.documents[:50]
        )
        more = f"<p>… {len(rep.documents) - 50}</p>" if len(rep.documents) > 50 else ""
        _html(f"{STYLE}{switch}<h1>{len(rep.documents)} {esc(rep.h('corpus'))}</h1><ol>{items}</ol>{more}")


def summary_text(rep: Report) -> str:
    """The summary paragraph: structure, figures, places, each clause from a table (Markdown, text escaped)."""
    lang = rep.lang
    t = rep.tables
    docs = rep.documents
    n_para = sum(sum(1 for p in d.get("paragraphs") or [] if p.get("kind") == "body") for d in docs)
    n_sec = sum(len(d.get("sections") or []) for d in docs)
    rep.facts.update({"documents": len(docs), "paragraphs": n_para, "sections": n_sec})
    if lang == "zh":
        first = f"本报告分析 {len(docs)} 篇文档（{n_para} 个段落，{n_sec} 个小标题）。"
        if not docs:
            first = "本次运行没有可读的文档。"
    else:
        first = (f"This report reads {len(docs)} document{'s' if len(docs) != 1 else ''} "
                 f"({n_para} paragraphs under {n_sec} section headings).")
        if not docs:
            first = "This run has no readable document."
    parts = [first,
             commentary.figures(t["figures"], docs, lang, rep.facts),
             commentary.geography(t["entities"], rep.links, lang, rep.facts)]
    return "\n\n".join(parts)  # one paragraph each: the document, its figures, its places


def show_summary(rep: Report):
    _heading(rep, "summary")
    _md(summary_text(rep))


def show_figures(rep: Report, top: int = 15):
    """The figures table (sortable, searchable), money and other figures by subject, the timeline."""
    _heading(rep, "figures")
    figs = rep.tables["figures"]
    if len(figs):
        views.interactive(views.figures_compact(figs, rep.lang), lang=rep.lang)
    views.money_chart(figs, rep.dirs, rep.lang, top)
    views.other_figures_chart(figs, rep.dirs, rep.lang, top)
    views.timeline_chart(figs, rep.tables["dates"], rep.documents, rep.dirs, rep.lang)


def show_vocabulary(rep: Report):
    from helpers import keywords

    _heading(rep, "vocabulary")
    tokens = rep.tables["tokens"]
    if not len(tokens):
        _md("*No tokens.*" if rep.lang == "en" else "*没有词语。*")
        return
    terms = rep.tables["terms"]
    freq = terms.head(15) if len(terms) else keywords.term_frequencies(tokens, top=15)  # corpus-wide counts
    views.term_chart(freq, rep.dirs, rep.lang, name="05_top_terms")
    _md(commentary.vocabulary(tokens, rep.tables["keywords"], freq, rep.lang))
    rep.facts["top_terms"] = freq.head(10).to_dict("records")


def show_entities(rep: Report):
    """The entities table, the co-occurrence network and the map, with one sentence on what they show."""
    _heading(rep, "entities")
    ents = rep.tables["entities"]
    if len(ents):
        views.interactive(views.entities_compact(ents, rep.lang), lang=rep.lang)
    views.network_chart(rep.tables["cooccurrence"], ents, rep.dirs, 25, rep.lang)
    views.map_chart(ents, rep.links, rep.dirs, rep.lang)
    n_d = len(views.district_values(ents)[0]) if len(ents) else 0
    n_p = len(rep.tables["cooccurrence"])
    if rep.lang == "zh":
        text = (f"上表列出 {len(ents)} 个实体；地图按提及次数为 {n_d} 个重庆区县着色；"
                f"关系网络连接在同一句中出现的实体（共 {n_p} 对）。" if len(ents) else "没有找到地点或机构。")
    else:
        text = (f"The table lists {len(ents)} entities; the map shades {n_d} Chongqing district(s) by mentions; "
                f"the network links entities named in the same sentence ({n_p} pair(s))." if len(ents)
                else "No places or organisations were found.")
    rep.facts.update({"mapped_districts": n_d, "cooccurrence_pairs": n_p})
    _md(text)


def _table_html(df: pd.DataFrame) -> str:
    """A static table with every cell escaped, in a box that scrolls sideways on a narrow screen."""
    body = views.escape_frame(df).to_html(index=False, escape=False, border=0, na_rep="")
    return f"<div class='cn-scroll'>{body}</div>"


def show_cleaning(rep: Report):
    """What cleaning changed (counts by kind) and the passages flagged for a person."""
    _heading(rep, "cleaning")
    log = rep.tables["cleaning_log"]
    _md(commentary.cleaning(rep.documents, log, pipeline.read_failures(rep.dirs.outputs), rep.lang, rep.facts))
    flags = views.flags_table(log, rep.lang)
    _html(f"<h3>{html.escape(rep.h('flags'))}</h3>")
    if len(flags):
        _html(_table_html(flags))
    else:
        _md(f"*{rep.h('no_flags')}*")


PARAM_ZH = {
    "input_path": "输入文件或文件夹", "run": "运行名称", "date": "文档日期（元数据没有时使用）",
    "title": "文档标题（元数据没有时使用）", "source": "文档来源（元数据没有时使用）", "lang": "报告语言",
    "engine": "分词引擎", "top_n": "图表显示的条目数", "kwic_term": "上下文检索词", "work_dir": "输出所在文件夹",
}


def _param_meaning(name: str, lang: str) -> str:
    if lang == "zh":
        return PARAM_ZH.get(name, "")
    try:
        from helpers import runner

        return runner.PARAMS[name].help
    except (ImportError, KeyError, AttributeError):
        return ""


def show_provenance(rep: Report):
    """Parameters and versions of the run, and where each quoted number can be traced."""
    _heading(rep, "provenance")
    esc = html.escape
    params = rep.run_info.get("parameters", {})
    versions = rep.run_info.get("versions", {})
    rows = pd.DataFrame([{rep.h("param"): k, rep.h("value"): json.dumps(v, ensure_ascii=False),
                          rep.h("meaning"): _param_meaning(k, rep.lang)} for k, v in params.items()])
    vers = ", ".join(f"{esc(str(k))} {esc(str(v))}" for k, v in versions.items())
    _html(f"<h3>{esc(rep.h('params'))}</h3>{_table_html(rows) if len(rows) else ''}"
          f"<h3>{esc(rep.h('versions'))}</h3><p>{vers}</p>")
    quoted = ", ".join(short for short in (commentary.short_id(f["figure_id"], len(rep.documents) > 1)
                                           for f in rep.facts.get("figures_quoted", [])))
    name = f"report_facts.{rep.lang}.json"
    if rep.lang == "zh":
        text = (f"数据、实体和词语均来自本次运行 data/processed/ 下的表格。正文中每个数字后的编号（如 {quoted}）"
                f"对应“关键数据”表中的同一编号行，该行带有原句和字符位置；{name} 列出了正文引用的全部数字。"
                if quoted else f"数据、实体和词语均来自本次运行 data/processed/ 下的表格；{name} 列出了正文引用的数字。")
    else:
        text = (f"Figures, entities and terms come from the tables in data/processed/ of this run. The id after each "
                f"number in the prose ({quoted}) is the row of the key-figures table it comes from, which carries "
                f"its sentence and character offsets; {name} lists every number the prose quotes."
                if quoted else f"Figures, entities and terms come from the tables in data/processed/ of this run; "
                f"{name} lists the numbers the prose quotes.")
    _md(commentary.esc(text))


def write_facts(rep: Report):
    """The numbers the prose quotes, for tracing them back to table rows."""
    path = rep.dirs.processed / f"report_facts.{rep.lang}.json"
    write_text_atomic(path, json.dumps(rep.facts, ensure_ascii=False, indent=1, default=str))
