"""The quality checker's decisions (decisions.yaml in the case folder, written by a person).

    decisions:
      - value: Jade Thompson          # by value: every finding (and register change) with this text
        replace: a neighbour
        decided_by: Quality Checker
        date: 2026-11-02
      - value: Jade                   # keep by value covers only the findings it was decided on
        keep: true
        covers: [F3A9C1B2, F77D01AA]
        reason: a jade ring, not a person
        decided_by: Quality Checker
        date: 02/11/2026
      - change: C1B2C3D4              # an automatic change, by its id: other wording for that one place
        replace: Child W's grandmother
        decided_by: Quality Checker
        date: 02/11/2026
      - finding: F0A1B2C3             # the whole sentence around a finding or change, written again
        rewrite: Child W had a nickname from home that she liked.
        decided_by: Quality Checker
        date: 02/11/2026

A decision by id wins over one by value. A `keep` by value without `covers:` (written before
covers existed) still keeps text findings of that value, but never a picture: a picture is kept
by the ids of the findings it was decided on, which name its content. Decisions that match
nothing in any document they serve are stale.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIELDS = {"finding", "value", "change", "replace", "keep", "rewrite", "covers", "reason", "decided_by", "date"}
ID = re.compile(r"[FC][0-9A-F]{8}", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    index: int
    finding: str | None
    value: str | None
    replacement: str | None
    reason: str
    decided_by: str
    date: dt.date
    change: str | None = None
    rewrite: str | None = None
    covers: tuple[str, ...] | None = None  # a keep by value: the ids it was decided on (None: not recorded)

    @property
    def action(self) -> str:
        return "rewrite" if self.rewrite else "keep" if self.replacement is None else "replace"

    @property
    def target(self) -> str:
        if self.finding:
            return f"finding {self.finding}"
        return f"change {self.change}" if self.change else f"value '{self.value}'"

    @property
    def item(self) -> str | None:
        """The finding or change id the decision names, if it names one."""
        return (self.finding or self.change or "").upper() or None


def value_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().casefold()


def decision_key(decision: Decision) -> str:
    """What a decision is about, the same when other decisions are added or removed (its place in the
    file is not): the id it names, or its value as findings are matched to it."""
    return decision.item or f"value {value_key(decision.value or '')}"


def stale_in_all(unused: list[Decision], used_elsewhere: list[set[str]]) -> list[Decision]:
    """Of the decisions one document did not use, those no other document uses either (`used_elsewhere`:
    each other document's used decision keys). One decisions.yaml serves several documents (the report,
    the anonymised chronology): a decision that matches nothing in one may be for another."""
    return [d for d in unused if not any(decision_key(d) in keys for keys in used_elsewhere)]


class DecisionsError(ValueError):
    """Every problem in the file at once: (path inside the YAML, message, what to do)."""

    def __init__(self, problems: list[tuple[tuple, str, str]]):
        self.problems = problems
        super().__init__("; ".join(p[1] for p in problems))


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(str(value).strip(), form).date()
        except ValueError:
            continue
    return None


def _wording(entry: dict, key: str, loc: tuple, problems: list) -> str | None:
    """A replacement or rewritten sentence: one line of plain text."""
    if key not in entry:
        return None
    text = entry[key]
    if not isinstance(text, str) or not text.strip():
        problems.append((loc + (key,), f"the '{key}:' text is empty", "write the wording to use instead"))
        return None
    if "\n" in text.strip():
        problems.append((loc + (key,), f"the '{key}:' text runs over more than one line",
                         "write it on one line: it stands in the middle of a paragraph"))
        return None
    return text.strip()


def _covers(entry: dict, loc: tuple, problems: list) -> tuple[str, ...] | None:
    if "covers" not in entry:
        return None
    ids = entry["covers"]
    ids = [ids] if isinstance(ids, str) else ids
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and ID.fullmatch(i.strip()) for i in ids):
        problems.append((loc + ("covers",), "'covers:' must list finding ids such as F3A9C1B2",
                         "copy them from the value's group in findings.html"))
        return None
    if "value" not in entry or "keep" not in entry:
        problems.append((loc + ("covers",), "'covers:' belongs to a 'value:' decision with 'keep: true'",
                         "remove it: a decision by id covers its one finding"))
    return tuple(i.strip().upper() for i in ids)


def _check_entry(entry: dict, loc: tuple, problems: list) -> None:
    for key in sorted(set(entry) - FIELDS):
        problems.append((loc + (key,), f"unknown field '{key}'", f"use only {', '.join(sorted(FIELDS))}"))
    if sum(k in entry for k in ("finding", "value", "change")) != 1:
        problems.append((loc, "needs exactly one of 'finding:' (an id), 'change:' (an id) or 'value:' (a text)",
                         "decide one finding or change by id, or a value everywhere"))
    if sum(k in entry for k in ("replace", "keep", "rewrite")) != 1:
        problems.append((loc, "needs exactly one of 'replace: <text>', 'keep: true' or 'rewrite: <sentence>'",
                         "choose one action"))
    if "rewrite" in entry and "value" in entry:
        problems.append((loc, "'rewrite:' needs 'finding:' or 'change:' (an id), not 'value:'",
                         "a rewritten sentence belongs to one place: name the finding or change in it"))
    if "keep" in entry and entry["keep"] is not True:
        problems.append((loc + ("keep",), "'keep' must be 'true'", "use 'replace:' to change the text instead"))
    if "keep" in entry and not str(entry.get("reason") or "").strip():
        problems.append((loc, "keeping a finding needs a 'reason:'", "say why it does not identify anyone"))
    if not str(entry.get("decided_by") or "").strip():
        problems.append((loc, "'decided_by:' is missing", "name the person who decided"))
    if _date(entry.get("date")) is None:
        problems.append((loc + ("date",) if "date" in entry else loc, "'date:' is missing or not a date",
                         "write the date decided as DD/MM/YYYY"))


def parse_decisions(data: object) -> list[Decision]:
    """decisions.yaml's data -> decisions, or DecisionsError listing every problem."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("decisions", []), list):
        raise DecisionsError([((), "must hold a list under 'decisions:'", "start from the example in the README")])
    problems: list[tuple[tuple, str, str]] = []
    decisions = []
    for i, entry in enumerate(data.get("decisions") or []):
        loc = ("decisions", i)
        if not isinstance(entry, dict):
            problems.append((loc, "is not a decision (a list of 'field: value' lines)",
                             "write 'value:', 'finding:' or 'change:', then the action"))
            continue
        before = len(problems)
        _check_entry(entry, loc, problems)
        replacement, rewrite = _wording(entry, "replace", loc, problems), _wording(entry, "rewrite", loc, problems)
        covers = _covers(entry, loc, problems)
        if len(problems) == before:
            ident = {k: str(entry[k]).strip() for k in ("finding", "change") if k in entry}
            decisions.append(Decision(i, ident.get("finding"), str(entry["value"]) if "value" in entry else None,
                                      replacement, str(entry.get("reason") or "").strip(),
                                      str(entry["decided_by"]).strip(), _date(entry["date"]),
                                      ident.get("change"), rewrite, covers))
    if problems:
        raise DecisionsError(problems)
    return decisions


class DecisionBook:
    """Looks up the decision for a finding or change and remembers which decisions were used, and
    which findings a bounded keep by value did not cover (new since it was decided)."""

    def __init__(self, decisions: list[Decision]):
        self.decisions = decisions
        self.by_id = {d.item: d for d in decisions if d.item}
        self.by_value = {value_key(d.value): d for d in decisions if d.value}
        self.used: set[int] = set()
        self.uncovered: dict[str, Decision] = {}

    def decide(self, item_id: str, text: str, picture: bool = False) -> Decision | None:
        decision = self.by_id.get(item_id.upper())
        if decision is None:
            decision = self.by_value.get(value_key(text))
            if decision and decision.action == "keep" and not self._covers(decision, item_id, picture):
                self.uncovered[item_id] = decision
                decision = None
        if decision:
            self.used.add(decision.index)
        return decision

    @staticmethod
    def _covers(decision: Decision, item_id: str, picture: bool) -> bool:
        if decision.covers is None:
            return not picture
        return item_id.upper() in decision.covers

    @property
    def stale(self) -> list[Decision]:
        held = self.used | {u.index for u in self.uncovered.values()}
        return [d for d in self.decisions if d.index not in held]
