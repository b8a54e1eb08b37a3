"""The parameters of a run, defined once: their types, defaults, checks and help.

The runner, the command line (``python -m helpers run --help``), the notebooks' ``parameters``
cells and the report's provenance table all read :data:`PARAMS`. Dates given by people (a
parameter, a ``metadata.csv`` row) are YYYY, YYYY-MM or YYYY-MM-DD, checked here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from helpers import paths
from helpers.errors import BadUsage

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_date(value: str) -> dt.date:
    """A YYYY, YYYY-MM or YYYY-MM-DD string as the date it starts on; ValueError if it is none.

    >>> parse_date("2025-08")
    datetime.date(2025, 8, 1)
    """
    if not DATE_RE.match(value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as e:
        raise ValueError(f"{value!r} is not a valid date ({e})") from None


def check_date(value: str | None, where: str = "date") -> str | None:
    """A date as YYYY[-MM[-DD]] or None; anything else raises BadUsage."""
    if value is None or str(value).strip() == "":
        return None
    value = str(value).strip()
    try:
        parse_date(value)
    except ValueError:
        raise BadUsage(f"{where}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


@dataclass(frozen=True)
class Param:
    """One run parameter: its type, default, allowed values or check, and a line of help."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple | None = None
    check: Callable[[Any], str | None] | None = None  # returns a problem or None


def _check_date(value: str) -> str | None:
    if value == "":
        return None
    try:
        parse_date(value)
    except ValueError as e:
        return str(e) if DATE_RE.match(value) else f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
    return None


def _check_run(value: str) -> str | None:
    return None if paths.RUN_NAME.match(value) else f"{value!r} is not a valid run name (letters, digits, . _ -)"


def _check_positive(value: int) -> str | None:
    return None if value > 0 else f"{value} must be a positive whole number"


def _check_jobs(value: int) -> str | None:
    return None if value >= 0 else f"{value} must be 0 (one per core) or more"


def _check_scheduler(value: str) -> str | None:
    if value in ("", "local") or re.match(r"^tcp://[\w.-]+:\d+$", value):
        return None
    return f"{value!r} is not a scheduler: use 'local' or tcp://host:port"


def _check_report_docs(value: str) -> str | None:
    if value.strip() in ("", "all") or all(part.strip() for part in value.split(",")):
        return None
    return f"{value!r} has an empty document id: use 'all' or doc_ids separated by commas"


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("input_path", str, "data/raw/cq_industry_transfer.txt",
              "a .txt file, a folder of them (recursive) or a glob; metadata.csv beside it is read"),
        Param("run", str, "embedded", "name of the run: products go to data/*/<run>/ and outputs/<run>/",
              check=_check_run),
        Param("date", str, "", "document date YYYY[-MM[-DD]] when metadata.csv has none ('' = unknown)",
              check=_check_date),
        Param("title", str, "", "document title when metadata.csv has none ('' = from the text)"),
        Param("source", str, "", "document source when metadata.csv has none"),
        Param("lang", str, "both", "language of the prose: en, zh, or both (the report is made in each)",
              choices=("en", "zh", "both")),
        Param("engine", str, "jieba", "segmentation engine", choices=("jieba", "rjieba")),
        Param("top_n", int, 20, "how many terms, figures and entities the charts show", check=_check_positive),
        Param("kwic_term", str, "产业转移", "term shown in context in notebook 02"),
        Param("jobs", int, 0, "worker processes for per-document work (0 = one per core)", check=_check_jobs),
        Param("scheduler", str, "", "'' (worker processes), 'local' (a Dask LocalCluster) or tcp://host:port",
              check=_check_scheduler),
        Param("force", bool, False, "redo every document even if its products are up to date"),
        Param("work_dir", str, "", "folder under which data/ and outputs/ are written ('' = the project)"),
        Param("exports", str, "auto", "copies of the tables: joined Parquet, CSV and Stata files, 'auto' (for "
              "runs of up to 1,000 documents), 'all' or 'none'", choices=("auto", "all", "none")),
        Param("report_docs", str, "", "a report per document too: '' none, 'all', or doc_ids separated by commas "
              "(pages in outputs/<run>/reports/)", check=_check_report_docs),
    )
}


_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, str) and value.lower() in (*_TRUE, *_FALSE):
        value = value.lower() in _TRUE
    if not isinstance(value, bool):
        raise BadUsage(f"parameter {name!r} must be true or false, not {value!r}")
    return value


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadUsage(f"parameter {name!r} must be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise BadUsage(f"parameter {name!r} must be a whole number, not {value!r}") from None


def _as_str(name: str, value: Any) -> str:
    value = "" if value is None else value
    if not isinstance(value, str):
        raise BadUsage(f"parameter {name!r} must be text, not {value!r}")
    return value


_CONVERT = {bool: _as_bool, int: _as_int, str: _as_str}


def coerce(name: str, value: Any) -> Any:
    """Convert and check one parameter value; raise BadUsage naming the problem and valid values.

    >>> coerce("top_n", "5"), coerce("force", "yes")
    (5, True)
    """
    if name not in PARAMS:
        raise BadUsage(f"unknown parameter {name!r}; valid parameters: {', '.join(PARAMS)}")
    p = PARAMS[name]
    value = _CONVERT[p.type](name, value)
    if p.choices and value not in p.choices:
        raise BadUsage(f"parameter {name!r} is {value!r}; valid choices: {', '.join(p.choices)}")
    problem = p.check(value) if p.check else None
    if problem:
        raise BadUsage(f"parameter {name!r}: {problem}")
    return value


def validate(params: dict[str, Any]) -> dict[str, Any]:
    """All parameters with defaults filled in, each checked against the schema."""
    out = {name: p.default for name, p in PARAMS.items()}
    for name, value in params.items():
        out[name] = coerce(name, value)
    return out
