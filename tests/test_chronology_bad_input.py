"""Bad chronology input: exit 2, a message naming the file (and row/column), earlier outputs untouched."""
from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest

from tests.conftest import CHRONOLOGY_HEADER, write_csv, write_docx, write_xlsx
from pipeline.chronology import readers as chronology_readers
from pipeline.cli import main

ROW = ["05/10/2023", "10:00", "Niche", "Strategy discussion", "S47", "DS", "", ""]


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def macro_enabled(path):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([CHRONOLOGY_HEADER, ROW])))
    with zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            archive.writestr(item, data)
        archive.writestr("xl/vbaProject.bin", b"\0" * 64)


def docx_without_table(path):
    document = docx.Document()
    document.add_paragraph("05/10/2023 Niche: strategy discussion (we did not use a table)")
    document.save(path)


def police(case):
    target = case / "chronologies" / "police.xlsx"
    target.unlink()
    return target


CASES = {
    "missing required column": (lambda c: write_xlsx(police(c), {"S": [["Date", "Time", "Event"], ROW[:1] + ROW[1:2] + ROW[3:4]]}),
                                ["chronologies/police.xlsx", "row 1", "no 'Source' column"]),
    "missing two required columns": (lambda c: write_xlsx(police(c), {"S": [["Title"], ["Date", "Time", "Notes"], ["x"]]}),
                                     ["chronologies/police.xlsx", "no 'Source' or 'Event' column"]),
    "empty workbook": (lambda c: write_xlsx(police(c), {"S": []}), ["chronologies/police.xlsx", "is empty"]),
    "empty csv": (lambda c: (police(c), (c / "chronologies" / "police.csv").write_bytes(b"")),
                  ["chronologies/police.csv", "is empty"]),
    "header but no rows": (lambda c: write_xlsx(police(c), {"S": [CHRONOLOGY_HEADER, [], []]}),
                           ["chronologies/police.xlsx", "row 1", "header row but no entries"]),
    "no header at all": (lambda c: write_xlsx(police(c), {"S": [["Our notes"], ["Saw family"]]}),
                         ["chronologies/police.xlsx", "no header row naming the columns Date, Source, Event"]),
    "impossible date": (lambda c: write_xlsx(police(c), {"S": [CHRONOLOGY_HEADER, ["31/02/2024", *ROW[1:]]]}),
                        ["chronologies/police.xlsx", "row 2", "column 'Date'", "'31/02/2024' is not a real date"]),
    "unparseable date": (lambda c: write_xlsx(police(c), {"S": [CHRONOLOGY_HEADER, ROW, ["last Tuesday", *ROW[1:]]]}),
                         ["row 3", "column 'Date'", "'last Tuesday' is not a date"]),
    "US-style date": (lambda c: write_csv(c / "chronologies" / "police.csv", [CHRONOLOGY_HEADER, ["03/25/2024", *ROW[1:]]])
                      if police(c) else None, ["chronologies/police.csv", "row 2", "'03/25/2024' is not a real date"]),
    "bad time": (lambda c: write_xlsx(police(c), {"S": [CHRONOLOGY_HEADER, [ROW[0], "25:61", *ROW[2:]]]}),
                 ["row 2", "column 'Time'", "'25:61'"]),
    "empty event": (lambda c: write_xlsx(police(c), {"S": [CHRONOLOGY_HEADER, [*ROW[:3], "", *ROW[4:]]]}),
                    ["row 2", "column 'Event'", "is empty"]),
    "date missing in docx table": (lambda c: (police(c), write_docx(c / "chronologies" / "police.docx",
                                                                     [[CHRONOLOGY_HEADER, ["", *ROW[1:]]]])),
                                   ["chronologies/police.docx, table 1", "row 2", "column 'Date'", "empty"]),
    "stem is no agency": (lambda c: write_xlsx(c / "chronologies" / "probation.xlsx", {"S": [CHRONOLOGY_HEADER, ROW]}),
                          ["chronologies/probation", "no agency id"]),
    "two files for one agency": (lambda c: write_csv(c / "chronologies" / "police.csv", [CHRONOLOGY_HEADER, ROW]),
                                 ["chronologies/", "agency 'police' has 2 files"]),
    "xlsm": (lambda c: (police(c), macro_enabled(c / "chronologies" / "police.xlsm")),
             ["chronologies/police.xlsm", "macro-enabled workbooks are not read"]),
    "macro-enabled renamed to xlsx": (lambda c: macro_enabled(police(c)), ["chronologies/police.xlsx", "contains macros"]),
    "password-protected": (lambda c: police(c).write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4000),
                           ["chronologies/police.xlsx", "password-protected (encrypted)"]),
    "corrupt zip": (lambda c: police(c).write_bytes(xlsx_bytes([CHRONOLOGY_HEADER, ROW])[:1500]),
                    ["chronologies/police.xlsx", "is damaged"]),
    "doc given as chronology": (lambda c: (police(c), (c / "chronologies" / "police.doc").write_bytes(b"x")),
                                ["chronologies/police.doc", "save it as Word Document (.docx)"]),
    "old doc renamed docx": (lambda c: (police(c), (c / "chronologies" / "police.docx").write_bytes(
                                 bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)),
                             ["chronologies/police.docx", "old-format .xls/.doc"]),
    "pdf given as chronology": (lambda c: (police(c), (c / "chronologies" / "police.pdf").write_bytes(b"%PDF-1.7")),
                                ["chronologies/police.pdf", "tables in a PDF cannot be read"]),
    "pdf renamed xlsx": (lambda c: police(c).write_bytes(b"%PDF-1.7\n%%EOF\n"), ["chronologies/police.xlsx", "is a PDF"]),
    "word file named xlsx": (lambda c: (police(c), write_docx(c / "chronologies" / "tmp.docx", [[CHRONOLOGY_HEADER, ROW]]),
                                        (c / "chronologies" / "tmp.docx").rename(c / "chronologies" / "police.xlsx")),
                             ["chronologies/police.xlsx", "is a .docx file named .xlsx", "rename it to .docx"]),
    "xlsx named csv": (lambda c: (c / "chronologies" / "police.csv").write_bytes(police(c).parent.joinpath("csc.xlsx").read_bytes()),
                       ["chronologies/police.csv", "named .csv"]),
    "csv not text": (lambda c: (police(c), (c / "chronologies" / "police.csv").write_bytes(b"Date,Source\0,Event")),
                     ["chronologies/police.csv", "NUL bytes"]),
    "csv in no known encoding": (lambda c: (police(c), (c / "chronologies" / "police.csv").write_bytes(
                                     b"Date,Source,Event\n05/10/2023,\x81\x8d,x\n")), ["neither UTF-8 nor Windows-1252"]),
    "docx with no table": (lambda c: (police(c), docx_without_table(c / "chronologies" / "police.docx")),
                           ["chronologies/police.docx", "has no table"]),
    "organisational file missing a column": (
        lambda c: ((c / "organisational").mkdir(), write_xlsx(c / "organisational" / "police.xlsx",
                                                             {"S": [["Date", "Impact"], ["01/2024", "x"]]})),
        ["organisational/police.xlsx", "no 'Change' column"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_exits_2_naming_the_file_and_leaves_outputs(name, chronology_case, tmp_path, capsys):
    build = tmp_path / "build"
    assert main(["chronology", str(chronology_case), "--build-dir", str(build)]) == 0
    outputs = {p: p.read_bytes() for p in (build / "child-w" / "internal").rglob("*") if p.is_file()}
    setup, expected = CASES[name]
    setup(chronology_case)
    capsys.readouterr()
    assert main(["chronology", str(chronology_case), "--build-dir", str(build)]) == 2
    message = capsys.readouterr().err
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "Traceback" not in message
    assert {p: p.read_bytes() for p in (build / "child-w" / "internal").rglob("*") if p.is_file()} == outputs


def test_file_over_the_size_limit(chronology_case, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(chronology_readers, "MAX_FILE_BYTES", 1000)
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 2
    err = capsys.readouterr().err
    assert "chronologies/csc.xlsx: is " in err and "over the 1 kB limit for a chronology" in err


def test_every_problem_in_every_file_is_reported_together(chronology_case, tmp_path, capsys):
    write_xlsx(police(chronology_case), {"S": [CHRONOLOGY_HEADER, ["31/02/2024", *ROW[1:]], ["1/1/2024", *ROW[1:3], ""]]})
    write_xlsx(chronology_case / "chronologies" / "gp.xlsx", {"S": [CHRONOLOGY_HEADER, ["2024-13-01", *ROW[1:]]]})
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 2
    err = capsys.readouterr().err
    assert "police.xlsx, sheet 'S', row 2, column 'Date'" in err
    assert "police.xlsx, sheet 'S', row 3, column 'Event'" in err
    assert "gp.xlsx, sheet 'S', row 2, column 'Date'" in err
    assert "3 problem(s) in 2 chronology file(s); nothing was written" in err
    assert not (tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.json").exists()


# --- budgets: too many rows, bytes that are not UTF-8 ---------------------------------------

def many_rows_xlsx(path, rows: int):
    workbook = openpyxl.Workbook(write_only=True)
    first, second = workbook.create_sheet("2023"), workbook.create_sheet("2024")
    for sheet, count in ((first, rows // 2), (second, rows - rows // 2)):
        sheet.append(CHRONOLOGY_HEADER)
        for _ in range(count):
            sheet.append(ROW)
    workbook.save(path)


def many_rows_docx(path, rows: int):
    from copy import deepcopy

    write_docx(path, [[CHRONOLOGY_HEADER, ROW]])
    document = docx.Document(path)
    row = document.tables[0].rows[1]._tr
    for _ in range(rows - 1):
        row.addnext(deepcopy(row))
    document.save(path)


def patch_part(path, part: str, old: bytes, new: bytes):
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data.replace(old, new) if item.filename == part else data)


def police_row(event: str) -> list[str]:
    return [ROW[0], ROW[1], ROW[2], event, *ROW[4:]]


LIMITS = {
    "csv of 100,000 rows": (lambda c: write_csv(police(c).with_suffix(".csv"), [CHRONOLOGY_HEADER, *[ROW] * 100_000]),
                            ["chronologies/police.csv", "has 100,001 rows; a chronology may have at most 10,000"]),
    "xlsx over the limit over two sheets": (lambda c: many_rows_xlsx(police(c), 10_001),
                                            ["chronologies/police.xlsx", "has 10,003 rows",
                                             "at most 10,000"]),
    "docx of 10,002 table rows": (lambda c: many_rows_docx(police(c).with_suffix(".docx"), 10_001),
                                  ["chronologies/police.docx", "has 10,002 rows", "at most 10,000"]),
    "csv under the size limit holding too much text": (
        lambda c: write_csv(police(c).with_suffix(".csv"), [CHRONOLOGY_HEADER, *[police_row("x" * 30_000)] * 200]),
        ["chronologies/police.csv", "holds 6,0", "characters of text in its 200 entries", "at most 4,000,000"]),
    "csv: UTF-8 broken on line 3": (
        lambda c: police(c).with_suffix(".csv").write_bytes(
            "Date,Source,Event\r\n05/10/2023,Niche,Seen by Renée\r\n06/10/2023,Niche,Visit\xff\r\n".encode("utf-8")
            .replace(b"\xc3\xbf", b"\xff")),
        ["chronologies/police.csv, line 3", "bytes that are not UTF-8", "CSV UTF-8"]),
    "csv: UTF-16 broken": (
        lambda c: police(c).with_suffix(".csv").write_bytes(
            b"\xff\xfe" + "Date,Source,Event\r\n05/10/2023,Niche,Visit\r\n".encode("utf-16-le") + b"\x00\xd8"),
        ["chronologies/police.csv, line 3", "UTF-16 text with a broken character"]),
    "csv: no known encoding, with its line": (
        lambda c: police(c).with_suffix(".csv").write_bytes(b"Date,Source,Event\n05/10/2023,Niche,x\n06/10/2023,\x81,y\n"),
        ["chronologies/police.csv, line 3", "neither UTF-8 nor Windows-1252"]),
    "xlsx: broken bytes in a cell": (
        lambda c: (write_xlsx(police(c), {"Log": [CHRONOLOGY_HEADER, ROW, police_row("Visit MARK")]}),
                   patch_part(c / "chronologies" / "police.xlsx", "xl/worksheets/sheet1.xml", b"MARK", b"\xff\xfe")),
        ["chronologies/police.xlsx, sheet 'Log', row 3", "not UTF-8 text"]),
    "docx: broken bytes in a table": (
        lambda c: (police(c), write_docx(c / "chronologies" / "police.docx", [[CHRONOLOGY_HEADER, ROW, police_row("MARK")]]),
                   patch_part(c / "chronologies" / "police.docx", "word/document.xml", b"MARK", b"\xc3\x28")),
        ["chronologies/police.docx, table 1, row 3", "not UTF-8 text"]),
}


@pytest.mark.parametrize("name", LIMITS)
def test_budget_refusals_name_the_file_and_where(name, chronology_case, tmp_path, capsys):
    setup, expected = LIMITS[name]
    setup(chronology_case)
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 2
    message = " ".join(capsys.readouterr().err.split())
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "Traceback" not in message and "internal error" not in message
    assert not (tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.json").exists()


def test_a_windows_1252_csv_is_still_read(chronology_case, tmp_path):
    police(chronology_case).with_suffix(".csv").write_bytes(
        "Date,Source,Event\r\n05/10/2023,Niche,Café visit; £20 food voucher\r\n".encode("cp1252"))
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 0
    text = (tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.json").read_text(encoding="utf-8")
    assert "Café visit; £20 food voucher" in text
