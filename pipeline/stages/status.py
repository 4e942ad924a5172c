"""Stage `status`: the statutory timescales of a review, on the terminal (or as JSON)."""
from __future__ import annotations

import argparse
import datetime as dt
import json

from rich.table import Table

from pipeline import messages
from pipeline.case.timescales import deadlines, status_json
from pipeline.context import BuildContext


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
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
