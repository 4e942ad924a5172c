"""Stage `redaction`: internal/draft-report.md -> redaction/findings.{json,html}, status.json and,
once every finding is decided, redaction/public-report.md for publish and a copy of each image
it shows under redaction/media/, rebuilt from its pixels (publish never reads internal/).

The whole Markdown document is anonymised as text (title block, headings, tables, link
text and targets, alt text) before pandoc ever sees it, so no heading id is made from a
name. The register, allow-list and date policy come from review.yaml; the decisions from
<case>/redaction/decisions.yaml. While any finding is pending the gate holds (exit 1) and
no public text exists.
"""
from __future__ import annotations

import argparse
import json
import shutil
from collections import Counter
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline import TEMPLATES, messages
from pipeline.case.anonymiser import (
    CHRONOLOGY_DECISIONS_USED,
    DRAFT,
    analyse_with_cache,
    anonymise_case_text,
    change_in_words,
    confidence_in_words,
    detector_in_words,
    kind_in_words,
    load_decisions,
    save_analysis_cache,
    stale_in_both,
)
from pipeline.case.yamlfile import line_of
from pipeline.context import BuildContext
from pipeline.errors import BadInput, GateHeld, Problem, display_path
from pipeline.fileio import write_atomic
from pipeline.report.images import CleanImage, ImageError, clean_image
from pipeline.stamps import Folder, files_below
from redaction.anonymise import Outcome
from redaction.decisions import value_key


def grouped(outcome: Outcome) -> list[list]:
    """Findings with the same value together (one decision by value covers the group), biggest first."""
    groups: dict[str, list] = {}
    for f in outcome.findings:
        groups.setdefault(value_key(f.text), []).append(f)
    return sorted(groups.values(), key=lambda g: (-any(f.status == "pending" for f in g), -len(g), g[0].start))


def render_findings_html(ctx: BuildContext, outcome: Outcome) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    kinds = sorted({kind_in_words(f.entity) for f in outcome.findings})
    counts = Counter((kind_in_words(f.entity), f.status) for f in outcome.findings)
    per_value = Counter((c.original, c.published, c.source) for c in outcome.changes)
    return env.get_template("redaction-findings.html.j2").render(
        review=ctx.review.review, outcome=outcome, kinds=kinds, counts=counts, groups=grouped(outcome),
        statuses=("pending", "replace", "keep", "rewrite"), per_value=per_value.most_common(),
        kind_in_words=kind_in_words, change_in_words=change_in_words, detector_in_words=detector_in_words,
        confidence_in_words=confidence_in_words, decisions_file=display_path(ctx.decisions_file, ctx.case_dir))


def status_of(outcome: Outcome, public: Path | None) -> dict:
    by_status = Counter(f.status for f in outcome.findings)
    return {"pending": by_status["pending"], "replace": by_status["replace"], "keep": by_status["keep"],
            "rewrite": by_status["rewrite"], "rewritten_sentences": len(outcome.rewritten),
            "changes_decided": sum(c.decision is not None for c in outcome.changes),
            "findings": len(outcome.findings), "stale_decisions": len(outcome.stale),
            "register_replacements": sum(c.source == "register" for c in outcome.changes),
            "date_changes": sum(c.source == "date policy" for c in outcome.changes),
            "leftovers": len(outcome.leftovers), "public_text": str(public) if public else None}


def copy_images(ctx: BuildContext, images: list[tuple[str, str]], public_text: str) -> list[Path]:
    """Each image the public text shows, from internal/ (where the draft put it) to the same relative
    path under redaction/, so public-report.md's targets resolve there; rebuilt from its pixels (an SVG
    from its drawing) on the way, so nothing but the picture reaches publish. Old copies go first."""
    internal, zone = (ctx.out / "internal").resolve(), ctx.zone("redaction").resolve()
    shutil.rmtree(zone / "media", ignore_errors=True)
    ctx.public_text_file.unlink(missing_ok=True)
    copied = []
    for drafted, published in images:
        source, target = (internal / drafted).resolve(), (zone / published).resolve()
        if internal not in source.parents or zone not in target.parents or PurePosixPath(published).is_absolute():
            raise BadInput(Problem(str(ctx.out / "internal" / DRAFT), f"image '{drafted}' is outside the build folder",
                                   f"run {ctx.make('draft')} again: it copies every image beside the draft"))
        if not source.is_file():
            raise BadInput(Problem(str(source), f"image '{drafted}' is missing", f"run {ctx.make('draft')} again"))
        clean = rebuilt(source, drafted, f"run {ctx.make('draft')} again")
        refuse_changed_words(ctx, published, clean.shown_text, public_text)
        copied.append(write_atomic(target, clean.data))
    return copied


def rebuilt(source: Path, drafted: str, redo: str) -> CleanImage:
    try:
        clean = clean_image(source.read_bytes())
    except ImageError as exc:
        raise BadInput(Problem(str(source), f"image '{drafted}' {exc}", redo)) from None
    if clean.suffix != source.suffix.lower():
        raise BadInput(Problem(str(source), f"image '{drafted}' is not the picture the draft made", redo))
    return clean


def refuse_changed_words(ctx: BuildContext, published: str, shown: tuple[str, ...], public_text: str) -> None:
    """An SVG's words are in its alt text for the anonymiser; where it changed them (a name replaced),
    the picture would still show them: it cannot be published as it is."""
    readable = " ".join(public_text.replace("\\", "").split())
    changed = [words for words in shown if " ".join(words.split()) not in readable]
    if not changed:
        return
    section = PurePosixPath(published).parts[1] if len(PurePosixPath(published).parts) > 2 else ""
    file = ctx.section_files.get(section)
    shown_file = f"sections/{file.name}" if file else f"section '{section}'"
    shutil.rmtree(ctx.out / "redaction" / "media", ignore_errors=True)
    raise GateHeld(Problem(shown_file, f"the picture '{PurePosixPath(published).name}' shows words the anonymised "
                                       f"text changes: {'; '.join(changed)}",
                           "take those words out of the picture (or redraw it), or decide `replace` for the picture "
                           f"in {display_path(ctx.decisions_file, ctx.case_dir)}"),
                   "redaction held: a picture shows what the public text may not")


def redaction(ctx: BuildContext, model: str) -> int:
    draft = ctx.out / "internal" / DRAFT
    if not draft.exists():
        raise BadInput(Problem(str(draft), "the draft report is missing", f"run {ctx.make('draft')} first"))
    decisions, lines = load_decisions(ctx)
    analyzer, cache = analyse_with_cache(ctx, model)
    outcome = anonymise_case_text(ctx, draft.read_text(encoding="utf-8"), analyzer, decisions, lines, draft.parent)
    save_analysis_cache(analyzer, cache)
    outcome.stale, checked = stale_in_both(ctx, outcome)  # one decisions.yaml serves both

    zone = ctx.zone("redaction")
    public = ctx.public_text_file
    ready = not outcome.pending and not outcome.leftovers
    html = write_atomic(zone / "findings.html", render_findings_html(ctx, outcome))
    write_atomic(zone / "findings.json", json.dumps(
        {"findings": [f.as_json() for f in outcome.findings], "changes": [c.as_json() for c in outcome.changes],
         "stale_decisions": [d.target for d in outcome.stale]}, indent=2, ensure_ascii=False) + "\n")
    write_atomic(zone / "status.json", json.dumps(status_of(outcome, public if ready else None), indent=2) + "\n")
    messages.info(f"analysed {analyzer.analysed} paragraph(s), {analyzer.reused} unchanged from the last run")

    shown = display_path(ctx.decisions_file, ctx.case_dir)
    for decision in outcome.stale:
        messages.problem(Problem(shown, f"the decision for {decision.target} {checked} (stale)",
                                 "remove it, or correct its id or value", line=line_of(lines, ("decisions", decision.index))),
                         "warning")
    stale = {d.index for d in outcome.stale}
    for decision in decisions:
        if decision.value and decision.action == "keep" and decision.covers is None and decision.index not in stale:
            messages.problem(Problem(shown, f"the keep for {decision.target} keeps every place with that value, new "
                                     "ones too", "list the ids it was decided on under 'covers:' (findings.html shows "
                                     "them by value): a new place then waits for a decision",
                                     line=line_of(lines, ("decisions", decision.index))), "warning")
    for decision in {f.new.index: f.new for f in outcome.findings if f.new and f.status == "pending"}.values():
        new = [f.id for f in outcome.findings if f.new is decision]
        messages.problem(Problem(shown, f"the keep for {decision.target} does not cover {len(new)} new place(s): "
                                 f"{', '.join(new)}", "look at each in findings.html; add its id to 'covers:' to keep "
                                 "it too, or decide it on its own", line=line_of(lines, ("decisions", decision.index))),
                         "warning")
    if outcome.pending:
        public.unlink(missing_ok=True)
        shutil.rmtree(zone / "media", ignore_errors=True)
        raise GateHeld(Problem(str(html), f"{len(outcome.pending)} finding(s) await a decision",
                               f"decide each in {shown} (format in README.md, 'Redaction decisions') "
                               f"and run {ctx.make('redaction')} again"),
                       f"redaction held: {len(outcome.pending)} pending; see {html}")
    if outcome.leftovers:
        public.unlink(missing_ok=True)
        shutil.rmtree(zone / "media", ignore_errors=True)
        raise GateHeld([Problem(str(html), f"'{m.text}' from the register would still be in the public text",
                                "a decision keeps it or writes it back: change that decision to 'replace:'")
                        for m in outcome.leftovers], "redaction held: register values left in the public text")
    copy_images(ctx, outcome.images, outcome.public_text)
    write_atomic(public, outcome.public_text)
    messages.done(f"{len(outcome.findings)} finding(s) decided, {status_of(outcome, public)['register_replacements']} "
                  f"register replacement(s) -> {public}")
    return 0


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    return redaction(ctx, args.spacy_model)


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    internal = ctx.out / "internal"
    return [ctx.case_dir / "review.yaml", ctx.decisions_file, internal / DRAFT, Folder(internal / "media"),
            ctx.out / "redaction" / CHRONOLOGY_DECISIONS_USED]  # which decisions the chronology used: stale or not


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    zone = ctx.out / "redaction"
    return [zone / name for name in ("findings.html", "findings.json", "status.json")] + [ctx.public_text_file] + \
        files_below(zone / "media")
