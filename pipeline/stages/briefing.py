"""Stage `briefing`: review.yaml (briefing:, findings, recommendations) + decisions.yaml ->
build/<id>/public/<id>-briefing.pdf and .html, the 7-minute briefing.

The briefing's wording is checked like every published field of review.yaml (a register value is
bad input naming the field), then anonymised with the report's register and decisions: a finding
with no decision holds it (exit 1, naming the finding). The PDF must pass the accessibility
structure checks and both files the leak scan before they move into public/.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pipeline import messages
from pipeline.case.public_fields import refuse_register_values
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic
from pipeline.report.briefing import (
    RECORD,
    anonymised,
    briefing_markdown,
    briefing_name,
    inputs_digest,
    refuse_failures,
    refuse_long,
    rendered,
)
from pipeline.report.record import write_record
from pipeline.stamps import case_folder


def forget(public: Path, name: str) -> None:
    """A briefing from an earlier review.yaml must not stay beside the report once the block is gone."""
    for path in (public / f"{name}.pdf", public / f"{name}.html", public / RECORD):
        path.unlink(missing_ok=True)


def briefing(ctx: BuildContext, model: str) -> tuple[Path, Path] | None:
    name = briefing_name(ctx.review)
    if ctx.review.briefing is None:
        forget(ctx.out / "public", name)
        return None
    refuse_register_values(ctx.review, ctx.case_dir)
    markdown = anonymised(ctx, briefing_markdown(ctx.review), model, "review.yaml (briefing)")
    html, pdf = rendered(ctx, markdown, kind="briefing", name=name)
    refuse_long(pdf)
    with tempfile.TemporaryDirectory(dir=ctx.zone("public").parent, prefix=".briefing-") as tmp:
        staged = [Path(tmp) / f"{name}.pdf", Path(tmp) / f"{name}.html"]
        staged[0].write_bytes(pdf)
        staged[1].write_text(html, encoding="utf-8")
        refuse_failures(staged, ctx.review)
    public = ctx.zone("public")
    pdf_path = write_atomic(public / f"{name}.pdf", pdf)
    html_path = write_atomic(public / f"{name}.html", html.encode("utf-8"))
    write_record(public / RECORD, pdf, html.encode("utf-8"), inputs_digest(ctx))
    return pdf_path, html_path


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    written = briefing(ctx, args.spacy_model)
    if written is None:
        messages.info("no briefing: block in review.yaml, so no 7-minute briefing was made")
    else:
        messages.done(f"7-minute briefing -> {written[1]} and {written[0]}: accessibility structure and leak scan passed")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    return [case_folder(ctx, "redaction", "chronologies", "organisational", "sections"), ctx.decisions_file]


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    public = ctx.out / "public"
    name = briefing_name(ctx.review)
    return [public / f"{name}.pdf", public / f"{name}.html", public / RECORD] if ctx.review.briefing else []
