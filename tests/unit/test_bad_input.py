"""Bad input: every kind of dirty file gets the behaviour the README's "Bad input" section promises.

Single files go through the command line (``clean``, ``tokens``, ``figures``, ``entities``, ``run``):
either they are processed, or one line on stderr names the file and the problem, exit 1 (bad
input) or 2 (bad usage), never a traceback. A folder given to ``run`` processes what it can and the
index lists what was skipped and why; raw files are never written.
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT, tree_hash
from helpers import cli

ARTICLE = (ARTICLES / "clean_hechuan.txt").read_text(encoding="utf-8")
SHORT = "重庆市今年上半年签约项目8个，投资额50亿元。\n永川区引进企业超过20家。\n"


# ----------------------------------------------------------------------------- generated files

def png_bytes() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    """A real zip archive holding a Chinese text file (the text is inside, compressed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("article.txt", ARTICLE)
    return buf.getvalue()


BAD = {  # name -> (bytes, the problem the user is told)
    "empty.txt": (b"", "file is empty"),
    "whitespace.txt": (" \u3000\n\t\r\n  \n".encode("utf-8"), "file has no text (only white space)"),
    "image.txt": (png_bytes(), "not a text file (binary content)"),
    "archive.txt": (zip_bytes(), "not a text file (binary content)"),
    "lost_bytes.txt": (ARTICLE.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8"),
                       "read as Latin-1 and saved again"),
}

GOOD = {  # name -> (bytes, the encoding found, a phrase the cleaned text holds)
    "utf8.txt": (ARTICLE.encode("utf-8"), "utf-8", "合川区"),
    "gb18030.txt": (ARTICLE.encode("gb18030"), "gb18030", "合川区"),
    "utf16_no_bom.txt": (SHORT.encode("utf-16-le"), "utf-16-le", "永川区"),
    "utf16_bom_crlf.txt": (SHORT.replace("\n", "\r\n").encode("utf-16"), "utf-16-le", "永川区"),
    "latin1_mislabelled.txt": (SHORT.encode("utf-8").decode("latin-1").encode("utf-8"), "utf-8 (repaired", "永川区"),
    "gbk_read_as_latin1.txt": (SHORT.encode("gb18030").decode("latin-1").encode("utf-8"), "gb18030 (repaired", "永川区"),
    "only_numbers.txt": (b"123 456 7890\n3.14 2025 1475\n", "utf-8", "1475"),
    "only_punctuation.txt": ("，。！？、；：“”（）……——\n!!!???...\n".encode("utf-8"), "utf-8", "！？"),
}


def write_files(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, *_) in files.items():
        (folder / name).write_bytes(data)
    return folder


def make_bad_folder(folder: Path) -> Path:
    """The batch: good files in every encoding, bad files of every kind, things that are not .txt."""
    write_files(folder, GOOD)
    write_files(folder, BAD)
    (folder / "long_line.txt").write_bytes(("重庆两江新区投资50亿元，" * 10_000).encode("utf-8"))  # 130,000 chars
    (folder / "notes.md").write_text("# not a .txt file: ignored\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(png_bytes())
    (folder / "metadata.csv").write_text(
        "file,doc_id,title,date,source\nutf8.txt,hechuan,,2025-06,渝州经济报\ngb18030.txt,,,2025,\n", encoding="utf-8")
    return folder


# ----------------------------------------------------------------------------- single files

def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"stderr must be one line, got: {err!r}"
    assert "Traceback" not in err
    assert lines[0].startswith("helpers: ")
    return lines[0]


COMMANDS = ["clean", "tokens", "figures", "entities"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_file_with_no_text_or_not_text_is_bad_input(tmp_path, capsys, command, name):
    data, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run_cli(capsys, command, path)
    line = one_line(err)
    assert code == 1 and out == ""
    assert line.startswith(f"helpers: {path}: ") and problem in line, line


@pytest.mark.parametrize("name", sorted(BAD))
def test_run_with_one_bad_file_fails_before_any_notebook(tmp_path, capsys, name):
    data, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = run_cli(capsys, "run", "--input", path, "--work-dir", tmp_path / "work", "--no-progress")
    assert code == 1 and problem in one_line(err) and str(path) in err
    assert not (tmp_path / "work" / "outputs").exists(), "nothing ran"


@pytest.mark.parametrize("name", sorted(GOOD))
def test_odd_but_readable_files_are_processed(tmp_path, capsys, name):
    data, encoding, phrase = GOOD[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run_cli(capsys, "clean", path)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["encoding"].startswith(encoding) and phrase in doc["text"]
    for command in ("tokens", "figures", "entities"):
        code, out, err = run_cli(capsys, command, path, "--date", "2025")
        assert (code, err) == (0, ""), (command, err)
        assert out.splitlines()[0].startswith(("token,", "doc_id,", "name,"))


def test_figures_from_files_that_were_not_utf8(tmp_path, capsys):
    for name in ("utf16_no_bom.txt", "latin1_mislabelled.txt", "gbk_read_as_latin1.txt"):
        path = write_files(tmp_path, {name: GOOD[name]}) / name
        code, out, _ = run_cli(capsys, "figures", path, "--date", "2025")
        rows = out.splitlines()[1:]
        assert code == 0 and [r.split(",")[2] for r in rows] == ["8个", "50亿元", "超过20家"], name


@pytest.mark.parametrize("name", ["only_numbers.txt", "only_punctuation.txt"])
def test_numbers_or_punctuation_alone_give_no_figures(tmp_path, capsys, name):
    path = write_files(tmp_path, {name: GOOD[name]}) / name
    code, out, err = run_cli(capsys, "figures", path, "--date", "2025")
    assert (code, err) == (0, "") and len(out.splitlines()) == 1, out  # the header only


def test_a_50_mb_single_line_is_refused_at_once(tmp_path):
    path = tmp_path / "one_line_50mb.txt"
    with open(path, "wb") as f:
        chunk = ("重庆市今年上半年签约项目8个，投资额50亿元，" * 4000).encode("utf-8")
        while f.tell() < 50_000_000:
            f.write(chunk)
        f.truncate(50_000_000)  # 50 MB exactly, no line break anywhere
    for command in ("clean", "figures"):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "helpers", command, str(path)], capture_output=True, text=True,
                           timeout=60)
        seconds = time.perf_counter() - t0
        assert r.returncode == 1 and r.stdout == ""
        line = one_line(r.stderr)
        assert f"{path}: file is 50 MB, over the limit of 2 MB for one article" in line
        assert seconds < 15, f"{command} took {seconds:.1f} s to refuse it"


def test_a_line_too_long_for_one_paragraph_is_refused(tmp_path, capsys):
    path = tmp_path / "scrape.txt"
    path.write_bytes(("重庆两江新区投资50亿元，" * 10_000).encode("utf-8"))  # 0.36 MB, one line
    t0 = time.perf_counter()
    code, _, err = run_cli(capsys, "figures", path)
    assert code == 1 and "line 1 is 130,000 characters long, over the limit of 100,000" in one_line(err)
    assert time.perf_counter() - t0 < 5


def test_a_path_that_does_not_exist(tmp_path, capsys):
    for argv in (["clean", tmp_path / "nope.txt"], ["run", "--input", tmp_path / "nope"]):
        code, _, err = run_cli(capsys, *argv)
        assert code == 1 and one_line(err).endswith(": no such file or folder") and "nope" in err


def test_a_folder_given_for_one_file(tmp_path, capsys):
    code, _, err = run_cli(capsys, "figures", tmp_path)
    assert code == 1 and f"{tmp_path}: is a folder: give one text file" in one_line(err)


def test_a_folder_with_no_txt(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "article.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "image.png").write_bytes(png_bytes())
    code, _, err = run_cli(capsys, "run", "--input", tmp_path / "in", "--work-dir", tmp_path / "work")
    assert code == 1 and one_line(err) == f"helpers: {tmp_path / 'in'}: folder holds no .txt files"
    code, _, err = run_cli(capsys, "run", "--input", tmp_path / "in" / "*.txt", "--work-dir", tmp_path / "work")
    assert code == 1 and "the pattern matches no files" in one_line(err)


@pytest.mark.parametrize("content, problem", [
    ("name,date\nutf8.txt,2025\n", "needs a header with a 'file' column"),
    ("file,doc_id,title,date,source\nutf8.txt,a,b,2025,c,EXTRA\n", "line 2 has more fields than the header"),
    ("file,date\nutf8.txt,2025-13-45\n", "line 2: date '2025-13-45' is not a date"),
    ("file,date\nutf8.txt,last spring\n", "line 2: date 'last spring' is not a date"),
    ("file,date\n,2025\n", "line 2 has no file name"),
    ("", "file is empty"),
    (png_bytes(), "not a text file"),
])
def test_a_malformed_metadata_csv_is_bad_input_naming_the_file(tmp_path, capsys, content, problem):
    folder = write_files(tmp_path / "in", {"utf8.txt": GOOD["utf8.txt"]})
    meta = folder / "metadata.csv"
    meta.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for argv in (["clean", folder / "utf8.txt"],
                 ["run", "--input", folder, "--work-dir", tmp_path / "work", "--no-progress"]):
        code, out, err = run_cli(capsys, *argv)
        line = one_line(err)
        assert code == 1 and out == "" and line.startswith(f"helpers: {meta}") and problem in line, line
    assert not (tmp_path / "work" / "outputs").exists(), "nothing ran"


@pytest.mark.parametrize("argv, problem", [
    (["figures", "{file}", "--date", "2025-13-45"], "--date: '2025-13-45' is not a date"),
    (["clean", "{file}", "--date", "yesterday"], "--date: 'yesterday' is not a date"),
    (["run", "--input", "{file}", "--date", "2025-13-45"], "parameter 'date': '2025-13-45' is not a valid date"),
    (["run", "--input", "{file}", "--date", "2025-02-30"], "parameter 'date': '2025-02-30' is not a valid date"),
    (["run", "--bogus"], "unrecognized arguments: --bogus; valid options: "),
    (["figures", "{file}", "--dat", "2025"], "unrecognized arguments: --dat 2025; valid options: --date"),
    (["tokens", "{file}", "--engine", "pkuseg"], "argument --engine: invalid choice: 'pkuseg'"),
    (["run", "--top-n", "many"], "parameter 'top_n' must be a whole number, not 'many'"),
    (["run", "--top-n", "0"], "parameter 'top_n': 0 must be a positive whole number"),
    (["run", "-p", "top_n", "1.5"], "parameter 'top_n' must be a whole number, not '1.5'"),
    (["run", "-p", "topn", "5"], "unknown parameter 'topn'; valid parameters: input_path, run, date"),
    (["run", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    (["run", "--jobs", "-1"], "parameter 'jobs': -1 must be 0"),
    (["run", "--run", "../elsewhere"], "parameter 'run': '../elsewhere' is not a valid run name"),
    (["run", "--scheduler", "http://x"], "parameter 'scheduler': 'http://x' is not a scheduler"),
    (["summarise", "{file}"], "argument command: invalid choice: 'summarise'"),
    ([], "choose a command: run, clean, tokens, figures, entities"),
])
def test_bad_usage_exits_2_with_one_line(tmp_path, capsys, argv, problem):
    path = write_files(tmp_path, {"utf8.txt": GOOD["utf8.txt"]}) / "utf8.txt"
    code, out, err = run_cli(capsys, *[a.replace("{file}", str(path)) for a in argv],
                             *(["--work-dir", tmp_path / "work"] if argv[:1] == ["run"] else []))
    assert code == 2 and out == "" and problem in one_line(err), err
    assert not (tmp_path / "work").exists(), "nothing ran"


def test_no_traceback_without_debug_and_one_with_it(tmp_path):
    path = write_files(tmp_path, {"image.txt": BAD["image.txt"]}) / "image.txt"
    quiet = subprocess.run([sys.executable, "-m", "helpers", "clean", str(path)], capture_output=True, text=True)
    assert quiet.returncode == 1 and one_line(quiet.stderr) == f"helpers: {path}: not a text file (binary content)"
    loud = subprocess.run([sys.executable, "-m", "helpers", "clean", str(path), "--debug"], capture_output=True,
                          text=True)
    assert loud.returncode == 1 and "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.strip().splitlines()[-1] == quiet.stderr.strip()


def test_an_internal_error_is_one_line_with_the_traceback_in_a_log(tmp_path, capsys, monkeypatch):
    from helpers.extract import document

    def broken(path, doc_id, meta=None):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(document, "clean_file", broken)
    path = write_files(tmp_path, {"utf8.txt": GOOD["utf8.txt"]}) / "utf8.txt"
    code, _, err = run_cli(capsys, "clean", path)
    assert code == 1 and "internal error: ZeroDivisionError: a bug of ours (traceback in" in one_line(err)


# ----------------------------------------------------------------------------- a batch

@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """The generated folder run as one corpus: good documents complete, bad ones are listed."""
    base = tmp_path_factory.mktemp("batch")
    folder = make_bad_folder(base / "in")
    before, raw_before = tree_hash(folder), tree_hash(ROOT / "data" / "raw")
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "helpers", "run", "--input", str(folder), "--run", "bad", "--work-dir", str(base),
         "--jobs", "2", "--lang", "en", "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )
    return {"r": r, "folder": folder, "before": before, "raw_before": raw_before, "seconds": time.perf_counter() - t0,
            "outputs": base / "outputs" / "bad", "work": base}


EXPECTED_SKIPPED = {**{name: problem for name, (_, problem) in BAD.items()},
                    "long_line.txt": "line 1 is 130,000 characters long"}


@pytest.mark.slow
def test_batch_completes_the_good_documents(batch_run):
    r = batch_run["r"]
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    stages = json.loads(r.stdout.strip().splitlines()[-1])["stages"]
    assert {s["status"] for s in stages} == {"ok"}
    from helpers import paths
    from helpers.store import products

    dirs = paths.run_dirs("bad", batch_run["work"])
    docs = {d["doc_id"]: d for d in products.load_documents(dirs)}
    assert sorted(docs) == sorted(["hechuan", "gb18030", "utf16_no_bom", "utf16_bom_crlf", "latin1_mislabelled",
                                   "gbk_read_as_latin1", "only_numbers", "only_punctuation"])
    assert docs["hechuan"]["date"] == "2025-06" and docs["gb18030"]["encoding"] == "gb18030"
    figures = products.load_table("figures", dirs)
    by_doc = figures.groupby("doc_id")["text"].apply(list).to_dict()
    assert by_doc["latin1_mislabelled"] == ["8个", "50亿元", "超过20家"]
    assert by_doc["utf16_no_bom"] == ["8个", "50亿元", "超过20家"]
    assert sorted(by_doc["hechuan"]) == sorted(by_doc["gb18030"])


@pytest.mark.slow
def test_batch_lists_what_was_skipped_and_why(batch_run):
    out = batch_run["outputs"]
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert {Path(f["path"]).name for f in failures} == set(EXPECTED_SKIPPED)
    for f in failures:
        assert EXPECTED_SKIPPED[Path(f["path"]).name] in f["problem"], f
    corpus = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["summary"]["failed"] == len(EXPECTED_SKIPPED)
    index = (out / "index.html").read_text(encoding="utf-8")
    skipped = index.split("<h2>Documents skipped</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", skipped)
    assert {Path(p).name for p, _ in rows} == set(EXPECTED_SKIPPED)
    for p, problem in rows:
        assert EXPECTED_SKIPPED[Path(p).name].replace("'", "&#x27;") in problem
    assert "notes.md" not in index and "photo.png" not in index, "files that are not .txt are not inputs"


@pytest.mark.slow
def test_batch_never_writes_the_input_files(batch_run):
    assert tree_hash(batch_run["folder"]) == batch_run["before"]
    assert tree_hash(ROOT / "data" / "raw") == batch_run["raw_before"]


@pytest.mark.slow
def test_a_run_where_every_document_fails_exits_1(tmp_path):
    folder = write_files(tmp_path / "in", BAD)
    r = subprocess.run(
        [sys.executable, "-m", "helpers", "run", "--input", str(folder), "--run", "allbad", "--work-dir",
         str(tmp_path), "--jobs", "1", "--lang", "en", "--no-progress"],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    line = one_line(r.stderr)
    assert "no document could be read" in line and "empty.txt: file is empty" in line, line
    index = (tmp_path / "outputs" / "allbad" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr><td>") >= len(BAD), "the index lists every skipped file"


@pytest.mark.slow
def test_batch_products_have_the_usual_permissions(batch_run):
    import os
    import stat

    umask = os.umask(0o022)
    os.umask(umask)
    work = batch_run["work"]
    products = [p for d in ("outputs", "data") for p in (work / d).rglob("*") if p.is_file()]
    assert len(products) > 20
    wrong = {str(p.relative_to(work)): oct(stat.S_IMODE(p.stat().st_mode)) for p in products
             if stat.S_IMODE(p.stat().st_mode) != 0o666 & ~umask}
    assert not wrong, f"expected {oct(0o666 & ~umask)} (0666 less the umask), not mkstemp's 0600: {wrong}"


# ----------------------------------------------------------------------------- lexicon and map data

@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    """A copy of data/lexicon/ that the package reads instead of the project's own."""
    import shutil

    from helpers import paths

    folder = tmp_path / "lexicon"
    shutil.copytree(ROOT / "data" / "lexicon", folder)
    monkeypatch.setattr(paths, "LEXICON", folder)
    return folder


def test_a_bad_lexicon_line_is_bad_input_naming_the_file_and_line(tmp_path, capsys, lexicon_copy):
    terms = lexicon_copy / "terms.txt"
    n = len(terms.read_text(encoding="utf-8").splitlines()) + 1
    with terms.open("a", encoding="utf-8") as f:
        f.write("刀片 电池 2000 nz\n")
    path = write_files(tmp_path, {"utf8.txt": GOOD["utf8.txt"]}) / "utf8.txt"
    code, out, err = run_cli(capsys, "tokens", path)
    assert code == 1 and out == ""
    assert one_line(err).startswith(f"helpers: {terms}:{n}: cannot read '刀片 电池 2000 nz'")


def test_a_gazetteer_file_without_its_columns_is_bad_input_naming_it(tmp_path, capsys, lexicon_copy):
    places = lexicon_copy / "places.csv"
    places.write_text("name,code\n合川区,500117\n", encoding="utf-8")
    path = write_files(tmp_path, {"utf8.txt": GOOD["utf8.txt"]}) / "utf8.txt"
    code, _, err = run_cli(capsys, "entities", path)
    assert code == 1
    assert one_line(err).startswith(f"helpers: {places}: lacks the column(s) canonical, type")


def test_a_bad_lexicon_stops_a_run_before_any_notebook_starts(tmp_path, capsys, lexicon_copy):
    (lexicon_copy / "terms.txt").write_text("灯塔工厂 x1 nz\n", encoding="utf-8")
    path = write_files(tmp_path, {"utf8.txt": GOOD["utf8.txt"]}) / "utf8.txt"
    code, _, err = run_cli(capsys, "run", "--input", path, "--work-dir", tmp_path / "work", "--no-progress")
    assert code == 1 and "terms.txt:1: cannot read" in one_line(err)
    assert not (tmp_path / "work" / "outputs").exists(), "nothing ran"


def test_missing_map_data_is_bad_input_naming_the_file(tmp_path, monkeypatch):
    from helpers.errors import BadInput
    from helpers.show import maps

    monkeypatch.setattr(maps, "_land_dir", lambda: tmp_path)
    maps.outlines.cache_clear()
    try:
        with pytest.raises(BadInput, match=r"\.geojson: outline of division \d{6} not found"):
            maps.outlines()
        (tmp_path / "500101.geojson").write_text("{not json", encoding="utf-8")
        with pytest.raises(BadInput, match=r"500101\.geojson: outline of division 500101 cannot be read"):
            maps.outlines()
    finally:
        maps.outlines.cache_clear()


def test_every_error_the_package_defines_is_one_family():
    import importlib
    import inspect
    import pkgutil

    import helpers
    from helpers import errors

    defined = set()
    for m in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if m.name.endswith("__main__"):
            continue
        module = importlib.import_module(m.name)
        defined |= {c for _, c in inspect.getmembers(module, inspect.isclass)
                    if c.__module__.startswith("helpers") and issubclass(c, BaseException)}
    assert {"LexiconError", "MapDataError", "SchemaError", "BadInput", "BadUsage"} <= {c.__name__ for c in defined}
    assert [c.__name__ for c in defined if not issubclass(c, errors.HelpersError)] == []
