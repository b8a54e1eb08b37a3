"""Reading text: encoding detection, mojibake repair, line ends, size limits."""

from __future__ import annotations

import bisect
import codecs
import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.chars import HAN_RE
from helpers.errors import BadInput, BadUsage


@dataclass(frozen=True)
class Decoded:
    """A decoded text file: its text with ``\\n`` line ends, and the encoding that was found."""

    path: str
    text: str
    encoding: str
    had_bom: bool = False
    line_ends: str = "LF"
    #: offsets in ``text`` of the line ends that were two characters (CR LF) in the file, so an
    #: offset into ``text`` can be turned into one into the file's decoded text (see :meth:`file_offset`)
    crlf_at: tuple[int, ...] = ()

    def file_offset(self, i: int) -> int:
        """The offset in the file's decoded text (BOM dropped, line ends as in the file) of
        offset ``i`` in :attr:`text`.

        >>> Decoded("f", "a" + chr(10) + "b", "utf-8", crlf_at=(1,)).file_offset(2)
        3
        """
        return int(i) + bisect.bisect_left(self.crlf_at, i)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    signatures = (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\x1f\x8b", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")
    return head.startswith(signatures)


def _char_score(ch: str) -> float:
    """How plausible one decoded character is in Chinese news text (1 common ... 0 junk)."""
    o = ord(ch)
    if ch in "\n\t" or 0x20 <= o < 0x7F:
        return 1.0
    if 0x4E00 <= o <= 0x9FFF:
        try:
            ch.encode("gb2312")  # the 6,763 characters of everyday text
            return 1.0
        except UnicodeEncodeError:
            return 0.4
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0xA0 <= o <= 0x17F:
        return 1.0
    if 0x3400 <= o <= 0x4DBF or 0x2100 <= o <= 0x27BF or 0x25A0 <= o <= 0x25FF:
        return 0.3
    if o < 0x20 or 0xD800 <= o <= 0xF8FF or o == 0xFFFD:
        return 0.0
    return 0.2


def _plausibility(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return sum(_char_score(ch) for ch in sample) / len(sample)


_CANDIDATES = ("gb18030", "utf-16-le", "utf-16-be")
_MIN_PLAUSIBLE = 0.9

# One file is one article. News articles are kilobytes; a file past these limits is a dump, a
# scrape without line breaks or not text, and would take hours in the later stages (their cost
# grows faster than the length), so it is refused at once with a message saying what to do.
MAX_FILE_MB = 2.0  # override with the environment variable ZHNEWSDATA_MAX_FILE_MB
MAX_LINE_CHARS = 100_000  # one line (paragraph) longer than this is refused; ZHNEWSDATA_MAX_LINE_CHARS

_HIGH_LATIN = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _limit(name: str, default: float) -> float:
    """The limit the environment variable ``name`` sets, else ``default``. The variable's name
    before the package was renamed (``CNTEXT_...``) is refused, so a setting is never lost silently."""
    old = name.replace("ZHNEWSDATA_", "CNTEXT_", 1)
    if old in os.environ and name not in os.environ:
        raise BadUsage(f"the environment variable {old} is now called {name}: rename it")
    try:
        return float(os.environ.get(name, "")) or default
    except ValueError:
        return default


def max_file_bytes() -> int:
    """The size above which a file is refused (``ZHNEWSDATA_MAX_FILE_MB``, default 2 MB)."""
    return int(_limit("ZHNEWSDATA_MAX_FILE_MB", MAX_FILE_MB) * 1_000_000)


def max_line_chars() -> int:
    """The longest line accepted, in characters (``ZHNEWSDATA_MAX_LINE_CHARS``, default 100,000)."""
    return int(_limit("ZHNEWSDATA_MAX_LINE_CHARS", MAX_LINE_CHARS))


def _too_big(path, size: int, max_bytes: int | None) -> BadInput | None:
    """The refusal of a file of ``size`` bytes over ``max_bytes`` (None: the limit for one article,
    with what to do about it), or None when it is within."""
    limit = max_bytes or max_file_bytes()
    if size <= limit:
        return None
    if max_bytes:
        return BadInput(path, f"file is {size / 1e6:.3g} MB, over the limit of {limit / 1e6:g} MB")
    return BadInput(path, f"file is {size / 1e6:.3g} MB, over the limit of {limit / 1e6:g} MB for one article: "
                          "split it into one file per article, or raise ZHNEWSDATA_MAX_FILE_MB")


def _check_lines(text: str, path: str) -> None:
    limit = max_line_chars()
    if len(text) <= limit:
        return
    for n, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            raise BadInput(path, f"line {n} is {len(line):,} characters long, over the limit of {limit:,} for one "
                                 "paragraph: not article text (a dump, or a scrape without line breaks); split it "
                                 "into paragraphs or articles, or raise ZHNEWSDATA_MAX_LINE_CHARS")


def _looks_mojibake(text: str) -> bool:
    """No Chinese, and most characters are Latin-1 accented letters and symbols (not a language)."""
    head = text[:20000]
    if HAN_RE.search(head):
        return False
    visible = sum(not ch.isspace() for ch in head)
    return visible >= 8 and len(_HIGH_LATIN.findall(head)) > 0.3 * visible


def _unmojibake(text: str) -> tuple[str, str] | None:
    """Chinese text that was read as Latin-1 (or Windows-1252) and saved again, put right.

    ``é‡åº†`` is 重庆 in UTF-8 bytes shown as Latin-1 characters. Only text with no Chinese at all
    and many Latin-1 letters is tried, and only a result that is plausible Chinese is kept.
    """
    if HAN_RE.search(text) or len(_HIGH_LATIN.findall(text[:20000])) < 4:
        return None
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 256:
            out.append(o)
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
    for enc in ("utf-8", "gb18030"):
        try:
            fixed = bytes(out).decode(enc)
        except UnicodeDecodeError:
            continue
        head = fixed[:20000]
        cjk = len(HAN_RE.findall(head))
        latin = sum(ch.isascii() and ch.isalpha() for ch in head)
        # Chinese comes back as mostly Chinese; Western text forced through GB18030 does not
        if cjk >= 2 and cjk >= latin and _plausibility(fixed) >= _MIN_PLAUSIBLE:
            return fixed, f"{enc} (repaired: had been read as latin-1 and saved again)"
    return None


def _decode_bom(data: bytes, path: str) -> tuple[str | None, str | None, bool]:
    """The text after a byte-order mark, its encoding and True; (None, None, False) without one."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise BadInput(path, f"starts with a {enc} byte-order mark but does not decode as {enc} "
                                     f"({e.reason})") from None
            return text, ("utf-8-sig" if enc == "utf-8" else enc), True
    return None, None, False


def _decode_utf8(data: bytes, path: str) -> tuple[str | None, str | None]:
    """Strict UTF-8 (a file cut off inside its last character keeps the rest), with Latin-1
    mojibake repaired; (None, None) if the bytes are not UTF-8."""
    text = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            # a UTF-8 file cut off inside its last character (a truncated download): keep the rest
            with contextlib.suppress(UnicodeDecodeError):
                text = data[:e.start].decode("utf-8")
    if text is None:
        return None, None
    fixed = _unmojibake(text)
    if fixed:
        return fixed
    if _looks_mojibake(text):
        raise BadInput(path, "looks like Chinese text that was read as Latin-1 and saved again (mojibake such "
                             "as 'é‡åº†') and bytes were lost on the way; go back to the original file")
    return text, "utf-8"


def decode_bytes(data: bytes, path: str | os.PathLike = "<bytes>", max_bytes: int | None = None) -> Decoded:
    """Decode bytes of a text file, detecting the encoding; raise BadInput if it is not text.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32). Without one, strict UTF-8 is tried first
    (it almost never decodes anything else); then GB18030 (which covers GBK and GB2312) and UTF-16
    without a BOM are each decoded and the one whose characters are most plausible for Chinese
    text wins; charset-normalizer is the last resort. CRLF and CR become LF.

    >>> decode_bytes("重庆".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes("重庆两江新区".encode("utf-16-le")).encoding
    'utf-16-le'
    """
    path = str(path)
    if not data:
        raise BadInput(path, "file is empty")
    refused = _too_big(path, len(data), max_bytes)
    if refused:
        raise refused
    if _looks_binary(data):
        raise BadInput(path, "not a text file (binary content)")
    text, encoding, had_bom = _decode_bom(data, path)
    if text is None:
        text, encoding = _decode_utf8(data, path)
    if text is None:
        text, encoding = _detect(data, path)
    if "\x00" in text:
        raise BadInput(path, "not a text file (contains NUL characters)")
    line_ends = "CRLF" if "\r\n" in text else ("CR" if "\r" in text else "LF")
    crlf_at = _crlf_positions(text) if "\r\n" in text else ()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInput(path, "file has no text (only white space)")
    _check_lines(text, path)
    return Decoded(path, text, encoding, had_bom, line_ends, crlf_at)


def _crlf_positions(text: str) -> tuple[int, ...]:
    """Where each CR LF of ``text`` stands once every CR LF is one LF (offsets after the change)."""
    out, removed, i = [], 0, text.find("\r\n")
    while i >= 0:
        out.append(i - removed)
        removed += 1
        i = text.find("\r\n", i + 2)
    return tuple(out)


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """Not UTF-8: the Chinese national encoding or UTF-16 without BOM, else charset-normalizer."""
    scored = []
    for enc in _CANDIDATES:
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), enc != "gb18030", enc, text))
    if scored:
        score, _, enc, text = max(scored, key=lambda t: (t[0], -t[1]))
        if score >= _MIN_PLAUSIBLE:
            return text, enc
    if b"\x00" in data[:4096]:
        raise BadInput(path, "not a text file (binary content)")
    # Western European text (Latin-1 / Windows-1252): every byte decodes, so only a plausible
    # reading is taken; Chinese in GB18030 never gets here (it decoded above).
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausibility(text) >= _MIN_PLAUSIBLE:
            fixed = _unmojibake(text)
            return fixed if fixed else (text, enc)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(path, "cannot detect the text encoding (not UTF-8, GB18030 or UTF-16); re-save it as UTF-8")
    text = str(best)
    if not text.strip() or _plausibility(text) < 0.5:
        raise BadInput(path, "not a text file (binary content, or an encoding that cannot be detected); "
                             "re-save it as UTF-8")
    return text, best.encoding


#: A corpus's ``metadata.csv`` is one file for all its articles (about 130 bytes a row): its own limit.
MAX_METADATA_BYTES = 1_000_000_000


def read_text(path: str | os.PathLike, max_bytes: int | None = None) -> Decoded:
    """Read a text file in any of the encodings Chinese news arrives in (never writes to it); a
    file over ``max_bytes`` (default: the limit for one article, :func:`max_file_bytes`) is refused."""
    p = Path(path)
    if not p.exists():
        raise BadInput(p, "no such file")
    if p.is_dir():
        raise BadInput(p, "is a folder, not a file")
    try:
        size = p.stat().st_size
    except OSError as e:
        raise BadInput(p, f"cannot be read ({e.strerror})") from None
    refused = _too_big(p, size, max_bytes)  # before reading it
    if refused:
        raise refused
    try:
        data = p.read_bytes()
    except OSError as e:
        raise BadInput(p, f"cannot be read ({e.strerror})") from None
    return decode_bytes(data, p, max_bytes)
