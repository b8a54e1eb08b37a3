"""Generate a large synthetic corpus of Chinese regional economic news for benchmarks and scale tests.

Articles (1-6 KB each) are assembled from sentence templates of the genre: Chongqing's districts
and counties from the gazetteer (and a few cities elsewhere), invented companies and some from the
lexicon, figures in every numeral style the extractor meets (1,200家, ８６．５亿元, 一千二百人,
1.2万人, 百分之七点三, 3至5亿元, 20多家, 近百家, 超千亿元 ...), dates, bylines, headings, a trailing
list of related articles, and OCR defects in about half of them (lines broken inside a word across
a blank line, spaces between characters, ASCII punctuation, a stray glyph line, a dash read as 一,
spaced digits). About 10% are GB18030, a few UTF-16 (with and without BOM), a few UTF-8 with BOM
and CRLF. Every folder of ``--docs-per-folder`` articles gets a ``metadata.csv`` (file, doc_id,
title, date, source) that leaves a few files out and some dates empty or partial.

The output is deterministic for a seed (same bytes), written one file at a time (memory stays
flat), and never committed: write it under ``outputs/`` or a temporary folder.

    .venv/bin/python benchmarks/make_corpus.py outputs/bench/corpus --mb 100 [--seed 1] [--docs-per-folder 1000]

prints one JSON line: ``{"files": ..., "bytes": ..., "seconds": ..., ...}``. Importable too:
``make_corpus.generate(out_dir, mb, seed) -> dict``. One MB is 10**6 bytes of article files.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import json
import math
import random
import re
import sys
import time
from pathlib import Path

__all__ = ["generate", "main", "zh_number"]

# ----------------------------------------------------------------------------- vocabulary

#: Chongqing divisions used when the gazetteer cannot be read (it normally can).
_FALLBACK_PLACES = ["合川区", "永川区", "开州区", "梁平区", "涪陵区", "九龙坡区", "万州区", "黔江区", "綦江区",
                    "大足区", "铜梁区", "潼南区", "荣昌区", "璧山区", "江津区", "长寿区", "南川区", "垫江县",
                    "忠县", "云阳县", "奉节县", "巫山县", "巫溪县", "城口县", "丰都县", "武隆区"]
_OTHER_CITIES = ["成都市", "西安市", "苏州市", "贵阳市", "昆明市", "绵阳市", "宜宾市", "遵义市"]
ORIGINS = ["浙江宁波", "浙江台州", "江苏苏州", "江苏常州", "江苏无锡", "广东深圳", "广东东莞", "广东佛山",
           "上海", "福建厦门", "山东潍坊", "山东烟台", "浙江温州", "江苏南通", "广东中山", "天津"]
INDUSTRIES = ["智能装备", "汽车零部件", "电子信息", "新材料", "生物医药", "食品加工", "动力电池", "纺织服装",
              "五金机电", "新能源", "绿色建材", "现代物流", "预制菜", "精细化工", "智能终端", "集成电路",
              "医疗器械", "特色农产品加工", "文化旅游", "数字经济"]
PRODUCTS = ["减速器", "电机", "线路板", "锂电池隔膜", "电解液", "轴承", "齿轮", "显示模组", "传感器",
            "铝合金压铸件", "调味品", "休闲食品", "童装", "光伏组件", "医用耗材", "数控机床", "农机具"]
SYL = ["华", "金", "渝", "川", "鑫", "泰", "瑞", "恒", "远", "达", "新", "中", "宏", "盛", "通", "嘉", "博", "力", "德", "永", "安", "联", "创", "信", "科", "源", "峰", "凯", "腾", "祥"]
SUFFIX = ["科技有限公司", "智能装备有限公司", "新材料股份有限公司", "电子有限公司", "食品有限公司",
          "汽车部件有限公司", "精密制造有限公司", "能源科技有限公司", "供应链管理有限公司"]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高", "林", "谭", "冉", "向", "秦", "邓", "唐", "何", "谢"]
GIVEN = ["明", "丽", "强", "静", "伟", "敏", "涛", "芳", "军", "燕", "杰", "娟", "磊", "超", "霞", "平", "刚", "雪", "峰", "洋", "婷", "鹏", "琳", "宇", "欣", "佳", "浩"]
SOURCES = ["渝州经济报", "西部商报", "川渝产业观察", "山城日报", "长江上游财经"]
PARKS = ["工业园区", "高新区", "经开区", "产业园", "物流园区", "综合保税区"]
STRAY = ["ш", "ж", "■", "※", "Ш", "丨"]
WEEKDAYS = "一二三四五六日"

# ----------------------------------------------------------------------------- numerals

_DIG = "零一二三四五六七八九"
_FW = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def _zh_small(n: int, two: bool) -> str:
    """0 < n < 10000 in Chinese numerals (zeros between places, 两 before 千/百 when ``two``)."""
    out, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out.append("零")
            out.append(("两" if two and d == 2 and unit in ("千", "百") else _DIG[d]) + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)


def zh_number(x: float, decimals: int = 0, two: bool = False) -> str:
    """``x`` in Chinese numerals: 305 -> 三百零五, 18.5 -> 十八点五, 20000 -> 两万 (``two``).

    >>> zh_number(305), zh_number(18.5, 1), zh_number(20000, two=True), zh_number(1200)
    ('三百零五', '十八点五', '两万', '一千二百')
    """
    n = int(x)
    if n == 0:
        s = "零"
    else:
        parts, zero = [], False
        for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
            d, n = divmod(n, value)
            if d:
                if zero or (parts and d < 1000):
                    parts.append("零")
                parts.append(_zh_small(d, two) + unit)
                zero = False
            elif parts:
                zero = True
        s = "".join(parts)
        if s.startswith("一十"):
            s = s[1:]
        if two and s.startswith("二") and len(s) > 1 and s[1] in "千万亿":
            s = "两" + s[1:]
    if decimals:
        frac = f"{x:.{decimals}f}".split(".")[1].rstrip("0")
        if frac:
            s += "点" + "".join(_DIG[int(c)] for c in frac)
    return s


#: plausible range of a count by its measure word (drawn log-uniformly).
_MAGNITUDE = {"人次": (20_000, 30_000_000), "吨": (500, 20_000_000), "平方米": (5_000, 800_000),
              "亩": (500, 400_000), "户": (100, 50_000), "人": (30, 60_000), "家": (3, 2_000),
              "个": (2, 120), "套": (500, 600_000), "所": (2, 40)}


class Figures:
    """Renders values in the numeral styles of the genre, drawing from one seeded RNG."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def _arabic(self, v: float, dec: int) -> str:
        r = self.r
        s = f"{v:,.{dec}f}" if v >= 1000 and r.random() < 0.5 else f"{v:.{dec}f}"
        return s.translate(_FW) if r.random() < 0.12 else s

    def number(self, v: float, dec: int = 0) -> str:
        r = self.r.random()
        if r < 0.22:
            return zh_number(v, dec, two=self.r.random() < 0.5)
        return self._arabic(v, dec)

    def money(self) -> str:
        r = self.r
        style = r.random()
        if style < 0.10:
            lo = r.randint(1, 30)
            return f"{lo}{r.choice(['至', '-', '到'])}{lo + r.randint(1, 10)}亿元"
        if style < 0.18:
            return r.choice(["超千亿元", "近百亿元", "超百亿元", "逾千万元", "数十亿元"])
        if style < 0.35:
            return self.number(r.randint(200, 9000), 0) + "万元"
        v = round(r.uniform(0.5, 1800), r.choice([0, 1, 1, 2]))
        dec = 0 if v == int(v) else len(str(v).split(".")[1])
        q = r.random()
        body = self.number(v, dec) + "亿元"
        if q < 0.12:
            return r.choice(["约", "近", "超过", "突破", "逾", "超"]) + body
        if q < 0.18:
            return body + r.choice(["以上", "左右"])
        return body

    def count(self, unit: str) -> str:
        r = self.r
        style = r.random()
        if style < 0.10:
            return r.choice(["20多", "30余", "近百", "上百", "数十", "一百五十余", "三十多"]) + unit
        if style < 0.18 and _MAGNITUDE.get(unit, (0, 0))[1] <= 3000:
            lo = r.randint(2, 40)
            return f"{lo}-{lo + r.randint(2, 20)}{unit}"
        if style < 0.28 and unit in _MAGNITUDE and _MAGNITUDE[unit][1] >= 100_000:
            return self.number(round(r.uniform(1, 60), 1), 1) + "万" + unit
        lo, hi = _MAGNITUDE.get(unit, (2, 3000))
        v = int(math.exp(r.uniform(math.log(lo), math.log(hi))))
        body = self.number(v)
        q = r.random()
        if q < 0.10:
            return r.choice(["约", "超过", "近", "突破", "不到"]) + body + unit
        if q < 0.16:
            return body + r.choice(["余", "多"]) + unit
        return body + unit

    def percent(self) -> str:
        r = self.r
        v = round(r.uniform(0.5, 65), 1)
        style = r.random()
        if style < 0.2:
            return "百分之" + zh_number(v, 1)
        if style < 0.28:
            return r.choice(["两成", "三成", "四成", "近三成", "超过四成", "一倍"])
        s = f"{v}%"
        return s.translate(_FW) if style < 0.36 else s


# ----------------------------------------------------------------------------- templates

TEMPLATES = [
    "{PERIOD}，{P}新引进{IND}项目{N_个}，协议投资额{MONEY}",
    "{PERIOD}，{P}{IND}产业实现产值{MONEY}，同比增长{PCT}",
    "截至目前，{P}已集聚{IND}企业{N_家}，其中规上企业{N_家}",
    "{P}{PARK}已入驻企业{N_家}，形成从原材料到整机的完整链条",
    "在{PS}{PARK}，一家来自{ORIGIN}的{PROD}企业正在加紧调试生产线",
    "企业负责人介绍，项目总投资{MONEY}，预计明年投产，年产值可达{MONEY}",
    "{CO}是{YEAR}年从{ORIGIN}迁来的企业，目前年产{PROD}{N_套}",
    "项目建成后，每年可贡献税收{MONEY}，带动就业{N_人}",
    "{P}建成标准化厂房{N_平方米}，为转移企业提供“拎包入住”式服务",
    "{P}与{ORIGIN}共建{IND}产业园，力争到{FUTURE}年产值突破{MONEYX}",
    "{PERIOD}，{PS}港完成货物吞吐量{N_吨}，同比增长{PCT}",
    "全区{IND}企业本地配套率由{PCT}提高到{PCT}",
    "{P}依托{IND}资源，带动周边{N_户}农户增收",
    "{P}种植面积达到{N_亩}，年产量约{N_吨}",
    "{PERIOD}，{P}接待游客{N_人次}，实现旅游综合收入{MONEY}",
    "{CO}去年营业收入{MONEY}，研发投入占比达到{PCT}",
    "“我们看中的是这里的区位优势和营商环境。”{CO}负责人{PERSON}说",
    "{P}相关负责人表示，下一步将围绕{IND}、{IND}等方向精准招商",
    "据统计，{PERIOD}{P}新增市场主体{N_户}，从业人员{N_人}",
    "{P}设立了规模{MONEY}的{IND}产业引导基金，对落户企业给予设备补贴",
    "{CO}与{CO}签订战略合作协议，共同建设{PROD}生产基地",
    "近年来，{P}主动对接长三角、粤港澳大湾区，先后引进{IND}项目{N_个}",
    "{PERIOD}，{P}外贸进出口额达到{MONEY}，增速居全市前列",
    "园区形成了“研发{DASH}制造{DASH}销售”的完整链条",
    "{P}还与{P2}建立产业协作机制，推动{IND}产业链上下游协同",
    "预计到{FUTURE}年，{P}{IND}产业规模将超过{MONEYX}",
    "{P}每年为园区输送技能人才{N_人}，订单式培养覆盖{N_所}职业院校",
    "在{CITY}，{IND}产业{PERIOD}实现营业收入{MONEY}，同比增长{PCT}",
]
HEADINGS = ["链条补齐 配套先行", "产业承接 跑出“加速度”", "园区配套持续完善", "做强链条 集群发展",
            "要素保障持续加力", "“一域一特色”差异化承接", "引进项目 培育生态"]
TITLES = ["{S} {IND}产业链加速成形", "{S} 承接产业转移跑出“加速度”", "{S} 以“硬实力”承接{IND}产业转移",
          "{S} {IND}产业集群初具规模", "{S} “小城大产业”的转型之路", "{S} 园区扩容 {IND}项目集中签约",
          "{S} 做强{IND} 打造区域产业高地"]
_SLOT = re.compile(r"\{([A-Z_]+[^}]*)\}")


def _parse(template: str) -> list:
    pieces = _SLOT.split(template)
    return [p if i % 2 == 0 else ("slot", p) for i, p in enumerate(pieces)]


_PARSED = [_parse(t) for t in TEMPLATES]


def _places() -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(canonical, short) Chongqing divisions, other cities, lexicon company names."""
    try:
        from helpers.extract import gazetteer

        div = gazetteer.divisions()
        ent = gazetteer.entries()
        names = div["name"].tolist()
        cities = [c for c in ent.loc[(ent["type"] == "place") & (ent["subtype"] == "city"), "canonical"]
                  if c.endswith("市")][:30] or _OTHER_CITIES
        companies = ent.loc[(ent["type"] == "org") & (ent["subtype"] == "company"), "canonical"].tolist()
    except Exception:  # the generator must run even without the package's data
        names, cities, companies = _FALLBACK_PLACES, _OTHER_CITIES, []
    places = []
    for n in names:
        short = re.sub(r"(土家族苗族自治县|苗族土家族自治县|土家族自治县|区|县)$", "", n) or n
        places.append((n, short if len(short) >= 2 else n))
    return places, cities, companies


class _Writer:
    """Builds one article at a time from a seeded RNG."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.fig = Figures(self.r)
        self.places, self.cities, self.lexicon_companies = _places()

    def company(self) -> str:
        r = self.r
        if self.lexicon_companies and r.random() < 0.15:
            return r.choice(self.lexicon_companies)
        return "重庆" * (r.random() < 0.4) + r.choice(SYL) + r.choice(SYL) + r.choice(SUFFIX)

    def person(self) -> str:
        return self.r.choice(SURNAMES) + "".join(self.r.choice(GIVEN) for _ in range(self.r.randint(1, 2)))

    def period(self, date: dt.date) -> str:
        r = self.r
        return r.choice(["今年上半年", "今年以来", "去年", "今年前三季度", "今年1至8月", "今年一季度",
                         f"{date.year - 1}年", f"{date.year}年{r.randint(1, date.month)}月", "截至目前",
                         "近三年", "每年"])

    def fill(self, pieces: list, place: tuple[str, str], second: tuple[str, str], date: dt.date,
             dash: str) -> str:
        r, f = self.r, self.fig
        out = []
        for p in pieces:
            if isinstance(p, str):
                out.append(p)
                continue
            name = p[1]
            if name == "P":
                out.append(place[0] if r.random() < 0.6 else place[1])
            elif name == "PS":
                out.append(place[1])
            elif name == "MONEY":
                out.append(f.money())
            elif name == "MONEYX":
                v = round(r.uniform(5, 1500), r.choice([0, 1]))
                out.append(f.number(v, 0 if v == int(v) else 1) + "亿元")
            elif name == "P2":
                out.append(second[0] if r.random() < 0.5 else second[1])
            elif name == "PCT":
                out.append(f.percent())
            elif name.startswith("N_"):
                out.append(f.count(name[2:]))
            elif name == "PERIOD":
                out.append(self.period(date))
            elif name == "IND":
                out.append(r.choice(INDUSTRIES))
            elif name == "PROD":
                out.append(r.choice(PRODUCTS))
            elif name == "ORIGIN":
                out.append(r.choice(ORIGINS))
            elif name == "PARK":
                out.append(r.choice(PARKS))
            elif name == "CO":
                out.append(self.company())
            elif name == "PERSON":
                out.append(self.person())
            elif name == "YEAR":
                out.append(str(date.year - r.randint(1, 4)))
            elif name == "FUTURE":
                out.append(str(date.year + r.randint(1, 3)))
            elif name == "CITY":
                out.append(r.choice(self.cities))
            elif name == "DASH":
                out.append(dash)
            else:  # pragma: no cover - a template typo
                raise KeyError(name)
        return "".join(out)

    def article(self, target_bytes: int, date: dt.date) -> tuple[str, str]:
        """(title, text) of one article of about ``target_bytes`` bytes in UTF-8."""
        r = self.r
        place = r.choice(self.places)
        secondary = r.choice([p for p in self.places if p != place])
        defects = r.random() < 0.5
        dash = "一" if defects and r.random() < 0.5 else "—"
        ind = r.choice(INDUSTRIES)
        title = r.choice(TITLES).replace("{S}", place[1]).replace("{IND}", ind)
        lines = []
        if r.random() < 0.15:
            lines.append(f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}")
        lines.append(title)
        byline = r.choice(["□ {}", "□{}", "本报记者 {}", "本报记者 {} 通讯员 {}", "□ 本报记者 {}"])
        lines.append(byline.format(self.person(), self.person()))
        size = sum(len(x.encode()) for x in lines)
        paras: list[str] = []
        while size < target_bytes:
            if paras and r.random() < 0.08:
                paras.append(r.choice(HEADINGS))
            sents = []
            for _ in range(r.randint(1, 4)):
                pl = place if r.random() < 0.8 else secondary
                sents.append(self.fill(r.choice(_PARSED), pl, secondary if pl is place else place, date, dash) + "。")
            para = "".join(sents)
            paras.append(para)
            size += len(para.encode()) + 2
        if defects:
            paras = self.defects(paras)
        lines.extend(paras)
        if r.random() < 0.15:
            k = r.randint(1, 8)
            for j in range(r.randint(1, 3)):
                other = r.choice(self.places)[1]
                lines.append(f"{k + j}》{other} {r.choice(TITLES).replace('{S}', '').replace('{IND}', r.choice(INDUSTRIES)).strip()}")
        text = "\n\n".join(lines) + "\n"
        if defects and r.random() < 0.5:
            text = text.replace("，", ",").replace("；", ";").replace("“", '"').replace("”", '"')
        return title, text

    def defects(self, paras: list[str]) -> list[str]:
        r = self.r
        out = list(paras)
        k = r.randrange(len(out))
        p = out[k]
        cut = [i for i in range(1, len(p) - 1) if "\u4e00" <= p[i - 1] <= "\u9fff" and "\u4e00" <= p[i] <= "\u9fff"]
        if cut and r.random() < 0.6:  # a line broken inside a word, across a blank line
            i = r.choice(cut)
            out[k] = p[:i] + "\n\n" + p[i:]
        if r.random() < 0.4:  # spaces between characters in one paragraph
            k = r.randrange(len(out))
            out[k] = re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", lambda m: " " if r.random() < 0.15 else "", out[k])
        if r.random() < 0.25:  # spaced digits
            k = r.randrange(len(out))
            out[k] = re.sub(r"(?<=\d)(?=\d)", lambda m: " " if r.random() < 0.3 else "", out[k], count=4)
        if r.random() < 0.4:  # a stray glyph line
            out.insert(r.randint(1, len(out)), r.choice(STRAY))
        return out


# ----------------------------------------------------------------------------- writing

def _encode(text: str, r: random.Random) -> tuple[bytes, str]:
    x = r.random()
    if x < 0.10:
        return text.encode("gb18030"), "gb18030"
    if x < 0.11:
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"
    if x < 0.115:
        return text.encode("utf-16-le"), "utf-16-le"
    if x < 0.14:
        return codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"


def _meta_date(d: dt.date, r: random.Random) -> str:
    x = r.random()
    if x < 0.05:
        return ""
    if x < 0.15:
        return f"{d.year}"
    if x < 0.40:
        return f"{d.year}-{d.month:02d}"
    return d.isoformat()


def generate(out_dir, mb: float, seed: int = 1, docs_per_folder: int = 1000) -> dict:
    """Write about ``mb`` MB (10**6 bytes) of articles under ``out_dir``; return a summary dict.

    Folders ``batch_0000``, ``batch_0001`` ... hold ``docs_per_folder`` articles ``art_0000000.txt``
    ... and a ``metadata.csv``. The same seed gives the same bytes. Returns files, bytes (all files
    written, metadata included), folders, seconds and the count per encoding.
    """
    if mb <= 0:
        raise ValueError("mb must be positive")
    if docs_per_folder < 1:
        raise ValueError("docs_per_folder must be at least 1")
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = int(mb * 1_000_000)
    w = _Writer(seed)
    r = w.r
    start = dt.date(2019, 1, 1)
    written = files = folders = 0
    encodings: dict[str, int] = {}
    meta_file = meta = None
    n = 0
    try:
        while written < target:
            if n % docs_per_folder == 0:
                if meta_file:
                    meta_file.close()
                folder = out / f"batch_{n // docs_per_folder:04d}"
                folder.mkdir(exist_ok=True)
                folders += 1
                meta_file = open(folder / "metadata.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115 - one per folder, closed above
                meta = csv.writer(meta_file, lineterminator="\n")
                meta.writerow(["file", "doc_id", "title", "date", "source"])
            date = start + dt.timedelta(days=r.randrange(7 * 365))
            size = min(max(int(r.lognormvariate(7.9, 0.45)), 1000), 5400)
            title, text = w.article(size - 250, date)
            data, enc = _encode(text, r)
            name = f"art_{n:07d}.txt"
            (folder / name).write_bytes(data)
            encodings[enc] = encodings.get(enc, 0) + 1
            if r.random() < 0.95:
                doc_id = f"s{seed}-{n:07d}" if r.random() < 0.5 else ""
                meta.writerow([name, doc_id, title if r.random() < 0.3 else "", _meta_date(date, r),
                               r.choice(SOURCES)])
            written += len(data)
            files += 1
            n += 1
    finally:
        if meta_file:
            meta_file.close()
    total = sum(p.stat().st_size for p in out.glob("batch_*/metadata.csv")) + written
    return {"files": files, "bytes": total, "article_bytes": written, "folders": folders,
            "seconds": round(time.perf_counter() - t0, 2), "encodings": encodings, "seed": seed,
            "out_dir": str(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", help="folder to write (created; must be empty or absent)")
    ap.add_argument("--mb", type=float, default=100.0, help="size of the articles in MB (10**6 bytes)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    ap.add_argument("--docs-per-folder", type=int, default=1000, help="articles per folder")
    args = ap.parse_args(argv)
    out = Path(args.out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"make_corpus: {out} is not an empty folder; choose a new one (output is never overwritten)",
              file=sys.stderr)
        return 2
    if args.mb <= 0 or args.docs_per_folder < 1:
        print("make_corpus: --mb must be positive and --docs-per-folder at least 1", file=sys.stderr)
        return 2
    summary = generate(out, args.mb, args.seed, args.docs_per_folder)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
