"""The referral form (framework Appendix 2, Part 1) any agency sends to ask for a case to be considered."""
from __future__ import annotations

import docx

from pipeline.cli import main


def text_of(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_blank_referral_form_has_every_part_of_appendix_2(tmp_path, capsys):
    assert main(["template", "referral", "--out", str(tmp_path)]) == 0
    assert "referral-form.docx" in capsys.readouterr().err
    text = text_of(tmp_path / "referral-form.docx")
    for heading in ("1.1 Referral details", "1.2 Child's details", "1.3 Family composition", "1.4 Agencies known",
                    "1.5 Reason for notification", "1.6 Characteristics of case", "1.7 Summary of events"):
        assert heading in text
    for asked in ("Date of death, if applicable", "Shaken baby syndrome", "Child Protection Plan?", "What worked well?",
                  "Have criminal proceedings been instigated?", "Top tips for referrers"):
        assert asked in text
    assert text.count("\u2610") >= 40, "ballot boxes to tick"
    assert "return completed forms to the Safeguarding Partnership's mailbox" in text
    assert "{{" not in text and "{%" not in text


def test_referral_form_names_the_partnership_of_a_case(case_copy, tmp_path):
    assert main(["template", "referral", "--case", str(case_copy), "--out", str(tmp_path)]) == 0
    form = tmp_path / "referral-form.docx"
    text = text_of(form)
    assert "Consideration of Case for Review by Northbrook Safeguarding Children Partnership" in text
    assert "return completed forms to safeguarding.partnership@example.co.uk" in text
    assert docx.Document(str(form)).core_properties.author == "Northbrook Safeguarding Children Partnership"
    child = "Willow"
    assert child not in text, "the referrer fills in the child: nothing from the register is written in"


def test_referral_form_for_a_folder_that_is_not_a_case(tmp_path, capsys):
    assert main(["template", "referral", "--case", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "has no review.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "referral-form.docx").exists()
