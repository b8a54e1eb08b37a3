"""The article itself, before its numbers: title, source and date with where each came from, the event
it reports, its sections with their opening sentences, its plan periods and the related pages.

Extractive and honest: every sentence is computed from the document row and the tables; the text is
quoted, never paraphrased, and what the data do not say (an English title, a date) is said to be
unknown. On an English page the Chinese quotations stay in tables, the prose names things in English.
"""

from __future__ import annotations

import functools
import html
import re

import pandas as pd

from helpers.chars import first_sentence
from helpers.extract import gazetteer
from helpers.show import commentary, i18n, names

__all__ = ["about_html", "header_html", "plan_periods", "related_rows", "section_rows"]

def _str(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def header_html(doc: dict, lang: str) -> str:
    """Title (its English from metadata on the English page, the original beside it), byline, date,
    source, and where each came from."""
    e = html.escape
    suffix = i18n.conventions(lang)["meta_suffix"]  # "_en": the English title and source from metadata
    title = _str(doc.get("title")) or doc["doc_id"]
    own_title = _str(doc.get(f"title{suffix}")) if suffix else ""
    out = [f"<h1>{e(own_title or title)}</h1>"]
    if own_title:
        label = i18n.text("art.original_title", lang) + i18n.text("sep.label", lang)
        out.append(f'<p class="cn-report-meta">{e(label)}'
                   f'<span lang="zh">{e(title)}</span></p>')
    byline = _str(doc.get("byline"))
    source = (_str(doc.get(f"source{suffix}")) if suffix else "") or _str(doc.get("source"))
    date = _str(doc.get("date"))
    meta = [(k, v) for k, v in (("by", names.label(byline, lang, "person") if byline else ""),
                                ("date", commentary.period_name(date, lang) if date else ""),
                                ("source", source))]
    items = "".join(f"<span><b>{e(i18n.text(f'head.{k}', lang))}</b>{e(i18n.text('sep.label', lang))}"
                    f"{e(v) if v else e(i18n.text('head.unknown', lang))}</span>" for k, v in meta)
    out.append(f'<p class="cn-report-meta">{items}</p>')
    origin = _origin_sentence(doc, lang)
    if origin:
        out.append(f'<p class="cn-report-meta">{e(origin)}</p>')
    if not date:
        out.append(f"<p class='cn-report-note'>{e(i18n.text('head.no_date', lang))}</p>")
    return "".join(out)


def _origin_sentence(doc: dict, lang: str) -> str:
    """"Title, date and source from metadata.csv; byline from the text." from the document's ``origin``."""
    origin = doc.get("origin")
    if not isinstance(origin, dict):
        return ""
    parts = []
    for where in ("given", "text"):
        fields = [i18n.text(f"art.field_{k}", lang) for k in ("title", "byline", "date", "source")
                  if origin.get(k) == where]
        if fields:
            parts.append(i18n.text(f"art.from_{where}", lang, fields=i18n.join_list(fields, lang)))
    if not parts:
        return ""
    text = i18n.text("sep.clause", lang).join(parts)
    return i18n.text("art.origin", lang, text=text[:1].upper() + text[1:])


# ----------------------------------------------------------------------------- sections

def section_rows(doc: dict, figs: pd.DataFrame) -> list[dict]:
    """One row per section: its heading, its opening sentence and the ids of the figures in it.

    An article without headings is one section, named by nothing; text before the first heading is
    the lead, with its own row.
    """
    paragraphs = doc.get("paragraphs") or []
    sections = list(doc.get("sections") or [])
    body = [p for p in paragraphs if p.get("kind") == "body"]
    if not body:
        return []
    first_heading = min((s["start"] for s in sections), default=None)
    spans = ([{"title": "", "start": body[0]["start"], "end": first_heading}]
             if first_heading is None or body[0]["start"] < first_heading else [])
    spans += sections
    rows = []
    for sec in spans:
        end = sec["end"] if sec["end"] is not None else float("inf")
        inside = [p for p in body if sec["start"] <= p["start"] < end]
        if not inside:
            continue
        f = figs[(figs["start"] >= sec["start"]) & (figs["start"] < end)] if len(figs) else figs
        rows.append({"heading": _str(sec["title"]), "opening": first_sentence(inside[0]["text"]),
                     "paragraphs": len(inside),
                     "figures": [commentary.short_id(i) for i in f["figure_id"]] if len(f) else []})
    return rows


def _sections_table(rows: list[dict], lang: str) -> str:
    e = html.escape
    heads = [i18n.name("section_column", c, lang) for c in ("n", "heading", "opening", "paragraphs", "figures")]
    body = "".join(
        f"<tr><td>{n}</td><td>{e(r['heading'] or i18n.text('art.lead', lang))}</td><td>{e(r['opening'])}</td>"
        f"<td>{r['paragraphs']}</td><td>{e(i18n.enumerate_items(r['figures'], lang) or '–')}</td></tr>"
        for n, r in enumerate(rows, start=1))
    return (f'<table class="cn-kf cn-sections"><thead><tr>{"".join(f"<th>{e(h)}</th>" for h in heads)}'
            f"</tr></thead><tbody>{body}</tbody></table>")


# ----------------------------------------------------------------------------- event, plans, related

@functools.lru_cache(maxsize=1)
def _subtypes() -> dict[str, str]:
    g = gazetteer.load()
    return dict(zip(g["canonical"], g["subtype"].fillna("")))


def events(ents: pd.DataFrame) -> list[str]:
    """The events (programmes of subtype ``event``: a fair, a matchmaking conference) the text names,
    most mentioned first."""
    if not len(ents):
        return []
    sub = ents["canonical"].map(lambda c: _subtypes().get(c, ""))
    ev = ents[sub == "event"].sort_values(["mentions", "first_start"], ascending=[False, True])
    return list(dict.fromkeys(ev["canonical"]))


def programmes(ents: pd.DataFrame, exclude: list[str] = ()) -> list[str]:
    """The programmes, plans and partnerships the text names (not its events), most mentioned first."""
    if not len(ents):
        return []
    p = ents[(ents["type"] == "programme") & ~ents["canonical"].isin(list(exclude))]
    p = p.groupby("canonical", as_index=False).agg(mentions=("mentions", "sum"), first=("first_start", "min"))
    return p.sort_values(["mentions", "first"], ascending=[False, True])["canonical"].tolist()


def plan_periods(dates: pd.DataFrame, figs: pd.DataFrame, doc_date: str = "") -> list[dict]:
    """Periods that reach past the document's year or span several years (a 2025-2027 plan), each
    with the figures that refer to it."""
    if not len(dates):
        return []
    year = int(doc_date[:4]) if re.match(r"^\d{4}", doc_date or "") else None
    out = []
    for p in dict.fromkeys(dates["period"].dropna().astype(str)):
        m = re.match(r"^(\d{4})(?:-(\d{4}))?$", p)
        if not m or not (m[2] or (year and int(m[1]) > year)):
            continue
        ids = [commentary.short_id(i) for i in figs.loc[figs["period"] == p, "figure_id"]] if len(figs) else []
        out.append({"period": p, "figures": ids})
    return out


def related_rows(doc: dict, lang: str) -> list[dict]:
    """The list of other articles printed at the article's end (split off by cleaning)."""
    rows = []
    for r in doc.get("related") or []:
        place = _str(r.get("place"))
        canon = _canonical(place)
        rows.append({"page": r.get("page"), "place": names.label(canon, lang, "place") if canon else place,
                     "title": _str(r.get("title"))})
    return rows


@functools.lru_cache(maxsize=4096)
def _canonical(surface: str) -> str:
    if not surface:
        return ""
    g = gazetteer.load()
    hit = g.loc[g["surface"] == surface, "canonical"]
    return str(hit.iloc[0]) if len(hit) else surface


def _related_table(rows: list[dict], lang: str) -> str:
    e = html.escape
    heads = [i18n.name("related_column", c, lang) for c in ("page", "place", "title")]
    body = "".join(f"<tr><td>{e(str(r['page'] or ''))}</td><td>{e(r['place'])}</td><td>{e(r['title'])}</td></tr>"
                   for r in rows)
    return (f'<table class="cn-kf cn-related"><thead><tr>{"".join(f"<th>{e(h)}</th>" for h in heads)}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def _pages(rows: list[dict]) -> str:
    pages = sorted(int(r["page"]) for r in rows if str(r.get("page") or "").isdigit())
    if not pages:
        return ""
    return f"{pages[0]}–{pages[-1]}" if len(pages) > 1 and pages[-1] - pages[0] == len(pages) - 1 else \
        ", ".join(map(str, pages))


def about_html(doc: dict, figs: pd.DataFrame, ents: pd.DataFrame, dates: pd.DataFrame, lang: str) -> str:
    """The section on the article: what it is about and how it is built, from its own text."""
    e = html.escape
    sections = section_rows(doc, figs)
    n_para = sum(r["paragraphs"] for r in sections)
    n_head = sum(1 for r in sections if r["heading"])
    parts = [i18n.text("art.shape" if n_head else "art.shape_flat", lang, n=n_para, sections=n_head,
                       figures=len(figs))]
    ev = events(ents)
    if ev:
        parts.append(i18n.text("art.event", lang, n=len(ev), events=i18n.join_list(
            [names.label(x, lang, "programme") for x in ev[:3]], lang)))
    progs = programmes(ents, exclude=ev)
    if progs:
        shown = [names.label(x, lang, "programme") for x in progs[:6]]
        more = len(progs) - len(shown)
        items = i18n.enumerate_items(shown, lang) if more else i18n.join_list(shown, lang)
        parts.append(i18n.text("art.programmes", lang, n=len(progs), items=items,
                               more_note=i18n.text("art.more", lang, n=more) if more else ""))
    plans = plan_periods(dates, figs, _str(doc.get("date")))
    if plans:
        parts.append(i18n.text("art.plans", lang, n=len(plans), periods=i18n.join_list(
            [commentary.period_name(p["period"], lang) + (
                i18n.text("art.plan_figures", lang, n=len(p["figures"]),
                          ids=i18n.enumerate_items(p["figures"], lang)) if p["figures"]
                else "") for p in plans], lang)))
    related = related_rows(doc, lang)
    if related:
        places = list(dict.fromkeys(r["place"] for r in related if r["place"]))
        parts.append(i18n.text("art.related", lang, n=len(related), pages=_pages(related),
                               places=i18n.join_list(places, lang)))
    out = [f"<p>{e(i18n.sentences(parts, lang))}</p>"]
    if n_head:  # an article without headings is one block: its opening sentence is its first line
        out.append(f"<h3>{e(i18n.text('art.sections_head', lang))}</h3>{_sections_table(sections, lang)}")
    if related:
        out.append(f"<h3>{e(i18n.text('art.related_head', lang))}</h3>{_related_table(related, lang)}")
    return "".join(out)
