"""Prose computed from the tables, in English or Chinese, careful about what the numbers allow.

Nothing here knows the embedded article: every sentence is built from the products, says so when
the data are thin, never sums figures of different kinds or that may overlap, and states 超/突破
figures as lower bounds and 预计 figures as forecasts.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from helpers.extract import gazetteer
from helpers.extract.units import yuan_text

QUAL = {
    "en": {"more_than": "more than ", "less_than": "under ", "approx": "about ", "forecast": "an expected ", "exact": ""},
    "zh": {"more_than": "超过", "less_than": "不到", "approx": "约", "forecast": "预计", "exact": ""},
}


KIND_ZH = {"money": "金额", "count": "数量", "percent": "百分比", "area": "面积", "mass": "重量", "length": "长度",
           "other": "其他"}
TYPE_ZH = {"place": "地点", "org": "机构", "programme": "规划/项目"}


def kind_name(kind: str, lang: str) -> str:
    return KIND_ZH.get(kind, kind) if lang == "zh" else kind


def type_name(kind: str, lang: str) -> str:
    return TYPE_ZH.get(kind, kind) if lang == "zh" else {"org": "organisation"}.get(kind, kind)


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
    """A figure's value with its unit, in words (money via :func:`fmt_money`)."""
    if row["kind"] == "money" and row["unit"] == "CNY":
        return fmt_money(row["value"], lang)
    v = row["value"]
    if pd.isna(v):
        return ""
    if row["unit"] in ("%", "percent"):
        return f"{v:,.6g}%"
    if lang == "zh":
        num = f"{v / 1e8:.6g}亿" if abs(v) >= 1e8 else (f"{v / 1e4:.6g}万" if abs(v) >= 1e4 else f"{v:.6g}")
        return f"{num}{row['unit']}"
    num = f"{v:,.6g}" if abs(v) < 1e15 else f"{v:.3e}"
    return f"{num} {row['unit']}"


def qualified(row, lang: str = "en") -> str:
    """'more than 90 亿元' style phrase: the qualifier said in words before the value."""
    q = str(row.get("qualifier") or "exact")
    prefix = "".join(QUAL[lang].get(part, "") for part in q.split("+") if part != "forecast")
    value = prefix + fmt_value(row, lang)
    if "forecast" in q:
        value = (f"{value} (forecast)" if lang == "en" else f"预计{value}")
    return value


def _subject(row, lang: str) -> str:
    s = row.get("subject")
    if not isinstance(s, str) or not s:
        return "an unattributed subject" if lang == "en" else "未能确定的主体"
    return esc(s)


def _metric(row, lang: str) -> str:
    m = row.get("metric")
    return esc(m) if isinstance(m, str) and m else ("a figure" if lang == "en" else "数据")


def _join(items: list[str], lang: str) -> str:
    items = [i for i in items if i]
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ----------------------------------------------------------------------------- 01

OP_NAMES = {
    "en": {
        "fullwidth_punct": "punctuation made full-width", "pair_quotes": "quotes paired",
        "remove_cjk_space": "spaces between Chinese characters removed",
        "remove_digit_space": "spaces inside numbers removed", "collapse_space": "runs of spaces collapsed",
        "join_broken_line": "broken lines joined", "remove_stray_glyph": "stray glyphs removed",
        "remove_furniture": "page furniture removed", "remove_invisible": "invisible characters removed",
        "split_related": "related-article list split off", "parse_byline": "byline recognised",
        "parse_related": "related articles recognised",
        "flag_dash_confusion": "一 that may be an OCR'd dash", "flag_lost_text": "text may be lost at a line end",
        "flag_unpaired_quote": "unpaired quotation mark", "flag_replacement_char": "unreadable character (�)",
    },
    "zh": {
        "fullwidth_punct": "标点改为全角", "pair_quotes": "引号配对", "remove_cjk_space": "删除汉字间空格",
        "remove_digit_space": "删除数字内空格", "collapse_space": "合并连续空格", "join_broken_line": "接合断行",
        "remove_stray_glyph": "删除杂散字符", "remove_furniture": "删除版面元素", "remove_invisible": "删除不可见字符",
        "split_related": "拆出相关文章列表", "parse_byline": "识别署名", "parse_related": "识别相关文章",
        "flag_dash_confusion": "“一”可能是识别错误的破折号", "flag_lost_text": "行末可能缺字",
        "flag_unpaired_quote": "引号不成对", "flag_replacement_char": "无法识别的字符（�）",
    },
}
FLAG_REASON_ZH = {
    "flag_dash_confusion": "两个名词短语之间的“一”，可能是 OCR 误识的破折号（——），请对照原版核对",
    "flag_lost_text": "行末句子未完，下一行又不接续：此处可能丢失文字（或仅丢失句末标点）",
    "flag_unpaired_quote": "引号不成对：可能丢失了一个引号或一段文字",
    "flag_replacement_char": "含有无法识别的字符（�），原文编码或识别有误",
}


def op_name(op: str, lang: str = "en") -> str:
    """A cleaning operation in words (the log's ``op`` code when unknown).

    >>> op_name("pair_quotes", "zh"), op_name("pair_quotes", "en")
    ('引号配对', 'quotes paired')
    """
    return OP_NAMES.get(lang, OP_NAMES["en"]).get(op, op)


def flag_reason(op: str, reason, lang: str = "en") -> str:
    """Why a passage was flagged, in the report's language (the log keeps English reasons)."""
    if lang == "zh":
        return FLAG_REASON_ZH.get(op, "需人工核对")
    return "" if reason is None or (isinstance(reason, float) and pd.isna(reason)) else str(reason)


def cleaning(documents: list[dict], log: pd.DataFrame, failures: list[dict], lang: str = "en",
             facts: dict | None = None) -> str:
    """What cleaning changed and what a person should check, from the cleaning log.

    >>> log = pd.DataFrame({"doc_id": ["d"], "op": ["pair_quotes"], "before": ['"'], "reason": ["x"]})
    >>> cleaning([{"doc_id": "d", "date": "2025"}], log, [], "zh")
    '共清洗 1 篇文档，改动 1 处，另有 0 处标记待人工核对。改动类型：引号配对 1 处。'
    """
    n_docs = len(documents)
    flags = log[log["op"].str.startswith("flag_")] if len(log) else log
    changes = log[~log["op"].str.startswith("flag_")] if len(log) else log
    by_op = changes.groupby("op").size().sort_values(ascending=False) if len(changes) else pd.Series(dtype=int)
    undated = [d["doc_id"] for d in documents if not d.get("date")]
    if facts is not None:
        facts.update({"changes": len(changes), "flags": len(flags), "undated_documents": len(undated),
                      "changes_by_op": {str(k): int(v) for k, v in by_op.items()}})
    parts = []
    if lang == "zh":
        parts.append(f"共清洗 {n_docs} 篇文档，改动 {len(changes)} 处，另有 {len(flags)} 处标记待人工核对。")
        if len(by_op):
            parts.append("改动类型：" + "、".join(f"{op_name(op, lang)} {n} 处" for op, n in by_op.items()) + "。")
        if failures:
            parts.append(f"{len(failures)} 个文件无法读取，已跳过。")
        if len(flags):
            parts.append("需人工核对：" + "；".join(
                f"“{esc(r.before)[:30]}”（{op_name(r.op, lang)}）" for r in flags.head(8).itertuples()) + "。")
        if undated:
            parts.append(f"{len(undated)} 篇文档没有日期，“今年”“上半年”等相对时间无法确定。")
        return "".join(parts)
    parts.append(f"{n_docs} document(s) cleaned with {len(changes)} change(s); "
                 f"{len(flags)} passage(s) flagged for a person to check.")
    if len(by_op):
        parts.append("Changes by kind: " + ", ".join(f"{op_name(op, lang)} ({n})" for op, n in by_op.items()) + ".")
    if failures:
        parts.append(f"{len(failures)} file(s) could not be read and were skipped.")
    if len(flags):
        parts.append("Needs a human eye: " + "; ".join(
            f"“{esc(r.before)[:30]}” ({op_name(r.op, lang)})" for r in flags.head(8).itertuples()) + ".")
    if undated:
        parts.append(f"{len(undated)} document(s) have no date, so relative times such as 今年 (this year) "
                     "cannot be resolved.")
    return " ".join(parts)


# ----------------------------------------------------------------------------- 02

def vocabulary(tokens: pd.DataFrame, keywords: pd.DataFrame, freq: pd.DataFrame, lang: str = "en") -> str:
    if not len(tokens):
        return "No tokens." if lang == "en" else "没有词语。"
    n = len(tokens)
    stop = tokens["is_stop"].mean()
    n_fig = int(tokens["is_figure"].sum())
    n_ent = int(tokens["is_entity"].sum())
    top_f = [esc(t) for t in freq["term"].head(5)] if len(freq) else []
    tfidf = keywords.sort_values("tfidf", ascending=False)["term"].drop_duplicates().head(5).tolist() if len(keywords) else []
    textrank = keywords.sort_values("textrank", ascending=False)["term"].drop_duplicates().head(5).tolist() if len(keywords) else []
    both = [esc(t) for t in tfidf if t in textrank]
    if lang == "zh":
        s = (f"共 {n} 个词，其中停用词占 {stop:.0%}，数据词 {n_fig} 个，实体词 {n_ent} 个。"
             f"最高频的实词是{_join(top_f, lang)}。")
        if tfidf:
            s += f"TF-IDF 突出{_join([esc(t) for t in tfidf], lang)}，TextRank 突出{_join([esc(t) for t in textrank], lang)}"
            s += (f"，两者共同指向{_join(both, lang)}。" if both else "，两种方法结果不同，说明词汇较分散。")
        return s
    s = (f"{n} tokens, {stop:.0%} of them stopwords; {n_fig} figure tokens and {n_ent} named-entity tokens. "
         f"The most frequent content words are {_join(top_f, lang)}.")
    if tfidf:
        s += (f" TF-IDF ranks {_join([esc(t) for t in tfidf], lang)} highest; TextRank ranks "
              f"{_join([esc(t) for t in textrank], lang)}")
        s += (f"; both point to {_join(both, lang)}." if both else "; the two methods disagree, a sign of a "
              "vocabulary without one dominant theme.")
    return s


# ----------------------------------------------------------------------------- 03

QUALIFIER_NAMES = {
    "en": {"exact": "exact", "more_than": "lower bound (more than)", "less_than": "upper bound (under)",
           "approx": "approximate", "forecast": "forecast"},
    "zh": {"exact": "确数", "more_than": "下限（超过）", "less_than": "上限（不到）", "approx": "约数",
           "forecast": "预计"},
}


def qualifier_name(q, lang: str = "en") -> str:
    """The ``qualifier`` code in words; combined codes joined.

    >>> qualifier_name("more_than+forecast", "zh"), qualifier_name("more_than", "en")
    ('下限（超过）、预计', 'lower bound (more than)')
    """
    if not isinstance(q, str) or not q:
        q = "exact"
    names = QUALIFIER_NAMES.get(lang, QUALIFIER_NAMES["en"])
    return ("、" if lang == "zh" else ", ").join(names.get(part, part) for part in q.split("+"))


_PART_ZH = {"H1": "上半年", "H2": "下半年", "Q1-Q3": "前三季度", "Q1": "一季度", "Q2": "二季度", "Q3": "三季度",
            "Q4": "四季度", "start": "初", "mid": "中", "end": "底"}
_WORD = {"en": {"to-date": "to date", "annual": "per year", "recent": "recent years (unresolved)"},
         "zh": {"to-date": "至今", "annual": "每年", "recent": "近年（未确定）"}}


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
        a, b = p.split("/", 1)
        if b == "to-date":
            return f"{period_name(a, lang)}至今" if lang == "zh" else f"{period_name(a, lang)} to date"
        return f"{period_name(a, lang)}至{period_name(b, lang)}" if lang == "zh" else f"{period_name(a, lang)} to {period_name(b, lang)}"
    words = _WORD.get(lang, _WORD["en"])
    if p in words:
        return words[p]
    m = re.match(r"^(\d{4}|XXXX)(?:-(.+))?$", p)
    if not m:
        if re.match(r"^\d{4}-\d{4}$", p):
            return p.replace("-", "—") + "年" if lang == "zh" else p
        if re.search(r"[\u4e00-\u9fff]", p):  # a relative word kept because the date is unknown
            return f"{p}（未确定）" if lang == "zh" else f"{p} (relative; document date unknown)"
        return p
    year, rest = m.group(1), m.group(2)
    if year == "XXXX":
        if lang == "zh":
            part = _PART_ZH.get(rest or "", f"{rest}月" if rest and rest.isdigit() else (rest or ""))
            return f"{part}（年份未知）" if part else "年份未知"
        return f"{rest} of an unknown year" if rest else "an unknown year"
    if lang != "zh":
        return p
    if rest is None:
        return f"{year}年"
    if rest in _PART_ZH:
        return f"{year}年{_PART_ZH[rest]}"
    m2 = re.match(r"^(\d{2})(?:-(\d{2}))?$", rest)
    if m2:
        return f"{year}年{int(m2.group(1))}月" + (f"{int(m2.group(2))}日" if m2.group(2) else "")
    if re.match(r"^\d{4}$", rest):
        return f"{year}—{rest}年"
    return p


def unresolved(period) -> bool:
    """Whether a period could not be resolved (relative words without a document date, 近年)."""
    if not isinstance(period, str) or not period:
        return False
    return period.startswith("XXXX") or period == "recent" or bool(re.search(r"[\u4e00-\u9fff]", period))


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
            "figure_id", "doc_id", "text", "value", "unit", "kind", "qualifier", "subject", "metric", "period",
            "sentence")})


def _is_forecast(q) -> bool:
    return isinstance(q, str) and "forecast" in q


def figures(figs: pd.DataFrame, documents: list[dict], lang: str = "en", facts: dict | None = None) -> str:
    """What the figures say, with the figure id after every number it quotes.

    Amounts are never added (they measure different things and may contain one another); 超/突破
    figures are stated as lower bounds and 预计 ones as forecasts, apart from what has been achieved.
    """
    n_undated = sum(1 for d in documents if not d.get("date"))
    undated = n_undated > 0
    multi = figs["doc_id"].nunique() > 1 if len(figs) else False
    if facts is not None:
        facts["figures"] = len(figs)
    if not len(figs):
        if lang == "zh":
            return "文中没有找到任何数据（金额、数量、百分比等），因此本报告不作量化描述，只介绍用词与地点。"
        return ("No figures (amounts, counts, percentages ...) were found in this text, so this report "
                "quantifies nothing and describes only its vocabulary and places.")
    kinds = figs["kind"].value_counts()
    money = figs[(figs["kind"] == "money") & (figs["unit"] == "CNY")].sort_values("value", ascending=False)
    fc_mask = figs["qualifier"].map(_is_forecast)
    forecast = figs[fc_mask]
    bounds = figs[figs["qualifier"].fillna("").str.contains("more_than")]
    achieved_money = money[~money["qualifier"].map(_is_forecast)]
    forecast_money = money[money["qualifier"].map(_is_forecast)]
    subjects = figs["subject"].fillna("").replace("", pd.NA).dropna().value_counts()
    n_unres = int(figs["period"].map(unresolved).sum())
    if facts is not None:
        facts.update({"figures_by_kind": {str(k): int(v) for k, v in kinds.items()},
                      "forecasts": [str(i) for i in forecast["figure_id"]],
                      "lower_bounds": [str(i) for i in bounds["figure_id"]],
                      "unresolved_periods": n_unres})
    zh = lang == "zh"
    parts = []
    if zh:
        parts.append(f"共找到 {len(figs)} 个数据：" + "、".join(f"{kind_name(k, lang)} {v} 个" for k, v in kinds.items()) + "。")
        if len(figs) < 3:
            parts.append("数据很少，只能逐条列出，不足以比较或归纳。")
    else:
        parts.append(f"{len(figs)} figure(s) found: " + ", ".join(f"{v} {kind_name(k, lang)}" for k, v in kinds.items()) + ".")
        if len(figs) < 3:
            parts.append("That is too few to compare or generalise from; they are simply listed below.")
    if not len(money):
        parts.append("其中没有人民币金额。" if zh else "None of them is an amount in yuan.")
    for label, rows in (("achieved", achieved_money), ("forecast", forecast_money)):
        if not len(rows):
            continue
        top = rows.iloc[0]
        _quote(top, facts, multi)
        if facts is not None:
            facts[f"largest_money_{label}"] = str(top["figure_id"])
        if zh:
            what = "已实现或现状金额中最大的" if label == "achieved" else "预计金额中最大的"
            parts.append(f"{what}是{_subject(top, lang)}的{_metric(top, lang)}{qualified(top, lang)}"
                         f"（原文“{esc(top['text'])}”，{_ref(top, multi)}）。")
        else:
            what = ("The largest amount stated as achieved or current" if label == "achieved"
                    else "The largest forecast amount")
            parts.append(f"{what} is {qualified(top, lang)} of {_metric(top, lang)} for {_subject(top, lang)} "
                         f"(“{esc(top['text'])}”, {_ref(top, multi)}).")
        if label == "achieved" and len(rows) > 1:
            nxt = rows.iloc[1:4]
            for _, r in nxt.iterrows():
                _quote(r, facts, multi)
            if zh:
                parts.append("其次是" + "、".join(
                    f"{_subject(r, lang)}{_metric(r, lang)}{qualified(r, lang)}（{_ref(r, multi)}）"
                    for _, r in nxt.iterrows()) + "。")
            else:
                parts.append("Next come " + _join([
                    f"{qualified(r, lang)} ({_subject(r, lang)}, {_metric(r, lang)}, {_ref(r, multi)})"
                    for _, r in nxt.iterrows()], lang) + ".")
    if len(money) > 1:
        parts.append("各金额口径不同、可能互相包含，因此不作加总。" if zh else
                     "The amounts measure different things and may contain one another, so they are not added up.")
    if len(subjects) and len(figs) >= 3:
        if zh:
            parts.append("数据最多的主体：" + "、".join(f"{esc(s)}（{n} 个）" for s, n in subjects.head(5).items()) + "。")
        else:
            parts.append("The subjects with most figures: " + ", ".join(
                f"{esc(s)} ({n})" for s, n in subjects.head(5).items()) + ".")
    if zh:
        parts.append(f"{len(forecast)} 个为预计值（将来时），{len(figs) - len(forecast)} 个为已实现或现状数据。"
                     if len(forecast) else "没有预计值，所有数据都是已实现或现状数据。")
        if len(bounds):
            parts.append(f"{len(bounds)} 个为下限（原文用“超”“突破”“以上”等），实际值更高。")
        if undated:
            who = "文档日期未知，" if len(documents) == 1 else f"{n_undated} 篇文档没有日期，"
            parts.append(who + (f"{n_unres} 个数据的“今年”“上半年”等相对时间无法确定。"
                                if n_unres else "“今年”等相对时间无法确定。"))
        return "".join(parts)
    parts.append(f"{len(forecast)} figure(s) are forecasts (预计, 力争 ...) and {len(figs) - len(forecast)} describe "
                 "what has been achieved or exists." if len(forecast) else
                 "None is a forecast: all describe what has been achieved or exists.")
    if len(bounds):
        parts.append(f"{len(bounds)} {'is a lower bound' if len(bounds) == 1 else 'are lower bounds'} "
                     "(超, 突破, 以上 ...), the true value being higher.")
    if undated:
        parts.append(("The document date is unknown, so " if len(documents) == 1 else
                      f"{n_undated} of the {len(documents)} documents have no date, so ") + (
            f"the relative periods (今年, 上半年 ...) of {n_unres} figure(s) stay unresolved."
            if n_unres else "relative periods such as 今年 stay unresolved."))
    return " ".join(parts)


# ----------------------------------------------------------------------------- 04

def geography(entities: pd.DataFrame, links: pd.DataFrame | None, lang: str = "en", facts: dict | None = None) -> str:
    """Which places and organisations the text names, which Chongqing districts dominate, what lies outside."""
    if facts is not None:
        facts["entities"] = len(entities)
    if not len(entities):
        return ("No places or organisations were found, so there is no map or network to draw." if lang == "en"
                else "没有找到地点或机构，因此没有地图和关系网络。")
    e = entities.groupby(["canonical", "type"], as_index=False).agg(
        mentions=("mentions", "sum"), division_code=("division_code", "first"))
    by_type = e["type"].value_counts()
    codes = e["division_code"].fillna("")
    districts = e[(e["type"] == "place") & codes.str.match(r"^500[12]\d\d$")].sort_values("mentions", ascending=False)
    rows = _gazetteer_rows()
    inside = e["canonical"].map(lambda c: in_chongqing(c, rows))
    subtype = e["canonical"].map(lambda c: (rows.get(c) or {}).get("subtype", ""))
    outside = e[(e["type"] == "place") & (inside == False) & (subtype != "river")]  # noqa: E712
    orgs = e[e["type"] == "org"].sort_values("mentions", ascending=False)
    money_by = _money_by_entity(links)
    if facts is not None:
        facts["entities_by_type"] = {str(k): int(v) for k, v in by_type.items()}
        facts["districts"] = [{"canonical": r.canonical, "division_code": r.division_code, "mentions": int(r.mentions)}
                              for r in districts.itertuples()]
    parts = []
    if lang == "zh":
        parts.append("共识别" + "、".join(f"{type_name(t, lang)} {n} 个" for t, n in by_type.items()) + "。")
        if len(districts):
            parts.append(f"提及的重庆区县有 {len(districts)} 个，最常见的是" +
                         "、".join(f"{esc(r.canonical)}（{r.mentions} 次）" for r in districts.head(5).itertuples()) + "。")
        else:
            parts.append("文中没有提及重庆的区县。")
        if len(outside):
            parts.append("重庆以外的地点：" + "、".join(esc(c) for c in outside["canonical"].head(8)) + "。")
        if len(orgs):
            parts.append("提及最多的机构：" + "、".join(esc(c) for c in orgs["canonical"].head(5)) + "。")
        if money_by:
            parts.append("有金额归属的主体：" + "、".join(f"{esc(k)}（{fmt_money(v, lang)}，单笔最大）" for k, v in money_by[:5]) + "。")
        return "".join(parts)
    else:
        parts.append("Found " + ", ".join(f"{n} {type_name(t, lang)}" for t, n in by_type.items()) + " entities.")
        if len(districts):
            parts.append(f"{len(districts)} of Chongqing's county-level divisions are named" + ("; the most mentioned are " if len(districts) > 1 else ": ") +
                         _join([f"{esc(r.canonical)} ({r.mentions})" for r in districts.head(5).itertuples()], lang) + ".")
        else:
            parts.append("No Chongqing district or county is named.")
        if len(outside):
            parts.append("Places outside Chongqing: " + _join([esc(c) for c in outside["canonical"].head(8)], lang) + ".")
        if len(orgs):
            parts.append("The most mentioned organisations: " + _join([esc(c) for c in orgs["canonical"].head(5)], lang) + ".")
        if money_by:
            parts.append("Entities with money attributed to them (largest single figure): " + _join(
                [f"{esc(k)} ({fmt_money(v, lang)})" for k, v in money_by[:5]], lang) + ".")
    return " ".join(parts)


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
