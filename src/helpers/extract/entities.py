"""Places, organisations and programmes in a text: mentions, entity tables, co-occurrence, figure links.

Mentions come from three sources, in this order of trust:

1. the gazetteer (:mod:`helpers.extract.gazetteer`): longest match, non-overlapping, left to
   right, over every surface form, on a copy of the text with look-alike characters folded one
   for one (:func:`fold_lookalikes`: full-width and ASCII parentheses, quotes, dashes and digits
   compare equal, so offsets are unchanged);
2. organisation name patterns: a name ending in 公司, 集团, 大学, 学院, 研究院, 研究所, 委员会, 委,
   局 ... whose prefix is read backwards up to a boundary (punctuation, a function word such as
   的/在/与, a verb such as 携手/引进/落户) and must keep at least two characters once generic
   words are set aside (so 该公司, 多家公司, 上市公司, 产业布局 are not names; 委 and 局 need a
   government prefix such as 市/省/国家 or a place name);
3. jieba's POS tags (``nt``, ``nz``, ``ns``) in a tokens table, for names the first two missed,
   accepted only with a name-like ending (see :func:`extract_entities`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.chars import is_cjk
from helpers.extract import gazetteer
from helpers.extract.units import yuan_text
from helpers.store import schemas

# ----------------------------------------------------------------------------- normalisation

_NORM_PAIRS = {
    "(": "（", ")": "）", "“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": "'", "’": "'", "–": "-", "—": "-", "－": "-", "‑": "-", "~": "-", "～": "-",
    "〈": "《", "〉": "》",
}
_NORM_PAIRS.update({chr(0xFF10 + i): str(i) for i in range(10)})
_NORM_PAIRS.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_NORM_PAIRS.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_NORM = str.maketrans(_NORM_PAIRS)
_QUOTES = "\"'"


def fold_lookalikes(text: str) -> str:
    """The text with look-alike characters unified, one character for one (offsets unchanged).

    >>> fold_lookalikes("西部(重庆)科学城")
    '西部（重庆）科学城'
    """
    return text.translate(_NORM)


# ----------------------------------------------------------------------------- the mention

@dataclass(frozen=True)
class Mention:
    """One mention: ``text[start:end] == name``; ``canonical`` merges aliases.

    ``subtype`` and ``source`` (``gazetteer``, ``pattern`` or ``pos``) are extra, with defaults.
    """

    start: int
    end: int
    name: str
    canonical: str
    type: str
    division_code: str = ""
    subtype: str = ""
    source: str = "gazetteer"


# ----------------------------------------------------------------------------- the matcher

@dataclass(frozen=True)
class _Entry:
    canonical: str
    type: str
    subtype: str
    division_code: str
    guarded: bool


class _Matcher:
    """Longest-match dictionary lookup: surfaces indexed by first character and length."""

    def __init__(self, table: pd.DataFrame, guarded: pd.DataFrame):
        self.entries: dict[str, _Entry] = {}
        for df, g in ((table, False), (guarded, True)):
            for r in df.itertuples(index=False):
                key = fold_lookalikes(r.surface)
                if key not in self.entries:
                    self.entries[key] = _Entry(r.canonical, r.type, r.subtype, r.division_code, g)
        lengths: dict[str, set[int]] = {}
        for key in self.entries:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def scan(self, text: str) -> list[Mention]:
        norm = fold_lookalikes(text)
        out: list[Mention] = []
        i, n = 0, len(norm)
        while i < n:
            hit = None
            for length in self.lengths.get(norm[i], ()):
                if i + length > n:
                    continue
                entry = self.entries.get(norm[i:i + length])
                if entry is None:
                    continue
                if entry.guarded and not _guard_ok(norm, i, i + length):
                    continue
                hit = (length, entry)
                break
            if hit is None:
                i += 1
                continue
            length, entry = hit
            s, e = i, i + length
            while s < e and norm[s] in _QUOTES:
                s += 1
            while e > s and norm[e - 1] in _QUOTES:
                e -= 1
            out.append(Mention(s, e, text[s:e], entry.canonical, entry.type, entry.division_code, entry.subtype))
            i += length
        return out


# Characters around a guarded short form (江北, 南岸, 长寿, 石柱, 长安) that show it is a name.
_GUARD_BEFORE = set("在与和及同跟到至赴从向由对于是为将让给驻户等、以如即自")
_GUARD_AFTER = set("、和与及等的在是为将已也都有区县")


def _guard_ok(text: str, s: int, e: int) -> bool:
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    ok_before = not before or not is_cjk(before) or before in _GUARD_BEFORE
    ok_after = not after or not is_cjk(after) or after in _GUARD_AFTER
    return ok_before and ok_after


@functools.lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    rows, guard = gazetteer.national()
    return _Matcher(pd.concat([gazetteer.load(), rows], ignore_index=True),
                    pd.concat([gazetteer.guarded(), guard], ignore_index=True))


def clear_cache() -> None:
    """Forget the compiled gazetteer (after editing the lexicon files in a session)."""
    _matcher.cache_clear()
    _find_cached.cache_clear()
    gazetteer._read.cache_clear()


# ----------------------------------------------------------------------------- name patterns

_ORG_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|公司|集团|大学|学院|研究院|研究所|事务所|交易所|设计院|委员会|管委会|委|局)"
)
_LEGAL_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
_BOUNDARY = set("的了在与和及是由为被向对同跟将把从等即其该这那各多个家所位名于以并而或也都又还就已让给")
_VERBS = (
    "携手", "签约", "签署", "引进", "引入", "联合", "落户", "投资", "承接", "推动", "通过", "依托", "带动",
    "联手", "牵手", "入驻", "支持", "成立", "组建", "设立", "来自", "包括", "其中", "以及", "例如", "比如",
    "作为", "当地", "本地", "旗下", "协助", "发布", "宣布", "表示", "介绍", "认为", "指出", "相关",
    "我们", "他们", "看到", "来到", "走进", "记者", "位于", "获悉", "了解", "参观", "考察", "调研", "走访",
)
# Prefixes (after the legal form is set aside) that describe a kind of organisation, not one.
_GENERIC = {
    "上市", "子", "分", "母", "总", "控股", "科技", "投资", "龙头", "头部", "合资", "外资", "平台", "国有",
    "民营", "新", "大型", "中小", "一家", "这家", "多家", "有关", "相关", "本", "该", "贸易", "物流",
    "建设", "发展", "管理", "服务", "股份", "实业", "企业", "公司", "集团", "大学", "高校", "一流",
    "知名", "重点", "研究型", "高水平", "国内", "国外", "海外", "合作", "职业", "技术", "商", "医",
    "工", "理", "文", "法", "各", "全", "部分", "主管", "行业", "产业", "区县", "市级", "省级",
}
_GOV_START = ("市", "省", "区", "县", "国家", "国务院", "中央", "自治区", "中共")
_JU_BAD_BEFORE = set("布格结开当大全时残赌饭骗困僵变终胜战出入分邮")
_WEI_BAD_AFTER = set("托员屈婉派任实身")
_MAX_PREFIX = 14


def _org_patterns(text: str, known: list[Mention]) -> list[Mention]:
    """Organisation names found by their ending; see the module docstring for the prefix rule.

    Gazetteer mentions (``known``) are atomic while the prefix is read: a place or organisation
    that ends where the prefix starts is taken whole (华为 + 重庆研究院), whatever its characters.
    """
    norm = fold_lookalikes(text)
    place_starts = {m.start for m in known if m.type == "place"}
    known_by_end = {m.end: m for m in known if m.type in ("place", "org")}
    out: list[Mention] = []
    last_end = 0
    for m in _ORG_SUFFIX.finditer(norm):
        suffix = m.group()
        s_suf, end = m.start(), m.end()
        if s_suf < last_end:
            continue
        if suffix == "委" and end < len(norm) and norm[end] in _WEI_BAD_AFTER:
            continue
        tail = _LEGAL_TAIL.match(norm, end)
        if tail and suffix in ("集团", "公司"):
            end = tail.end()
        p = _prefix_start(norm, s_suf, known_by_end, last_end)
        if not _is_org_name(norm[p:s_suf], suffix, p in place_starts):
            continue
        out.append(Mention(p, end, text[p:end], text[p:end], "org", "", "pattern", "pattern"))
        last_end = end
    return out


def _prefix_start(norm: str, s_suf: int, known_by_end: dict[int, Mention], last_end: int) -> int:
    """Where the name before the suffix at ``s_suf`` starts, read backwards: whole known places
    and organisations (an organisation ends the reading), Han characters or Latin letters, up
    to a boundary character, a verb, ``_MAX_PREFIX`` characters or the previous name's end."""
    p = s_suf
    while p > 0 and s_suf - p < _MAX_PREFIX:
        k = known_by_end.get(p)
        if k is not None and k.start >= last_end:
            p = k.start
            if k.type == "org":
                break
            continue
        ch = norm[p - 1]
        if not (is_cjk(ch) or (ch.isascii() and ch.isalpha())) or ch in _BOUNDARY:
            break
        if norm[p - 2:p] in _VERBS:
            break
        p -= 1
    return p


def _is_org_name(prefix: str, suffix: str, at_place: bool) -> bool:
    """Whether ``prefix`` + ``suffix`` names one organisation: two characters at least once the
    legal-form words are set aside and not a generic word (该公司, 上市公司); 委/局/委员会 need a
    government prefix or a place (``at_place``), and 局 not a word's end (布局, 格局)."""
    core = prefix
    for word in ("股份", "有限", "控股", "科技", "实业", "集团"):
        if core.endswith(word) and len(core) > len(word):
            core = core[: -len(word)]
    if len(prefix) < 2 or core in _GENERIC or prefix in _GENERIC or len(core) < 2:
        return False
    if suffix in ("委", "局", "委员会"):
        if not (prefix.startswith(_GOV_START) or at_place):
            return False
        if suffix == "局" and prefix[-1] in _JU_BAD_BEFORE:
            return False
    return True


def _merge(gaz: list[Mention], pats: list[Mention]) -> list[Mention]:
    """Gazetteer mentions, with pattern names that only extend them (重庆 + …有限公司) taking over."""
    if not pats:
        return gaz
    starts = [m.start for m in gaz]
    drop: set[int] = set()
    keep: list[Mention] = []
    for p in pats:
        lo = bisect.bisect_left(starts, p.start - 40)
        inside, crossing = [], False
        for k in range(lo, len(gaz)):
            g = gaz[k]
            if g.start >= p.end:
                break
            if g.end <= p.start:
                continue
            if g.start >= p.start and g.end <= p.end and (g.start, g.end) != (p.start, p.end):
                inside.append(k)
            else:
                crossing = True
                break
        if crossing:
            continue
        orgs = [k for k in inside if gaz[k].type != "place"]
        if any(gaz[k].start != p.start for k in orgs):
            continue  # a known organisation or programme in the middle: not one new name
        canonical = p.canonical
        if orgs:
            # 华为公司, 比亚迪股份有限公司: the known one; 华为重庆研究院: a name of its own
            rest = fold_lookalikes(p.name)[gaz[orgs[0]].end - p.start:]
            if re.fullmatch(r"(?:集团|公司)?(?:股份有限公司|有限责任公司|有限公司)?", rest):
                canonical = gaz[orgs[0]].canonical
        drop.update(inside)
        keep.append(Mention(p.start, p.end, p.name, canonical, "org", "", "pattern", "pattern"))
    out = [g for k, g in enumerate(gaz) if k not in drop] + keep
    return sorted(out, key=lambda m: m.start)


#: endings of a named park, zone or facility (中国畜牧科技城, 西部国际物流园).
_FACILITY_END = re.compile(r"(?:科技城|科学城|产业园|工业园|物流园|园区|基地|中心|新区|示范区|开发区|港|城|园)")
#: place levels that, prefixed to a facility's name, are a title, not where it is (中国畜牧科技城
#: lies in 荣昌); a city or district prefix says where the facility is (合川高新区) and stays.
_TITLE_LEVELS = ("country", "province")


def _title_prefixes(norm: str, gaz: list[Mention]) -> set[int]:
    """Indexes of country/province mentions that open a longer proper name ending in a facility
    word, with at least two name characters between (中国 in 中国畜牧科技城, 四川 in 四川天府新区)."""
    starts = {m.start for m in gaz}
    out = set()
    for k, m in enumerate(gaz):
        if m.type != "place" or m.subtype not in _TITLE_LEVELS:
            continue
        e = m.end
        while e < len(norm) and e - m.end < 8 and is_cjk(norm[e]) and norm[e] not in _BOUNDARY \
                and e not in starts:
            e += 1
        run = norm[m.end:e]
        for f in _FACILITY_END.finditer(run):
            if f.start() >= 2:
                out.add(k)
                break
    return out


def find_mentions(text: str, patterns: bool = True) -> list[Mention]:
    """Places, organisations and programmes in ``text``, left to right, non-overlapping.

    Gazetteer surfaces are matched longest first (九龙坡区 before 九龙坡, 中欧班列（成渝） before
    成渝); organisation names ending in 公司, 集团, 大学 ... are added when ``patterns``.

    >>> [(m.name, m.canonical, m.division_code) for m in find_mentions("璧山区和我市")]
    [('璧山区', '璧山区', '500120'), ('我市', '重庆', '500000')]
    >>> [m.canonical for m in find_mentions("与长安、赛力斯等本地车企")]
    ['长安汽车', '赛力斯']
    """
    if not text:
        return []
    return list(_find_cached(text, patterns, _matcher()))


@functools.lru_cache(maxsize=64)
def _find_cached(text: str, patterns: bool, matcher: _Matcher) -> tuple[Mention, ...]:
    # a document's mentions are asked for by the figures stage and again by the entities stage
    # (and a speaker's name many times); Mention is frozen, so the objects can be shared. The
    # matcher is part of the key: a rebuilt gazetteer never answers from the old one.
    return tuple(_find(text, patterns, matcher))


def _find(text: str, patterns: bool, matcher: _Matcher) -> list[Mention]:
    gaz = matcher.scan(text)
    titles = _title_prefixes(fold_lookalikes(text), gaz)
    if titles:
        gaz = [m for k, m in enumerate(gaz) if k not in titles]
    if not patterns:
        return gaz
    return _merge(gaz, _org_patterns(text, gaz))


# ----------------------------------------------------------------------------- POS candidates

_PLACE_END = set("省市县区州镇乡村岛湾港")
_GENERIC_PLACE = {"新区", "城区", "市区", "山区", "库区", "园区", "社区", "地区", "郊区", "景区", "片区", "辖区",
                  "省市", "城市", "县城", "乡村", "农村", "港湾", "海港", "全市", "全省", "全区", "全县", "本市"}
_PROGRAMME_END = ("计划", "工程", "战略", "通道", "倡议", "行动", "规划", "方案")


def _pos_type(token: str, pos: str) -> str | None:
    """The entity type of a jieba-tagged token not in the gazetteer, or None to drop it."""
    if len(token) < 2 or not all(is_cjk(c) or c.isalnum() for c in token) or token.isdigit():
        return None
    if _ORG_SUFFIX.search(token) and _ORG_SUFFIX.search(token).end() == len(token):
        core = token[: _ORG_SUFFIX.search(token).start()]
        return "org" if len(core) >= 2 and core not in _GENERIC else None
    if pos == "ns":
        if token[-1] in _PLACE_END and len(token) >= 3 and token not in _GENERIC_PLACE:
            return "place"
        return None
    if pos in ("nz", "nt") and token.endswith(_PROGRAMME_END) and len(token) >= 4:
        return "programme"
    if pos == "nt" and len(token) >= 4:
        return "org"
    return None


def _pos_mentions(tokens: pd.DataFrame, taken: list[tuple[int, int]]) -> list[Mention]:
    if tokens is None or not len(tokens) or "pos" not in tokens.columns:
        return []
    cand = tokens[tokens["pos"].isin(["nt", "nz", "ns"])]
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    out = []
    for start, end, token, pos in zip(cand["start"].tolist(), cand["end"].tolist(),
                                      cand["token"].tolist(), cand["pos"].tolist()):
        s, e = int(start), int(end)
        k = bisect.bisect_right(starts, e) - 1
        overlaps = False
        while k >= 0 and spans[k][1] > s - 60:
            if spans[k][0] < e and spans[k][1] > s:
                overlaps = True
                break
            k -= 1
        if overlaps:
            continue
        kind = _pos_type(str(token), str(pos))
        if kind:
            out.append(Mention(s, e, str(token), str(token), kind, "", "", "pos"))
    return out


# ----------------------------------------------------------------------------- tables

def document_mentions(document: dict, tokens: pd.DataFrame | None = None) -> list[Mention]:
    """Every mention in a document's clean text (gazetteer, patterns, and POS tags if tokens)."""
    text = document.get("text") or ""
    mentions = find_mentions(text)
    if tokens is not None and len(tokens):
        mentions = sorted(mentions + _pos_mentions(tokens, [(m.start, m.end) for m in mentions]),
                          key=lambda m: m.start)
    return mentions


def entities_table(doc_id: str, mentions: list[Mention]) -> pd.DataFrame:
    """One row per canonical entity: the first written form, mentions, first offset."""
    rows: dict[str, dict] = {}
    for m in mentions:
        r = rows.get(m.canonical)
        if r is None:
            rows[m.canonical] = {
                "doc_id": doc_id, "name": m.name, "canonical": m.canonical, "type": m.type,
                "division_code": m.division_code, "mentions": 1, "first_start": m.start,
            }
        else:
            r["mentions"] += 1
    return schemas.records("entities", sorted(rows.values(), key=lambda r: r["first_start"]))


def cooccurrence_table(doc_id: str, mentions: list[Mention], sentences: pd.DataFrame) -> pd.DataFrame:
    """Pairs of places and organisations named in one sentence; weight = number of sentences."""
    if sentences is None or not len(sentences):
        return schemas.empty("cooccurrence")
    bounds = sorted(zip(sentences["start"].tolist(), sentences["end"].tolist()), key=lambda se: se[0])
    s_starts = [int(a) for a, _ in bounds]
    s_ends = [int(b) for _, b in bounds]
    per_sentence: dict[int, set[str]] = {}
    for m in mentions:
        if m.type not in ("place", "org"):
            continue
        k = bisect.bisect_right(s_starts, m.start) - 1
        if k >= 0 and m.start < s_ends[k]:
            per_sentence.setdefault(k, set()).add(m.canonical)
    weights: dict[tuple[str, str], int] = {}
    for names in per_sentence.values():
        ordered = sorted(names)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    if not weights:
        return schemas.empty("cooccurrence")
    ordered = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))  # weight down, then a, b
    return schemas.records("cooccurrence", [{"doc_id": doc_id, "a": a, "b": b, "weight": w} for (a, b), w in ordered])


def extract_entities(document: dict, sentences: pd.DataFrame,
                     tokens: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entities and co-occurrence tables of one document.

    Parameters
    ----------
    document : dict
        A clean document with ``doc_id`` and ``text`` (offsets index this text).
    sentences : DataFrame
        The document's sentences (``start``, ``end`` into the text).
    tokens : DataFrame, optional
        The document's tokens with jieba POS tags; names tagged ``nt``/``nz``/``ns`` that the
        gazetteer and the patterns missed are added when they look like names: a place ending
        in 省/市/县/区/镇/港 ... (three characters at least, not a generic 新区/山区), an
        organisation ending in 公司/集团/大学 ... or an ``nt`` of four characters or more, a
        programme ending in 计划/工程/战略/通道 ...

    Returns
    -------
    (entities, cooccurrence) : tuple of DataFrame
        ``entities`` has the columns of ``schemas.TABLES['entities']``, one row per canonical
        entity in order of first mention (``name`` is the first written form: 璧山 and 璧山区
        are one row). ``cooccurrence`` pairs canonical names of places and organisations in the
        same sentence, ``a < b``, ``weight`` = number of sentences.
    """
    doc_id = str(document.get("doc_id", ""))
    mentions = document_mentions(document, tokens)
    return entities_table(doc_id, mentions), cooccurrence_table(doc_id, mentions, sentences)


# ----------------------------------------------------------------------------- figures

_LINK_COLUMNS = [
    "doc_id", "name", "canonical", "type", "division_code", "mentions", "figures", "money_figures",
    "money_cny", "money_by_metric", "metrics", "note",
]


def link_figures(entities: pd.DataFrame, figures) -> pd.DataFrame:
    """Each entity with the figures attributed to it: its subject when that is the entity's
    canonical name, else its place. ``figures``: the figures table, or its frames one after another
    (a corpus's, read a chunk of documents at a time).

    Columns: the entity's doc_id, name, canonical, type, division_code, mentions, then
    ``figures`` (count), ``money_figures``, ``money_cny`` (sum of money figures in yuan),
    ``money_by_metric`` (e.g. ``投资 1475亿元; 产值 50亿元``), ``metrics`` and ``note``: the
    note warns when the money total adds up figures that may overlap (several metrics, periods
    or a cumulative and a yearly figure; forecasts; a region whose districts have figures of their
    own). Entities without figures are kept with zeros; sorted by money then figures.
    """
    if entities is None or not len(entities):
        return pd.DataFrame(columns=_LINK_COLUMNS)
    ents = entities
    frames = [schemas.empty("figures") if figures is None else figures] if (
        figures is None or isinstance(figures, pd.DataFrame)) else figures
    # one pass over the figures in plain Python, a slice at a time (a corpus has millions): per
    # (doc_id, subject), the count, the metrics, the money figures and the yuan ones
    groups: dict[tuple, dict] = {}
    known = set(zip(ents["doc_id"].tolist(), ents["canonical"].tolist()))
    names = ("doc_id", "subject", "kind", "unit", "value", "metric", "period", "qualifier")
    for figs in frames:
        for i in range(0, len(figs), _SLICE):
            cols = [figs[c].iloc[i:i + _SLICE].tolist() for c in names]
            places = figs["place"].iloc[i:i + _SLICE].tolist() if "place" in figs.columns else [None] * len(cols[0])
            # a figure belongs to its subject when the subject is one of the document's entities
            # (珠海冠宇), else to its place (璧山区's 20多家 配套企业)
            cols[1] = [s if (d, s) in known else p for d, s, p in zip(cols[0], cols[1], places)]
            groups = _add_figures(groups, zip(*cols))
    covers = {k: v["covers"] for k, v in gazetteer.by_canonical().items()}
    return _link_rows(ents, groups, covers)


_SLICE = 200_000  # figure rows turned into Python objects at a time by link_figures


def _add_figures(groups: dict, rows) -> dict:
    for doc_id, subject, kind, unit, value, metric, period, qualifier in rows:
        if _missing(subject) or subject == "":
            continue
        g = groups.get((doc_id, subject))
        if g is None:
            g = groups[(doc_id, subject)] = {"n": 0, "metrics": set(), "money": 0, "cny": []}
        g["n"] += 1
        m = "" if _missing(metric) else str(metric)
        if m:
            g["metrics"].add(m)
        if kind == "money":
            g["money"] += 1
            if unit == "CNY":
                g["cny"].append((m, value, "" if _missing(period) else str(period),
                                 "" if _missing(qualifier) else str(qualifier)))
    return groups


def _link_rows(ents: pd.DataFrame, groups: dict, covers: dict) -> pd.DataFrame:
    money_codes = _money_codes(ents, groups)
    out = {c: [] for c in _LINK_COLUMNS}  # column lists: a corpus has hundreds of thousands of entity rows
    for e in ents.itertuples(index=False):
        g = groups.get((e.doc_id, e.canonical))
        n = 0 if g is None else g["n"]
        total, by_metric, metrics, notes = _money_summary(g) if n else (0.0, "", "", [])
        region_covers = covers.get(e.canonical, "")
        if region_covers and n and set(region_covers.split(";")) & money_codes.get(e.doc_id, set()):
            notes.append("region: figures of its districts are listed separately and may overlap")
        for col, value in (("doc_id", e.doc_id), ("name", e.name), ("canonical", e.canonical), ("type", e.type),
                           ("division_code", e.division_code), ("mentions", int(e.mentions)), ("figures", n),
                           ("money_figures", 0 if not n else len(g["cny"])), ("money_cny", total),
                           ("money_by_metric", by_metric), ("metrics", metrics), ("note", "; ".join(notes))):
            out[col].append(value)
    return _by_money(out)


def _money_codes(ents: pd.DataFrame, groups: dict) -> dict[str, set]:
    """Per document, the division codes of entities that have money figures of their own."""
    money_codes: dict[str, set] = {}
    for doc_id, canonical, code in zip(ents["doc_id"], ents["canonical"], ents["division_code"].fillna("")):
        g = groups.get((doc_id, canonical))
        if g is not None and g["money"]:
            money_codes.setdefault(doc_id, set()).add(code)
    return money_codes


def _money_summary(g: dict) -> tuple[float, str, str, list[str]]:
    """An entity's yuan total, the total per metric, its metrics and the notes on what the total adds."""
    cny = g["cny"]
    total = float(np.nansum(np.array([v for _, v, _, _ in cny], dtype="float64"))) if cny else 0.0
    metrics = "; ".join(sorted(g["metrics"]))
    per: dict[str, list] = {}
    for m, v, _, _ in cny:
        per.setdefault(m, []).append(v)
    per_sum = {k: _kahan(per[k]) for k in sorted(per)}
    by_metric = "; ".join(f"{k or '?'} {yuan_text(v, digits=None)}" for k, v in per_sum.items())
    notes = []
    if len(per_sum) > 1:
        notes.append("money total adds different metrics (" + "、".join(k or "?" for k in per_sum) + ")")
    periods = {p for _, _, p, _ in cny if p}
    if len(cny) > 1 and len(periods) > 1:
        notes.append("figures for different periods")
    if len(cny) > 1 and any("forecast" in q for _, _, _, q in cny):
        notes.append("includes forecasts")
    if g["money"] > len(cny):
        notes.append(f"{g['money'] - len(cny)} money figures in other currencies not summed")
    return total, by_metric, metrics, notes


def _by_money(out: dict[str, list]) -> pd.DataFrame:
    """The link table from its column lists: most money first, then most figures, then most
    mentions; ties keep the entities' order."""
    money, nfig, ment = (np.asarray(out[c], dtype=float) for c in ("money_cny", "figures", "mentions"))
    order = np.lexsort((-ment, -nfig, -money))
    data = {}
    for col in _LINK_COLUMNS:
        values = out.pop(col)
        arr = np.asarray(values, dtype="int64" if col in ("mentions", "figures", "money_figures") else
                         "float64" if col == "money_cny" else object)
        data[col] = arr[order]
    return pd.DataFrame(data)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _kahan(values: list) -> float:
    """A sum with compensation, as pandas' grouped sum does it (NaN skipped)."""
    total = comp = 0.0
    for v in values:
        if _missing(v):
            continue
        y = float(v) - comp
        t = total + y
        comp = (t - total) - y
        total = t
    return total


def division_values(table: pd.DataFrame, value: str = "mentions") -> dict[str, float]:
    """``value`` summed per Chongqing county-level division code (the city's 500000 left out).

    Works on the entities table (``mentions``) and on :func:`link_figures` (``money_cny``).
    """
    codes = table["division_code"].fillna("").astype(str)
    t = table[codes.str.fullmatch(r"500[12]\d\d")]
    return {k: float(v) for k, v in t.groupby("division_code")[value].sum().items()}
