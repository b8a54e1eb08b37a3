"""Reading text: encodings Chinese news arrives in, line ends, files that are not text."""

from __future__ import annotations

import pytest

from helpers import textio
from helpers.errors import BadInput

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
    textio.write_text_atomic(p, "重庆\n", encoding="utf-8-sig")
    assert p.read_bytes() == "重庆\n".encode("utf-8-sig")
    with pytest.raises(RuntimeError):
        with textio.atomic_path(p) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert p.read_bytes() == "重庆\n".encode("utf-8-sig")
    assert [x.name for x in p.parent.iterdir()] == ["out.csv"]
