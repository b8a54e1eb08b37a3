"""Sentences and tokens: sentence splitting, the jieba/rjieba tokenizers with the domain lexicon, figures kept whole.

Every table this module returns follows its contract in :mod:`helpers.schemas`, and every offset
indexes the document's clean text, ``text[start:end]``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.chars import CLOSERS, HAN, PAIRS
from helpers.extract import lexicon, posseg
from helpers.extract.quantities import find_quantities
from helpers.store import schemas

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
_ASCII_QUOTES = frozenset("\"")

#: A quotation longer than this (in characters, quote marks included) that contains sentence
#: terminators is quoted speech of several sentences and is split inside; shorter quotations
#: ("以项目带技术、以技术聚人才"，slogans, titles) are never split.
LONG_QUOTE = 60

_WORDLIKE = re.compile(f"[\\w{HAN}]")


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
    for a, b in itertools.pairwise(bounds):
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
    return schemas.records("sentences", rows)


# --------------------------------------------------------------------------------------------
# Tokenizers
# --------------------------------------------------------------------------------------------

#: The engines: jieba (the reference, pure Python) and rjieba (jieba's Rust port).
ENGINES = ("jieba", "rjieba")
#: POS tag of a figure found by the quantity extractor.
FIGURE_POS = "m"


class Segmenter:
    """One engine with the domain lexicon loaded: ``tag(text)`` -> ``[(word, pos), ...]``.

    ``tokenizer`` is the engine's own object (a ``jieba.Tokenizer`` or an ``rjieba.Jieba``);
    build one with :func:`get_tokenizer`, which keeps one per process and engine.
    """

    def __init__(self, engine: str, tokenizer, tagger, lexicon_version: str | None):
        self.engine = engine
        self.tokenizer = tokenizer
        self._tagger = tagger
        self.lexicon_version = lexicon_version

    def __repr__(self) -> str:
        return f"Segmenter(engine={self.engine!r}, lexicon={self.lexicon_version!r})"

    def cut(self, text: str) -> list[str]:
        """Words only (the engine's plain cut, HMM on for new words)."""
        return list(self.tokenizer.cut(text))

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Words with POS tags; the words concatenate back to ``text``."""
        return self._tagger(text)

    def dictionary_words(self, text: str) -> list[str]:
        """Dictionary words only: the most probable path through the word graph, without the HMM
        that guesses new words (a character in no word stays alone); they concatenate to ``text``."""
        if self.engine == "rjieba":
            return self.tokenizer.cut(text, hmm=False)
        return list(self.tokenizer.cut(text, HMM=False))


def _jieba_cache_dir() -> Path:
    d = paths.CACHE / "jieba"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _quiet_jieba() -> None:
    # jieba logs "Building prefix dict ..." on stderr at DEBUG through its own handler.
    logging.getLogger("jieba").setLevel(logging.WARNING)


def _build_jieba(words: list[tuple[str, int, str]]):
    import jieba
    import jieba.posseg

    _quiet_jieba()  # after the import: importing jieba sets its logger to DEBUG

    tok = jieba.Tokenizer()
    tok.tmp_dir = str(_jieba_cache_dir())
    tok.initialize()
    for word, freq, tag in words:
        tok.add_word(word, max(freq, tok.suggest_freq(word, tune=False)), tag)
    # jieba's own POS cut, word for word and tag for tag, in a faster form (helpers.extract.posseg)
    return tok, posseg.Tagger(tok, jieba.posseg.POSTokenizer(tok))


def _build_rjieba(words: list[tuple[str, int, str]]):
    import rjieba

    tok = rjieba.Jieba()
    for word, freq, tag in words:
        tok.add_word(word, max(freq, tok.suggest_freq(word)), tag)
    # rjieba's add_word keeps the tag a word already has in its dictionary (我市 r, 比亚迪 nr);
    # the lexicon's tag must win, as it does in jieba's POSTokenizer
    tags = {word: tag for word, _, tag in words}

    def tagger(text: str) -> list[tuple[str, str]]:
        return [(w, tags.get(w, t)) for w, t in tok.tag(text)]

    return tok, tagger


@functools.lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table (``jieba/analyse/idf.txt``) and its median, the IDF jieba gives words
    not in the table: read here, at the one seam where jieba's data enters the package."""
    import jieba

    _quiet_jieba()
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    idf: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2:
                idf[parts[0]] = float(parts[1])
    values = sorted(idf.values())
    return idf, values[len(values) // 2]


@functools.lru_cache(maxsize=None)
def _get_tokenizer(engine: str, with_lexicon: bool, lexicon_version: str | None) -> Segmenter:
    words = lexicon.entries() if with_lexicon else []
    if engine == "jieba":
        tok, tagger = _build_jieba(words)
    elif engine == "rjieba":
        tok, tagger = _build_rjieba(words)
    else:
        raise ValueError(f"unknown segmentation engine {engine!r}: use one of {', '.join(ENGINES)}")
    return Segmenter(engine, tok, tagger, lexicon_version)


def get_tokenizer(engine: str = "jieba", with_lexicon: bool = True) -> Segmenter:
    """The process's tokenizer for ``engine``, with the domain lexicon added (built once).

    jieba gets its own ``jieba.Tokenizer`` (never the module-level one), its prefix-dictionary
    cache under ``.cache/jieba/`` in the project, and its log silenced; rjieba an
    ``rjieba.Jieba``. Both get the same words, tags and frequencies from
    :func:`helpers.extract.lexicon.entries` (each frequency raised to what the engine suggests to keep
    the word whole). A changed lexicon (new :func:`helpers.extract.lexicon.version`) builds a new one.
    ``with_lexicon=False`` gives the engine's stock dictionary, for comparisons.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown segmentation engine {engine!r}: use one of {', '.join(ENGINES)}")
    return _get_tokenizer(engine, with_lexicon, lexicon.version() if with_lexicon else None)


def dictionary_words(text: str, with_lexicon: bool = True) -> list[str]:
    """``text`` cut into jieba's dictionary words (the lexicon's too), without the HMM that guesses
    new words: :meth:`Segmenter.dictionary_words` of :func:`get_tokenizer`.

    Cleaning asks this whether a line break or a space falls inside a word (新能 / 源汽车); to
    ask many times, take ``get_tokenizer().dictionary_words`` once.

    >>> dictionary_words("新能源汽车"), dictionary_words("新能源汽车", with_lexicon=False)
    (['新能源汽车'], ['新能源', '汽车'])
    """
    return get_tokenizer("jieba", with_lexicon).dictionary_words(text)


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


def _span_of(q) -> tuple[int, int]:
    if isinstance(q, tuple | list):
        return int(q[0]), int(q[1])
    if isinstance(q, dict):
        return int(q["start"]), int(q["end"])
    return int(q.start), int(q.end)


def find_figures(text: str) -> list[tuple[int, int]]:
    """Figure spans from the quantity extractor."""
    return [_span_of(q) for q in find_quantities(text)]


def _clean_spans(spans, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans inside ``[lo, hi)``, sorted, overlaps dropped (earlier, then longer, wins)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if a < lo or b > hi or a >= b:
            continue
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


#: Characters jieba (and rjieba) keep inside one word; a name with any other character
#: (brackets, as in 西部（重庆）科学城) cannot be a dictionary word and is matched directly.
_ENGINE_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
#: Quote and title marks are never part of a token: a name written with them is found through
#: the name inside them (一带一路 in “一带一路”).
_QUOTE_MARKS = frozenset("“”‘’\"'《》「」『』")
_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十两百千万亿零〇]")


@functools.lru_cache(maxsize=8)
def _name_patterns(_version: str | None) -> tuple[re.Pattern | None, re.Pattern | None, dict[str, str]]:
    """Regexes for names matched directly (bracketed) and names containing numerals; name -> tag."""
    if _version is None:
        return None, None, {}
    tags = {w: t for w, _, t in lexicon.entries()}
    names = lexicon.entity_names()
    direct = sorted(
        (w for w in names if not _ENGINE_WORD.match(w) and not (set(w) & _QUOTE_MARKS) and w.strip() == w),
        key=len, reverse=True,
    )
    numeral = sorted((w for w in names if _NUMERAL.search(w) and not (set(w) & _QUOTE_MARKS)), key=len, reverse=True)

    def alternation(words):
        return re.compile("|".join(map(re.escape, words))) if words else None

    return alternation(direct), alternation(numeral), tags


def _forced_spans(text: str, base: int, figures, patterns) -> list[tuple[int, int, str, bool]]:
    """Spans kept whole in ``text``: bracketed names, then figures that are not inside a name.

    Returns ``(start, end, pos, is_figure)`` in ``base`` offsets, sorted, non-overlapping.
    """
    direct, numeral, tags = patterns
    end = base + len(text)
    out: list[tuple[int, int, str, bool]] = []
    if direct is not None:
        for m in direct.finditer(text):
            out.append((base + m.start(), base + m.end(), tags.get(m.group(), "nz"), False))
    figs = _clean_spans(figures, base, end)
    if figs and numeral is not None:
        # a numeral inside a name is no figure (工信部电子五所, 万州, 三一重工)
        inside = [(base + m.start(), base + m.end()) for m in numeral.finditer(text)]
        figs = [f for f in figs if not any(a <= f[0] and f[1] <= b and (b - a) > (f[1] - f[0]) for a, b in inside)]
    taken = [(a, b) for a, b, _, _ in out]
    for a, b in figs:
        if not any(a < tb and ta < b for ta, tb in taken):
            out.append((a, b, FIGURE_POS, True))
    return sorted(out)


def segment(text: str, engine: str = "jieba", figures=(), *, with_lexicon: bool = True,
            base: int = 0) -> list[tuple[str, str, int, int, bool]]:
    """Tokens of one piece of text as ``(token, pos, start, end, is_figure)``, whitespace dropped.

    ``figures`` are spans ``(start, end)`` (offsets ``base + index``) that become single tokens
    tagged ``m``, unless they lie inside a lexicon name (五所 in 工信部电子五所). Lexicon names
    the engines cannot hold as one word (with brackets: 西部（重庆）科学城) are matched directly.
    The text between these spans is segmented by the engine, with the lexicon.

    >>> [t[0] for t in segment("带动就业超过1.2万人", figures=[(6, 11)])]
    ['带动', '就业', '超过', '1.2万人']
    """
    seg = get_tokenizer(engine, with_lexicon)
    patterns = _name_patterns(seg.lexicon_version)
    return _segment(text, seg, patterns, figures, base)


def _segment(text: str, seg: Segmenter, patterns, figures, base: int) -> list[tuple[str, str, int, int, bool]]:
    out = []
    pos = base
    end = base + len(text)
    engine = seg.engine
    for a, b, tag, is_fig in [*_forced_spans(text, base, figures, patterns), (end, None, "", False)]:
        piece = text[pos - base : a - base]
        k = pos
        for word, wtag in seg.tag(piece) if piece else ():
            stop = k + len(word)
            if word.strip():
                out.append((word, wtag, k, stop, False))
            k = stop
        if k != a:  # the engine must give back every character
            raise RuntimeError(f"{engine} lost characters segmenting {piece!r}")
        if b is None:
            break
        out.append((text[a - base : b - base], tag, a, b, is_fig))
        pos = b
    return out


def tokenize(document: dict, sentences: pd.DataFrame, engine: str = "jieba", quantities=None,
             *, with_lexicon: bool = True) -> pd.DataFrame:
    """Tokens of every sentence (table ``tokens``), offsets into ``document['text']``.

    Parameters
    ----------
    document : dict
        The clean document (``doc_id``, ``text``).
    sentences : pandas.DataFrame
        Its sentences, from :func:`split_sentences`.
    engine : {'jieba', 'rjieba'}
    quantities : list, optional
        Figure spans in document offsets (objects with ``start``/``end``, dicts or tuples).
        None asks the quantity extractor, :func:`helpers.extract.quantities.find_quantities`; pass
        ``[]`` to keep no figure whole. Each figure inside one sentence becomes one token,
        tagged ``m`` with ``is_figure`` True.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_id, i (position in the sentence), token, pos, start, end, is_stop,
        is_figure, is_entity. No token crosses a sentence; whitespace is not a token.
        ``is_stop`` marks stopwords (:func:`helpers.extract.lexicon.stopwords`) - they are marked,
        never removed; ``is_entity`` marks lexicon names (places, organisations, programmes).
    """
    text = document["text"]
    if quantities is None:
        quantities = find_figures(text)
    spans = _clean_spans((_span_of(q) for q in quantities), 0, len(text))
    starts = [a for a, _ in spans]
    stop = lexicon.stopwords()
    names = lexicon.entity_names() if with_lexicon else frozenset()
    seg = get_tokenizer(engine, with_lexicon)
    patterns = _name_patterns(seg.lexicon_version)
    cols: dict[str, list] = {c: [] for c in schemas.TABLES["tokens"].names}
    doc_id = document["doc_id"]
    for sent_id, s0, s1 in zip(sentences["sent_id"].tolist(), sentences["start"].tolist(), sentences["end"].tolist()):
        s0, s1 = int(s0), int(s1)
        k = bisect.bisect_left(starts, s0)
        figs = []
        while k < len(spans) and spans[k][0] < s1:
            if spans[k][1] <= s1:
                figs.append(spans[k])
            k += 1
        toks = _segment(text[s0:s1], seg, patterns, figs, s0)
        for i, (word, tag, a, b, is_fig) in enumerate(toks):
            cols["doc_id"].append(doc_id)
            cols["sent_id"].append(int(sent_id))
            cols["i"].append(i)
            cols["token"].append(word)
            cols["pos"].append(tag)
            cols["start"].append(a)
            cols["end"].append(b)
            cols["is_stop"].append(not is_fig and word in stop)
            cols["is_figure"].append(is_fig)
            cols["is_entity"].append(not is_fig and word in names)
    if not cols["token"]:
        return schemas.empty("tokens")
    return schemas.frame("tokens", cols)


# --------------------------------------------------------------------------------------------
# Agreement between engines
# --------------------------------------------------------------------------------------------


def _boundaries(tokens) -> set[int]:
    """Cut positions: every token start and end (whitespace is not a token)."""
    out: set[int] = set()
    for t in tokens:
        out.add(t[2])
        out.add(t[3])
    return out


def agreement(text: str, engine_a: str = "jieba", engine_b: str = "rjieba", figures=(),
              *, with_lexicon: bool = True) -> dict:
    """How far two engines agree on ``text``: F1 of token boundaries and of whole tokens.

    Returns a dict with ``boundary_f1``, ``token_f1``, the token counts ``n_a``/``n_b``, and
    ``differences``: a ``collections.Counter`` of ``(a's tokens, b's tokens)`` over the stretches
    where they cut differently, most common first - the systematic differences.
    """
    ta = segment(text, engine_a, figures, with_lexicon=with_lexicon)
    tb = segment(text, engine_b, figures, with_lexicon=with_lexicon)
    ba, bb = _boundaries(ta), _boundaries(tb)
    sa = {(t[2], t[3]) for t in ta}
    sb = {(t[2], t[3]) for t in tb}

    def f1(x: set, y: set) -> float:
        if not x and not y:
            return 1.0
        common = len(x & y)
        return 2 * common / (len(x) + len(y))

    # stretches between shared boundaries where the cuts differ
    diffs: Counter = Counter()
    shared = sorted(ba & bb)
    ia = ib = 0
    for lo, hi in itertools.pairwise(shared):
        pa, pb = [], []
        while ia < len(ta) and ta[ia][3] <= hi:
            if ta[ia][2] >= lo:
                pa.append(ta[ia][0])
            ia += 1
        while ib < len(tb) and tb[ib][3] <= hi:
            if tb[ib][2] >= lo:
                pb.append(tb[ib][0])
            ib += 1
        if pa != pb:
            diffs[("/".join(pa), "/".join(pb))] += 1
    return {
        "engine_a": engine_a,
        "engine_b": engine_b,
        "boundary_f1": f1(ba, bb),
        "token_f1": f1(sa, sb),
        "n_a": len(ta),
        "n_b": len(tb),
        "differences": diffs,
    }
