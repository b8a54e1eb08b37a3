"""Prose computed from the tables, in English or Chinese, careful about what the numbers allow.

Nothing here knows the embedded article: every sentence is built from the products, says so when
the data are thin, never sums figures of different kinds or that may overlap, and states 超/突破
figures as lower bounds and 预计 figures as forecasts.
"""

from __future__ import annotations

import html
import re

import pandas as pd

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
    from helpers import gazetteer

    rows = gazetteer_rows if gazetteer_rows is not None else _gazetteer_rows()
    row = rows.get(canonical)
    if row is None:
        return None
    code = str(row.get("division_code") or "")
    covers = str(row.get("covers") or "")
    return code.startswith("500") or "500" in covers or row.get("subtype") == "functional_area"


def _gazetteer_rows() -> dict:
    from helpers import gazetteer

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
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", html.escape(s, quote=False))


def fmt_money(value: float, lang: str = "en") -> str:
    """Yuan as the genre writes it (亿元, 万元) or in English (billion / million yuan).

    >>> fmt_money(147500000000, "en"), fmt_money(147500000000, "zh"), fmt_money(12000000, "zh")
    ('147.5 billion yuan', '1475亿元', '1200万元')
    """
    if lang == "zh":
        if abs(value) >= 1e8:
            return f"{value / 1e8:,.4g}亿元".replace(",", "")
        if abs(value) >= 1e4:
            return f"{value / 1e4:,.4g}万元".replace(",", "")
        return f"{value:,.0f}元"
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.4g} billion yuan"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.4g} million yuan"
    return f"{value:,.0f} yuan"


def fmt_value(row, lang: str = "en") -> str:
    """A figure's value with its unit, in words (money via :func:`fmt_money`)."""
    if row["kind"] == "money" and row["unit"] == "CNY":
        return fmt_money(row["value"], lang)
    v = row["value"]
    num = f"{v:,.6g}" if abs(v) < 1e15 else f"{v:.3e}"
    if row["unit"] in ("%", "percent"):
        return f"{num}%"
    return f"{num} {row['unit']}" if lang == "en" else f"{num}{row['unit']}"


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

def cleaning(documents: list[dict], log: pd.DataFrame, failures: list[dict], lang: str = "en") -> str:
    n_docs = len(documents)
    flags = log[log["op"].str.startswith("flag_")] if len(log) else log
    changes = log[~log["op"].str.startswith("flag_")] if len(log) else log
    by_op = changes.groupby("op").size().sort_values(ascending=False) if len(changes) else pd.Series(dtype=int)
    parts = []
    if lang == "zh":
        parts.append(f"共清洗 {n_docs} 篇文档，改动 {len(changes)} 处，另有 {len(flags)} 处标记待人工核对。")
        if len(by_op):
            parts.append("改动类型：" + "、".join(f"{esc(op)} {n} 处" for op, n in by_op.items()) + "。")
        if failures:
            parts.append(f"{len(failures)} 个文件无法读取，已跳过（见上表）。")
        if len(flags):
            parts.append("需人工核对：" + "；".join(
                f"“{esc(r.before)[:30]}”（{esc(r.reason)}）" for r in flags.head(8).itertuples()) + "。")
        undated = [d["doc_id"] for d in documents if not d.get("date")]
        if undated:
            parts.append(f"{len(undated)} 篇文档没有日期，后续“今年”“上半年”等相对时间将无法确定。")
    else:
        parts.append(f"{n_docs} document(s) cleaned with {len(changes)} change(s); "
                     f"{len(flags)} passage(s) flagged for a person to check.")
        if len(by_op):
            parts.append("Changes by kind: " + ", ".join(f"{esc(op)} ({n})" for op, n in by_op.items()) + ".")
        if failures:
            parts.append(f"{len(failures)} file(s) could not be read and were skipped (listed above).")
        if len(flags):
            parts.append("Needs a human eye: " + "; ".join(
                f"“{esc(r.before)[:30]}” ({esc(r.reason)})" for r in flags.head(8).itertuples()) + ".")
        undated = [d["doc_id"] for d in documents if not d.get("date")]
        if undated:
            parts.append(f"{len(undated)} document(s) have no date, so relative times such as 今年 (this year) "
                         "cannot be resolved in later stages.")
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

def figures(figs: pd.DataFrame, documents: list[dict], lang: str = "en") -> str:
    undated = any(not d.get("date") for d in documents)
    if not len(figs):
        s = ("No figures were found in this text, so there is nothing to quantify; the other notebooks "
             "still describe its vocabulary and places." if lang == "en"
             else "文中没有找到数据，因此无从量化；其余部分仍描述其用词与地点。")
        return s
    kinds = figs["kind"].value_counts()
    money = figs[(figs["kind"] == "money") & (figs["unit"] == "CNY")].sort_values("value", ascending=False)
    forecast = figs[figs["qualifier"].fillna("").str.contains("forecast")]
    bounds = figs[figs["qualifier"].fillna("").str.contains("more_than")]
    subjects = figs["subject"].fillna("").replace("", pd.NA).dropna().value_counts()
    parts = []
    if lang == "zh":
        parts.append(f"共找到 {len(figs)} 个数据：" + "、".join(f"{kind_name(k, lang)} {v} 个" for k, v in kinds.items()) + "。")
        if len(money):
            top = money.iloc[0]
            parts.append(f"最大的金额是{_subject(top, lang)}的{_metric(top, lang)}{qualified(top, lang)}（原文“{esc(top['text'])}”）。")
            if len(money) > 1:
                parts.append("其次是" + "、".join(
                    f"{_subject(r, lang)}{_metric(r, lang)}{qualified(r, lang)}" for _, r in money.iloc[1:4].iterrows()) + "。")
            parts.append("各金额口径不同、可能互相包含，因此不作加总。")
        if len(subjects):
            parts.append("数据最多的主体：" + "、".join(f"{esc(s)}（{n} 个）" for s, n in subjects.head(5).items()) + "。")
        parts.append(f"{len(forecast)} 个为预计值，其余为已实现或现状数据；{len(bounds)} 个为下限（超、突破等），实际值更高。")
        if undated:
            parts.append("文档日期未知，“今年”等相对时间未能确定。")
    else:
        parts.append(f"{len(figs)} figures found: " + ", ".join(f"{v} {kind_name(k, lang)}" for k, v in kinds.items()) + ".")
        if len(money):
            top = money.iloc[0]
            parts.append(f"The largest amount is {qualified(top, lang)} of {_metric(top, lang)} for "
                         f"{_subject(top, lang)} (“{esc(top['text'])}”).")
            if len(money) > 1:
                parts.append("Next come " + _join([
                    f"{qualified(r, lang)} ({_subject(r, lang)}, {_metric(r, lang)})" for _, r in money.iloc[1:4].iterrows()
                ], lang) + ".")
            parts.append("The amounts measure different things and may contain one another, so they are not added up.")
        if len(subjects):
            parts.append("The subjects with most figures: " + ", ".join(
                f"{esc(s)} ({n})" for s, n in subjects.head(5).items()) + ".")
        parts.append(f"{len(forecast)} figure(s) are forecasts and the rest describe what has been achieved or "
                     f"exists; {len(bounds)} are lower bounds (超, 突破 ...), the true value being higher.")
        if undated:
            parts.append("The document date is unknown, so relative periods such as 今年 stay unresolved.")
    return " ".join(parts)


# ----------------------------------------------------------------------------- 04

def geography(entities: pd.DataFrame, links: pd.DataFrame | None, lang: str = "en") -> str:
    if not len(entities):
        return "No places or organisations were found." if lang == "en" else "没有找到地点或机构。"
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
    parts = []
    if lang == "zh":
        parts.append("共识别" + "、".join(f"{type_name(t, lang)} {n} 个" for t, n in by_type.items()) + "。")
        if len(districts):
            parts.append(f"提及的重庆区县有 {len(districts)} 个，最常见的是" +
                         "、".join(f"{esc(r.canonical)}（{r.mentions} 次）" for r in districts.head(5).itertuples()) + "。")
        if len(outside):
            parts.append("重庆以外的地点：" + "、".join(esc(c) for c in outside["canonical"].head(8)) + "。")
        if len(orgs):
            parts.append("提及最多的机构：" + "、".join(esc(c) for c in orgs["canonical"].head(5)) + "。")
        if money_by:
            parts.append("有金额归属的主体：" + "、".join(f"{esc(k)}（{fmt_money(v, lang)}，单笔最大）" for k, v in money_by[:5]) + "。")
    else:
        parts.append("Found " + ", ".join(f"{n} {type_name(t, lang)}" for t, n in by_type.items()) + " entities.")
        if len(districts):
            parts.append(f"{len(districts)} of Chongqing's county-level divisions are named; the most mentioned are " +
                         _join([f"{esc(r.canonical)} ({r.mentions})" for r in districts.head(5).itertuples()], lang) + ".")
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
