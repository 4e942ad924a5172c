"""CSV files: UTF-8 (with or without BOM), UTF-16 or Windows-1252; the delimiter is sniffed.

A file that is UTF-8 in part (it holds UTF-8's multi-byte letters) and broken elsewhere is
refused at the line of the first broken byte, not read as Windows-1252: that would turn every
accented or curly character into two or three others, and "Renée" would no longer be found.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from pipeline.errors import BadInput, Problem
from pipeline.chronology.readers.headers import MAX_CELL, find_header
from pipeline.chronology.readers.records import MAX_ROWS, Table, TooManyRows

DELIMITERS = ",;\t|"
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
SAVE_UTF8 = "open it in Excel and save it as 'CSV UTF-8' (or send the .xlsx)"


def _broken(shown: str, what: str, line: int) -> BadInput:
    return BadInput(Problem(shown, what, SAVE_UTF8, line=line))


def decode(data: bytes, shown: str) -> str:
    """Excel saves 'CSV UTF-8' with a BOM and plain 'CSV' as Windows-1252 on a UK PC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            line = data[:error.start].decode("utf-16", "replace").count("\n") + 1
            raise _broken(shown, "is UTF-16 text with a broken character", line) from None
    if b"\0" in data:
        raise BadInput(Problem(shown, "holds NUL bytes, so it is not a text CSV file",
                               "save the chronology from Excel as 'CSV UTF-8', or send the .xlsx"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        if UTF8_LETTER.search(data):
            raise _broken(shown, "is UTF-8 text with bytes that are not UTF-8 (a damaged or mixed file)", line) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _broken(shown, "is neither UTF-8 nor Windows-1252 text", data[:error.start].count(b"\n") + 1) from None


def _parse(text: str, dialect, shown: str) -> Table:
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            rows.append((number, row))
    except csv.Error as error:
        raise BadInput(Problem(shown, f"cannot be read past this row: {error}",
                               f"no cell may be longer than {MAX_CELL:,} characters (Excel's own limit); "
                               "check for a missing closing quote", row=len(rows) + 1)) from None
    return Table("", rows)


def read_tables(path: Path, shown: str) -> list[Table]:
    """The sniffed delimiter first; if its rows hold no header, the first other delimiter whose rows do.
    Parsing is quick (the csv module is C), so the rows are counted exactly before any is read."""
    text = decode(path.read_bytes(), shown)
    try:
        sniffed = csv.Sniffer().sniff(text[:20000], delimiters=DELIMITERS)
    except csv.Error:
        sniffed = csv.excel
    first = _parse(text, sniffed, shown)
    filled = sum(1 for _, row in first.rows if any(cell.strip() for cell in row))
    if filled > MAX_ROWS:
        raise TooManyRows(filled)
    if find_header(first) is None:
        for delimiter in DELIMITERS:
            table = _parse(text, type("Dialect", (csv.excel,), {"delimiter": delimiter}), shown)
            if find_header(table) is not None:
                return [table]
    return [first]
