"""The test corpus in tests/data/corpus: every file reads and cleans, ids are stable, encodings and
metadata arrive, and figures planted in eight articles come out as a researcher would read them.

The articles are our own writing (invented facts) in the genre of the embedded article. Where the
extractor gets a planted figure wrong, the expectation stays correct and the case is marked
``xfail(strict=True)`` with the reason, so the miss is visible and a fix turns it into a failure
that asks for the mark to be removed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.extract import figures, segmentation
from helpers.run.inputs import clean_one, iter_inputs
from helpers.store.textio import read_text

CORPUS = Path(__file__).parents[1] / "data" / "corpus"

#: every article in the corpus, by path relative to CORPUS, with the encoding it was saved in.
ENCODINGS = {
    "hechuan_smart_equipment.txt": "utf-8",
    "yongchuan_robot_valley.txt": "utf-8",
    "kaizhou_garment_transfer.txt": "gb18030",
    "liangping_food_park.txt": "utf-8",
    "liangjiang_new_energy.txt": "utf-8-sig",  # BOM and CRLF line ends
    "fuling_zhacai_chain.txt": "gb18030",
    "jiulongpo_digital_economy.txt": "utf-8",
    "wanzhou_port_container.txt": "utf-8",
    "qianjiang_brief.txt": "utf-8",
    "qijiang_gear_industry.txt": "gb18030",
    "dazu_hardware_tools.txt": "utf-8",
    "tongliang_electronics.txt": "utf-8",
    "tongnan_lemon_industry.txt": "utf-8",
    "rongchang_livestock.txt": "utf-16",  # little-endian with BOM
    "bishan_battery_supply.txt": "utf-8",
    "jiangjin_port_equipment.txt": "utf-8",
    "changshou_new_materials.txt": "gb18030",
    "nanchuan_herbal_medicine.txt": "utf-8",
    "dianjiang_food_processing.txt": "utf-8",
    "zhongxian_citrus_chain.txt": "utf-8",
    "yunyang_cultural_tourism.txt": "utf-8",
    "fengjie_navel_orange.txt": "utf-8-sig",  # BOM and CRLF line ends
    "wushan_crisp_plum.txt": "utf-8",
    "shizhu_coptis_medicine.txt": "utf-8",
    "xiushan_ecommerce_logistics.txt": "utf-8",
    "chengdu_aviation_parts.txt": "utf-8",
    "xian_hard_technology.txt": "utf-8",
    "suzhou_enterprises_go_west.txt": "utf-8",
    "commentary_industry_transfer.txt": "utf-8",
    "beibei_research_platform.txt": "utf-8",
    "district/hechuan_logistics.txt": "utf-8",
    "district/youyang_tea_industry.txt": "utf-8",
    "district/pengshui_clean_energy.txt": "gb18030",
    "district/wulong_tourism_services.txt": "utf-8",
    "district/fengdu_beef_cattle.txt": "utf-8",
    "district/chengkou_wuxi_mountain.txt": "utf-16",  # little-endian, no BOM
}
NOT_IN_METADATA = {"dianjiang_food_processing.txt", "beibei_research_platform.txt", "qianjiang_brief.txt",
                   "suzhou_enterprises_go_west.txt", "district/youyang_tea_industry.txt"}


def _metadata_rows() -> list[dict]:
    text = (CORPUS / "metadata.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture(scope="module")
def inputs():
    return iter_inputs(CORPUS)


@pytest.fixture(scope="module")
def by_rel(inputs):
    """{path relative to CORPUS: (InputDoc, cleaned document)} for the whole corpus."""
    return {d.path.relative_to(CORPUS).as_posix(): (d, clean_one(d).document) for d in inputs}


# ----------------------------------------------------------------------------- files

def test_corpus_is_what_the_table_says():
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.txt")}
    assert files == set(ENCODINGS)
    assert len(files) == 36
    assert sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file()) < 150_000
    assert all(re.fullmatch(r"[a-z0-9_/]+\.txt", f) for f in files)


def test_every_file_decodes_and_cleans(by_rel):
    assert set(by_rel) == set(ENCODINGS)
    for rel, (doc, cleaned) in by_rel.items():
        text = cleaned["text"]
        assert cleaned["title"], rel
        assert "\r" not in text and "\ufeff" not in text and "\ufffd" not in text, rel
        body = [p["text"] for p in cleaned["paragraphs"] if p["kind"] == "body"]
        assert body, rel
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        assert cjk >= (60 if rel == "qianjiang_brief.txt" else 200), rel
        assert len(read_text(doc.path).text) <= 900, rel


@pytest.mark.parametrize("rel", sorted(ENCODINGS))
def test_encoding_detected(rel):
    decoded = read_text(CORPUS / rel)
    assert decoded.encoding.startswith(ENCODINGS[rel]), (rel, decoded.encoding)
    if ENCODINGS[rel] == "utf-8-sig":
        assert decoded.had_bom and decoded.line_ends == "CRLF"
    assert decoded.had_bom == (ENCODINGS[rel] == "utf-8-sig" or rel == "rongchang_livestock.txt")


def test_doc_ids_unique_and_stable(inputs):
    again = iter_inputs(CORPUS)
    assert [(d.path, d.doc_id) for d in inputs] == [(d.path, d.doc_id) for d in again]
    ids = [d.doc_id for d in inputs]
    assert len(ids) == len(set(ids)) == 36
    by_name = {d.path.relative_to(CORPUS).as_posix(): d.doc_id for d in inputs}
    assert by_name["hechuan_smart_equipment.txt"] == "cq-2025-0714-hechuan"  # from metadata.csv
    assert by_name["yongchuan_robot_valley.txt"] == "yongchuan_robot_valley"  # metadata without doc_id
    # the same file name in two folders must not collide
    assert by_name["district/hechuan_logistics.txt"] != by_name["hechuan_smart_equipment.txt"]


def test_single_file_and_glob_give_the_same_ids_for_top_level_files():
    one = iter_inputs(CORPUS / "fuling_zhacai_chain.txt")
    assert [d.doc_id for d in one] == ["fuling_zhacai_chain"]
    assert one[0].meta["date"] == "2025-08"
    globbed = iter_inputs(str(CORPUS / "*.txt"))
    assert len(globbed) == 30


# ----------------------------------------------------------------------------- metadata

def test_metadata_covers_most_files():
    rows = _metadata_rows()
    listed = {r["file"] for r in rows}
    assert listed | NOT_IN_METADATA == set(ENCODINGS)
    assert not listed & NOT_IN_METADATA
    dates = [r["date"] for r in rows]
    assert "" in dates
    assert {len(d) for d in dates} == {0, 4, 7, 10}  # empty, YYYY, YYYY-MM, YYYY-MM-DD


def test_metadata_dates_applied_in_the_top_folder(by_rel):
    for row in _metadata_rows():
        if "/" in row["file"] or not row["date"]:
            continue
        doc, cleaned = by_rel[row["file"]]
        assert cleaned["date"] == row["date"], row["file"]
        assert cleaned["source"] == row["source"], row["file"]
        if row["doc_id"]:
            assert doc.doc_id == row["doc_id"]
        if row["title"]:
            assert cleaned["title"] == row["title"]


def test_metadata_fallbacks(by_rel):
    # an empty date in metadata falls back to the dateline printed above the headline
    assert by_rel["tongliang_electronics.txt"][1]["date"] == "2024-09-12"
    # files left out of metadata.csv: no date unless the text carries one, no source
    for rel in NOT_IN_METADATA - {"district/youyang_tea_industry.txt"}:
        assert by_rel[rel][1]["source"] is None, rel
    assert by_rel["dianjiang_food_processing.txt"][1]["date"] is None


def test_metadata_reaches_files_in_a_subfolder(by_rel):
    for row in _metadata_rows():
        if "/" not in row["file"]:
            continue
        doc, cleaned = by_rel[row["file"]]
        assert cleaned["date"] == row["date"], row["file"]
        assert cleaned["source"] == row["source"], row["file"]
        if row["doc_id"]:
            assert doc.doc_id == row["doc_id"]


# ----------------------------------------------------------------------------- defects and thin documents

@pytest.mark.parametrize("rel, fragment", [
    ("hechuan_smart_equipment.txt", "智能装备产业产值突破500亿元"),   # break inside 装备, blank line between
    ("wanzhou_port_container.txt", "正在加紧建设，计划投资18亿元"),     # break inside 建设
    ("xiushan_ecommerce_logistics.txt", "吞吐量突破1000万吨"),       # break between 突破 and its number
    ("dazu_hardware_tools.txt", "在大足龙水五金市场，刀具、锁具、农具摆满了货架"),  # spaces between words
    ("wushan_crisp_plum.txt", "带动12.4万名果农增收"),                  # spaced number and words
    ("bishan_battery_supply.txt", "新签约项目不少于20个"),           # break inside 不少于
])
def test_ocr_defects_are_repaired(by_rel, rel, fragment):
    assert fragment in by_rel[rel][1]["text"]


def test_stray_glyphs_and_related_lists(by_rel):
    for rel, (_, cleaned) in by_rel.items():
        assert not re.search(r"[жш]", cleaned["text"]), rel
        assert not re.search(r"[\u4e00-\u9fff],[\u4e00-\u9fff]", cleaned["text"]), rel
        assert "》" not in cleaned["text"], rel
    related = {rel: [r["page"] for r in c["related"]] for rel, (_, c) in by_rel.items() if c["related"]}
    assert related == {"hechuan_smart_equipment.txt": [4, 5], "liangping_food_park.txt": [6, 7],
                       "wanzhou_port_container.txt": [1, 2], "qijiang_gear_industry.txt": [3]}


def _figures(cleaned: dict) -> pd.DataFrame:
    return figures.extract_figures(cleaned, segmentation.split_sentences(cleaned))


def test_thin_documents(by_rel):
    commentary = by_rel["commentary_industry_transfer.txt"][1]
    assert len(_figures(commentary)) == 0
    nodate = by_rel["dianjiang_food_processing.txt"][1]
    assert nodate["date"] is None
    assert len(figures.extract_dates(nodate, segmentation.split_sentences(nodate))) == 0
    assert len(_figures(nodate)) > 0
    brief = by_rel["qianjiang_brief.txt"][1]
    body = [p for p in brief["paragraphs"] if p["kind"] == "body"]
    assert len(body) == 1 and body[0]["text"].count("。") == 2


# ----------------------------------------------------------------------------- planted figures

def _miss(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


#: (file, text, value, unit, kind, qualifier, place: the scope)
PLANTED = [
    ("hechuan_smart_equipment.txt", "218.6亿元", 21_860_000_000.0, "CNY", "money", "exact", "合川区"),
    ("hechuan_smart_equipment.txt", "三百零五家", 305.0, "家", "count", "exact", "合川区"),
    ("hechuan_smart_equipment.txt", "突破500亿元", 50_000_000_000.0, "CNY", "money",
     "more_than+forecast", "合川区"),
    ("yongchuan_robot_valley.txt", "８６．５亿元", 8_650_000_000.0, "CNY", "money", "exact", "永川区"),
    ("yongchuan_robot_valley.txt", "约８０００人", 8000.0, "人", "count", "approx", "永川区"),
    ("yongchuan_robot_valley.txt", "２６０亿元", 26_000_000_000.0, "CNY", "money", "forecast", "永川区"),
    ("kaizhou_garment_transfer.txt", "一十八点五亿元", 1_850_000_000.0, "CNY", "money", "exact", "开州区"),
    ("kaizhou_garment_transfer.txt", "一千二百人", 1200.0, "人", "count", "forecast", "开州区"),
    ("kaizhou_garment_transfer.txt", "突破一百亿元", 10_000_000_000.0, "CNY", "money", "more_than+forecast", "开州区"),
    ("fuling_zhacai_chain.txt", "三十八家", 38.0, "家", "count", "exact", "涪陵区"),
    ("fuling_zhacai_chain.txt", "35,000吨以上", 35_000.0, "吨", "mass", "more_than", "涪陵区"),
    ("fuling_zhacai_chain.txt", "百分之七点三", 7.3, "%", "percent", "exact", "涪陵区"),
    ("wanzhou_port_container.txt", "1,460万吨", 14_600_000.0, "吨", "mass", "exact", "万州区"),
    ("wanzhou_port_container.txt", "约2300人", 2300.0, "人", "count", "approx", "万州区"),
    ("wanzhou_port_container.txt", "12条", 12.0, "条", "count", "exact", "万州区"),
    ("dazu_hardware_tools.txt", "一百五十余家", 150.0, "家", "count", "more_than", "大足区"),
    ("dazu_hardware_tools.txt", "三万余人", 30_000.0, "人", "count", "more_than", "大足区"),
    ("dazu_hardware_tools.txt", "312亿元", 31_200_000_000.0, "CNY", "money", "exact", "大足区"),
    ("rongchang_livestock.txt", "二百一十六亿元", 21_600_000_000.0, "CNY", "money", "exact", "荣昌区"),
    ("rongchang_livestock.txt", "4.2亿元", 420_000_000.0, "CNY", "money", "exact", "荣昌区"),
    ("rongchang_livestock.txt", "超过300亿元", 30_000_000_000.0, "CNY", "money",
     "more_than+forecast", "荣昌区"),
    ("bishan_battery_supply.txt", "突破600亿元", 60_000_000_000.0, "CNY", "money", "more_than", "璧山区"),
    ("bishan_battery_supply.txt", "20亿元", 2_000_000_000.0, "CNY", "money", "exact", "璧山区"),
    ("bishan_battery_supply.txt", "不少于20个", 20.0, "个", "count", "more_than+forecast", "璧山区"),
    # the speaker's place anchors what the speaker says (X区相关负责人表示, X区交通局相关负责人介绍)
    ("dazu_hardware_tools.txt", "15家", 15.0, "家", "count", "forecast", "大足区"),
    ("fuling_zhacai_chain.txt", "七十万亩左右", 700_000.0, "亩", "area", "approx", "涪陵区"),
    ("wanzhou_port_container.txt", "18亿元", 1_800_000_000.0, "CNY", "money", "forecast", "万州区"),
    ("wanzhou_port_container.txt", "四十万标箱", 400_000.0, "标箱", "other", "forecast", "万州区"),
    ("xiushan_ecommerce_logistics.txt", "突破1000万吨", 10_000_000.0, "吨", "mass", "more_than+forecast",
     "秀山土家族苗族自治县"),
]


@pytest.mark.parametrize("rel, text, value, unit, kind, qualifier, place", PLANTED)
def test_planted_figure(by_rel, rel, text, value, unit, kind, qualifier, place):
    f = _figures(by_rel[rel][1])
    # the exact text, else the figure whose text overlaps it (so a miss shows what was found)
    rows = f[f["text"] == text]
    if not len(rows):
        rows = f[[t in text or text in t for t in f["text"]]]
    assert len(rows), f"{text!r} not found; figures are {f['text'].tolist()}"
    got = rows.iloc[0]
    assert (got["text"], got["value"], got["unit"], got["kind"], got["qualifier"], got["place"]) == (
        text, pytest.approx(value), unit, kind, qualifier, place)
