"""The notebook runner: validate parameters, execute every notebook with papermill, render HTML.

Notebooks run in order in this one process through papermill's Python API, each in a fresh
kernel named explicitly; executed copies go to ``outputs/<run>/notebooks/``, HTML pages (images
embedded, nothing fetched from a CDN) to ``outputs/<run>/html/``, and ``outputs/<run>/index.html``
lists each notebook with its status, duration, parameters and the versions used. A failed
notebook is kept with papermill's error banner and the stages after it are skipped.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from helpers import __version__, paths
from helpers.errors import BadUsage
from helpers.textio import write_text_atomic

KERNEL_NAME = "cntext"


# ----------------------------------------------------------------------------- parameters

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
    from helpers.pipeline import DATE_RE, parse_date

    if value == "":
        return None
    try:
        parse_date(value)
    except ValueError as e:
        if not DATE_RE.match(value):
            return f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
        return f"{value!r} is not a valid date ({e})"
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
        Param("report_docs", str, "", "a report per document too: '' none, 'all', or doc_ids separated by commas "
              "(pages in outputs/<run>/reports/)", check=_check_report_docs),
    )
}


def coerce(name: str, value: Any) -> Any:
    """Convert and check one parameter value; raise BadUsage naming the problem and valid values."""
    if name not in PARAMS:
        raise BadUsage(f"unknown parameter {name!r}; valid parameters: {', '.join(PARAMS)}")
    p = PARAMS[name]
    if p.type is bool:
        if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no"):
            value = value.lower() in ("true", "1", "yes")
        if not isinstance(value, bool):
            raise BadUsage(f"parameter {name!r} must be true or false, not {value!r}")
    elif p.type is int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise BadUsage(f"parameter {name!r} must be a whole number, not {value!r}")
        try:
            value = int(value)
        except ValueError:
            raise BadUsage(f"parameter {name!r} must be a whole number, not {value!r}") from None
    elif p.type is str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise BadUsage(f"parameter {name!r} must be text, not {value!r}")
    if p.choices and value not in p.choices:
        raise BadUsage(f"parameter {name!r} is {value!r}; valid choices: {', '.join(p.choices)}")
    if p.check:
        problem = p.check(value)
        if problem:
            raise BadUsage(f"parameter {name!r}: {problem}")
    return value


def validate(params: dict[str, Any]) -> dict[str, Any]:
    """All parameters with defaults filled in, each checked against the schema."""
    out = {name: p.default for name, p in PARAMS.items()}
    for name, value in params.items():
        out[name] = coerce(name, value)
    return out


# ----------------------------------------------------------------------------- notebooks

def stage_notebooks(folder: Path | None = None) -> list[Path]:
    """The collection's notebooks, in order (``NN_verb_object.ipynb``)."""
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The names and defaults of a notebook's ``parameters`` cell (papermill's own reading)."""
    import papermill

    return {name: info["default"] for name, info in papermill.inspect_notebook(str(notebook)).items()}


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


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"helpers": __version__, "python": platform.python_version()}
    for dist in ("jieba", "rjieba", "pandas", "matplotlib", "papermill", "nbconvert", "cn2an"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = "not installed"
    try:
        from helpers import lexicon

        out["lexicon"] = lexicon.version()
    except Exception:  # the lexicon module may be absent in a stripped-down install
        out["lexicon"] = "unknown"
    return out


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """The kernel to use: ours if registered, else one is registered for this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    ksm = KernelSpecManager()
    try:
        spec = ksm.get_kernel_spec(name)
        if Path(spec.argv[0]).exists():
            return name
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=name, display_name="Python (cntext)", prefix=sys.prefix)
    return name


def _ipc_kernel_manager(log_path: Path):
    """A kernel manager on local IPC sockets (no TCP ports, no 'running over TCP' warnings) whose
    kernels write their own stderr (start-up and shutdown chatter) to ``log_path``, not the terminal.
    What a notebook prints still goes into the notebook."""
    import os
    import tempfile

    from jupyter_client.manager import AsyncKernelManager

    sockets = tempfile.mkdtemp(prefix="cntext-kernel-")

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(sockets, "k"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "ab") as log:
                kw["stderr"] = log
                kw["stdout"] = log
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return IPCKernelManager


# ----------------------------------------------------------------------------- HTML

_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock %}
{% block html_head_js_mathjax %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
"""


def render_html(notebook_path: Path, html_path: Path, exclude_input: bool = False, title: str | None = None,
                language: str = "en") -> Path:
    """Render an executed notebook to one self-contained HTML page (no CDN scripts)."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="offline.html.j2",
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
        exclude_anchor_links=True,
        embed_images=True,
        language_code=language,
    )
    if exclude_input:
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={"hide-in-report"}, enabled=True), enabled=True
        )
    nb = nbformat.read(str(notebook_path), as_version=4)
    nb.metadata["title"] = title or notebook_path.stem
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r'<html lang="[^"]*">', f'<html lang="{html.escape(language)}">', body, count=1)
    write_text_atomic(html_path, body)
    return html_path


def _error_of(exc: Exception) -> tuple[str, int | None]:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    line = str(evalue).strip().splitlines()[-1] if str(evalue).strip() else ""
    return f"{ename}: {line}"[:300], cell


# ----------------------------------------------------------------------------- run

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


REPORT_SECONDS = 6  # one per-document report execution on the project's 2-core machine (kernel start included)
MANY_REPORTS = 200


def chosen_documents(params: dict) -> list[str]:
    """The doc_ids ``report_docs`` names, checked against the input's documents (cheap: no file is read
    beyond metadata.csv). Raises BadUsage naming every unknown id and how to list the valid ones."""
    import difflib

    from helpers import pipeline

    value = params.get("report_docs", "").strip()
    if not value:
        return []
    where = paths.resolve_input(params["input_path"])
    ids = [d.doc_id for d in pipeline.iter_inputs(
        where, {"date": params["date"], "title": params["title"], "source": params["source"]})]
    if value == "all":
        return ids
    wanted = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    known = set(ids)
    unknown = [w for w in wanted if w not in known]
    if unknown:
        hints = [m for u in unknown for m in difflib.get_close_matches(u, ids, n=1)]
        hint = f" (did you mean {', '.join(repr(h) for h in hints)}?)" if hints else ""
        raise BadUsage(
            f"parameter 'report_docs': no document {', '.join(repr(u) for u in unknown)} in {where}{hint}; "
            f"`python -m helpers docs {params['input_path']}` lists the {len(ids)} valid doc_ids")
    return wanted


def run_collection(
    params: dict[str, Any],
    notebooks: list[Path] | None = None,
    progress: bool = True,
    kernel_name: str | None = None,
    report_variants: bool = True,
) -> RunResult:
    """Execute ``notebooks`` (default: the collection) in order with validated ``params``."""
    import papermill
    from tqdm.auto import tqdm

    params = validate(params)
    chosen = chosen_documents(params)  # before anything runs: an unknown id is bad usage
    langs = ["en", "zh"] if params["lang"] == "both" else [params["lang"]]
    if len(chosen) > MANY_REPORTS:
        n = len(chosen) * len(langs)
        print(f"{PROG_NAME}: report_docs renders {len(chosen)} per-document reports ({n} pages with "
              f"lang={params['lang']}), about {_duration(n * REPORT_SECONDS)} at ~{REPORT_SECONDS} s each",
              file=sys.stderr)
    dirs = paths.run_dirs(params["run"], params["work_dir"] or None).make()
    out_nb = dirs.outputs / "notebooks"
    out_html = dirs.outputs / "html"
    notebooks = notebooks if notebooks is not None else stage_notebooks()
    if not notebooks:
        raise BadUsage(f"no notebooks found in {paths.NOTEBOOKS}")
    kernel = kernel_name or ensure_kernel()
    versions = _versions()
    write_text_atomic(dirs.outputs / "run.json", json.dumps(
        {"run": params["run"], "parameters": params, "versions": versions,
         "started": _dt.datetime.now().isoformat(timespec="seconds")}, ensure_ascii=False, indent=1))
    stages: list[StageResult] = []
    failed = False
    prepass = _corpus_prepass(params, dirs, progress) if notebooks == stage_notebooks() else None
    if prepass:
        params = dict(params, force=False)  # the notebooks find every document done
        if prepass.get("failed", 0) == prepass["documents"]:
            _all_failed(params, dirs, versions, prepass)
    plan = []
    for nb in notebooks:
        declared = declared_parameters(nb)
        nb_params = {k: v for k, v in params.items() if k in declared}
        if "lang" in nb_params:
            nb_params["lang"] = langs[0]
        is_report = "report" in nb.stem
        variants = langs if (is_report and "lang" in declared) else [None]
        for lang in variants:
            vp = dict(nb_params, lang=lang) if lang else nb_params
            name = nb.stem if lang in (None, langs[0]) else f"{nb.stem}.{lang}"
            plan.append((nb, name, vp, is_report, lang))
    km_class = _ipc_kernel_manager(dirs.outputs / "kernels.log")
    bar = tqdm(plan, desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    for nb, name, nb_params, is_report, lang in bar:
        bar.set_postfix_str(name)
        result = StageResult(f"{name}.ipynb", "skipped", parameters=nb_params)
        stages.append(result)
        if failed:
            continue
        executed = out_nb / f"{name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(nb), str(executed), parameters=nb_params, kernel_name=kernel,
                progress_bar=False, log_output=False, cwd=str(nb.parent), kernel_manager_class=km_class,
            )
            result.status = "ok"
        except Exception as exc:  # papermill.PapermillExecutionError and kernel failures
            result.status = "failed"
            result.error, result.cell = _error_of(exc)
            failed = True
        result.seconds = time.perf_counter() - t0
        result.executed = str(executed.relative_to(dirs.outputs)) if executed.exists() else ""
        if executed.exists():
            page = render_html(executed, out_html / f"{name}.html")
            result.html = str(page.relative_to(dirs.outputs))
            if is_report and result.status == "ok" and report_variants:
                suffix = f".{lang}" if lang else ""
                page = render_html(executed, dirs.outputs / f"report{suffix}.html", exclude_input=True,
                                   title=_report_title(dirs), language="zh-CN" if lang == "zh" else "en")
                if lang in (None, langs[0]) and suffix:
                    write_text_atomic(dirs.outputs / "report.html", page.read_text(encoding="utf-8"))
    bar.close()
    doc_reports = []
    report_nb = next((nb for nb in notebooks if "report" in nb.stem and "doc_id" in declared_parameters(nb)), None)
    if chosen and report_nb is not None:
        nb_params = {k: v for k, v in params.items() if k in declared_parameters(report_nb)}
        doc_reports = render_doc_reports(report_nb, nb_params, chosen, langs, dirs, kernel, km_class,
                                         skip=failed, progress=progress)
    res = RunResult(params["run"], dirs.outputs, stages, versions, prepass, doc_reports)
    index = write_index(res, params)
    from helpers import webfont

    webfont.embed([*out_html.glob("*.html"), *dirs.outputs.glob("report*.html"), index])
    return res


PROG_NAME = "helpers"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _doc_title(dirs, doc_id: str) -> str:
    from helpers import corpus

    try:
        title = corpus.read_part(dirs, "documents", doc_id)["title"].iloc[0]
    except Exception:  # the document failed before it was cleaned: its id stands for it
        return doc_id
    return title if isinstance(title, str) and title else doc_id


def render_doc_reports(notebook: Path, nb_params: dict, doc_ids: list[str], langs: list[str], dirs, kernel: str,
                       km_class=None, skip: bool = False, progress: bool = True) -> list[DocReport]:
    """Notebook 05 once per document and language, with ``doc_id`` set: executed copies in
    ``outputs/<run>/notebooks/reports/``, pages (no code, the report's template, the web font
    embedded) in ``outputs/<run>/reports/<doc>.html`` (first language) and ``<doc>.<lang>.html``.
    A document whose report fails is recorded; the others still render."""
    import papermill
    from tqdm.auto import tqdm

    from helpers import report, webfont

    km_class = km_class or _ipc_kernel_manager(dirs.outputs / "kernels.log")
    out: list[DocReport] = []
    bar = tqdm(total=len(doc_ids) * len(langs), desc="document reports", unit="page", disable=not progress,
               file=sys.stderr)
    for doc_id in doc_ids:
        title = _doc_title(dirs, doc_id)
        stem = report.page_stem(doc_id)
        pages = []
        for lang in langs:
            bar.set_postfix_str(f"{doc_id} {lang}")
            suffix = "" if lang == langs[0] else f".{lang}"
            result = DocReport(doc_id, title, lang, "skipped")
            out.append(result)
            if skip:
                bar.update()
                continue
            executed = dirs.outputs / "notebooks" / "reports" / f"{stem}{suffix}.ipynb"
            executed.parent.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            try:
                papermill.execute_notebook(
                    str(notebook), str(executed), parameters=dict(nb_params, lang=lang, doc_id=doc_id),
                    kernel_name=kernel, progress_bar=False, log_output=False, cwd=str(notebook.parent),
                    kernel_manager_class=km_class,
                )
                result.status = "ok"
            except Exception as exc:  # this document's report failed: recorded, the next one goes on
                result.status = "failed"
                result.error, result.cell = _error_of(exc)
            result.seconds = time.perf_counter() - t0
            result.executed = str(executed.relative_to(dirs.outputs)) if executed.exists() else ""
            if result.status == "ok":
                page = render_html(executed, dirs.outputs / "reports" / f"{stem}{suffix}.html", exclude_input=True,
                                   title=title, language="zh-CN" if lang == "zh" else "en")
                result.html = str(page.relative_to(dirs.outputs))
                pages.append(page)
            bar.update()
        webfont.embed(pages)  # one subset per document: pages are never all held in memory
    bar.close()
    return out


def _all_failed(params: dict, dirs, versions: dict, prepass: dict):
    """Every document failed: no notebook is started; the index lists why, and the run is bad input."""
    from helpers.errors import BadInput

    failures = json.loads((dirs.outputs / "corpus.json").read_text(encoding="utf-8"))["failures"]
    write_text_atomic(dirs.outputs / "failures.json", json.dumps(failures, ensure_ascii=False, indent=1))
    write_index(RunResult(params["run"], dirs.outputs, [], versions, prepass), params, failures)
    first = "; ".join(f"{f['path']}: {f['problem']}" for f in failures[:3])
    more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
    raise BadInput(None, f"no document could be read ({first}{more}); see {dirs.outputs / 'index.html'}")


def _report_title(dirs) -> str:
    """The page title of a report: the article's title, or how many documents a corpus has."""
    from helpers import pipeline

    try:
        ids = pipeline.document_ids(dirs)
    except Exception:  # a report is still rendered if the documents cannot be read
        return "Report"
    if len(ids) == 1 and (title := _doc_title(dirs, ids[0])) != ids[0]:
        return title
    return f"{len(ids)} documents"


def _corpus_prepass(params: dict, dirs, progress: bool) -> dict | None:
    """With several documents, do the per-document work (stages 01-04) first, in parallel,
    with a progress bar; the notebooks then find it done and only show and compare."""
    from helpers import corpus, pipeline

    inputs = pipeline.iter_inputs(
        paths.resolve_input(params["input_path"]),
        {"date": params["date"], "title": params["title"], "source": params["source"]},
    )
    if len(inputs) < 2:
        return None
    t0 = time.perf_counter()
    settings = corpus.Settings(dirs=dirs, engine=params["engine"], force=params["force"])
    results = corpus.run_stage("all", inputs, settings, params["jobs"], params["scheduler"], progress)
    wall = time.perf_counter() - t0
    info = corpus.summary(results)
    info.update(wall_seconds=round(wall, 2), docs_per_second=round(len(results) / wall, 2) if wall else None,
                mb_per_second=round(info["mb"] / wall, 3) if wall else None,
                jobs=params["jobs"] or corpus.default_jobs(), scheduler=params["scheduler"] or "processes")
    write_text_atomic(dirs.outputs / "corpus.json", json.dumps(
        {"summary": info, "failures": corpus.failures_of(results)}, ensure_ascii=False, indent=1))
    return info


def _fmt_params(p: dict) -> str:
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in p.items())


def _doc_reports_html(reports: list[DocReport]) -> str:
    """The index's table of per-document reports: a link per document (its title), each language, status."""
    from urllib.parse import quote

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
    from helpers import pipeline

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
    failures = failures if failures is not None else pipeline.read_failures(result.outputs)
    if failures:
        fail_rows = "<h2>Documents skipped</h2><table><tr><th>file</th><th>problem</th></tr>" + "".join(
            f"<tr><td>{esc(str(f.get('path', '')))}</td><td>{esc(str(f.get('problem', '')))}</td></tr>" for f in failures
        ) + "</table>"
    versions = "".join(f"<li>{esc(k)}: {esc(str(v))}</li>" for k, v in result.versions.items())
    corpus_info = ""
    if result.prepass:
        p = result.prepass
        corpus_info = (
            f"<h2>Per-document work</h2><p>{p['documents']} documents ({p.get('done', 0)} processed, "
            f"{p.get('cached', 0)} unchanged and skipped, {p.get('failed', 0)} failed) in {p['wall_seconds']} s "
            f"with {esc(str(p['jobs']))} worker(s) ({esc(str(p['scheduler']))}): {p['docs_per_second']} documents/s, "
            f"{p['mb_per_second']} MB/s.</p>"
        )
    doc_section = _doc_reports_html(result.doc_reports)
    status = "all notebooks ran" if result.ok else "some notebooks failed or were skipped"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Run {esc(result.run)}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: .4em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fdecea; }} tr.skipped td {{ color: #888; }} code {{ font-size: .85em; word-break: break-all; }}
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
