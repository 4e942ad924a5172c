"""Reading what agencies send back: one chronology file -> its key events and organisational changes.

Before a library opens a file we check what it really is (from its first bytes and, for
.xlsx/.docx, the zip's content types), so a renamed PDF, an old .doc, an encrypted or
macro-enabled workbook or a damaged download gets a message the agency can act on.
"""
from __future__ import annotations

import codecs
import html
import re
import zipfile
import zlib
from pathlib import Path

from pipeline.errors import BadInput, Problem
from pipeline.chronology.readers import csv_reader, docx_reader, xlsx_reader
from pipeline.chronology.readers.headers import Header, find_header, missing_columns, read_rows
from pipeline.chronology.readers.records import (MAX_ROWS, MAX_TEXT_CHARS, AgencyChronology, Change, Entry, Table,
                                                 TooManyRows)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
SAVE_AS = {".xlsx": "Excel Workbook (.xlsx)", ".docx": "Word Document (.docx)", ".csv": "CSV UTF-8 (.csv)"}
MAIN_PART = {".xlsx": "spreadsheetml.sheet.main+xml", ".docx": "wordprocessingml.document.main+xml"}


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count // 1000} kB"


def _problem(shown: str, message: str, hint: str) -> BadInput:
    return BadInput(Problem(shown, message, hint))


def check_container(path: Path, shown: str) -> None:
    """Refuse files that are too big, or not what their extension says."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _problem(shown, f"is {_size(size)}, over the {_size(MAX_FILE_BYTES)} limit for a chronology",
                       "remove pictures and embedded files, or split it by year into separate sheets")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE2):
        raise _problem(shown, "is password-protected (encrypted), or an old-format .xls/.doc file renamed",
                       f"remove the password (File > Info > Protect > Encrypt) and save it as {SAVE_AS[suffix]}")
    if head.startswith(b"%PDF"):
        raise _problem(shown, f"is a PDF, not {'a' if suffix == '.csv' else 'an'} {suffix} file",
                       f"ask the agency for the chronology as {SAVE_AS[suffix]}: tables in a PDF cannot be read reliably")
    if head.startswith(b"{\\rtf"):
        raise _problem(shown, "is a Rich Text (RTF) document", f"save it as {SAVE_AS[suffix]}")
    if suffix == ".csv":
        if head.startswith(b"PK"):
            raise _problem(shown, "is an Excel or Word file named .csv", "rename it to .xlsx or .docx, whichever it is")
        return
    if not head.startswith(b"PK"):
        raise _problem(shown, f"is not a real {suffix} file (those are zip archives)", f"open it and save it as {SAVE_AS[suffix]}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise _problem(shown, f"unpacks to more than {_size(MAX_UNZIPPED_BYTES)}", "remove pictures and embedded files")
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
    except zipfile.BadZipFile:
        raise _problem(shown, "is damaged: it is not a complete zip archive, as .xlsx and .docx files are",
                       "ask the agency to send it again, or open and re-save it") from None
    if "macroEnabled" in types or any(name.endswith("vbaProject.bin") for name in names):
        raise _problem(shown, "contains macros (a macro-enabled file renamed)", f"save it as {SAVE_AS[suffix]}, which has no macros")
    if MAIN_PART[suffix] not in types:
        other = next((s for s, part in MAIN_PART.items() if part in types), None)
        raise _problem(shown, f"is {'a ' + other + ' file' if other else 'no Office document'} named {suffix}",
                       f"rename it to {other}" if other else f"open it and save it as {SAVE_AS[suffix]}")
    check_utf8(path, shown)


XML_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([\w-]+)""")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it (from xl/workbook.xml and its relationships)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return {}
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets |= {rid: target for target, rid in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    return {"xl/" + targets[rid].lstrip("/").removeprefix("xl/"): html.unescape(name)
            for name, rid in re.findall(r'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', workbook)
            if rid in targets}


def _place_in_part(archive: zipfile.ZipFile, part: str, before: bytes) -> tuple[str, int | None]:
    """Where, in the agency's terms, the XML ending in `before` is: a sheet and row, a Word table and row."""
    if part.startswith("xl/worksheets/"):
        rows = re.findall(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"', before)
        return f"sheet '{_sheet_names(archive).get(part, part)}'", int(rows[-1]) if rows else None
    if part == "word/document.xml":
        table = len(re.findall(rb"<w:tbl[ >]", before))
        inside = before.rfind(b"<w:tbl") > before.rfind(b"</w:tbl>")
        if inside:
            return f"table {table}", len(re.findall(rb"<w:tr[ >]", before[before.rfind(b"<w:tbl"):]))
        return "the text outside tables", None
    return "the text of a cell" if part == "xl/sharedStrings.xml" else part, None


def check_utf8(path: Path, shown: str) -> None:
    """Every XML part is UTF-8 (or says which other encoding it is in): a damaged byte is refused where it is,
    not reported by the XML parser as a line and column of a file the agency never sees."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError):  # CRC, deflate, truncation, encryption
                raise _problem(shown, f"is damaged: part {info.filename} cannot be unpacked",
                               "ask the agency to send it again, or open and re-save it") from None
            declared = XML_DECLARED_ENCODING.match(data)
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
                    declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
                continue
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as error:
                where, row = _place_in_part(archive, info.filename, data[:error.start])
                raise BadInput(Problem(f"{shown}, {where}", "holds bytes that are not UTF-8 text (the file is damaged)",
                                       "open it, retype or delete the garbled text, and save it again; or ask the "
                                       "agency to send it again", row=row)) from None


def read_tables(path: Path, shown: str) -> list[Table]:
    suffix = path.suffix.lower()
    check_container(path, shown)
    try:
        if suffix == ".csv":
            return csv_reader.read_tables(path, shown)
        tables = xlsx_reader.read_tables(path) if suffix == ".xlsx" else docx_reader.read_tables(path)
    except BadInput:
        raise
    except TooManyRows as long:
        raise _problem(shown, f"has {long.rows:,} rows; a chronology may have "
                       f"at most {MAX_ROWS:,}, so it was not read",
                       "keep to the key events (Appendix 10 asks for relevant, succinct entries, not every contact), "
                       "and check no rows were filled or copied down by mistake") from None
    except Exception as exc:  # openpyxl/python-docx raise many kinds on damaged content
        raise _problem(shown, f"could not be read as {SAVE_AS[suffix]} ({exc})",
                       "open it, check it, and save it again; or ask the agency to send it again") from None
    if suffix == ".docx" and not tables:
        raise _problem(shown, "has no table", "put the chronology in a Word table with the template's headers "
                       "(lcspr template chronology)")
    return tables


def _continuation(table: Table, previous: Header | None) -> Header | None:
    """A Word table split over pages without a repeated header: same columns as the table before."""
    if previous is None or not table.rows or len(table.rows[0][1]) != previous.width:
        return None
    return Header(previous.kind, -1, previous.columns, previous.names)


def refuse_too_much_text(chronology: AgencyChronology, shown: str) -> None:
    size = sum(len(value) for record in (*chronology.entries, *chronology.changes)
               for value in vars(record).values() if isinstance(value, str))
    if size > MAX_TEXT_CHARS:
        raise _problem(shown, f"holds {size:,} characters of text in its {len(chronology.entries) + len(chronology.changes):,} "
                       f"entries; a chronology may hold at most {MAX_TEXT_CHARS:,} (about 900 pages of the integrated chronology)",
                       "keep each entry to the key facts (Appendix 10 asks for relevant, succinct entries), "
                       "and check no cell holds a pasted document")


def read_chronology(path: Path, agency: str, shown: str, wanted: str = "events") -> AgencyChronology:
    """Key events (wanted="events") or organisational changes (wanted="changes") from one file.

    A key-events file may also hold an organisational-changes sheet or table (the template does).
    """
    tables = read_tables(path, shown)
    result = AgencyChronology(agency, shown)
    problems: list[Problem] = []
    previous: Header | None = None
    empty_header: Problem | None = None
    for table in tables:
        header = find_header(table) or (_continuation(table, previous) if path.suffix.lower() == ".docx" else None)
        previous = header or previous
        if header is None:
            continue
        records = read_rows(table, header, agency, shown, len(result.entries), problems)
        (result.entries if header.kind == "events" else result.changes).extend(records)
        if header.kind == wanted and not records and empty_header is None and header.index >= 0:
            empty_header = Problem(f"{shown}, {table.label}" if table.label else shown,
                                   "has a header row but no entries under it", "add the entries, one per row",
                                   row=table.rows[header.index][0])
    if problems:
        raise BadInput(problems, f"{len(problems)} problem(s) in {shown}")
    refuse_too_much_text(result, shown)
    if not (result.entries if wanted == "events" else result.changes):
        raise BadInput(empty_header or min((missing_columns(t, shown, wanted) for t in tables),
                                           key=lambda p: (p.row is None, "empty" in p.message)))
    return result


__all__ = ["AgencyChronology", "Change", "Entry", "MAX_FILE_BYTES", "MAX_ROWS", "read_chronology"]
