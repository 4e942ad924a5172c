"""Bad and hostile input, over every stage that exists: each is refused with the right exit code
(2 bad input, 1 a held gate), a message naming the file and the place, no traceback, and
build/ exactly as it was (public/ and bundle/ above all: a refused run publishes nothing).

One row per input. A row breaks a copy of a finished build (`finished_build`: validate,
letters, publish and bundle all done) and names the commands that must refuse it.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from pipeline.cli import main
from tests.conftest import tree_digest

EVERY_STAGE = ("validate", "status", "letters", "publish", "bundle")
BAD, HELD = 2, 1


@dataclass(frozen=True)
class Row:
    id: str
    breaks: Callable[[Path, Path], None]   # (case folder, build/child-w) -> None
    commands: tuple[str, ...]
    exit_code: int
    says: tuple[str, ...]                  # the file and the place, and what is wrong


# --- how to break things -------------------------------------------------------------------

def review(case: Path) -> Path:
    return case / "review.yaml"


def replace_review(text: str | bytes):
    def breaks(case, out):
        (review(case).write_bytes if isinstance(text, bytes) else review(case).write_text)(text)
    return breaks


def edit_review(old: str, new: str):
    def breaks(case, out):
        text = review(case).read_text(encoding="utf-8")
        assert old in text, old
        review(case).write_text(text.replace(old, new, 1), encoding="utf-8")
    return breaks


def append_review(text: str):
    def breaks(case, out):
        with review(case).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return breaks


def line_in_review(case_text: str, needle: str) -> int:
    return next(n for n, line in enumerate(case_text.splitlines(), 1) if needle in line)


EXAMPLE_REVIEW = (Path(__file__).resolve().parent.parent / "examples" / "child-w" / "review.yaml").read_text()
INCIDENT_LINE = line_in_review(EXAMPLE_REVIEW, "incident:")
PUBLICATION_LINE = line_in_review(EXAMPLE_REVIEW, "planned_publication:")
ID_LINE = line_in_review(EXAMPLE_REVIEW, "id: child-w")
REGISTER_LINE = line_in_review(EXAMPLE_REVIEW, "register:")
LAST_LINE = len(EXAMPLE_REVIEW.splitlines())

YAML_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
HUGE_REVIEW = EXAMPLE_REVIEW + "".join(f"# padding line {n:07d} {'x' * 60}\n" for n in range(40_000))


def link_outside(relative: str, outside_name: str = "outside.xlsx"):
    """Replace a case file by a symlink to a file outside the case folder."""
    def breaks(case, out):
        outside = case.parent / outside_name
        outside.write_bytes(b"not part of this case")
        target = case / relative
        target.unlink(missing_ok=True)
        target.symlink_to(outside)
    return breaks


def link_folder_outside(folder: str):
    def breaks(case, out):
        outside = case.parent / "elsewhere"
        shutil.copytree(case / folder, outside)
        shutil.rmtree(case / folder)
        (case / folder).symlink_to(outside, target_is_directory=True)
    return breaks


def add_file(relative: str, data: bytes = b"x"):
    def breaks(case, out):
        (case / relative).write_bytes(data)
    return breaks


def rename(relative: str, new: str):
    def breaks(case, out):
        (case / relative).rename(case / new)
    return breaks


def public_text(change: Callable[[str], str] | bytes):
    """Change redaction/public-report.md, the anonymised text publish reads."""
    def breaks(case, out):
        path = out / "redaction" / "public-report.md"
        if isinstance(change, bytes):
            path.write_bytes(path.read_bytes() + change)
        else:
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return breaks


def edit_decisions(change):
    def breaks(case, out):
        decisions = case / "redaction" / "decisions.yaml"
        decisions.write_text(change(decisions.read_text(encoding="utf-8")), encoding="utf-8")
    return breaks


def add_paragraph(text: str):
    return public_text(lambda report: report + "\n" + text + "\n")


def redaction_status(content: str):
    def breaks(case, out):
        (out / "redaction" / "status.json").write_text(content)
    return breaks


def public_file(name: str, change: Callable[[bytes], bytes]):
    def breaks(case, out):
        path = out / "public" / name
        path.write_bytes(change(path.read_bytes()))
    return breaks


def remove(relative_to_build: str):
    def breaks(case, out):
        (out / relative_to_build).unlink()
    return breaks


def record_field(key: str, value):
    def change(data: bytes) -> bytes:
        record = json.loads(data)
        record[key] = value
        return json.dumps(record).encode()
    return public_file("publish-record.json", change)


PUBLIC = "child-w/redaction/public-report.md"


def zip_bomb(relative: str, megabytes: int = 210):
    """An xlsx whose worksheet unpacks to hundreds of megabytes of padding (a few hundred KB packed)."""
    def breaks(case, out):
        path = case / relative
        source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
            for info in source.infolist():
                data = source.read(info)
                if not info.filename.endswith("sheet1.xml"):
                    bomb.writestr(info.filename, data)
                    continue
                head, tail = data.split(b"</sheetData>")
                with bomb.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(head)
                    padding = b"<!--" + b" " * (1 << 20) + b"-->"
                    for _ in range(megabytes):
                        sheet.write(padding)
                    sheet.write(b"</sheetData>" + tail)
    return breaks


def csv_row(relative: str, row: str):
    """Insert `row` as the first data row (row 2, under the header) of a CSV chronology."""
    def breaks(case, out):
        path = case / relative
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        lines.insert(1, row)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return breaks


def section_text(section: str, text: str):
    def breaks(case, out):
        with (case / "sections" / f"{section}.md").open("a", encoding="utf-8") as handle:
            handle.write("\n\n" + text + "\n")
    return breaks


def section_docx_not_zip(section: str):
    def breaks(case, out):
        (case / "sections" / f"{section}.md").unlink()
        (case / "sections" / f"{section}.docx").write_bytes(b"This is not a Word document")
    return breaks


def learning_line(text: str) -> str:
    lines = (Path(__file__).resolve().parent.parent / "examples/child-w/sections/learning.md").read_text().splitlines()
    return f"sections/learning.md, line {len(lines) + 3}"


def added_line() -> str:
    from tests.conftest import PUBLIC_REPORT
    return f"line {len(PUBLIC_REPORT.splitlines()) + 2}"


# --- the table -----------------------------------------------------------------------------

ROWS = [
    # review.yaml: every stage reads it, every stage refuses it
    Row("yaml-bomb-anchors", replace_review(YAML_BOMB), EVERY_STAGE, BAD,
        ("review.yaml, line 2", "anchors and aliases (*name) are not allowed")),
    Row("huge-review-yaml", replace_review(HUGE_REVIEW), EVERY_STAGE, BAD,
        ("review.yaml", "a case file is at most 2,000,000")),
    Row("10mb-single-line-review-yaml", replace_review("# " + "x" * 10_000_000 + "\n"), ("validate", "publish"), BAD,
        ("review.yaml", "is 10,000,003 bytes")),
    Row("non-utf8-review-yaml", replace_review(EXAMPLE_REVIEW.encode("utf-8").replace(b"Northbrook", b"N\xf6rthbrook", 1)),
        EVERY_STAGE, BAD, ("review.yaml", "is not UTF-8 text (byte")),
    Row("deeply-nested-yaml", replace_review("a: " + "[" * 5_000 + "]" * 5_000 + "\n"), EVERY_STAGE, BAD,
        ("review.yaml, line 1", "nested more than 50 deep")),
    Row("duplicate-register-key", append_review("\nregister:\n  people: []\n"), EVERY_STAGE, BAD,
        (f"review.yaml, line {LAST_LINE + 2}", f"'register' appears twice in the same mapping (first on line {REGISTER_LINE})")),
    Row("python-object-tag", replace_review('!!python/object/apply:os.system ["echo owned"]\n'), EVERY_STAGE, BAD,
        ("review.yaml, line 1", "is not allowed")),
    Row("tab-indentation", replace_review("partnership:\n\tname: x\n"), EVERY_STAGE, BAD,
        ("review.yaml, line 2", "not valid YAML")),
    Row("empty-review-yaml", replace_review(""), EVERY_STAGE, BAD, ("review.yaml", "does not hold a mapping of fields")),
    Row("review-yaml-is-a-list", replace_review("- partnership\n- review\n"), EVERY_STAGE, BAD,
        ("review.yaml", "does not hold a mapping of fields")),
    Row("no-review-yaml", lambda case, out: review(case).unlink(), EVERY_STAGE, BAD, ("has no review.yaml",)),
    Row("review-yaml-is-a-folder", lambda case, out: (review(case).unlink(), review(case).mkdir()), EVERY_STAGE, BAD,
        ("has no review.yaml",)),
    Row("misspelt-field", edit_review("partnership:", "partnrship:"), EVERY_STAGE, BAD,
        ("review.yaml, line", "field 'partnrship'", "did you mean 'partnership'?")),
    Row("impossible-date", edit_review("incident: 14/03/2025", "incident: 31/02/2025"), EVERY_STAGE, BAD,
        (f"review.yaml, line {INCIDENT_LINE}, field 'review.dates.incident'", "'31/02/2025' is not a real date: February has no 31st")),
    Row("dates-out-of-order", edit_review("planned_publication: 12/01/2027", "planned_publication: 12/01/2020"),
        EVERY_STAGE, BAD, (f"review.yaml, line {PUBLICATION_LINE}, field 'review.dates.planned_publication'",
                           "is before decision")),
    Row("review-id-escapes-build-folder", edit_review("id: child-w ", "id: ../../outside "), EVERY_STAGE, BAD,
        (f"review.yaml, line {ID_LINE}, field 'review.id'", "may hold only lower-case letters, digits and hyphens")),
    Row("pseudonym-is-a-real-name", edit_review("pseudonym: Mr C", "pseudonym: Shaz"), EVERY_STAGE, BAD,
        ("review.yaml, line", "field 'register.people[2].pseudonym'", "is a real name in the register")),

    # the case folder's files (validate reads them; letters, publish and bundle do not)
    Row("chronology-symlink-outside-case", link_outside("chronologies/police.xlsx"), ("validate",), BAD,
        ("chronologies/police.xlsx", "points outside the case folder")),
    Row("chronologies-folder-symlink-outside", link_folder_outside("chronologies"), ("validate",), BAD,
        ("chronologies/csc.xlsx", "points outside the case folder")),
    Row("section-symlink-outside-case", link_outside("sections/findings.md", "secret.md"), ("validate",), BAD,
        ("sections/findings.md", "points outside the case folder")),
    Row("chronology-wrong-type", add_file("chronologies/police.pdf", b"%PDF-1.7"), ("validate",), BAD,
        ("chronologies/police.pdf", "is a .pdf")),
    Row("chronology-two-files-one-agency", add_file("chronologies/police.csv", b"Date,Source,Event\n"), ("validate",),
        BAD, ("chronologies/", "agency 'police' has 2 files")),
    Row("chronology-misnamed", rename("chronologies/police.xlsx", "chronologies/polce.xlsx"), ("validate",), BAD,
        ("chronologies/polce.xlsx", "did you mean 'police'? If so, rename the file to police.xlsx",
         "no chronology from Northbrook Constabulary")),
    Row("section-wrong-type", add_file("sections/learning.txt", b"text"), ("validate",), BAD,
        ("sections/learning.txt", "is a .txt")),
    # chronology content (the chronology stage; 1,000,000 formatted empty rows: see the test below)
    Row("chronology-zip-bomb", zip_bomb("chronologies/police.xlsx"), ("chronology",), BAD,
        ("chronologies/police.xlsx", "unpacks to more than 200.0 MB")),
    Row("chronology-10mb-cell", csv_row("chronologies/education.csv", "01/10/2023,,School record," + "x" * 10_000_000),
        ("chronology",), BAD, ("chronologies/education.csv, row 2", "no cell may be longer than 32,767 characters")),
    Row("chronology-40k-character-cell", csv_row("chronologies/education.csv", "01/10/2023,,School record," + "x" * 40_000),
        ("chronology",), BAD, ("chronologies/education.csv, row 2, column 'Event'", "longer than Excel allows")),
    Row("chronology-impossible-date", csv_row("chronologies/education.csv", "31/02/2024,,School record,Late again"),
        ("chronology",), BAD, ("chronologies/education.csv, row 2, column 'Date'", "31/02/2024")),
    Row("chronology-pdf-renamed-xlsx", add_file("chronologies/police.xlsx", b"%PDF-1.7\n%%EOF\n"), ("chronology",), BAD,
        ("chronologies/police.xlsx", "is a PDF")),

    # sections (the draft stage): nothing that runs or fetches from another site, even internally
    Row("section-script", section_text("learning", "<script>alert(1)</script>"), ("draft",), BAD,
        (learning_line("script"), "raw HTML (<script>alert(1)</script>)")),
    Row("section-remote-image-raw-html", section_text("learning", '<img src="http://x.example.co.uk/a.png" alt="a">'),
        ("draft",), BAD, (learning_line("img"), 'raw HTML (<img src="http://x.example.co.uk/a.png" alt="a">)')),
    Row("section-remote-image-markdown", section_text("learning", "![chart](https://x.example.co.uk/c.png)"),
        ("draft",), BAD, ("sections/learning.md", "is on the web; the build never fetches anything")),
    Row("section-docx-not-a-zip", section_docx_not_zip("learning"), ("draft",), BAD,
        ("sections/learning.docx", "could not be read as Word")),

    # the anonymised text publish reads (redaction/public-report.md)
    Row("script-in-public-text", add_paragraph("<script>fetch('https://evil.example.co.uk/')</script>"),
        ("publish",), BAD, (PUBLIC, added_line(), "a <script> element would be published")),
    Row("remote-image-markdown", add_paragraph("![Agency contacts](http://tracker.example.co.uk/pixel.png)"),
        ("publish",), BAD, (PUBLIC, "image 'http://tracker.example.co.uk/pixel.png' is on the web")),
    Row("remote-image-raw-html", add_paragraph('<img src="https://tracker.example.co.uk/p.png" alt="chart">'),
        ("publish",), BAD, (PUBLIC, "image 'https://tracker.example.co.uk/p.png' is on the web")),
    Row("remote-audio", add_paragraph('<audio src="http://tracker.example.co.uk/a.mp3"></audio>'), ("publish",), BAD,
        (PUBLIC, added_line(), "<audio> fetching http://tracker.example.co.uk/a.mp3 from another site")),
    Row("iframe", add_paragraph('<iframe title="x" srcdoc="hello"></iframe>'), ("publish",), BAD,
        (PUBLIC, added_line(), "a <iframe> element")),
    Row("event-handler", add_paragraph('<p onmouseover="alert(1)">Agencies met.</p>'), ("publish",), BAD,
        (PUBLIC, added_line(), "an event handler (onmouseover=) on <p>")),
    Row("javascript-link", add_paragraph("[the partnership](javascript:alert(1))"), ("publish",), BAD,
        (PUBLIC, added_line(), "a script link (javascript:alert(1)) on <a>")),
    Row("10mb-single-line-public-text", add_paragraph("x" * 10_000_000), ("publish",), BAD,
        (PUBLIC, "a report's text is at most 4,000,000")),
    Row("1mb-single-line-public-text", add_paragraph("word " * 200_000), ("publish",), BAD,
        (PUBLIC, added_line(), "has a line of 1,000,000 characters")),
    Row("non-utf8-public-text", public_text(b"\nCaf\xe9\n"), ("publish",), BAD,
        (PUBLIC, added_line(), "is not UTF-8 text")),
    Row("alias-bomb-in-front-matter", public_text(lambda t: t.replace("lang: en-GB", "lang: &l en-GB\nx: *l")),
        ("publish",), BAD, (PUBLIC, "line 8", "anchors and aliases")),
    Row("broken-front-matter", public_text(lambda t: t.replace("date: January 2027", "date: [January 2027")),
        ("publish",), BAD, (PUBLIC, "line", "is not valid YAML")),

    # the redaction stage's status: publish holds until every finding is decided
    Row("findings-pending", redaction_status('{"pending": 3}'), ("publish",), HELD,
        ("child-w/redaction/findings.html", "3 findings await decisions")),
    Row("status-not-json", redaction_status("{pending: 0"), ("publish",), HELD, (PUBLIC, "no anonymised text to publish")),
    Row("status-negative-pending", redaction_status('{"pending": -1}'), ("publish",), HELD,
        (PUBLIC, "no anonymised text to publish")),
    Row("status-pending-as-text", redaction_status('{"pending": "0"}'), ("publish",), HELD,
        (PUBLIC, "no anonymised text to publish")),
    Row("no-public-text", remove("redaction/public-report.md"), ("publish",), HELD, (PUBLIC, "run `make redaction CASE=")),
    # decisions.yaml (add with the redaction stage): a YAML bomb, an unknown finding id (line),
    # a decision that is not one of the allowed words, non-UTF-8, duplicate keys.

    # what bundle reads: the publish record must vouch for the PDF and the current inputs
    Row("publish-record-not-json", public_file("publish-record.json", lambda b: b[:-5]), ("bundle",), HELD,
        ("publish-record.json", "cannot be read as JSON")),
    Row("publish-record-not-utf8", public_file("publish-record.json", lambda b: b"\xff" + b), ("bundle",), HELD,
        ("publish-record.json", "cannot be read as JSON")),
    Row("leak-scan-not-passed", record_field("leak_scan", "failed"), ("bundle",), HELD,
        ("publish-record.json", "the leak scan did not pass")),
    Row("published-pdf-tampered", public_file("child-w.pdf", lambda b: b + b"%extra"), ("bundle",), HELD,
        ("child-w.pdf", "is not the one that passed the leak scan")),
    Row("published-pdf-missing", remove("public/child-w.pdf"), ("bundle",), HELD, ("public", "has not been published")),
    Row("public-text-changed-since-publish", add_paragraph("A late edit."), ("bundle",), HELD,
        ("publish-record.json", "changed since the report was published")),
    Row("review-yaml-changed-since-publish", edit_review("Child W, aged seven", "Child W, aged 7"), ("bundle",), HELD,
        ("publish-record.json", "changed since the report was published")),
    Row("decisions-changed-since-publish", edit_decisions(lambda text: text + "\n# checked again\n"), ("bundle",),
        HELD, ("publish-record.json", "changed since the report was published")),
]


@pytest.fixture
def broken_copy(finished_build, tmp_path):
    """A private copy of the finished case and build, for one row to break."""
    case, build = finished_build
    shutil.copytree(case, tmp_path / "case", symlinks=True)
    shutil.copytree(build, tmp_path / "build", symlinks=True)
    return tmp_path / "case", tmp_path / "build"


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_bad_input_is_refused_and_touches_nothing(broken_copy, capfd, row):
    case, build = broken_copy
    row.breaks(case, build / "child-w")
    before = tree_digest(build)
    capfd.readouterr()
    for command in row.commands:
        code = main([command, str(case), "--build-dir", str(build)])
        out, err = capfd.readouterr()
        said = " ".join((out + err).split())
        assert code == row.exit_code, f"{command}: exit {code}\n{said}"
        assert "Traceback" not in out + err
        for words in row.says:
            assert words in said, f"{command}: expected {words!r} in:\n{said}"
        assert tree_digest(build) == before, f"{command} changed build/"


def test_the_table_is_large_enough():
    assert len(ROWS) >= 40 and len({row.id for row in ROWS}) == len(ROWS)


def test_a_row_can_fail(broken_copy, capfd):
    """Control: an unbroken copy is accepted, so a row passes only because its input is bad."""
    case, build = broken_copy
    assert main(["validate", str(case), "--build-dir", str(build)]) == 0
    assert main(["bundle", str(case), "--build-dir", str(build)]) == 0
    assert os.path.exists(build / "child-w" / "public" / "child-w.pdf")


def test_a_million_formatted_empty_rows_are_read_as_the_entries_they_hold(broken_copy, capfd):
    """Formatting applied to whole columns (a hostile or careless xlsx) costs nothing and changes nothing."""
    case, build = broken_copy
    path = case / "chronologies" / "hospital.xlsx"
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as padded:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                head, tail = data.split(b"</sheetData>")
                rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(100, 1_000_100))
                data = head + rows + b"</sheetData>" + tail
            padded.writestr(info.filename, data)
    assert main(["chronology", str(case), "--build-dir", str(build)]) == 0
    assert "159 entries from 7 agencies" in " ".join(capfd.readouterr().err.split())
