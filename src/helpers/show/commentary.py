"""Prose computed from the tables, in English or Chinese, careful about what the numbers allow.

Nothing here knows the embedded article: every sentence is built from the products, says so when
the data are thin, never sums figures of different kinds or that may overlap, and states 超/突破
figures as lower bounds and 预计 figures as forecasts.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from helpers.chars import has_cjk
from helpers.extract import gazetteer
from helpers.extract.keywords import content_mask
from helpers.extract.meaning import clause_of
from helpers.extract.units import significant, yuan_text
from helpers.show import i18n, names
from helpers.show.digest import MAX_IDS, _is_forecast, digest_of, entity_totals, keep_largest, rank_entities, unresolved


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


# ----------------------------------------------------------------------------- a figure in words

def _str(v) -> str:
    return v if isinstance(v, str) else ""


def number_words(v: float, lang: str) -> str:
    """A number with thousands separators, at most four significant digits after a decimal point; in
    Chinese from 万 up in 万 and 亿 (2.6万, 1.2亿), as the genre writes them.

    >>> number_words(1200.0, "en"), number_words(0.5, "zh"), number_words(1234567.0, "en")
    ('1,200', '0.5', '1,234,567')
    >>> number_words(26000.0, "zh"), number_words(1200.0, "zh"), number_words(26000.0, "en")
    ('2.6万', '1,200', '26,000')
    >>> number_words(1.26e14, "zh"), number_words(3.3e17, "zh")
    ('126万亿', '330,000万亿')
    """
    if i18n.conventions(lang)["myriads"]:
        for base, key in ((1e12, "kf.wanyi"), (1e8, "kf.yi"), (1e4, "kf.wan")):
            if abs(v) >= base:
                return i18n.text(key, lang, v=significant(v / base, 4))
    if float(v).is_integer() or abs(v) >= 1e4:
        return f"{v:,.0f}"
    return f"{v:,.6g}" if abs(v) >= 1000 else f"{v:,.4g}"


def money_words(v: float, lang: str) -> str:
    """Yuan: billion/million in English, 亿元/万元 in Chinese, with thousands separators.

    >>> money_words(147.5e9, "en"), money_words(147.5e9, "zh"), money_words(1.2e7, "zh"), money_words(173e6, "en")
    ('147.5 billion yuan', '1,475亿元', '1,200万元', '173 million yuan')
    >>> money_words(3.3e15, "zh"), money_words(3.3e15, "en")
    ('3,300万亿元', '3,300 trillion yuan')
    """
    if i18n.conventions(lang)["myriads"]:
        for base, word in ((1e12, "wanyi"), (1e8, "yi"), (1e4, "wan")):
            if abs(v) >= base:
                return i18n.text(f"kf.yuan_{word}", lang, v=significant(v / base, 4))
        return i18n.text("kf.yuan", lang, v=number_words(v, lang))
    return fmt_money(v, lang)


def unit_words(row, lang: str) -> str:
    """The unit after the number: the unit's own word, else (个, 项) the metric's noun (projects)."""
    unit = _str(row.get("unit"))
    word = names.unit_label(unit, row["value"], lang)
    if word or i18n.conventions(lang)["quotes_source"]:
        return word  # Chinese: 个 and 项 say enough after the number
    if row.get("kind") == "count" and _str(row.get("metric_en")) and row.get("measure") in (None, "", "level"):
        return _str(row.get("metric_en"))
    return ""


def value_words(row, lang: str = "en", mark_forecast: bool = True) -> str:
    """The value of a figure row as a reader writes it, qualifier (超, 近 ...) and forecast said once.

    >>> r = {"value": 1.8e11, "unit": "CNY", "kind": "money", "qualifier": "more_than"}
    >>> value_words(r, "en"), value_words(r, "zh")
    ('more than 180 billion yuan', '超过1,800亿元')
    """
    v = row.get("value")
    if v is None or pd.isna(v):
        return _str(row.get("text"))
    if row.get("kind") == "money" and row.get("unit") == "CNY":
        amount = money_words(v, lang)
    elif _str(row.get("unit")) in ("%", "percent"):
        amount = f"{number_words(v, lang)}%"
    else:
        unit = unit_words(row, lang)
        gap = i18n.conventions(lang)["unit_gap"] if unit else ""
        amount = f"{number_words(v, lang)}{gap}{unit}"
    q = _str(row.get("qualifier")) or "exact"
    prefix = "".join(i18n.name("qualifier_prefix", part, lang, default="") for part in q.split("+"))
    said = prefix + amount
    return i18n.text("fig.forecast_value", lang, value=said) if "forecast" in q and mark_forecast else said


def place_words(row, lang: str = "en") -> str:
    """The figure's place by its name in ``lang`` ('' when it has none)."""
    p = _str(row.get("place"))
    return names.label(p, lang, "place") if p else ""


def subject_words(row, lang: str = "en") -> str:
    """The figure's subject: in English by a known English name, else as the article writes it."""
    s = _str(row.get("subject"))
    return names.label(s, lang) if s and names.known(s) else s


def metric_words(row, lang: str = "en") -> str:
    """The metric by its name in ``lang`` (``metric_en`` in English), else as the article names it."""
    return _str(row.get(i18n.conventions(lang)["metric_column"])) or _str(row.get("metric"))


def period_words(row, lang: str = "en") -> str:
    """When: the period in words, else how the figure counts time (per year, cumulative)."""
    p = period_name(row.get("period"), lang)
    kind = _str(row.get("period_kind"))
    if p:
        return p
    return i18n.name("period_kind", kind, lang, default="") if kind else ""


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

#: The cleaning log's routine repairs (punctuation, spacing, invisible characters): counted, never listed
#: ahead of the changes that touch the content or the structure.
ROUTINE_OPS = frozenset({"fullwidth_punct", "pair_quotes", "remove_cjk_space", "remove_digit_space",
                         "collapse_space", "remove_invisible", "drop_control"})
#: The order the groups of :func:`change_group` are shown in.
CHANGE_GROUPS = ("substantive", "flag", "routine")


def change_group(op) -> str:
    """``flag`` (a passage marked for a person, its text unchanged), ``routine`` (:data:`ROUTINE_OPS`) or
    ``substantive`` (lines joined, glyphs and page furniture removed, the related-article list split off ...).

    >>> change_group("flag_lost_text"), change_group("pair_quotes"), change_group("join_broken_line")
    ('flag', 'routine', 'substantive')
    """
    if str(op).startswith("flag_"):
        return "flag"
    return "routine" if op in ROUTINE_OPS else "substantive"


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


def op_count(op: str, n: int, lang: str = "en") -> str:
    """``n`` changes of kind ``op`` in words.

    >>> op_count("pair_quotes", 86), op_count("join_broken_line", 1), op_count("pair_quotes", 1200, "zh")
    ('86 quotation marks paired', 'one broken line joined', '引号配对 1,200 处')
    """
    key = f"clean.n.{op}"
    if key in i18n.PHRASES:
        return i18n.text(key, lang, n=int(n))
    return i18n.text("clean.n_other", lang, op=op_name(op, lang), n=int(n))


def op_counts(ops: pd.Series, lang: str = "en") -> str:
    """The kinds of change among ``ops`` (log ``op`` codes) with their counts, most frequent first, as a list."""
    counts = ops.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    return i18n.join_list([op_count(op, n, lang) for op, n in counts.items()], lang)


def cleaning(documents: list[dict], log: pd.DataFrame, failures: list[dict], lang: str = "en",
             facts: dict | None = None) -> str:
    """What cleaning changed and what a person should check, from the cleaning log.

    First the changes that touch the content or the structure, then the routine repairs as counts,
    then the flagged passages by kind (the passages themselves are in the flags table, not quoted).

    >>> log = pd.DataFrame({"doc_id": ["d"] * 3, "op": ["pair_quotes", "pair_quotes", "join_broken_line"]})
    >>> print(cleaning([{"doc_id": "d", "date": "2025"}], log, [], "en"))  # doctest: +NORMALIZE_WHITESPACE
    Cleaning made 3 changes to the text. Those that touch the content or structure: one broken line joined.
    The other 2 are routine: 2 quotation marks paired; the cleaning log lists every one.
    Nothing is flagged for a person to check.
    >>> cleaning([{"doc_id": "d", "date": "2025"}], log[log.op == "pair_quotes"], [], "zh")
    '清洗共改动 2 处。均为常规修正：引号配对 2 处，清洗日志逐条记录。没有需要人工核对的段落。'
    """
    ops = log["op"].astype(str) if len(log) else pd.Series([], dtype=str)
    groups = ops.map(change_group)
    substantive, flags, routine = (ops[groups == g] for g in CHANGE_GROUPS)
    undated = [d["doc_id"] for d in documents if not d.get("date")]
    changes = len(substantive) + len(routine)
    if facts is not None:
        by_op = ops[groups != "flag"].value_counts()
        facts.update({"changes": changes, "flags": len(flags), "undated_documents": len(undated),
                      "substantive_changes": len(substantive), "routine_changes": len(routine),
                      "changes_by_op": {str(k): int(v) for k, v in by_op.items()}})
    parts = [_changed(changes, len(documents), lang), *_kinds_of_change(substantive, routine, lang),
             _flagged(flags, lang)]
    if failures:
        parts.append(i18n.text("clean.failures", lang, n=len(failures)))
    if undated:
        parts.append(i18n.text("clean.undated", lang) if len(documents) == 1
                     else i18n.text("clean.undated_some", lang, n=len(undated), total=len(documents)))
    return i18n.sentences(parts, lang)


def _changed(n: int, docs: int, lang: str) -> str:
    if not n:
        return i18n.text("clean.unchanged", lang)
    return i18n.text("clean.changed_corpus" if docs > 1 else "clean.changed", lang, n=n, docs=docs)


def _kinds_of_change(substantive: pd.Series, routine: pd.Series, lang: str) -> list[str]:
    parts = []
    if len(substantive):
        parts.append(i18n.text("clean.substantive", lang, items=op_counts(substantive, lang)))
    if len(routine):
        key = "clean.routine" if len(substantive) else "clean.all_routine"
        parts.append(i18n.text(key, lang, n=len(routine), items=op_counts(routine, lang)))
    return parts


def _flagged(flags: pd.Series, lang: str) -> str:
    """How many passages are flagged, by kind (one kind: its name)."""
    if not len(flags):
        return i18n.text("clean.no_flags", lang)
    kinds = flags.unique()
    if len(kinds) == 1 and f"clean.why.{kinds[0]}" in i18n.PHRASES:
        return i18n.text("clean.flags_one_kind", lang, n=len(flags), why=i18n.text(f"clean.why.{kinds[0]}", lang))
    return i18n.text("clean.flags", lang, n=len(flags), items=op_counts(flags, lang))


# ----------------------------------------------------------------------------- 02

TOP_WORDS = 5  # TextRank's highest-ranked words are compared with this many of the most frequent
QUOTED_WORDS = 3  # the prose quotes at most this many words; the chart and the tables show the rest


def vocabulary(tokens: pd.DataFrame, keywords: pd.DataFrame | None, freq: pd.DataFrame, lang: str = "en",
               shared: pd.Series | None = None) -> str:
    """How many tokens of which sort, the few most frequent words (ties said as ties), and how far
    TextRank's ranking agrees with plain frequency.

    ``freq`` is the terms table (``term``, ``freq``; most frequent first), ``keywords`` the keywords
    table (``doc_id``, ``term``, ``freq``, ``textrank`` ...). Words are quoted once, at most
    :data:`QUOTED_WORDS`. TF-IDF is left to the tables: its ranking adds nothing a sentence can say
    about one document, and across documents it ranks each document apart.
    """
    if not len(tokens):
        return i18n.text("vocab.none", lang)
    docs = int(tokens["doc_id"].nunique()) if "doc_id" in tokens else 1
    parts = [i18n.text("vocab.stats_corpus" if docs > 1 else "vocab.stats", lang, n=len(tokens), docs=docs,
                       stop=float(tokens["is_stop"].mean()), figures=int(tokens["is_figure"].sum()),
                       entities=int(tokens["is_entity"].sum()))]
    if len(freq):
        distinct = int(tokens.loc[content_mask(tokens), "token"].nunique())
        parts.append(i18n.text("vocab.top", lang, distinct=distinct, items=_leaders(freq, lang)))
    parts.append(_textrank_sentence(keywords, freq, docs, lang, shared))
    return i18n.sentences([p for p in parts if p], lang)


def _leaders(freq: pd.DataFrame, lang: str, quoted: int = QUOTED_WORDS) -> str:
    """The most frequent words in groups of equal count, at most ``quoted`` words: '产业 (42 times), then
    承接 and 项目 (26 times each)'; a first group too large to quote is said as a tie of so many words.

    >>> f = pd.DataFrame({"term": ["产业", "承接", "项目", "转移"], "freq": [42, 26, 26, 21]})
    >>> _leaders(f, "en"), _leaders(f, "zh")
    ('产业 (42 times), then 承接 and 项目 (26 times each)', '“产业”（42 次），其次是“承接”、“项目”（各 26 次）')
    >>> _leaders(pd.DataFrame({"term": list("abcd"), "freq": [2, 2, 2, 2]}), "en")
    '4 words tie, 2 times each'
    """
    f = freq.sort_values("freq", ascending=False, kind="stable")
    groups: list[tuple[int, list[str]]] = []
    for term, n in zip(f["term"], f["freq"]):
        if groups and groups[-1][0] == n:
            groups[-1][1].append(str(term))
        else:
            groups.append((int(n), [str(term)]))
    if len(groups[0][1]) > quoted:
        return i18n.text("vocab.tie", lang, k=len(groups[0][1]), n=groups[0][0])
    items, used = [], 0
    for n, words in groups:
        if used + len(words) > quoted:
            break
        quoted_words = i18n.join_list([i18n.text("vocab.word", lang, w=esc(w)) for w in words], lang)
        items.append(i18n.text("vocab.count" if len(words) == 1 else "vocab.count_each", lang, words=quoted_words, n=n))
        used += len(words)
    return i18n.text("vocab.then", lang).join(items)


def _textrank_sentence(keywords: pd.DataFrame | None, freq: pd.DataFrame, docs: int, lang: str,
                       shared: pd.Series | None = None) -> str:
    """How many of TextRank's top words are among the most frequent: for one document from the terms
    table, per document (on average) from the keywords table's own counts (or ``shared``, those
    numbers per document already computed)."""
    if docs > 1 and shared is not None:
        return i18n.text("vocab.textrank_docs", lang, n=TOP_WORDS, mean=shared.mean()) if len(shared) else ""
    if keywords is None or not len(keywords) or "textrank" not in keywords:
        return ""
    if docs > 1:
        shared = shared_per_document(keywords)
        return i18n.text("vocab.textrank_docs", lang, n=TOP_WORDS, mean=shared.mean()) if len(shared) else ""
    k, n = _shared_with_frequent(keywords, freq if len(freq) else keywords)
    if not n:
        return ""
    key = "vocab.textrank_same" if k == n else ("vocab.textrank_none" if not k else "vocab.textrank_some")
    return i18n.text(key, lang, n=n, k=k)


def _shared_with_frequent(keywords: pd.DataFrame, freq: pd.DataFrame, top: int = TOP_WORDS) -> tuple[int, int]:
    """(how many of TextRank's ``top`` words are among the ``top`` most frequent - ties at the last place
    counted in -, how many TextRank words were compared)."""
    ranked = _ranked(keywords, "textrank", top)
    if not ranked or not len(freq):
        return 0, 0
    counts = freq.groupby("term")["freq"].sum().sort_values(ascending=False)
    floor = counts.iloc[min(len(ranked), len(counts)) - 1]
    frequent = set(counts[counts >= floor].index)
    return sum(t in frequent for t in ranked), len(ranked)


def shared_per_document(keywords: pd.DataFrame, top: int = TOP_WORDS) -> pd.Series:
    """Per document with TextRank words, :func:`_shared_with_frequent`'s first number computed on its
    own keywords (its words' own counts as the frequencies): all documents at once, in document order.
    """
    kw = keywords[["doc_id", "term", "textrank", "freq"]]
    ranked = (kw.sort_values(["doc_id", "textrank", "term"], ascending=[True, False, True], kind="stable")
              .drop_duplicates(["doc_id", "term"]))
    ranked = ranked[ranked.groupby("doc_id", sort=False).cumcount() < top][["doc_id", "term"]]
    counts = kw.groupby(["doc_id", "term"], as_index=False, sort=False)["freq"].sum()
    counts = counts.sort_values(["doc_id", "freq"], ascending=[True, False], kind="stable")
    # the count at the place of the last TextRank word compared (or the last count): ties at it count in
    k = ranked.groupby("doc_id", sort=False).size().rename("k")
    counts = counts.join(k, on="doc_id")
    counts["pos"] = counts.groupby("doc_id", sort=False).cumcount()
    n_terms = counts.groupby("doc_id", sort=False).size()
    at = counts[counts["pos"] == counts["doc_id"].map(n_terms).clip(upper=counts["k"]) - 1]
    floor = at.set_index("doc_id")["freq"]
    hits = ranked.merge(counts[["doc_id", "term", "freq"]], on=["doc_id", "term"])
    hits = hits[hits["freq"] >= hits["doc_id"].map(floor)]
    order = pd.unique(keywords["doc_id"])
    shared = hits.groupby("doc_id").size().reindex(k.index, fill_value=0)
    return shared.reindex([d for d in order if d in shared.index]).astype("int64")


def _ranked(keywords: pd.DataFrame, score: str, top: int = 5) -> list[str]:
    """The ``top`` terms by ``score`` (each term once; equal scores in term order)."""
    if not len(keywords):
        return []
    ranked = keywords.sort_values(["term"]).sort_values(score, ascending=False, kind="stable")
    return ranked["term"].drop_duplicates().head(top).tolist()


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
    """A ``period`` code for readers: in words in English (the first half of 2025), 年/月/季度 in Chinese;
    unresolved ones said so.

    >>> period_name("2025-H1", "zh"), period_name("2023-11/to-date", "zh"), period_name("XXXX-H1", "en")
    ('2025年上半年', '2023年11月至今', 'the first half of an unknown year')
    >>> period_name("XXXX-H1", "zh"), period_name("去年", "en"), period_name(None, "zh")
    ('上半年（年份未知）', 'last year (relative; document date unknown)', '')
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
        return i18n.text("period.relative", lang, word=i18n.name("relative_word", p, lang)) if has_cjk(p) else p
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
        return i18n.text("period.month_of_unknown_year", lang, month=i18n.name("month", str(int(rest)), lang))
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
    if m:
        month = i18n.name("month", str(int(m.group(1))), lang)
        if m.group(2):
            return i18n.text("period.day", lang, year=year, month=month, d=int(m.group(2)))
        return i18n.text("period.month", lang, year=year, month=month)
    if _YEAR.match(rest):
        return i18n.text("period.years", lang, year=year, end=rest)
    return None


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


CITY_CODE = "500000"  # Chongqing as a whole (the gazetteer's division code for the city)


def figures(figs, documents: list[dict], lang: str = "en", facts: dict | None = None) -> str:
    """What the figures say, with the figure id after every number it quotes.

    ``figs`` is the figures table or its :class:`helpers.show.digest.FigureDigest` (a corpus's,
    read a chunk at a time). Amounts are never added (they measure different things and may contain
    one another); 超/突破 figures are stated as lower bounds and 预计 ones as forecasts, apart from
    what has been achieved. English names places and metrics in English; Chinese quotes the clause
    that states the figure.
    """
    if facts is not None:
        facts["figures"] = len(figs)
    if not len(figs):
        return i18n.text("fig.none", lang)
    sets = digest_of(figs)
    multi = sets.multi
    if facts is not None:
        facts.update({"figures_by_kind": {str(k): int(v) for k, v in sets.kinds.items()},
                      "forecasts": list(sets.forecast.ids), "lower_bounds": list(sets.bounds.ids),
                      "unresolved_periods": sets.unresolved})
    parts = [*_figure_counts(sets, lang, multi), *_money_sentences(sets, lang, facts, multi),
             *_forecast_sentences(sets, lang, multi, facts), *_undated_sentence(documents, sets, lang)]
    return i18n.sentences(parts, lang)


def _figure_counts(sets, lang: str, multi: bool) -> list[str]:
    """How many figures of each kind, and whether that is too few to say more."""
    kinds = i18n.join_list([i18n.text(f"fig.n_{k}" if f"fig.n_{k}" in i18n.PHRASES else "fig.n_other", lang,
                                      n=int(v), kind=kind_name(k, lang))
                            for k, v in sets.kinds.items()], lang)
    key = "fig.found_corpus" if multi else "fig.found"
    parts = [i18n.text(key, lang, n=sets.n, kinds=kinds, docs=sets.n_docs)]
    if sets.n < 3:
        parts.append(i18n.text("fig.too_few", lang, n=sets.n))
    return parts


def said(row, lang: str, multi: bool = False) -> str:
    """One figure said for a reader: in English its value, metric, place and period in words; in
    Chinese the clause of the article that states it, after whose it is when the clause does not say,
    and its period when resolved."""
    ref = _ref(row, multi)
    period = row.get("period")
    when = period_words(row, lang) if not unresolved(period) else ""
    if not i18n.conventions(lang)["quotes_source"]:
        metric = metric_words(row, lang)
        place = place_words(row, lang)
        subject = row.get("subject")
        subject = subject_words(row, lang) if isinstance(subject, str) and names.known(subject) else ""
        where = i18n.text("fig.for_subject", lang, subject=subject) if subject else (
            i18n.text("fig.in_place", lang, place=place) if place else "")
        if when and isinstance(period, str) and re.match(r"^\d{4}(?!.*/)", period):
            when = i18n.text("fig.in_period", lang, when=when)
        body = i18n.text("fig.said_en", lang, value=value_words(row, lang, mark_forecast=False),
                         metric=metric or "", where=where, when=f" {when}" if when else "")
        return esc(f"{body.strip()} ({ref})".replace(" of  ", " ").replace("  ", " "))
    quote = clause_of(row.get("sentence"), row.get("text"))
    if not (isinstance(period, str) and re.match(r"^\d{4}", period)):
        when = ""  # "to date", "per year": the quoted clause says so itself
    place, subject = (v if isinstance(v, str) and v not in quote else ""
                      for v in (row.get("place"), row.get("subject")))
    code = row.get("place_code")
    if subject and isinstance(code, str) and code == CITY_CODE:
        place = ""  # 珠海冠宇, not 重庆珠海冠宇: the city-wide place goes without saying beside a subject
    who = place + subject
    lead = i18n.text("fig.when_lead", lang, when=esc(when)) if when else ""
    return i18n.text("fig.said_zh", lang, quote=esc(quote), ref=ref, when=lead,
                     who=esc(who))


def _money_sentences(sets, lang: str, facts: dict | None, multi: bool) -> list[str]:
    """The largest amounts achieved (up to four) and the largest forecast; never a sum."""
    parts = [] if sets.money_n else [i18n.text("fig.no_money", lang, n=int(sets.kinds.sum()))]
    for label, rows in (("achieved", sets.achieved_money.head(4)), ("forecast", sets.forecast_money.head(1))):
        if not len(rows):
            continue
        for _, r in rows.iterrows():
            _quote(r, facts, multi)
        if facts is not None:
            facts[f"largest_money_{label}"] = str(rows.iloc[0]["figure_id"])
        items = i18n.text("sep.clause", lang).join(said(r, lang, multi) for _, r in rows.iterrows())
        parts.append(i18n.text(f"fig.largest_{label}", lang, n=len(rows), items=items))
    if sets.money_n > 1:
        parts.append(i18n.text("fig.not_added", lang))
    return parts


def _ids(rows: pd.DataFrame, lang: str, multi: bool, facts: dict | None = None, total: int | None = None) -> str:
    """The ids of ``rows`` (the first :data:`MAX_IDS`, the rest counted: ``total`` figures in all,
    default the rows) listed in the prose; each listed one is recorded as quoted in ``facts``."""
    total = len(rows) if total is None else total
    shown = rows.iloc[:MAX_IDS]
    for _, r in shown.iterrows():
        _quote(r, facts, multi)
    items = i18n.enumerate_items((_ref(r, multi) for _, r in shown.iterrows()), lang)
    if total > MAX_IDS:
        return i18n.text("rank.more", lang, items=items, n=f"{total - MAX_IDS:,}")
    return items


def _forecast_sentences(sets, lang: str, multi: bool, facts: dict | None = None) -> list[str]:
    """How many figures are forecasts and how many lower bounds, with the article's own words in Chinese."""
    parts = []
    quote = i18n.text("sep.quoted", lang).join
    for key, marked in (("fig.forecasts", sets.forecast), ("fig.lower_bounds", sets.bounds)):
        if not marked.n:
            continue
        words = quote(i18n.text("fig.quoted", lang, w=esc(w)) for w in marked.words)
        parts.append(i18n.text(key, lang, n=marked.n, ids=_ids(marked.head, lang, multi, facts, marked.n),
                               words=words if i18n.conventions(lang)["quotes_source"] else ""))
    return parts


def _undated_sentence(documents: list[dict], sets, lang: str) -> list[str]:
    """Which relative periods stay unresolved because a document has no date."""
    n_undated = sum(1 for d in documents if not d.get("date"))
    if not n_undated:
        return []
    who = (i18n.text("fig.undated_document", lang) if len(documents) == 1 else
           i18n.text("fig.undated_documents", lang, n=n_undated, total=len(documents)))
    return [who + (i18n.text("fig.unresolved", lang, n=sets.unresolved) if sets.unresolved
                   else i18n.text("fig.unresolvable", lang))]


# ----------------------------------------------------------------------------- 04

def geography(entities: pd.DataFrame, links: pd.DataFrame | None, lang: str = "en", facts: dict | None = None,
              figures: pd.DataFrame | None = None) -> str:
    """Which places and organisations the text names, which Chongqing districts dominate, what lies outside.

    Names are the reader's (:func:`helpers.show.names.label`: Bishan District, BYD); counts that tie
    are said as ties, never cut at an arbitrary rank. With ``figures``, the largest amount in yuan
    attributed to each entity (its id beside it; amounts are never added). ``entities``: the
    entities table or its :class:`helpers.show.digest.EntityDigest` (a corpus's, read a chunk at a time).
    """
    if facts is not None:
        facts["entities"] = len(entities)
    if not len(entities):
        return i18n.text("geo.none", lang)
    e = entities.totals() if hasattr(entities, "totals") else rank_entities(entity_totals(entities))
    counts = e["type"].value_counts()
    by_type = counts.reindex([t for t in _TYPE_ORDER if t in counts] +
                             [t for t in counts.index if t not in _TYPE_ORDER])
    districts = _districts(e)
    if facts is not None:
        facts["entities_by_type"] = {str(k): int(v) for k, v in by_type.items()}
        facts["districts"] = [{"canonical": r.canonical, "division_code": r.division_code, "mentions": int(r.mentions)}
                              for r in districts.itertuples()]
    parts = [i18n.text("geo.found", lang, items=i18n.join_list([_type_count(t, int(n), lang)
                                                                for t, n in by_type.items()], lang)),
             _districts_sentence(districts, lang)]
    outside = list(_outside(e)["canonical"])
    if outside:
        parts.append(i18n.text("geo.outside", lang, items=_names_list(outside, lang, _shown(lang, "place"))))
    orgs = e[e["type"] == "org"]
    if len(orgs):  # a corpus names thousands: only the names a sentence shows are looked up or romanised
        parts.append(_ranking("geo.orgs", [(r.canonical, int(r.mentions)) for r in orgs.itertuples()], lang,
                              _shown(lang, "org")))
    money, multi = _money_by_entity(links if links is not None else entities, figures)
    if money:
        parts.append(i18n.text("geo.money", lang, items=i18n.join_list([_money_item(k, r, lang, multi)
                                                                        for k, r in money[:5]], lang)))
    return i18n.sentences(parts, lang)


def _money_item(canonical: str, row, lang: str, multi: bool) -> str:
    """``western Chongqing (more than 180 billion yuan, F005)``; a forecast said as expected."""
    q = str(row.get("qualifier") or "exact")
    prefix = "".join(i18n.name("qualifier_prefix", part, lang, default="") for part in q.split("+"))
    key = "geo.money_item_forecast" if _is_forecast(q) else "geo.money_item"
    return i18n.text(key, lang, name=esc(names.label(canonical, lang)), money=prefix + fmt_money(row["value"], lang),
                     ref=_ref(row, multi))


_TYPE_ORDER = ("place", "org", "programme")


def _type_count(kind: str, n: int, lang: str) -> str:
    key = f"geo.n_{kind}"
    if key in i18n.PHRASES:
        return i18n.text(key, lang, n=n)
    return i18n.text("geo.type_count", lang, n=n, type=type_name(kind, lang))


def _districts(e: pd.DataFrame) -> pd.DataFrame:
    """The Chongqing county-level divisions among the places, most mentioned first (ties in order of first mention)."""
    codes = e["division_code"].fillna("")
    d = e[(e["type"] == "place") & codes.str.match(r"^500[12]\d\d$")]
    return d.sort_values("mentions", ascending=False, kind="stable")


def _outside(e: pd.DataFrame) -> pd.DataFrame:
    """The places the gazetteer puts outside Chongqing (rivers, which cross it, left out)."""
    rows = _gazetteer_rows()
    inside = e["canonical"].map(lambda c: in_chongqing(c, rows))
    subtype = e["canonical"].map(lambda c: (rows.get(c) or {}).get("subtype", ""))
    return e[(e["type"] == "place") & (inside == False) & (subtype != "river")]  # noqa: E712


def _districts_sentence(districts: pd.DataFrame, lang: str) -> str:
    if not len(districts):
        return i18n.text("geo.no_districts", lang)
    return _ranking("geo.districts", [(esc(names.label(r.canonical, lang, "place")), int(r.mentions))
                                      for r in districts.itertuples()], lang)


_LISTED = 8  # names a sentence lists before it says how many more


def _shown(lang: str, kind: str):
    """How a canonical name is shown in a sentence: its reader's name, escaped."""
    return lambda canonical: esc(names.label(canonical, lang, kind))


def _names_list(items: list[str], lang: str, show=None) -> str:
    """``a, b and c``; past :data:`_LISTED` names the first ones and how many more. ``show`` (if
    given) makes each item that is named its text; the others are only counted."""
    shown = items[:_LISTED] if show is None else [show(x) for x in items[:_LISTED]]
    if len(items) <= _LISTED:
        return i18n.join_list(shown, lang)
    return i18n.text("rank.more", lang, items=i18n.enumerate_items(shown, lang), n=len(items) - _LISTED)


def _ranking(intro: str, counted: list[tuple[str, int]], lang: str, show=None) -> str:
    """``intro`` (plural by how many) and the names ranked by count, the names that share a count said
    together: "the most mentioned is A (2 mentions); 6 others are named once: ..."."""
    groups: list[tuple[int, list[str]]] = []
    for name, n in counted:  # already sorted, most first
        if groups and groups[-1][0] == n:
            groups[-1][1].append(name)
        else:
            groups.append((n, [name]))

    def fill(key: str, k: int, names_: list[str]) -> str:
        return i18n.text(key, lang, n=len(names_), items=_names_list(names_, lang, show),
                         mentions=i18n.text("geo.mentions", lang, n=k), times=i18n.text("rank.times", lang, n=k))

    if len(groups) == 1:
        ranking = fill("rank.all", *groups[0])
    else:
        ranking = fill("rank.first", *groups[0]) + "".join(fill("rank.then", *g) for g in groups[1:-1]) + \
            fill("rank.rest", *groups[-1])
    return i18n.text("geo.ranked", lang, intro=i18n.text(intro, lang, n=len(counted)), ranking=ranking)


def entity_kinds(entities: pd.DataFrame) -> dict:
    """(doc_id, canonical) -> type of the first such entity row: what :func:`attributed` looks up."""
    return entities.drop_duplicates(["doc_id", "canonical"]).set_index(["doc_id", "canonical"])["type"].to_dict()


def attributed(figures: pd.DataFrame | None, entities: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """The figures that belong to one of the entities, with that entity's ``canonical`` and ``type``.

    A figure belongs to its subject when the subject is one of its document's entities (珠海冠宇),
    else to its place (璧山区's 20多家 配套企业), as :func:`helpers.extract.entities.link_figures`
    attributes them. ``kinds``: :func:`entity_kinds` of ``entities``, when already made (a corpus's
    figures are attributed a chunk at a time).
    """
    if figures is None or not len(figures) or entities is None or not len(entities):
        return pd.DataFrame(columns=[*(figures.columns if figures is not None else []), "canonical", "type"])
    kinds = entity_kinds(entities) if kinds is None else kinds
    subject = figures["subject"].astype(object).where(figures["subject"].notna(), "")
    place = figures["place"].astype(object).where(figures["place"].notna(), "") if "place" in figures else ""
    own = [(d, s) in kinds for d, s in zip(figures["doc_id"], subject)]
    who = subject.where(own, place)
    out = figures.assign(canonical=who, type=[kinds.get((d, w)) for d, w in zip(figures["doc_id"], who)])
    return out[out["type"].notna()].reset_index(drop=True)


def _money_by_entity(entities: pd.DataFrame | None, figures) -> tuple[list[tuple[str, pd.Series]], bool]:
    """Each entity's largest amount in yuan (the figure row), largest first: single figures, never
    sums; and whether the figures come from several documents. ``figures``: the table, or its frames
    one after another (each entity's largest so far is kept, ties in table order)."""
    if figures is None or entities is None:
        return [], False
    frames = [figures] if isinstance(figures, pd.DataFrame) else figures
    best, docs, kinds = pd.DataFrame(), set(), entity_kinds(entities) if len(entities) else {}
    for f in frames:
        docs.update(f["doc_id"].dropna().unique().tolist()[:2] if len(docs) < 2 else [])
        a = attributed(f, entities, kinds)
        a = a[(a["kind"] == "money") & (a["unit"] == "CNY") & a["value"].notna()]
        best = keep_largest(best, a, 1, ["canonical"])
    if not len(best):
        return [], len(docs) > 1
    top = best.sort_values("value", ascending=False, kind="stable")
    return [(r["canonical"], r) for _, r in top.iterrows()], len(docs) > 1
