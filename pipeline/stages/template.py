"""Stage `template`: the blank forms others fill in, before or outside a case.

`chronology`: the key-events chronology template agencies fill in (Appendix 10), as Excel and Word.
`referral`: the referral form any agency sends to ask the partnership to consider a case for a
serious incident notification and review (Appendix 2, Part 1), in Word; with --case, it names the
partnership and the mailbox to return it to from that case's review.yaml.
"""
from __future__ import annotations

import argparse
import datetime as dt

from pipeline import TEMPLATES, messages
from pipeline.case.load import load_case
from pipeline.chronology.template import write_templates
from pipeline.context import DEFAULT_BUILD_ROOT
from pipeline.fileio import write_atomic
from pipeline.tools.docxtemplate import render_docx

UNNAMED = {"partnership_name": "the Safeguarding Partnership", "mailbox": "the Safeguarding Partnership's mailbox"}


def referral_form(args: argparse.Namespace) -> bytes:
    """Appendix 2 with the partnership's name and mailbox when a case says them, else in general words."""
    context = UNNAMED
    if args.case:
        partnership = load_case(args.case, DEFAULT_BUILD_ROOT, with_files=False).review.partnership
        context = {"partnership_name": partnership.name, "mailbox": partnership.mailbox}
    return render_docx("referral-form.docx", context, folder=TEMPLATES / "appendices", when=dt.date.today(),
                       title="Consideration of Case for Review: referral form (Part 1)",
                       author=context["partnership_name"])


def run(ctx: None, args: argparse.Namespace) -> int:
    if args.kind == "referral":
        path = write_atomic(args.out / "referral-form.docx", referral_form(args))
        messages.done(f"blank referral form (Appendix 2, Part 1) for any agency to ask for a case to be considered: {path}")
        return 0
    paths = write_templates(args.out)
    messages.done("blank chronology template for agencies: " + ", ".join(str(p) for p in paths))
    return 0
