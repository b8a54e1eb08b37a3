"""Stage 01: repair OCR'd Chinese news text, recover its structure, and log every change.

The entry points are :func:`clean_text` (text in, clean text and change log out) and
:func:`clean_document` (a :class:`~helpers.store.textio.Decoded` file in, a ``documents`` row and its
``cleaning_log`` rows out). Everything is a pure function of one text, so it
maps over a corpus. Cleaning is idempotent: cleaning the clean text changes nothing, because every
line is judged as cleaning will leave it and the structure is read again on its own blocks until
reading changes nothing (:func:`~helpers.extract.cleaning.structure.analyse`).

The modules, in the order a text meets them: ``lines`` (raw lines, how a line ends), ``furniture``
(stray glyphs, page furniture, datelines, bylines, the related list), ``joins`` (whether the next
line continues a line), ``structure`` (the steps put together), ``repairs`` (in-line repairs),
``flags`` (what a person should check) and ``api`` (the entry points); ``pieces`` (text with raw
offsets, the log) and ``text`` (character classes, the dictionary) serve them all.

What is repaired (each change is a log entry ``op, raw_start, raw_end, before, after, reason``
whose offsets index the input text):

``join_broken_line``
    A line that ends mid-sentence is joined to the next line when the next line continues it: the
    break falls inside a word of jieba's dictionary (``新能 / 源汽车``), the line
    ends with a comma or an enumeration mark, the next line starts with punctuation no line can
    start with, a number is split from its unit, the break falls inside a quantifier phrase
    (``不少 / 于20个``), a word that governs a number is split from its quantity (``突破 /
    1000万吨``), the next line opens with a bare quantity that ends a clause (``项目 / 12个，``),
    or (in a text whose paragraphs are separated by blank lines) the two lines are separated by a
    single line break.
``remove_cjk_space``
    Spaces between Chinese characters (``的 写照``), between Chinese and full-width punctuation,
    and between Chinese and digits (``3个万 亿级``). In a title, a heading and a related-article
    title a space between two Chinese characters separates two clauses of the headline
    (``加速东西部产业协同合作 重庆书写…``) and is kept, unless a word of the dictionary spans it.
``fullwidth_punct``, ``pair_quotes``
    ``, ; : ? ! ( )`` next to Chinese text become full width, never between two digits
    (``1,200`` and ``10:30`` stay; ``(2025-2027)`` gets full-width brackets, its digits stay);
    straight double quotes become paired ``“ ”``.
``remove_stray_glyph``, ``remove_furniture``, ``split_related``
    Lone non-text glyphs (a line ``ш``), page furniture (page numbers, editor lines, ``（完）``, a
    dateline among the first lines, whose date becomes the document's), and the trailing list of
    other articles (``6》涪陵 当好…``), which goes to ``related``.

What is flagged, not changed (``before == after``):

``flag_lost_text``
    A line ends mid-sentence and the next line does not continue it: text may be missing.
``flag_dash_confusion``
    ``一`` standing alone between noun phrases where a dash belongs (``项目投产一产值贡献一就业带动``).
``flag_unpaired_quote``, ``flag_replacement_char``
    A quotation mark without its partner; a U+FFFD left by a failed decode.

Layout white space (line ends, blank lines, indentation, trailing spaces) is not logged.
"""

from __future__ import annotations

from helpers.extract.cleaning.api import CleanedDocument, clean_document, clean_text
from helpers.extract.cleaning.furniture import parse_byline, parse_related

__all__ = ["CleanedDocument", "clean_document", "clean_text", "parse_byline", "parse_related"]
