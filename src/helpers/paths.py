"""Where things live: the project root, the data folders, and one run's product folders."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import BadUsage

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    if "CNTEXT_ROOT" in os.environ and "ZHNEWSDATA_ROOT" not in os.environ:
        print("helpers: the environment variable CNTEXT_ROOT is now called ZHNEWSDATA_ROOT; it is ignored",
              file=sys.stderr)
    env = os.environ.get("ZHNEWSDATA_ROOT")
    if env:
        return Path(env).resolve()
    # An editable install (the normal case): src/helpers -> repository root.
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").exists() and (candidate / "notebooks").is_dir():
        return candidate
    here = Path.cwd().resolve()
    for p in (here, *here.parents):
        if (p / "pyproject.toml").exists() and (p / "notebooks").is_dir():
            return p
    return here


ROOT = _find_root()
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
RAW = DATA / "raw"
LEXICON = DATA / "lexicon"
DEFAULT_INPUT = RAW / "cq_industry_transfer.txt"
CACHE = ROOT / ".cache"

RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class RunDirs:
    """The product folders of one run, under a work directory (the project root by default)."""

    name: str
    work_dir: Path

    @property
    def interim(self) -> Path:
        return self.work_dir / "data" / "interim" / self.name

    @property
    def processed(self) -> Path:
        return self.work_dir / "data" / "processed" / self.name

    @property
    def outputs(self) -> Path:
        return self.work_dir / "outputs" / self.name

    def make(self) -> "RunDirs":
        for d in (self.interim, self.processed, self.outputs):
            d.mkdir(parents=True, exist_ok=True)
        return self


def run_dirs(run: str = "embedded", work_dir: str | os.PathLike | None = None) -> RunDirs:
    """Product folders for run ``run``; ``work_dir`` empty or None means the project root."""
    if not RUN_NAME.match(run or ""):
        raise BadUsage(f"run name {run!r} is not valid: use letters, digits, '.', '_' or '-' (at most 64)")
    base = Path(work_dir).resolve() if work_dir else ROOT
    return RunDirs(run, base)


def resolve_input(path: str | os.PathLike | None) -> Path:
    """An input path as given, relative paths taken from the project root if not found from cwd."""
    if not path:
        return DEFAULT_INPUT
    p = Path(path)
    if not p.is_absolute() and not p.exists() and (ROOT / p).exists():
        p = ROOT / p
    return p


def relative_to_project(path) -> str:
    """A path as the project's users write it: relative to the project root when inside it, else as given.

    >>> relative_to_project(ROOT / "data" / "raw" / "a.txt"), relative_to_project("/elsewhere/b.txt")
    ('data/raw/a.txt', '/elsewhere/b.txt')
    """
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return str(path)
