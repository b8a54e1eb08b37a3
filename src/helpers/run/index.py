"""The run's index page (``outputs/<run>/index.html``): every notebook with its status, time and
parameters, the per-document reports, the documents skipped and why, and the versions used."""

from __future__ import annotations

import datetime as _dt
import glob
import html
import json
from pathlib import Path
from urllib.parse import quote

from helpers import paths
from helpers.run.results import DocReport, RunResult
from helpers.store import products
from helpers.store.files import write_text_atomic

PATH_PARAMS = ("input_path", "work_dir")  # shown relative to the project when inside it


def shown_path(path) -> str:
    """A path as the index shows it: relative to the project when it lies inside it (``data/raw/x.txt``:
    the page reads the same on every clone), else absolute, so the page says which file or folder was
    read wherever it is opened. A relative path is taken from the working folder when it exists there,
    else from the project root (as :func:`helpers.paths.resolve_input` does); so is the folder of a glob.
    """
    s = str(path or "")
    if not s:
        return s
    if any(ch in s for ch in "*?["):
        full = s if Path(s).is_absolute() else (
            str(Path.cwd() / s) if glob.glob(s, recursive=True) else str(paths.ROOT / s))
    else:
        full = s if Path(s).is_absolute() else str(paths.resolve_input(s).absolute())
    return paths.relative_to_project(full)


def _fmt_params(p: dict) -> str:
    shown = {k: shown_path(v) if k in PATH_PARAMS and v else v for k, v in p.items()}
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in shown.items())


def _plural(n: int, one: str, other: str) -> str:
    return f"{n:,} {one if n == 1 else other}"


def _doc_reports_html(reports: list[DocReport]) -> str:
    """The index's table of per-document reports: a link per document (its title), each language, status."""
    if not reports:
        return ""
    esc = html.escape
    by_doc: dict[str, list[DocReport]] = {}
    for r in reports:
        by_doc.setdefault(r.doc_id, []).append(r)
    rows = []
    for doc_id, rs in by_doc.items():
        first = rs[0]
        name = esc(first.title or doc_id)
        link = f'<a href="{esc(quote(first.html))}">{name}</a>' if first.html else name
        langs = " · ".join(
            (f'<a href="{esc(quote(r.html))}">{esc(r.lang)}</a>' if r.html else esc(r.lang))
            + (f' (<a href="{esc(quote(r.executed))}">ipynb</a>)' if r.executed else "") for r in rs)
        status = "ok" if all(r.status == "ok" for r in rs) else ("failed" if any(r.status == "failed" for r in rs)
                                                               else "skipped")
        errors = "; ".join(
            f"{esc(r.lang)}: failed at {'cell [%s]' % r.cell if r.cell is not None else 'start-up'}: {esc(r.error)}"
            for r in rs if r.status == "failed")
        rows.append(f'<tr class="{status}"><td>{link}<br><code>{esc(doc_id)}</code></td><td>{langs}</td>'
                    f'<td>{status}</td><td>{sum(r.seconds for r in rs):.1f} s</td><td>{errors}</td></tr>')
    n_ok = sum(1 for rs in by_doc.values() if all(r.status == "ok" for r in rs))
    return (f'<h2>Per-document reports</h2><p>{n_ok} of {len(by_doc)} rendered.</p>'
            '<table class="doc-reports"><tr><th>document</th><th>languages</th><th>status</th><th>time</th>'
            f'<th>error</th></tr>{"".join(rows)}</table>')


def write_index(result: RunResult, params: dict, failures: list[dict] | None = None) -> Path:
    """``outputs/<run>/index.html``: every notebook with status, time, parameters; versions."""
    esc = html.escape
    rows = []
    for s in result.stages:
        link = f'<a href="{esc(s.html)}">{esc(s.notebook)}</a>' if s.html else esc(s.notebook)
        nb_link = f' (<a href="{esc(s.executed)}">ipynb</a>)' if s.executed else ""
        err = ""
        if s.status == "failed":
            where = f"cell [{s.cell}]" if s.cell is not None else "start-up"
            err = f"failed at {where}: {esc(s.error)}"
        rows.append(
            f'<tr class="{esc(s.status)}"><td>{link}{nb_link}</td><td>{esc(s.status)}</td>'
            f"<td>{s.seconds:.1f} s</td><td><code>{esc(_fmt_params(s.parameters))}</code></td><td>{err}</td></tr>"
        )
    report = result.outputs / "report.html"
    report_link = (
        '<p class="report"><a href="report.html">Open the report</a>'
        + "".join(
            f' · <a href="report.{lang}.html">{lang}</a>'
            for lang in ("en", "zh") if (result.outputs / f"report.{lang}.html").exists()
        )
        + "</p>"
        if report.exists() else "<p>No report was produced in this run.</p>"
    )
    fail_rows = ""
    failures = failures if failures is not None else products.read_failures(result.outputs)
    if failures:
        fail_rows = "<h2>Documents skipped</h2><table><tr><th>file</th><th>problem</th></tr>" + "".join(
            f"<tr><td>{esc(shown_path(f.get('path', '')))}</td><td>{esc(str(f.get('problem', '')))}</td></tr>"
            for f in failures
        ) + "</table>"
    versions = "".join(f"<li>{esc(k)}: {esc(str(v))}</li>" for k, v in result.versions.items())
    corpus_info = ""
    if result.prepass:
        p = result.prepass
        workers = _plural(p["jobs"], "worker", "workers") if isinstance(p["jobs"], int) else esc(str(p["jobs"]))
        corpus_info = (
            f"<h2>Per-document work</h2><p>{_plural(p['documents'], 'document', 'documents')} "
            f"({p.get('done', 0):,} processed, {p.get('cached', 0):,} unchanged and skipped, {p.get('failed', 0):,} "
            f"failed) in {p['wall_seconds']} s with {workers} ({esc(str(p['scheduler']))}): "
            f"{p['docs_per_second']} documents/s, {p['mb_per_second']} MB/s.</p>"
        )
    doc_section = _doc_reports_html(result.doc_reports)
    status = "all notebooks ran" if result.ok else "some notebooks failed or were skipped"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Run {esc(result.run)}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fdecea; }} tr.skipped td {{ color: #888; }}
code {{ font-size: .85em; overflow-wrap: anywhere; }}
.report a {{ font-size: 1.2em; font-weight: bold; }}
</style></head><body>
<h1>Run <code>{esc(result.run)}</code></h1>
<p>{esc(status)}; generated {esc(_dt.datetime.now().isoformat(timespec="seconds"))}.</p>
{report_link}
<h2>Notebooks</h2>
<table><tr><th>notebook</th><th>status</th><th>time</th><th>parameters</th><th>error</th></tr>
{''.join(rows)}
</table>
{doc_section}
{corpus_info}
{fail_rows}
<h2>Run parameters</h2><p><code>{esc(_fmt_params(params))}</code></p>
<h2>Versions</h2><ul>{versions}</ul>
</body></html>
"""
    return write_text_atomic(result.outputs / "index.html", page)
