"""Problems a user can act on, and the two ways a stage stops early.

Every message says what is wrong, where (file, line or row, field or column) and what to do.
`BadInput` ends a run with exit 2, `GateHeld` with exit 1; neither prints a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    hint: str = ""
    line: int | None = None
    field: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} -> {self.hint}" if self.hint else text


class StageStop(Exception):
    """A stage ended early; `problems` says why and `exit_code` how."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem, summary: str = ""):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.summary = summary
        super().__init__(summary or "; ".join(str(p) for p in self.problems))


class BadInput(StageStop):
    """The case folder holds something the build cannot use (exit 2)."""

    exit_code = 2


class GateHeld(StageStop):
    """The input is readable but a check a person must clear has not passed (exit 1)."""

    exit_code = 1


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user would recognise it: relative to the case folder where possible."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            continue
    return str(path)
