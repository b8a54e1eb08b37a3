"""Pass rates of the figure extractor on peer test suites in ../shared/eval (skipped when absent).

The suites are read in place, never copied. Each subset's rate is printed and asserted as a
floor, so a regression fails. Subsets and the failure classes left unhandled on purpose:

* Recognizers-Text ``NumberModel``: every case with results, measured on ``parse_number`` of
  each expected span (the spans are numbers without units, which ``find_quantities`` by design
  does not report), plus negative cases (``Results == []``): ``parse_number(Input)`` must raise.
  Not handled: 打 (dozen), 分之 with spaces inside a fraction mixed with 又, 2^5 powers, 'M'
  suffixes with spaces, 零十 style, and digit lists ("1, 234, 567") which are several spans.
* ``PercentModel``: % , 百分之, 千分之, 万分之, 个百分点, 成, 分之, 过半/半数 and 折 (a discount:
  八折 is 80%) forms through ``find_quantities``. Left out on purpose: spaces inside a numeral
  (七成 六, 六 点 五 成, 百 分 之 669, 7 2 折): in OCR'd news a space separates two numbers as often
  as it splits one, and joining them would invent figures; 百万分之 and smaller fractions (not
  news figures); 半成 (a gambling word); a % range read as its end (5-20%之间: we give the range,
  its midpoint as value).
* ``CurrencyModel``: the CNY subset (cases whose every result is CNY), through
  ``find_quantities`` (value and span). Bare currency names without an amount (人民币 美元) and
  the world-currency table are out of scope; the two cases left (人民币  50元, 人民币 8千元) want
  the currency name inside the span, which by our convention starts at the number.
* ``DimensionModel``: the units in scope (亩, 吨, 公斤/千克, 克, 米/千米/公里, 厘米/公分/cm):
  value through ``find_quantities``. Bits, bytes, hertz, calories, 两 are out of scope, and so is a
  bare ASCII ``m`` (250m: metre, minute or million).
* JioNLP ``money_parser``: cases with a currency word; value (or [low, high] for ranges) and
  currency. Bare amounts without a currency word (三百万, 15k左右) are not money in news and are
  out of scope. Not handled on purpose: vague amounts by JioNLP's convention (几十万 = 10万 to 100万;
  ours is 20万 to 90万, "several" tens of 万), a currency named after 元 (三万元欧元, 9000元日币),
  adjacent digits (八九亿, 三五百), 两个亿, k ranges (10~15k元), (含) inside a range.
* JioNLP ``money_extractor``: exact span match of the money quantities per sentence. Left: a range
  with (含) inside (1 万(含)-5 万元) and salary shorthand without a currency word (10k~15k).
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path

import pytest

from helpers.extract.numerals import parse_number
from helpers.extract.quantities import find_quantities

EVAL = Path(__file__).parents[2].parent / "shared" / "eval"
RT = EVAL / "recognizers-text-zh"
JIO = EVAL / "jionlp-money"

pytestmark = [
    pytest.mark.eval,
    pytest.mark.skipif(not EVAL.is_dir(), reason=f"peer suites not found at {EVAL}"),
]

ISO = {"元": "CNY", "港元": "HKD", "美元": "USD", "日元": "JPY", "欧元": "EUR", "泰铢": "THB",
       "卢布": "RUB", "新台币": "TWD", "韩元": "KRW", "澳元": "AUD"}
DIMENSION_UNITS = {"Mu": "亩", "Ton": "吨", "Kilogram": "公斤", "Gram": "克", "Jin": "斤", "Meter": "米",
                   "Kilometer": "公里", "Centimeter": "厘米", "Microgram": "微克"}


def _load(name: str):
    return json.loads((RT / f"{name}.json").read_text(encoding="utf-8-sig"))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _report(name: str, passed: int, total: int, floor: float) -> None:
    rate = passed / total
    print(f"\n{name}: {passed}/{total} = {rate:.1%} (floor {floor:.0%})")
    assert rate >= floor, f"{name}: pass rate {rate:.1%} fell below the floor {floor:.0%}"


def test_number_model_parse():
    ok = total = 0
    for case in _load("NumberModel"):
        if not case["Results"]:
            total += 1
            try:
                parse_number(case["Input"])
            except ValueError:
                ok += 1
            continue
        for r in case["Results"]:
            total += 1
            with contextlib.suppress(ValueError):
                ok += _close(parse_number(r["Text"]), float(r["Resolution"]["value"]))
    _report("Recognizers-Text NumberModel (parse_number per span + negatives)", ok, total, 0.95)


def _rate_find(cases, check) -> tuple[int, int]:
    ok = 0
    for case in cases:
        qs = find_quantities(case["Input"])
        with contextlib.suppress(ValueError, KeyError, IndexError):
            ok += bool(check(case, qs))
    return ok, len(cases)


def _percent_ok(case, qs) -> bool:
    ps = [q for q in qs if q.kind == "percent"]
    exp = case["Results"]
    if len(ps) != len(exp):
        return False
    return all(_close(q.value, float(r["Resolution"]["value"].rstrip("%"))) for q, r in zip(ps, exp))


def test_percent_model():
    ok, total = _rate_find(_load("PercentModel"), _percent_ok)
    _report("Recognizers-Text PercentModel (find_quantities)", ok, total, 0.84)


def _money_ok(case, qs) -> bool:
    ms = [q for q in qs if q.kind == "money"]
    exp = case["Results"]
    if len(ms) != len(exp):
        return False
    for q, r in zip(ms, exp):
        if q.unit != "CNY" or not _close(q.value, float(r["Resolution"]["value"])):
            return False
        if (q.start, q.end) != (r["Start"], r["End"] + 1):
            return False
    return True


def test_currency_model_cny():
    cases = [c for c in _load("CurrencyModel")
             if c["Results"] and all(r["Resolution"].get("isoCurrency") == "CNY"
                                     and r["Resolution"].get("value") for r in c["Results"])]
    ok, total = _rate_find(cases, _money_ok)
    _report("Recognizers-Text CurrencyModel, CNY subset (find_quantities)", ok, total, 0.80)


def _dimension_ok(case, qs) -> bool:
    exp = case["Results"]
    ds = [q for q in qs if q.kind in ("area", "mass", "length")]
    if len(ds) != len(exp):
        return False
    return all(_close(q.value, float(r["Resolution"]["value"])) and q.unit == DIMENSION_UNITS[r["Resolution"]["unit"]]
               for q, r in zip(ds, exp))


def test_dimension_model_in_scope():
    cases = [c for c in _load("DimensionModel")
             if all(r["Resolution"].get("unit") in DIMENSION_UNITS for r in c["Results"])]
    ok, total = _rate_find(cases, _dimension_ok)
    _report("Recognizers-Text DimensionModel, units in scope (find_quantities)", ok, total, 0.95)


def _jio_cases(name: str):
    data = json.loads((JIO / name).read_text(encoding="utf-8"))
    return data["cases"] if isinstance(data, dict) else data


def test_jionlp_money_parser_with_currency_word():
    cases = [c for c in _jio_cases("money_parser.json")
             if any(w in c["input"] for w in ("元", "币", "铢", "卢布", "块", "圆"))]
    ok = 0
    for c in cases:
        ms = [q for q in find_quantities(c["input"]) if q.kind == "money"]
        exp = c["expected"]
        if len(ms) != 1 or ms[0].unit != ISO.get(exp["case"], "?"):
            continue
        q = ms[0]
        if isinstance(exp["num"], list):
            lo, hi = (float(x) for x in exp["num"])
            ok += q.value_low is not None and _close(q.value_low, lo) and _close(q.value_high, hi)
        else:
            ok += _close(q.value, float(exp["num"]))
    _report("JioNLP money_parser, cases with a currency word (find_quantities)", ok, len(cases), 0.77)


def test_jionlp_money_extractor():
    cases = _jio_cases("money_extractor.json")
    ok = 0
    for c in cases:
        got = [(q.qualifier_start, q.qualifier_end) for q in find_quantities(c["input"]) if q.kind == "money"]
        ok += got == [tuple(e["offset"]) for e in c["expected"]]
    _report("JioNLP money_extractor (exact spans)", ok, len(cases), 0.85)
