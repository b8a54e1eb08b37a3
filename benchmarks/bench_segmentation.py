"""Benchmark (not a test): tokens per second of jieba and rjieba, raw and through our tokenize.

Builds a corpus of a few MB in memory from genre text (the embedded article's sentences and
other news sentences, numbers and place names varied, order shuffled), nothing written to disk,
then times in one process:

- raw cut: ``jieba.Tokenizer.cut`` vs ``rjieba.Jieba.cut`` (lexicon loaded, no POS);
- ``helpers.extract.segmentation.tokenize`` with each engine (sentences given; POS, figures kept whole,
  stop/entity flags; the quantity extractor's time reported separately);

and reports peak memory (``resource`` max RSS of the process; ``tracemalloc`` peak of Python
allocations while tokenizing one document set).

    .venv/bin/python benchmarks/bench_segmentation.py [--mb 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import tracemalloc

from helpers import paths
from helpers.extract.cleaning import clean_document
from helpers.extract.segmentation import get_tokenizer, split_sentences, tokenize
from helpers.store.textio import read_text

OTHER = ["国家统计局今天发布数据，上半年国内生产总值同比增长5.3%。", "央行宣布下调存款准备金率0.5个百分点，释放长期资金约1万亿元。", "铁路部门预计，春运期间全国铁路将发送旅客4.8亿人次。", "这家公司去年营业收入增长了三成，净利润翻了一番。", "农民合作社通过电商平台把土特产卖到了全国各地。", "地铁新线开通后，市民通勤时间平均缩短了20分钟。", "该省出台措施支持民营经济发展，降低企业融资成本。", "芯片短缺导致部分车企减产，汽车芯片国产化进程加快。", "光伏组件价格下跌，行业进入新一轮洗牌期。", "这条高速公路全长120公里，设计时速100公里。", "学校开设了人工智能课程，学生们学习编程的热情很高。", "博物馆推出夜间开放活动，吸引了大批年轻观众。"]

PLACES = ["璧山", "永川", "江津", "合川", "涪陵", "万州", "綦江", "大足", "铜梁", "潼南", "荣昌", "巴南"]


def build_corpus(mb: float, seed: int) -> list[dict]:
    """Documents of ~40 sentences each until the corpus reaches ``mb`` MB of UTF-8."""
    rng = random.Random(seed)
    article = clean_document(read_text(paths.DEFAULT_INPUT), "cq", {}).document
    pool = split_sentences(article)["text"].tolist() + OTHER
    docs, size = [], 0
    while size < mb * 1e6:
        sents = []
        for _ in range(40):
            s = rng.choice(pool)
            s = re.sub(r"\d+", lambda m: str(rng.randint(1, 9999)), s)
            s = s.replace("璧山", rng.choice(PLACES))
            sents.append(s)
        text = "\n".join(sents)
        paras, pos = [], 0
        for k, s in enumerate(sents):
            paras.append({"para_id": k, "kind": "body", "section": "", "text": s, "start": pos, "end": pos + len(s)})
            pos += len(s) + 1
        docs.append({"doc_id": f"b{len(docs):05d}", "text": text, "paragraphs": paras})
        size += len(text.encode("utf-8"))
    return docs


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=3.0, help="corpus size in MB of UTF-8 (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    (jb, rj), t_build = timed(lambda: (get_tokenizer("jieba"), get_tokenizer("rjieba")))
    docs, t_corpus = timed(lambda: build_corpus(args.mb, args.seed))
    n_chars = sum(len(d["text"]) for d in docs)
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {n_chars:,} characters, {mb:.2f} MB (built in {t_corpus:.1f} s); "
          f"tokenizers built in {t_build:.1f} s")

    texts = [d["text"] for d in docs]
    results = {}
    for name, seg in (("jieba", jb), ("rjieba", rj)):
        n, t = timed(lambda seg=seg: sum(1 for txt in texts for w in seg.tokenizer.cut(txt) if w.strip()))
        results[f"raw cut {name}"] = (n, t)
    sentences, t_sent = timed(lambda: [split_sentences(d) for d in docs])
    from helpers.extract.quantities import find_quantities

    figs, t_q = timed(lambda: [find_quantities(d["text"]) for d in docs])
    for name in ("jieba", "rjieba"):
        n, t = timed(lambda name=name: sum(len(tokenize(d, s, name, q)) for d, s, q in zip(docs, sentences, figs)))
        results[f"tokenize {name}"] = (n, t)

    print(f"split_sentences: {t_sent:.2f} s; find_quantities: {t_q:.2f} s (not in the tokenize figures below)")
    print(f"{'':18}{'tokens':>10}{'seconds':>10}{'tokens/s':>12}{'chars/s':>12}")
    for k, (n, t) in results.items():
        print(f"{k:18}{n:>10,}{t:>10.2f}{n / t:>12,.0f}{n_chars / t:>12,.0f}")
    r = results
    print(f"rjieba/jieba speed: raw cut x{r['raw cut jieba'][1] / r['raw cut rjieba'][1]:.1f}, "
          f"tokenize x{r['tokenize jieba'][1] / r['tokenize rjieba'][1]:.1f}")

    # memory: peak RSS of the whole run, and Python allocations while tokenizing 50 documents
    sample = list(zip(docs, sentences, figs))[:50]
    for name in ("jieba", "rjieba"):
        tracemalloc.start()
        for d, s, q in sample:
            tokenize(d, s, name, q)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"tracemalloc peak, tokenize {name} on {len(sample)} documents: {peak / 1e6:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1e6 if sys.platform == "darwin" else rss / 1e3
    print(f"peak RSS of the process (both engines, corpus in memory): {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
