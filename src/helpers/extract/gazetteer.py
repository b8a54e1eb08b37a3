"""The gazetteer: places, organisations and programmes, one row per surface form.

Two hand-written lexicons in ``data/lexicon/`` (facts from public sources, not copied from any
data set) feed it:

``places.csv`` — one row per place, columns

- ``canonical``: the name tables use. Chongqing's 38 county-level divisions use their official
  full names (璧山区, 石柱土家族自治县); the city itself is ``重庆``; provinces and cities their
  full names (山东省, 烟台市); regions, blocs and functional areas their usual full name
  (渝西地区, 渝东北三峡库区城镇群, 长江三角洲, 西部（重庆）科学城).
- ``name_en``: the official or established English name (九龙坡区 Jiulongpo District, 东盟 ASEAN,
  渝西地区 western Chongqing), empty where there is none; English pages romanise those
  (:mod:`helpers.show.names`).
- ``type``: always ``place``.
- ``subtype``: ``district``, ``county``, ``autonomous_county`` (the 38 divisions, as in the
  official code list), ``municipality`` (重庆), ``region`` (planning regions such as 渝西地区,
  中心城区, 主城都市区, 三峡库区, 川南), ``functional_area`` (两江新区, 科学城, 高新区, 经开区,
  自贸试验区), ``area`` (named urban places: 江北嘴, 解放碑, 果园港), ``river``, ``bloc``
  (multi-province or international groupings: 成渝, 长三角, 粤港澳大湾区, 陕鄂, 东盟, 欧洲),
  ``province``, ``city``, ``country``.
- ``division_code``: the official 6-digit code of a Chongqing county-level division, ``500000``
  for the city, empty otherwise (provinces and cities elsewhere are kept uncoded on purpose: the
  map and the figures are about Chongqing).
- ``covers``: for regions and functional areas, the ``;``-joined codes of the Chongqing divisions
  they cover wholly or in part (两江新区 -> 江北, 渝北, 北碚). Left empty where the official
  definition is not a clean set of divisions (三峡库区, 自贸试验区) or lies outside Chongqing
  (川南). 万达开 covers only its Chongqing members (万州, 开州).
- ``aliases``: ``|``-joined other written forms: short forms news uses (万州, 九龙坡, 渝西,
  长三角), the city's self-references (我市, 本市, 全市 -> 重庆).
- ``guarded``: ``|``-joined short forms that are also common words (江北 "north of the river",
  南岸 "south bank", 长寿 "longevity" as in 长寿命电池, 石柱 "stone pillar"). They are not
  surfaces (so they never go into jieba's dictionary, and load() does not list them); the
  mention finder accepts them only where the neighbouring characters show a place name (start
  of text, punctuation or a function word such as 在/与/和/、 on both sides). Single-character
  abbreviations (渝, 川, 鲁, 陕, 鄂) are never surfaces: 来渝 is not a mention of 重庆.

``organisations.csv`` — one row per organisation or programme, columns ``canonical``, ``name_en``
(the English name the firm or body uses: 比亚迪 BYD, 宁德时代 CATL; empty where it has none), ``type``
(``org`` or ``programme``), ``subtype`` (company, university, institute, government, park,
facility; corridor, strategy, plan, partnership, campaign, event), ``located_in`` (a division
code where the lexicon knows it: 市经济信息委 -> 500000, 重庆国际生物城 -> 500113; informative
only), ``aliases`` and ``guarded`` as above (长安 is guarded: 长安汽车 in 与长安、赛力斯等 but
not in 长安街).

Assumptions worth knowing: the collection reads Chongqing news, so 我市/本市/全市 mean 重庆 and
市经济信息委/市政府 mean Chongqing's bodies; 中心城区 means Chongqing's central districts.

:func:`load` expands both lexicons into one row per surface form, with the ASCII- and
full-width-parenthesis spellings of names that contain brackets (西部(重庆)科学城 and
西部（重庆）科学城) both listed.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.errors import LexiconError
from helpers.extract import divisions as china

PLACES_FILE = "places.csv"
ORGS_FILE = "organisations.csv"

COLUMNS = ["surface", "canonical", "type", "subtype", "division_code", "covers"]

_PAREN_FULL = str.maketrans({"(": "（", ")": "）"})
_PAREN_ASCII = str.maketrans({"（": "(", "）": ")"})


def _lexicon_dir(folder: str | Path | None) -> Path:
    return Path(folder) if folder else paths.LEXICON


def _split(cell: str) -> list[str]:
    return [s.strip() for s in str(cell or "").split("|") if s.strip()]


def _variants(surface: str) -> list[str]:
    out = [surface]
    for table in (_PAREN_FULL, _PAREN_ASCII):
        v = surface.translate(table)
        if v not in out:
            out.append(v)
    return out


_PLACE_COLUMNS = ("canonical", "type", "subtype", "division_code", "covers", "aliases", "guarded")
_ORG_COLUMNS = ("canonical", "type", "subtype", "located_in", "aliases", "guarded")


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """One gazetteer file, every cell text; a file that is missing, not CSV, or lacks a column is
    bad input naming it (a lexicon edit is the likeliest cause)."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise LexiconError(path, "not found: the gazetteer needs it (see data/lexicon/README.md)") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        line = getattr(e, "args", [""])[0]
        raise LexiconError(path, f"is not valid CSV in UTF-8 ({line})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise LexiconError(path, f"lacks the column(s) {', '.join(missing)} (see data/lexicon/README.md)")
    return df


@functools.lru_cache(maxsize=4)
def _read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    places = _read_csv(folder / PLACES_FILE, _PLACE_COLUMNS)
    orgs = _read_csv(folder / ORGS_FILE, _ORG_COLUMNS)
    places = places.assign(located_in="")
    orgs = orgs.assign(division_code="", covers="")
    # name_en is optional: a lexicon written before it had English names still loads
    places, orgs = (df if "name_en" in df.columns else df.assign(name_en="") for df in (places, orgs))
    return places, orgs


def entries(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per entity (place, organisation or programme) as the lexicons write it.

    Columns: canonical, name_en, type, subtype, division_code, covers, located_in, aliases, guarded
    (aliases and guarded ``|``-joined; name_en empty where the lexicon has no English name).
    """
    places, orgs = _read(_lexicon_dir(folder).resolve())
    cols = ["canonical", "name_en", "type", "subtype", "division_code", "covers", "located_in", "aliases", "guarded"]
    return pd.concat([places[cols], orgs[cols]], ignore_index=True)


def load(folder: str | Path | None = None) -> pd.DataFrame:
    """The gazetteer as one row per surface form.

    Columns ``surface, canonical, type, subtype, division_code, covers``: ``type`` is place,
    org or programme; ``division_code`` a 6-digit string for a Chongqing division, ``500000``
    for the city, ``''`` otherwise; ``covers`` the ``;``-joined division codes a region covers.
    Every surface has at least two characters; guarded short forms are not listed (see
    :func:`guarded`). When two entities claim one surface the first row (places before
    organisations) keeps it.

    >>> g = load()
    >>> g.loc[g.surface == "我市", ["canonical", "division_code"]].values.tolist()
    [['重庆', '500000']]
    """
    rows = []
    for e in entries(folder).itertuples(index=False):
        for form in [e.canonical, *_split(e.aliases)]:
            for surface in _variants(form):
                rows.append((surface, e.canonical, e.type, e.subtype, e.division_code, e.covers))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df[df.surface.str.len() >= 2].drop_duplicates("surface", keep="first")
    return _with_codes(df).reset_index(drop=True)


def _with_codes(df: pd.DataFrame) -> pd.DataFrame:
    """Places the lexicon leaves uncoded (provinces and cities outside Chongqing) take their code
    from the national table (:func:`helpers.extract.divisions.place_codes`): 山东省 -> 370000."""
    codes = china.place_codes()
    empty = (df.type == "place") & (df.division_code == "") & (df.subtype.isin(["province", "city"]))
    if empty.any():
        df = df.copy()
        df.loc[empty, "division_code"] = df.loc[empty, "canonical"].map(codes).fillna("")
    return df


def national(folder: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(surfaces, guarded) of China's divisions and the world's countries that the hand lexicon
    does not list (see :mod:`helpers.extract.divisions`); the hand lexicon's forms win."""
    hand = set(load(folder)["surface"]) | set(guarded(folder)["surface"])
    rows, guard = china.surfaces()
    return (rows[~rows.surface.isin(hand)].reset_index(drop=True),
            guard[~guard.surface.isin(hand) & ~guard.surface.isin(rows.surface)].reset_index(drop=True))


def guarded(folder: str | Path | None = None) -> pd.DataFrame:
    """Short forms that are also common words, with the entity each stands for.

    Same columns as :func:`load`. The mention finder accepts them only in a place-name context.
    """
    rows = []
    for e in entries(folder).itertuples(index=False):
        for surface in _split(e.guarded):
            rows.append((surface, e.canonical, e.type, e.subtype, e.division_code, e.covers))
    return pd.DataFrame(rows, columns=COLUMNS)


def divisions(folder: str | Path | None = None) -> pd.DataFrame:
    """Chongqing's 38 county-level divisions: code, canonical name, subtype, short form."""
    e = entries(folder)
    d = e[e.subtype.isin(["district", "county", "autonomous_county"])].copy()

    def short(row) -> str:
        forms = _split(row.aliases) + _split(row.guarded)
        forms = [f for f in forms if not f.endswith(("县", "区"))]
        return min(forms, key=len) if forms else row.canonical

    d["short"] = d.apply(short, axis=1)
    d = d.rename(columns={"division_code": "code", "canonical": "name"})
    return d[["code", "name", "subtype", "short"]].sort_values("code").reset_index(drop=True)


def by_canonical(folder: str | Path | None = None) -> dict[str, dict]:
    """Lexicon record per canonical name (type, subtype, division_code, covers, located_in)."""
    e = entries(folder)
    return {
        r["canonical"]: {k: r[k] for k in ("type", "subtype", "division_code", "covers", "located_in")}
        for r in e.to_dict("records")
    }
