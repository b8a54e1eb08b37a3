"""Character classes and dictionary words that the cleaning steps share."""

from __future__ import annotations

import functools
import importlib.util
import math
import re
from pathlib import Path

from helpers.chars import CLOSERS, HAN_RE, is_cjk

#: Full-width punctuation: a neighbour of it is in Chinese text.
FW_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～")
#: Spaces of every width that typesetting and OCR leave in a line.
SPACE = " \t\u3000\u00a0\u2002\u2003\u2009"
#: Closing quotes and brackets that may follow the end of a sentence on a line: the shared set
#: without the straight double quote, which opens as often as it closes (``ending`` pairs it up).
LINE_CLOSERS = CLOSERS - {'"', "］", "]", "〕"}
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


# ----------------------------------------------------------------------------- dictionary

@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], float, int]:
    """jieba's word list (word -> frequency), read as data; jieba itself is not imported here."""
    words: dict[str, int] = {}
    spec = importlib.util.find_spec("jieba")
    if spec and spec.origin:
        path = Path(spec.origin).parent / "dict.txt"
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    parts = line.split(" ", 2)
                    if len(parts) >= 2:
                        try:
                            words[parts[0]] = int(parts[1])
                        except ValueError:
                            continue
    total = float(sum(words.values()) or 1)
    longest = max((len(w) for w in words), default=1)
    return words, math.log(total), min(longest, 8)


def segment(s: str) -> list[str]:
    """Maximum-probability segmentation of a short Chinese string (jieba's DAG model, no HMM)."""
    words, log_total, longest = _dictionary()
    n = len(s)
    best = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        cands = []
        for j in range(i + 1, min(n, i + longest) + 1):
            w = s[i:j]
            f = words.get(w)
            if f or j == i + 1:
                cands.append((math.log(f or 1) - log_total + best[j][0], j))
        best[i] = max(cands)
    out, i = [], 0
    while i < n:
        j = best[i][1]
        out.append(s[i:j])
        i = j
    return out


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


def word_spans(left: str, right: str) -> str:
    """The dictionary word that spans the join of ``left`` and ``right`` ('' if none).

    Only the last four Chinese characters of ``left`` and the first four of ``right`` are looked
    at, spaces ignored; the join must fall inside a word of the best segmentation.
    """
    a, b = _cjk_run(reversed(left))[::-1], _cjk_run(right)
    if not a or not b:
        return ""
    pos = 0
    for tok in segment(a + b):
        if pos < len(a) < pos + len(tok):
            return tok
        pos += len(tok)
    return ""
