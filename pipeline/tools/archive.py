"""Zip files whose bytes depend only on their contents and a case date (never the clock)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

FILE_MODE = 0o644 << 16
UNIX = 3


def build_zip(entries: list[tuple[str, bytes]], when: dt.date) -> bytes:
    """Zip `entries` in the order given, each stamped `when` 00:00 with mode 0644.

    zlib's default level 6: level 9 takes four times as long (0.8 s on a 10,000-entry
    chronology workbook) for files 3% smaller.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = UNIX
            info.external_attr = FILE_MODE
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def restamp_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite a zip-based file (a .docx) with fixed timestamps, keeping its entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return build_zip(entries, when)
