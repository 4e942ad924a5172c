"""The draft's checks: each one fails on its own case, and names what to fix; all are reported together."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from pipeline.case.schema import Review
from pipeline.cli import main
from pipeline.stages.draft import check_review

from .conftest import EXAMPLE


def run_draft(case: Path, tmp_path: Path, capsys) -> tuple[int, str]:
    code = main(["draft", str(case), "--build-dir", str(tmp_path / "build")])
    return code, " ".join(capsys.readouterr().err.split())


def drop_section(case, name="decisions"):
    (case / "sections" / f"{name}.md").unlink()


def empty_section(case):
    (case / "sections" / "good-practice.md").write_text("\n\n", encoding="utf-8")


def write_into(name: str, text: str):
    def change(case):
        path = case / "sections" / f"{name}.md"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return change


def write_section(name: str, text: str):
    def change(case):
        (case / "sections" / f"{name}.md").write_text(text, encoding="utf-8")
    return change


def add_image(case, name: str, alt: str):
    """Images sit in sections/images/ (validate reads only .md and .docx in sections/)."""
    (case / "sections" / "images").mkdir(exist_ok=True)
    (case / "sections" / "images" / name).write_bytes(PNG)
    write_into("overview", f"\n![{alt}](images/{name})\n")(case)


def genogram_file(case):
    add_image(case, "genogram-v2.png", "Family relationships")


def genogram_alt(case):
    add_image(case, "family.png", "The family's genogram")


def png_bytes() -> bytes:
    """A small, valid PNG (Pillow comes with WeasyPrint)."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#1d3557").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()

# the fixture's section files are 6 lines long; text appended starts on line 7
SECTION_CASES = [
    ("required section missing", drop_section,
     ["sections/decisions.md", "required section 'decisions' (Why relevant decisions were taken) is missing"]),
    ("required section empty", empty_section,
     ["sections/good-practice.md", "required section 'good-practice' (Good practice) is empty"]),
    ("placeholder [insert", write_into("overview", "\nThe strategy meeting was on [insert date].\n"),
     ["sections/overview.md, line 8", "placeholder text '[insert' left in section 'overview'"]),
    ("placeholder TBC", write_into("learning", "\nThe audit date is TBC.\n"),
     ["sections/learning.md, line 8", "'TBC' left in section 'learning'"]),
    ("placeholder XXX", write_into("findings", "\nSeen by XXX on the ward.\n"),
     ["sections/findings.md, line 8", "'XXX' left in section 'findings'"]),
    ("placeholder Lorem", write_into("introduction", "\nLorem ipsum dolor sit amet.\n"),
     ["sections/introduction.md, line 8", "'Lorem' left in section 'introduction'"]),
    ("placeholder TODO", write_into("learning", "\nTODO: say how the audit will be done.\n"),
     ["sections/learning.md, line 8", "placeholder text 'TODO' left in section 'learning'"]),
    ("placeholder [to follow]", write_into("findings", "\nThe health findings are [to follow].\n"),
     ["sections/findings.md, line 8", "placeholder text '[to follow]' left in section 'findings'"]),
    ("a section of three words", write_section("good-practice", "Text to follow.\n"),
     ["sections/good-practice.md", "section 'good-practice' (Good practice) is not yet written: it has 3 word(s)",
      "write it: examples of good practice"]),
    ("an optional section of three words", write_section("glossary", "MASH: hub.\n"),
     ["sections/glossary.md", "section 'glossary' (Glossary) is not yet written: it has 2 word(s)",
      "it is optional, so you may delete the file instead"]),
    ("genogram by file name", genogram_file, ["sections/overview.md", "section 'overview' shows a genogram"]),
    ("genogram by alt text", genogram_alt, ["sections/overview.md", "section 'overview' shows a genogram"]),
    ("own level-1 heading", write_into("decisions", "\n# Decisions\n\nText.\n"),
     ["sections/decisions.md", "section 'decisions' has its own level-1 heading 'Decisions'"]),
]


def no_owners(data):
    data["recommendations"][2]["owners"] = []


def due_before_decision(data):
    data["recommendations"][0]["due"] = "01/01/2025"


def no_finding(data):
    del data["recommendations"][5]["finding"]


def no_due_date(data):
    del data["recommendations"][1]["due"]


def unanswered_line_of_enquiry(data):
    data["findings"][3]["lines_of_enquiry"] = ["kloe-1"]


def no_lead_reviewer(data):
    data["review"]["lead_reviewers"] = []


def placeholder_recommendation(data):
    data["recommendations"][3]["text"] = "All agencies should [insert action] by the due date."


REVIEW_CASES = [
    ("recommendation without owners", no_owners, ["review.yaml", "recommendation 'r3' names no owning agency"]),
    ("due before the decision", due_before_decision,
     ["recommendation 'r1' is due 01/01/2025, before the decision to hold the review (22/04/2025)"]),
    ("answering no finding", no_finding, ["recommendation 'r6' answers no finding"]),
    ("no due date", no_due_date, ["recommendation 'r2' has no due date"]),
    ("line of enquiry no finding addresses", unanswered_line_of_enquiry,
     ["no finding addresses line of enquiry 'kloe-4' (How were adults new to the household identified and assessed?)"]),
    ("no lead reviewer", no_lead_reviewer, ["no lead reviewer is named"]),
    ("placeholder in a recommendation", placeholder_recommendation,
     ["placeholder text '[insert' left in recommendation 'r4'"]),
]


def test_the_fixture_case_passes_every_check(draft_case, tmp_path, capsys):
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0, err
    assert "held" not in err


@pytest.mark.parametrize("name, change, expected", SECTION_CASES, ids=[c[0] for c in SECTION_CASES])
def test_section_check_fails_and_names_the_section(draft_case, tmp_path, capsys, name, change, expected):
    change(draft_case)
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 1, err
    for text in expected:
        assert text in err
    assert (tmp_path / "build" / "child-w" / "internal" / "draft-report.pdf").exists(), "the draft is still written"


@pytest.mark.parametrize("name, change, expected", REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES])
def test_review_check_fails_and_names_the_recommendation_or_line(draft_case, tmp_path, capsys, edit_review,
                                                                    name, change, expected):
    edit_review(draft_case, change)
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 1, err
    assert "review.yaml, line " in err
    for text in expected:
        assert text in err


def test_an_owner_that_is_no_agency_is_named():
    """validate stops this first (exit 2); the draft's own check still names it if called directly."""
    data = yaml.safe_load((EXAMPLE / "review.yaml").read_text(encoding="utf-8"))
    data["recommendations"][4]["owners"] = ["hospital", "ambulance"]
    problems = check_review(Review.model_validate(data), {})
    assert [p.message for p in problems] == ["recommendation 'r5' is owned by 'ambulance', which is no agency"]


def test_every_failing_check_is_reported_in_one_run(draft_case, tmp_path, capsys, edit_review):
    drop_section(draft_case)
    write_into("overview", "\nDate TBC.\n")(draft_case)
    edit_review(draft_case, lambda data: (no_owners(data), no_lead_reviewer(data)))
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 1
    for text in ("required section 'decisions'", "'TBC' left in section 'overview'",
                 "recommendation 'r3' names no owning agency", "no lead reviewer", "4 check(s) failed"):
        assert text in err


def test_word_counts_are_printed_per_section_and_in_total(draft_case, tmp_path, capsys):
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0
    assert re.search(r"Good practice .*sections/good-practice\.md .*\d+", err)
    assert re.search(r"Total\W+[\d,]+", err)


def test_a_section_far_longer_than_the_rest_is_a_warning_only(draft_case, tmp_path, capsys):
    write_into("overview", "\n" + "The family moved twice during the period under review. " * 250 + "\n")(draft_case)
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0
    assert "warning sections/overview.md: section 'overview' has 2,2" in err
    assert "reports should be succinct" in err



def test_a_link_to_a_missing_heading_names_the_section_line_and_the_anchors_that_exist(case_copy, tmp_path, capsys):
    section = case_copy / "sections" / "findings.md"
    lines = section.read_text(encoding="utf-8").splitlines()
    section.write_text("\n".join(lines + ["", "See [what the child lived through](#child-lived-experience)."]) + "\n",
                       encoding="utf-8")
    code, err = run_draft(case_copy, tmp_path, capsys)
    assert code == 1, err
    assert (f"sections/findings.md, line {len(lines) + 2}: the link to '#child-lived-experience' goes nowhere"
            in err)
    assert "did you mean '#the-childs-lived-experience'" in err
    assert err.count("#child-lived-experience") == 1, "said once"
    assert "draft-report.pdf: PDF rendering error" not in err
    internal = tmp_path / "build" / "child-w" / "internal"
    assert (internal / "draft-report.pdf").exists(), "the draft is still written"
    assert "what the child lived through" in (internal / "draft-report.html").read_text(encoding="utf-8")
