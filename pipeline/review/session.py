"""One case under review: the draft analysed once (the model loaded once), the screens a quality
checker goes through, and each decision written to decisions.yaml and applied at once (anonymise
runs again with the analyser's paragraph cache, so only what changed is analysed again). The cache
is saved as the redaction stage saves it, so the stage run after the page reuses it."""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.case import decisions_file
from pipeline.case.anonymiser import (
    DRAFT,
    analyse_with_cache,
    anonymise_case_text,
    change_in_words,
    kind_in_words,
    load_decisions,
    save_analysis_cache,
)
from pipeline.case.register import register_from
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem, StageStop
from redaction.anonymise import (
    GUIDANCE,
    IMAGE,
    MARKDOWN_IMAGE,
    Change,
    Finding,
    Outcome,
)
from redaction.decisions import Decision, value_key

ACTIONS = ("accept", "replace", "keep", "rewrite")


@dataclass
class Screen:
    """One finding or automatic change as the page shows it."""

    id: str
    is_change: bool
    kind: str          # in words
    section: str
    value: str
    before: str        # the sentence in the draft (register values already replaced around it)
    highlight: tuple[str, str, str]
    after: str         # as it will be published (with the proposal while pending)
    proposal: str | None
    status: str        # pending, replace, keep, rewrite; for a change: automatic, or its decision
    decided: Decision | None
    position: int
    group: str
    picture: tuple[str, str] | None = None  # (alt text, target under internal/)

    @property
    def pending(self) -> bool:
        return self.status == "pending"


class Refused(ValueError):
    """A decision the page will not write, and why (shown beside the form)."""


def screen_of_finding(f: Finding, pictures: dict[str, tuple[str, str]]) -> Screen:
    return Screen(f.id, False, kind_in_words(f.entity), f.section or "(before the first heading)", f.text,
                  f.context.sentence, (f.context.before, f.context.text, f.context.after), f.after,
                  f.proposed or None, f.status, f.decision, f.where[0], value_key(f.text),
                  pictures.get(f.text) if f.entity == IMAGE else None)


def screen_of_change(c: Change) -> Screen:
    return Screen(c.id, True, change_in_words(c.source, c.form), c.section or "(before the first heading)", c.value,
                  c.context.sentence, (c.context.before, c.context.text, c.context.after), c.after,
                  c.replacement, c.decision.action if c.decision else "automatic", c.decision, c.where[0],
                  value_key(c.value))


def grouped_in_order(screens: list[Screen]) -> list[Screen]:
    """Document order, with every place of one value right after its first."""
    first: dict[str, int] = {}
    for s in sorted(screens, key=lambda s: s.position):
        first.setdefault(s.group, s.position)
    return sorted(screens, key=lambda s: (first[s.group], s.position))


def pictures_in(draft: str) -> dict[str, tuple[str, str]]:
    """Each picture in the draft by its file name: (alt text, target beside the draft)."""
    found = {}
    for m in MARKDOWN_IMAGE.finditer(draft):
        alt = m.group(0)[2:m.group(0).index("](")]
        found[m.group("target").rsplit("/", 1)[-1]] = (alt, m.group("target"))
    return found


class ReviewSession:
    def __init__(self, ctx: BuildContext, model: str, decided_by: str, today: dt.date | None = None):
        self.ctx, self.decided_by, self.today = ctx, decided_by, today or dt.date.today()
        self.draft_file = ctx.out / "internal" / DRAFT
        if not self.draft_file.exists():
            raise BadInput(Problem(str(self.draft_file), "the draft report is missing", f"run {ctx.make('draft')} first"))
        self.draft = self.draft_file.read_text(encoding="utf-8")
        self.register = register_from(ctx.review)
        self.lock = threading.Lock()
        self.analyzer, self.cache = analyse_with_cache(ctx, model)
        self.pictures = pictures_in(self.draft)
        self.problem: str | None = None
        self.stamp = self.decisions_stamp()
        self.show(self.analyse())  # a decisions.yaml that cannot be read stops the start, with its line
        save_analysis_cache(self.analyzer, self.cache)

    def analyse(self, extra: Decision | None = None, without: str = "") -> Outcome:
        """The draft anonymised with decisions.yaml as it is now (for a preview: `extra` in place of
        the decision on `without`)."""
        decisions, lines = load_decisions(self.ctx)
        if without:
            decisions = [d for d in decisions if d.item != without.upper()] + ([extra] if extra else [])
        return anonymise_case_text(self.ctx, self.draft, self.analyzer, decisions, lines, self.draft_file.parent)

    def decisions_stamp(self) -> int:
        path = self.ctx.decisions_file
        return path.stat().st_mtime_ns if path.exists() else 0

    def refresh_if_changed(self) -> None:
        """Another tab, or a person with an editor, changed decisions.yaml: show what it says now."""
        with self.lock:
            if self.decisions_stamp() != self.stamp:
                self.refresh()

    def refresh(self) -> None:
        """Decisions read again (a tab or a person may have changed them) and applied."""
        self.stamp = self.decisions_stamp()
        try:
            outcome = self.analyse()
        except StageStop as stop:
            self.problem = "; ".join(str(p) for p in stop.problems)
            return
        self.problem = None
        self.show(outcome)
        save_analysis_cache(self.analyzer, self.cache)  # so `lcspr redaction` after the page analyses nothing again

    def show(self, outcome: Outcome) -> None:
        self.outcome = outcome
        screens = [screen_of_finding(f, self.pictures) for f in outcome.findings]
        screens += [screen_of_change(c) for c in outcome.changes]
        self.screens = grouped_in_order(screens)

    @property
    def findings(self) -> list[Screen]:
        return [s for s in self.screens if not s.is_change]

    def screen(self, item: str) -> Screen | None:
        return next((s for s in self.screens if s.id == item), None)

    def same_value(self, screen: Screen) -> list[Screen]:
        return [] if screen.is_change else [s for s in self.findings if s.group == screen.group]

    def refuse_wording(self, wording: str) -> None:
        """Wording that would publish a register value, or the tool's own guidance, is refused."""
        for m in self.register.find(wording):
            raise Refused(f"'{m.text}' is in the register ({m.form}): the public text may not hold it. "
                          "Write the pseudonym or a role instead.")
        for phrase in GUIDANCE:
            if phrase.casefold() in wording.casefold():
                raise Refused(f"'{phrase}' is the tool's guidance, not wording to publish. Write what the "
                              "report should say.")

    def entry(self, screen: Screen, action: str, wording: str, reason: str, whole_value: bool) -> tuple[dict, dict | None]:
        """The decisions.yaml entry for a decision made on the page: (target, action), or Refused."""
        wording, reason = " ".join(wording.split()), " ".join(reason.split())
        if action not in ACTIONS:
            raise Refused("choose one of the buttons")
        by_value = whole_value and action in ("accept", "replace", "keep") and len(self.same_value(screen)) > 1
        target = {"value": screen.value} if by_value else {"change" if screen.is_change else "finding": screen.id}
        if action == "accept":
            if screen.is_change:
                return target, None
            if not screen.proposal:
                raise Refused("there is no proposal for this one: write the wording under 'Other wording'")
            wording, action = screen.proposal, "replace"
        if action == "keep":
            if not reason:
                raise Refused("keeping it needs a reason: say why it does not identify anyone")
            covers = {"covers": [s.id for s in self.same_value(screen)]} if by_value else {}
            return target, {"keep": True, **covers, "reason": reason}
        if not wording:
            raise Refused("write the wording first" if action == "replace" else "write the sentence first")
        self.refuse_wording(wording)
        return target, {action: wording}

    def decide(self, item: str, action: str, wording: str = "", reason: str = "", whole_value: bool = False) -> Screen:
        """Write one decision at once and apply it; Refused (nothing written) says why not."""
        with self.lock:
            screen = self.screen(item)
            if screen is None:
                raise Refused("this finding is no longer in the draft; the list has been brought up to date")
            target, act = self.entry(screen, action, wording, reason, whole_value)
            decisions_file.record(self.ctx.decisions_file, target, act, self.decided_by, self.today)
            self.refresh()
            return screen

    def preview(self, item: str, action: str, wording: str = "", reason: str = "") -> str:
        """The sentence as it would be published with this decision (nothing is written); Refused says why not."""
        with self.lock:
            screen = self.screen(item)
            if screen is None:
                return ""
            target, act = self.entry(screen, action, wording, reason or "(preview)", False)
            if act and "rewrite" in act:
                return act["rewrite"]
            decision = None if act is None else Decision(
                10**6, target.get("finding"), None, act.get("replace"), reason, self.decided_by, self.today,
                target.get("change"))
            outcome = self.analyse(decision, without=screen.id)
            match = next((x for x in [*outcome.findings, *outcome.changes] if x.id == screen.id), None)
            return match.after if match else screen.after

    def picture_file(self, target: str) -> Path | None:
        internal = self.draft_file.parent.resolve()
        path = (internal / target).resolve()
        return path if internal in path.parents and path.is_file() else None

    def progress(self) -> tuple[int, int]:
        """(decided, all): a finding whose sentence was rewritten is gone from the list, and decided."""
        findings = self.findings
        shown = {s.id for s in self.screens}
        rewritten = sum(d.item not in shown for d, _ in self.outcome.rewritten)
        return sum(not s.pending for s in findings) + rewritten, len(findings) + rewritten
