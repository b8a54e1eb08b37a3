"""The command line: ``python -m helpers run|docs|clean|tokens|figures|entities``.

Each command prints machine-readable output to stdout and, on failure, one line to stderr naming
the file and the problem: exit 1 for bad input, 2 for bad usage. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import traceback
from pathlib import Path

from helpers import paths
from helpers.errors import BadInput, BadUsage, HelpersError
from helpers.params import PARAMS, check_date, validate
from helpers.run.inputs import InputDoc, iter_inputs
from helpers.store import textio
from helpers.store.textio import read_text

PROG = "helpers"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the problem and the valid options.

    Options are matched exactly: an abbreviation or a typo (``--dat``) is an error, not a guess.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        options = sorted({s for a in self._actions for s in a.option_strings if s.startswith("--")})
        valid = f"; valid options: {', '.join(options)}" if options else ""
        raise BadUsage(f"{message}{valid}")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--debug", action="store_true", help="show full tracebacks")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Chinese news text to clean text, tokens, figures, entities and reports.")
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    parser.commands = sub.choices  # name -> subparser, for errors about a command's options

    run = sub.add_parser("run", help="execute every notebook with papermill and render HTML")
    for name, p in PARAMS.items():
        flag = "--input" if name == "input_path" else "--" + name.replace("_", "-")
        kw = {"dest": name, "default": None, "help": f"{p.help} (default: {p.default!r})"}
        if p.type is bool:
            run.add_argument(flag, dest=name, action="store_const", const=True, default=None, help=p.help)
            continue
        if p.choices:
            kw["choices"] = p.choices
        run.add_argument(flag, **kw)
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                     help="set any notebook parameter by name (checked against the schema)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_common(run)

    docs = sub.add_parser("docs", help="list the documents an input names (doc_id, file, title, date, source) as CSV")
    docs.add_argument("path", help="a text file, a folder of them or a glob (as for run --input)")
    _add_common(docs)

    for name, help_ in (
        ("clean", "print the cleaned, structured document as JSON"),
        ("tokens", "print tokens as CSV (token, pos, start, end, is_stop, sent_id)"),
        ("figures", "print the figures as CSV"),
        ("entities", "print the entities as CSV"),
    ):
        c = sub.add_parser(name, help=help_)
        c.add_argument("path", help="a text file")
        c.add_argument("--date", default=None, help="document date YYYY[-MM[-DD]] if metadata.csv has none")
        if name == "tokens":
            c.add_argument("--engine", default="jieba", choices=("jieba", "rjieba"))
        _add_common(c)
    return parser


def _one_document(args):
    """The one text file ``args.path`` names, cleaned (the heavy modules are imported on use, so
    that ``--help`` and bad usage answer at once)."""
    from helpers.extract import document

    date = check_date(args.date, "--date")
    path = Path(args.path)
    if path.is_dir():  # said at once, without listing what may be a very large folder
        raise BadInput(path, "is a folder: give one text file (use `run --input FOLDER` for many)")
    docs = iter_inputs(args.path, {"date": date or ""})
    if len(docs) != 1:
        raise BadInput(path, f"names {len(docs)} files: give one text file (use `run --input PATTERN` for many)")
    if date:
        docs = [InputDoc(docs[0].path, docs[0].doc_id, dict(docs[0].meta, date=date))]
    return docs[0], document.clean_file(docs[0].path, docs[0].doc_id, docs[0].meta)


def _csv(df) -> str:
    from helpers.store.schemas import csv_view  # pandas: imported on use

    return csv_view(df).to_csv(index=False)


def cmd_clean(args) -> int:
    _, cleaned = _one_document(args)
    out = dict(cleaned.document)
    out["log"] = cleaned.log
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    return 0


def cmd_tokens(args) -> int:
    from helpers.extract import document

    _, cleaned = _one_document(args)
    _, tokens = document.segment_document(cleaned.document, args.engine)
    sys.stdout.write(_csv(tokens[["token", "pos", "start", "end", "is_stop", "sent_id"]]))
    return 0


def cmd_figures(args) -> int:
    from helpers.extract import document, segmentation

    _, cleaned = _one_document(args)
    sentences = segmentation.split_sentences(cleaned.document)
    figures, _ = document.figures_document(cleaned.document, sentences)
    sys.stdout.write(_csv(figures))
    return 0


def cmd_entities(args) -> int:
    from helpers.extract import document

    _, cleaned = _one_document(args)
    sentences, tokens = document.segment_document(cleaned.document)
    entities, _ = document.entities_document(cleaned.document, sentences, tokens)
    sys.stdout.write(_csv(entities[["name", "canonical", "type", "division_code", "mentions", "first_start"]]))
    return 0


def cmd_docs(args) -> int:
    """The doc_ids (and metadata) of an input, e.g. to choose ``run --report-docs``."""
    where = paths.resolve_input(args.path)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["doc_id", "file", "title", "date", "source"])
    for d in iter_inputs(where, {}):
        w.writerow([d.doc_id, str(d.path), d.meta.get("title", ""), d.meta.get("date", ""), d.meta.get("source", "")])
    return 0


def cmd_run(args) -> int:
    from helpers.run import runner  # papermill and nbconvert: seconds to import

    given = {k: getattr(args, k) for k in PARAMS if getattr(args, k, None) is not None}
    for name, value in args.parameter:
        given[name] = value
    params = validate(given)
    textio.max_file_bytes(), textio.max_line_chars()  # an old CNTEXT_* limit still set: bad usage, at once
    # Fail fast, before any kernel starts, on an input that cannot be read.
    inputs = iter_inputs(paths.resolve_input(params["input_path"]), {})
    if len(inputs) == 1:
        read_text(inputs[0].path)
    if "*" not in params["input_path"]:
        params["input_path"] = str(paths.resolve_input(params["input_path"]).resolve())
    result = runner.run_collection(params, progress=not args.no_progress)
    print(json.dumps({
        "run": result.run,
        "index": str(result.outputs / "index.html"),
        "report": str(result.outputs / "report.html") if (result.outputs / "report.html").exists() else None,
        "stages": [{"notebook": s.notebook, "status": s.status, "seconds": round(s.seconds, 2)} for s in result.stages],
        **({"reports": [{"doc_id": r.doc_id, "lang": r.lang, "status": r.status, "seconds": round(r.seconds, 2),
                         "page": str(result.outputs / r.html) if r.html else None} for r in result.doc_reports]}
           if result.doc_reports else {}),
    }, ensure_ascii=False))
    for s in result.stages:
        if s.status == "failed":
            where = f"cell [{s.cell}]" if s.cell is not None else "start-up"
            print(f"{PROG}: notebook {s.notebook} failed at {where}: {s.error}; executed copy: "
                  f"{result.outputs / s.executed}", file=sys.stderr)
            return 1
    bad = [r for r in result.doc_reports if r.status == "failed"]
    if bad:
        r = bad[0]
        where = f"cell [{r.cell}]" if r.cell is not None else "start-up"
        more = f" ({len(bad)} per-document reports failed; see {result.outputs / 'index.html'})" if len(bad) > 1 else ""
        print(f"{PROG}: the report on document {r.doc_id!r} ({r.lang}) failed at {where}: {r.error}; "
              f"executed copy: {result.outputs / r.executed}{more}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {"run": cmd_run, "clean": cmd_clean, "tokens": cmd_tokens, "figures": cmd_figures, "entities": cmd_entities,
            "docs": cmd_docs}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:
            target = parser.commands.get(args.command, parser)
            target.error(f"unrecognized arguments: {' '.join(extra)}")
        if not args.command:
            raise BadUsage(f"choose a command: {', '.join(COMMANDS)}")
        return COMMANDS[args.command](args)
    except HelpersError as e:
        if debug:
            traceback.print_exc()
        print(f"{PROG}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; finished products are complete, unfinished ones were not written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # anything else is our bug: one line, traceback on request or in the log
        log = paths.CACHE / "last-error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
        except OSError:
            pass
        if debug:
            traceback.print_exc()
        print(f"{PROG}: internal error: {type(e).__name__}: {e} (traceback in {log}; --debug shows it)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
