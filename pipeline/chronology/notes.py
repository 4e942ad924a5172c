"""The lead reviewer's own columns in integrated-chronology.xlsx, carried from build to build.

Read with python-calamine: it reads a 10,000-row workbook in a tenth of a second, where openpyxl
takes seconds of the stage's budget.

Before the workbook is rebuilt, what the reviewer typed in its reviewer columns (on the Integrated
sheet and on the Orphaned notes sheet) is read back by entry id. Notes go back to the entry with
the same id; notes whose entry changed or vanished (its agency edited or removed the row) are
listed on the Orphaned notes sheet with what the entry said, so nothing typed is lost, and they
return to their entry if it comes back unchanged.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from pipeline.errors import BadInput, Problem

REVIEWER_COLUMNS = ("Key practice episode", "Line of enquiry", "Reviewer significance", "Reviewer comment")
ID_COLUMN = "Entry id"
CONTEXT_COLUMNS = ("Date", "Agency", "Event")  # what an orphaned note is shown beside
SHEETS = ("Integrated", "Orphaned notes")


@dataclass(frozen=True)
class Note:
    """What the reviewer typed against one entry, and what that entry said when they typed it."""

    entry_id: str
    values: tuple[str, ...]  # in REVIEWER_COLUMNS order
    context: tuple[str, ...]  # in CONTEXT_COLUMNS order


def _text(value) -> str:
    """A cell as the reviewer sees it: whole numbers without '.0', dates DD/MM/YYYY."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value).strip()


def _sheet_notes(workbook: CalamineWorkbook, name: str, shown_as: str) -> list[Note]:
    rows = iter(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    header = [_text(h) for h in next(rows, ())]
    if ID_COLUMN not in header:
        if set(REVIEWER_COLUMNS) & set(header):
            raise BadInput([Problem(shown_as, f"sheet '{name}' has reviewer columns but no '{ID_COLUMN}' "
                                              "column, so its notes cannot be matched to entries",
                                    f"put the '{ID_COLUMN}' column back (undo its deletion) and run again")],
                           "nothing was written")
        return []
    where = {name: header.index(name) for name in (ID_COLUMN, *REVIEWER_COLUMNS, *CONTEXT_COLUMNS) if name in header}
    notes = []
    for row in rows:
        cell = lambda name: _text(row[where[name]]) if name in where and where[name] < len(row) else ""  # noqa: E731
        values = tuple(cell(name) for name in REVIEWER_COLUMNS)
        if cell(ID_COLUMN) and any(values):
            notes.append(Note(cell(ID_COLUMN), values, tuple(cell(name) for name in CONTEXT_COLUMNS)))
    return notes


def keep_aside(path: Path) -> Path:
    """Move a workbook we cannot read out of the way under a name of its own, never over another."""
    names = (f"{path.stem}.unreadable{'' if n == 1 else f'-{n}'}{path.suffix}" for n in itertools.count(1))
    return path.rename(next(aside for name in names if not (aside := path.with_name(name)).exists()))


def read_notes(path: Path, shown_as: str) -> tuple[list[Note], list[Problem]]:
    """Every note in the previous workbook (none when there is none), and warnings. A file that is no
    workbook we can read is kept aside under its own name, so nothing a reviewer typed is overwritten;
    one that cannot be opened at all (open elsewhere, no permission) stops the build."""
    if not path.exists():
        return [], []
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except CalamineError as error:
        aside = keep_aside(path)
        return [], [Problem(shown_as, f"the previous integrated chronology is not a workbook that can be read "
                                      f"({error}); it is kept as {aside.name}",
                            f"copy any notes you typed in {aside.name} into the new workbook's reviewer columns",
                            column="reviewer notes")]
    except OSError as error:
        raise BadInput([Problem(shown_as, f"the previous integrated chronology cannot be opened ({error.strerror}), "
                                          "so the reviewer's notes in it cannot be carried over",
                                "close it in Excel and run again")], "nothing was written") from None
    try:
        return [note for name in SHEETS if name in workbook.sheet_names
                for note in _sheet_notes(workbook, name, shown_as)], []
    finally:
        workbook.close()


def carry(notes: list[Note], ids: list[str]) -> tuple[dict[str, tuple[str, ...]], list[Note]]:
    """(notes by current entry id, orphaned notes). Notes for one id from both sheets are joined, not dropped."""
    current = set(ids)
    by_id: dict[str, Note] = {}
    for note in notes:
        if note.entry_id in by_id:
            old = by_id[note.entry_id]
            joined = tuple(" / ".join(dict.fromkeys(v for v in pair if v)) for pair in zip(old.values, note.values))
            note = Note(note.entry_id, joined, old.context)
        by_id[note.entry_id] = note
    kept = {i: n.values for i, n in by_id.items() if i in current}
    orphaned = [n for i, n in by_id.items() if i not in current]
    return kept, orphaned
