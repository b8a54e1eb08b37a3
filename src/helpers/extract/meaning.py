"""What a figure measures: its place, subject, metric (zh + en), measure, period and period kind.

:func:`describe` reads the clause around each figure of a sentence (the text between the
previous clause mark and the figure, the words right after it) and the sentences and headings
before it:

* ``metric`` - from the curated vocabulary ``data/lexicon/metrics.csv`` (one row per metric: the
  Chinese name, ``metric_en``, the figure kinds it applies to, and the words that name it in
  text), the word nearest before the figure in its clause, else right after it (``50亿元产值``,
  ``18个项目``), else the metric of the figure before it in the sentence when the clause only
  says how it changed (``出口10.67万亿元，增长7.2%``), else a default per unit (家 -> 企业数).
  ``metric_phrase`` keeps the words as written.
* ``measure`` - ``level`` (the amount), ``growth_rate`` (增长7.2%, 下降3.8%), ``change``
  (提升2.4个百分点, 增加100亿元), ``share`` (占……57.1%), ``rate`` (a rate that is a level: 覆盖率,
  失业率, PMI) or ``multiple`` (增长8.3倍). Growth rates and shares name what grows or is shared
  as their metric, so 出口增长7.2% is (出口额, growth_rate), never an export level.
* ``place`` - the geographic scope, canonical (国家 names from the gazetteer, 6-digit division
  codes or ISO 3166 alpha-3 codes in ``place_code``): a list distributed by 分别 gives each
  figure its own place (对东盟、欧盟出口分别增长16.9%、13.7%); else the nearest place in the
  figure's clause (我国/全国/国内 -> 中国; 我市/本市 -> the document's city); else the subject of the
  sentence (the place opening an earlier clause); a national marker anywhere in the sentence
  stops a place of an earlier sentence from being carried in; else the place of the paragraph,
  of the section heading, of the title, and last the document's own scope. Places inside an
  organisation's name (中国贸促会), in a source clause (据海关统计, 商务部数据显示) or after an
  origin word (来自, 销往) are not scopes.
* ``subject`` - the thing measured, as specific as the clause allows: an organisation, project,
  park or programme named before the figure, else the noun phrase before the metric word (民营企业
  进出口 -> 民营企业; 货物贸易进出口总值 -> 货物贸易) or after it (出口装备制造业产品 -> 装备制造业产品),
  with places, times and verbs set aside; never the place again. A clause that only gives a
  change (增长7.2%) takes the subject of the figure before it in the sentence.
* ``period`` and ``period_kind`` - the nearest time expression before the figure in its
  sentence (else after it in the clause); ``point``, ``cumulative`` (累计, 截至, 以来, 已),
  ``per_year`` (每年, 年均, 年产值) or ``forecast`` (预计, 力争, 到2027年, a forecast qualifier).
  A yearly word reaches only the figures of its own clause: in 每年可贡献50亿元产值和1.73亿元税收，
  带动就业超过1.2万人 the jobs are not per year.
* ``comparable`` - the key ``metric|measure|unit|period_kind``: figures may be ranked, charted
  or added only within one key.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.chars import HAN
from helpers.errors import LexiconError

__all__ = ["MEASURES", "METRICS_FILE", "PERIOD_KINDS", "comparable_key", "describe", "metric_en", "vocabulary"]

METRICS_FILE = "metrics.csv"
MEASURES = ("level", "change", "growth_rate", "share", "rate", "multiple")
PERIOD_KINDS = ("point", "cumulative", "per_year", "forecast")
CLAUSE_MARKS = "，,；;。！？!?：:\n"

# ----------------------------------------------------------------------------- the vocabulary


@dataclass(frozen=True)
class Metric:
    """One entry of the metric vocabulary."""

    metric: str
    metric_en: str
    kinds: frozenset
    measure: str
    words: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def _read_vocabulary(path: Path) -> tuple[Metric, ...]:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise LexiconError(path, "not found: the figures stage needs the metric vocabulary") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        raise LexiconError(path, f"is not valid CSV in UTF-8 ({e})") from None
    missing = [c for c in ("metric", "metric_en", "kinds", "measure", "words") if c not in df.columns]
    if missing:
        raise LexiconError(path, f"lacks the column(s) {', '.join(missing)}")
    out = []
    for n, r in enumerate(df.itertuples(index=False), start=2):
        if r.measure not in MEASURES or not r.metric or not r.metric_en:
            raise LexiconError(path, f"row for {r.metric!r} needs a metric, a metric_en and a measure "
                               f"among {', '.join(MEASURES)}", line=n)
        words = tuple(w for w in (s.strip() for s in r.words.split("|")) if w) or (r.metric,)
        out.append(Metric(r.metric, r.metric_en, frozenset(k for k in r.kinds.split("|") if k), r.measure, words))
    return tuple(out)


def vocabulary(folder: str | Path | None = None) -> tuple[Metric, ...]:
    """The metric vocabulary (``data/lexicon/metrics.csv`` unless ``folder`` names another)."""
    return _read_vocabulary((Path(folder) if folder else paths.LEXICON).resolve() / METRICS_FILE)


def _per_vocabulary(fn):
    """Cache ``fn(vocab, *args)`` by the vocabulary's identity: a vocabulary is a tuple of some eighty
    frozen dataclasses, and hashing it on every call (as :func:`functools.lru_cache` would) costs more
    than most of the lookups it guards. The vocabulary itself is kept with the entry, so an id reused
    by another object is never mistaken for it."""
    cache: dict = {}

    @functools.wraps(fn)
    def cached(vocab, *args):
        key = (id(vocab), *args)
        hit = cache.get(key)
        if hit is None or hit[0] is not vocab:
            if len(cache) > 64:
                cache.clear()
            hit = cache[key] = (vocab, fn(vocab, *args))
        return hit[1]

    return cached


@_per_vocabulary
def _by_name(vocab: tuple[Metric, ...]) -> dict[str, Metric]:
    return {m.metric: m for m in vocab}


#: metrics that say little: a more specific word anywhere in the window wins over them
GENERIC_METRICS = frozenset({"规模", "金额", "数量", "人数", "资金", "比率", "增速", "降幅", "占比", "倍数"})
_NOT_A_BASE = frozenset({"车辆", "尺寸", "长度", "小区数"})
#: units that name their metric whatever the words around say
#: (the first unless the words name one of the others: 接待游客3亿人次, 港口集装箱吞吐量1.1亿标箱)
_UNIT_METRIC = {"人次": ("人次", "游客"), "标箱": ("货运量", "吞吐量"), "架次": ("航线",)}


_NOT_METRIC = re.compile(r"规模以上|限额以上|家用电器|用电器|外商投资(?=企业)")


def _pick(window: str, pairs, last: bool = True) -> tuple[int, str, Metric] | None:
    """The metric word in ``window`` nearest its end (``last``) or start, a specific metric
    before a generic one (货物贸易进出口规模: 进出口额, not 规模). 规模以上 (above designated
    size) names a class of firms, not a metric."""
    window = _NOT_METRIC.sub(lambda m: "\u3000" * len(m.group()), window)
    for words, metric_of in _specific_then_generic(pairs):
        hit = (_last if last else _first)(window, words)
        if hit:
            return hit[0], hit[1], metric_of[hit[1]]
    return None


_SPLITS: dict[int, tuple] = {}


def _specific_then_generic(pairs) -> tuple:
    """``pairs`` split into the specific metrics' words and the generic ones', each with a word ->
    metric map (the first pair of a word wins, as a scan in order would), kept per pairs object."""
    hit = _SPLITS.get(id(pairs))
    if hit is not None and hit[0] is pairs:
        return hit[1]
    out = []
    for generic in (False, True):
        sub = [(w, m) for w, m in pairs if (m.metric in GENERIC_METRICS) == generic]
        first: dict[str, Metric] = {}
        for w, m in sub:
            first.setdefault(w, m)
        out.append(([w for w, _ in sub], first))
    if len(_SPLITS) > 256:
        _SPLITS.clear()
    _SPLITS[id(pairs)] = (pairs, tuple(out))
    return tuple(out)


@_per_vocabulary
def _words(vocab: tuple[Metric, ...], kind: str) -> tuple[tuple[str, Metric], ...]:
    """(word, metric) pairs for figures of ``kind`` (``*`` = every level metric but counts, ``base``
    = every level metric, ``rate`` = the rates), longest first."""
    pairs = []
    for m in vocab:
        if kind == "*":
            # what a rate can be of: not a count of vehicles or a size (汽车、船舶分别增长……)
            ok = m.measure == "level" and m.metric not in _NOT_A_BASE and m.kinds != {"count"}
        elif kind == "base":
            # what a growth rate or share can be of, counts too (民营企业数量增加10.1%)
            ok = m.measure == "level" and m.metric not in _NOT_A_BASE
        elif kind == "rate":
            ok = m.measure == "rate"
        else:
            ok = kind in m.kinds and m.measure == "level"
        if ok:
            pairs.extend((w, m) for w in m.words)
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@_per_vocabulary
def _word_list(vocab: tuple[Metric, ...], kind: str) -> tuple[str, ...]:
    """The words of :func:`_words`, without their metrics (what the finders search for)."""
    return tuple(w for w, _ in _words(vocab, kind))


@_per_vocabulary
def _rate_words(vocab: tuple[Metric, ...]) -> tuple[str, ...]:
    """The rate words of two characters or more (what names a rate before a figure), longest first."""
    return tuple(w for w in _word_list(vocab, "rate") if len(w) >= 2)


@_per_vocabulary
def _word_set(vocab: tuple[Metric, ...], kind: str) -> frozenset[str]:
    """The words of :func:`_words` as a set (membership tests)."""
    return frozenset(_word_list(vocab, kind))


def metric_en(metric: str, measure: str, vocab: tuple[Metric, ...] | None = None) -> str:
    """The English name of a (metric, measure) pair.

    >>> metric_en("出口额", "growth_rate"), metric_en("进出口额", "share"), metric_en("投资", "level")
    ('exports growth', 'share of trade', 'investment')
    """
    m = _by_name(vocab or vocabulary()).get(metric)
    en = m.metric_en if m else ""
    if not en:
        return ""
    if measure == "growth_rate" and m.measure == "level":
        return f"{en} growth"
    if measure == "share" and m.measure == "level":
        return f"share of {en}"
    if measure == "change":
        return f"change in {en}"
    if measure == "multiple" and m.measure == "level":
        return f"{en} (multiple)"
    return en


def comparable_key(metric: str, measure: str, unit: str, period_kind: str) -> str:
    """The key within which figures may be ranked or added: ``metric|measure|unit|period_kind``."""
    return "|".join(str(x or "") for x in (metric, measure, unit, period_kind))


# ----------------------------------------------------------------------------- cue words

_GROWTH = ("增长", "增速", "增幅", "同比", "环比", "提高", "提升", "上涨", "上升", "下降", "减少", "回落", "下滑",
           "降幅", "降低", "扩大", "缩小", "增加", "高出", "低于", "高于", "拉动")
_SHARE = ("占比", "比重", "份额", "占")
_CHANGE = re.compile(r"(?:增加|增长|减少|下降|扩大|多|少)了?$")
_DEFAULT_BY_UNIT = {"家": "企业数", "人": "人数", "名": "人数", "人次": "人次", "户": "户数", "个": "数量",
                    "项": "数量", "亩": "面积", "平方米": "面积", "平方公里": "面积", "公顷": "面积",
                    "吨": "重量", "英寸": "尺寸", "公里": "里程", "米": "长度", "倍": "倍数", "件": "数量",
                    "辆": "车辆", "条": "数量", "座": "数量", "批": "数量", "千瓦": "装机容量",
                    "兆瓦": "装机容量", "吉瓦": "装机容量", "千瓦时": "发电量"}
_DEFAULT_BY_KIND = {"money": "金额", "area": "面积", "mass": "重量", "length": "长度", "count": "数量"}

#: words that make a clause a source of the figures, not their subject or scope
_SOURCE = re.compile(r"^(?:据|根据|记者从|来自)|(?:消息|数据显示|统计显示|统计|测算|了解到|获悉|表示|介绍|指出|"
                     r"发布|公布|显示|透露|通报)$")
#: national scope words (中国 itself is a gazetteer mention, which knows 中国贸促会 and 中国柠檬产业城)
_NATIONAL = re.compile(r"我国|全国各地|全国|国内(?!外)")
#: words before a subject chunk that are not part of it (verbs, adverbs, function words)
_LEAD = ("其中", "特别是", "尤其是", "重点", "围绕", "同步", "比如", "例如", "同时", "此外", "另外", "全年",
         "当月", "同比", "共计", "总计", "合计", "累计", "共", "完成", "实现", "达到", "达", "新开", "投放",
         "处理", "揽投", "开行", "接待", "引进", "带动", "建成", "培育", "形成", "集聚", "拥有", "有", "为", "是",
         "将", "已", "可", "均", "的", "了", "在", "对", "向", "比", "较", "和", "与", "及", "、", "各", "约",
         "近", "超", "超过", "突破", "全", "总", "新增", "发放", "贡献", "吸引", "推动", "助力", "首次", "预计",
         "力争", "计划", "目标", "今年", "去年", "当年", "目前", "截至", "以来", "创", "录得", "由", "从", "来看",
         "方面", "看", "到", "至", "使", "让", "更", "也", "还", "再", "其", "该", "这", "此", "以上")
_TAIL = ("的", "了", "共", "达", "为", "已", "约", "超", "超过", "突破", "近", "累计", "实现", "完成", "达到", "同比",
         "全年", "分别", "总", "总额", "总量", "总值", "规模", "等")
_OPENERS = ("", "在", "而", "其中", "比如", "例如", "同时", "另外", "此外", "其次", "首先", "如", "一是", "二是",
            "三是", "特别是", "尤其是", "全", "从")
_GENERIC_SUBJECTS = {"其中", "全年", "同比", "累计", "今年", "去年", "总计", "合计", "目前", "当月", "全部", "总体",
                     "整体", "数量", "规模", "金额", "总量", "总额", "总值", "数据", "统计", "当前", "期间",
                     "同期", "人数", "项目", "企业", "增速", "增幅", "比重", "占比", "比例", "水平", "年均"}


@functools.lru_cache(maxsize=512)
def _finder(words: tuple[str, ...], backwards: bool) -> re.Pattern | None:
    """One pattern for ``words``, longest first (so that at a position the longest word wins), the
    words reversed when ``backwards`` (searched in the reversed window: the match starting first
    there is the word ending last). None for no words."""
    if not words:
        return None
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w[::-1] if backwards else w) for w in ordered))


def _first(window: str, words) -> tuple[int, str] | None:
    """The occurrence in ``window`` starting first (longest word at equal starts)."""
    finder = _finder(words if isinstance(words, tuple) else tuple(words), False)
    m = finder.search(window) if finder else None
    return (m.start(), m.group()) if m else None


@functools.lru_cache(maxsize=8192)
def _nouns(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, POS) pairs of a short span; cached, since the rules ask about the same spans
    again (a figure's head phrase, its subject candidates, their trimmed forms)."""
    from helpers.extract.segmentation import get_tokenizer

    return tuple(get_tokenizer("jieba", with_lexicon=True).tag(text)) if text else ()


#: POS tags that may stand in a noun phrase (nouns, names, noun-verbs, adjectives, distinguishers)
_NOUNY = ("n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "a", "b", "j", "eng", "l", "i", "x", "s", "f", "m", "q")
_NOUN_CORE = ("n", "nr", "ns", "nt", "nz", "nl", "ng", "j", "eng", "vn", "l")


#: verbs that stand inside noun compounds (产业转移企业, 汽车制造企业, 农产品加工园区)
_COMPOUND_VERBS = frozenset({"转移", "制造", "加工", "配套", "研发", "生产", "服务", "物流", "贸易", "出口", "进口",
                             "进出口", "运输", "零售", "开发", "种植", "养殖", "投资", "创新", "融资", "发电", "储能"})


def noun_tail(text: str) -> str:
    """The noun phrase ending ``text``: its last words while they are nouns, names, noun-verbs or
    adjectives, a verb kept only between two nouns (东部产业转移企业 of 集聚东部产业转移企业)."""
    words = _nouns(text)
    out: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w, pos = words[k]
        if w.strip(" “”\"") == "":
            out.insert(0, w)
            continue
        inner_verb = (pos.startswith("v") and out and k > 0 and w in _COMPOUND_VERBS
                      and words[k - 1][1].startswith(("n", "vn")))
        if (pos.startswith(_NOUNY) and not (pos == "m" and not out)) or inner_verb:
            out.insert(0, w)
        else:
            break
    return "".join(out).strip(" “”\"、")


def _has_noun(text: str) -> bool:
    """Whether a candidate subject holds a noun (not only verbs and adjectives: 建设, 国际领先)."""
    words = _nouns(text)
    return any(pos.startswith(_NOUN_CORE) and not (pos == "vn" and len(words) == 1) for _, pos in words)


def noun_head(text: str) -> str:
    """The noun phrase opening ``text`` (特色产业园 of 特色产业园带动农户增收)."""
    out: list[str] = []
    for w, pos in _nouns(text):
        if w.strip(" “”\"") == "" or pos.startswith(_NOUNY):
            out.append(w)
        else:
            break
    return "".join(out).strip(" “”\"、")


def _after_phrase(ctx: Context, pos: int, hi: int) -> tuple[str, int]:
    """The noun phrase right after a figure (quotes dropped) and where it ends in the text."""
    ce = clause_end(ctx.text, pos, hi)
    raw = ctx.text[pos:min(ce, pos + 14)]
    head = noun_head(raw)
    if not head:
        return "", pos
    # where the phrase ends in the raw text: walk over it character by character
    k, j = 0, 0
    while k < len(raw) and j < len(head):
        if raw[k] == head[j]:
            j += 1
        k += 1
    return head.replace("“", "").replace("”", "").replace('"', ""), pos + k


def _last(window: str, words) -> tuple[int, str] | None:
    """The occurrence in ``window`` ending nearest its end (longest word at equal ends)."""
    finder = _finder(words if isinstance(words, tuple) else tuple(words), True)
    m = finder.search(window[::-1]) if finder else None
    return (len(window) - m.end(), m.group()[::-1]) if m else None


# ----------------------------------------------------------------------------- context


@dataclass
class Context:
    """What :func:`describe` needs of the document: its text, mentions, scope, and memory of
    the places and subjects seen so far."""

    text: str
    mentions: list
    away: set
    scope: tuple[str, str]  # the document's own place (name, code), or ("", "")
    city: tuple[str, str]   # what 我市/本市 mean
    codes: dict
    vocab: tuple[Metric, ...]
    year: int | None = None
    dates: list = field(default_factory=list)  # the current sentence's date mentions
    para_place: dict = field(default_factory=dict)   # para_id -> (name, code) carried
    lead_period: str = ""  # the period the title names, if it names one
    section_period: dict = field(default_factory=dict)  # (paragraph, place) -> the last period named
    heading_place: dict = field(default_factory=dict)  # section text -> (name, code)
    prev_sentence: dict | None = None

    def __post_init__(self):
        self.starts = [m.start for m in self.mentions]
        self.sources = {m.start for m in self.mentions if m.type != "place" and _names_source(self.text, m)}
        self.source_names = {m.canonical for m in self.mentions if m.start in self.sources}


_SOURCE_AFTER = re.compile(r"^[^，,。；]{0,16}?(?:发布|公布|数据显示|统计显示|消息|统计|表示|介绍|获悉|了解到|"
                           r"透露|通报|测算|指出|称)|^[^，,。；]{0,24}?举行[^，,。；]{0,8}发布会")


def _names_source(text: str, m) -> bool:
    """Whether an organisation is where the figures come from (据海关统计, 商务部数据显示,
    记者从国家邮政局了解到, 国务院新闻办公室今天举行新闻发布会), not what they measure."""
    before = text[max(0, m.start - 4):m.start]
    return bool(_SOURCE_AFTER.match(text[m.end:m.end + 40])) or before.endswith(("据", "记者从", "从", "根据"))


def _mentions_in(ctx: Context, lo: int, hi: int) -> list:
    i = bisect.bisect_left(ctx.starts, lo)
    out = []
    for m in ctx.mentions[i:]:
        if m.start >= hi:
            break
        if m.end <= hi:
            out.append(m)
    return out


def clause_start(text: str, pos: int, lo: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in CLAUSE_MARKS:
        i -= 1
    return i


#: words that join a clause to the one before it, dropped when the clause is quoted on its own
_LEADS = re.compile(r"^(?:特别是|尤其是|其中|同时|此外|另外|并且|而且|以及)[，,]?")


def clause_of(sentence: str, text: str) -> str:
    """The clause of ``sentence`` that states the figure ``text`` (between the punctuation around
    it), without a joining word before it; ``text`` itself when it is not in the sentence.

    >>> clause_of("截至目前，渝西地区集聚企业超1200家，特别是集群产值突破1800亿元。", "突破1800亿元")
    '集群产值突破1800亿元'
    """
    if not isinstance(sentence, str) or not isinstance(text, str) or text not in sentence:
        return text if isinstance(text, str) else ""
    at = sentence.find(text)
    a, b = clause_start(sentence, at, 0), clause_end(sentence, at + len(text), len(sentence))
    return _LEADS.sub("", sentence[a:b].strip("，,；;。 "))


def clause_end(text: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and text[i] not in CLAUSE_MARKS:
        i += 1
    return i


def _is_source(ctx: Context, lo: int, hi: int) -> bool:
    """Whether the clause [lo, hi) only names where the figures come from (据海关统计)."""
    clause = ctx.text[lo:hi].strip(" “”\"")
    return bool(_SOURCE.search(clause)) and len(clause) <= 40


def _place_of(m, ctx: Context) -> tuple[str, str] | None:
    if m.type != "place":
        return None
    if m.canonical in ("重庆",) and m.name in ("我市", "本市", "全市") and ctx.city[0]:
        return ctx.city
    return m.canonical, m.division_code or ctx.codes.get(m.canonical, "")


def _places_in(ctx: Context, lo: int, hi: int) -> list[tuple[int, int, tuple[str, str]]]:
    """(start, end, place) of the scopes named in [lo, hi): place mentions that are not an
    origin or destination, plus national words; sorted by start."""
    out = []
    for m in _mentions_in(ctx, lo, hi):
        p = _place_of(m, ctx)
        if p and m.start not in ctx.away:
            out.append((m.start, m.end, p))
    taken = [(s, e) for s, e, _ in out]
    for n in _NATIONAL.finditer(ctx.text, lo, hi):
        if not any(s <= n.start() < e for s, e in taken) and not _inside_org(ctx, n.start(), n.end()):
            out.append((n.start(), n.end(), ("中国", ctx.codes.get("中国", "CHN"))))
    return sorted(out)


def _inside_org(ctx: Context, s: int, e: int) -> bool:
    i = bisect.bisect_right(ctx.starts, s) - 1
    while i >= 0 and i >= bisect.bisect_right(ctx.starts, s) - 3:
        m = ctx.mentions[i]
        if m.type != "place" and m.start <= s and e <= m.end:
            return True
        i -= 1
    return False


# ----------------------------------------------------------------------------- one sentence


@dataclass
class _Fig:
    q: object
    head_lo: int   # where the figure's own words start (clause start or the previous figure's end)
    clause_lo: int
    clause_hi: int
    metric: str = ""
    measure: str = "level"
    phrase: str = ""
    subject: str = ""
    place: tuple[str, str] = ("", "")
    period: str = ""
    period_kind: str = ""
    subject_from: object = None
    hint: object = None
    after_end: int = 0     # where the noun phrase naming the figure after it ends (18个项目)
    after_subject: str = ""
    forced_subject: str | None = None
    section: str = ""
    sent_lo: int = 0
    para_id: int = 0


def describe(ctx: Context, sent: dict, qs: list, dates: list, hints: list | None = None) -> list[dict]:
    """The meaning columns of the figures ``qs`` of one sentence (``sent``: start, end, para_id,
    section), in order; ``dates`` are the sentence's date mentions with text offsets; ``hints``
    (optional, one per figure) the entity each figure is attributed to by the figures stage
    (canonical name and type), used where the clause itself names no place or subject."""
    lo, hi = int(sent["start"]), int(sent["end"])
    text = ctx.text
    ctx.dates = dates
    figs = []
    prev_end = lo
    for q in qs:
        cs = clause_start(text, q.qualifier_start, lo)
        figs.append(_Fig(q, max(cs, prev_end), cs, clause_end(text, q.qualifier_end, hi),
                         section=str(sent.get("section") or ""), sent_lo=lo,
                         para_id=int(sent["para_id"])))
        prev_end = q.qualifier_end
    for k, f in enumerate(figs):
        if k and figs[k - 1].after_end > f.head_lo:
            f.head_lo = min(figs[k - 1].after_end, f.q.qualifier_start)
        _metric(ctx, f, figs[:k], hi)
    _distribute_metrics(ctx, figs)
    hints = hints or [None] * len(figs)
    for k, f in enumerate(figs):
        f.subject = _subject(ctx, f, figs[:k], lo)
        h = hints[k]
        if not f.subject and h and h[1] in ("org", "programme") and h[0] not in ctx.source_names:
            f.subject = h[0]
        f.hint = h
    _places(ctx, figs, lo, hi, sent)
    for f in figs:
        f.period, f.period_kind = _period(ctx, f, dates, lo, hi)
    out = []
    for f in figs:
        en = metric_en(f.metric, f.measure, ctx.vocab)
        out.append({"place": f.place[0] or None, "place_code": f.place[1] or None, "subject": f.subject or None,
                    "metric": f.metric, "metric_en": en, "measure": f.measure, "metric_phrase": f.phrase or None,
                    "period": f.period or None, "period_kind": f.period_kind or None,
                    "comparable": comparable_key(f.metric, f.measure, f.q.unit, f.period_kind)})
    ctx.prev_sentence = {"figs": figs, "subject": next((f.subject for f in reversed(figs) if f.subject), "")}
    if not figs:
        ctx.prev_sentence["subject"] = _sentence_org(ctx, lo, hi)
        named = [d for d in dates if not _comparison(text, d) and d.period[:1].isdigit() and "to-date" not in d.period]
        ps = _places_in(ctx, lo, hi)
        place = ps[0][2][0] if ps else (ctx.para_place.get(int(sent["para_id"])) or ctx.scope)[0]
        if named:
            ctx.section_period[(int(sent["para_id"]), place)] = named[-1].period
    return out


def _sentence_org(ctx: Context, lo: int, hi: int) -> str:
    """The last organisation or project a sentence without figures names (以珠海冠宇电池项目为例)."""
    orgs = [m for m in _mentions_in(ctx, lo, hi) if m.type in ("org", "programme")
            and getattr(m, "source", "") != "anchor" and m.start not in ctx.sources]
    return orgs[-1].canonical if orgs else ""


def _percent_like(q) -> bool:
    return q.kind == "percent" or q.unit in ("倍", "pp")


def _metric(ctx: Context, f: _Fig, before: list[_Fig], hi: int) -> None:
    text, q = ctx.text, f.q
    head = text[f.head_lo:q.qualifier_start]
    if _percent_like(q):
        _rate_metric(ctx, f, head, before)
        return
    pairs, words = _words(ctx.vocab, q.kind), _word_list(ctx.vocab, q.kind)
    after_np, np_end = _after_words(ctx, f, words, hi)
    # 分别为5382亿元、28427亿元: a list item is what the item before it is, unless it names its own
    if before and head.strip() in _JOINERS[:6] and before[-1].q.unit == q.unit \
            and not (after_np and _first(after_np, words)):
        p = before[-1]
        f.metric, f.measure, f.phrase, f.subject_from = p.metric, p.measure, p.phrase, p.subject_from or p
        return
    _after_metric(ctx, f, after_np, np_end, head, pairs, words)
    if not f.metric:
        hit = _pick(head, pairs)
        if hit:
            f.metric, f.phrase = hit[2].metric, hit[1]
    if not f.metric and before and before[-1].q.unit == q.unit and not _percent_like(before[-1].q):
        # 新增就业698万人，同比增加20万人: the same thing as the figure before it
        f.metric, f.phrase = before[-1].metric, ""
    if not f.metric and not f.after_subject and not before:
        # 粮食产量创历史新高，首次站上1.4万亿斤: the sentence's earlier words
        hit = _pick(ctx.text[max(f.sent_lo, f.clause_lo - 30):f.clause_lo], pairs)
        if hit:
            f.metric, f.phrase = hit[2].metric, hit[1]
    forced = _UNIT_METRIC.get(q.unit)
    if forced and f.metric not in forced and forced[0] in _by_name(ctx.vocab):
        f.metric = forced[0]
    if not f.metric:
        f.metric = _DEFAULT_BY_UNIT.get(q.unit) or _DEFAULT_BY_KIND.get(q.kind, "数量")
    f.measure = "change" if _CHANGE.search(head.rstrip(" 超过近约")) else "level"


def _after_words(ctx: Context, f: _Fig, words: list[str], hi: int) -> tuple[str, int]:
    """The noun phrase right after a figure and where it ends; a metric word there counts as a noun
    whatever jieba tags it (2亿件快递包裹进出, 1亿件的快件)."""
    at = f.q.qualifier_end
    after_np, np_end = _after_phrase(ctx, at, hi)
    if not after_np:
        de = ctx.text.startswith("的", at)
        word = _first(ctx.text[at + de:clause_end(ctx.text, at, hi)][:8], words)
        if word and word[0] == 0:
            after_np, np_end = word[1], at + de + len(word[1])
    return after_np, np_end


def _after_metric(ctx: Context, f: _Fig, after_np: str, np_end: int, head: str, pairs, words) -> None:
    """What the words after a figure say it measures: a metric noun there names it (50亿元产值,
    18个项目, 18个“新星”产业集群, 两万亩特色产业园); a count of another noun counts that noun
    (通达欧洲25个国家), whatever the words before say."""
    q, kind = f.q, f.q.kind
    hit = _first(after_np, words) if after_np else None
    if hit and (hit[0] == 0 or kind in ("count", "area", "length")):
        m = next(m for w, m in pairs if w == hit[1])
        f.metric, f.phrase = m.metric, hit[1]
        f.after_end = np_end
        f.after_subject = after_np[:hit[0] + len(hit[1])] if hit[0] else ""
    elif after_np and kind == "count" and not ctx.text[q.qualifier_end:q.qualifier_end + 1].isspace() \
            and _has_noun(after_np):
        f.after_subject, f.after_end = after_np, np_end
        f.metric = _DEFAULT_BY_UNIT.get(q.unit, "数量")
    elif after_np and kind in ("area", "length", "count") and not _last(head, words):
        f.after_subject, f.after_end = after_np, np_end


_JOINERS = ("、", "和", "及", "与", "以及", "或", "，", ",")
_RATE_LEAD = re.compile(r"(?:为|达|达到|是|约|在|保持在|稳定在|超过|超|突破|近|升至|降至|分别为|分别达)?$")


_COUNT_TAIL = re.compile(r"同比|环比|数量|[比较](?:上年|去年|上月)(?:同期)?|分别|均|[\s，,]")


def _rate_measure(q, growth, share) -> str:
    """How a percent-like figure measures: multiple, change, share, growth rate or a rate."""
    if q.unit == "倍":
        return "multiple"
    if q.unit == "pp":
        return "change"
    if share and (not growth or share[0] + len(share[1]) > growth[0] + len(growth[1])):
        return "share"
    return "growth_rate" if growth else "rate"


def _rate_metric(ctx: Context, f: _Fig, head: str, before: list[_Fig]) -> None:
    q = f.q
    # 分别增长16.9%、13.7%、35.3%: a list item is what the item before it is
    if before and head.strip() in _JOINERS[:6] and _percent_like(before[-1].q) and before[-1].q.unit == q.unit:
        p = before[-1]
        f.metric, f.measure, f.phrase, f.subject_from = p.metric, p.measure, p.phrase, p.subject_from or p
        return
    near = head[-14:]
    growth, share = _last(near, _GROWTH), _last(near, _SHARE)
    if growth and q.unit != "pp" and near[growth[0] + len(growth[1]):].lstrip("了").startswith(("到", "至")):
        # 比重上升到16.3%: the level reached, not a growth rate
        growth = None
    f.measure = _rate_measure(q, growth, share)
    rates = _words(ctx.vocab, "rate")
    # a rate named right before the figure is what it is (贡献率为60.7%, 城镇调查失业率5.2%)
    rate_hit = _last(head, _rate_words(ctx.vocab))
    cue_end = (growth[0] if growth else -1) + len(head) - len(near)
    if rate_hit and _RATE_LEAD.fullmatch(head[rate_hit[0] + len(rate_hit[1]):].strip()) \
            and (f.measure in ("rate", "change") or rate_hit[0] > cue_end):
        m = next(m for w, m in rates if w == rate_hit[1])
        f.metric, f.phrase = m.metric, rate_hit[1]
        if f.measure != "change":
            f.measure = "rate"
        return
    if f.measure == "rate" and _share_of_after(ctx, f):
        return
    _base_metric(ctx, f, head, near, growth, share, before, rate_hit)


_GROWTH_NOUNS = ("增长", "增速", "增幅")


def _share_of_after(ctx: Context, f: _Fig) -> bool:
    """A percent before the thing it is a part of (全国72%的国土面积, 80%以上的进出口, 超七成的建制村):
    a share, of the metric named there if one is, else 占比. A growth named there (20%以上的高增长)
    makes it a growth rate instead."""
    at = f.q.qualifier_end
    if ctx.text[at:at + 1].isspace():
        return False
    de = ctx.text.startswith("的", at)
    np, end = _after_phrase(ctx, at + de, f.clause_hi)
    if de and not (np and _has_noun(np)):
        # after 的 a metric word is a noun whatever jieba tags it (80%以上的就业)
        word = _first(ctx.text[at + 1:f.clause_hi][:8], _word_list(ctx.vocab, "count"))
        np, end = (word[1], at + 1 + len(word[1])) if word and word[0] == 0 else (np, end)
    if not np or not (_has_noun(np) or de):
        return False
    if any(w in ctx.text[at:min(f.clause_hi, at + 6)] for w in _GROWTH_NOUNS):
        f.measure = "growth_rate"
        return False
    f.measure, f.after_end = "share", end
    pairs = _words(ctx.vocab, "base")
    hit = _first(np, _word_list(ctx.vocab, "base"))  # the phrase's own head comes first (援疆资金投入到)
    if hit:
        f.metric, f.phrase = next(m for w, m in pairs if w == hit[1]).metric, hit[1]
    else:
        f.metric, f.after_subject = "占比", np
    return True


def _base_metric(ctx: Context, f: _Fig, head: str, near: str, growth, share, before: list[_Fig], rate_hit) -> None:
    """What a growth rate, share or change is of: the metric named before its cue word, else the
    figure before it, else the clause's words, else a fallback (增速, 占比, 比率)."""
    rates, levels = _words(ctx.vocab, "rate"), _words(ctx.vocab, "base")
    cue_at = min([c[0] for c in (growth, share) if c] or [len(near)]) + len(head) - len(near)
    if f.measure == "share":
        # 服务业增加值占国内生产总值比重为58.4%: what stands before 占 is the part
        k = head.rfind("占")
        base_window = head[:k] if k >= 0 else head[:cue_at]
    else:
        base_window = head[:cue_at] if f.measure != "rate" else head
    hit = _pick(base_window, levels)
    if hit and hit[2].kinds == {"count"} and _COUNT_TAIL.sub("", base_window[hit[0] + len(hit[1]):]):
        # a count grows only when it is what grows (民营企业数量增加10.1%), not when it owns what
        # grows (企业的生产效率提升了30%)
        hit = None
    if rate_hit and f.measure in ("change", "growth_rate") and rate_hit[0] + len(rate_hit[1]) <= cue_at \
            and not head[rate_hit[0] + len(rate_hit[1]):].startswith("因素") \
            and (hit is None or rate_hit[0] + len(rate_hit[1]) >= hit[0] + len(hit[1])):
        # 失业率比上年下降0.1个百分点, 贷款市场报价利率下降0.25个百分点: the change of a rate
        m = next(m for w, m in rates if w == rate_hit[1])
        f.metric, f.phrase = m.metric, rate_hit[1]
        return
    if hit is None and f.measure == "share":
        k = head.rfind("占")
        hit = _pick(head[k + 1:], levels) if k >= 0 and before == [] else None
    if hit:
        f.metric, f.phrase = hit[2].metric, hit[1]
        return
    if rate_hit and f.measure == "rate":
        m = next(m for w, m in rates if w == rate_hit[1])
        f.metric, f.phrase = m.metric, rate_hit[1]
        return
    # 出口10.67万亿元，增长7.2%: what the figure before it measured
    prior = [b for b in before if b.metric not in GENERIC_METRICS]
    if prior and f.measure in ("growth_rate", "change", "share", "multiple"):
        f.metric, f.phrase = prior[-1].metric, ""
        return
    # the clause's words before the head (前5个月，民营企业进出口10.25万亿元，增长7%), else the
    # sentence's when no figure comes before (工业投资较快增长，同比增速达到6.4%)
    lo = f.clause_lo if before else f.sent_lo
    clause_hit = _pick(ctx.text[lo:f.head_lo], levels if lo == f.clause_lo else _words(ctx.vocab, "money"))
    if clause_hit and f.measure in ("growth_rate", "change", "share"):
        f.metric, f.phrase = clause_hit[2].metric, clause_hit[1]
        return
    # a sentence that only gives the change (3月份当月看，同比增长5.9%): what the sentence before
    # in the paragraph measured
    prev = [g for g in (ctx.prev_sentence or {}).get("figs", [])
            if g.metric not in GENERIC_METRICS and g.para_id == f.para_id]
    if prev and not before and f.measure == "growth_rate" and not _pick(ctx.text[f.sent_lo:f.head_lo], rates):
        f.metric, f.phrase = prev[-1].metric, ""
        return
    f.metric = {"growth_rate": "增速", "share": "占比", "change": "增速", "multiple": "倍数"}.get(f.measure, "比率")
    if f.metric == "增速" and growth and growth[1] in ("下降", "减少", "回落", "下滑", "降幅", "降低"):
        f.metric = "降幅"


def _distribute_metrics(ctx: Context, figs: list[_Fig]) -> None:
    """分别: a list before it is distributed over the figures after it, in order. A list of
    things (学前教育、义务教育……经费总投入分别为……) gives each figure its subject, a list of metrics
    (社会消费品零售总额、固定资产投资分别达到……) its metric; a bare change (同比分别增长13%、11%) takes
    the metric and subject of its own earlier figure."""
    text = ctx.text
    k = 0
    while k < len(figs):
        f = figs[k]
        at = text.rfind("分别", f.head_lo, f.q.qualifier_start)
        if at < 0:
            k += 1
            continue
        run = [figs[k]]
        for g in figs[k + 1:]:
            if g.clause_lo != f.clause_lo or text[run[-1].q.qualifier_end:g.q.qualifier_start].strip() not in _JOINERS:
                break
            run.append(g)
        if len(run) >= 2:
            _distribute_run(ctx, figs[:k], run, at)
        k += len(run)


def _distribute_run(ctx: Context, earlier_figs: list[_Fig], run: list[_Fig], at: int) -> None:
    f = run[0]
    if _percent_like(f.q) and _rates_of_things(ctx, run, at):
        return
    items, prefix = _list_items(ctx, f.clause_lo, at, len(run))
    rates = _percent_like(f.q)
    pairs = _words(ctx.vocab, "money") if rates else _words(ctx.vocab, f.q.kind)
    if len(items) == len(run):
        if rates and not any(_pick(i, pairs) for i in items):
            if _changes_of_things(ctx, earlier_figs, run, items, prefix):
                return
        else:
            _things_or_metrics(ctx, run, items, pairs)
            return
    if all(_percent_like(g.q) for g in run):
        earlier = [g for g in earlier_figs if not _percent_like(g.q)]
        own = ctx.text[f.head_lo:f.q.qualifier_start]
        if len(earlier) >= len(run) and not _pick(own, _words(ctx.vocab, "*")):
            for g, src in zip(run, earlier[-len(run):]):
                g.metric, g.phrase, g.subject_from = src.metric, src.phrase, src


def _rates_of_things(ctx: Context, run: list[_Fig], at: int) -> bool:
    """A rate named right before 分别 is what every figure after it is, and the list before the
    rate names their subjects (最终消费支出、资本形成总额……对经济增长的贡献率分别是52%、16.8%……)."""
    f = run[0]
    pre = ctx.text[f.clause_lo:at].rstrip(" 的均")
    rates = [(w, m) for w, m in _words(ctx.vocab, "rate") if len(w) >= 2]
    hit = _last(pre, _rate_words(ctx.vocab))
    if not hit or hit[0] + len(hit[1]) != len(pre):
        return False
    m = next(m for w, m in rates if w == hit[1])
    for g in run:
        g.metric, g.phrase = m.metric, hit[1]
        g.measure = "change" if g.q.unit == "pp" else "rate"
    things = re.sub(r"(?:对|在)[^、，,]*$", "", pre[:hit[0]]).rstrip("的")
    items, _ = _list_items(ctx, f.clause_lo, f.clause_lo + len(things), len(run))
    if len(items) == len(run):
        for g, item in zip(run, items):
            rest = _trim(item)
            g.forced_subject = rest if _good_subject(ctx, rest) else ""
    return True


def _changes_of_things(ctx: Context, earlier_figs, run, items, prefix) -> bool:
    """A list of things whose changes are given: what changes is named before the list (对非洲出口
    船舶、工程机械……分别增长), or by the figure or sentence before (汽车、船舶分别增长54%、54.8%)."""
    base = _pick(prefix, _words(ctx.vocab, "*"))
    prev = [g for g in (ctx.prev_sentence or {}).get("figs", []) if g.metric not in GENERIC_METRICS]
    metric = base[2].metric if base else (earlier_figs[-1].metric if earlier_figs else
                                           (prev[-1].metric if prev else ""))
    if not metric:
        return False
    for g, item in zip(run, items):
        g.metric, g.phrase = metric, base[1] if base else ""
        rest = _trim(item)
        g.forced_subject = rest if _good_subject(ctx, rest) else ""
    return True


def _things_or_metrics(ctx: Context, run, items, pairs) -> None:
    """Each item names its figure's metric (社会消费品零售总额、固定资产投资), or its subject when
    the list shares one metric at its end (学前教育、义务教育……经费总投入)."""
    tail = _pick(items[-1], pairs)
    shared = tail and tail[0] + len(tail[1]) == len(items[-1]) and not any(_pick(i, pairs) for i in items[:-1])
    for g, item in zip(run, items):
        hit = None if shared else _pick(item, pairs)
        if hit:
            g.metric, g.phrase = hit[2].metric, hit[1]
            rest = _trim(item[:hit[0]])
        else:
            rest = _trim(item[:tail[0]] if shared and item is items[-1] else item)
        g.forced_subject = rest if _good_subject(ctx, rest) else ""


def _list_items(ctx: Context, lo: int, hi: int, n: int) -> tuple[list[str], str]:
    """The items of the list (A、B、C和D) that ends at ``hi``, after any place or time before it,
    split so as to give ``n`` items where it can (on 、 alone first, then on 和/及/与 too), and
    the words before the first item that are not part of it (对非洲出口)."""
    cut = _cut_points(ctx, lo, hi)
    seg = ctx.text[cut:hi].strip(" ，,")
    for w in ("同比", "比上年", "较上年", "较去年", "比去年", "均"):
        if seg.endswith(w):
            seg = seg[: -len(w)]
    best: list[str] = []
    for rx in (r"、", r"、|和|及|与|以及"):
        parts = [p.strip(" “”\"") for p in re.split(rx, seg)]
        parts = [p for p in parts if p]
        if len(parts) == n:
            best = parts
            break
        best = best or (parts if len(parts) >= 2 else [])
    prefix = ""
    if best:
        first = best[0]
        tail = noun_tail(first)
        if tail and tail != first and first.endswith(tail):
            prefix, best[0] = first[: -len(tail)], tail
    return best, prefix


#: the function words :func:`_chunk` sets aside, longest first (a regex alternation tries them in order)
_LEAD_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(_LEAD, key=len, reverse=True))) + ")(?=.)", re.S)
_TAIL_RE = re.compile("(?<=.)(?:" + "|".join(map(re.escape, sorted(_TAIL, key=len, reverse=True))) + ")$", re.S)


def _chunk(s: str) -> str:
    """A noun phrase from a stretch of clause: leading and trailing function words set aside."""
    s = s.strip(" “”\"‘’「」《》()（）")
    changed = True
    while changed and s:
        changed = False
        m = _LEAD_RE.match(s)  # the longest leading word that leaves something
        if m:
            s, changed = s[m.end():], True
        m = _TAIL_RE.search(s)  # the longest trailing word that leaves something
        if m:
            s, changed = s[: m.start()], True
        s = s.strip(" “”\"‘’「」《》、，")
    if s in _LEAD or s in _TAIL:
        return ""
    return s


def _cut_points(ctx: Context, lo: int, hi: int) -> int:
    """Where a subject may start in [lo, hi): after the last place, national word or time."""
    cut = lo
    for _, e, _ in _places_in(ctx, lo, hi):
        if e <= hi:
            cut = max(cut, e)
    for d in ctx.dates:
        if lo <= d.start and d.end <= hi:
            cut = max(cut, d.end)
    return cut


_ANAPHOR = re.compile(r"^(?:该|这一?|此|其|上述)(?:个|家|批)?(?:项目|企业|公司|园区|基地|集团|产品|工程|平台|产业)")


def _subject(ctx: Context, f: _Fig, before: list[_Fig], sent_lo: int) -> str:
    """The thing a figure measures (see the module docstring), in order of trust."""
    if f.forced_subject:
        return f.forced_subject
    if f.subject_from is not None:
        return f.subject_from.subject
    own = _own_subject(ctx, f)
    if own is not None:
        return own
    if before:
        return before[-1].subject
    text = ctx.text
    for m in reversed(_mentions_in(ctx, sent_lo, f.clause_lo)):
        if m.type == "org" and getattr(m, "source", "") != "anchor" and m.start not in ctx.sources \
                and not _is_source(ctx, clause_start(text, m.start, sent_lo), clause_end(text, m.end, f.clause_lo)):
            return m.canonical
    opener = text[f.clause_lo:f.q.qualifier_start]
    if f.clause_lo == sent_lo and opener.startswith("其中") and ctx.prev_sentence and ctx.prev_sentence["figs"]:
        return ctx.prev_sentence["figs"][-1].subject
    return _topic(ctx, sent_lo, f.clause_lo)


def _own_subject(ctx: Context, f: _Fig) -> str | None:
    """The subject the figure's own clause names, or None."""
    text, q = ctx.text, f.q
    source = _is_source(ctx, f.clause_lo, f.clause_hi)
    # an organisation, project, park or programme named in the clause before the figure
    for m in reversed(_mentions_in(ctx, f.clause_lo, q.qualifier_start)):
        if m.type in ("org", "programme") and not source and getattr(m, "source", "") != "anchor" \
                and m.start not in ctx.sources:
            return m.canonical
    lo = _cut_points(ctx, f.head_lo, q.qualifier_start)
    if _ANAPHOR.match(text[lo:q.qualifier_start].lstrip("，, ")):
        h = f.hint
        if h and h[1] in ("org", "programme"):
            return h[0]
        if ctx.prev_sentence and ctx.prev_sentence.get("subject"):
            return ctx.prev_sentence["subject"]
    cand = _before_cue(_phrase_subject(ctx, f, lo))
    if not _good_subject(ctx, cand) and f.after_subject and _good_subject(ctx, f.after_subject):
        cand = f.after_subject
    return cand if _good_subject(ctx, cand) else None


def _phrase_subject(ctx: Context, f: _Fig, lo: int) -> str:
    """The noun phrase before the metric word (民营企业进出口), or after it (出口装备制造业产品),
    or the one after the figure (两万亩特色产业园)."""
    text, q, hs = ctx.text, f.q, f.head_lo
    head = text[hs:q.qualifier_start]
    phrase_at = head.rfind(f.phrase) if f.phrase else -1
    if head.rstrip().endswith("的") and phrase_at < 0:
        # 国际领先的8英寸: what comes before 的 qualifies the figure, it is not measured
        return f.after_subject
    if phrase_at < 0:
        return f.after_subject or _trim(text[lo:q.qualifier_start])
    lo = _cut_points(ctx, hs, hs + phrase_at)
    cand = _trim(text[lo:hs + phrase_at])
    if q.kind == "count":
        # 本地配套企业, 东部产业转移企业: the firms counted, with what they are
        counted = _trim(text[lo:hs + phrase_at + len(f.phrase)])
        if counted != f.phrase and _good_subject(ctx, counted):
            cand = counted
    if not _good_subject(ctx, cand):
        cand = _trim(text[max(lo, hs + phrase_at + len(f.phrase)):q.qualifier_start])
    return cand


def _before_cue(cand: str) -> str:
    for w in sorted(_GROWTH + _SHARE, key=len, reverse=True):
        i = cand.find(w)
        if i > 0:
            return _chunk(cand[:i])
    return cand


def _trim(s: str) -> str:
    """A subject from the words before a metric: function words and verbs set aside."""
    s = _chunk(s)
    if not s:
        return ""
    tail = noun_tail(s)
    return _chunk(tail) if tail else ""


def _topic(ctx: Context, sent_lo: int, hi: int) -> str:
    """The object of a sentence's first clause when a place opens it (城口培育老鹰茶产业，……
    实现年销售额1.2亿元 -> 老鹰茶产业): what the place's figures in the sentence are about."""
    if hi <= sent_lo:
        return ""
    ce = clause_end(ctx.text, sent_lo, hi)
    places = _places_in(ctx, sent_lo, ce)
    if not places or ctx.text[sent_lo:places[0][0]].strip(" “”\"") not in _OPENERS:
        return ""
    cand = _trim(ctx.text[places[0][1]:ce])
    return cand if _good_subject(ctx, cand) else ""


def _good_subject(ctx: Context, s: str) -> bool:
    if not s or len(s) < 2 or len(s) > 16 or s in _GENERIC_SUBJECTS:
        return False
    if not re.search("[" + HAN + "A-Za-z]", s) or re.search(r"\d", s):
        return False
    if any(s == m.name for m in ctx.mentions if m.type == "place"):
        return False
    if _NATIONAL.fullmatch(s) or not _has_noun(s):
        return False
    return s not in _word_set(ctx.vocab, "*")


def _list_places(ctx: Context, lo: int, hi: int) -> list[tuple[str, str]]:
    """The places of a list (A、B、C和D) that ends right before a 分别 clause part."""
    ps = _places_in(ctx, lo, hi)
    if len(ps) < 2:
        return []
    run = [ps[-1]]
    for p in reversed(ps[:-1]):
        gap = ctx.text[p[1]:run[0][0]]
        if gap in ("、", "和", "及", "与", "以及", "，", ","):
            run.insert(0, p)
        else:
            break
    return [p for _, _, p in run] if len(run) >= 2 else []


def _places(ctx: Context, figs: list[_Fig], lo: int, hi: int, sent: dict) -> None:
    text = ctx.text
    national_in_sentence = bool(_NATIONAL.search(text, lo, hi))
    _distribute_places(ctx, figs, lo)
    sentence_place = None
    for f in figs:
        if f.place[0]:
            continue
        own = [] if _is_source(ctx, f.clause_lo, f.clause_hi) else \
            [p for p in _places_in(ctx, f.clause_lo, f.q.qualifier_start) if not _is_base(ctx.text, f.clause_lo, p[0])]
        if own:
            f.place = _opening(ctx, own, f.clause_lo) or own[-1][2]
            continue
        if sentence_place is None:
            sentence_place = _sentence_place(ctx, lo, f.clause_lo) or ("", "")
        f.place = sentence_place if sentence_place[0] else _carried_place(ctx, f, sent, national_in_sentence)
    for f in figs:
        if f.place[0]:
            ctx.para_place[int(sent["para_id"])] = f.place
    # a place named in a sentence without figures still becomes the paragraph's
    if not figs:
        ps = [p for s, e, p in _places_in(ctx, lo, hi)]
        if ps:
            ctx.para_place[int(sent["para_id"])] = ps[0]


_BASE_CUES = ("占", "高于", "高出", "低于", "快于", "慢于", "超过全", "比", "较", "相比", "居", "领先")


def _is_base(text: str, clause_lo: int, pos: int) -> bool:
    """Whether a place stands after a share or comparison word of its clause (占全国的21.5%,
    高于全国增速): the whole or the yardstick, not the scope."""
    lead = text[clause_lo:pos]
    return any(c in lead for c in _BASE_CUES) and not lead.rstrip().endswith(("对", "在", "从"))


def _sentence_place(ctx: Context, lo: int, hi: int) -> tuple[str, str] | None:
    """The place of the sentence's earlier clauses, the one opening a clause first."""
    text = ctx.text
    pos = lo
    found = []
    while pos < hi:
        ce = clause_end(text, pos, hi)
        if not _is_source(ctx, pos, ce):
            here = _places_in(ctx, pos, ce)
            opening = _opening(ctx, here, pos)
            if opening:
                return opening
            found.extend(p for s, e, p in here)
        pos = ce + 1
    return found[0] if found else None


def _distribute_places(ctx: Context, figs: list[_Fig], lo: int) -> None:
    """分别: a list of places distributed over the figures after it, in order (对东盟、欧盟、非洲
    出口分别增长16.9%、13.7%、35.3%)."""
    for k, f in enumerate(figs):
        i = ctx.text.find("分别", f.clause_lo, f.q.qualifier_start)
        if i < 0:
            continue
        run = [g for g in figs[k:] if g.clause_lo == f.clause_lo and not g.place[0]]
        listed = _list_places(ctx, max(lo, f.clause_lo - 60), i)
        if len(listed) == len(run) >= 2:
            for g, p in zip(run, listed):
                g.place = p


def _carried_place(ctx: Context, f: _Fig, sent: dict, national: bool) -> tuple[str, str]:
    """A figure's place when its sentence names none before it: 中国 for a national sentence,
    else the figures stage's attribution, the paragraph's, the section heading's, the document's."""
    if national:
        return "中国", ctx.codes.get("中国", "CHN")
    h = f.hint
    if h and h[1] == "place":
        return h[0], ctx.codes.get(h[0], "")
    return (ctx.para_place.get(int(sent["para_id"])) or ctx.heading_place.get(sent.get("section") or "")
            or ctx.scope)


def _opening(ctx: Context, places: list, clause_lo: int) -> tuple[str, str] | None:
    """The place that opens its clause (巫溪引进烟台……: 巫溪), if one does."""
    for s, _, p in places:
        if ctx.text[clause_lo:s].strip(" “”\"") in _OPENERS:
            return p
    return None


_CUMULATIVE = re.compile(r"累计|截至|截止|以来|迄今|至今|已经|已有|已")
_FORECAST = re.compile(r"预计|力争|计划|目标|将(?![近其之])|有望|预期|预测|到20\d\d年|至20\d\d年")


def _comparison(text: str, d) -> bool:
    """Whether a date is the base of a comparison (比上年, 较去年同期, 比“十三五”末), not a period."""
    before = text[max(0, d.start - 3):d.start].rstrip("“\"")
    after = text[d.end:d.end + 3]
    return (before.endswith(("比", "较", "与", "同", "相比", "比起", "对比"))
            or after.startswith(("同期", "相比", "末", "四季度")))


def _period(ctx: Context, f: _Fig, dates: list, lo: int, hi: int) -> tuple[str, str]:
    text, q = ctx.text, f.q
    dates = [d for d in dates if not _comparison(text, d)]
    before = [d for d in dates if d.end <= q.qualifier_start]
    # a yearly word governs its own clause only
    before = [d for d in before if d.period != "annual" or d.start >= f.clause_lo]
    period = ""
    since = None
    for d in before:
        if re.search(r"(?:自从|自|从)\s*[" + HAN + r"]{0,4}$", text[max(lo, d.start - 8):d.start]) \
                and "以来" in text[d.end:q.qualifier_start]:
            since = d
    if since is not None:
        period = f"{since.period}/to-date"
    elif before:
        period = before[-1].period
    else:
        after = [d for d in dates if d.start >= q.qualifier_end and d.end <= f.clause_hi]
        period = after[0].period if after else ""
    key = (f.para_id, f.place[0])
    if period:
        if period[:1].isdigit() and "to-date" not in period:  # a named period, not 目前 or 每年
            ctx.section_period[key] = period
    elif key not in ctx.section_period and ctx.lead_period and f.para_id > 0:
        period = ctx.lead_period  # the headline's period (前5个月我国货物贸易……) for the whole item
    elif key in ctx.section_period:
        # 前5个月，我国……。从经营主体来看，民营企业进出口……: the period named before for the same place
        period = ctx.section_period[key]
    return _period_kind(ctx, f, period, text[f.clause_lo:q.qualifier_start], text[lo:q.qualifier_start])


def _period_kind(ctx: Context, f: _Fig, period: str, clause: str, sentence_lead: str) -> tuple[str, str]:
    """The period as written in the table and its kind, from the governing words of the clause."""
    quals = str(f.q.qualifier or "")
    if period == "annual":
        return "", "per_year"
    later = bool(period) and period[:4].isdigit() and ctx.year is not None and int(period[:4]) > ctx.year
    if "forecast" in quals or _FORECAST.search(clause) or (_FORECAST.search(sentence_lead) and later):
        return period, "forecast"
    if "to-date" in period or _CUMULATIVE.search(clause):
        return period or "to-date", "cumulative"
    if period == "recent":
        return "recent", ""
    return period, ("point" if period else "")
