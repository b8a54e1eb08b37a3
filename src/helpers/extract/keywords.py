"""Vocabulary views over tokens: term frequencies, TF-IDF and TextRank keywords, corpus TF-IDF, KWIC.

Everything works on OUR tokens (table ``tokens``), so the domain lexicon and the stopwords are
honoured - unlike ``jieba.analyse``, which re-segments with its own dictionary. TF-IDF uses
jieba's IDF table (``jieba/analyse/idf.txt``) with its median for unknown words, as jieba does.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

import numpy as np
import pandas as pd

from helpers.chars import HAN
from helpers.extract import segmentation
from helpers.store import schemas

#: POS tags TextRank keeps (jieba's default set, plus organisation names and English words).
TEXTRANK_POS = frozenset({"ns", "n", "vn", "v", "nz", "nt", "eng"})
#: Co-occurrence window (tokens, within one sentence), as in jieba's TextRank.
WINDOW = 5
DAMPING = 0.85

# A term has at least one Han character or Latin letter; numbers and punctuation are not terms.
_TERMLIKE = re.compile(f"[A-Za-z{HAN}]")


def content_mask(tokens: pd.DataFrame) -> pd.Series:
    """Tokens that count as terms: not stopwords, not figures, not punctuation or bare numbers,
    at least two characters."""
    tok = tokens["token"].astype(str)
    return (
        ~tokens["is_stop"].astype(bool)
        & ~tokens["is_figure"].astype(bool)
        & (tok.str.len() > 1)
        & tok.map(lambda t: bool(_TERMLIKE.search(t)))
        & (tokens["pos"].astype(str) != "x")
    )


def term_frequencies(tokens: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """How often each term occurs in ``tokens`` (stopwords, punctuation, single characters and
    figures excluded): the ``terms`` table of :func:`corpus_terms` on one frame, its first ``top``.

    Columns ``term``, ``pos`` (its most frequent tag), ``freq``, ``docs`` (number of documents it
    occurs in), ``share`` (of all counted terms), most frequent first.
    """
    out = corpus_terms([tokens])[0].reset_index(drop=True)
    return out.head(top) if top else out


def corpus_terms(chunks: Iterable[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus term frequencies and a per-document token overview from chunks of the tokens table
    (whole documents per chunk), aggregated chunk by chunk (memory: one chunk and the vocabulary).

    A term's ``pos`` is the tag it carries most often in the corpus (ties: the first tag in
    alphabetical order); ``docs`` is the number of documents it occurs in.
    """
    counts: pd.Series | None = None  # (term, pos) -> occurrences
    docs: pd.Series | None = None  # term -> documents
    rows = []
    for t in chunks:
        if not len(t):
            continue
        g = t.groupby("doc_id", sort=False)
        rows.append(pd.DataFrame({
            "tokens": g.size(), "figures": g["is_figure"].sum().astype("int64"),
            "entities": g["is_entity"].sum().astype("int64"),
            "stopword_share": g["is_stop"].mean().astype(float).round(3),
        }))
        sub = t.loc[content_mask(t), ["doc_id", "token", "pos"]]
        c = sub.groupby(["token", "pos"], observed=True).size()
        d = sub.groupby("token", observed=True)["doc_id"].nunique()
        counts = c if counts is None else counts.add(c, fill_value=0)
        docs = d if docs is None else docs.add(d, fill_value=0)
    per_doc = pd.concat(rows) if rows else pd.DataFrame(columns=["tokens", "figures", "entities", "stopword_share"])
    if counts is None or not len(counts):
        return schemas.empty("terms"), per_doc
    c = counts.astype("int64").rename("n").reset_index()
    c["token"] = c["token"].astype(str)
    c["pos"] = c["pos"].astype(str)
    freq = c.groupby("token", sort=False)["n"].sum()
    top = c.sort_values(["token", "n", "pos"], ascending=[True, False, True], kind="stable").drop_duplicates("token")
    out = pd.DataFrame({"term": top["token"].to_numpy(), "pos": top["pos"].to_numpy()})
    out["freq"] = freq.reindex(out["term"]).to_numpy().astype("int64")
    docs.index = docs.index.astype(str)
    out["docs"] = docs.reindex(out["term"]).to_numpy().astype("int64")
    out["share"] = out["freq"] / out["freq"].sum()
    out = out.sort_values(["freq", "term"], ascending=[False, True], kind="stable")
    return schemas.conform(out, "terms"), per_doc


def _content_flags(words: list, pos: list, stop: list, fig: list) -> list[bool]:
    """:func:`content_mask` over plain lists (one document's columns), without pandas."""
    search = _TERMLIKE.search
    return [not st and not fg and len(w) > 1 and search(w) is not None and p != "x"
            for w, p, st, fg in zip(words, pos, stop, fig)]


def _columns(tokens: pd.DataFrame) -> tuple[list, list, list, list, list]:
    """token, pos, is_stop, is_figure, sent_id of a tokens table as lists (as the mask reads them)."""
    return ([str(t) for t in tokens["token"].tolist()], [str(p) for p in tokens["pos"].tolist()],
            [bool(v) for v in tokens["is_stop"].tolist()], [bool(v) for v in tokens["is_figure"].tolist()],
            tokens["sent_id"].tolist())


def _textrank(words_all: list, pos_all: list, sent_all: list, content: list[bool], allow_pos=TEXTRANK_POS,
              window: int = WINDOW, damping: float = DAMPING, iterations: int = 100,
              tol: float = 1e-8) -> dict[str, float]:
    """TextRank scores (max 1.0) of one document's terms, from its token, POS and sentence columns
    and its :func:`_content_flags`; edges are co-occurrences of two candidate terms fewer than
    ``window`` tokens apart in one sentence."""
    ok_all = [c and p in allow_pos for c, p in zip(content, pos_all)]
    by_sentence: dict = {}  # sentences in order of first appearance, tokens in row order
    for w, f, sid in zip(words_all, ok_all, sent_all):
        entry = by_sentence.get(sid)
        if entry is None:
            by_sentence[sid] = entry = ([], [])
        entry[0].append(w)
        entry[1].append(f)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for words, flags in by_sentence.values():
        for i, (w, f) in enumerate(zip(words, flags)):
            if not f:
                continue
            for j in range(i + 1, min(i + window, len(words))):
                if flags[j] and words[j] != w:
                    a, b = (w, words[j]) if w < words[j] else (words[j], w)
                    weights[(a, b)] += 1.0
    if not weights:
        # no co-occurrence: every candidate scores alike
        cands = sorted({w for w, f in zip(words_all, ok_all) if f})
        return {w: 1.0 for w in cands}
    nodes = sorted({w for pair in weights for w in pair})
    index = {w: k for k, w in enumerate(nodes)}
    n = len(nodes)
    m = np.zeros((n, n))
    for (a, b), w in weights.items():
        m[index[a], index[b]] += w
        m[index[b], index[a]] += w
    out_w = m.sum(axis=0)
    trans = m / np.where(out_w == 0, 1, out_w)  # column-stochastic
    score = np.full(n, 1.0 / n)
    step, base = damping * trans, (1 - damping) / n  # what `base + damping * trans @ score` computes first
    for _ in range(iterations):
        new = base + step @ score
        if np.abs(new - score).sum() < tol:
            score = new
            break
        score = new
    score = score / score.max()
    return dict(zip(nodes, score.tolist()))


def keywords(tokens: pd.DataFrame, document: dict, top: int = 30) -> pd.DataFrame:
    """Keywords of one document by TF-IDF and by TextRank (table ``keywords``).

    TF-IDF is a term's share of the document's counted terms times its IDF in jieba's table
    (the table's median for unknown words such as many lexicon terms); TextRank runs over the
    terms tagged ns/n/vn/v/nz/nt/eng, linked when they occur within ``WINDOW`` tokens in one
    sentence. Both use this project's tokens, so lexicon words stay whole and stopwords are out.

    The table holds the union of the ``top`` terms by each method, both scores filled in
    (``textrank`` 0 for a term outside its POS filter), ordered by ``tfidf``.
    """
    doc_id = document["doc_id"] if isinstance(document, dict) else str(document)
    tok = tokens[tokens["doc_id"] == doc_id] if "doc_id" in tokens and tokens["doc_id"].nunique() > 1 else tokens
    words, pos, stop, fig, sent = _columns(tok)
    content = _content_flags(words, pos, stop, fig)
    terms = [w for w, c in zip(words, content) if c]
    if not terms:
        return schemas.empty("keywords")
    counts = Counter(terms)
    total = sum(counts.values())
    idf, median = segmentation.idf_table()
    tfidf = {w: c / total * idf.get(w, median) for w, c in counts.items()}
    tr = _textrank(words, pos, sent, content)
    by_tfidf = sorted(tfidf, key=lambda w: (-tfidf[w], w))[:top]
    by_tr = sorted(tr, key=lambda w: (-tr[w], w))[:top]
    chosen = list(dict.fromkeys([*by_tfidf, *by_tr]))
    chosen.sort(key=lambda w: (-tfidf.get(w, 0.0), w))  # tfidf down, then term (stable)
    return schemas.frame("keywords", {
        "doc_id": [doc_id] * len(chosen),
        "term": chosen,
        "freq": [counts.get(w, 0) for w in chosen],
        "tfidf": [tfidf.get(w, 0.0) for w in chosen],
        "textrank": [tr.get(w, 0.0) for w in chosen],
    })


def corpus_tfidf(tokens: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Each document's most distinctive terms, with the IDF computed over the corpus itself.

    ``idf = ln((1 + N) / (1 + df)) + 1`` (smoothed, so a term in every document still counts a
    little); ``tfidf`` is the term's share of the document's counted terms times its idf.
    Returns ``doc_id, term, freq, df, tfidf, rank`` (rank 1 = most distinctive), ``top`` per
    document. With a single document this is plain term frequency.
    """
    cols = ["doc_id", "term", "freq", "df", "tfidf", "rank"]
    sub = tokens.loc[content_mask(tokens), ["doc_id", "token"]] if len(tokens) else tokens
    if not len(sub):
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in cols})
    counts = sub.groupby(["doc_id", "token"]).size().rename("freq").reset_index()
    n_docs = tokens["doc_id"].nunique()
    df = counts.groupby("token")["doc_id"].nunique().rename("df")
    counts = counts.join(df, on="token")
    totals = counts.groupby("doc_id")["freq"].transform("sum")
    counts["tfidf"] = counts["freq"] / totals * (np.log((1 + n_docs) / (1 + counts["df"])) + 1)
    counts = counts.rename(columns={"token": "term"}).sort_values(
        ["doc_id", "tfidf", "term"], ascending=[True, False, True], kind="stable"
    )
    counts["rank"] = counts.groupby("doc_id").cumcount() + 1
    out = counts[counts["rank"] <= top] if top else counts
    return out[cols].astype({"freq": "int64", "df": "int64", "rank": "int64"}).reset_index(drop=True)


def kwic(tokens: pd.DataFrame, document: dict, term: str, width: int = 15) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters either side.

    An occurrence is a token equal to ``term`` (so 产业 does not match inside 产业链); when no
    token is, the term is searched as a string inside the sentences (产业转移, cut as 产业/转移).
    Context stays within the document; line breaks show as spaces.

    Returns ``left, term, right, sent_id`` in text order.
    """
    text = document["text"]
    doc_id = document.get("doc_id")
    tok = tokens[tokens["doc_id"] == doc_id] if doc_id is not None and "doc_id" in tokens else tokens
    hits = tok.loc[tok["token"] == term, ["start", "end", "sent_id"]]
    spans = [(int(a), int(b), int(s)) for a, b, s in hits.itertuples(index=False)]
    if not spans and term and len(tok):
        bounds = tok.groupby("sent_id").agg(start=("start", "min"), end=("end", "max"))
        for sent_id, row in bounds.iterrows():
            seg = text[int(row["start"]) : int(row["end"])]
            for m in re.finditer(re.escape(term), seg):
                spans.append((int(row["start"]) + m.start(), int(row["start"]) + m.end(), int(sent_id)))
    rows = []
    for a, b, s in sorted(spans):
        rows.append(
            {
                "left": text[max(0, a - width) : a].replace("\n", " "),
                "term": text[a:b],
                "right": text[b : b + width].replace("\n", " "),
                "sent_id": s,
            }
        )
    if not rows:
        return pd.DataFrame({"left": [], "term": [], "right": [], "sent_id": pd.Series([], dtype="int64")})
    return pd.DataFrame(rows).astype({"sent_id": "int64"})
