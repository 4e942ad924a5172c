"""The whole `make report` on the example, with no network at all, twice: both builds pass and
their public/ and bundle/ are byte-identical."""
from __future__ import annotations

import os
import shutil
import subprocess

from tests.conftest import EXAMPLE, OFFLINE, ROOT, tree_digest


def make_report(case, build) -> subprocess.CompletedProcess:
    return subprocess.run([*OFFLINE, "make", "-s", "-C", str(ROOT), "report", f"CASE={case}", f"BUILD={build}"],
                          capture_output=True, text=True, timeout=600)


def test_make_report_offline_twice_is_byte_identical(tmp_path):
    if os.environ.get("CI"):
        assert OFFLINE, "CI must prove the build offline: `unshare -n` is not available"
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    first, second = make_report(case, tmp_path / "one"), make_report(case, tmp_path / "two")
    for run in (first, second):
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        assert "Traceback" not in run.stderr
    one = tmp_path / "one" / "child-w"
    two = tmp_path / "two" / "child-w"
    names = {"public/child-w.pdf", "public/child-w.html", "bundle/child-w-submission.zip",
             "bundle/emails/national-panel.eml"}
    digest_one = tree_digest(one / "public", one / "bundle")
    assert names <= set(digest_one), sorted(digest_one)
    assert digest_one == tree_digest(two / "public", two / "bundle")

    mtimes = {path: path.stat().st_mtime_ns for path in two.rglob("*") if path.is_file()}
    again = make_report(case, tmp_path / "two")
    assert again.returncode == 0, again.stderr[-2000:]
    from pipeline.cli import REPORT, STAMPED

    said = " ".join(again.stderr.split())
    for stage in (s for s in REPORT if s in STAMPED):
        assert f"done {stage} is up to date" in said, stage
    assert mtimes == {path: path.stat().st_mtime_ns for path in two.rglob("*") if path.is_file()}, \
        "a no-op make report writes nothing"


def test_report_exits_with_the_code_of_the_stage_that_held(tmp_path, capsys):
    """`lcspr report` (what `make report` runs): a gate that holds is 1, not make's 2, and says where it stopped."""
    from pipeline.cli import main

    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    (case / "redaction" / "decisions.yaml").write_text("decisions: []\n")
    assert main(["report", str(case), "--build-dir", str(tmp_path / "build")]) == 1
    err = capsys.readouterr().err
    assert "report stopped at 'redaction' (exit 1)" in err
    assert "draft: " in err and " s" in err  # each stage says how long it took
    assert not (tmp_path / "build" / "child-w" / "public").exists()


def test_report_stops_at_bad_input_with_2(tmp_path, capsys):
    from pipeline.cli import main

    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    review = case / "review.yaml"
    review.write_text(review.read_text().replace("agencies:", "agencies_misspelt:", 1))
    assert main(["report", str(case), "--build-dir", str(tmp_path / "build")]) == 2
    assert "report stopped at 'validate' (exit 2)" in capsys.readouterr().err


def test_make_shows_the_stage_exit_code(tmp_path):
    """Through make, a held gate still reads as the stage's 1 ("Error 1"), bad input as 2."""
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    (case / "redaction" / "decisions.yaml").write_text("decisions: []\n")
    held = make_report(case, tmp_path / "build")
    assert held.returncode == 2, "make itself always exits 2 when a recipe fails"
    assert "report stopped at 'redaction' (exit 1)" in " ".join(held.stderr.split())
    assert "Error 1" in held.stderr
    review = case / "review.yaml"
    review.write_text(review.read_text().replace("agencies:", "agencies_misspelt:", 1))
    bad = make_report(case, tmp_path / "build")
    assert "report stopped at 'validate' (exit 2)" in " ".join(bad.stderr.split())
    assert "Error 2" in bad.stderr
