"""The report's prose on small tables: thin data said so, bounds and forecasts worded carefully, zh complete."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import params
from helpers.show import commentary, digest, i18n, keyfigures, views

COLS = ["doc_id", "figure_id", "text", "value", "unit", "kind", "qualifier", "subject", "metric", "period",
        "sent_id", "start", "end", "sentence"]


def figs(*rows) -> pd.DataFrame:
    """Figures rows: (text, value, unit, kind, qualifier, subject, metric, period)."""
    out = []
    for i, (text, value, unit, kind, qual, subject, metric, period) in enumerate(rows, 1):
        out.append(["d", f"d:F{i:03d}", text, value, unit, kind, qual, subject, metric, period, 0, 0, len(text),
                    f"……{text}……"])
    return pd.DataFrame(out, columns=COLS)


DATED = [{"doc_id": "d", "date": "2025"}]
UNDATED = [{"doc_id": "d", "date": None}]

MIXED = figs(
    ("协议投资额达386亿元", 38600000000.0, "CNY", "money", "exact", "长寿经开区", "投资", "2025-Q1-Q3"),
    ("超过900亿元", 90000000000.0, "CNY", "money", "more_than", "长寿区", "产值", "2024"),
    ("2.6万人", 26000.0, "人", "count", "exact", "长寿区", "就业", None),
    ("突破1500亿元", 150000000000.0, "CNY", "money", "more_than+forecast", "长寿经开区", "产值", "2027"),
)

# Latin letters allowed in the Chinese prose: method names, figure ids, numbers' units we chose to keep.
ZH_ALLOWED = {"TF", "IDF", "TextRank", "F001", "F002", "F003", "F004", "data", "processed", "report", "facts",
              "zh", "json"}


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - ZH_ALLOWED


# ----------------------------------------------------------------------------- thin data

def test_no_figures_says_so_in_both_languages():
    empty = figs()
    assert commentary.figures(empty, DATED, "en") == (
        "No figures (amounts, counts, percentages ...) were found in this text, so this report quantifies "
        "nothing and describes only its vocabulary and places.")
    assert commentary.figures(empty, DATED, "zh") == (
        "文中没有找到任何数据（金额、数量、百分比等），因此本报告不作量化描述，只介绍用词与地点。")


def test_few_figures_are_listed_not_generalised():
    one = figs(("12个", 12.0, "个", "count", "exact", "璧山区", "项目数", "2025-H1"))
    en = commentary.figures(one, DATED, "en")
    assert en.startswith("The article gives one figure: one count.")
    assert "too few to compare or generalise" in en and "(s)" not in en
    assert "It is not an amount in yuan." in en
    assert "not added up" not in en  # one amount or none: nothing to warn about
    zh = commentary.figures(one, DATED, "zh")
    assert "数据很少，只能逐条列出" in zh and "其中没有人民币金额。" in zh


def test_no_date_leaves_relative_periods_unresolved():
    f = figs(("86亿元", 8600000000.0, "CNY", "money", "exact", "璧山区", "投资", "XXXX-H1"),
             ("超过300亿元", 30000000000.0, "CNY", "money", "more_than", "璧山区", "产值", "去年"),
             ("12个", 12.0, "个", "count", "exact", "璧山区", "项目数", "XXXX-H1"))
    assert commentary.figures(f, UNDATED, "en").endswith(
        "The document date is unknown, so the relative periods (this year, the first half ...) of 3 figures stay "
        "unresolved.")
    assert commentary.figures(f, UNDATED, "zh").endswith("文档日期未知，3个数据的“今年”“上半年”等相对时间无法确定。")
    assert "date is unknown" not in commentary.figures(f, DATED, "en")
    # a corpus: how many of its documents lack a date, not "the document"
    corpus = DATED + UNDATED + UNDATED
    assert commentary.figures(f, corpus, "en").endswith(
        "2 of the 3 documents have no date, so the relative periods (this year, the first half ...) of 3 figures "
        "stay unresolved.")
    assert commentary.figures(f, corpus, "zh").endswith("2 篇文档没有日期，3个数据的“今年”“上半年”等相对时间无法确定。")


def test_cleaning_prose_notes_undated_documents():
    log = pd.DataFrame(columns=["doc_id", "op", "raw_start", "raw_end", "before", "after", "reason"])
    assert commentary.cleaning(UNDATED, log, [], "zh") == (
        "清洗未改动任何文字。没有需要人工核对的段落。文档没有日期，“今年”“上半年”等相对时间无法确定。")
    assert commentary.cleaning(UNDATED, log, [], "en").endswith(
        "The document has no date, so relative times such as 今年 (this year) cannot be resolved.")
    corpus = [*UNDATED, {"doc_id": "e", "date": "2025"}, {"doc_id": "f", "date": None}]
    assert commentary.cleaning(corpus, log, [], "en").endswith(
        "2 of the 3 documents have no date, so their relative times (今年, this year ...) cannot be resolved.")
    assert commentary.cleaning(corpus, log, [], "zh").endswith("3 篇文档中有 2 篇没有日期，其中“今年”“上半年”等相对时间无法确定。")


def _log(*ops: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"] * len(ops), "op": list(ops), "raw_start": range(len(ops)),
                         "before": ["x"] * len(ops), "reason": [""] * len(ops)})


def test_cleaning_prose_puts_the_substantive_changes_first_and_counts_the_routine_ones():
    log = _log(*["fullwidth_punct"] * 1137, *["pair_quotes"] * 86, "join_broken_line", "remove_stray_glyph",
               *["split_related"] * 5, "flag_dash_confusion", "flag_dash_confusion", "flag_lost_text")
    en = commentary.cleaning(DATED, log, [{"path": "x.txt"}], "en")
    assert en == (
        "Cleaning made 1,230 changes to the text. Those that touch the content or structure: 5 lines of the closing "
        "list of related articles split off the body, one broken line joined and one stray glyph removed. The other "
        "1,223 are routine: 1,137 punctuation marks made full-width and 86 quotation marks paired; the cleaning log "
        "lists every one. 3 passages are flagged for a person to check: 2 where 一 (the character for “one”) may be "
        "an OCR'd dash and one where text may be lost at a line end. One file could not be read and was skipped.")
    assert "(s)" not in en
    zh = commentary.cleaning(DATED, log, [], "zh")
    assert zh == (
        "清洗共改动 1,230 处。其中涉及内容和结构的有：从正文拆出文末相关文章列表 5 行、接合断行 1 处、删除杂散字符 1 处。"
        "其余 1,223 处为常规修正：标点改为全角 1,137 处、引号配对 86 处，清洗日志逐条记录。"
        "另有 3 处标记待人工核对：“一”可能是误识的破折号 2 处、行末可能缺字 1 处。")
    facts = {}
    commentary.cleaning([*DATED, {"doc_id": "e", "date": "2025"}], _log("pair_quotes"), [], "en", facts)
    assert (facts["changes"], facts["routine_changes"], facts["substantive_changes"], facts["flags"]) == (1, 1, 0, 0)
    assert commentary.cleaning([*DATED, {"doc_id": "e", "date": "2025"}], _log("pair_quotes"), [], "en") == (
        "Cleaning made one change to the 2 documents. It is routine: one quotation mark paired. "
        "Nothing is flagged for a person to check.")


def test_english_cleaning_prose_quotes_no_passages():
    log = _log("flag_lost_text")
    log["before"] = ["续写产业转移枢纽的新管章"]
    en = commentary.cleaning(DATED, log, [], "en")
    assert en.endswith("One passage is flagged for a person to check: text may be lost at a line end.")
    assert "新管章" not in en
    two = commentary.cleaning(DATED, _log("flag_dash_confusion", "flag_dash_confusion"), [], "en")
    assert two.endswith("2 passages are flagged for a person to check, each because 一 (the character for “one”) "
                        "may be an OCR'd dash.")


def test_no_entities_says_so():
    empty = pd.DataFrame(columns=["doc_id", "name", "canonical", "type", "division_code", "mentions", "first_start"])
    assert commentary.geography(empty, None, "en") == (
        "No places or organisations were found, so there is no map or network to draw.")
    assert commentary.geography(empty, None, "zh") == "没有找到地点或机构，因此没有地图和关系网络。"


# ----------------------------------------------------------------------------- careful wording

def test_lower_bounds_forecasts_and_achieved_apart_with_ids():
    facts: dict = {}
    f = MIXED.assign(metric_en=["investment", "output value", "jobs", "output value"])
    en = commentary.figures(f, DATED, "en", facts)
    # the largest achieved amount is the 900亿 lower bound, not the larger forecast; achieved and forecast apart
    # a subject the lexicon names in English (a place, a firm) is said by that name
    assert ("The largest amounts stated as achieved or current: more than 90 billion yuan of output value for "
            "Changshou District in 2024 (F002); 38.6 billion yuan of investment for Changshou Economic and "
            "Technological Development Zone in the first three quarters of 2025 (F001).") in en
    assert ("The largest amount expected is more than 150 billion yuan of output value for Changshou Economic and "
            "Technological Development Zone in 2027 (F004).") in en
    assert "so they are not added up." in en
    assert "One figure is a forecast, what is expected rather than achieved (F004)." in en
    assert "2 are lower bounds, so the true values are higher (F002, F004)." in en
    assert "total" not in en.lower() and "in all" not in en and "(s)" not in en
    assert facts["largest_money_achieved"] == "d:F002" and facts["largest_money_forecast"] == "d:F004"
    assert facts["lower_bounds"] == ["d:F002", "d:F004"] and facts["forecasts"] == ["d:F004"]
    assert [f["figure_id"] for f in facts["figures_quoted"]] == ["d:F002", "d:F001", "d:F004"]

    zh = commentary.figures(MIXED, DATED, "zh")
    # Chinese quotes the article's own words, with its period where resolved
    assert "2024年，长寿区“……超过900亿元……”（F002）" in zh
    assert "预期金额中最大的是：2027年，长寿经开区“……突破1500亿元……”（F004）。" in zh
    assert "因此不作加总。" in zh
    assert "2个数据是下限（F002、F004），原文作“超过”“突破”，实际数值更高。" in zh


def test_every_quoted_number_carries_the_id_of_its_row():
    en = commentary.figures(MIXED, DATED, "en")
    for fid in re.findall(r"F\d{3}", en):
        assert f"d:{fid}" in set(MIXED["figure_id"])
    # every amount said is followed by the id of its row
    amounts = re.findall(r"billion yuan[^;.]*?\((F\d{3})\)", en)
    assert len(amounts) == len(re.findall(r"billion yuan", en)) == 3


@pytest.mark.parametrize("q, en, zh", [
    ("exact", "exact", "确数"),
    ("more_than", "lower bound (more than)", "下限（超过）"),
    ("less_than", "upper bound (under)", "上限（不到）"),
    ("approx", "approximate", "约数"),
    ("more_than+forecast", "lower bound (more than), forecast", "下限（超过）、预计"),
    (None, "exact", "确数"),
])
def test_qualifier_names(q, en, zh):
    assert commentary.qualifier_name(q, "en") == en
    assert commentary.qualifier_name(q, "zh") == zh


@pytest.mark.parametrize("period, en, zh", [
    ("2025-H1", "the first half of 2025", "2025年上半年"),
    ("2025-Q1-Q3", "the first three quarters of 2025", "2025年前三季度"),
    ("2023-11", "November 2023", "2023年11月"),
    ("2023-11-05", "November 5, 2023", "2023年11月5日"),
    ("2023-11/to-date", "since November 2023", "2023年11月至今"),
    ("2025/2027", "2025 to 2027", "2025年至2027年"),
    ("to-date", "to date", "至今"),
    ("annual", "per year", "每年"),
    ("recent", "recent years (unresolved)", "近年（未确定）"),
    ("XXXX-H1", "the first half of an unknown year", "上半年（年份未知）"),
    ("XXXX-03", "March of an unknown year", "3月（年份未知）"),
    ("去年", "last year (relative; document date unknown)", "去年（未确定）"),
    ("2025-2027", "2025–2027", "2025—2027年"),
    (None, "", ""),
])
def test_period_names(period, en, zh):
    assert commentary.period_name(period, "en") == en
    assert commentary.period_name(period, "zh") == zh


# ----------------------------------------------------------------------------- Chinese complete

def test_chinese_prose_and_tables_have_no_english_words():
    zh = commentary.figures(MIXED, DATED, "zh")
    assert latin_words(zh) == set(), zh
    page = keyfigures.table_html(MIXED, "zh")
    heads = re.findall(r"<th>(.*?)</th>", page)
    assert heads == ["编号", "数值", "地点", "主体", "指标", "时间", "原句"]
    rows = keyfigures.table_rows(MIXED, "zh")
    cells = " ".join(str(r[c]) for r in rows for c in ("value", "place", "subject", "metric", "period"))
    assert latin_words(cells) == set(), cells
    assert rows[2]["value"] == "2.6万人" and rows[0]["value"] == "386亿元"
    log = pd.DataFrame({"doc_id": ["d", "d"], "op": ["pair_quotes", "flag_lost_text"], "raw_start": [3, 9],
                        "raw_end": [4, 12], "before": ["“", "新管章"], "after": ["“", "新管章"],
                        "reason": ["", "line ends mid-sentence"]})
    flags = views.flags_table(log, "zh")
    assert list(flags.columns) == ["问题", "原文位置", "段落", "原因"]
    assert latin_words(" ".join(map(str, flags.to_numpy().ravel()))) == set()
    clean = commentary.cleaning(DATED, log, [], "zh")
    assert clean == "清洗共改动 1 处。均为常规修正：引号配对 1 处，清洗日志逐条记录。另有 1 处标记待人工核对：行末可能缺字。"


def test_entity_table_in_chinese():
    ents = pd.DataFrame({"doc_id": ["d", "d"], "name": ["长寿", "赛力斯"], "canonical": ["长寿区", "赛力斯"],
                         "type": ["place", "org"], "division_code": ["500115", None], "mentions": [1, 4],
                         "first_start": [0, 5]})
    t = views.entities_compact(ents, "zh")
    assert list(t.columns) == ["规范名称", "原文写法", "类型", "区划代码", "提及次数"]
    assert t["类型"].tolist() == ["机构", "地点"]  # most mentioned first
    assert t["规范名称"].tolist() == ["赛力斯", "长寿区"] and t["原文写法"].tolist() == ["赛力斯", "长寿"]
    en = views.entities_compact(ents, "en")
    assert en["type"].tolist() == ["organisation", "place"]
    # the English name with the Chinese beside it once; the written form only where it differs
    assert en["name"].tolist() == ["Seres (赛力斯)", "Changshou District (长寿区)"]
    assert en["as written"].tolist() == ["", "长寿"]


# ----------------------------------------------------------------------------- escaping

@pytest.mark.parametrize("raw, shown", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("**50亿元**", r"\*\*50亿元\*\*"),
    ("[link](http://x)", r"\[link\](http&#58;//x)"),
    ("~~删~~ `code`", r"\~\~删\~\~ \`code\`"),
])
def test_article_text_is_inert_in_markdown(raw, shown):
    assert commentary.esc(raw) == shown


def test_prose_names_the_subject_and_its_place():
    f = figs(("386亿元", 3.86e10, "CNY", "money", "exact", "东部沿海产业转移项目", "投资", None),
             ("28亿元", 2.8e9, "CNY", "money", "exact", "", "到位资金", None),
             ("9亿元", 9e8, "CNY", "money", "exact", "长寿区化工园", "产值", None))
    f["place"] = ["长寿经开区", "垫江县", "长寿区"]
    f["metric_en"] = ["investment", "funds in place", "output value"]
    en = commentary.figures(f, DATED, "en")
    # English: the metric in English and the place by its English name; a subject without one stays in the table
    assert "38.6 billion yuan of investment in " in en and "(F001)" in en
    assert "东部沿海产业转移项目" not in en
    zh = commentary.figures(f, DATED, "zh")
    # Chinese: the place and the subject before the article's clause, the place not said twice
    assert "长寿经开区东部沿海产业转移项目“……386亿元……”（F001）" in zh
    assert "垫江县“……28亿元……”（F002）" in zh and "长寿区化工园“……9亿元……”（F003）" in zh


def test_subject_with_markup_is_escaped_in_prose():
    f = figs(("50亿元", 5e9, "CNY", "money", "exact", "<b>铜梁区</b>", "投资", None))
    zh = commentary.figures(f, DATED, "zh")
    assert "&lt;b&gt;铜梁区&lt;/b&gt;" in zh and "<b>" not in zh


# ----------------------------------------------------------------------------- every phrase in one place (i18n)

SHOW = Path(i18n.__file__).parent
# Han characters, CJK punctuation (，。、「」), full-width forms (（）：): the signs of Chinese wording.
CJK_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")


def test_every_phrase_and_name_is_in_every_language():
    assert i18n.BASE in i18n.LANGS and set(i18n.LANGS) >= {"en", "zh"}
    for key, entry in i18n.PHRASES.items():
        assert set(entry) == set(i18n.LANGS), key
        for lang, phrase in entry.items():
            if isinstance(phrase, dict):
                assert set(phrase) == {"one", "other"}, (key, lang)
            # the code fills the base language's placeholders: no language may ask for another
            assert i18n.placeholders(phrase) <= i18n.placeholders(entry[i18n.BASE]), (key, lang)
    for vocabulary, codes in i18n.NAMES.items():
        assert codes, vocabulary
        for code, entry in codes.items():
            assert set(entry) == set(i18n.LANGS), (vocabulary, code)
    for table in (i18n.CONVENTIONS, i18n.DATATABLES, i18n.PARAM_MEANINGS):
        assert set(table) == set(i18n.LANGS)


def test_every_parameter_has_a_meaning_in_every_language():
    for lang in i18n.LANGS:
        for name in [*params.PARAMS, "doc_id"]:
            assert i18n.param_meaning(name, lang), (name, lang)
    assert i18n.param_meaning("jobs", "en") == params.PARAMS["jobs"].help  # English: the parameter's own help
    assert i18n.param_meaning("jobs", "zh") == "逐篇处理的进程数"


def test_unknown_language_is_written_in_english():
    assert i18n.text("fig.none", "fr") == i18n.text("fig.none", "en")
    assert i18n.name("cleaning_op", "pair_quotes", "fr") == "quotes paired"
    assert commentary.figures(MIXED, DATED, "fr") == commentary.figures(MIXED, DATED, "en")
    empty = pd.DataFrame(columns=["doc_id", "name", "canonical", "type", "division_code", "mentions", "first_start"])
    assert commentary.geography(empty, None, "fr") == commentary.geography(empty, None, "en")
    assert commentary.cleaning(UNDATED, pd.DataFrame(columns=["doc_id", "op", "before"]), [], "fr").startswith(
        "Cleaning changed nothing in the text.")
    assert i18n.text("fig.lower_bounds", "en", n=1, ids="F001", words="").startswith("One is a lower bound")
    assert i18n.text("fig.lower_bounds", "en", n=2, ids="F001, F002", words="").startswith("2 are lower bounds")


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    return {id(n.body[0].value) for n in nodes
            if n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def _is_lang(node: ast.AST) -> bool:
    """A language code literal, or a tuple, list or set of them."""
    if isinstance(node, ast.Constant):
        return node.value in i18n.LANGS
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(_is_lang(e) for e in node.elts)


def wording_outside_i18n(source: str) -> list[str]:
    """What in ``source`` chooses or holds wording itself: Chinese string literals (docstrings apart),
    comparisons with a language code, dicts keyed or lookups indexed by one."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                and CJK_TEXT.search(node.value):
            found.append(f"line {node.lineno}: Chinese literal {node.value[:20]!r}")
        elif isinstance(node, ast.Compare) and any(_is_lang(x) for x in [node.left, *node.comparators]):
            found.append(f"line {node.lineno}: compares with a language code: {ast.unparse(node)[:60]}")
        elif isinstance(node, ast.Dict) and any(k is not None and _is_lang(k) for k in node.keys):
            found.append(f"line {node.lineno}: a dict keyed by language")
        elif isinstance(node, ast.Subscript) and _is_lang(node.slice):
            found.append(f"line {node.lineno}: indexed by a language code: {ast.unparse(node)[:60]}")
    return found


def test_the_wording_check_finds_what_it_looks_for():
    bad = 'def f(lang):\n    """文档 (a docstring is fine)"""\n    if lang == "zh":\n        return "中文"\n' \
          '    x = {"en": 1, "zh": 2}[lang]\n    return LABELS["en"] if lang in ("en",) else f"{x}，"\n'
    found = wording_outside_i18n(bad)
    assert len(found) == 6, found
    assert wording_outside_i18n('def f(lang="en"):\n    """中文"""\n    return i18n.text("k", lang)\n') == []


@pytest.mark.parametrize("module", sorted(p.name for p in SHOW.glob("*.py") if p.name != "i18n.py"))
def test_show_modules_ask_i18n_for_their_words(module):
    assert wording_outside_i18n((SHOW / module).read_text(encoding="utf-8")) == []


def test_the_show_layer_has_its_modules():
    assert {"commentary.py", "compare.py", "maps.py", "report.py", "views.py"} <= {p.name for p in SHOW.glob("*.py")}


# ----------------------------------------------------------------------------- vocabulary

def _tokens(words: dict[str, int], doc: str = "d", stop: int = 0) -> pd.DataFrame:
    toks = [w for w, n in words.items() for _ in range(n)] + ["的"] * stop
    return pd.DataFrame({"doc_id": doc, "token": toks, "pos": "n", "is_stop": [t == "的" for t in toks],
                         "is_figure": False, "is_entity": [t == "重庆" for t in toks]})


VOCAB = {"产业": 42, "承接": 26, "项目": 26, "转移": 21, "重庆": 20, "推动": 12, "合作": 11}


def _keywords(doc: str, order: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc, "term": order, "freq": [VOCAB.get(t, 1) for t in order],
                         "tfidf": [0.3 - i / 100 for i in range(len(order))],
                         "textrank": [1 - i / 10 for i in range(len(order))]})


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if CJK_TEXT.match(c)) / len(letters)


def test_vocabulary_says_ties_once_and_no_tfidf_for_one_document():
    tokens = _tokens({**VOCAB, **{f"词{i}": 1 for i in range(1200)}}, stop=800)
    freq = pd.DataFrame({"term": list(VOCAB), "freq": list(VOCAB.values())})
    kw = _keywords("d", ["产业", "承接", "项目", "转移", "重庆"])
    en = commentary.vocabulary(tokens, kw, freq, "en")
    assert en == (
        "The text has 2,158 tokens (37% stopwords, 0 in figures and 20 in names of places, organisations and "
        "programmes). The most frequent of the 1,207 distinct content words: 产业 (42 times), then 承接 and 项目 "
        "(26 times each). TextRank's 5 highest-ranked words are the 5 most frequent ones.")
    assert "TF-IDF" not in en and "(s)" not in en and _cjk_share(en) <= 0.05
    zh = commentary.vocabulary(tokens, kw, freq, "zh")
    assert zh == (
        "全文共 2,158 个词，其中停用词占 37%，数据词 0 个，地名、机构名、项目名等实体词 20 个。"
        "在 1,207 个不同的实词中，出现最多的是“产业”（42 次），其次是“承接”、“项目”（各 26 次）。"
        "TextRank 排名前 5 的词正是出现最多的 5 个词。")
    other = commentary.vocabulary(tokens, _keywords("d", ["推动", "合作", "产业", "承接", "东部"]), freq, "en")
    assert other.endswith("TextRank's 5 highest-ranked words and the 5 most frequent have 2 in common.")


def test_vocabulary_over_several_documents_compares_textrank_per_document():
    tokens = pd.concat([_tokens(VOCAB, "a"), _tokens(VOCAB, "b")])
    freq = pd.DataFrame({"term": list(VOCAB), "freq": [2 * v for v in VOCAB.values()]})
    kw = pd.concat([_keywords("a", ["产业", "承接", "项目", "转移", "重庆"]),
                    _keywords("b", ["推动", "合作", "产业", "承接", "东部", "项目", "转移", "重庆"])])
    en = commentary.vocabulary(tokens, kw, freq, "en")
    assert en.startswith("The 2 documents have 316 tokens")
    assert en.endswith("Per document, TextRank's 5 highest-ranked words share 3.5 on average with the document's 5 "
                       "most frequent.")  # a: all five; b: 产业 and 承接


def test_a_corpus_of_forecasts_lists_ten_ids_and_counts_the_rest():
    # 19,263 real news items have 3,343 forecasts: the report listed every id in one sentence
    from helpers.show import commentary as c

    rows = pd.DataFrame({"figure_id": [f"d{i:04d}:F001" for i in range(3343)], "doc_id": "d", "text": "5亿元",
                         "value": 5e8, "unit": "CNY", "kind": "money", "qualifier": "exact", "place": "",
                         "subject": "", "metric": "投资", "metric_en": "investment", "measure": "level",
                         "period": "2025", "period_kind": "year", "sentence": "预计投资5亿元。"})
    facts: dict = {}
    en = c._ids(rows, "en", True, facts)
    assert en.count("F001") == c.MAX_IDS == 10 and en.endswith(" and 3,333 more")
    assert len(facts["figures_quoted"]) == 10
    zh = c._ids(rows, "zh", True)
    assert zh.count("F001") == 10 and zh.endswith("等")
    few = c._ids(rows.iloc[:3], "en", True)
    assert few.count("F001") == 3 and "more" not in few


def test_textrank_overlap_of_every_document_at_once_equals_the_loop_over_documents():
    """The corpus sentence's per-document TextRank overlap, computed for all documents in one pass,
    equals :func:`commentary._shared_with_frequent` run on each document's keywords (ties, missing
    scores, repeated terms, documents with one word)."""
    import numpy as np

    rng = np.random.default_rng(7)
    for _ in range(150):
        n = int(rng.integers(1, 80))
        kw = pd.DataFrame({"doc_id": rng.choice(list("abcde"), n), "term": rng.choice(list("pqrstuvwxyzmnojk"), n),
                           "textrank": rng.choice([0.1, 0.2, 0.3, 0.5, np.nan], n), "freq": rng.integers(1, 6, n)})
        loop = {d: commentary._shared_with_frequent(g, g) for d, g in kw.groupby("doc_id", sort=False)}
        expected = [(d, k) for d, (k, compared) in loop.items() if compared]
        got = commentary.shared_per_document(kw)
        assert list(got.items()) == expected


def test_group_keys_of_a_table_are_each_rows_group_key():
    import numpy as np

    rng = np.random.default_rng(3)
    n = 300
    figs = pd.DataFrame({c: rng.choice(["", "a", "b", None], n) for c in ("metric", "measure", "unit", "period_kind")})
    figs["comparable"] = rng.choice(["", "k1", "k2", None], n)
    figs["qualifier"] = rng.choice(["exact", "forecast", "more_than,forecast", None], n)
    figs.index = range(100, 100 + n)
    keys = digest.group_keys(figs)
    assert list(keys.index) == list(figs.index)
    assert list(keys) == [keyfigures.group_key(r) for r in figs.to_dict("records")]
    assert list(digest.group_keys(figs.drop(columns=["comparable"]))) == \
        [keyfigures.group_key(r) for r in figs.drop(columns=["comparable"]).to_dict("records")]
