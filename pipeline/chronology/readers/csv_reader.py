"""CSV files: UTF-8 (with or without BOM), UTF-16 or Windows-1252; the delimiter is sniffed."""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from pipeline.errors import BadInput, Problem
from pipeline.chronology.readers.headers import MAX_CELL, find_header
from pipeline.chronology.readers.records import Table

DELIMITERS = ",;\t|"


def decode(data: bytes, shown: str) -> str:
    """Excel saves 'CSV UTF-8' with a BOM and plain 'CSV' as Windows-1252 on a UK PC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\0" in data:
        raise BadInput(Problem(shown, "holds NUL bytes, so it is not a text CSV file",
                               "save the chronology from Excel as 'CSV UTF-8', or send the .xlsx"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput(Problem(shown, "is neither UTF-8 nor Windows-1252 text", "save it from Excel as 'CSV UTF-8'"))


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
    """The sniffed delimiter first; if its rows hold no header, the first other delimiter whose rows do."""
    text = decode(path.read_bytes(), shown)
    try:
        sniffed = csv.Sniffer().sniff(text[:20000], delimiters=DELIMITERS)
    except csv.Error:
        sniffed = csv.excel
    first = _parse(text, sniffed, shown)
    if find_header(first) is None:
        for delimiter in DELIMITERS:
            table = _parse(text, type("Dialect", (csv.excel,), {"delimiter": delimiter}), shown)
            if find_header(table) is not None:
                return [table]
    return [first]
