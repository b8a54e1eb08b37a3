"""Reading text (encoding detection, line ends) and writing files atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import BadInput


@dataclass(frozen=True)
class Decoded:
    """A decoded text file: its text with ``\\n`` line ends, and the encoding that was found."""

    path: str
    text: str
    encoding: str
    had_bom: bool = False
    line_ends: str = "LF"


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


def decode_bytes(data: bytes, path: str | os.PathLike = "<bytes>") -> Decoded:
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
    if _looks_binary(data):
        raise BadInput(path, "not a text file (binary content)")
    text = None
    encoding = None
    had_bom = False
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise BadInput(path, f"starts with a {enc} byte-order mark but does not decode as {enc} ({e.reason})") from None
            encoding, had_bom = ("utf-8-sig" if enc == "utf-8" else enc), True
            break
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        text, encoding = _detect(data, path)
    if "\x00" in text:
        raise BadInput(path, "not a text file (contains NUL characters)")
    line_ends = "CRLF" if "\r\n" in text else ("CR" if "\r" in text else "LF")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInput(path, "file has no text (only white space)")
    return Decoded(path, text, encoding, had_bom, line_ends)


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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(path, "cannot detect the text encoding (not UTF-8, GB18030 or UTF-16); re-save it as UTF-8")
    text = str(best)
    if not text.strip() or _plausibility(text) < 0.5:
        raise BadInput(path, "not a text file (binary content, or an encoding that cannot be detected); re-save it as UTF-8")
    return text, best.encoding


def read_text(path: str | os.PathLike) -> Decoded:
    """Read a text file in any of the encodings Chinese news arrives in (never writes to it)."""
    p = Path(path)
    if not p.exists():
        raise BadInput(p, "no such file")
    if p.is_dir():
        raise BadInput(p, "is a folder, not a file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise BadInput(p, f"cannot be read ({e.strerror})") from None
    return decode_bytes(data, p)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; rename it into place only if the block succeeds."""
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return Path(path)


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Atomic text write (UTF-8 by default; pass ``utf-8-sig`` for a BOM Excel recognises)."""
    return write_bytes_atomic(path, text.encode(encoding))
