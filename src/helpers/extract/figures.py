"""Stage 03: every figure of a document with value, unit, kind, qualifier, subject, metric, period.

:func:`extract_figures` runs :func:`helpers.extract.quantities.find_quantities` and
:func:`helpers.extract.dates.find_dates` sentence by sentence (so a forecast word never reaches into the
next sentence) and attributes each figure:

The entity a figure is attributed to comes from :func:`helpers.extract.entities.find_mentions`. In
order: the subject of the figure's own clause (a mention that opens the clause), the subject of an
earlier clause of the sentence, the nearest mention before the figure in the sentence, the nearest
clause-opening mention earlier in the paragraph, any earlier mention in the paragraph. A mention
followed by 表示/介绍/负责人 is a speaker, never the entity; but the place it names (合川区相关负责人,
开州区区长) opens the speech, and 该区/全区/本区/我区 (县 likewise) resolve to the nearest preceding
district or county. Origins and destinations (a place after 从/自/来自/至/到/往/销往 ..., and the
places listed right after it) are used only when the sentence and paragraph name nothing else; a
place receiving a relocation (迁至梁平) is not one of them.

That entity is a hint to :func:`helpers.extract.meaning.describe`, which gives each figure its
``place``, ``subject``, ``metric`` (with ``metric_en``, ``measure`` and the raw ``metric_phrase``),
``period`` and ``period_kind``, and the ``comparable`` key (see that module).

``text``/``start``/``end`` include adjacent qualifier words (``超过1.2万人``) and index the
document's clean text.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from helpers.chars import HAN
from helpers.extract import divisions as china
from helpers.extract import meaning
from helpers.extract.dates import DateMention, find_dates, parse_doc_date
from helpers.extract.entities import Mention, find_mentions
from helpers.extract.quantities import quantities_by_sentence
from helpers.store import schemas

__all__ = ["extract_dates", "extract_figures"]

#: words after a mention that make it a speaker, not the subject of the figures.
_SPEAKER = re.compile(r"^(?:相关负责人|有关负责人|负责人|主要负责人|表示|介绍|指出|称|透露|说|发布|数据显示)")
#: words allowed between a clause start and a mention that still opens the clause.
_OPENERS = ("", "在", "而", "其中", "比如", "例如", "同时", "另外", "此外", "其次", "首先", "如",
            "一是", "二是", "三是", "特别是", "尤其是")
#: a speaker qualified by a place or organisation: 合川区相关负责人表示, 开州区区长李明介绍,
#: 赛力斯副总裁说; group ``v`` ends at the reporting verb, the speech follows.
_SPEAKER_PHRASE = re.compile(
    r"(?:(?:相关|有关|主要)?负责(?:人|同志)|(?:常务)?副?(?:区长|县长|市长|省长|书记|局长|主任|部长|厅长|"
    r"总经理|董事长|总裁|经理|院长|校长))?"
    r"(?:[" + HAN + r"]{2,3}?)?(?P<v>表示|介绍|指出|透露|强调|认为|坦言|称|说)"
)
_SPEECH_OPEN = "，,：:“\"「 "
#: words that refer back to the place being talked about, by level.
_ANAPHOR = re.compile(r"(?:该|全|本|我)(?P<lv>区|县)(?![长委政级域内外间块别分划])")
#: markers of an origin or a destination: a place after them is where something comes from or
#: goes to (从江苏泰州迁来, 开通至上海、南京, 销往东南亚), not the subject of the figures.
_AWAY = ("来自", "迁自", "源自", "销往", "运往", "发往", "开往", "通往", "飞往", "直达", "抵达",
         "从", "自", "至", "到", "往")
#: ... unless the verb before the marker makes the place the host of a relocation (迁至梁平).
_HOST_VERBS = ("迁", "转移", "搬", "落户", "来", "截", "直", "布局")
_LIST_JOIN = ("、", "和", "及", "与", "以及", "或", "")


def _opens_clause(text: str, m, lo: int) -> bool:
    cs = meaning.clause_start(text, m.start, lo)
    prefix = text[cs:m.start].strip(" \"“”'‘’「」『』《》")
    return prefix in _OPENERS


def _subject_candidates(mentions, lo: int, hi: int):
    """Mentions inside [lo, hi); ``mentions`` is sorted by start, so only that slice is looked at."""
    i = bisect.bisect_left(mentions, lo, key=lambda m: m.start)
    j = bisect.bisect_left(mentions, hi, lo=i, key=lambda m: m.start)
    return [m for m in mentions[i:j] if m.end <= hi and m.type in ("place", "org", "programme")]


#: How far back (characters) a figure looks in its paragraph for a subject: a paragraph's lead is
#: near its figures in news prose, and a bound keeps one-line documents from going quadratic.
PARAGRAPH_LOOKBACK = 2000


def _is_speaker(text: str, m) -> bool:
    return bool(_SPEAKER.match(text[m.end:m.end + 6]))


def _anchor(start: int, end: int, name: str, of) -> Mention:
    """A mention added for attribution only: a speaker's place at the start of the speech, or an
    anaphor (该区, 全县) resolved to its place; ``start``/``end`` are where it stands in the text."""
    return Mention(start, end, name, of.canonical, of.type,
                   getattr(of, "division_code", ""), getattr(of, "subtype", ""), source="anchor")


def _leading_place(m):
    """The place a speaker's mention stands for: itself, or the place its name opens with
    (万州区交通局 -> 万州区); a company speaks for itself; None for an office without a place."""
    if m.type == "place":
        return m
    if m.type != "org":
        return None
    inner = find_mentions(m.name, patterns=False)
    if inner and inner[0].start == 0 and inner[0].type == "place":
        p = inner[0]
        return _anchor(m.start, m.start + p.end, p.name, p)
    if getattr(m, "subtype", "") in ("government", "pattern") and re.search(r"(?:委|局|委员会|办|厅|部)$", m.name):
        return None
    return m


def _anchors(text: str, mentions) -> list:
    """Speaker anchors and resolved anaphors of the whole text (see :func:`_subject`)."""
    out = []
    for m in mentions:
        if m.type not in ("place", "org"):
            continue
        sp = _SPEAKER_PHRASE.match(text, m.end, min(len(text), m.end + 16))
        if not sp:
            continue
        who = _leading_place(m)
        if who is None:
            continue
        k = sp.end()
        while k < len(text) and text[k] in _SPEECH_OPEN:
            k += 1
        out.append(_anchor(k, k, "", who))
    places = sorted([m for m in mentions if m.type == "place"] + [a for a in out if a.type == "place"],
                    key=lambda m: m.start)
    for a in _ANAPHOR.finditer(text):
        level = a.group("lv")
        prior = [m for m in places if m.end <= a.start() and m.canonical.endswith(level)
                 and getattr(m, "subtype", "") in ("district", "functional_area", "")]
        if prior:
            p = prior[-1]
            out.append(_anchor(a.start(), a.end(), a.group(), p))
    return out


def _away(text: str, mentions) -> set[int]:
    """Start offsets of mentions that are an origin or a destination (from :data:`_AWAY`), and of
    the mentions listed right after one (至上海、南京、武汉; 从江苏泰州)."""
    out: set[int] = set()
    prev = None
    for m in sorted(mentions, key=lambda m: m.start):
        before = text[max(0, m.start - 4):m.start]
        marker = next((w for w in _AWAY if before.endswith(w)), None)
        is_away = False
        if marker is not None:
            lead = text[max(0, m.start - len(marker) - 2):m.start - len(marker)]
            is_away = not any(lead.endswith(v) for v in _HOST_VERBS)
        elif prev is not None and prev.start in out and text[prev.end:m.start] in _LIST_JOIN:
            is_away = True
        if is_away:
            out.add(m.start)
        prev = m
    return out


def _subject(text: str, q_start: int, sent_lo: int, sent_hi: int, para_lo: int, mentions,
             away: frozenset | set = frozenset()) -> str | None:
    """Subject of a figure at ``q_start`` in the sentence [sent_lo, sent_hi) of a paragraph at para_lo.

    Origins and destinations (``away``) are used only when the sentence and the paragraph offer
    nothing else.
    """
    para_lo = max(para_lo, sent_lo - PARAGRAPH_LOOKBACK)
    in_sent = [m for m in _subject_candidates(mentions, sent_lo, q_start) if not _is_speaker(text, m)]
    earlier = [m for m in _subject_candidates(mentions, para_lo, sent_lo) if not _is_speaker(text, m)]
    here = [m for m in in_sent if m.start not in away]
    before = [m for m in earlier if m.start not in away]
    return (_subject_in_sentence(text, q_start, sent_lo, here) or _subject_in_paragraph(text, para_lo, before)
            or _subject_in_sentence(text, q_start, sent_lo, in_sent)
            or _subject_in_paragraph(text, para_lo, earlier))


def _subject_in_sentence(text: str, q_start: int, sent_lo: int, in_sent) -> str | None:
    # prefer places and companies over programmes at every step
    for pool in ([m for m in in_sent if m.type != "programme"], in_sent):
        if not pool:
            continue
        clause_lo = meaning.clause_start(text, q_start, sent_lo)
        own = [m for m in pool if m.start >= clause_lo and _opens_clause(text, m, sent_lo)]
        if own:
            return own[-1].canonical
        openers = [m for m in pool if _opens_clause(text, m, sent_lo)]
        if openers:
            return openers[-1].canonical
        return pool[-1].canonical
    return None


def _subject_in_paragraph(text: str, para_lo: int, earlier) -> str | None:
    for pool in ([m for m in earlier if m.type != "programme"], earlier):
        if not pool:
            continue
        openers = [m for m in pool if _opens_clause(text, m, para_lo)]
        return (openers or pool)[-1].canonical
    return None


def meaning_context(document: dict, mentions: list, away: set) -> meaning.Context:
    """The document-wide context of :func:`helpers.extract.meaning.describe`: the text, its
    mentions, and its scope: the metadata's ``place``, else the place (or 我国/全国) its title
    names, else the first one its opening paragraphs name; 我市/本市 mean the metadata's place,
    else the place in the source's name (重庆日报 -> 重庆), else the lexicon's city."""
    text = document["text"]
    codes = {**china.place_codes(), **{m.canonical: m.division_code for m in mentions
                                          if m.type == "place" and m.division_code}}
    year, _ = parse_doc_date(document.get("date"))
    ctx = meaning.Context(text, mentions, away, ("", ""), ("", ""), codes, meaning.vocabulary(), year=year)
    city = _named_place(document.get("place")) or _named_place(document.get("source"))
    if city:
        ctx.city = city
    scope = _named_place(document.get("place"))
    paras = document.get("paragraphs") or []
    if not scope:
        for p in paras[:4]:
            found = meaning._places_in(ctx, int(p["start"]), int(p["end"]))
            if found:
                scope = found[0][2]
                break
    ctx.scope = scope or ("", "")
    title = next((p for p in paras[:1] if p.get("kind") == "title"), None)
    if title:
        named = [d.period for d in find_dates(title["text"], document.get("date"))
                 if d.period[:1].isdigit() and "to-date" not in d.period]
        ctx.lead_period = named[0] if named else ""
    for p in paras:
        if p.get("kind") == "heading":
            found = meaning._places_in(ctx, int(p["start"]), int(p["end"]))
            if found:
                ctx.heading_place[p["text"]] = found[0][2]
    return ctx


def _named_place(value) -> tuple[str, str] | None:
    if not isinstance(value, str) or not value.strip():
        return None
    for m in find_mentions(value, patterns=False):
        if m.type == "place":
            return m.canonical, m.division_code or china.place_codes().get(m.canonical, "")
    return None


def raw_offsets(document: dict):
    """A function from an offset into the clean text to one into the raw file's decoded text,
    from the document's ``offsets`` runs ``[clean_start, raw_start, length]`` (identity when the
    document has none: a text that cleaning left as it was)."""
    runs = document.get("offsets")
    if runs is None or not len(runs):
        return lambda i: int(i)
    starts = [int(r[0]) for r in runs]

    def to_raw(i: int) -> int:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return int(i)
        c, r, n = (int(x) for x in runs[k])
        return r + min(i - c, max(n - 1, 0)) if i - c < n else r + n + (i - c - n)
    return to_raw


def _sentences_of(document: dict, sentences: pd.DataFrame) -> list[dict]:
    if not len(sentences):
        return []
    names = [c for c in ("sent_id", "para_id", "start", "end", "text", "section") if c in sentences.columns]
    cols = {c: sentences[c].tolist() for c in names}
    rows = [dict(zip(cols, values)) for values in zip(*cols.values())]
    return sorted(rows, key=lambda r: int(r["start"]))


def _para_bounds(document: dict) -> dict[int, tuple[int, int]]:
    out = {}
    for p in document.get("paragraphs") or []:
        out[int(p["para_id"])] = (int(p["start"]), int(p["end"]))
    return out


def extract_figures(document: dict, sentences: pd.DataFrame, mentions=None) -> pd.DataFrame:
    """The figures table of one document (columns of ``schemas.TABLES['figures']``).

    ``document`` needs ``doc_id``, ``text``, ``date`` and ``paragraphs``; ``sentences`` follows
    the sentences contract. ``mentions`` (optional) replaces the entity mentions of the whole
    text (objects with start, end, canonical, type), for tests and for callers that already
    have them.

    >>> text = "璧山带动本地配套企业20多家。"
    >>> doc = {"doc_id": "d", "text": text, "date": "2025", "paragraphs": [
    ...     {"para_id": 0, "kind": "body", "section": "", "text": text, "start": 0, "end": len(text)}]}
    >>> sents = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "para_id": 0, "section": "",
    ...                        "start": 0, "end": len(text), "text": text}])
    >>> extract_figures(doc, sents)[["text", "value", "unit", "qualifier", "metric"]].values.tolist()
    [['20多家', 20.0, '家', 'more_than', '企业数']]
    """
    text = document["text"]
    doc_id = document["doc_id"]
    doc_date = document.get("date")
    mentions = find_mentions(text) if mentions is None else list(mentions)
    away = _away(text, mentions)
    mentions = sorted(mentions + _anchors(text, mentions), key=lambda m: (m.start, m.end))
    kinds = {m.canonical: m.type for m in mentions}
    paras = _para_bounds(document)
    ctx = meaning_context(document, mentions, away)
    rows = []
    sents = _sentences_of(document, sentences)
    # the quantities of each sentence on its own, mostly taken from the whole-text search
    # the tokenizer already made (see quantities.quantities_by_sentence)
    per_sentence = quantities_by_sentence(text, [(int(s["start"]), int(s["end"])) for s in sents])
    to_raw = raw_offsets(document)
    for s, qs in zip(sents, per_sentence):
        lo, hi = int(s["start"]), int(s["end"])
        stext = text[lo:hi]
        ds = [_shift_date(d, lo) for d in find_dates(stext, doc_date)]
        para_lo = paras.get(int(s["para_id"]), (lo, hi))[0]
        hints = []
        for q in qs:
            who = _subject(text, q.qualifier_start, lo, hi, para_lo, mentions, away)
            hints.append((who, kinds.get(who, "")) if who else None)
        described = meaning.describe(ctx, s, qs, ds, hints)
        for q, m in zip(qs, described):
            rows.append({
                "doc_id": doc_id,
                "figure_id": "",
                "text": text[q.qualifier_start:q.qualifier_end],
                "value": q.value,
                "value_low": q.value_low,
                "value_high": q.value_high,
                "unit": q.unit,
                "kind": q.kind,
                "qualifier": q.qualifier,
                **m,
                "sent_id": int(s["sent_id"]),
                "start": q.qualifier_start,
                "end": q.qualifier_end,
                "raw_start": to_raw(q.qualifier_start),
                "raw_end": to_raw(q.qualifier_end - 1) + 1 if q.qualifier_end > q.qualifier_start
                else to_raw(q.qualifier_start),
                "sentence": s["text"],
            })
    rows.sort(key=lambda r: r["start"])  # stable
    for n, r in enumerate(rows, start=1):
        r["figure_id"] = f"{doc_id}:F{n:03d}"
    return schemas.records("figures", rows)


def extract_dates(document: dict, sentences: pd.DataFrame) -> pd.DataFrame:
    """The dates table of one document (columns of ``schemas.TABLES['dates']``)."""
    text = document["text"]
    rows = []
    for s in _sentences_of(document, sentences):
        lo, hi = int(s["start"]), int(s["end"])
        for d in find_dates(text[lo:hi], document.get("date")):
            rows.append({"doc_id": document["doc_id"], "text": d.text, "period": d.period,
                         "resolved": d.resolved, "sent_id": int(s["sent_id"]),
                         "start": d.start + lo, "end": d.end + lo})
    return schemas.records("dates", rows)


def _shift_date(d: DateMention, lo: int) -> DateMention:
    return DateMention(d.start + lo, d.end + lo, d.text, d.period, d.resolved)
