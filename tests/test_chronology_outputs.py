"""What the lead reviewer opens: the integrated chronology read back from each output."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import zipfile

import docx
import openpyxl
import pypdfium2
import pytest

from tests.conftest import CHRONOLOGY_HEADER, ROOT, chronology_rows, write_xlsx
from pipeline.stages.chronology import OUTPUTS
from pipeline.chronology.outputs import colours, pdf_output
from pipeline.chronology.kinds import CATEGORIES, appendix_kind
from pipeline.cli import main
from pipeline.errors import BadInput, Problem

PARTNERSHIP = "Northbrook Safeguarding Children Partnership"


@pytest.fixture
def built(chronology_case, tmp_path):
    (chronology_case / "organisational").mkdir()
    write_xlsx(chronology_case / "organisational" / "police.xlsx",
               {"Changes": [["Date", "Change", "Impact on frontline practice"],
                            ["01/2024", "Public protection unit restructured", "Referrals delayed"]]})
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 0
    return tmp_path / "build" / "child-w" / "internal"


def test_json_is_canonical(built):
    data = json.loads((built / "integrated-chronology.json").read_text())
    assert [e["event"][:20] for e in data["entries"]] == [
        "Domestic abuse incid", "Strategy discussion ", "Strategy discussion ", "Family moved to Lark",
        "Child W seen for cou"]
    first = data["entries"][0]
    assert first["outside_review_period"] and first["from"] == {"file": "chronologies/police.xlsx",
                                                                "part": "sheet 'Chronology'", "row": 3}
    assert data["event_groups"] == [{"id": "G1", "entries": [2, 3], "agencies": ["csc", "police"],
                                     "score": data["event_groups"][0]["score"]}]
    assert [e["event_group"] for e in data["entries"]] == [None, "G1", "G1", None, None]
    assert data["entries"][1]["kind"] == "Strategy discussion" and data["entries"][1]["id"].startswith("csc-")
    assert data["entries"][3]["date"] == {"written": "03/2024", "start": "2024-03-01", "end": "2024-03-31",
                                          "approximate": True, "precision": "month"}
    assert data["entries"][4]["gap_before_days"] > 0
    assert data["entries"][4]["age"] == "6y 9m"
    assert data["organisational_changes"][0]["change"] == "Public protection unit restructured"
    assert {g["days"] for g in data["gaps"]} and all(g["days"] > 28 for g in data["gaps"])
    assert stat.S_IMODE((built / "integrated-chronology.json").stat().st_mode) == 0o600


def test_xlsx_integrated_sheet(built):
    workbook = openpyxl.load_workbook(built / "integrated-chronology.xlsx")
    assert workbook.sheetnames == ["Integrated", "Orphaned notes", "Summary", "Organisational changes",
                                   "Lines of enquiry", "csc", "police", "gp"]
    sheet = workbook["Integrated"]
    header = [c.value for c in sheet[1]]
    assert header == ["#", "Date", "Precision", "Date as written", "Time", "Child's age", "Agency", "Source", "Event",
                      "Action / outcome", "Practitioner role", "Kind", "Agency's category", "Agency's significance",
                      "Event group", "Gap before (days)", "In period", "Key practice episode", "Line of enquiry",
                      "Reviewer significance", "Reviewer comment", "Entry id", "From"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:W6"
    assert sheet["B2"].value.strftime("%d/%m/%Y") == "12/06/2023" and sheet["B2"].number_format == "DD/MM/YYYY"
    # every date a real date (the start of its period), so Excel sorts and filters them
    assert all(isinstance(sheet.cell(r, 2).value, dt.datetime) for r in range(2, 7))
    assert (sheet["B5"].value.date(), sheet["C5"].value, sheet["D5"].value) == (dt.date(2024, 3, 1), "month", "03/2024")
    assert sheet["G3"].value == "Northbrook Borough Council Children's Social Care"
    assert sheet["O3"].value == sheet["O4"].value == "G1"
    assert sheet["L3"].value == "Strategy discussion" and sheet["Q2"].value == "no" and sheet["Q3"].value == "yes"
    assert sheet["I3"].alignment.wrap_text and sheet.column_dimensions["I"].width == 60
    fill_csc, fill_police = sheet["A3"].fill.fgColor.rgb[-6:], sheet["A2"].fill.fgColor.rgb[-6:]
    assert fill_csc != fill_police
    for fill in (fill_csc, fill_police):
        assert colours.contrast(fill, sheet["A3"].font.color.rgb[-6:]) >= 4.5
    police = workbook["police"]
    assert [c.value for c in police["H"]][1:] == ["Domestic abuse incident reported by neighbour",
                                                   "Strategy discussion about bruising to Child W attended"]


def test_xlsx_summary_and_changes(built):
    workbook = openpyxl.load_workbook(built / "integrated-chronology.xlsx")
    summary = [[c for c in row if c is not None] for row in workbook["Summary"].iter_rows(values_only=True)]
    assert ["Northbrook Constabulary", 2, "12/06/2023", "05/10/2023", 1] in summary
    assert any(row and row[0] == "G1" for row in summary)
    assert any(row and str(row[0]).startswith("Gaps: no contact by any agency for more than 28 days") for row in summary)
    changes = list(workbook["Organisational changes"].iter_rows(values_only=True))
    assert changes[1][:4] == ("01/2024", "Northbrook Constabulary", "Public protection unit restructured",
                              "Referrals delayed")


def test_pdf_text(built):
    pdf = pypdfium2.PdfDocument(built / "integrated-chronology.pdf")
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Integrated chronology: Local Child Safeguarding Practice Review: Child W" in text
    assert "03/2024" in text and "approx." in text and "outside review period" in text
    assert text.count("event group G1") == 2
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * len(pdf)  # header and footer of every page
    assert "No contact by any agency for 34 days: 01/09/2023 to 05/10/2023" in text
    assert "Family moved to Larkspur Close" in text and "June 2023" in text


def pdf_pages(path) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(path)]


@pytest.mark.parametrize("part_entries", [2500, 1], ids=["two parts", "one part per month"])
def test_pdf_rendered_in_parts_reads_like_one(built, chronology_case, tmp_path, monkeypatch, part_entries):
    """A large chronology is rendered in parts, two at once, joined, then numbered: force that on the small case."""
    monkeypatch.setattr(pdf_output, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(pdf_output, "PART_ENTRIES", part_entries)
    pdfs = []
    for run in ("split", "split-again"):
        assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / run)]) == 0
        pdfs.append(tmp_path / run / "child-w" / "internal" / "integrated-chronology.pdf")
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
    pages = pdf_pages(pdfs[0])
    assert [page.split()[-4:] for page in pages] == [["Page", str(i), "of", str(len(pages))]
                                                     for i in range(1, len(pages) + 1)]
    # the page furniture, and the table header that repeats where a page breaks a month's table
    footer = re.compile(r"OFFICIAL-SENSITIVE(: child-w integrated chronology \(internal\))?|Page \d+ of \d+|"
                        r"When, agency, kind, event group\s+Event")
    words = [" ".join(footer.sub("", page) for page in document).split()
             for document in (pages, pdf_pages(built / "integrated-chronology.pdf"))]
    assert words[0] == words[1]


TEST_PROCESS = os.getpid()
RENDER_PDF = pdf_output.render_pdf


def render_in_this_process_only(html, **options):
    """As if each half's process were killed (for memory, say)."""
    if os.getpid() != TEST_PROCESS:
        os._exit(9)
    return RENDER_PDF(html, **options)


def test_a_half_whose_process_dies_leaves_one_render_here(built, chronology_case, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_output, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(pdf_output, "render_pdf", render_in_this_process_only)
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "dying")]) == 0
    pdf = tmp_path / "dying" / "child-w" / "internal" / "integrated-chronology.pdf"
    assert pdf.read_bytes() == (built / "integrated-chronology.pdf").read_bytes()


def refuse_to_render(html, **options):
    raise BadInput(Problem(options["what"], "PDF rendering error: font missing", "install the font"))


def test_render_error_in_a_part_is_reported_as_bad_input(chronology_case, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdf_output, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(pdf_output, "render_pdf", refuse_to_render)
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "integrated-chronology.pdf: PDF rendering error: font missing" in err and "install the font" in err


def test_docx_table(built):
    document = docx.Document(built / "integrated-chronology.docx")
    assert document.sections[0].page_width > document.sections[0].page_height
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["#", "Date", "Time"]
    assert len(table.rows) == 6
    assert table.rows[4].cells[1].text == "03/2024 (approx.)"
    assert table.rows[2].cells[10].text == "G1" and table.rows[2].cells[8].text == "Strategy discussion"
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header row repeats on every page


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_is_byte_identical_run_to_run(built, chronology_case, tmp_path, name):
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "child-w" / "internal" / name).read_bytes() == (built / name).read_bytes()


def test_office_files_are_dated_and_signed_by_the_case(built):
    workbook = openpyxl.load_workbook(built / "integrated-chronology.xlsx")
    assert workbook.properties.creator == workbook.properties.lastModifiedBy == PARTNERSHIP
    assert workbook.properties.created == workbook.properties.modified == dt.datetime(2025, 4, 22, 9, 0)
    props = docx.Document(built / "integrated-chronology.docx").core_properties
    assert props.author == props.last_modified_by == PARTNERSHIP
    assert props.created == props.modified == dt.datetime(2025, 4, 22, 9, 0, tzinfo=dt.timezone.utc)
    for name in ("integrated-chronology.xlsx", "integrated-chronology.docx"):
        with zipfile.ZipFile(built / name) as package:
            assert {info.date_time for info in package.infolist()} == {(2025, 4, 22, 0, 0, 0)}, name


def test_svg_draws_lanes_gaps_period_incident_key_and_labels(built):
    text = (built / "timeline.svg").read_text()
    assert text.count("<circle") == 4 + 1  # four entries dated to the day, one in the key
    assert 'class="review-period"' in text and 'class="gap"' in text and 'class="incident"' in text
    assert text.count('class="approximate"') == 1 + 1  # 03/2024, and the key
    lanes = re.findall(r'<text x="8" y="[\d.]+" fill="#1A1A1A">([^<]+)</text>', text)
    assert lanes == ["Children's Social Care (2)", "Police (2)", "GP practice (1)"]  # public names
    assert 'class="key"' in text and "approximate (month or year)" in text
    # the strategy discussion two agencies recorded is labelled once; the incident is labelled
    labels = re.findall(r'class="key-event"[^>]*>([^<]+)<', text)
    assert labels == ["Strategy discussion", "Incident 14/03/2025"]


def summary_counts(path) -> dict:
    rows = list(openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[:2] == ("Category", "Entries"))
    return {row[0]: row[1] for row in rows[start + 1:] if row[0] is not None}


def test_summary_counts_entries_per_category(built):
    counts = summary_counts(built / "integrated-chronology.xlsx")
    assert list(counts)[:len(CATEGORIES)] == list(CATEGORIES)
    assert (counts["Strategy discussion"], counts["House move"], counts["Police incident or log"]) == (2, 1, 1)
    assert counts["Assessment"] == 0 and counts["(no category given)"] == 1
    assert sum(counts.values()) == 5


def test_one_warning_per_sheet_lists_every_unknown_category(chronology_case, tmp_path, capsys):
    rows = chronology_rows("police")
    rows[0][6], rows[1][6] = "Home visit", "Welfare check"
    write_xlsx(chronology_case / "chronologies" / "police.xlsx", {"Chronology": [CHRONOLOGY_HEADER, *rows]})
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert err.count("warning chronologies") == 1
    assert ("chronologies/police.xlsx, sheet 'Chronology', column 'Category': 2 categories are not one of the "
            "Appendix 10 kinds of key event: 'Home visit' (row 2); 'Welfare check' (row 3)") in err


@pytest.mark.parametrize("written, kind", [
    *((kind, kind) for kind in CATEGORIES),
    ("referral", "Contact or referral"), ("Unknown adults", "Unknown adults present"),
    ("section 47 enquiry", "Child protection enquiry / section 47"),
    ("police log / domestic abuse incident", "Police incident or log"), ("change in GP", "Change of GP"),
    ("Attendance at hospital", "Hospital attendance or admission"), ("specific support offered", "Support offered"),
    ("Home visit", None), ("family", None), ("school exclusion/absence", None), ("", None),
])
def test_category_read_as_appendix_10_kind(written, kind):
    assert appendix_kind(written) == kind


@pytest.mark.parametrize("written, counted, warned", [
    ("Home visit", "Home visit (not an Appendix 10 kind)", True),
    ("  strategy   DISCUSSION ", "Strategy discussion", False),
    ("Assessment", "Assessment", False),
    ("referral", "Contact or referral", False),
    ("Serious illness", "Birth, death or serious illness", False),
    ("section 47", "Child protection enquiry / section 47", False),
])
def test_category_outside_appendix_10_is_a_warning(chronology_case, tmp_path, capsys, written, counted, warned):
    rows = chronology_rows("gp")
    rows[0][6] = written
    rows.append(["21/11/2024", "", "EMIS", "Follow-up call", "", "GP", written, ""])
    write_xlsx(chronology_case / "chronologies" / "gp.xlsx", {"Chronology": [CHRONOLOGY_HEADER, *rows]})
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 0
    err = " ".join(capsys.readouterr().err.split())
    message = ("warning chronologies/gp.xlsx, sheet 'Chronology', column 'Category': 1 category is not one of "
               f"the Appendix 10 kinds of key event: '{written}' (rows 2, 3)")
    assert (message in err) == warned, err
    assert ("Appendix 10" in err) == warned
    counts = summary_counts(tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.xlsx")
    assert counts[counted] == 2 + (counted == "Strategy discussion") * 2


def test_colours_meet_wcag_aa():
    assert all(colours.contrast(fill, colours.TEXT) >= 4.5 for fill in colours.FILLS)
    assert all(colours.contrast(mark, "FFFFFF") >= 4.5 for mark in colours.MARKS)
    assert round(colours.contrast("000000", "FFFFFF"), 1) == 21.0


def test_example_case_builds(tmp_path):
    example = ROOT / "examples" / "child-w"
    assert main(["chronology", str(example), "--build-dir", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "child-w" / "internal" / "integrated-chronology.json").read_text())
    assert len(data["agencies"]) == 7 and all(a["entries"] for a in data["agencies"])
    assert data["event_groups"] and data["organisational_changes"]


def test_timeline_shows_the_review_period_and_counts_earlier_entries(case_copy, tmp_path):
    """Entries from years before the period are counted at the start of their lane, not plotted."""
    assert main(["chronology", str(case_copy), "--build-dir", str(tmp_path / "b")]) == 0
    internal = tmp_path / "b" / "child-w" / "internal"
    entries = json.loads((internal / "integrated-chronology.json").read_text())["entries"]
    chart_start = "2023-06-01"   # a quarter before the review period starts on 01/09/2023
    earlier = [e for e in entries if e["date"]["end"] < chart_start]
    svg = (internal / "timeline.svg").read_text()
    counted = [int(n) for n in re.findall(r"\u25c0 (\d+) earlier", svg)]
    assert earlier and sum(counted) == len(earlier)
    assert svg.count("<circle") - 1 + svg.count('class="approximate"') - 1 == len(entries) - len(earlier)


def png_of_svg(svg: str, path) -> None:
    """Draw the SVG as a person sees it (WeasyPrint's SVG renderer, then pypdfium2) and save it as a PNG."""
    import base64
    import weasyprint
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', svg).groups())
    source = base64.b64encode(svg.encode()).decode()
    html = (f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}</style>"
            f'<img src="data:image/svg+xml;base64,{source}" style="width: {width}px; height: {height}px">')
    page = pypdfium2.PdfDocument(weasyprint.HTML(string=html).write_pdf())[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    page.render(scale=96 / 72).to_pil().save(path)  # CSS px are 3/4 of a PDF point


def test_example_timeline_is_drawn_for_a_person_to_look_at(tmp_path):
    """build/test-output/child-w-timeline.png: the example's timeline as drawn, kept for a person to look at."""
    assert main(["chronology", str(ROOT / "examples" / "child-w"), "--build-dir", str(tmp_path)]) == 0
    svg = (tmp_path / "child-w" / "internal" / "timeline.svg").read_text()
    png = ROOT / "build" / "test-output" / "child-w-timeline.png"
    png_of_svg(svg, png)
    from PIL import Image
    with Image.open(png) as image:
        assert image.width == 1400 and len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 8  # drawn, not blank
    labels = re.findall(r'class="key-event" x="([\d.]+)" y="([\d.]+)"[^>]*text-anchor="(\w+)">([^<]+)<', svg)
    assert any(text.startswith("Strategy discussion") for *_, text in labels) and any(
        text.startswith("Incident") for *_, text in labels)
    by_row: dict[str, list] = {}
    for x, y, anchor, text in labels:
        start = float(x) - (len(text) * 6.0 if anchor == "end" else 0)
        assert 0 <= start and start + len(text) * 6.0 <= 1400  # on the page
        by_row.setdefault(y, []).append((start, start + len(text) * 6.0))
    for spans in by_row.values():  # no two labels on one row overlap
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
