"""What a run did: each notebook's result, each per-document report's, and the run's as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StageResult:
    notebook: str
    status: str  # ok, failed, skipped
    seconds: float = 0.0
    parameters: dict = field(default_factory=dict)
    error: str = ""
    cell: int | None = None
    html: str = ""
    executed: str = ""


@dataclass
class DocReport:
    """The report on one document in one language (``report_docs``)."""

    doc_id: str
    title: str
    lang: str
    status: str  # ok, failed, skipped
    seconds: float = 0.0
    error: str = ""
    cell: int | None = None
    html: str = ""
    executed: str = ""


@dataclass
class RunResult:
    run: str
    outputs: Path
    stages: list[StageResult]
    versions: dict
    prepass: dict | None = None
    doc_reports: list[DocReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status == "ok" for s in [*self.stages, *self.doc_reports])
