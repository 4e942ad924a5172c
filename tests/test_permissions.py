"""Confidentiality zones after a whole build: internal/ (real names) and redaction/ (findings in their
sentences) are private to their owner,
and nothing in public/ or bundle/ — including inside the zip, the Word letter and the emails —
holds a value from the register (the project's own leak scan, run over them as a test)."""
from __future__ import annotations

import email
import html
import io
import json
import os
import shutil
import stat
import zipfile
from email import policy
from pathlib import Path

import docx
import pytest
import yaml

from pipeline.case.load import load_case
from pipeline.case.public_fields import register_values
from pipeline.cli import main
from redaction.leakscan import scan_files
from tests.conftest import EXAMPLE, build_all, write_draft_case
from tests.test_draft_checks import PNG

SCANNED = (".pdf", ".html")


def modes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder.parent)): oct(stat.S_IMODE(p.stat().st_mode))
            for p in [folder, *sorted(folder.rglob("*"))]}


def assert_private(internal: Path) -> None:
    found = modes(internal)
    assert len(found) > 10, found          # validate's case.json and the letters are there
    wrong = {name: mode for name, mode in found.items()
             if mode != ("0o700" if (internal.parent / name).is_dir() else "0o600")}
    assert not wrong, wrong


def test_internal_is_private(finished_build):
    case, build = finished_build
    assert_private(build / "child-w" / "internal")


def test_internal_is_private_whatever_the_umask(tmp_path):
    case, build = tmp_path / "case", tmp_path / "build"
    shutil.copytree(EXAMPLE, case)
    old = os.umask(0)
    try:
        build_all(case, build, commands=("validate", "letters"))
    finally:
        os.umask(old)
    assert_private(build / "child-w" / "internal")


def readable_copies(path: Path, into: Path) -> list[Path]:
    """What the leak scan can read from one public file: PDFs and HTML as they are, and the text
    of everything else (zip members, Word documents with their properties, emails and their parts)."""
    into.mkdir(parents=True, exist_ok=True)
    name, data = path.name, path.read_bytes()
    return _readable(name, data, into)


def _readable(name: str, data: bytes, into: Path) -> list[Path]:
    target = into / name
    suffix = Path(name).suffix.lower()
    if suffix in SCANNED:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return [target]
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [p for member in archive.namelist()
                    for p in _readable(member, archive.read(member), into / f"{name}-members")]
    if suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        props = document.core_properties
        text = [props.title or "", props.author or "", props.subject or "", props.keywords or "",
                props.last_modified_by or "", *(p.text for p in document.paragraphs),
                *(cell.text for table in document.tables for row in table.rows for cell in row.cells)]
        return _text_copy(target, "\n".join(text))
    if suffix == ".eml":
        message = email.message_from_bytes(data, policy=policy.default)
        headers = "\n".join(f"{k}: {v}" for k, v in [*message.items(), *message.raw_items()])
        body = message.get_body(preferencelist=("plain",)).get_content()
        parts = [p for part in message.iter_attachments()
                 for p in _readable(part.get_filename(), part.get_content(), into / f"{name}-attachments")]
        return _text_copy(target, headers + "\n" + body) + parts
    return _text_copy(target, data.decode("utf-8"))


def _text_copy(target: Path, text: str) -> list[Path]:
    """Plain text is scanned as HTML text: escape it so a '<' in it is not taken for a tag."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = target.with_name(target.name + ".html")
    copy.write_text(html.escape(text), encoding="utf-8")
    return [copy]


def scan_outputs(build: Path, tmp: Path) -> tuple[list[Path], list]:
    out = build / "child-w"
    files = [p for zone in ("public", "bundle") for p in sorted((out / zone).rglob("*")) if p.is_file()]
    readable = [copy for n, p in enumerate(files) for copy in readable_copies(p, tmp / str(n))]
    review = load_case(EXAMPLE, build, with_files=False).review
    return readable, scan_files(readable, register_values(review), names=[p.name for p in files])


def test_public_and_bundle_hold_no_register_value(finished_build, tmp_path):
    case, build = finished_build
    readable, hits = scan_outputs(build, tmp_path)
    kinds = {Path(p).suffix for p in readable}
    assert {".pdf", ".html"} <= kinds and len(readable) >= 15, readable   # the zip, letter and emails were opened
    assert hits == []


@pytest.mark.parametrize("plant", ["zip-member", "email-subject", "file-name"])
def test_the_scan_finds_a_planted_value(finished_build, tmp_path, plant):
    """Control: the same scan over the same files finds a register value when there is one."""
    case, source = finished_build
    build = tmp_path / "build"
    shutil.copytree(source, build)
    bundle = build / "child-w" / "bundle"
    if plant == "zip-member":
        zip_path = bundle / "child-w-submission.zip"
        with zipfile.ZipFile(zip_path, "a") as archive:
            archive.writestr("notes.txt", "Call Shaz about the meeting.")
    elif plant == "email-subject":
        eml = bundle / "emails" / "ofsted.eml"
        eml.write_bytes(eml.read_bytes().replace(b"Subject: ", b"Subject: NHS number 999 765 4323, ", 1))
    else:
        shutil.copy(bundle / "emails" / "dfe.eml", bundle / "emails" / "willow-hartnell.eml")
    _, hits = scan_outputs(build, tmp_path / "scan")
    assert hits, plant


def test_internal_and_redaction_are_private_under_umask_022(tmp_path, capsys):
    """Draft pictures (pandoc writes Word pictures with the umask), findings and kept pictures: 0700/0600."""
    case, build = write_draft_case(tmp_path / "case"), tmp_path / "build"
    (case / "sections" / "images").mkdir()
    (case / "sections" / "images" / "services.png").write_bytes(PNG)
    overview = case / "sections" / "overview.md"
    overview.write_text(overview.read_text() + "\n![How the services were arranged](images/services.png)\n")
    (case / "sections" / "learning.md").unlink()
    document = docx.Document()
    document.add_paragraph("Agencies now share one plan.")
    document.add_picture(io.BytesIO(PNG))
    document.inline_shapes[0]._inline.docPr.set("descr", "The shared plan")
    document.save(str(case / "sections" / "learning.docx"))
    (case / "redaction").mkdir()
    old = os.umask(0o022)
    try:
        assert main(["draft", str(case), "--build-dir", str(build)]) == 0, capsys.readouterr().err
        assert main(["redaction", str(case), "--build-dir", str(build)]) == 1  # the two pictures await a look
        findings = json.loads((build / "child-w" / "redaction" / "findings.json").read_text())["findings"]
        (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": [
            {"finding": f["id"], "keep": True, "reason": "a diagram; it shows no one",
             "decided_by": "Quality Checker (fictional)", "date": "02/11/2026"}
            for f in findings if f["kind"] == "IMAGE"]}))
        assert main(["redaction", str(case), "--build-dir", str(build)]) == 0, capsys.readouterr().err
    finally:
        os.umask(old)
    out = build / "child-w"
    assert (out / "internal" / "media" / "learning").is_dir() and (out / "redaction" / "media" / "overview").is_dir()
    for zone in ("internal", "redaction"):
        found = modes(out / zone)
        wrong = {name: mode for name, mode in found.items()
                 if mode != ("0o700" if (out / name).is_dir() else "0o600")}
        assert len(found) > 6 and not wrong, (zone, wrong)
