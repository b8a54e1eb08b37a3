"""Character classes and dictionary words that the cleaning steps share."""

from __future__ import annotations

import re
from collections.abc import Callable

from helpers.chars import HAN_RE, is_cjk
from helpers.extract.segmentation import get_tokenizer

#: A dictionary cut: a short Chinese string -> its words (they concatenate back to it).
Words = Callable[[str], list[str]]

#: Full-width punctuation: a neighbour of it is in Chinese text.
FW_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～")
#: Spaces of every width that typesetting and OCR leave in a line.
SPACE = " \t\u3000\u00a0\u2002\u2003\u2009"
#: Sentence punctuation: a line with any of it is no headline or byline.
SENTENCE_PUNCT = set("，。；！？,;!?")


def cjkish(ch: str) -> bool:
    """True for a Chinese character or full-width punctuation."""
    return bool(ch) and (is_cjk(ch) or ch in FW_PUNCT)


def cjk_count(s: str) -> int:
    """How many Chinese characters ``s`` holds."""
    return len(HAN_RE.findall(s))


def squeeze(t: str) -> str:
    """``t`` without its spaces."""
    return re.sub(f"[{SPACE}]+", "", t)


def dictionary() -> Words:
    """The dictionary cleaning cuts words with: jieba's own words, no HMM
    (:meth:`helpers.extract.segmentation.Segmenter.dictionary_words`). Looked up once per text.

    Without the project lexicon for now, so that cleaning reads exactly as before the package was
    reshaped: with it, the clean texts and every join are the same and two cleaning-log reasons name
    the longer lexicon word (新能源汽车 instead of 新能源); turning it on is a one-word change."""
    return get_tokenizer("jieba", with_lexicon=False).dictionary_words


def _cjk_run(chars) -> str:
    """Up to four Chinese characters from ``chars`` (spaces skipped), stopping at anything else."""
    run = []
    for ch in chars:
        if ch in SPACE:
            continue
        if not is_cjk(ch) or len(run) == 4:
            break
        run.append(ch)
    return "".join(run)


def word_spans(left: str, right: str, words: Words) -> str:
    """The dictionary word that spans the join of ``left`` and ``right`` ('' if none).

    Only the last four Chinese characters of ``left`` and the first four of ``right`` are looked
    at, spaces ignored; the join must fall inside a word of the best segmentation.
    """
    a, b = _cjk_run(reversed(left))[::-1], _cjk_run(right)
    if not a or not b:
        return ""
    pos = 0
    for tok in words(a + b):
        if pos < len(a) < pos + len(tok):
            return tok
        pos += len(tok)
    return ""
