"""Every phrase the show layer writes, in each language it writes: the one file to read, correct or extend.

The notebooks' notes, the charts' titles and labels, the report's headings and the prose computed
from the tables all ask here, by meaning, and never choose wording by comparing a language code:

>>> text("fig.found", "en", n=3, kinds="3 counts"), text("fig.found", "zh", n=3, kinds="数量3个")
('The article gives 3 figures: 3 counts.', '文中共有3个数据：数量3个。')
>>> name("qualifier", "approx", "zh"), name("qualifier", "no_such_code", "zh")
('约数', 'no_such_code')

* :data:`PHRASES` - sentences and labels, keyed by meaning (``group.meaning``), one template per
  language with :meth:`str.format` placeholders. An entry may have plural forms (``{"one": ...,
  "other": ...}``), chosen by the ``n`` placeholder.
* :data:`NAMES` - the words for the tables' codes (qualifiers, kinds, cleaning operations, column
  names ...), per vocabulary and code; codes a vocabulary does not know are shown as they are.
* :data:`CONVENTIONS` - how a language writes numbers and joins the pieces of a sentence.
* :data:`DATATABLES` - the interactive tables' own words (search box, paging).
* :func:`param_meaning` - what each run parameter means. English meanings are the parameters' help
  (:data:`helpers.params.PARAMS`, which the command line shows too); other languages' are here.

A language code that is not in :data:`LANGS` is written in :data:`BASE` (English). The package's own
messages (parameter help, the reasons in the cleaning log) are in the base language, and files in
the base language carry no language suffix (``02_top_terms.png``, ``02_top_terms.zh.png``).

Adding a language: add it to :data:`LANGS` and give it a column in every entry below (the tests
check that none is missing and that every language's template has the same placeholders).
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from helpers.params import PARAMS

LANGS = ("en", "zh")
BASE = "en"

Phrase = str | dict[str, str]  # a template, or its plural forms ("one", "other")

# ----------------------------------------------------------------------------- phrases

PHRASES: dict[str, dict[str, Phrase]] = {
    # ------------------------------------------------------------------ joining pieces
    "sep.sentence": {"en": " ", "zh": ""},  # between the sentences of a paragraph
    "sep.enum": {"en": ", ", "zh": "、"},  # between the items of an enumeration
    "sep.clause": {"en": "; ", "zh": "；"},  # between longer items (quoted passages)
    "sep.quoted": {"en": ", ", "zh": ""},  # between quoted words (“超”“突破”)
    "sep.parts": {"en": ", ", "zh": "，"},  # between the parts of a label (a place, its period)
    "sep.label": {"en": ": ", "zh": "："},  # between a label and its value (by: ..., 作者：...)
    "sep.and": {"en": " and ", "zh": "、"},  # before the last item of a list ("a, b and c")

    # ------------------------------------------------------------------ notebooks' notes (views)
    "note.none": {"en": "Nothing to show.", "zh": "无可显示内容。"},
    "note.first_rows": {"en": "The first {shown:,} of {total:,} rows; the product file has them all.",
                        "zh": "仅显示前 {shown:,} 行（共 {total:,} 行）；完整数据见产品文件。"},
    "note.no_money": {"en": "No money figures in this text.", "zh": "文中没有金额数据。"},
    "note.no_other": {"en": "No count, area or other figures in this text.", "zh": "文中没有数量、面积等其他数据。"},
    "note.no_dated": {"en": "No figure in this text has a resolved date.", "zh": "文中没有可确定时间的数据。"},
    "note.no_failures": {"en": "No file was skipped.", "zh": "没有跳过的文件。"},
    "note.no_cooc": {"en": "No two places or organisations share a sentence.", "zh": "没有同句出现的地点或机构。"},
    "note.no_places": {"en": "No Chongqing district is named.", "zh": "文中未提及重庆区县。"},
    "note.more_documents": {"en": {"one": "... and one more document (see the documents table).",
                                   "other": "... and {n:,} more documents (see the documents table)."},
                            "zh": "……另有 {n:,} 篇文档（见文档表）。"},
    "note.more_changes": {"en": {"one": "One more in cleaning_log.csv.", "other": "{n:,} more in cleaning_log.csv."},
                          "zh": "cleaning_log.csv 中还有 {n:,} 处。"},
    "note.documents": {"en": {"one": "One document.", "other": "{n:,} documents."}, "zh": "共 {n:,} 篇文档。"},
    "note.kwic_hits": {"en": {"one": "{term} occurs once.", "other": "{term} occurs {n:,} times."},
                       "zh": "“{term}”共出现 {n:,} 次。"},
    "note.kwic_string": {
        "en": {"one": "{term} is not one token (the segmenter cuts it up), so it was found as a string, once.",
               "other": "{term} is not one token (the segmenter cuts it up), so it was found as a string, "
                        "{n:,} times."},
        "zh": "“{term}”不是一个完整的词（分词时被切开），因此按字符串检索，共出现 {n:,} 次。"},
    "note.more_hits": {"en": {"one": "One more occurrence is not shown.",
                              "other": "{n:,} more occurrences are not shown."},
                       "zh": "另有 {n:,} 处未显示。"},
    "note.one_document_tfidf": {
        "en": "One document: corpus TF-IDF (what distinguishes each document) needs two or more.",
        "zh": "只有一篇文档：语料 TF-IDF（区分各文档的词）需要两篇或以上文档。"},
    "note.not_a_token": {"en": "{term} does not occur in the text.", "zh": "文中没有出现“{term}”。"},

    # ------------------------------------------------------------------ a document's structure (notebook 01)
    "doc.title": {"en": "Title", "zh": "标题"},
    "doc.byline": {"en": "Byline", "zh": "署名"},
    "doc.date": {"en": "Date", "zh": "日期"},
    "doc.source": {"en": "Source", "zh": "来源"},
    "doc.unknown": {"en": "unknown", "zh": "未知"},
    "doc.no_byline": {"en": "-", "zh": "-"},
    "doc.headings": {"en": "Section headings", "zh": "小标题"},
    "doc.no_headings": {"en": "none", "zh": "无"},
    "doc.related": {"en": "Related articles", "zh": "相关文章"},
    "doc.related_page": {"en": "page", "zh": "版次"},
    "doc.related_place": {"en": "place", "zh": "地点"},
    "doc.related_title": {"en": "title", "zh": "标题"},
    # the changed passages, raw beside clean
    "log.doc": {"en": "doc", "zh": "文档"},
    "log.change": {"en": "change", "zh": "改动"},
    "log.raw_offset": {"en": "raw offset", "zh": "原文位置"},
    "log.raw": {"en": "raw", "zh": "原文"},
    "log.clean": {"en": "clean", "zh": "清洗后"},
    "log.why": {"en": "why", "zh": "原因"},
    "log.op": {"en": "code", "zh": "代码"},
    "log.kind": {"en": "kind", "zh": "类别"},
    "log.changes": {"en": "changes", "zh": "处数"},
    "log.documents": {"en": "documents", "zh": "文档数"},
    "log.substantive": {"en": "Changes to the content and structure", "zh": "涉及内容和结构的改动"},
    "log.no_substantive": {"en": "No change touches the content or structure.", "zh": "没有涉及内容和结构的改动。"},
    "log.flagged": {"en": "Passages flagged for a person to check (the text is unchanged)",
                    "zh": "需人工核对的段落（文字未改动）"},
    "log.routine": {"en": {"one": "One routine change: {items}", "other": "{n:,} routine changes: {items}"},
                    "zh": "常规修正 {n:,} 处：{items}"},
    "log.routine_open": {"en": "(click to list them; cleaning_log.csv has every one)",
                         "zh": "（点击展开；cleaning_log.csv 逐条记录）"},
    # a term in context (notebook 02)
    "kwic.left": {"en": "before", "zh": "前文"},
    "kwic.term": {"en": "term", "zh": "检索词"},
    "kwic.right": {"en": "after", "zh": "后文"},
    "kwic.sentence": {"en": "sentence", "zh": "句序号"},

    # ------------------------------------------------------------------ charts
    "chart.top_terms": {"en": "Most frequent terms", "zh": "高频词"},
    "chart.count": {"en": "count", "zh": "频次"},
    "chart.pos": {"en": "Parts of speech (share of tokens)", "zh": "词性构成（占词数比例）"},
    "chart.pos_other": {"en": "other", "zh": "other"},  # a tag without a name (names are bilingual: NAMES["pos"])
    "chart.money": {"en": "Money figures by subject (亿元)", "zh": "各主体金额（亿元）"},
    "chart.value_yi": {"en": "value (亿元; 1亿 = 100 million yuan)", "zh": "金额（亿元）"},
    "chart.other": {"en": "Other figures by subject: {unit}", "zh": "其他数据（按主体）: {unit}"},
    "chart.timeline": {"en": "Figures over time", "zh": "数据时间线"},
    "chart.period": {"en": "period", "zh": "时间"},
    "chart.mentions": {"en": "mentions", "zh": "提及次数"},
    "chart.entity_types": {"en": "Entities by type", "zh": "实体类型"},
    "chart.map": {"en": "Chongqing districts named in the text (mentions)", "zh": "文中提及的重庆区县（提及次数）"},
    "chart.no_cooc": {"en": "no co-occurrences", "zh": "没有共现关系"},
    "chart.documents_over_time": {"en": "Documents over time", "zh": "各时期文档数"},
    "chart.documents": {"en": "documents", "zh": "篇数"},
    "chart.most_cited": {"en": "Most cited places (blue) and organisations (orange)",
                         "zh": "被最多文档提及的地点（蓝）与机构（橙）"},
    "chart.documents_naming": {"en": "documents naming it", "zh": "提及的文档数"},
    "legend.exact": {"en": "exact", "zh": "确数"},
    "legend.bound": {"en": "lower bound (超, 突破 ...)", "zh": "下限（超、突破等）"},
    "legend.forecast": {"en": "forecast", "zh": "预计"},
    "legend.approx": {"en": "approximate", "zh": "约数"},

    # ------------------------------------------------------------------ cleaning (notebook 01, the report)
    # How much cleaning changed (the sentences of commentary.cleaning, in their order)
    "clean.unchanged": {"en": "Cleaning changed nothing in the text.", "zh": "清洗未改动任何文字。"},
    "clean.changed": {"en": {"one": "Cleaning made one change to the text.",
                             "other": "Cleaning made {n:,} changes to the text."},
                      "zh": "清洗共改动 {n:,} 处。"},
    "clean.changed_corpus": {"en": {"one": "Cleaning made one change to the {docs:,} documents.",
                                    "other": "Cleaning made {n:,} changes to the {docs:,} documents."},
                             "zh": "{docs:,} 篇文档清洗共改动 {n:,} 处。"},
    "clean.substantive": {"en": "Those that touch the content or structure: {items}.",
                          "zh": "其中涉及内容和结构的有：{items}。"},
    "clean.routine": {"en": {"one": "The other one is routine: {items}.",
                             "other": "The other {n:,} are routine: {items}; the cleaning log lists every one."},
                      "zh": "其余 {n:,} 处为常规修正：{items}，清洗日志逐条记录。"},
    "clean.all_routine": {"en": {"one": "It is routine: {items}.",
                                 "other": "All are routine: {items}; the cleaning log lists every one."},
                          "zh": "均为常规修正：{items}，清洗日志逐条记录。"},
    "clean.flags": {"en": {"one": "One passage is flagged for a person to check: {items}.",
                           "other": "{n:,} passages are flagged for a person to check: {items}."},
                    "zh": "另有 {n:,} 处标记待人工核对：{items}。"},
    "clean.flags_one_kind": {"en": {"one": "One passage is flagged for a person to check: {why}.",
                                    "other": "{n:,} passages are flagged for a person to check, each because {why}."},
                             "zh": "另有 {n:,} 处标记待人工核对：{why}。"},
    "clean.why.flag_dash_confusion": {"en": "一 (the character for “one”) may be an OCR'd dash",
                                      "zh": "“一”可能是误识的破折号"},
    "clean.why.flag_lost_text": {"en": "text may be lost at a line end", "zh": "行末可能缺字"},
    "clean.why.flag_unpaired_quote": {"en": "a quotation mark has no partner", "zh": "引号不成对"},
    "clean.why.flag_replacement_char": {"en": "a character is unreadable (�)", "zh": "含无法识别的字符（�）"},
    "clean.no_flags": {"en": "Nothing is flagged for a person to check.", "zh": "没有需要人工核对的段落。"},
    "clean.failures": {"en": {"one": "One file could not be read and was skipped.",
                              "other": "{n:,} files could not be read and were skipped."},
                       "zh": "{n:,} 个文件无法读取，已跳过。"},
    "clean.undated": {"en": "The document has no date, so relative times such as 今年 (this year) cannot be resolved.",
                      "zh": "文档没有日期，“今年”“上半年”等相对时间无法确定。"},
    "clean.undated_some": {
        "en": {"one": "One of the {total:,} documents has no date, so its relative times (今年, this year ...) "
                      "cannot be resolved.",
               "other": "{n:,} of the {total:,} documents have no date, so their relative times (今年, this year ...) "
                        "cannot be resolved."},
        "zh": "{total:,} 篇文档中有 {n:,} 篇没有日期，其中“今年”“上半年”等相对时间无法确定。"},
    "clean.reason_unknown": {"en": "to be checked by a person", "zh": "需人工核对"},
    # A number of changes of one kind, in a list ("clean.n_other" for a kind without its own phrase). A single
    # kind of flag is said by its name (NAMES["cleaning_op"]) instead.
    "clean.n_other": {"en": "{op} ({n:,})", "zh": "{op} {n:,} 处"},
    "clean.n.fullwidth_punct": {"en": {"one": "one punctuation mark made full-width",
                                       "other": "{n:,} punctuation marks made full-width"},
                                "zh": "标点改为全角 {n:,} 处"},
    "clean.n.pair_quotes": {"en": {"one": "one quotation mark paired", "other": "{n:,} quotation marks paired"},
                            "zh": "引号配对 {n:,} 处"},
    "clean.n.remove_cjk_space": {"en": {"one": "one space between Chinese characters removed",
                                        "other": "{n:,} spaces between Chinese characters removed"},
                                 "zh": "删除汉字间空格 {n:,} 处"},
    "clean.n.remove_digit_space": {"en": {"one": "one space inside a number removed",
                                          "other": "{n:,} spaces inside numbers removed"},
                                   "zh": "删除数字内空格 {n:,} 处"},
    "clean.n.collapse_space": {"en": {"one": "one run of spaces collapsed", "other": "{n:,} runs of spaces collapsed"},
                               "zh": "合并连续空格 {n:,} 处"},
    "clean.n.remove_invisible": {"en": {"one": "one invisible character removed",
                                        "other": "{n:,} invisible characters removed"},
                                 "zh": "删除不可见字符 {n:,} 个"},
    "clean.n.drop_control": {"en": {"one": "one control character removed",
                                    "other": "{n:,} control characters removed"},
                             "zh": "删除控制字符 {n:,} 个"},
    "clean.n.join_broken_line": {"en": {"one": "one broken line joined", "other": "{n:,} broken lines joined"},
                                 "zh": "接合断行 {n:,} 处"},
    "clean.n.remove_stray_glyph": {"en": {"one": "one stray glyph removed", "other": "{n:,} stray glyphs removed"},
                                   "zh": "删除杂散字符 {n:,} 处"},
    "clean.n.remove_furniture": {"en": {"one": "one line of page furniture removed",
                                        "other": "{n:,} lines of page furniture removed"},
                                 "zh": "删除版面元素 {n:,} 处"},
    "clean.n.split_related": {"en": {"one": "one line of the closing list of related articles split off the body",
                                     "other": "{n:,} lines of the closing list of related articles split off the body"},
                              "zh": "从正文拆出文末相关文章列表 {n:,} 行"},
    "clean.n.parse_byline": {"en": {"one": "the byline recognised", "other": "{n:,} bylines recognised"},
                             "zh": "识别署名 {n:,} 处"},
    "clean.n.parse_related": {"en": {"one": "one related article recognised",
                                     "other": "{n:,} related articles recognised"},
                              "zh": "识别相关文章 {n:,} 篇"},
    "clean.n.flag_dash_confusion": {"en": {"one": "one where 一 (the character for “one”) may be an OCR'd dash",
                                           "other": "{n:,} where 一 (the character for “one”) may be an OCR'd dash"},
                                    "zh": "“一”可能是误识的破折号 {n:,} 处"},
    "clean.n.flag_lost_text": {"en": {"one": "one where text may be lost at a line end",
                                      "other": "{n:,} where text may be lost at a line end"},
                               "zh": "行末可能缺字 {n:,} 处"},
    "clean.n.flag_unpaired_quote": {"en": {"one": "one with an unpaired quotation mark",
                                           "other": "{n:,} with an unpaired quotation mark"},
                                    "zh": "引号不成对 {n:,} 处"},
    "clean.n.flag_replacement_char": {"en": {"one": "one with an unreadable character (�)",
                                             "other": "{n:,} with unreadable characters (�)"},
                                      "zh": "含无法识别的字符（�）{n:,} 处"},

    # ------------------------------------------------------------------ vocabulary (notebook 02, the report)
    "vocab.none": {"en": "No tokens.", "zh": "没有词语。"},
    "vocab.stats": {
        "en": "The text has {n:,} tokens ({stop:.0%} stopwords, {figures:,} in figures and {entities:,} in names of "
              "places, organisations and programmes).",
        "zh": "全文共 {n:,} 个词，其中停用词占 {stop:.0%}，数据词 {figures:,} 个，"
              "地名、机构名、项目名等实体词 {entities:,} 个。"},
    "vocab.stats_corpus": {
        "en": "The {docs:,} documents have {n:,} tokens ({stop:.0%} stopwords, {figures:,} in figures and "
              "{entities:,} in names of places, organisations and programmes).",
        "zh": "{docs:,} 篇文档共 {n:,} 个词，其中停用词占 {stop:.0%}，数据词 {figures:,} 个，"
              "地名、机构名、项目名等实体词 {entities:,} 个。"},
    "vocab.top": {"en": "The most frequent of the {distinct:,} distinct content words: {items}.",
                  "zh": "在 {distinct:,} 个不同的实词中，出现最多的是{items}。"},
    "vocab.word": {"en": "{w}", "zh": "“{w}”"},
    "vocab.count": {"en": {"one": "{words} (once)", "other": "{words} ({n:,} times)"}, "zh": "{words}（{n:,} 次）"},
    "vocab.count_each": {"en": {"one": "{words} (once each)", "other": "{words} ({n:,} times each)"},
                         "zh": "{words}（各 {n:,} 次）"},
    "vocab.tie": {"en": {"one": "{k:,} words tie, each occurring once", "other": "{k:,} words tie, {n:,} times each"},
                  "zh": "{k:,} 个词并列，各出现 {n:,} 次"},
    "vocab.then": {"en": ", then ", "zh": "，其次是"},
    "vocab.textrank_same": {"en": "TextRank's {n} highest-ranked words are the {n} most frequent ones.",
                            "zh": "TextRank 排名前 {n} 的词正是出现最多的 {n} 个词。"},
    "vocab.textrank_some": {"en": "TextRank's {n} highest-ranked words and the {n} most frequent have {k} in common.",
                            "zh": "TextRank 排名前 {n} 的词中有 {k} 个也在出现最多的 {n} 个词之列。"},
    "vocab.textrank_none": {
        "en": "None of TextRank's {n} highest-ranked words is among the {n} most frequent: no one theme dominates.",
        "zh": "TextRank 排名前 {n} 的词都不在出现最多的 {n} 个词之列，用词较分散。"},
    "vocab.textrank_docs": {
        "en": "Per document, TextRank's {n} highest-ranked words share {mean:.1f} on average with the document's "
              "{n} most frequent.",
        "zh": "逐篇来看，TextRank 排名前 {n} 的词平均有 {mean:.1f} 个与该篇出现最多的 {n} 个词相同。"},

    # ------------------------------------------------------------------ figures (notebook 03, the report)
    "fig.none": {
        "en": "No figures (amounts, counts, percentages ...) were found in this text, so this report quantifies "
              "nothing and describes only its vocabulary and places.",
        "zh": "文中没有找到任何数据（金额、数量、百分比等），因此本报告不作量化描述，只介绍用词与地点。"},
    "fig.found": {"en": {"one": "The article gives one figure: {kinds}.",
                         "other": "The article gives {n} figures: {kinds}."},
                  "zh": "文中共有{n}个数据：{kinds}。"},
    "fig.found_corpus": {"en": "The {docs:,} documents give {n:,} figures: {kinds}.",
                         "zh": "{docs:,}篇文档共有{n:,}个数据：{kinds}。"},
    "fig.n_money": {"en": {"one": "one amount of money", "other": "{n:,} amounts of money"}, "zh": "金额{n:,}个"},
    "fig.n_count": {"en": {"one": "one count", "other": "{n:,} counts"}, "zh": "数量{n:,}个"},
    "fig.n_percent": {"en": {"one": "one percentage", "other": "{n:,} percentages"}, "zh": "百分比{n:,}个"},
    "fig.n_area": {"en": {"one": "one area", "other": "{n:,} areas"}, "zh": "面积{n:,}个"},
    "fig.n_length": {"en": {"one": "one length", "other": "{n:,} lengths"}, "zh": "长度{n:,}个"},
    "fig.n_mass": {"en": {"one": "one weight", "other": "{n:,} weights"}, "zh": "重量{n:,}个"},
    "fig.n_multiple": {"en": {"one": "one multiple", "other": "{n:,} multiples"}, "zh": "倍数{n:,}个"},
    "fig.n_other": {"en": "{n:,} of kind {kind}", "zh": "{kind}{n:,}个"},
    "fig.too_few": {"en": {"one": "One figure is too few to compare or generalise from; it is listed below.",
                           "other": "That is too few to compare or generalise from; they are listed below."},
                    "zh": "数据很少，只能逐条列出，不足以比较或归纳。"},
    "fig.no_money": {"en": {"one": "It is not an amount in yuan.", "other": "None of them is an amount in yuan."},
                     "zh": "其中没有人民币金额。"},
    "fig.largest_achieved": {
        "en": {"one": "The one amount stated as achieved or current: {items}.",
               "other": "The largest amounts stated as achieved or current: {items}."},
        "zh": {"one": "已实现或现状金额：{items}。", "other": "已实现或现状的金额中，最大的几项是：{items}。"}},
    "fig.largest_forecast": {
        "en": "The largest amount expected is {items}.",
        "zh": "预期金额中最大的是：{items}。"},
    "fig.said_en": {"en": "{value} of {metric}{where}{when}", "zh": "{value}{metric}{where}{when}"},
    "fig.said_zh": {"en": "{when}{who}: “{quote}” ({ref})", "zh": "{when}{who}“{quote}”（{ref}）"},
    "fig.in_period": {"en": "in {when}", "zh": "{when}"},
    "fig.when_lead": {"en": "{when}, ", "zh": "{when}，"},
    "fig.for_subject": {"en": " for {subject}", "zh": "{subject}"},
    "fig.in_place": {"en": " in {place}", "zh": "{place}"},
    "fig.quoted": {"en": "“{w}”", "zh": "“{w}”"},
    "fig.not_added": {
        "en": "They measure different things over different periods and may contain one another, so they are "
              "not added up.",
        "zh": "这些金额口径和时段各不相同，可能互相包含，因此不作加总。"},
    "fig.forecasts": {
        "en": {"one": "One figure is a forecast, what is expected rather than achieved ({ids}).{words}",
               "other": "{n} figures are forecasts, what is expected rather than achieved ({ids}).{words}"},
        "zh": "{n}个数据是预期值（{ids}），原文用{words}等词。"},
    "fig.lower_bounds": {
        "en": {"one": "One is a lower bound, so the true value is higher ({ids}).{words}",
               "other": "{n} are lower bounds, so the true values are higher ({ids}).{words}"},
        "zh": "{n}个数据是下限（{ids}），原文作{words}，实际数值更高。"},
    "fig.undated_document": {"en": "The document date is unknown, so ", "zh": "文档日期未知，"},
    "fig.undated_documents": {"en": "{n} of the {total} documents have no date, so ", "zh": "{n} 篇文档没有日期，"},
    "fig.unresolved": {"en": {"one": "the relative period (this year, the first half ...) of one figure stays "
                                      "unresolved.",
                              "other": "the relative periods (this year, the first half ...) of {n} figures stay "
                                       "unresolved."},
                       "zh": "{n}个数据的“今年”“上半年”等相对时间无法确定。"},
    "fig.unresolvable": {"en": "relative periods such as “this year” stay unresolved.",
                         "zh": "“今年”等相对时间无法确定。"},
    "fig.no_subject": {"en": "an unattributed subject", "zh": "未能确定的主体"},
    "fig.subject_in_place": {"en": "{subject} in {place}", "zh": "{place}{subject}"},
    "fig.no_metric": {"en": "a figure", "zh": "数据"},
    "fig.forecast_value": {"en": "{value} (forecast)", "zh": "预计{value}"},

    # ------------------------------------------------------------------ the article (article.py)
    "art.original_title": {"en": "Original title", "zh": "原标题"},
    "art.field_title": {"en": "title", "zh": "标题"},
    "art.field_byline": {"en": "byline", "zh": "作者"},
    "art.field_date": {"en": "date", "zh": "日期"},
    "art.field_source": {"en": "source", "zh": "来源"},
    "art.from_given": {"en": "{fields} from metadata.csv or the run's parameters",
                       "zh": "{fields}取自 metadata.csv 或运行参数"},
    "art.from_text": {"en": "{fields} from the text", "zh": "{fields}取自正文"},
    "art.origin": {"en": "{text}.", "zh": "{text}。"},
    "art.lead": {"en": "(lead, before the first heading)", "zh": "（导语，首个小标题之前）"},
    "art.shape": {
        "en": {"one": "The article is one paragraph long, under {sections} headings, and gives {figures:,} figures.",
               "other": "The article has {n:,} paragraphs under {sections} headings and gives {figures:,} figures."},
        "zh": "全文{n:,}段、{sections}个小标题，共有{figures:,}个数据。"},
    "art.shape_flat": {
        "en": {"one": "The article is one paragraph long, without headings, and gives {figures:,} figures.",
               "other": "The article has {n:,} paragraphs, without headings, and gives {figures:,} figures."},
        "zh": "全文{n:,}段，没有小标题，共有{figures:,}个数据。"},
    "art.event": {"en": {"one": "It names one event: {events}.", "other": "It names {n} events: {events}."},
                  "zh": "文中提到的活动：{events}。"},
    "art.programmes": {
        "en": {"one": "The programme it names is {items}.",
               "other": "The programmes, plans and partnerships it names, most mentioned first: {items}{more_note}."},
        "zh": "文中提到的规划、项目与合作机制（按提及次数）：{items}{more_note}。"},
    "art.more": {"en": " and {n} more", "zh": "等另{n}个"},
    "art.plans": {"en": {"one": "It names one plan period reaching beyond its own year: {periods}.",
                         "other": "It names {n} plan periods reaching beyond its own year: {periods}."},
                  "zh": "文中提到的规划期：{periods}。"},
    "art.plan_figures": {"en": {"one": " (figure {ids})", "other": " (figures {ids})"}, "zh": "（数据{ids}）"},
    "art.related": {
        "en": {"one": "At its end the page lists one other article, on page {pages}, about {places}.",
               "other": "At its end the page lists {n} other articles, on pages {pages}, about {places}."},
        "zh": "文末列出同期另外{n}篇报道（第{pages}版），涉及{places}。"},
    "art.sections_head": {"en": "Its sections", "zh": "各部分"},
    "art.related_head": {"en": "Related articles listed at its end", "zh": "文末所列相关报道"},
    "head.article": {"en": "The article", "zh": "文章概况"},

    # ------------------------------------------------------------------ key figures (keyfigures.py)
    "kf.none": {"en": "No figures to list, chart or map.", "zh": "没有可列出、作图或上图的数据。"},
    "kf.yuan_wanyi": {"en": "{v} trillion yuan", "zh": "{v}万亿元"},
    "kf.yuan_yi": {"en": "{v} hundred million yuan", "zh": "{v}亿元"},
    "kf.yuan_wan": {"en": "{v} ten thousand yuan", "zh": "{v}万元"},
    "kf.yuan": {"en": "{v} yuan", "zh": "{v}元"},
    "kf.wanyi": {"en": "{v} trillion", "zh": "{v}万亿"},
    "kf.yi": {"en": "{v} hundred million", "zh": "{v}亿"},
    "kf.wan": {"en": "{v} ten thousand", "zh": "{v}万"},
    "kf.axis_billion": {"en": "billion yuan", "zh": "十亿元"},
    "kf.axis_yi": {"en": "hundred million yuan (亿元)", "zh": "亿元"},
    "kf.title_how": {"en": "{metric}, {how}", "zh": "{metric}（{how}）"},
    "kf.title_forecast": {"en": "{title} (forecasts)", "zh": "{title}（预计）"},
    "kf.periods_title": {"en": "The periods the figures cover", "zh": "各数据所指的时间段"},
    "kf.map_title": {"en": "Figures by Chongqing district or county", "zh": "各区县的数据个数"},
    "kf.map_legend": {"en": "figures", "zh": "数据个数"},
    "kf.no_district": {"en": "No figure is about one of Chongqing's districts or counties.",
                       "zh": "没有数据指向重庆的某一区县。"},

    # ------------------------------------------------------------------ periods (figure tables, prose)
    "period.to_date": {"en": "since {start}", "zh": "{start}至今"},
    "period.range": {"en": "{start} to {end}", "zh": "{start}至{end}"},
    "period.year": {"en": "{year}", "zh": "{year}年"},
    "period.years": {"en": "{year}–{end}", "zh": "{year}—{end}年"},
    "period.part": {"en": "the {part} of {year}", "zh": "{year}年{part}"},
    "period.month": {"en": "{month} {year}", "zh": "{year}年{month}"},
    "period.day": {"en": "{month} {d}, {year}", "zh": "{year}年{month}{d}日"},
    "period.relative": {"en": "{word} (relative; document date unknown)", "zh": "{word}（未确定）"},
    "period.unknown_year": {"en": "an unknown year", "zh": "年份未知"},
    "period.of_unknown_year": {"en": "the {part} of an unknown year", "zh": "{part}（年份未知）"},
    "period.month_of_unknown_year": {"en": "{month} of an unknown year", "zh": "{month}（年份未知）"},

    # ------------------------------------------------------------------ places and organisations (notebook 04)
    "geo.none": {"en": "No places or organisations were found, so there is no map or network to draw.",
                 "zh": "没有找到地点或机构，因此没有地图和关系网络。"},
    "geo.found": {"en": "Found {items}.", "zh": "共识别{items}。"},
    "geo.type_count": {"en": "{n} {type}", "zh": "{type} {n} 个"},
    "geo.n_place": {"en": {"one": "{n} place", "other": "{n} places"}, "zh": "地点 {n} 个"},
    "geo.n_org": {"en": {"one": "{n} organisation", "other": "{n} organisations"}, "zh": "机构 {n} 个"},
    "geo.n_programme": {"en": {"one": "{n} programme", "other": "{n} programmes"}, "zh": "规划/项目 {n} 个"},
    "geo.ranked": {"en": "{intro}{ranking}.", "zh": "{intro}{ranking}。"},
    "geo.districts": {"en": {"one": "One of Chongqing's 38 county-level divisions is named",
                             "other": "{n} of Chongqing's 38 county-level divisions are named"},
                      "zh": "文中提及重庆区县 {n} 个"},
    "geo.district_mentions": {"en": "{name} ({n})", "zh": "{name}（{n} 次）"},
    "geo.no_districts": {"en": "No Chongqing district or county is named.", "zh": "文中没有提及重庆的区县。"},
    "geo.outside": {"en": "Places outside Chongqing: {items}.", "zh": "重庆以外的地点：{items}。"},
    "geo.orgs": {"en": {"one": "One organisation is named", "other": "{n} organisations are named"},
                 "zh": "提及机构 {n} 个"},
    "geo.money": {"en": "The largest amount attributed to each: {items}.", "zh": "各主体单笔最大的金额：{items}。"},
    "geo.money_item": {"en": "{name} ({money}, {ref})", "zh": "{name}{money}（{ref}）"},
    "geo.money_item_forecast": {"en": "{name} ({money} expected, {ref})", "zh": "{name}预计{money}（{ref}）"},
    "geo.mentions": {"en": {"one": "{n} mention", "other": "{n} mentions"}, "zh": "{n} 次"},
    "map.range": {"en": "{lo}–{hi}", "zh": "{lo}–{hi}"},  # a class of the map's legend
    "ef.value": {"en": "{value} ({ref})", "zh": "{value}（{ref}）"},  # a figure and its id (notebook 04)
    "ef.value_forecast": {"en": "{value} (forecast, {ref})", "zh": "预计{value}（{ref}）"},
    "ef.more": {"en": "and {n:,} more", "zh": "另有{n:,}个"},
    # ranking names by mentions, ties named as ties (n: how many names share the count)
    "rank.times": {"en": {"one": "once", "other": "{n} times"}, "zh": "{n} 次"},
    "rank.all": {"en": {"one": ": {items} ({mentions})", "other": ", {times} each: {items}"},
                 "zh": {"one": "：{items}（{mentions}）", "other": "，各 {times}：{items}"}},
    "rank.first": {"en": {"one": "; the most mentioned is {items} ({mentions})",
                          "other": "; the most mentioned are {items} ({mentions} each)"},
                   "zh": {"one": "，其中{items}提及最多（{mentions}）",
                          "other": "，其中{items}提及最多（各 {mentions}）"}},
    "rank.then": {"en": {"one": ", then {items} ({mentions})", "other": ", then {items} ({mentions} each)"},
                  "zh": {"one": "，其次是{items}（{mentions}）", "other": "，其次是{items}（各 {mentions}）"}},
    "rank.rest": {"en": {"one": "; one other is named {times}: {items}",
                         "other": "; {n} others are named {times}: {items}"},
                  "zh": {"one": "，另有 1 个提及 {times}：{items}", "other": "，其余 {n} 个各提及 {times}：{items}"}},
    "rank.more": {"en": "{items} and {n} more", "zh": "{items}等"},
    # an entity in a table: its English name with the Chinese beside it (helpers.show.names.both)
    "name.both": {"en": "{name} ({canonical})", "zh": "{canonical}"},

    # ------------------------------------------------------------------ the report (notebook 05)
    "head.summary": {"en": "Summary", "zh": "摘要"},
    "head.figures": {"en": "Key figures", "zh": "关键数据"},
    "head.vocabulary": {"en": "Vocabulary", "zh": "用词"},
    "head.entities": {"en": "Places, organisations and the map", "zh": "地点、机构与地图"},
    "head.cleaning": {"en": "What cleaning changed", "zh": "文本清洗"},
    "head.provenance": {"en": "How this report was made", "zh": "报告生成方式"},
    "head.flags": {"en": "Passages flagged for a person to check", "zh": "需人工核对的段落"},
    "head.params": {"en": "Parameters", "zh": "参数"},
    "head.versions": {"en": "Versions", "zh": "版本"},
    "head.by": {"en": "by", "zh": "作者"},
    "head.date": {"en": "date", "zh": "日期"},
    "head.source": {"en": "source", "zh": "来源"},
    "head.unknown": {"en": "unknown", "zh": "未知"},
    "head.corpus": {"en": "{n} documents", "zh": "{n} 篇文档"},
    "head.more_docs": {"en": "… and {n:,} more documents", "zh": "……另有 {n:,} 篇文档"},
    "head.other_lang": {"en": "中文版", "zh": "English"},  # the link to the page in the other language
    "head.no_flags": {"en": "Nothing was flagged.", "zh": "没有需要核对的内容。"},
    "head.param": {"en": "parameter", "zh": "参数"},
    "head.value": {"en": "value", "zh": "取值"},
    "head.meaning": {"en": "meaning", "zh": "含义"},
    "head.no_date": {"en": "The document has no date: relative periods (今年, 上半年 ...) are left unresolved.",
                     "zh": "文档没有日期：“今年”“上半年”等相对时间无法确定。"},
    "report.documents": {
        "en": "The corpus holds {n:,} documents: {paragraphs:,} paragraphs under {sections:,} headings.",
        "zh": "语料共{n:,}篇文档，{paragraphs:,}个段落、{sections:,}个小标题。"},
    "report.no_documents": {"en": "This run has no readable document.", "zh": "本次运行没有可读的文档。"},
    "report.entities": {
        "en": {"one": "The table lists the one place or organisation found; the network links those named in "
                      "the same sentence.",
               "other": "The table lists the {n:,} places, organisations and programmes found; the network links "
                        "those named in the same sentence ({pairs:,} pairs)."},
        "zh": "上表列出找到的{n:,}个地点、机构和项目；关系网络连接同一句中出现的实体（共{pairs:,}对）。"},
    "report.groups": {
        "en": {"one": "One group of figures measures the same thing in the same way and is charted below; the "
                      "other {alone:,} figures each stand alone, so the table is their comparison.",
               "other": "{n} groups of figures measure the same thing in the same way and are charted below; the "
                        "other {alone:,} figures each stand alone, so the table is their comparison."},
        "zh": "{n}组数据口径相同，下图分组对比；其余{alone:,}个数据各自独立，不宜放在一起比较，请看上表。"},
    "report.no_groups": {"en": "No two figures measure the same thing in the same way, so none is charted "
                               "against another: the table is their comparison.",
                         "zh": "没有两个数据口径相同，因此不作对比图，请看上表。"},
    "report.no_entities": {"en": "No places or organisations were found.", "zh": "没有找到地点或机构。"},
    "report.traced": {
        "en": "Figures, entities and terms come from the tables in data/processed/ of this run. The id after each "
              "number in the prose ({quoted}) is the row of the key-figures table it comes from, which carries "
              "its sentence and character offsets; {facts} lists every number the prose quotes.",
        "zh": "数据、实体和词语均来自本次运行 data/processed/ 下的表格。正文中每个数字后的编号（如 {quoted}）"
              "对应“关键数据”表中的同一编号行，该行带有原句和字符位置；{facts} 列出了正文引用的全部数字。"},
    "report.untraced": {
        "en": "Figures, entities and terms come from the tables in data/processed/ of this run; "
              "{facts} lists the numbers the prose quotes.",
        "zh": "数据、实体和词语均来自本次运行 data/processed/ 下的表格；{facts} 列出了正文引用的数字。"},

    # ------------------------------------------------------------------ across documents (notebook 06)
    "cmp.no_documents": {"en": "This run has no readable document, so there is nothing to compare.",
                         "zh": "本次运行没有可读的文档，无从比较。"},
    "cmp.one_document": {"en": "Cross-document comparison needs several documents, and this run has one.",
                         "zh": "跨文档比较需要多篇文档，而本次运行只有一篇。"},
    "cmp.loaded": {"en": "{n:,} documents with {figures:,} figures between them, naming {entities:,} distinct places, "
                         "organisations and programmes.",
                   "zh": "共 {n:,} 篇文档，含 {figures:,} 个数据，提及 {entities:,} 个不同的地点、机构和项目。"},
    "cmp.head.time": {"en": "Documents over time", "zh": "各时期文档数"},
    "cmp.head.cited": {"en": "Places and organisations several documents name", "zh": "多篇文档提及的地点与机构"},
    "cmp.head.totals": {"en": "Figures added up per subject and metric", "zh": "按主体和指标加总的数据"},
    "cmp.head.commentary": {"en": "Commentary", "zh": "评述"},
    "cmp.about_cited": {"en": "By the number of documents naming them; the table says which documents.",
                        "zh": "按提及它们的文档数排列；下表列出是哪些文档。"},
    "cmp.about_totals": {
        "en": "A total adds the figures of one subject, metric, unit and kind of period; read note and duplicates "
              "before using it: the same value in several documents is probably one fact reported twice, and lower "
              "bounds and forecasts are not achieved values. Rates are never added up.",
        "zh": "合计只加总同一主体、指标、单位和时间类型的数据；使用前请看 note 和 duplicates 两列：多篇文档中数值相同，"
              "多半是同一事实的重复报道；下限和预计值不是已实现的数值。比率从不加总。"},
    "cmp.no_dates": {"en": "No document is dated: nothing to place in time.", "zh": "没有文档带日期，无从按时间比较。"},
    "cmp.one_period": {"en": {"one": "Only one document is dated ({period}): nothing to place in time.",
                              "other": "All {n:,} dated documents fall in {period}: nothing to place in time."},
                       "zh": "有日期的 {n:,} 篇文档都在 {period}，无从按时间比较。"},
    "cmp.undated_period": {"en": "undated", "zh": "无日期"},
    "cmp.no_entities": {"en": "No places or organisations.", "zh": "没有地点或机构。"},
    "cmp.no_shared_names": {"en": "No place or organisation is named by more than one document.",
                            "zh": "没有被两篇或以上文档同时提及的地点或机构。"},
    "cmp.no_totals": {"en": "No subject and metric has two or more figures to add up; subject_totals.csv lists the "
                            "single figures.",
                      "zh": "没有可加总的同主体同指标数据（每组只有一个数据）；单个数据见 subject_totals.csv。"},
    "cmp.totals_rest": {"en": {"one": "One more row holds a single figure (nothing to add up); subject_totals.csv "
                                      "lists it.",
                               "other": "{n:,} more rows hold a single figure each (nothing to add up); "
                                        "subject_totals.csv lists them."},
                        "zh": "另有 {n:,} 行只有一个数据（无可加总），见 subject_totals.csv。"},
    "cmp.documents": {"en": {"one": "One document, {dated:,} of them dated.",
                             "other": "{n:,} documents, {dated:,} of them dated."},
                      "zh": "本次共 {n:,} 篇文档，其中 {dated:,} 篇有日期。"},
    "cmp.documents_undated": {"en": "{n:,} documents, none of them dated.", "zh": "本次共 {n:,} 篇文档，均无日期。"},
    "cmp.cited": {"en": "Named by most documents: {items}.", "zh": "被最多文档提及的是{items}。"},
    "cmp.cited_item": {"en": "{names} ({n:,})", "zh": "{names}（{n:,} 篇）"},
    "cmp.cited_items": {"en": "{names} ({n:,} each)", "zh": "{names}（各 {n:,} 篇）"},
    "cmp.shared": {"en": {"one": "One entity appears in two or more documents.",
                          "other": "{n:,} entities appear in two or more documents."},
                   "zh": "{n:,} 个实体出现在两篇或以上文档中。"},
    "cmp.duplicates": {
        "en": {"one": "One subject/metric row carries the same value in several documents - probably one fact "
                      "reported more than once: its total double counts and is flagged, not to be used as is.",
               "other": "{n:,} subject/metric rows carry the same value in several documents - probably one fact "
                        "reported more than once: their totals double count and are flagged, not to be used as is."},
        "zh": "{n:,} 组数据在多篇文档中数值相同，可能是同一事实的重复报道，合计已标注，切勿直接使用。"},

    # ------------------------------------------------------------------ the panel (notebook 07)
    "panel.loaded": {
        "en": {"one": "One fact from {figures:,} figure(s) of {documents:,} document(s): {single:,} single, "
                      "{agreed:,} agreed, {conflict:,} in conflict.",
               "other": "{n:,} facts from {figures:,} figures of {documents:,} document(s): {single:,} single, "
                        "{agreed:,} agreed by several sources, {conflict:,} in conflict."},
        "zh": "{documents:,} 篇文档的 {figures:,} 个数据合并为 {n:,} 条事实：单一来源 {single:,} 条，"
              "多源一致 {agreed:,} 条，相互冲突 {conflict:,} 条。"},
    "panel.one_document": {
        "en": "With one document every fact has one source, so all are single: agreement and conflict need two "
              "documents or more.",
        "zh": "只有一篇文档，每条事实都只有一个来源（单一来源）；一致与冲突需要两篇或以上文档。"},
    "panel.left_out": {
        "en": {"one": "One figure says too little to be a fact and is left out ({reasons}); panel_left_out.csv "
                      "lists it.",
               "other": "{n:,} figures say too little to be a fact and are left out ({reasons}); "
                        "panel_left_out.csv lists them."},
        "zh": "另有 {n:,} 个数据信息不足，未纳入面板（{reasons}）；详见 panel_left_out.csv。"},
    "panel.reason": {"en": "{reason}: {n:,}", "zh": "{reason} {n:,} 个"},
    "panel.no_facts": {"en": "No figure has a metric and a place or subject: the panel is empty.",
                       "zh": "没有同时具备指标和地点（或主体）的数据，面板为空。"},
    "panel.head.facts": {"en": "The facts", "zh": "事实"},
    "panel.about": {
        "en": "One row per fact: a place, subject, metric, measure, unit and period. Figures of several documents "
              "that state it are merged when their values agree given their qualifiers and the precision they are "
              "written at (超1200家 and 1200多家, 1475亿元 and 近1500亿元); values that cannot both be true are a "
              "conflict, both kept. Conflicts and facts with several sources come first.",
        "zh": "每行一条事实：地点、主体、指标、口径、单位和时间。多篇文档陈述同一事实时，"
              "若数值在限定词和书写精度下相容（超1200家与1200多家，1475亿元与近1500亿元）即合并；"
              "不可能同时成立的数值标为冲突，两者并列保留。冲突和多源事实排在前面。"},
    "panel.head.conflicts": {"en": "Where sources disagree", "zh": "来源之间的冲突"},
    "panel.no_conflicts": {"en": "No two sources disagree.", "zh": "各来源之间没有冲突。"},
    "panel.head.series": {"en": "Time series", "zh": "时间序列"},
    "panel.no_series": {
        "en": "No place, subject and metric has values for two periods or more of one kind: no time series.",
        "zh": "没有哪个地点、主体和指标有两个或以上同类时期的数值，因此没有时间序列。"},
    "panel.series_count": {"en": {"one": "One time series.", "other": "{n:,} time series; the first {shown:,} drawn."},
                           "zh": "共 {n:,} 个时间序列，绘出前 {shown:,} 个。"},
    "panel.as_of": {"en": "as of {as_of}", "zh": "截至{as_of}"},
    "panel.since_as_of": {"en": "since {since}, as of {as_of}", "zh": "{since}以来，截至{as_of}"},
    "panel.period_as_of": {"en": "{period}, as of {as_of}", "zh": "{period}（截至{as_of}）"},
    "panel.chart_title": {"en": "{who}: {metric}", "zh": "{who}：{metric}"},
    "panel.legend_single": {"en": "one source", "zh": "单一来源"},
    "panel.legend_agreed": {"en": "several sources agree", "zh": "多源一致"},
    "panel.legend_conflict": {"en": "sources disagree (each value)", "zh": "来源冲突（各个数值）"},
    "panel.legend_lower": {"en": "a lower bound (超, 多)", "zh": "下限（超、多）"},
    "panel.legend_upper": {"en": "an upper bound (近, 不到)", "zh": "上限（近、不到）"},
}


# ----------------------------------------------------------------------------- names of codes

NAMES: dict[str, dict[str, dict[str, str]]] = {
    # a figure's qualifier in a table (the prose says "more than ..." instead: qualifier_prefix)
    "qualifier": {
        "exact": {"en": "exact", "zh": "确数"},
        "more_than": {"en": "lower bound (more than)", "zh": "下限（超过）"},
        "less_than": {"en": "upper bound (under)", "zh": "上限（不到）"},
        "approx": {"en": "approximate", "zh": "约数"},
        "forecast": {"en": "forecast", "zh": "预计"},
    },
    # said before a value: "more than 90 亿元"
    "qualifier_prefix": {
        "more_than": {"en": "more than ", "zh": "超过"},
        "less_than": {"en": "under ", "zh": "不到"},
        "approx": {"en": "about ", "zh": "约"},
        "exact": {"en": "", "zh": ""},
    },
    "figure_kind": {
        "money": {"en": "money", "zh": "金额"},
        "count": {"en": "count", "zh": "数量"},
        "percent": {"en": "percent", "zh": "百分比"},
        "area": {"en": "area", "zh": "面积"},
        "mass": {"en": "mass", "zh": "重量"},
        "length": {"en": "length", "zh": "长度"},
        "other": {"en": "other", "zh": "其他"},
    },
    "entity_type": {
        "place": {"en": "place", "zh": "地点"},
        "org": {"en": "organisation", "zh": "机构"},
        "programme": {"en": "programme", "zh": "规划/项目"},
    },
    # the generic part of a division's name, as an English name of a division without one of its own ends
    # (helpers.show.names.romanise: 昆山市 Kunshan, 泾县 Jingxian County); a city is named by its name alone
    "place_suffix": {
        "特别行政区": {"en": "Special Administrative Region", "zh": "特别行政区"},
        "自治区": {"en": "Autonomous Region", "zh": "自治区"},
        "自治州": {"en": "Autonomous Prefecture", "zh": "自治州"},
        "自治县": {"en": "Autonomous County", "zh": "自治县"},
        "自治旗": {"en": "Autonomous Banner", "zh": "自治旗"},
        "新区": {"en": "New Area", "zh": "新区"}, "林区": {"en": "Forestry District", "zh": "林区"},
        "特区": {"en": "Special District", "zh": "特区"}, "矿区": {"en": "Mining District", "zh": "矿区"},
        "地区": {"en": "Prefecture", "zh": "地区"}, "省": {"en": "Province", "zh": "省"}, "市": {"en": "", "zh": "市"},
        "区": {"en": "District", "zh": "区"}, "县": {"en": "County", "zh": "县"}, "旗": {"en": "Banner", "zh": "旗"},
        "盟": {"en": "League", "zh": "盟"},
    },
    # the peoples named in autonomous divisions' names (秀山土家族苗族自治县 Xiushan Tujia and Miao Autonomous County)
    "people": {code: {"en": en, "zh": code} for code, en in {
        "朝鲜族": "Korean", "土家族": "Tujia", "苗族": "Miao", "侗族": "Dong", "布依族": "Bouyei", "彝族": "Yi",
        "哈尼族": "Hani", "壮族": "Zhuang", "傣族": "Dai", "白族": "Bai", "景颇族": "Jingpo", "傈僳族": "Lisu",
        "藏族": "Tibetan", "羌族": "Qiang", "回族": "Hui", "蒙古族": "Mongolian", "蒙古": "Mongolian",
        "柯尔克孜": "Kirgiz", "哈萨克": "Kazak", "维吾尔": "Uygur", "黎族": "Li", "纳西族": "Naxi", "瑶族": "Yao",
        "畲族": "She", "满族": "Manchu", "仡佬族": "Gelao", "水族": "Shui", "土族": "Tu", "撒拉族": "Salar",
        "东乡族": "Dongxiang", "达斡尔族": "Daur", "鄂温克族": "Ewenki", "鄂伦春族": "Oroqen", "毛南族": "Maonan",
        "仫佬族": "Mulao", "保安族": "Bonan", "裕固族": "Yugur", "塔吉克": "Tajik", "锡伯": "Xibe", "独龙族": "Derung",
        "怒族": "Nu", "普米族": "Pumi", "拉祜族": "Lahu", "佤族": "Va", "布朗族": "Blang", "阿昌族": "Achang",
        "德昂族": "De'ang", "基诺族": "Jino", "各族": "",
    }.items()},
    # units after a number (helpers.extract.units), as a reader writes them; "unit_one" after 1 where it
    # differs. 个 and the other bare measure words are '' in English: the metric names the thing (projects).
    "unit": {code: {"en": en, "zh": zh} for code, en, zh in (
        *((c, e, c) for c, e in {
            "平方公里": "km²", "平方米": "m²", "公顷": "hectares", "亩": "mu", "吨": "tonnes", "公斤": "kg",
            "斤": "jin", "克": "g", "微克": "µg", "毫克": "mg", "英寸": "inches", "公里": "km", "米": "metres",
            "厘米": "cm", "毫米": "mm", "纳米": "nm", "千瓦时": "kWh", "千瓦": "kW", "兆瓦": "MW", "吉瓦": "GW",
            "标箱": "TEU", "头份": "doses", "羽份": "doses", "立方米": "m³", "人次": "person-times", "家": "firms",
            "个": "", "项": "items", "人": "people", "名": "people", "户": "households", "座": "", "所": "",
            "台": "units", "辆": "vehicles", "套": "sets", "条": "", "件": "items", "位": "people", "种": "kinds",
            "款": "models", "艘": "ships", "架": "aircraft", "列": "trains", "批": "batches", "栋": "buildings",
            "片": "pieces", "块": "pieces", "张": "", "部": "", "支": "", "只": "", "头": "head", "株": "plants",
            "棵": "trees", "间": "rooms", "场": "events", "届": "editions", "次": "times", "期": "phases",
            "份": "copies", "处": "sites", "组": "groups", "台套": "sets", "国": "countries", "笔": "transactions",
            "宗": "cases", "档": "", "班次": "services", "架次": "flights", "艘次": "ship calls",
            "辆次": "vehicle trips", "批次": "batches", "倍": "times", "%": "%",
        }.items()),
        ("CNY", "yuan", "元"), ("USD", "US dollars", "美元"), ("EUR", "euros", "欧元"), ("JPY", "yen", "日元"),
        ("HKD", "Hong Kong dollars", "港元"), ("GBP", "pounds sterling", "英镑"), ("KRW", "won", "韩元"),
        ("AUD", "Australian dollars", "澳元"), ("RUB", "roubles", "卢布"), ("THB", "baht", "泰铢"),
        ("TWD", "New Taiwan dollars", "新台币"), ("CHF", "Swiss francs", "瑞士法郎"),
        ("CAD", "Canadian dollars", "加元"),
        ("SGD", "Singapore dollars", "新加坡元"), ("INR", "rupees", "卢比"), ("NGN", "naira", "奈拉"),
        ("BTC", "bitcoin", "比特币"))},
    "unit_one": {code: {"en": en, "zh": code} for code, en in {
        "公顷": "hectare", "吨": "tonne", "英寸": "inch", "米": "metre", "头份": "dose", "羽份": "dose",
        "人次": "person-time", "家": "firm", "项": "item", "人": "person", "名": "person", "户": "household",
        "台": "unit", "辆": "vehicle", "套": "set", "件": "item", "位": "person", "种": "kind", "款": "model",
        "艘": "ship", "列": "train", "批": "batch", "栋": "building", "片": "piece", "块": "piece", "株": "plant",
        "棵": "tree", "间": "room", "场": "event", "届": "edition", "次": "time", "期": "phase", "份": "copy",
        "处": "site", "组": "group", "台套": "set", "国": "country", "笔": "transaction", "宗": "case",
        "班次": "service", "架次": "flight", "艘次": "ship call", "辆次": "vehicle trip", "批次": "batch",
        "倍": "time",
    }.items()},
    # the cleaning log's operations
    "cleaning_op": {
        "fullwidth_punct": {"en": "punctuation made full-width", "zh": "标点改为全角"},
        "pair_quotes": {"en": "quotes paired", "zh": "引号配对"},
        "remove_cjk_space": {"en": "spaces between Chinese characters removed", "zh": "删除汉字间空格"},
        "remove_digit_space": {"en": "spaces inside numbers removed", "zh": "删除数字内空格"},
        "collapse_space": {"en": "runs of spaces collapsed", "zh": "合并连续空格"},
        "join_broken_line": {"en": "broken lines joined", "zh": "接合断行"},
        "remove_stray_glyph": {"en": "stray glyphs removed", "zh": "删除杂散字符"},
        "remove_furniture": {"en": "page furniture removed", "zh": "删除版面元素"},
        "remove_invisible": {"en": "invisible characters removed", "zh": "删除不可见字符"},
        "drop_control": {"en": "control characters removed", "zh": "删除控制字符"},
        "split_related": {"en": "related-article list split off", "zh": "拆出相关文章列表"},
        "parse_byline": {"en": "byline recognised", "zh": "识别署名"},
        "parse_related": {"en": "related articles recognised", "zh": "识别相关文章"},
        "flag_dash_confusion": {"en": "一 (“one”) that may be an OCR'd dash", "zh": "“一”可能是识别错误的破折号"},
        "flag_lost_text": {"en": "text may be lost at a line end", "zh": "行末可能缺字"},
        "flag_unpaired_quote": {"en": "unpaired quotation mark", "zh": "引号不成对"},
        "flag_replacement_char": {"en": "unreadable character (�)", "zh": "无法识别的字符（�）"},
    },
    # the three sorts of entries in the cleaning log (commentary.change_group)
    "change_group": {
        "substantive": {"en": "content or structure", "zh": "内容与结构"},
        "flag": {"en": "flagged, text unchanged", "zh": "标记待核对（未改动）"},
        "routine": {"en": "routine", "zh": "常规修正"},
    },
    # Why cleaning flagged a passage. A report in the base language shows the log's own reason, which says
    # more (which quotation mark ...); the English here is the meaning the other languages translate.
    "flag_reason": {
        "flag_dash_confusion": {
            "en": "一 between two noun phrases: probably an OCR'd dash (——), check the print",
            "zh": "两个名词短语之间的“一”，可能是 OCR 误识的破折号（——），请对照原版核对"},
        "flag_lost_text": {
            "en": "the line ends mid-sentence and the next does not continue it: text may be lost "
                  "(or only the final punctuation)",
            "zh": "行末句子未完，下一行又不接续：此处可能丢失文字（或仅丢失句末标点）"},
        "flag_unpaired_quote": {"en": "a quotation mark without its partner: a quotation mark or text may be lost",
                                "zh": "引号不成对：可能丢失了一个引号或一段文字"},
        "flag_replacement_char": {"en": "an unreadable character (�): the file's encoding or the OCR went wrong",
                                  "zh": "含有无法识别的字符（�），原文编码或识别有误"},
    },
    # period codes' parts ("2025-H1"); in the base language periods stay as coded
    "period_part": {
        "H1": {"en": "first half", "zh": "上半年"}, "H2": {"en": "second half", "zh": "下半年"},
        "Q1-Q3": {"en": "first three quarters", "zh": "前三季度"}, "Q1": {"en": "first quarter", "zh": "一季度"},
        "Q2": {"en": "second quarter", "zh": "二季度"}, "Q3": {"en": "third quarter", "zh": "三季度"},
        "Q4": {"en": "fourth quarter", "zh": "四季度"},
        "start": {"en": "start", "zh": "初"}, "mid": {"en": "middle", "zh": "中"}, "end": {"en": "end", "zh": "底"},
    },
    "month": {str(m): {"en": en, "zh": f"{m}月"} for m, en in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"), start=1)},
    # period codes that are words
    "period_word": {
        "to-date": {"en": "to date", "zh": "至今"},
        "annual": {"en": "per year", "zh": "每年"},
        "recent": {"en": "recent years (unresolved)", "zh": "近年（未确定）"},
    },
    # relative time words a document without a date leaves unresolved (others are shown as written)
    "relative_word": {
        "今年": {"en": "this year", "zh": "今年"}, "去年": {"en": "last year", "zh": "去年"},
        "明年": {"en": "next year", "zh": "明年"}, "前年": {"en": "the year before last", "zh": "前年"},
        "上半年": {"en": "the first half", "zh": "上半年"}, "下半年": {"en": "the second half", "zh": "下半年"},
        "本月": {"en": "this month", "zh": "本月"}, "上月": {"en": "last month", "zh": "上月"},
        "今年上半年": {"en": "the first half of this year", "zh": "今年上半年"},
        "去年同期": {"en": "the same period last year", "zh": "去年同期"},
        "近年": {"en": "recent years", "zh": "近年"}, "近年来": {"en": "recent years", "zh": "近年来"},
    },
    # columns of the sections and related-articles tables
    "section_column": {
        "n": {"en": "#", "zh": "序号"}, "heading": {"en": "heading (Chinese original)", "zh": "小标题"},
        "opening": {"en": "opening sentence (Chinese original)", "zh": "首句"},
        "paragraphs": {"en": "paragraphs", "zh": "段落数"}, "figures": {"en": "figures", "zh": "数据"},
    },
    "related_column": {
        "page": {"en": "page", "zh": "版次"}, "place": {"en": "place", "zh": "地区"},
        "title": {"en": "title (Chinese original)", "zh": "标题"},
    },
    # columns of the key-figures table
    "kf_column": {
        "id": {"en": "id", "zh": "编号"}, "value": {"en": "figure", "zh": "数值"},
        "place": {"en": "place", "zh": "地点"}, "subject": {"en": "subject", "zh": "主体"},
        "metric": {"en": "measures", "zh": "指标"}, "period": {"en": "period", "zh": "时间"},
        "sentence": {"en": "sentence (Chinese original)", "zh": "原句"},
    },
    # how a figure counts time (meaning.PERIOD_KINDS)
    "period_kind": {
        "point": {"en": "at a point in time", "zh": "时点"}, "per_year": {"en": "per year", "zh": "每年"},
        "cumulative": {"en": "cumulative", "zh": "累计"}, "forecast": {"en": "planned or expected", "zh": "计划或预期"},
        "period": {"en": "over a period", "zh": "时期内"},
    },
    # columns of the report's tables
    "figure_column": {
        "id": {"en": "id", "zh": "编号"}, "figure": {"en": "figure", "zh": "原文"},
        "value": {"en": "value", "zh": "数值"},
        "qualifier": {"en": "qualifier", "zh": "限定"}, "place": {"en": "place", "zh": "地点"},
        "subject": {"en": "subject", "zh": "主体"}, "metric": {"en": "metric", "zh": "指标"},
        "period": {"en": "period", "zh": "时间"},
        "in context": {"en": "in context", "zh": "上下文"},
    },
    "entity_column": {
        "doc_id": {"en": "doc_id", "zh": "文档"}, "name": {"en": "as written", "zh": "原文写法"},
        "canonical": {"en": "name", "zh": "规范名称"}, "type": {"en": "type", "zh": "类型"},
        "division code": {"en": "division code", "zh": "区划代码"}, "mentions": {"en": "mentions", "zh": "提及次数"},
    },
    # the figures attributed to each entity (notebook 04): one row per entity, metric and unit, never a sum
    "entity_figure_column": {
        "doc_id": {"en": "doc_id", "zh": "文档"}, "entity": {"en": "entity", "zh": "主体"},
        "type": {"en": "type", "zh": "类型"}, "metric": {"en": "metric", "zh": "指标"},
        "figures": {"en": "figures", "zh": "数据个数"}, "values": {"en": "values (figure id)", "zh": "数值（编号）"},
    },
    "flag_column": {
        "doc_id": {"en": "doc_id", "zh": "文档"}, "what": {"en": "what", "zh": "问题"},
        "raw offset": {"en": "raw offset", "zh": "原文位置"}, "passage": {"en": "passage", "zh": "段落"},
        "why": {"en": "why", "zh": "原因"},
    },
    # the panel (notebook 07): its columns for reading, its statuses, the measures of a metric
    "panel_column": {
        "place": {"en": "place", "zh": "地点"}, "subject": {"en": "subject", "zh": "主体"},
        "metric": {"en": "metric", "zh": "指标"}, "period": {"en": "period", "zh": "时间"},
        "value": {"en": "value", "zh": "数值"}, "other": {"en": "competing value", "zh": "冲突数值"},
        "status": {"en": "status", "zh": "状态"}, "sources": {"en": "sources", "zh": "来源数"},
        "dates": {"en": "dates", "zh": "日期"}, "fact_id": {"en": "fact id", "zh": "事实编号"},
        "fact": {"en": "fact", "zh": "事实"}, "reading": {"en": "reading", "zh": "读数"},
        "figure": {"en": "figure", "zh": "原文"}, "doc_id": {"en": "doc_id", "zh": "文档"},
        "date": {"en": "date", "zh": "日期"}, "sentence": {"en": "sentence (Chinese original)", "zh": "原句"},
    },
    "panel_left_out": {
        "no_value": {"en": "no value", "zh": "无数值"}, "no_metric": {"en": "no metric", "zh": "无指标"},
        "no_unit": {"en": "no unit", "zh": "无单位"},
        "no_place_or_subject": {"en": "neither place nor subject", "zh": "既无地点也无主体"},
        "generic_metric": {"en": "a generic metric (数量, 比率, 增速 ...) and no subject",
                           "zh": "指标笼统（数量、比率、增速等）且无主体"},
        "self_contradicting": {"en": "its document gives another, incompatible value for the same fact",
                               "zh": "同一文档对同一事实给出另一个不相容的数值"},
    },
    "panel_status": {
        "single": {"en": "single", "zh": "单一来源"}, "agreed": {"en": "agreed", "zh": "多源一致"},
        "conflict": {"en": "conflict", "zh": "冲突"},
    },
    "measure": {
        "level": {"en": "level", "zh": "总量"}, "change": {"en": "change", "zh": "增减量"},
        "growth_rate": {"en": "growth rate", "zh": "增速"}, "share": {"en": "share", "zh": "占比"},
        "rate": {"en": "rate", "zh": "比率"}, "multiple": {"en": "multiple", "zh": "倍数"},
    },
    # parts of speech (first letter of the jieba tag): the chart names each in both languages
    "pos": {
        code: {"en": both, "zh": both} for code, both in {
            "n": "noun 名词", "v": "verb 动词", "a": "adjective 形容词", "d": "adverb 副词", "m": "numeral 数词",
            "q": "measure 量词", "p": "preposition 介词", "c": "conjunction 连词", "u": "particle 助词",
            "r": "pronoun 代词", "f": "locative 方位词", "t": "time 时间词", "x": "punctuation/other 标点",
            "w": "punctuation/other 标点", "e": "other", "s": "place word 处所词", "b": "distinguishing 区别词",
            "l": "idiom 习用语", "i": "idiom 成语", "j": "abbreviation 简称", "z": "status 状态词",
        }.items()
    },
}


# ----------------------------------------------------------------------------- conventions

CONVENTIONS: dict[str, dict] = {
    # myriads: (base, word) from the largest, for numbers written in 万 and 亿; none: thousands separators
    # (and exponent notation beyond 10^15). unit_gap: between a number and its unit.
    # entity_names: the lexicon column places and firms are named by (helpers.show.names): name_en, else
    # pinyin; or the canonical Chinese name.
    # quotes_source: the prose quotes the article's own clauses and shows its names as written (Chinese), or
    # says each figure in words with names in the language (English). metric_column: the figures' column that
    # names a metric in this language. meta_suffix: the metadata columns of this language (title_en).
    # money_axis: a money chart's divisor and the phrase of its axis.
    "en": {"myriads": (), "unit_gap": " ", "entity_names": "name_en", "quotes_source": False,
           "metric_column": "metric_en", "meta_suffix": "_en", "money_axis": (1e9, "kf.axis_billion")},
    "zh": {"myriads": ((1e8, "亿"), (1e4, "万")), "unit_gap": "", "entity_names": "canonical", "quotes_source": True,
           "metric_column": "metric", "meta_suffix": "", "money_axis": (1e8, "kf.axis_yi")},
}

# DataTables' own words (search box, "showing 1 to 10 of 57", paging); {} = its built-in English.
DATATABLES: dict[str, dict] = {
    "en": {},
    "zh": {
        "search": "搜索：", "lengthMenu": "每页 _MENU_ 条", "info": "第 _START_ 至 _END_ 条，共 _TOTAL_ 条",
        "infoEmpty": "共 0 条", "infoFiltered": "（从 _MAX_ 条中筛选）", "zeroRecords": "没有匹配的记录",
        "emptyTable": "表中没有数据",
        "paginate": {"first": "首页", "last": "末页", "next": "下一页", "previous": "上一页"},
        "aria": {"sortAscending": "：升序排列", "sortDescending": "：降序排列"},
    },
}

# What each run parameter means, in the languages other than the base one (whose meanings are
# PARAMS[name].help), and the report's own parameter (doc_id), in every language.
PARAM_MEANINGS: dict[str, dict[str, str]] = {
    "en": {"doc_id": "the one document of the run this report is about"},
    "zh": {
        "input_path": "输入文件或文件夹", "run": "运行名称", "date": "文档日期（元数据没有时使用）",
        "title": "文档标题（元数据没有时使用）", "source": "文档来源（元数据没有时使用）", "lang": "报告语言",
        "engine": "分词引擎", "top_n": "图表显示的条目数", "kwic_term": "上下文检索词", "work_dir": "输出所在文件夹",
        "jobs": "逐篇处理的进程数", "scheduler": "Dask 调度器", "force": "是否全部重新处理",
        "report_docs": "逐篇报告的文档", "exports": "是否另存合并的 Parquet、CSV 与 Stata 副本",
        "doc_id": "本报告所针对的文档",
    },
}


# ----------------------------------------------------------------------------- asking

def lang_of(lang: str | None) -> str:
    """The language text is written in: ``lang`` if it is one of :data:`LANGS`, else the base language.

    >>> lang_of("zh"), lang_of("fr"), lang_of(None)
    ('zh', 'en', 'en')
    """
    return lang if lang in LANGS else BASE


def in_base(lang: str | None) -> bool:
    """Whether text in ``lang`` is written in the base language, the language of the package's own messages."""
    return lang_of(lang) == BASE


def other_language(lang: str) -> str:
    """The language a page links to as its other version: the first of :data:`LANGS` that is not ``lang``."""
    return next(other for other in LANGS if other != lang)


def file_suffix(lang: str) -> str:
    """How a file name says its language: nothing for the base language, ``.zh`` for Chinese."""
    return "" if lang == BASE else f".{lang}"


def text(key: str, lang: str = BASE, **values) -> str:
    """The phrase ``key`` in ``lang``, its placeholders filled from ``values`` (plural form chosen by ``n``).

    >>> text("geo.district_mentions", "zh", name="璧山区", n=3), text("fig.n_money", "en", n=1)
    ('璧山区（3 次）', 'one amount of money')
    """
    phrase = PHRASES[key][lang_of(lang)]
    if isinstance(phrase, dict):
        phrase = phrase["one" if values.get("n") == 1 else "other"]
    return phrase.format(**values)


def name(vocabulary: str, code, lang: str = BASE, default: str | None = None) -> str:
    """The word for ``code`` in ``lang``: :data:`NAMES` ``[vocabulary]``, else ``default``, else the code itself."""
    entry = NAMES[vocabulary].get(code)
    if entry is None:
        return code if default is None else default
    return entry[lang_of(lang)]


def knows(vocabulary: str, code) -> bool:
    """Whether :data:`NAMES` ``[vocabulary]`` has a word for ``code``."""
    return code in NAMES[vocabulary]


def enumerate_items(items: Iterable[str], lang: str = BASE) -> str:
    """Items one after another: ``a, b, c`` / ``a、b、c``."""
    return text("sep.enum", lang).join(items)


def join_list(items: Iterable[str], lang: str = BASE) -> str:
    """A list in prose, empty items left out: ``a, b and c`` / ``a、b、c``.

    >>> join_list(["a", "", "b", "c"], "en"), join_list(["a", "b"], "zh"), join_list(["a"], "en")
    ('a, b and c', 'a、b', 'a')
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return text("sep.enum", lang).join(items[:-1]) + text("sep.and", lang) + items[-1]


def sentences(parts: Iterable[str], lang: str = BASE) -> str:
    """Sentences made into a paragraph (a space between them in English, none in Chinese)."""
    return text("sep.sentence", lang).join(parts)


def conventions(lang: str) -> dict:
    """How ``lang`` writes numbers: see :data:`CONVENTIONS`."""
    return CONVENTIONS[lang_of(lang)]


def datatables(lang: str) -> dict:
    """The interactive tables' words in ``lang`` (``{}``: DataTables' own English)."""
    return DATATABLES[lang_of(lang)]


def param_meaning(param: str, lang: str) -> str:
    """What a run parameter means, in ``lang`` ('' when unknown)."""
    own = PARAM_MEANINGS[lang_of(lang)]
    if param in own:
        return own[param]
    if in_base(lang) and param in PARAMS:
        return PARAMS[param].help
    return ""


def placeholders(phrase: Phrase) -> set[str]:
    """The placeholder names of a phrase (all its plural forms), for the tests."""
    forms = phrase.values() if isinstance(phrase, dict) else [phrase]
    return {field for form in forms for _, field, _, _ in string.Formatter().parse(form) if field}
