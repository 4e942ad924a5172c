"""The quality checker's decisions (decisions.yaml in the case folder, written by a person).

    decisions:
      - value: Jade Thompson          # by value: every finding with this text, everywhere
        replace: a neighbour
        decided_by: Quality Checker
        date: 2026-11-02
      - finding: F3A9C1B2E            # by finding id, as shown in findings.html
        keep: true
        reason: a national charity; naming it identifies no one
        decided_by: Quality Checker
        date: 02/11/2026

A decision by finding id wins over one by value. Decisions that match no finding are stale.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIELDS = {"finding", "value", "replace", "keep", "reason", "decided_by", "date"}


@dataclass(frozen=True)
class Decision:
    index: int
    finding: str | None
    value: str | None
    replacement: str | None
    reason: str
    decided_by: str
    date: dt.date

    @property
    def action(self) -> str:
        return "keep" if self.replacement is None else "replace"

    @property
    def target(self) -> str:
        return f"finding {self.finding}" if self.finding else f"value '{self.value}'"


def value_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().casefold()


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
            problems.append((loc, "is not a mapping", "write 'value:' or 'finding:', then 'replace:' or 'keep:'"))
            continue
        for key in sorted(set(entry) - FIELDS):
            problems.append((loc + (key,), f"unknown field '{key}'", f"use only {', '.join(sorted(FIELDS))}"))
        if ("finding" in entry) == ("value" in entry):
            problems.append((loc, "needs exactly one of 'finding:' (an id) or 'value:' (a text)",
                             "decide one finding by id, or a value everywhere"))
        if ("replace" in entry) == ("keep" in entry):
            problems.append((loc, "needs exactly one of 'replace: <text>' or 'keep: true'", "choose one action"))
        replacement = entry.get("replace")
        if "replace" in entry and (not isinstance(replacement, str) or not replacement.strip()):
            problems.append((loc + ("replace",), "the replacement text is empty", "write the wording to use instead"))
        if "keep" in entry and entry["keep"] is not True:
            problems.append((loc + ("keep",), "'keep' must be 'true'", "use 'replace:' to change the text instead"))
        reason = str(entry.get("reason") or "").strip()
        if "keep" in entry and not reason:
            problems.append((loc, "keeping a finding needs a 'reason:'", "say why it does not identify anyone"))
        decided_by = str(entry.get("decided_by") or "").strip()
        if not decided_by:
            problems.append((loc, "'decided_by:' is missing", "name the person who decided"))
        date = _date(entry.get("date"))
        if date is None:
            problems.append((loc + ("date",) if "date" in entry else loc, "'date:' is missing or not a date",
                             "write the date decided as DD/MM/YYYY"))
        if not problems:
            decisions.append(Decision(i, str(entry["finding"]).strip() if "finding" in entry else None,
                                      str(entry["value"]) if "value" in entry else None,
                                      replacement.strip() if isinstance(replacement, str) else None,
                                      reason, decided_by, date))
    if problems:
        raise DecisionsError(problems)
    return decisions


class DecisionBook:
    """Looks up the decision for a finding and remembers which decisions were used."""

    def __init__(self, decisions: list[Decision]):
        self.decisions = decisions
        self.by_id = {d.finding.upper(): d for d in decisions if d.finding}
        self.by_value = {value_key(d.value): d for d in decisions if d.value}
        self.used: set[int] = set()

    def decide(self, finding_id: str, text: str) -> Decision | None:
        decision = self.by_id.get(finding_id.upper()) or self.by_value.get(value_key(text))
        if decision:
            self.used.add(decision.index)
        return decision

    @property
    def stale(self) -> list[Decision]:
        return [d for d in self.decisions if d.index not in self.used]
