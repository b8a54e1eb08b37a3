"""The shareable report (notebook 05): every section built from the products, in en or zh.

Article text is escaped wherever it is shown, so a ``<script>`` in the input is text on the page.
The numbers quoted by the prose are written to ``report_facts.json`` so each can be traced.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

import numpy as np
import pandas as pd

from helpers import paths
from helpers.errors import BadUsage
from helpers.extract import entities, keywords
from helpers.show import article, commentary, digest, i18n, keyfigures, panel_view, views
from helpers.store import parts, products, schemas
from helpers.store.files import write_text_atomic


@dataclass
class Report:
    """What a report shows.

    ``documents`` are full documents (text, paragraphs): the one document of a per-document report,
    else a sample of the run (at most ``products.SAMPLE_DOCS``). ``overview`` has one row per document
    the report is about (doc_id, title, date, headings, paragraphs ...), for counts and lists.
    """

    dirs: object
    lang: str
    documents: list[dict]
    tables: dict[str, pd.DataFrame]
    links: pd.DataFrame
    run_info: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    overview: pd.DataFrame | None = None
    doc_id: str = ""
    series: pd.DataFrame | None = None  # a corpus's longest panel series (notebook 07's), None for one document
    figures: object = None  # the figures' digest (show.digest.FigureDigest): a corpus's table is not held
    entities: object = None  # the entities' and co-occurrence's digest (show.digest.EntityDigest)
    textrank_shared: pd.Series | None = None  # a corpus's commentary.shared_per_document, its keywords not held

    def h(self, key: str, **values) -> str:
        """A heading or label of the report in its language (:mod:`helpers.show.i18n`, ``head.<key>``)."""
        return i18n.text(f"head.{key}", self.lang, **values)

    @property
    def n_documents(self) -> int:
        return len(self.overview)

    @property
    def single(self) -> bool:
        """A report on one document (the embedded article, or one document of a run)."""
        return self.n_documents == 1 and len(self.documents) == 1

    def records(self) -> list[dict]:
        """One small dict per document (doc_id, title, date; no text), for lists and commentary."""
        cols = [c for c in ("doc_id", "title", "date") if c in self.overview.columns]
        out = self.overview[cols].to_dict("records") if len(self.overview) else []
        for r in out:
            for k in ("title", "date"):
                v = r.get(k)
                if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "":
                    r[k] = None
        return out

    @property
    def charts(self):
        """Where the charts go: ``outputs/<run>/charts/``, or ``outputs/<run>/reports/<doc>/charts/``."""
        if not self.doc_id:
            return self.dirs
        return SimpleNamespace(outputs=self.dirs.outputs / "reports" / page_stem(self.doc_id))


def page_stem(doc_id: str) -> str:
    """A document id made safe as a file name (percent-encoded).

    >>> page_stem("cq/2025 长寿")
    'cq%2F2025%20%E9%95%BF%E5%AF%BF'
    """
    return quote(doc_id, safe="")


def page_href(doc_id: str, lang: str | None = None) -> str:
    """The link (relative, inside ``reports/``) to a document's page: ``<stem>.html`` or ``<stem>.<lang>.html``.

    The file name is percent-encoded once more, so a browser asks for the file as it is named.
    """
    return quote(page_stem(doc_id) + (f".{lang}" if lang else "") + ".html", safe="")


TABLES = ("terms",)  # held whole by every report
ONE_DOCUMENT = ("cleaning_log", "keywords", "dates", "figures", "entities", "cooccurrence")  # (a corpus: read once)


def _run_info(dirs) -> dict:
    run_json = dirs.outputs / "run.json"
    if run_json.exists():
        return json.loads(run_json.read_text(encoding="utf-8"))
    return {}


def load(dirs, lang: str = "en", doc_id: str = "", top: int = digest.TOP) -> Report:
    """Every product of the run (those a stage could not write are empty tables), or, with ``doc_id``,
    the products of that one document only (its rows of each table).

    The whole run is read without the documents' text: counts come from ``products.overview``,
    full documents and tokens from a sample of at most ``products.SAMPLE_DOCS``; the figures are
    digested a chunk at a time (:mod:`helpers.show.digest`, ``top``: bars per comparable group),
    and held whole only for a run of one document (its article section reads them).
    """
    lang = i18n.lang_of(lang)
    if doc_id:
        return _load_document(dirs, lang, doc_id, top)
    overview = products.overview(dirs)
    documents = products.load_documents(dirs, limit=products.SAMPLE_DOCS)
    # the panel first, before the kernel holds any table (it is built from the figures' batches a part at a time)
    series = panel_view.run_series(dirs, SERIES_SHOWN) if len(overview) > 1 else None
    ids = list(overview["doc_id"]) if len(overview) else []
    one = len(ids) == 1  # one document: its tables are small, and its article section reads them whole
    tables = {name: _table(dirs, name) for name in (TABLES + ONE_DOCUMENT if one else TABLES)}
    # token-level statistics from a sample: the whole tokens table of a large corpus is millions of rows
    sample = [d["doc_id"] for d in documents]
    tables["tokens"] = parts.read_parts(dirs, "tokens", sample)
    # the rest read once, a chunk of documents at a time: the figures' counts, the rows shown and the
    # charts' data; cleaning's changes (their kind) and flagged passages; TextRank's agreement per document
    shared = None
    if one:  # its tables are in hand
        figs, ents = _digests(tables, documents, top)
        tables["cleaning_flags"] = tables["cleaning_log"]
    else:
        figs = digest.FigureDigest.of_run(dirs, ids, doc_dates=digest.doc_dates(documents), shown=KEY_FIGURES_MAX,
                                          top=top)
        ents = digest.EntityDigest.of_run(dirs, ids, limit=views.TABLE_MAX_ROWS)
        tables["cleaning_log"], tables["cleaning_flags"] = _cleaning(dirs, ids)
        shared = _textrank_shared(dirs, ids)
    return Report(dirs, lang, documents, tables, None, _run_info(dirs), overview=overview, series=series,
                  figures=figs, textrank_shared=shared, entities=ents)


def _digests(tables: dict, documents: list[dict], top: int):
    """The figures' and the entities' digests of one document's tables, in hand."""
    figs = digest.FigureDigest.of(tables["figures"], doc_dates=digest.doc_dates(documents), shown=KEY_FIGURES_MAX,
                                  top=top)
    return figs, digest.EntityDigest.of(tables["entities"], tables["cooccurrence"], limit=views.TABLE_MAX_ROWS)


def _table(dirs, name: str) -> pd.DataFrame:
    try:
        return products.load_table(name, dirs)
    except FileNotFoundError:  # a stage that could not write it
        return schemas.empty(name)


def _chunks(dirs, table: str, ids: list[str], columns: list[str] | None = None, chunk: int = parts.CHUNK_DOCS):
    try:
        yield from parts.iter_chunks(dirs, table, ids, columns, chunk=chunk)
    except FileNotFoundError:
        return


def _cleaning(dirs, ids: list[str], chunk: int = parts.CHUNK_DOCS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cleaning log of a corpus as its section reads it: the kind (``op``) of every entry, as
    shared strings, and the flagged entries whole."""
    ops, flagged = [], []
    for f in _chunks(dirs, "cleaning_log", ids, chunk=chunk):
        ops.append(schemas.text_values(f["op"]))
        flagged.append(f[f["op"].str.startswith("flag_").fillna(False).astype(bool)])
    log = pd.DataFrame({"op": np.concatenate(ops) if ops else np.array([], dtype=object)})
    flags = pd.concat(flagged, ignore_index=True) if flagged else schemas.empty("cleaning_log")
    return log, flags


def _textrank_shared(dirs, ids: list[str], chunk: int = parts.CHUNK_DOCS) -> pd.Series:
    """:func:`commentary.shared_per_document` of the keywords table, a chunk of documents at a time
    (each document's number is its own, so the chunks' numbers are the whole table's)."""
    cols = ["doc_id", "term", "freq", "textrank"]
    pieces = [commentary.shared_per_document(f) for f in _chunks(dirs, "keywords", ids, cols, chunk) if len(f)]
    pieces = [p for p in pieces if len(p)]
    return pd.concat(pieces) if pieces else pd.Series([], dtype="int64")


def _load_document(dirs, lang: str, doc_id: str, top: int = digest.TOP) -> Report:
    """The report on one document of the run: its document and its own rows of every table."""
    if not parts.has_part(dirs, "documents", doc_id):
        raise BadUsage(f"run {dirs.name!r} has no document {doc_id!r} (in {parts.folder_of(dirs, 'documents')}); "
                       f"its documents are listed in {dirs.outputs / 'index.html'} and by "
                       f"`python -m helpers docs INPUT`")
    documents = products.documents_from_frame(parts.read_part(dirs, "documents", doc_id))
    tables = {}
    for name in ("cleaning_log", "keywords", "figures", "dates", "entities", "cooccurrence", "tokens"):
        if parts.has_part(dirs, name, doc_id):
            tables[name] = parts.read_part(dirs, name, doc_id)
        else:  # a stage that could not process this document
            tables[name] = schemas.empty(name)
    tables["terms"] = keywords.term_frequencies(tables["tokens"])
    links = entities.link_figures(tables["entities"], tables["figures"])
    figs, ents = _digests(tables, documents, top)
    return Report(dirs, lang, documents, tables, links, _run_info(dirs), overview=products.overview(dirs, [doc_id]),
                  doc_id=doc_id, figures=figs, entities=ents)


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
.cn-scroll table td, .cn-scroll table th { white-space: normal; overflow-wrap: anywhere; text-align: left !important;
  vertical-align: top; }
.dt-container, .dataTables_wrapper { max-width: 100%; overflow-x: auto; }
table.dataTable td, table.dataTable th { white-space: normal !important; overflow-wrap: anywhere;
  text-align: left !important; }
img { max-width: 100%; height: auto; }
@media (max-width: 600px) {
  .jp-Cell { padding: 0 4px !important; } .jp-OutputArea-output { overflow-x: auto; }
  h1 { font-size: 1.4em; } table { font-size: 0.85em; }
}
</style>"""


def _switch(rep: Report) -> str:
    """The link to the same report in the other language (only when the run makes both)."""
    esc = html.escape
    other = i18n.other_language(rep.lang)
    if rep.run_info.get("parameters", {}).get("lang", "both") != "both":
        return ""
    if rep.doc_id:  # reports/<doc>.html is the base language (en), reports/<doc>.zh.html the other
        href = page_href(rep.doc_id, None if other == i18n.BASE else other)
    else:
        href = f"report.{other}.html"
    return f'<p style="text-align:right"><a href="{esc(href)}">{esc(rep.h("other_lang"))}</a></p>'


def show_header(rep: Report):
    """Title, byline, date and source with where each came from (or the list of documents for a corpus)."""
    esc = html.escape
    switch = _switch(rep)
    rep.facts["lang"] = rep.lang
    if rep.doc_id:
        rep.facts["report_on"] = rep.doc_id
    if rep.single:
        d = rep.documents[0]
        rep.facts.update({k: d.get(k) for k in ("doc_id", "title", "title_en", "byline", "date", "source")})
        _html(f"{STYLE}{keyfigures.TABLE_STYLE}{switch}{article.header_html(d, rep.lang)}")
    else:
        n = rep.n_documents
        items = "".join(
            f"<li>{esc(d.get('title') or d['doc_id'])} "
            f"<span class='cn-report-meta'>({esc(commentary.period_name(d.get('date'), rep.lang) or rep.h('unknown'))})"
            f"</span></li>"
            for d in rep.records()[:50]
        )
        more = f"<p>{esc(rep.h('more_docs', n=n - 50))}</p>" if n > 50 else ""
        _html(f"{STYLE}{keyfigures.TABLE_STYLE}{switch}<h1>{esc(rep.h('corpus', n=n))}</h1><ol>{items}</ol>{more}")


def summary_text(rep: Report) -> str:
    """The summary: what the figures say, then the places (Markdown, text escaped). For a corpus it
    opens with how many documents, paragraphs and sections it reads."""
    lang = rep.lang
    ov = rep.overview
    n_docs = rep.n_documents
    n_para = int(ov["paragraphs"].sum()) if n_docs else 0
    n_sec = int(ov["headings"].sum()) if n_docs else 0
    rep.facts.update({"documents": n_docs, "paragraphs": n_para, "sections": n_sec})
    parts = []
    if not n_docs:
        parts.append(i18n.text("report.no_documents", lang))
    elif not rep.single:
        parts.append(i18n.text("report.documents", lang, n=n_docs, paragraphs=n_para, sections=n_sec))
    parts += [commentary.figures(rep.figures, rep.records(), lang, rep.facts),
              commentary.geography(rep.entities, rep.links, lang, rep.facts)]
    return "\n\n".join(p for p in parts if p)  # one paragraph each: the corpus, its figures, its places


def show_summary(rep: Report):
    _heading(rep, "summary")
    _md(summary_text(rep))


def show_article(rep: Report):
    """The article itself: its shape, the event, plan periods, sections and related pages (one document)."""
    if not rep.single:
        return
    _heading(rep, "article")
    t = rep.tables
    _html(article.about_html(rep.documents[0], t["figures"], t["entities"], t["dates"], rep.lang))


KEY_FIGURES_MAX = 200  # a corpus report's table shows this many figures (largest amounts first)


def show_figures(rep: Report, top: int = 15):
    """The key-figures table, a chart per group of comparable figures, the periods as spans, the map."""
    _heading(rep, "figures")
    figs = rep.figures
    if not len(figs):
        _md(f"*{i18n.text('kf.none', rep.lang)}*")
        return
    shown = figs.table()  # all of them, or the largest amounts first, then the others in order
    if len(figs) > KEY_FIGURES_MAX:
        _md(f"*{i18n.text('note.first_rows', rep.lang, shown=len(shown), total=len(figs))}*")
    texts = {d["doc_id"]: d.get("text") or "" for d in rep.documents}
    _html(keyfigures.table_html(shown, rep.lang, texts))
    grouped = figs.groups()
    alone = figs.alone()
    _md(commentary.esc(i18n.text("report.groups", rep.lang, n=len(grouped), alone=alone) if grouped
                       else i18n.text("report.no_groups", rep.lang)))
    drawn = keyfigures.group_charts(figs, rep.charts, rep.lang, top, prefix="05")
    rep.facts.update({"comparable_groups": len(grouped), "group_charts": drawn, "figures_alone": alone})
    keyfigures.periods_chart(figs, rep.tables.get("dates"), rep.documents, rep.charts, rep.lang, prefix="05")
    rep.facts["mapped_districts"] = keyfigures.district_map(figs, rep.charts, rep.lang, prefix="05")
    if not rep.single:
        _series(rep)


SERIES_SHOWN = 4  # a corpus report draws its longest time series (notebook 07 draws more)


def _series(rep: Report):
    """A corpus's time series (one place, subject and metric over several periods, notebook 07's panel),
    conflicting sources marked; nothing when no fact has several periods."""
    if rep.series is None:
        rep.series = panel_view.run_series(rep.dirs, SERIES_SHOWN)
    charts = panel_view.series_figures(rep.series, SERIES_SHOWN, rep.lang)
    rep.facts["series_charts"] = len(charts)
    if not charts:
        return
    _html(f"<h3>{html.escape(i18n.text('panel.head.series', rep.lang))}</h3>")
    for n, (_, fig) in enumerate(charts, start=1):
        views._finish(fig, rep.charts, f"05_series_{n}", rep.lang)


def show_vocabulary(rep: Report):
    _heading(rep, "vocabulary")
    tokens = rep.tables["tokens"]
    if not len(tokens):
        _md(f"*{i18n.text('vocab.none', rep.lang)}*")
        return
    terms = rep.tables["terms"]
    freq = terms.head(15) if len(terms) else keywords.term_frequencies(tokens, top=15)  # corpus-wide counts
    views.term_chart(freq, rep.charts, rep.lang, name="05_top_terms")
    _md(commentary.vocabulary(tokens, rep.tables.get("keywords"), freq, rep.lang, shared=rep.textrank_shared))
    rep.facts["top_terms"] = freq.head(10).to_dict("records")


def show_entities(rep: Report):
    """The entities table and the co-occurrence network, with one sentence on what they show."""
    _heading(rep, "entities")
    ents = rep.entities
    if len(ents):
        views.interactive(views.entities_compact(ents, rep.lang, limit=views.TABLE_MAX_ROWS), lang=rep.lang,
                          total=len(ents))
    views.network_chart(ents.pairs, ents, rep.charts, 25, rep.lang)
    n_p = ents.n_pairs
    text = (i18n.text("report.entities", rep.lang, n=len(ents), pairs=n_p) if len(ents)
            else i18n.text("report.no_entities", rep.lang))
    rep.facts.update({"cooccurrence_pairs": n_p})
    _md(text)


def _table_html(df: pd.DataFrame) -> str:
    """A static table with every cell escaped, in a box that scrolls sideways on a narrow screen."""
    body = views.escape_frame(df).to_html(index=False, escape=False, border=0, na_rep="")
    return f"<div class='cn-scroll'>{body}</div>"


def show_cleaning(rep: Report):
    """What cleaning changed (counts by kind) and the passages flagged for a person."""
    _heading(rep, "cleaning")
    log = rep.tables["cleaning_log"]
    failures = [] if rep.doc_id else products.read_failures(rep.dirs.outputs)  # files of the run that were skipped
    _md(commentary.cleaning(rep.records(), log, failures, rep.lang, rep.facts))
    flags = views.flags_table(rep.tables.get("cleaning_flags", log), rep.lang)
    _html(f"<h3>{html.escape(rep.h('flags'))}</h3>")
    if len(flags):
        _html(_table_html(flags))
    else:
        _md(f"*{rep.h('no_flags')}*")


def show_provenance(rep: Report):
    """Parameters and versions of the run, and where each quoted number can be traced."""
    _heading(rep, "provenance")
    esc = html.escape
    params = rep.run_info.get("parameters", {})
    versions = rep.run_info.get("versions", {})
    if rep.doc_id:
        params = dict(params, doc_id=rep.doc_id)
    params = {k: (paths.relative_to_project(v) if k in ("input_path", "work_dir") and v else v)
              for k, v in params.items()}
    rows = pd.DataFrame([{rep.h("param"): k, rep.h("value"): json.dumps(v, ensure_ascii=False),
                          rep.h("meaning"): i18n.param_meaning(k, rep.lang)} for k, v in params.items()])
    vers = ", ".join(f"{esc(str(k))} {esc(str(v))}" for k, v in versions.items())
    _html(f"<h3>{esc(rep.h('params'))}</h3>{_table_html(rows) if len(rows) else ''}"
          f"<h3>{esc(rep.h('versions'))}</h3><p>{vers}</p>")
    quoted = ", ".join(short for short in (commentary.short_id(f["figure_id"], rep.n_documents > 1)
                                           for f in rep.facts.get("figures_quoted", [])))
    name = facts_path(rep).relative_to(rep.dirs.processed).as_posix()
    text = (i18n.text("report.traced", rep.lang, quoted=quoted, facts=name) if quoted
            else i18n.text("report.untraced", rep.lang, facts=name))
    _md(commentary.esc(text))


def facts_path(rep: Report):
    """``report_facts.<lang>.json``, or ``report_facts/<doc>.<lang>.json`` for one document's report."""
    if rep.doc_id:
        return rep.dirs.processed / "report_facts" / f"{page_stem(rep.doc_id)}.{rep.lang}.json"
    return rep.dirs.processed / f"report_facts.{rep.lang}.json"


def write_facts(rep: Report):
    """The numbers the prose quotes, for tracing them back to table rows."""
    path = facts_path(rep)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(rep.facts, ensure_ascii=False, indent=1, default=str))
