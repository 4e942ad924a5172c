"""Stage `validate`: review.yaml and the case files -> build/<id>/internal/case.json."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline import messages
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic
from pipeline.stamps import case_folder


def validate(ctx: BuildContext) -> Path:
    """Write the checked case as JSON for the later stages and Make."""
    payload = json.dumps(ctx.review.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)
    return write_atomic(ctx.zone("internal") / "case.json", payload + "\n")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    path = validate(ctx)
    r = ctx.review
    messages.done(f"{ctx.case_dir}: review '{r.review.id}' is valid: {len(r.agencies)} agencies, "
                  f"{len(r.register.people)} people, {len(r.register.places)} places, "
                  f"{len(r.register.identifiers)} identifiers in the register -> {path}")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    return [case_folder(ctx, "redaction")]


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return [ctx.out / "internal" / "case.json"]
