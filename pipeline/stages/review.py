"""Stage `review`: the quality checker's review page for one case. The draft is analysed once,
then every finding and automatic change is decided in the browser; each decision is written to
<case>/redaction/decisions.yaml at once. The page never publishes: `lcspr redaction` and
`lcspr publish` do, as before."""
from __future__ import annotations

import argparse
import sys

from pipeline import messages
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem
from pipeline.review.server import ReviewServer, open_browser
from pipeline.review.session import ReviewSession


def who_decides(name: str | None) -> str:
    """`--as NAME`, or asked once at the terminal: every decision records who made it."""
    if name and name.strip():
        return name.strip()
    if sys.stdin.isatty():
        answer = input("Your name, as decisions.yaml should record who decided: ").strip()
        if answer:
            return answer
    raise BadInput(Problem("lcspr review", "no name to record as 'decided_by'",
                           "run it again with --as \"Your Name\""))


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    decided_by = who_decides(args.decided_by)
    messages.info("analysing the draft (once; each decision then re-runs only what it changed)")
    session = ReviewSession(ctx, args.spacy_model, decided_by)
    server = ReviewServer(session)
    decided, total = session.progress()
    try:  # Ctrl-C is how the page is closed: uvicorn passes it on once it has stopped
        messages.done(f"{decided} of {total} decided. The review page (this computer only; Ctrl-C stops it):\n"
                      f"    {server.url}")
        open_browser(server.url)
        server.serve()
    except KeyboardInterrupt:
        pass
    messages.info("review page stopped; decisions are saved in " + str(ctx.decisions_file))
    return 0
