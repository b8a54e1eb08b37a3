"""Sentences and tokens on real sentences of the genre, with exact expected outputs."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import paths
from helpers.extract import lexicon
from helpers.extract.cleaning import clean_document
from helpers.extract.quantities import find_quantities
from helpers.extract.segmentation import agreement, dictionary_words, get_tokenizer, segment, split_sentences, tokenize
from helpers.store import schemas
from helpers.store.textio import read_text


def make_document(*paragraphs: str | tuple[str, str], doc_id: str = "t", sep: str = "\n\n") -> dict:
    """A document dict as the cleaning stage builds it: paragraphs as (kind, text) or body text."""
    text, paras = "", []
    for k, p in enumerate(paragraphs):
        kind, ptext = p if isinstance(p, tuple) else ("body", p)
        if text:
            text += sep
        start = len(text)
        text += ptext
        paras.append(
            {"para_id": k, "kind": kind, "section": "s1" if k else "", "text": ptext,
             "start": start, "end": len(text)}
        )
    return {"doc_id": doc_id, "text": text, "paragraphs": paras}


# ---------------------------------------------------------------- sentences

SENTENCE_CASES = [
    pytest.param(
        "从国家层面看，推动产业有序转移是重大决策。我市通过集中对接东部优质产业资源，贡献力量。",
        ["从国家层面看，推动产业有序转移是重大决策。", "我市通过集中对接东部优质产业资源，贡献力量。"],
        id="full-stop",
    ),
    pytest.param(
        "璧山通过承接比亚迪动力电池项目，同步带动本地配套企业20多家；永川瞄准引入机器人与智能终端产业。",
        ["璧山通过承接比亚迪动力电池项目，同步带动本地配套企业20多家；", "永川瞄准引入机器人与智能终端产业。"],
        id="semicolon-ends-clause",
    ),
    pytest.param(
        "他说：“明年还要再建一个工厂。”随后离开了会场。",
        ["他说：“明年还要再建一个工厂。”随后离开了会场。"],
        id="short-quote-not-split",
    ),
    pytest.param(
        "这是真的吗？！当然是。",
        ["这是真的吗？！", "当然是。"],
        id="terminator-run",
    ),
    pytest.param(
        "企业负责人表示：“我们来重庆，看中的是产业链。”",
        ["企业负责人表示：“我们来重庆，看中的是产业链。”"],
        id="closing-quote-stays",
    ),
    pytest.param(
        "（本报记者 夏元）重庆加快承接产业转移。（完）",
        ["（本报记者 夏元）重庆加快承接产业转移。", "（完）"],
        id="brackets",
    ),
    pytest.param(
        "汽车、电子……等产业加快集聚。市场在变化……企业也在变化。",
        ["汽车、电子……等产业加快集聚。", "市场在变化……", "企业也在变化。"],
        id="ellipsis-in-list-vs-clause-end",
    ),
    pytest.param(
        "负责人说：“过去一年，我们引进了102个项目，落地投资1475亿元。今年还将继续扩大合作成果，"
        "引入更多高质量项目。我们有信心完成全年目标！”记者了解到，活动将于下月举办。",
        [
            "负责人说：“过去一年，我们引进了102个项目，落地投资1475亿元。",
            "今年还将继续扩大合作成果，引入更多高质量项目。",
            "我们有信心完成全年目标！”",
            "记者了解到，活动将于下月举办。",
        ],
        id="long-quoted-speech-split",
    ),
    pytest.param(
        '在两江新区,三一重工"灯塔工厂"生产线上,多台机器人不停挥舞机器臂。比如"重庆造。"汽车',
        ['在两江新区,三一重工"灯塔工厂"生产线上,多台机器人不停挥舞机器臂。', '比如"重庆造。"汽车'],
        id="ascii-quotes-ocr",
    ),
    pytest.param(
        "“项目投产一产值贡献一就业带动”循环已经形成。",
        ["“项目投产一产值贡献一就业带动”循环已经形成。"],
        id="no-terminator-inside",
    ),
    pytest.param(
        "第一行没有句号\n第二行也没有",
        ["第一行没有句号", "第二行也没有"],
        id="line-end",
    ),
    pytest.param(
        "成为产业承接集群化发展“主力军”——",
        ["成为产业承接集群化发展“主力军”——"],
        id="dash-at-end",
    ),
    pytest.param(
        "“重庆造”产品远销东南亚。”剩下的引号丢了。",
        ["“重庆造”产品远销东南亚。”", "剩下的引号丢了。"],
        id="stray-closer-stays",
    ),
    pytest.param(
        "他问：“还有多久？",
        ["他问：“还有多久？"],
        id="unclosed-opener",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences_table(text, expected):
    doc = make_document(text)
    got = split_sentences(doc)
    assert got["text"].tolist() == expected


def test_sentences_contract_offsets_and_kinds():
    doc = make_document(
        ("title", "加速东西部产业协同合作 重庆书写产业承接转移新篇章"),
        ("byline", "□夏元"),
        ("heading", "“创新链、产业链、资金链、人才链”四链协同承接"),
        ("body", "  在产业转移承接中，重庆并非简单地实行“拿来主义”。而是通过方式创新。  "),
    )
    got = split_sentences(doc)
    assert list(got.columns) == schemas.TABLES["sentences"].names
    assert got["sent_id"].tolist() == [0, 1, 2, 3]
    assert got["para_id"].tolist() == [0, 2, 3, 3]
    assert got["section"].tolist() == ["", "s1", "s1", "s1"]
    assert "□夏元" not in got["text"].tolist()
    for row in got.itertuples():
        assert doc["text"][row.start : row.end] == row.text
        assert row.text == row.text.strip()
    assert got["text"].iloc[2] == "在产业转移承接中，重庆并非简单地实行“拿来主义”。"


def test_empty_document():
    got = split_sentences({"doc_id": "e", "text": "", "paragraphs": []})
    assert list(got.columns) == schemas.TABLES["sentences"].names
    assert len(got) == 0


# ---------------------------------------------------------------- tokens


@pytest.fixture(scope="module", params=["jieba", "rjieba"])
def engine(request):
    get_tokenizer(request.param)  # build once per module (about a second for jieba)
    return request.param


def tokens_of(text: str, engine: str = "jieba") -> list[str]:
    doc = make_document(text)
    return tokenize(doc, split_sentences(doc), engine)["token"].tolist()


TOKEN_CASES = [
    pytest.param("在两江新区，三一重工“灯塔工厂”生产线上", ["在", "两江新区", "，", "三一重工", "“", "灯塔工厂", "”", "生产线", "上"], id="names-and-terms"),
    pytest.param("其自主研发生产的“刀片电池”为整车企业提供配套", ["其", "自主", "研发", "生产", "的", "“", "刀片电池", "”", "为", "整车企业", "提供", "配套"], id="blade-battery"),
    pytest.param("带动就业超过1.2万人", ["带动", "就业", "超过", "1.2万人"], id="figure-1.2wan-people"),
    pytest.param("建成两万亩特色产业园", ["建成", "两万亩", "特色", "产业园"], id="figure-two-wan-mu"),
    pytest.param("落地投资1475亿元", ["落地", "投资", "1475亿元"], id="figure-yuan"),
    pytest.param("工信部电子五所与我市达成合作协议", ["工信部电子五所", "与", "我市", "达成", "合作", "协议"], id="numeral-inside-name-is-no-figure"),
    pytest.param("西部（重庆）科学城连续举办对接会", ["西部（重庆）科学城", "连续", "举办", "对接", "会"], id="bracketed-name"),
    pytest.param("重庆与长三角、粤港澳大湾区等东部沿海实现产业互补", ["重庆", "与", "长三角", "、", "粤港澳大湾区", "等", "东部", "沿海", "实现", "产业", "互补"], id="blocs"),
    pytest.param("自我市于2023年11月首次承办该活动", ["自", "我市", "于", "2023", "年", "11", "月", "首次", "承办", "该", "活动"], id="self-reference"),
    pytest.param("汽车芯片国产化进程加快", ["汽车芯片", "国产化", "进程", "加快"], id="term-chip"),
    pytest.param("引入国际领先的8英寸晶圆制造技术", ["引入", "国际", "领先", "的", "8英寸", "晶圆", "制造", "技术"], id="figure-inch-wafer"),
    # general text: the lexicon must not hurt it
    pytest.param("这家餐馆把传统工艺与现代口味相结合川菜和粤菜都很受欢迎。", ["这家", "餐馆", "把", "传统工艺", "与", "现代", "口味", "相结合", "川菜", "和", "粤菜", "都", "很", "受欢迎", "。"], id="general-hechuan-trap"),
    pytest.param("他站在河南岸边，看着渡船慢慢靠岸。", ["他", "站", "在", "河南", "岸边", "，", "看着", "渡船", "慢慢", "靠岸", "。"], id="general-nan-an-trap"),
    pytest.param("新型长寿命电池的研发取得突破。", ["新型", "长寿命", "电池", "的", "研发", "取得", "突破", "。"], id="general-changshou-trap"),
    pytest.param("他们在江边散步，看着两江交汇处的夜景。", ["他们", "在", "江边", "散步", "，", "看着", "两江", "交汇处", "的", "夜景", "。"], id="general-liangjiang-trap"),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens_table(engine, text, expected):
    assert tokens_of(text, engine) == expected


def test_tokens_contract_flags_and_offsets(engine):
    doc = make_document("在璧山，比亚迪带动就业超过1.2万人。我们 看到 产业链 的变化！")
    sents = split_sentences(doc)
    got = tokenize(doc, sents, engine)
    assert list(got.columns) == schemas.TABLES["tokens"].names
    for row in got.itertuples():
        assert doc["text"][row.start : row.end] == row.token
        assert row.token.strip() == row.token != ""
        sent = sents.loc[sents.sent_id == row.sent_id].iloc[0]
        assert sent.start <= row.start < row.end <= sent.end
    assert got.groupby("sent_id")["i"].apply(list).tolist() == [
        list(range(n)) for n in got.groupby("sent_id").size()
    ]
    fig = got[got.is_figure]
    assert fig["token"].tolist() == ["1.2万人"] and set(fig["pos"]) == {"m"}
    assert not fig["is_stop"].any()
    by = dict(zip(got.token, got.is_stop))
    assert by["我们"] and by["的"] and not by["产业链"]


def test_entity_flags_and_tags():
    doc = make_document("在两江新区，三一重工与重庆邮电大学沿西部陆海新通道合作。")
    got = tokenize(doc, split_sentences(doc), quantities=[])
    ents = got[got.is_entity]
    assert ents["token"].tolist() == ["两江新区", "三一重工", "重庆邮电大学", "西部陆海新通道"]
    assert ents["pos"].tolist() == ["ns", "nt", "nt", "nz"]


def test_explicit_quantities_and_crossing_spans():
    doc = make_document("产值50亿元。税收1.73亿元")
    sents = split_sentences(doc)
    # a span crossing the sentence end is not kept whole; spans may be tuples, dicts or objects
    got = tokenize(doc, sents, quantities=[(2, 6), {"start": 5, "end": 10}, (9, 15)])
    assert got[got.is_figure]["token"].tolist() == ["50亿元", "1.73亿元"]
    assert tokenize(doc, sents, quantities=[])["is_figure"].sum() == 0


def test_tokenizer_is_cached_and_quiet(capfd):
    a = get_tokenizer("jieba")
    assert get_tokenizer("jieba") is a
    import jieba

    assert isinstance(a.tokenizer, jieba.Tokenizer) and a.tokenizer is not jieba.dt
    # the cache lives in the project (not jieba's shared /tmp/jieba.cache, where users collide)
    assert Path(a.tokenizer.tmp_dir) == paths.CACHE / "jieba"
    get_tokenizer("jieba", with_lexicon=False).tag("两江新区")
    assert "Building prefix dict" not in capfd.readouterr().err
    with pytest.raises(ValueError, match="unknown segmentation engine"):
        get_tokenizer("thulac")


@pytest.mark.parametrize(("text", "with_lexicon", "words"), [
    ("新能源汽车", True, ["新能源汽车"]),  # a lexicon term is one word
    ("新能源汽车", False, ["新能源", "汽车"]),
    ("璧山比亚迪", True, ["璧山", "比亚迪"]),
    ("渝㐀", True, ["渝", "㐀"]),  # a character the dictionary lacks stays alone (no HMM guesses)
])
def test_dictionary_words(text, with_lexicon, words):
    assert dictionary_words(text, with_lexicon=with_lexicon) == words


# ---------------------------------------------------------------- the embedded article


@pytest.fixture(scope="module")
def article(article_path):
    doc = clean_document(read_text(article_path), "cq_industry_transfer", {}).document
    sents = split_sentences(doc)
    return doc, sents, tokenize(doc, sents, "jieba")


def test_article_sentences(article):
    doc, sents, _ = article
    assert sents["sent_id"].tolist() == list(range(len(sents)))
    assert (sents["start"].diff().dropna() > 0).all()
    for row in sents.itertuples():
        assert doc["text"][row.start : row.end] == row.text
    # balanced quotes: no sentence ends inside “...”
    for t in sents["text"]:
        assert t.count("“") == t.count("”"), t


def test_article_names_are_single_tokens(article):
    _, sents, toks = article
    names = sorted((w for w in lexicon.entity_names() if not set(w) & set("“”\"《》")), key=len, reverse=True)
    rx = re.compile("|".join(map(re.escape, names)))
    spans = set(zip(toks.start, toks.end))
    missed = [
        m.group()
        for row in sents.itertuples()
        for m in rx.finditer(row.text)
        if (row.start + m.start(), row.start + m.end()) not in spans
    ]
    assert missed == []
    found = set(toks.loc[toks.is_entity, "token"])
    assert {"两江新区", "三一重工", "比亚迪", "赛力斯", "宁德时代", "西部陆海新通道", "璧山", "永川",
            "西部（重庆）科学城", "中欧班列（成渝）", "重庆邮电大学"} <= found


def test_article_figures_are_single_tokens(article):
    doc, sents, toks = article
    spans = set(zip(toks.start, toks.end))
    figs = set(zip(toks.loc[toks.is_figure, "start"], toks.loc[toks.is_figure, "end"]))
    names = lexicon.entity_names()
    for q in find_quantities(doc["text"]):
        inside_sentence = ((sents.start <= q.start) & (q.end <= sents.end)).any()
        inside_name = toks[(toks.start <= q.start) & (q.end <= toks.end) & toks.token.isin(names)]
        if inside_sentence and inside_name.empty:
            assert (q.start, q.end) in spans and (q.start, q.end) in figs, doc["text"][q.start : q.end]
    assert {"1475亿元", "1.2万人", "两万亩", "8英寸"} <= set(toks.loc[toks.is_figure, "token"])


def test_article_no_token_crosses_a_sentence(article):
    _, sents, toks = article
    merged = toks.merge(sents[["sent_id", "start", "end"]], on="sent_id", suffixes=("", "_s"))
    assert ((merged.start >= merged.start_s) & (merged.end <= merged.end_s)).all()
    assert len(merged) == len(toks)


# ---------------------------------------------------------------- two engines

GENERAL = [
    "国家统计局今天发布数据，上半年国内生产总值同比增长百分之五点三。",
    "央行宣布下调存款准备金率零点五个百分点，释放长期资金约一万亿元。",
    "本赛季他场均得分二十八分，带领球队打进季后赛。",
    "铁路部门预计，春运期间全国铁路将发送旅客四亿八千万人次。",
    "研究团队在国际期刊上发表论文，揭示了水稻耐盐碱的机制。",
    "农民合作社通过电商平台把土特产卖到了全国各地。",
    "这座古镇保留了大量明清时期的建筑，是重要的文化遗产。",
    "芯片短缺导致部分车企减产，汽车芯片国产化进程加快。",
    "碳化硅功率器件在新能源汽车上的应用越来越广泛。",
    "这家银行推出了面向科技型企业的专属贷款产品。",
]

#: Floors under the measured agreement (article 0.995 boundary F1; see the lexicon README).
BOUNDARY_F1_FLOOR = 0.98
TOKEN_F1_FLOOR = 0.95


def test_engines_agree_on_the_article(article):
    _, sents, _ = article
    body = "\n".join(sents["text"])
    got = agreement(body)
    assert got["boundary_f1"] >= BOUNDARY_F1_FLOOR, got["differences"].most_common(10)
    assert got["token_f1"] >= TOKEN_F1_FLOOR


def test_engines_agree_on_article_pos_and_flags(article):
    doc, sents, toks_j = article
    toks_r = tokenize(doc, sents, "rjieba")
    same = toks_j.merge(toks_r, on=["start", "end"], suffixes=("_j", "_r"))
    assert len(same) >= 0.98 * len(toks_j)
    assert (same.pos_j == same.pos_r).mean() >= 0.99  # lexicon tags win in both engines
    assert toks_j.is_entity.sum() == toks_r.is_entity.sum()
    assert toks_j.is_figure.sum() == toks_r.is_figure.sum()


def test_engines_agree_on_general_text():
    got = agreement("\n".join(GENERAL))
    assert got["boundary_f1"] >= BOUNDARY_F1_FLOOR, got["differences"].most_common(10)
    assert got["token_f1"] >= TOKEN_F1_FLOOR


# ---------------------------------------------------------------- the lexicon does no harm


def _lexicon_changes(texts):
    """Sentences changed by adding the lexicon, tokens changed, and the new tokens."""
    changed, n_tok, n_changed, new = 0, 0, 0, Counter()
    for t in texts:
        a = {(x[2], x[3]): x[0] for x in segment(t, with_lexicon=False)}
        b = {(x[2], x[3]): x[0] for x in segment(t, with_lexicon=True)}
        n_tok += len(a)
        if a.keys() != b.keys():
            changed += 1
            n_changed += len(a.keys() - b.keys())
            new.update(b[k] for k in b.keys() - a.keys())
    return changed, n_tok, n_changed, new


def _check_no_harm(texts, max_share):
    _, n_tok, n_changed, new = _lexicon_changes(texts)
    words = {w for w, _, _ in lexicon.entries()}
    stock = get_tokenizer("jieba", with_lexicon=False).tokenizer.FREQ
    # every change forms a lexicon word (合川区, 新能源汽车) or, as the lexicon's frequencies
    # shift jieba's total a little, a word of jieba's own dictionary (铁路/部门 -> 铁路部门);
    # never a cut that no dictionary knows
    odd = {w for w in new if w not in words and not stock.get(w)}
    assert odd == set()
    assert n_changed <= max_share * n_tok


def test_lexicon_does_not_hurt_general_text():
    _check_no_harm(GENERAL + [c.values[0] for c in TOKEN_CASES if "general" in c.id], 0.05)


@pytest.mark.eval
def test_lexicon_does_not_hurt_peer_sentences(eval_dir):
    texts = []
    for path in sorted((eval_dir / "recognizers-text-zh").glob("*.json")):
        texts += [c["Input"] for c in json.loads(path.read_text(encoding="utf-8-sig")) if c.get("Input")]
    for path in sorted((eval_dir / "jionlp-money").glob("*.json")):
        texts += [c["input"] for c in json.loads(path.read_text(encoding="utf-8-sig"))["cases"]]
    assert len(texts) > 500
    _check_no_harm(list(dict.fromkeys(texts)), 0.01)
