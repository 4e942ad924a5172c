"""`lcspr actions`: the action plan round-trips what the agencies typed, and its progress is read back."""
from __future__ import annotations

import re
import shutil
import stat
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.cli import main

HEADER_ROW = 4
NOTE = "Protocol drafted with Housing; first reading at the March board, 12/03/2027"
OWNER = "Jane Fictional, Head of Service (Housing)"


def run_actions(case: Path, build: Path, today: str = "01/04/2027") -> int:
    return main(["actions", str(case), "--build-dir", str(build), "--today", today])


def plan_path(case: Path) -> Path:
    return case / "monitoring" / "action-plan.xlsx"


def rows_by_ref(path: Path) -> dict[str, dict]:
    sheet = openpyxl.load_workbook(path)["Action plan"]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    rows = [dict(zip(headers, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    return {row["Ref"]: row for row in rows if row["Ref"]}


def fill_in(path: Path, changes: dict[str, dict]) -> None:
    """What an agency does in Excel: type into the plan's cells and save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Action plan"]
    headers = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        for header, value in changes.get(sheet.cell(row, headers["Ref"]).value, {}).items():
            sheet.cell(row, headers[header], value)
    workbook.save(path)


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.sections[0].header.paragraphs] + [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def formula_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name))]


@pytest.fixture
def plan_case(make_case, example_review_text, tmp_path):
    case = make_case(example_review_text, agencies=[])
    build = tmp_path / "build"
    assert run_actions(case, build) == 0
    return case, build


def test_first_run_writes_a_marked_plan_with_a_row_per_recommendation(capsys, plan_case):
    case, build = plan_case
    path = plan_path(case)
    sheet = openpyxl.load_workbook(path)["Action plan"]
    assert sheet["A1"].value == "OFFICIAL-SENSITIVE"
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    rows = rows_by_ref(path)
    assert list(rows) == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert rows["r2"]["Owner"] == "Children's Social Care, Housing provider"
    assert rows["r2"]["Due date"].date().isoformat() == "2027-03-31"
    assert {row["RAG status"] for row in rows.values()} == {"Not started"}
    drop_downs = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert drop_downs == ['"Not started,Red,Amber,Green,Complete"']
    assert formula_cells(path) == []
    assert "run 'lcspr actions' again" in capsys.readouterr().err


def test_typed_status_and_notes_survive_later_runs_and_the_summary_counts_overdue(plan_case, capsys):
    case, build = plan_case
    fill_in(plan_path(case), {"r1": {"RAG status": "Complete", "Evidence": "Training register, May 2027"},
                               "r2": {"RAG status": "Amber", "Progress notes": NOTE, "Owner": OWNER},
                               "r4": {"RAG status": "Green", "Progress notes": "Audit booked"}})
    capsys.readouterr()
    for _ in range(2):
        assert run_actions(case, build) == 0
    err = capsys.readouterr().err
    assert "6 actions on 01/04/2027: 2 overdue, 3 on track, 1 complete" in err  # r2 (Amber) and r3 were due 31/03/2027
    rows = rows_by_ref(plan_path(case))
    assert (rows["r2"]["RAG status"], rows["r2"]["Progress notes"], rows["r2"]["Owner"]) == ("Amber", NOTE, OWNER)
    assert rows["r1"]["Evidence"] == "Training register, May 2027"
    report = docx_text(build / "child-w" / "internal" / "action-plan-progress-2027-04-01.docx")
    assert "OFFICIAL-SENSITIVE" in report
    assert "Action Plan Progress Report" in report
    assert "OVERDUE (Amber)" in report and NOTE in report and OWNER in report
    assert "2 overdue, 3 on track, 1 complete" in report


def test_a_new_recommendation_is_added_and_a_removed_one_kept_and_marked(plan_case, edit_review, capsys):
    case, build = plan_case
    fill_in(plan_path(case), {"r6": {"RAG status": "Red", "Progress notes": "No nurse in post yet"}})

    def change(data):
        data["recommendations"] = [r for r in data["recommendations"] if r["id"] != "r6"]
        data["recommendations"].append({"id": "r7", "text": "A new recommendation.", "owners": ["police"],
                                        "due": "30/09/2027"})

    edit_review(case, change)
    assert run_actions(case, build) == 0
    rows = rows_by_ref(plan_path(case))
    assert list(rows) == ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]
    assert rows["r6"]["Progress notes"] == "No nurse in post yet"
    assert rows["r6"]["In review.yaml"] == "removed from review.yaml 01/04/2027"
    assert (rows["r7"]["Owner"], rows["r7"]["RAG status"]) == ("Police", "Not started")
    err = capsys.readouterr().err
    assert "r7 added" in err and "r6 is no longer in review.yaml" in err
    assert "6 actions on 01/04/2027" in err  # r6 is no longer counted
    report = docx_text(build / "child-w" / "internal" / "action-plan-progress-2027-04-01.docx")
    assert "kept in the plan): r6" in report


def test_text_typed_like_a_formula_stays_text(plan_case, edit_review):
    case, build = plan_case
    fill_in(plan_path(case), {"r3": {"Evidence": "=HYPERLINK(\"http://example.co.uk\")"}})
    edit_review(case, lambda data: data["recommendations"].append({"id": "r8", "text": "Another.", "owners": []}))
    assert run_actions(case, build) == 0
    assert formula_cells(plan_path(case)) == []
    assert rows_by_ref(plan_path(case))["r3"]["Evidence"] == "=HYPERLINK(\"http://example.co.uk\")"


@pytest.mark.parametrize("header, typed, message", [
    ("RAG status", "Purple", "'Purple' is not a RAG status"),
    ("Due date", "31/02/2027", "'31/02/2027' is not a real date: February has no 31st"),
])
def test_a_mistyped_cell_names_its_row_and_column(plan_case, capsys, header, typed, message):
    case, build = plan_case
    fill_in(plan_path(case), {"r2": {header: typed}})
    before = plan_path(case).read_bytes()
    assert run_actions(case, build) == 2
    err = capsys.readouterr().err
    assert message in err and "row 6" in err and f"column '{header}'" in err
    assert plan_path(case).read_bytes() == before


def test_a_plan_open_in_excel_is_not_written(plan_case, edit_review, capsys):
    case, build = plan_case
    (plan_path(case).parent / "~$action-plan.xlsx").write_bytes(b"lock")
    edit_review(case, lambda data: data["recommendations"].append({"id": "r9", "text": "Another.", "owners": []}))
    before = plan_path(case).read_bytes()
    assert run_actions(case, build) == 1
    assert "open in Excel" in capsys.readouterr().err
    assert plan_path(case).read_bytes() == before


def test_what_people_typed_survives_make_clean(plan_case, capsys):
    case, build = plan_case
    fill_in(plan_path(case), {"r6": {"RAG status": "Red", "Progress notes": NOTE, "Owner": OWNER}})
    assert run_actions(case, build, today="01/03/2027") == 0
    assert (build / "child-w" / "internal" / "action-plan-progress-2027-03-01.docx").exists()
    shutil.rmtree(build)                                   # make clean: rm -rf build
    assert run_actions(case, build) == 0
    row = rows_by_ref(plan_path(case))["r6"]
    assert (row["RAG status"], row["Progress notes"], row["Owner"]) == ("Red", NOTE, OWNER)
    assert stat.S_IMODE(plan_path(case).stat().st_mode) == 0o600
    assert stat.S_IMODE(plan_path(case).parent.stat().st_mode) == 0o700
    assert (build / "child-w" / "internal" / "action-plan-progress-2027-04-01.docx").exists()


def test_a_plan_kept_in_build_by_an_earlier_version_moves_to_the_case_folder_once(plan_case, capsys):
    case, build = plan_case
    old = build / "child-w" / "internal" / "action-plan.xlsx"
    fill_in(plan_path(case), {"r2": {"Progress notes": NOTE}})
    old.parent.mkdir(parents=True)
    shutil.move(plan_path(case), old)                      # where lcspr used to keep it
    capsys.readouterr()
    assert run_actions(case, build) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "moved the action plan from" in said and "monitoring/action-plan.xlsx" in said and "make clean" in said
    assert not old.exists() and rows_by_ref(plan_path(case))["r2"]["Progress notes"] == NOTE
    assert run_actions(case, build) == 0
    assert "moved" not in capsys.readouterr().err


def test_an_older_copy_left_in_build_is_named_and_not_used(plan_case, capsys):
    case, build = plan_case
    old = build / "child-w" / "internal" / "action-plan.xlsx"
    old.parent.mkdir(parents=True)
    shutil.copy(plan_path(case), old)
    fill_in(plan_path(case), {"r2": {"Progress notes": NOTE}})
    capsys.readouterr()
    assert run_actions(case, build) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "older copy of the action plan, not used" in said and "delete it" in said
    assert old.exists() and rows_by_ref(plan_path(case))["r2"]["Progress notes"] == NOTE
