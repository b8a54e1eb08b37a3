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


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the NUL pattern of ASCII/CJK text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: str | os.PathLike = "<bytes>") -> Decoded:
    """Decode bytes of a text file, detecting the encoding; raise BadInput if it is not text.

    >>> decode_bytes("重庆".encode("gb18030")).encoding
    'gb18030'
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
        enc16 = _utf16_without_bom(data)
        if enc16:
            try:
                text, encoding = data.decode(enc16), enc16
            except UnicodeDecodeError:
                text = None
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data[:4096]:
            raise BadInput(path, "not a text file (binary content)")
        text, encoding = _detect(data, path)
    if "\x00" in text:
        raise BadInput(path, "not a text file (contains NUL characters)")
    line_ends = "CRLF" if "\r\n" in text else ("CR" if "\r" in text else "LF")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInput(path, "file has no text (only white space)")
    return Decoded(path, text, encoding, had_bom, line_ends)


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """Not UTF-8: try the Chinese national encodings first, then charset-normalizer."""
    # GB18030 is a superset of GBK and GB2312 and decodes any byte string it produced.
    try:
        text = data.decode("gb18030")
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk >= max(1, len(text) // 10) or cjk > 50:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(path, "cannot detect the text encoding (not UTF-8, GB18030 or UTF-16); re-save it as UTF-8")
    text = str(best)
    if not text.strip() or sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t") > len(text) // 20:
        raise BadInput(path, "not a text file (binary content)")
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
