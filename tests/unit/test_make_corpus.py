"""benchmarks/make_corpus.py: a small generated corpus decodes, cleans, yields figures, and repeats."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from helpers.extract import figures, segmentation
from helpers.run.inputs import clean_one, iter_inputs, read_metadata
from helpers.store.textio import read_text

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_corpus.py"


@pytest.fixture(scope="module")
def make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(make_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    return out, make_corpus.generate(out, 0.2, seed=3, docs_per_folder=40)


def test_summary_and_layout(corpus):
    out, summary = corpus
    files = sorted(out.rglob("*.txt"))
    assert summary["files"] == len(files) > 40
    assert summary["folders"] == len(list(out.glob("batch_*"))) >= 2
    assert 200_000 <= summary["article_bytes"] < 210_000
    assert summary["bytes"] == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert all(700 <= p.stat().st_size <= 6_500 for p in files)
    assert summary["encodings"].get("gb18030", 0) >= 2
    json.dumps(summary)


def test_every_file_decodes_and_metadata_reads(corpus):
    out, summary = corpus
    seen = {}
    for p in out.rglob("*.txt"):
        d = read_text(p)
        assert "\ufffd" not in d.text and "\x00" not in d.text
        seen[d.encoding] = seen.get(d.encoding, 0) + 1
    assert seen.get("gb18030") == summary["encodings"]["gb18030"]
    for folder in out.glob("batch_*"):
        meta = read_metadata(folder)
        assert 0 < len(meta) <= len(list(folder.glob("*.txt")))


def test_a_sample_cleans_and_yields_figures(corpus):
    out, _ = corpus
    docs = iter_inputs(out)
    assert len({d.doc_id for d in docs}) == len(docs)
    found = 0
    for d in docs[::8]:
        cleaned = clean_one(d).document
        assert cleaned["title"] and cleaned["text"]
        f = figures.extract_figures(cleaned, segmentation.split_sentences(cleaned))
        found += len(f)
        assert set(f["kind"]) <= {"money", "count", "percent", "area", "mass", "length", "other"}
    assert found > 20


def test_same_seed_same_bytes(make_corpus, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_corpus.generate(a, 0.03, seed=5)
    make_corpus.generate(b, 0.03, seed=5)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_command_line_refuses_a_used_folder(make_corpus, tmp_path, capsys):
    (tmp_path / "x.txt").write_text("keep me", encoding="utf-8")
    assert make_corpus.main([str(tmp_path), "--mb", "0.01"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "keep me"
    assert make_corpus.main([str(tmp_path / "new"), "--mb", "0.01", "--seed", "2"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["files"] >= 1 and line["seed"] == 2


@pytest.mark.parametrize("value, decimals, two, expected", [
    (305, 0, False, "三百零五"), (1200, 0, False, "一千二百"), (18.5, 1, False, "十八点五"),
    (20000, 0, True, "两万"), (1005, 0, False, "一千零五"), (120500, 0, False, "十二万零五百"),
    (7.3, 1, False, "七点三"), (10001, 0, False, "一万零一"),
])
def test_zh_number(make_corpus, value, decimals, two, expected):
    assert make_corpus.zh_number(value, decimals, two) == expected
