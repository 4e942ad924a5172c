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
    stamps = tmp_path / "build" / "child-w" / ".stamps"
    assert oct(os.stat(stamps / "letters.json").st_mode & 0o777) == "0o600"


# --- every stage that writes files: `lcspr report` again runs only what an edit touched -------------

import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from rich.console import Console  # noqa: E402

from pipeline import messages  # noqa: E402
from pipeline.cli import REPORT, STAGES, STAMPED, build_parser  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402


@pytest.fixture(scope="module")
def built_example(tmp_path_factory):
    """The example case and its build folder after one whole `lcspr report`."""
    work = tmp_path_factory.mktemp("built")
    shutil.copytree(EXAMPLE, work / "case")
    assert main(["report", str(work / "case"), "--build-dir", str(work / "build")]) == 0
    return work


@pytest.fixture
def built_copy(built_example, tmp_path):
    """A copy of the built example, case and build folder both: the stamps hold in the copy."""
    shutil.copytree(built_example / "case", tmp_path / "case")
    shutil.copytree(built_example / "build", tmp_path / "build")
    return tmp_path


def stages_that_ran(capfd, work) -> set[str]:
    capfd.readouterr()
    assert main(["report", str(work / "case"), "--build-dir", str(work / "build")]) == 0
    err = capfd.readouterr().err
    skipped = set(re.findall(r"done (\S+) is up to date", err))
    return {stage for stage in REPORT if stage in STAMPED} - skipped, err


def add_comment(path):
    path.write_text(path.read_text(encoding="utf-8") + "\n# checked again\n", encoding="utf-8")


def edit_section(case):
    section = case / "sections" / "overview.md"
    section.write_text(section.read_text(encoding="utf-8").replace("quiet, artistic child", "quiet and artistic child"),
                       encoding="utf-8")


def edit_chronology(case):
    csv = case / "chronologies" / "education.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Reception year attendance 91%", b"Reception year attendance 90%"))


def date_stamps_yesterday(case):
    for stage in ("letters", "bundle"):
        stamp = case.parent / "build" / "child-w" / ".stamps" / f"{stage}.json"
        saved = json.loads(stamp.read_text())
        stamp.write_text(json.dumps({**saved, "today": "2000-01-01"}))


@pytest.mark.parametrize("edit, ran", [
    (lambda case: None, set()),
    (edit_section, {"validate", "draft", "redaction", "publish", "bundle"}),
    # the briefing's record names the decisions file it was made from, and the bundle checks that record
    (lambda case: add_comment(case / "redaction" / "decisions.yaml"), {"redaction", "publish", "briefing", "bundle"}),
    # the draft shows the timeline, whose marks carry each event's text; the draft's text is the same, so the
    # redaction (and all after it) is up to date
    (edit_chronology, {"validate", "chronology", "draft"}),
    (date_stamps_yesterday, {"letters", "bundle"}),
], ids=["nothing", "a section", "decisions.yaml", "a chronology", "a new day"])
def test_report_again_runs_only_the_stages_an_edit_touched(built_copy, capfd, edit, ran):
    edit(built_copy / "case")
    assert stages_that_ran(capfd, built_copy)[0] == ran


def test_up_to_date_repeats_the_warning_it_gave(built_copy, capfd):
    ran, err = stages_that_ran(capfd, built_copy)
    assert not ran
    assert "done chronology is up to date" in " ".join(err.split())
    assert "not one of the Appendix 10 kinds" in " ".join(err.split()), "the warning still holds, so it is said again"


def test_a_stamp_never_vouches_for_another_case_folder(case_copy, tmp_path, capfd):
    build = str(tmp_path / "build")
    assert "is valid" in run(capfd, "validate", str(case_copy), "--build-dir", build)
    other = tmp_path / "other"
    shutil.copytree(case_copy, other)
    assert "up to date" in run(capfd, "validate", str(other), "--build-dir", build), "the same files: same case.json"
    add_comment(other / "review.yaml")
    assert "is valid" in run(capfd, "validate", str(other), "--build-dir", build)


def test_a_build_folder_inside_the_case_is_not_an_input(case_copy, capfd):
    build = str(case_copy / "build")
    assert "is valid" in run(capfd, "validate", str(case_copy), "--build-dir", build)
    assert "up to date" in run(capfd, "validate", str(case_copy), "--build-dir", build)


def test_every_stage_that_writes_files_names_what_it_reads_and_writes():
    parser = build_parser()
    for command in STAGES:
        module = importlib.import_module(f"pipeline.stages.{command.replace('-', '_')}")
        stamped = hasattr(module, "inputs") and hasattr(module, "outputs")
        assert stamped == (command in STAMPED), command
        if command in STAMPED:
            assert parser.parse_args([command, "case", "--force"]).force


def test_a_long_stage_shows_a_bar_on_a_terminal_and_one_line_otherwise(monkeypatch):
    for terminal, expected in ((True, "draft (about 3 s last time)"), (False, "draft: running (about 3 s last time)")):
        out = io.StringIO()
        monkeypatch.setattr(messages, "console", Console(file=out, force_terminal=terminal, width=100))
        with messages.progress("draft", 3.0):
            time.sleep(0.3)
        assert expected in out.getvalue()
    out = io.StringIO()
    monkeypatch.setattr(messages, "console", Console(file=out, force_terminal=True, width=100))
    with messages.progress("validate", 0.1):
        pass
    assert out.getvalue() == "", "a quick stage shows no bar"


_reads: list[str] | None = None


def _note_reads(event: str, args: tuple) -> None:
    if _reads is None or event != "open" or not isinstance(args[0], (str, os.PathLike)):
        return
    mode, flags = args[1], args[2]
    reading = (not any(c in mode for c in "wax+")) if isinstance(mode, str) else (flags & os.O_ACCMODE) == os.O_RDONLY
    if reading:
        _reads.append(os.fspath(args[0]))


sys.addaudithook(_note_reads)


def covered(path: Path, stamp: dict, roots: dict[str, Path]) -> bool:
    """Is `path` one of the stamp's inputs (a file, or inside a folder and not in a skipped subfolder) or outputs?"""
    def absolute(text):
        name, _, relative = text.partition(":")
        return roots[name] / relative
    for item in stamp["inputs"]:
        if "file" in item and absolute(item["file"]) == path:
            return True
        if "folder" in item and path.is_relative_to(absolute(item["folder"])):
            first = path.relative_to(absolute(item["folder"])).parts[0]
            if first not in item["skip"]:
                return True
    return any(absolute(p) == path for p in stamp["outputs"])


def test_every_file_a_stage_reads_is_one_of_its_inputs(case_copy, tmp_path):
    """A stage that read a file its stamp does not name would be called up to date after that file changed.

    Every file a stage opens for reading, inside the case or its build folder, while it runs, must be one of
    the inputs (or its own outputs: the reviewer's notes are read back from the workbook) its stamp records.
    Hidden files (stamps, staging folders) and the redaction's analysis cache are the build's own bookkeeping.
    """
    global _reads
    build = tmp_path / "build"
    roots = {"case": case_copy.resolve(), "build": (build / "child-w").resolve()}
    for stage in [s for s in REPORT if s in STAMPED] + ["rapid-review", "timetable"]:
        _reads = []
        try:
            assert main([stage, str(case_copy), "--build-dir", str(build), "--force"]) == 0, stage
        finally:
            read, _reads = _reads, None
        stamp = json.loads((build / "child-w" / ".stamps" / f"{stage}.json").read_text())
        unnamed = set()
        for text in read:
            path = Path(text).resolve()
            inside = next((root for root in roots.values() if path.is_relative_to(root)), None)
            if inside is None or any(part.startswith(".") for part in path.relative_to(inside).parts):
                continue
            if path.name != "analysis-cache.json" and not covered(path, stamp, roots):
                unnamed.add(str(path.relative_to(inside)))
        assert not unnamed, f"{stage} reads files its stamp does not name: {sorted(unnamed)}"
