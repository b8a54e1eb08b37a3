"""Sentences and tokens: sentence splitting, the jieba/rjieba tokenizers with the domain lexicon, figures kept whole.

Every table this module returns follows its contract in :mod:`helpers.schemas`, and every offset
indexes the document's clean text, ``text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from helpers import schemas

# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

#: Paragraph kinds that carry sentences (a byline such as "□夏元" does not).
SENTENCE_KINDS = frozenset({"title", "heading", "body"})

#: Always end a sentence (outside quotes): full stop, exclamation, question, semicolon.
#: The semicolon separates clauses that stand alone in news prose ("璧山……；永川……"), so each
#: clause becomes its own sentence; readers who want whole periods can group by ``para_id``.
TERMINATORS = frozenset("。！？!?；;")
#: Ellipsis characters: end a sentence only where they end a clause (see ``_ellipsis_ends``).
ELLIPSIS = frozenset("…⋯")
#: After an ellipsis these continue the clause ("汽车、电子……等产业").
_CONTINUES = frozenset("等、，,：:的之和与及或")
#: Closing quotes and brackets that stay with the sentence they close.
CLOSERS = frozenset("”’」』）)】］]》〉〕\"'")
#: Opening -> closing pairs tracked for balance (ASCII quotes handled by parity).
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》", "〔": "〕"}
_ASCII_QUOTES = frozenset("\"")

#: A quotation longer than this (in characters, quote marks included) that contains sentence
#: terminators is quoted speech of several sentences and is split inside; shorter quotations
#: ("以项目带技术、以技术聚人才"，slogans, titles) are never split.
LONG_QUOTE = 60

_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``[open, close]`` (inclusive) of balanced quotes/brackets in one paragraph.

    An opener that is never closed quotes nothing (OCR loses quote marks; a lost closer must not
    glue the rest of the paragraph into one sentence). ASCII double quotes pair up in order.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    closer_of = {v: k for k, v in PAIRS.items()}
    ascii_open: int | None = None
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in closer_of:
            opener = closer_of[ch]
            # close the innermost matching opener; unmatched openers above it are dropped
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    spans.append((stack[k][1], i))
                    del stack[k:]
                    break
        elif ch in _ASCII_QUOTES:
            if ascii_open is None:
                ascii_open = i
            else:
                spans.append((ascii_open, i))
                ascii_open = None
        elif ch == "\n":
            # quotes do not run across lines
            stack.clear()
            ascii_open = None
    return spans


def _protected(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each position, whether a terminator there is inside a short quotation (no split)."""
    inside = [False] * len(text)
    for a, b in spans:
        body = text[a + 1 : b]
        if (b - a + 1) > LONG_QUOTE and any(c in TERMINATORS for c in body):
            continue  # long quoted speech: split inside it
        for k in range(a + 1, b):
            inside[k] = True
    return inside


def _ellipsis_ends(text: str, j: int) -> bool:
    """Whether the ellipsis run that ends just before ``j`` ends a clause."""
    while j < len(text) and text[j] in CLOSERS:
        j += 1
    if j >= len(text) or text[j] == "\n":
        return True
    return text[j] not in _CONTINUES and text[j] not in TERMINATORS


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans ``[start, end)`` within one paragraph, whitespace trimmed, empties dropped."""
    n = len(text)
    spans = _quote_spans(text)
    inside = _protected(text, spans)
    # where a closing mark closes a quotation; a stray full-width closer (its opener lost to
    # OCR) also stays with the sentence, a stray ASCII quote more likely opens the next one
    closing = {b for _, b in spans}
    cuts: list[int] = []
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            cuts.append(i)
            i += 1
            continue
        if inside[i] or (ch not in TERMINATORS and ch not in ELLIPSIS):
            i += 1
            continue
        # a run of terminators ("？！", "……", "。”") ends together
        j = i
        while j < n and (text[j] in TERMINATORS or text[j] in ELLIPSIS):
            j += 1
        if all(c in ELLIPSIS for c in text[i:j]) and not _ellipsis_ends(text, j):
            i = j
            continue
        while j < n and text[j] in CLOSERS and (j in closing or text[j] not in "\"'"):
            j += 1
        cuts.append(j)
        i = j
    bounds = [0, *cuts, n]
    for a, b in zip(bounds, bounds[1:]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b


def _merge_punct_only(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Fold pieces with no word character (a stray "——" or "”") into the sentence before."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and not _WORDLIKE.search(text[a:b]) and "\n" not in text[out[-1][1] : a]:
            out[-1] = (out[-1][0], b)
        elif _WORDLIKE.search(text[a:b]) or not out:
            out.append((a, b))
    return [(a, b) for a, b in out if _WORDLIKE.search(text[a:b])]


def split_sentences(document: dict) -> pd.DataFrame:
    """Split a clean document into sentences (table ``sentences``).

    Sentences come from the title, headings and body paragraphs (not the byline). A sentence
    ends at 。！？ and ；, at an ellipsis that ends a clause, at a line end and at the paragraph
    end; closing quotes and brackets after the terminator stay with it. Quotations are kept
    whole unless they are longer than ``LONG_QUOTE`` characters and contain terminators
    (quoted speech of several sentences). Offsets index ``document['text']``.

    Parameters
    ----------
    document : dict
        ``doc_id``, ``text`` and ``paragraphs`` (dicts with ``para_id``, ``kind``, ``section``,
        ``text``, ``start``, ``end``; ``document['text'][start:end] == text``).

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_id (0..n-1), para_id, section, start, end, text.

    Examples
    --------
    >>> doc = {"doc_id": "d", "text": "他说：“好。”我们走吧！", "paragraphs": [
    ...     {"para_id": 0, "kind": "body", "section": "", "text": "他说：“好。”我们走吧！",
    ...      "start": 0, "end": 12}]}
    >>> split_sentences(doc)["text"].tolist()
    ['他说：“好。”我们走吧！']
    """
    doc_id = document["doc_id"]
    full = document["text"]
    rows = []
    for para in document.get("paragraphs") or []:
        if para.get("kind", "body") not in SENTENCE_KINDS:
            continue
        p_start = int(para["start"])
        p_text = full[p_start : int(para["end"])]
        for a, b in _merge_punct_only(list(_sentence_spans(p_text)), p_text):
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": len(rows),
                    "para_id": int(para["para_id"]),
                    "section": para.get("section"),
                    "start": p_start + a,
                    "end": p_start + b,
                    "text": full[p_start + a : p_start + b],
                }
            )
    if not rows:
        return schemas.empty("sentences")
    return schemas.conform(pd.DataFrame(rows), "sentences")
