"""Stage `template`: the blank chronology template agencies fill in (Appendix 10), as Excel and Word."""
from __future__ import annotations

import argparse

from pipeline import messages
from pipeline.chronology.template import write_templates


def run(ctx: None, args: argparse.Namespace) -> int:
    paths = write_templates(args.out)
    messages.done("blank chronology template for agencies: " + ", ".join(str(p) for p in paths))
    return 0
