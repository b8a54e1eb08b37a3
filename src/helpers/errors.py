"""The two kinds of failure a user can cause: bad input (exit 1) and bad usage (exit 2)."""

from __future__ import annotations


class HelpersError(Exception):
    """Base class: a message meant for the user, one line, naming the file and the problem."""

    exit_code = 1


class BadInput(HelpersError):
    """The input (a file, a folder, a metadata row) cannot be processed. Exit status 1."""

    exit_code = 1

    def __init__(self, path, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class BadUsage(HelpersError):
    """A parameter or option is unknown, mistyped or out of range. Exit status 2."""

    exit_code = 2
