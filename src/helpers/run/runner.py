"""The notebook runner: validate parameters, execute every notebook with papermill, render HTML.

Notebooks run in order in this one process through papermill's Python API, each in a fresh
kernel named explicitly; executed copies go to ``outputs/<run>/notebooks/``, HTML pages (images
embedded, nothing fetched from a CDN) to ``outputs/<run>/html/``, and ``outputs/<run>/index.html``
lists each notebook with its status, duration, parameters and the versions used. A failed
notebook is kept with papermill's error banner and the stages after it are skipped.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import html
import importlib.metadata as md
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
import nbformat
import papermill
from ipykernel.kernelspec import install
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from tqdm.auto import tqdm

from helpers import __version__, paths
from helpers.errors import BadInput, BadUsage
from helpers.extract import lexicon
from helpers.params import validate
from helpers.run import execute
from helpers.run.index import write_index
from helpers.run.inputs import iter_inputs
from helpers.run.results import DocReport, RunResult, StageResult
from helpers.show import i18n, report, webfont
from helpers.store import parts, products
from helpers.store.files import write_text_atomic

KERNEL_NAME = "zhnewsdata"


# ----------------------------------------------------------------------------- notebooks

def stage_notebooks(folder: Path | None = None) -> list[Path]:
    """The collection's notebooks, in order (``NN_verb_object.ipynb``)."""
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The names and defaults of a notebook's ``parameters`` cell (papermill's own reading)."""
    return {name: info["default"] for name, info in papermill.inspect_notebook(str(notebook)).items()}


def _versions() -> dict[str, str]:

    out = {"helpers": __version__, "python": platform.python_version()}
    for dist in ("jieba", "rjieba", "pandas", "matplotlib", "papermill", "nbconvert", "cn2an"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = "not installed"
    out["lexicon"] = lexicon.version()
    return out


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """The kernel to use: ours if registered, else one is registered for this interpreter."""
    ksm = KernelSpecManager()
    try:
        spec = ksm.get_kernel_spec(name)
        if Path(spec.argv[0]).exists():
            return name
    except NoSuchKernel:
        pass

    install(kernel_name=name, display_name="Python (zhnewsdata)", prefix=sys.prefix)
    return name


def _ipc_kernel_manager(log_path: Path):
    """A kernel manager on local IPC sockets (no TCP ports, no 'running over TCP' warnings) whose
    kernels write their own stderr (start-up and shutdown chatter) to ``log_path``, not the terminal.
    What a notebook prints still goes into the notebook."""


    sockets = tempfile.mkdtemp(prefix="zhnewsdata-kernel-")

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


REPORT_SECONDS = 6  # one per-document report execution on the project's 2-core machine (kernel start included)
MANY_REPORTS = 200


def chosen_documents(params: dict) -> list[str]:
    """The doc_ids ``report_docs`` names, checked against the input's documents (cheap: no file is read
    beyond metadata.csv). Raises BadUsage naming every unknown id and how to list the valid ones."""


    value = params.get("report_docs", "").strip()
    if not value:
        return []
    where = paths.resolve_input(params["input_path"])
    ids = [d.doc_id for d in iter_inputs(
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


def _plan(notebooks: list[Path], params: dict, langs: list[str]) -> list[tuple]:
    """(notebook, name, parameters, is_report, lang) for each execution: the report notebook once
    per language (``05_build_report`` and ``05_build_report.zh``), every other notebook once."""
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
    return plan


def _execute(nb: Path, executed: Path, nb_params: dict, kernel: str, km_class, result, dirs) -> None:
    """Run one notebook with papermill into ``executed``; its status, time and error go into ``result``."""
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
    result.seconds = time.perf_counter() - t0
    result.executed = str(executed.relative_to(dirs.outputs)) if executed.exists() else ""


def _relink_languages(page: Path, stem: str, langs: list[str]) -> None:
    """The notebook copy of a report (``html/05_build_report.html``) links to its other language's
    notebook copy beside it, not to ``report.<lang>.html``, which lives one folder up."""
    text = page.read_text(encoding="utf-8")
    new = text
    for lang in langs:
        target = f"{stem}.html" if lang == langs[0] else f"{stem}.{lang}.html"
        new = new.replace(f'href="report.{lang}.html"', f'href="{target}"')
    if new != text:
        write_text_atomic(page, new)


def _report_pages(executed: Path, dirs, lang: str | None, langs: list[str]) -> None:
    """The shareable report: ``report[.<lang>].html`` without code; the first language is also ``report.html``."""
    suffix = f".{lang}" if lang else ""
    page = render_html(executed, dirs.outputs / f"report{suffix}.html", exclude_input=True,
                       title=_report_title(dirs, lang), language="zh-CN" if lang == "zh" else "en")
    if lang in (None, langs[0]) and suffix:
        write_text_atomic(dirs.outputs / "report.html", page.read_text(encoding="utf-8"))


def run_collection(
    params: dict[str, Any],
    notebooks: list[Path] | None = None,
    progress: bool = True,
    kernel_name: str | None = None,
    report_variants: bool = True,
) -> RunResult:
    """Execute ``notebooks`` (default: the collection) in order with validated ``params``."""
    params = validate(params)
    lexicon.check()  # before anything runs: a bad lexicon line is bad input naming the file and line
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
    plan = _plan(notebooks, params, langs)
    km_class = _ipc_kernel_manager(dirs.outputs / "kernels.log")
    bar = tqdm(plan, desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    for nb, name, nb_params, is_report, lang in bar:
        bar.set_postfix_str(name)
        result = StageResult(f"{name}.ipynb", "skipped", parameters=nb_params)
        stages.append(result)
        if failed:
            continue
        _execute(nb, out_nb / f"{name}.ipynb", nb_params, kernel, km_class, result, dirs)
        failed = result.status == "failed"
        if result.executed:
            executed = dirs.outputs / result.executed
            page = render_html(executed, out_html / f"{name}.html")
            if is_report:
                _relink_languages(page, nb.stem, langs)
            result.html = str(page.relative_to(dirs.outputs))
            if is_report and result.status == "ok" and report_variants:
                _report_pages(executed, dirs, lang, langs)
    bar.close()
    doc_reports = []
    report_nb = next((nb for nb in notebooks if "report" in nb.stem and "doc_id" in declared_parameters(nb)), None)
    if chosen and report_nb is not None:
        nb_params = {k: v for k, v in params.items() if k in declared_parameters(report_nb)}
        doc_reports = render_doc_reports(report_nb, nb_params, chosen, langs, dirs, kernel, km_class,
                                         skip=failed, progress=progress)
    res = RunResult(params["run"], dirs.outputs, stages, versions, prepass, doc_reports)
    index = write_index(res, params)
    webfont.embed([*out_html.glob("*.html"), *dirs.outputs.glob("report*.html"), index])
    return res


PROG_NAME = "helpers"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _doc_title(dirs, doc_id: str, lang: str | None = None) -> str:
    """A document's title: in ``lang`` where metadata gives one (``title_en``), else as written."""
    try:
        row = parts.read_part(dirs, "documents", doc_id).iloc[0]
    except Exception:  # the document failed before it was cleaned: its id stands for it
        return doc_id
    suffix = i18n.conventions(lang)["meta_suffix"] if lang else ""
    for title in ((row.get(f"title{suffix}") if suffix else None), row.get("title")):
        if isinstance(title, str) and title:
            return title
    return doc_id


def render_doc_reports(notebook: Path, nb_params: dict, doc_ids: list[str], langs: list[str], dirs, kernel: str,
                       km_class=None, skip: bool = False, progress: bool = True) -> list[DocReport]:
    """Notebook 05 once per document and language, with ``doc_id`` set: executed copies in
    ``outputs/<run>/notebooks/reports/``, pages (no code, the report's template, the web font
    embedded) in ``outputs/<run>/reports/<doc>.html`` (first language) and ``<doc>.<lang>.html``.
    A document whose report fails is recorded; the others still render."""
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
            _execute(notebook, executed, dict(nb_params, lang=lang, doc_id=doc_id), kernel, km_class, result, dirs)
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
    failures = json.loads((dirs.outputs / "corpus.json").read_text(encoding="utf-8"))["failures"]
    write_text_atomic(dirs.outputs / "failures.json", json.dumps(failures, ensure_ascii=False, indent=1))
    write_index(RunResult(params["run"], dirs.outputs, [], versions, prepass), params, failures)
    first = "; ".join(f"{f['path']}: {f['problem']}" for f in failures[:3])
    more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
    raise BadInput(None, f"no document could be read ({first}{more}); see {dirs.outputs / 'index.html'}")


def _report_title(dirs, lang: str | None = None) -> str:
    """The page title of a report: the article's title, or how many documents a corpus has."""
    try:
        ids = products.document_ids(dirs)
    except Exception:  # a report is still rendered if the documents cannot be read
        return "Report"
    if len(ids) == 1 and (title := _doc_title(dirs, ids[0], lang)) != ids[0]:
        return title
    return f"{len(ids)} documents"


def _corpus_prepass(params: dict, dirs, progress: bool) -> dict | None:
    """With several documents, do the per-document work (stages 01-04) first, in parallel,
    with a progress bar; the notebooks then find it done and only show and compare."""
    inputs = iter_inputs(
        paths.resolve_input(params["input_path"]),
        {"date": params["date"], "title": params["title"], "source": params["source"]},
    )
    if len(inputs) < 2:
        return None
    t0 = time.perf_counter()
    settings = execute.Settings(dirs=dirs, engine=params["engine"], force=params["force"])
    results = execute.run_stage("all", inputs, settings, params["jobs"], params["scheduler"], progress)
    wall = time.perf_counter() - t0
    info = execute.summary(results)
    info.update(wall_seconds=round(wall, 2), docs_per_second=round(len(results) / wall, 2) if wall else None,
                mb_per_second=round(info["mb"] / wall, 3) if wall else None,
                jobs=params["jobs"] or execute.default_jobs(), scheduler=params["scheduler"] or "processes")
    write_text_atomic(dirs.outputs / "corpus.json", json.dumps(
        {"summary": info, "failures": execute.failures_of(results)}, ensure_ascii=False, indent=1))
    return info


