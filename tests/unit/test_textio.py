"""Reading text: encodings Chinese news arrives in, line ends, files that are not text."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from helpers.errors import BadInput, BadUsage
from helpers.store import files, textio

SENTENCE = "在两江新区,三一重工\"灯塔工厂\"生产线上,多台机器人不停挥舞机器臂。\n今年,我市落地投资1475亿元。\n"
SHORT = "重庆两江新区"


@pytest.mark.parametrize("data, encoding, had_bom", [
    (SENTENCE.encode("utf-8"), "utf-8", False),
    (SENTENCE.encode("utf-8-sig"), "utf-8-sig", True),
    (SENTENCE.encode("gb18030"), "gb18030", False),
    (SENTENCE.encode("gbk"), "gb18030", False),
    (SENTENCE.encode("gb2312"), "gb18030", False),
    (SENTENCE.encode("utf-16"), "utf-16-le", True),
    (SENTENCE.encode("utf-16-le"), "utf-16-le", False),
    (SENTENCE.encode("utf-16-be"), "utf-16-be", False),
    (SHORT.encode("utf-16-le"), "utf-16-le", False),  # no ASCII, so no NUL bytes to go by
    (SHORT.encode("utf-16-be"), "utf-16-be", False),
    (SHORT.encode("gb18030"), "gb18030", False),
])
def test_encodings_are_detected(data, encoding, had_bom):
    d = textio.decode_bytes(data, "a.txt")
    assert (d.encoding, d.had_bom) == (encoding, had_bom)
    assert d.text in (SENTENCE, SHORT)


@pytest.mark.parametrize("ends, name", [("\r\n", "CRLF"), ("\r", "CR"), ("\n", "LF")])
def test_line_ends_are_normalised(ends, name):
    d = textio.decode_bytes(SENTENCE.replace("\n", ends).encode("gb18030"), "a.txt")
    assert d.text == SENTENCE and d.line_ends == name


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    ("  \u3000\n\t".encode("utf-8"), "white space"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a text file"),
    (b"PK\x03\x04" + bytes(range(256)), "not a text file"),
    (b"%PDF-1.7\n" + bytes(range(256)), "not a text file"),
    (bytes(range(256)) * 4, "not a text file|cannot detect"),
])
def test_not_text_is_bad_input_naming_the_file(data, problem):
    with pytest.raises(BadInput, match=problem) as err:
        textio.decode_bytes(data, "data/raw/x.txt")
    assert str(err.value).startswith("data/raw/x.txt: ")


def test_read_text_errors_name_the_path(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        textio.read_text(tmp_path / "missing.txt")
    with pytest.raises(BadInput, match="folder"):
        textio.read_text(tmp_path)


def test_read_text_never_writes(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(SENTENCE.encode("gb18030"))
    before = p.stat().st_mtime_ns, p.read_bytes()
    assert textio.read_text(p).text == SENTENCE
    assert (p.stat().st_mtime_ns, p.read_bytes()) == before


def test_atomic_write_replaces_whole_file(tmp_path):
    p = tmp_path / "sub" / "out.csv"
    files.write_text_atomic(p, "重庆\n", encoding="utf-8-sig")
    assert p.read_bytes() == "重庆\n".encode("utf-8-sig")
    with pytest.raises(RuntimeError), files.atomic_path(p) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert p.read_bytes() == "重庆\n".encode("utf-8-sig")
    assert [x.name for x in p.parent.iterdir()] == ["out.csv"]


# ----------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_atomic_write_gives_a_new_file_the_usual_permissions(tmp_path, umask):
    old = os.umask(umask)
    try:
        p = files.write_text_atomic(tmp_path / "figures.csv", "重庆\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_atomic_write_keeps_an_existing_files_permissions(tmp_path):
    p = tmp_path / "keywords.csv"
    p.write_text("old")
    p.chmod(0o640)
    files.write_text_atomic(p, "new")
    assert p.read_text() == "new" and stat.S_IMODE(p.stat().st_mode) == 0o640


def test_write_bytes_atomic_leaves_the_old_file_when_the_writer_fails(tmp_path, monkeypatch):
    p = tmp_path / "entities.csv"
    files.write_bytes_atomic(p, b"complete old product\n")

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        files.write_bytes_atomic(p, b"half of a new product")
    assert p.read_bytes() == b"complete old product\n"
    assert [x.name for x in tmp_path.iterdir()] == ["entities.csv"], "no temporary file left behind"


# ----------------------------------------------------------------------------- limits and encodings

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    p = tmp_path / "dump.txt"
    with open(p, "wb") as f:  # a sparse 50 MB file: created instantly, never read
        f.truncate(50_000_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(BadInput, match=r"dump.txt: file is 50 MB, over the limit of 2 MB"):
        textio.read_text(p)


def test_the_limits_can_be_raised(tmp_path, monkeypatch):
    p = tmp_path / "long.txt"
    p.write_text("重庆" * 60_000 + "。\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"line 1 is 120,001 characters long, over the limit of 100,000"):
        textio.read_text(p)
    monkeypatch.setenv("ZHNEWSDATA_MAX_LINE_CHARS", "200000")
    assert len(textio.read_text(p).text) == 120_002
    monkeypatch.setenv("ZHNEWSDATA_MAX_FILE_MB", "0.1")
    with pytest.raises(BadInput, match=r"over the limit of 0\.1 MB"):
        textio.read_text(p)


@pytest.mark.parametrize("data, encoding", [
    # 重庆... saved as UTF-8, read by some tool as Latin-1 and saved again as UTF-8
    (SENTENCE.encode("utf-8").decode("latin-1").encode("utf-8"), "utf-8 (repaired"),
    # GB18030 bytes read as Latin-1 and saved again as UTF-8
    (SENTENCE.encode("gb18030").decode("latin-1").encode("utf-8"), "gb18030 (repaired"),
])
def test_chinese_read_as_latin1_and_saved_again_is_repaired(data, encoding):
    d = textio.decode_bytes(data, "a.txt")
    assert d.text == SENTENCE and d.encoding.startswith(encoding)


def test_mojibake_that_lost_bytes_is_refused():
    data = SENTENCE.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
    with pytest.raises(BadInput, match="read as Latin-1 and saved again"):
        textio.decode_bytes(data, "a.txt")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_western_text_is_read_as_what_it_is(encoding):
    text = "Café économie résumé: coût de 3,5 % à Zürich, déjà plus élevé qu'en 2024.\n"
    d = textio.decode_bytes(text.encode(encoding), "a.txt")
    assert d.text == text  # never 'repaired' into Chinese, never mojibake (charset-normalizer said cp775)
    assert d.encoding in ("utf-8", "cp1252")


def test_utf8_cut_off_inside_its_last_character_keeps_the_rest():
    d = textio.decode_bytes(SENTENCE.encode("utf-8")[:-2], "a.txt")  # ends inside 。
    assert d.encoding == "utf-8" and d.text == SENTENCE[:-2]


def test_decode_bytes_applies_the_size_limit_too(monkeypatch):
    # corpus workers read the bytes themselves and call decode_bytes
    monkeypatch.setenv("ZHNEWSDATA_MAX_FILE_MB", "0.001")
    with pytest.raises(BadInput, match=r"x\.txt: file is 0\.0[0-9]+ MB, over the limit of 0\.001 MB"):
        textio.decode_bytes(SENTENCE.encode("utf-8") * 100, "x.txt")


def test_a_limit_set_under_the_old_variable_name_is_refused_not_ignored(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(SENTENCE, encoding="utf-8")
    monkeypatch.delenv("ZHNEWSDATA_MAX_FILE_MB", raising=False)
    monkeypatch.setenv("CNTEXT_MAX_FILE_MB", "5")
    with pytest.raises(BadUsage, match="CNTEXT_MAX_FILE_MB is now called ZHNEWSDATA_MAX_FILE_MB"):
        textio.read_text(p)


def test_a_run_with_an_old_limit_variable_stops_at_once_as_bad_usage(tmp_path, monkeypatch, capsys):
    from helpers import cli

    monkeypatch.delenv("ZHNEWSDATA_MAX_LINE_CHARS", raising=False)
    monkeypatch.setenv("CNTEXT_MAX_LINE_CHARS", "200000")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(SENTENCE, encoding="utf-8")
    code = cli.main(["run", "--input", str(folder), "--work-dir", str(tmp_path / "work"), "--no-progress"])
    assert code == 2
    assert "CNTEXT_MAX_LINE_CHARS is now called ZHNEWSDATA_MAX_LINE_CHARS" in capsys.readouterr().err
    assert not (tmp_path / "work").exists(), "nothing ran"


def test_a_corpus_metadata_csv_is_not_held_to_the_limit_for_one_article(tmp_path, monkeypatch):
    # 19,263 real broadcast items have a metadata.csv of 2.55 MB: over one article's limit, and fine
    from helpers.run import inputs

    monkeypatch.setenv("ZHNEWSDATA_MAX_FILE_MB", "0.01")
    rows = ["file,title,date"] + [f"d{i:05d}.txt,标题{i},2025-01-02" for i in range(1000)]
    (tmp_path / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert (tmp_path / "metadata.csv").stat().st_size > 20_000
    meta = inputs.read_metadata(tmp_path)
    assert len(meta) == 1000 and meta["d00999.txt"]["title"] == "标题999"
    article = tmp_path / "d00001.txt"
    article.write_text(SENTENCE * 400, encoding="utf-8")
    with pytest.raises(BadInput, match="for one article"):  # an article still is
        textio.read_text(article)
    with pytest.raises(BadInput, match=r"over the limit of 0\.001 MB"):
        textio.read_text(tmp_path / "metadata.csv", max_bytes=1000)
