"""Writing files atomically: the one way this package writes a product.

Every product goes to a temporary file beside its destination (``.<name>.<random>.part``) that
is renamed into place only when it is complete, so a reader sees the old file or the new one,
never half of either, and an interrupted run leaves whole files or none. A new file gets the mode
``open()`` would give it (0666 less the umask); a rewritten one keeps its mode.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

#: Every Parquet file the project writes is compressed with Zstandard: a quarter smaller than
#: Snappy on these tables (170 -> 127 MB on 19,263 real news items), read by pandas, DuckDB, Dask
#: and Spark alike.
PARQUET_COMPRESSION = "zstd"


def _open_beside(dest: Path) -> tuple[int, Path]:
    """A new temporary file beside ``dest`` (its folder made if need be), open for writing."""
    while True:
        tmp = dest.parent / f".{dest.name}.{os.urandom(6).hex()}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
            continue
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, stat.S_IMODE(os.stat(dest).st_mode))  # a rewritten product keeps its mode
        return fd, tmp


def _discard(tmp: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; rename it into place only if the block succeeds."""
    dest = Path(path)
    fd, tmp = _open_beside(dest)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, dest)
    except BaseException:
        _discard(tmp)
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``durable`` flushes the data to the disk before the rename (``fsync``); files re-made from
    their inputs if lost may skip it.
    """
    dest = Path(path)
    fd, tmp = _open_beside(dest)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
    except BaseException:
        _discard(tmp)
        raise
    return dest


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Atomic text write (UTF-8 by default; pass ``utf-8-sig`` for a BOM Excel recognises)."""
    return write_bytes_atomic(path, text.encode(encoding))
