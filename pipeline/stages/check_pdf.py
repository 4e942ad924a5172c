"""Stage `check-pdf`: a PDF's accessibility structure, and veraPDF where it is installed."""
from __future__ import annotations

import argparse

from rich.table import Table

from pipeline import messages
from pipeline.errors import GateHeld
from pipeline.tools.pdfcheck import failures_as_problems, structural_checks, verapdf


def run(ctx: None, args: argparse.Namespace) -> int:
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
