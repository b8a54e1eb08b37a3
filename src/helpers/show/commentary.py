"""Prose computed from the tables, in English or Chinese, careful about what the numbers allow.

Nothing here knows the embedded article: every sentence is built from the products, says so when
the data are thin, never sums figures of different kinds or that may overlap, and states 超/突破
figures as lower bounds and 预计 figures as forecasts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from helpers.chars import has_cjk
from helpers.extract import gazetteer
from helpers.extract.units import yuan_text
from helpers.show import i18n


def kind_name(kind: str, lang: str) -> str:
    return i18n.name("figure_kind", kind, lang)


def type_name(kind: str, lang: str) -> str:
    return i18n.name("entity_type", kind, lang)


def in_chongqing(canonical: str, gazetteer_rows: dict | None = None) -> bool | None:
    """Whether a place lies in (or straddles) Chongqing: its code, the codes it covers, or a functional area.

    Returns None for places the gazetteer does not know (found by POS tags or patterns).
    """
    rows = gazetteer_rows if gazetteer_rows is not None else _gazetteer_rows()
    row = rows.get(canonical)
    if row is None:
        return None
    code = str(row.get("division_code") or "")
    covers = str(row.get("covers") or "")
    return code.startswith("500") or "500" in covers or row.get("subtype") == "functional_area"


def _gazetteer_rows() -> dict:
    global _GAZ
    if _GAZ is None:
        _GAZ = gazetteer.by_canonical()
    return _GAZ


_GAZ = None


def esc(text) -> str:
    r"""Text from an article, made safe for Markdown/HTML output (no markup, no links, no script).

    >>> print(esc("<script>alert(1)</script> *x*"))
    &lt;script&gt;alert(1)&lt;/script&gt; \*x\*
    """
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    s = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(s, quote=False))
    return s.replace(":", "&#58;")  # no bare-URL autolinks (http://...) in Markdown


def fmt_money(value: float, lang: str = "en") -> str:
    """Yuan as the genre writes it (亿元, 万元) or in English, four significant digits
    (:func:`helpers.extract.units.yuan_text`).

    >>> fmt_money(147500000000, "en"), fmt_money(147500000000, "zh"), fmt_money(12000000, "zh")
    ('147.5 billion yuan', '1475亿元', '1200万元')
    """
    return yuan_text(value, lang, digits=4)


def fmt_value(row, lang: str = "en") -> str:
    """A figure's value with its unit, in words (money via :func:`fmt_money`), as ``lang`` writes numbers."""
    if row["kind"] == "money" and row["unit"] == "CNY":
        return fmt_money(row["value"], lang)
    v = row["value"]
    if pd.isna(v):
        return ""
    if row["unit"] in ("%", "percent"):
        return f"{v:,.6g}%"
    conv = i18n.conventions(lang)
    return f"{_number(v, conv['myriads'])}{conv['unit_gap']}{row['unit']}"


def _number(v: float, myriads: tuple) -> str:
    """A number in myriads (万, 亿: ``myriads``) or, without them, with thousands separators.

    >>> _number(26000.0, ((1e8, "Y"), (1e4, "W"))), _number(26000.0, ())
    ('2.6W', '26,000')
    """
    if not myriads:
        return f"{v:,.6g}" if abs(v) < 1e15 else f"{v:.3e}"
    return next((f"{v / base:.6g}{word}" for base, word in myriads if abs(v) >= base), f"{v:.6g}")


def qualified(row, lang: str = "en") -> str:
    """'more than 90 亿元' style phrase: the qualifier said in words before the value."""
    q = str(row.get("qualifier") or "exact")
    prefix = "".join(i18n.name("qualifier_prefix", part, lang, default="") for part in q.split("+")
                     if part != "forecast")
    value = prefix + fmt_value(row, lang)
    if "forecast" in q:
        value = i18n.text("fig.forecast_value", lang, value=value)
    return value


def _subject(row, lang: str) -> str:
    """Who or what a figure is about: its subject and, where the subject does not name it, its
    place (化工新材料产业 in 长寿区; 长寿区化工新材料产业), else whichever of the two it has."""
    s, p = (row.get(c) for c in ("subject", "place"))
    s, p = (v if isinstance(v, str) and v else "" for v in (s, p))
    if s and p and p not in s:
        return i18n.text("fig.subject_in_place", lang, subject=esc(s), place=esc(p))
    if s or p:
        return esc(s or p)
    return i18n.text("fig.no_subject", lang)


def _metric(row, lang: str) -> str:
    m = row.get("metric")
    return esc(m) if isinstance(m, str) and m else i18n.text("fig.no_metric", lang)


# ----------------------------------------------------------------------------- 01

def op_name(op: str, lang: str = "en") -> str:
    """A cleaning operation in words (the log's ``op`` code when unknown).

    >>> op_name("pair_quotes", "zh"), op_name("pair_quotes", "en")
    ('引号配对', 'quotes paired')
    """
    return i18n.name("cleaning_op", op, lang)


def flag_reason(op: str, reason, lang: str = "en") -> str:
    """Why a passage was flagged, in the report's language.

    The log keeps its reasons in the base language (English), which a report in that language shows
    as they are; another language shows its translation of the reason for the operation.
    """
    if i18n.in_base(lang):
        return "" if reason is None or (isinstance(reason, float) and pd.isna(reason)) else str(reason)
    return i18n.name("flag_reason", op, lang, default=i18n.text("clean.reason_unknown", lang))


def cleaning(documents: list[dict], log: pd.DataFrame, failures: list[dict], lang: str = "en",
             facts: dict | None = None) -> str:
    """What cleaning changed and what a person should check, from the cleaning log.

    >>> log = pd.DataFrame({"doc_id": ["d"], "op": ["pair_quotes"], "before": ['"'], "reason": ["x"]})
    >>> cleaning([{"doc_id": "d", "date": "2025"}], log, [], "zh")
    '共清洗 1 篇文档，改动 1 处，另有 0 处标记待人工核对。改动类型：引号配对 1 处。'
    """
    flags = log[log["op"].str.startswith("flag_")] if len(log) else log
    changes = log[~log["op"].str.startswith("flag_")] if len(log) else log
    by_op = changes.groupby("op").size().sort_values(ascending=False) if len(changes) else pd.Series(dtype=int)
    undated = [d["doc_id"] for d in documents if not d.get("date")]
    if facts is not None:
        facts.update({"changes": len(changes), "flags": len(flags), "undated_documents": len(undated),
                      "changes_by_op": {str(k): int(v) for k, v in by_op.items()}})
    parts = [i18n.text("clean.summary", lang, docs=len(documents), changes=len(changes), flags=len(flags))]
    if len(by_op):
        parts.append(i18n.text("clean.by_op", lang, items=i18n.enumerate_items(
            (i18n.text("clean.op_count", lang, op=op_name(op, lang), n=n) for op, n in by_op.items()), lang)))
    if failures:
        parts.append(i18n.text("clean.failures", lang, n=len(failures)))
    if len(flags):
        parts.append(i18n.text("clean.flagged", lang, items=i18n.text("sep.clause", lang).join(
            i18n.text("clean.flag_item", lang, passage=esc(r.before)[:30], op=op_name(r.op, lang))
            for r in flags.head(8).itertuples())))
    if undated:
        parts.append(i18n.text("clean.undated", lang, n=len(undated)))
    return i18n.sentences(parts, lang)


# ----------------------------------------------------------------------------- 02

def vocabulary(tokens: pd.DataFrame, keywords: pd.DataFrame, freq: pd.DataFrame, lang: str = "en") -> str:
    """How many tokens of which sort, the most frequent words, and whether TF-IDF and TextRank agree."""
    if not len(tokens):
        return i18n.text("vocab.none", lang)
    top_f = [esc(t) for t in freq["term"].head(5)] if len(freq) else []
    s = i18n.text("vocab.stats", lang, n=len(tokens), stop=tokens["is_stop"].mean(),
                  figures=int(tokens["is_figure"].sum()), entities=int(tokens["is_entity"].sum()),
                  top=i18n.join_list(top_f, lang))
    tfidf, textrank = _ranked(keywords, "tfidf"), _ranked(keywords, "textrank")
    if not tfidf:
        return s
    both = [esc(t) for t in tfidf if t in textrank]
    s += i18n.text("vocab.methods", lang, tfidf=i18n.join_list([esc(t) for t in tfidf], lang),
                   textrank=i18n.join_list([esc(t) for t in textrank], lang))
    return s + (i18n.text("vocab.agree", lang, both=i18n.join_list(both, lang)) if both
                else i18n.text("vocab.disagree", lang))


def _ranked(keywords: pd.DataFrame, score: str, top: int = 5) -> list[str]:
    """The ``top`` terms by ``score`` (each term once)."""
    if not len(keywords):
        return []
    return keywords.sort_values(score, ascending=False)["term"].drop_duplicates().head(top).tolist()


# ----------------------------------------------------------------------------- 03

def qualifier_name(q, lang: str = "en") -> str:
    """The ``qualifier`` code in words; combined codes joined.

    >>> qualifier_name("more_than+forecast", "zh"), qualifier_name("more_than", "en")
    ('下限（超过）、预计', 'lower bound (more than)')
    """
    if not isinstance(q, str) or not q:
        q = "exact"
    return i18n.enumerate_items((i18n.name("qualifier", part, lang) for part in q.split("+")), lang)


_PERIOD = re.compile(r"^(\d{4}|XXXX)(?:-(.+))?$")
_MONTH_DAY = re.compile(r"^(\d{2})(?:-(\d{2}))?$")
_YEAR = re.compile(r"^\d{4}$")


def period_name(period, lang: str = "en") -> str:
    """A ``period`` code for readers: ISO-like in English, 年/月/季度 in Chinese; unresolved ones said so.

    >>> period_name("2025-H1", "zh"), period_name("2023-11/to-date", "zh"), period_name("XXXX-H1", "en")
    ('2025年上半年', '2023年11月至今', 'H1 of an unknown year')
    >>> period_name("XXXX-H1", "zh"), period_name("去年", "en"), period_name(None, "zh")
    ('上半年（年份未知）', '去年 (relative; document date unknown)', '')
    """
    if period is None or (isinstance(period, float) and pd.isna(period)) or period is pd.NA or period == "":
        return ""
    p = str(period)
    if "/" in p:
        return _period_range(p, lang)
    if i18n.knows("period_word", p):
        return i18n.name("period_word", p, lang)
    m = _PERIOD.match(p)
    if not m:  # a relative word kept because the document date is unknown, or a code we do not read
        return i18n.text("period.relative", lang, word=p) if has_cjk(p) else p
    year, rest = m.groups()
    if year == "XXXX":
        return _period_of_unknown_year(rest, lang)
    return _period_of_year(year, rest, lang) or p


def _period_range(p: str, lang: str) -> str:
    """``start/end`` or ``start/to-date``."""
    a, b = p.split("/", 1)
    if b == "to-date":
        return i18n.text("period.to_date", lang, start=period_name(a, lang))
    return i18n.text("period.range", lang, start=period_name(a, lang), end=period_name(b, lang))


def _period_of_unknown_year(rest: str | None, lang: str) -> str:
    """``XXXX`` or ``XXXX-H1``: a part of a year that the document date would have told."""
    if rest is None:
        return i18n.text("period.unknown_year", lang)
    if i18n.knows("period_part", rest):
        part = i18n.name("period_part", rest, lang)
    elif rest.isdigit():
        part = i18n.text("period.month_of_unknown_year", lang, mm=rest)
    else:
        part = rest
    return i18n.text("period.of_unknown_year", lang, part=part)


def _period_of_year(year: str, rest: str | None, lang: str) -> str | None:
    """``2025``, ``2025-H1``, ``2025-03``, ``2025-03-14`` or ``2025-2027`` in words (None for other codes)."""
    if rest is None:
        return i18n.text("period.year", lang, year=year)
    if i18n.knows("period_part", rest):
        return i18n.text("period.part", lang, year=year, part=i18n.name("period_part", rest, lang))
    m = _MONTH_DAY.match(rest)
    if m and m.group(2):
        return i18n.text("period.day", lang, year=year, m=int(m.group(1)), d=int(m.group(2)))
    if m:
        return i18n.text("period.month", lang, year=year, m=int(m.group(1)))
    if _YEAR.match(rest):
        return i18n.text("period.years", lang, year=year, end=rest)
    return None


def unresolved(period) -> bool:
    """Whether a period could not be resolved (relative words without a document date, 近年)."""
    if not isinstance(period, str) or not period:
        return False
    return period.startswith("XXXX") or period == "recent" or has_cjk(period)


def short_id(figure_id, multi: bool = False) -> str:
    """``doc:F005`` shown as ``F005`` in a one-document report (the table shows the same)."""
    s = str(figure_id)
    return s if multi else s.rsplit(":", 1)[-1]


def _ref(row, multi: bool = False) -> str:
    return esc(short_id(row["figure_id"], multi))


def _quote(row, facts: dict | None, multi: bool = False) -> None:
    if facts is None:
        return
    facts.setdefault("figures_quoted", [])
    fid = str(row["figure_id"])
    if fid not in [f["figure_id"] for f in facts["figures_quoted"]]:
        facts["figures_quoted"].append({k: (None if pd.isna(row.get(k)) else row.get(k)) for k in (
            "figure_id", "doc_id", "text", "value", "unit", "kind", "qualifier", "place", "subject", "metric",
            "metric_en", "measure", "period", "period_kind", "sentence")})


def _is_forecast(q) -> bool:
    return isinstance(q, str) and "forecast" in q


@dataclass
class _FigureSets:
    """The figures sorted into what the prose says about them."""

    kinds: pd.Series  # figures per kind
    money: pd.DataFrame  # amounts in yuan, largest first
    achieved_money: pd.DataFrame
    forecast_money: pd.DataFrame
    forecast: pd.DataFrame
    bounds: pd.DataFrame  # lower bounds (超, 突破 ...)
    subjects: pd.Series  # figures per subject
    unresolved: int  # figures whose period could not be resolved

    @classmethod
    def of(cls, figs: pd.DataFrame) -> _FigureSets:
        money = figs[(figs["kind"] == "money") & (figs["unit"] == "CNY")].sort_values("value", ascending=False)
        money_forecast = money["qualifier"].map(_is_forecast)
        return cls(
            kinds=figs["kind"].value_counts(), money=money,
            achieved_money=money[~money_forecast], forecast_money=money[money_forecast],
            forecast=figs[figs["qualifier"].map(_is_forecast)],
            bounds=figs[figs["qualifier"].fillna("").str.contains("more_than")],
            subjects=figs["subject"].fillna("").replace("", pd.NA).dropna().value_counts(),
            unresolved=int(figs["period"].map(unresolved).sum()))


def figures(figs: pd.DataFrame, documents: list[dict], lang: str = "en", facts: dict | None = None) -> str:
    """What the figures say, with the figure id after every number it quotes.

    Amounts are never added (they measure different things and may contain one another); 超/突破
    figures are stated as lower bounds and 预计 ones as forecasts, apart from what has been achieved.
    """
    if facts is not None:
        facts["figures"] = len(figs)
    if not len(figs):
        return i18n.text("fig.none", lang)
    multi = figs["doc_id"].nunique() > 1
    sets = _FigureSets.of(figs)
    if facts is not None:
        facts.update({"figures_by_kind": {str(k): int(v) for k, v in sets.kinds.items()},
                      "forecasts": [str(i) for i in sets.forecast["figure_id"]],
                      "lower_bounds": [str(i) for i in sets.bounds["figure_id"]],
                      "unresolved_periods": sets.unresolved})
    parts = [*_figure_counts(figs, sets, lang), *_money_sentences(sets, lang, facts, multi),
             *_forecast_sentences(figs, sets, lang), *_undated_sentence(documents, sets, lang)]
    return i18n.sentences(parts, lang)


def _figure_counts(figs: pd.DataFrame, sets: _FigureSets, lang: str) -> list[str]:
    """How many figures of each kind, and whether that is too few to say more."""
    kinds = i18n.enumerate_items((i18n.text("fig.kind_count", lang, n=v, kind=kind_name(k, lang))
                                  for k, v in sets.kinds.items()), lang)
    parts = [i18n.text("fig.found", lang, n=len(figs), kinds=kinds)]
    if len(figs) < 3:
        parts.append(i18n.text("fig.too_few", lang))
    return parts


def _money_sentences(sets: _FigureSets, lang: str, facts: dict | None, multi: bool) -> list[str]:
    """The largest amount achieved (and the next ones) and the largest forecast; never a sum."""
    parts = [] if len(sets.money) else [i18n.text("fig.no_money", lang)]
    for label, rows in (("achieved", sets.achieved_money), ("forecast", sets.forecast_money)):
        if not len(rows):
            continue
        top = rows.iloc[0]
        _quote(top, facts, multi)
        if facts is not None:
            facts[f"largest_money_{label}"] = str(top["figure_id"])
        parts.append(i18n.text(f"fig.largest_{label}", lang, value=qualified(top, lang), metric=_metric(top, lang),
                               subject=_subject(top, lang), text=esc(top["text"]), ref=_ref(top, multi)))
        if label == "achieved" and len(rows) > 1:
            parts.append(_next_amounts(rows.iloc[1:4], lang, facts, multi))
    if len(sets.money) > 1:
        parts.append(i18n.text("fig.not_added", lang))
    return parts


def _next_amounts(rows: pd.DataFrame, lang: str, facts: dict | None, multi: bool) -> str:
    for _, r in rows.iterrows():
        _quote(r, facts, multi)
    return i18n.text("fig.next", lang, items=i18n.join_list([
        i18n.text("fig.next_item", lang, value=qualified(r, lang), subject=_subject(r, lang), metric=_metric(r, lang),
                  ref=_ref(r, multi)) for _, r in rows.iterrows()], lang))


def _forecast_sentences(figs: pd.DataFrame, sets: _FigureSets, lang: str) -> list[str]:
    """The subjects with most figures, then how many figures are forecasts and how many lower bounds."""
    parts = []
    if len(sets.subjects) and len(figs) >= 3:
        parts.append(i18n.text("fig.subjects", lang, items=i18n.enumerate_items(
            (i18n.text("fig.subject_count", lang, subject=esc(s), n=n) for s, n in sets.subjects.head(5).items()),
            lang)))
    n_fc = len(sets.forecast)
    parts.append(i18n.text("fig.forecasts", lang, n=n_fc, rest=len(figs) - n_fc) if n_fc
                 else i18n.text("fig.no_forecasts", lang))
    if len(sets.bounds):
        parts.append(i18n.text("fig.lower_bounds", lang, n=len(sets.bounds)))
    return parts


def _undated_sentence(documents: list[dict], sets: _FigureSets, lang: str) -> list[str]:
    """Which relative periods stay unresolved because a document has no date."""
    n_undated = sum(1 for d in documents if not d.get("date"))
    if not n_undated:
        return []
    who = (i18n.text("fig.undated_document", lang) if len(documents) == 1 else
           i18n.text("fig.undated_documents", lang, n=n_undated, total=len(documents)))
    return [who + (i18n.text("fig.unresolved", lang, n=sets.unresolved) if sets.unresolved
                   else i18n.text("fig.unresolvable", lang))]


# ----------------------------------------------------------------------------- 04

def geography(entities: pd.DataFrame, links: pd.DataFrame | None, lang: str = "en", facts: dict | None = None) -> str:
    """Which places and organisations the text names, which Chongqing districts dominate, what lies outside."""
    if facts is not None:
        facts["entities"] = len(entities)
    if not len(entities):
        return i18n.text("geo.none", lang)
    e = entities.groupby(["canonical", "type"], as_index=False).agg(
        mentions=("mentions", "sum"), division_code=("division_code", "first"))
    by_type = e["type"].value_counts()
    districts = _districts(e)
    if facts is not None:
        facts["entities_by_type"] = {str(k): int(v) for k, v in by_type.items()}
        facts["districts"] = [{"canonical": r.canonical, "division_code": r.division_code, "mentions": int(r.mentions)}
                              for r in districts.itertuples()]
    orgs = e[e["type"] == "org"].sort_values("mentions", ascending=False)
    money_by = _money_by_entity(links)
    parts = [i18n.text("geo.found", lang, items=i18n.enumerate_items(
        (i18n.text("geo.type_count", lang, n=n, type=type_name(t, lang)) for t, n in by_type.items()), lang)),
        _districts_sentence(districts, lang)]
    named = (("geo.outside", [esc(c) for c in _outside(e)["canonical"].head(8)]),
             ("geo.orgs", [esc(c) for c in orgs["canonical"].head(5)]),
             ("geo.money", [i18n.text("geo.money_item", lang, name=esc(k), money=fmt_money(v, lang))
                            for k, v in money_by[:5]]))
    parts += [i18n.text(key, lang, items=i18n.join_list(items, lang)) for key, items in named if items]
    return i18n.sentences(parts, lang)


def _districts(e: pd.DataFrame) -> pd.DataFrame:
    """The Chongqing county-level divisions among the places, most mentioned first."""
    codes = e["division_code"].fillna("")
    return e[(e["type"] == "place") & codes.str.match(r"^500[12]\d\d$")].sort_values("mentions", ascending=False)


def _outside(e: pd.DataFrame) -> pd.DataFrame:
    """The places the gazetteer puts outside Chongqing (rivers, which cross it, left out)."""
    rows = _gazetteer_rows()
    inside = e["canonical"].map(lambda c: in_chongqing(c, rows))
    subtype = e["canonical"].map(lambda c: (rows.get(c) or {}).get("subtype", ""))
    return e[(e["type"] == "place") & (inside == False) & (subtype != "river")]  # noqa: E712


def _districts_sentence(districts: pd.DataFrame, lang: str) -> str:
    if not len(districts):
        return i18n.text("geo.no_districts", lang)
    return i18n.text("geo.districts", lang, n=len(districts), items=i18n.join_list(
        [i18n.text("geo.district_mentions", lang, name=esc(r.canonical), n=r.mentions)
         for r in districts.head(5).itertuples()], lang))


def _money_by_entity(links: pd.DataFrame | None) -> list[tuple[str, float]]:
    if links is None or not len(links):
        return []
    col = next((c for c in ("max_money", "money_max", "largest_money") if c in links.columns), None)
    name = next((c for c in ("canonical", "entity", "name") if c in links.columns), None)
    if not col or not name:
        return []
    m = links[[name, col]].dropna()
    m = m[m[col] > 0].sort_values(col, ascending=False)
    return list(zip(m[name], m[col]))
