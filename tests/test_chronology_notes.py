"""The reviewer's own columns in integrated-chronology.xlsx survive rebuilds; nothing typed is lost."""
from __future__ import annotations

import openpyxl

from tests.conftest import CHRONOLOGY_HEADER, chronology_rows, write_xlsx
from pipeline.cli import main

REVIEWER = ["Key practice episode", "Line of enquiry", "Reviewer significance", "Reviewer comment"]


def build(case, tmp_path) -> openpyxl.Workbook:
    assert main(["chronology", str(case), "--build-dir", str(tmp_path / "build")]) == 0
    return openpyxl.load_workbook(workbook_path(tmp_path))


def workbook_path(tmp_path):
    return tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.xlsx"


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def notes_by_event(workbook) -> dict[str, tuple]:
    return {row["Event"]: tuple(row[c] for c in REVIEWER) for row in table(workbook["Integrated"])
            if any(row[c] for c in REVIEWER)}


def type_notes(tmp_path, notes: dict[str, list]) -> None:
    """As the reviewer would in Excel: type into the reviewer columns of the rows whose Event is given."""
    path = workbook_path(tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Integrated"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        typed = notes.get(row[header.index("Event")].value)
        for name, value in zip(REVIEWER, typed or []):
            row[header.index(name)].value = value
    workbook.save(path)


def write_police(case, rows) -> None:
    write_xlsx(case / "chronologies" / "police.xlsx", {"Chronology": [CHRONOLOGY_HEADER, *rows]})


def test_notes_survive_three_rebuilds_in_which_one_agency_edits_its_file(chronology_case, tmp_path):
    build(chronology_case, tmp_path)
    strategy = "Strategy discussion held about bruising to Child W"
    incident = "Domestic abuse incident reported by neighbour"
    type_notes(tmp_path, {strategy: ["KPE 1", "kloe-1", "High", "First joint meeting"],
                          incident: ["KPE 0", "kloe-1", "", "Was this shared with school?"]})
    police = chronology_rows("police")

    # rebuild 1: police reword the incident: its note is orphaned, shown with what the entry said
    edited = [police[0], [*police[1][:3], "Domestic abuse incident reported by a neighbour (late entry)",
                          *police[1][4:]]]
    write_police(chronology_case, edited)
    workbook = build(chronology_case, tmp_path)
    assert notes_by_event(workbook) == {strategy: ("KPE 1", "kloe-1", "High", "First joint meeting")}
    orphaned = table(workbook["Orphaned notes"])
    assert [(o["Event"], o["Agency"], o["Reviewer comment"]) for o in orphaned] == [
        (incident, "Northbrook Constabulary", "Was this shared with school?")]

    # rebuild 2: the reviewer notes the reworded entry; police add a row; the orphan stays listed
    type_notes(tmp_path, {edited[1][3]: ["KPE 0", "", "", "Reworded by police"]})
    write_police(chronology_case, [*edited, ["01/11/2023", "", "Niche log", "Welfare check", "", "PC", "", ""]])
    workbook = build(chronology_case, tmp_path)
    assert notes_by_event(workbook) == {strategy: ("KPE 1", "kloe-1", "High", "First joint meeting"),
                                        edited[1][3]: ("KPE 0", None, None, "Reworded by police")}
    assert [o["Event"] for o in table(workbook["Orphaned notes"])] == [incident]

    # rebuild 3: police go back to their first wording: the orphaned note returns to its entry
    write_police(chronology_case, police)
    workbook = build(chronology_case, tmp_path)
    assert notes_by_event(workbook) == {strategy: ("KPE 1", "kloe-1", "High", "First joint meeting"),
                                        incident: ("KPE 0", "kloe-1", None, "Was this shared with school?")}
    assert [o["Event"] for o in table(workbook["Orphaned notes"])] == ["Domestic abuse incident reported by a "
                                                                       "neighbour (late entry)"]


def test_notes_follow_an_entry_that_moves_in_its_file(chronology_case, tmp_path):
    build(chronology_case, tmp_path)
    type_notes(tmp_path, {"Strategy discussion about bruising to Child W attended": ["KPE 2", "", "", "Police view"]})
    police = chronology_rows("police")
    write_police(chronology_case, [["01/01/2023", "", "Niche log", "Earlier log", "", "PC", "", ""], *reversed(police)])
    workbook = build(chronology_case, tmp_path)
    assert notes_by_event(workbook) == {"Strategy discussion about bruising to Child W attended":
                                        ("KPE 2", None, None, "Police view")}
    assert table(workbook["Orphaned notes"]) == []


def test_line_of_enquiry_is_a_drop_down_of_the_reviews_ids(chronology_case, tmp_path):
    workbook = build(chronology_case, tmp_path)
    assert [row[0] for row in workbook["Lines of enquiry"].iter_rows(min_row=2, values_only=True)] == [
        "kloe-1", "kloe-2", "kloe-3", "kloe-4"]
    sheet = workbook["Integrated"]
    column = [c.value for c in sheet[1]].index("Line of enquiry") + 1
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == "'Lines of enquiry'!$A$2:$A$5"
    letter = openpyxl.utils.get_column_letter(column)
    assert str(validation.sqref) == f"{letter}2:{letter}6"


def test_every_sheet_prints_landscape_fit_to_width_and_marked(chronology_case, tmp_path):
    workbook = build(chronology_case, tmp_path)
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE", sheet.title
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert workbook["Integrated"].print_title_rows == "$1:$1"


def test_an_unreadable_previous_workbook_is_kept_aside_not_overwritten(chronology_case, tmp_path, capsys):
    build(chronology_case, tmp_path)
    path = workbook_path(tmp_path)
    for number, aside in ((1, "integrated-chronology.unreadable.xlsx"), (2, "integrated-chronology.unreadable-2.xlsx")):
        path.write_bytes(b"not a workbook %d: what the reviewer typed may be in here" % number)
        assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build"), "--force"]) == 0
        err = " ".join(capsys.readouterr().err.split())
        assert "is not a workbook that can be read" in err and f"it is kept as {aside}" in err
        assert (path.parent / aside).read_bytes().startswith(b"not a workbook %d" % number)
        assert openpyxl.load_workbook(path).sheetnames[0] == "Integrated"  # and the new one is built


def test_a_workbook_whose_entry_id_column_was_deleted_is_not_overwritten(chronology_case, tmp_path, capsys):
    build(chronology_case, tmp_path)
    type_notes(tmp_path, {"Child W seen for cough": ["", "", "", "Why no follow-up?"]})
    path = workbook_path(tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Integrated"]
    sheet.delete_cols([c.value for c in sheet[1]].index("Entry id") + 1)
    workbook.save(path)
    before = path.read_bytes()
    write_police(chronology_case, chronology_rows("police")[:1])
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no 'Entry id' column" in err and "put the 'Entry id' column back" in err
    assert path.read_bytes() == before
