"""A stage whose inputs, code and outputs have not changed is skipped; any change runs it again."""
from __future__ import annotations

import os

from pipeline.cli import main


def run(capfd, *args) -> str:
    assert main(list(args)) == 0
    return " ".join(capfd.readouterr().err.split())


def test_chronology_runs_again_only_when_something_changed(case_copy, tmp_path, capfd):
    build = str(tmp_path / "build")
    args = ("chronology", str(case_copy), "--build-dir", build)
    xlsx = tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.xlsx"
    assert "159 entries" in run(capfd, *args)
    first = xlsx.stat().st_mtime_ns
    assert "up to date" in run(capfd, *args)
    assert xlsx.stat().st_mtime_ns == first

    csv = case_copy / "chronologies" / "education.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Reception year attendance 91%", b"Reception year attendance 90%"))
    assert "159 entries" in run(capfd, *args)

    xlsx.unlink()
    assert "159 entries" in run(capfd, *args), "a missing output is rebuilt"
    xlsx.write_bytes(b"edited by hand")
    assert "159 entries" in run(capfd, *args), "an output changed by hand is rebuilt"
    assert "up to date" in run(capfd, *args)
    assert "159 entries" in run(capfd, *args, "--force")


def test_letters_follow_review_yaml_and_the_date(case_copy, tmp_path, capfd):
    build = str(tmp_path / "build")
    args = ("letters", str(case_copy), "--build-dir", build)
    assert "letters and" in run(capfd, *args)
    assert "up to date" in run(capfd, *args)
    assert "letters and" in run(capfd, *args, "--date", "01/05/2025")
    review = case_copy / "review.yaml"
    review.write_text(review.read_text().replace("contact_role: Named GP for Safeguarding",
                                                 "contact_role: Designated GP"))
    assert "letters and" in run(capfd, *args)
    stamps = tmp_path / "build" / "child-w" / "internal" / ".stamps"
    assert oct(os.stat(stamps / "letters.json").st_mode & 0o777) == "0o600"
