"""The redaction stage through `lcspr redaction`: the gate, decisions, traps, cache, no network."""
import json
import os
import re
import socket

import pytest
import yaml

from pipeline.cli import main
from tests import test_browser as browser_check

PLANTED = {
    "Overview": (
        "Shannon Hartnell told the Health Visitor on 14 March 2024 that Dean Corrigan had moved in. "
        "Jade Thompson, a neighbour, rang the Police. Child W attended St Aldhelm's Primary.\n\n"
        "## Willow's school\n\nSection 47 enquiries began in March 2024 under Working Together 2023. "
        "[Dean's page](https://www.facebook.com/deano_c90) was seen.\n\n"
        "| Date | Event |\n| --- | --- |\n| 03/04/2024 | Seen at Rainbow Ward with Mother |\n"),
    "Findings": "Child W's voice was rarely recorded.",
}


def run(case, build, capfd):
    code = main(["redaction", str(case), "--build-dir", str(build)])
    return code, capfd.readouterr().err


def decide_all(case, build, **extra):
    findings = json.loads((build / "child-w" / "redaction" / "findings.json").read_text())["findings"]
    decisions = [{"finding": f["id"], "replace": "a neighbour" if f["kind"] == "PERSON" else "a hospital ward",
                  "decided_by": "Quality Checker (fictional)", "date": "02/11/2026"} for f in findings]
    (case / "redaction").mkdir(exist_ok=True)
    (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": decisions + extra.get("more", [])}))
    return findings


def test_missing_draft_says_run_make_draft(redaction_case, capfd):
    case, build, _ = redaction_case
    code, err = run(case, build, capfd)
    assert code == 2 and "make draft" in err


def test_pending_findings_hold_the_gate_then_decisions_release_it(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft(PLANTED)
    out = build / "child-w" / "redaction"
    code, err = run(case, build, capfd)
    assert code == 1
    assert "2 finding(s) await a decision" in err and "findings.html" in err
    assert json.loads((out / "status.json").read_text())["pending"] == 2
    assert not (out / "public-report.md").exists()
    html = (out / "findings.html").read_text()
    assert "<mark>Jade Thompson</mark>" in html and "<mark>Shannon Hartnell</mark>" in html

    kinds = {f["kind"] for f in decide_all(case, build)}
    assert kinds == {"PERSON", "NAMED_PLACE"}
    code, err = run(case, build, capfd)
    assert code == 0, err
    public = (out / "public-report.md").read_text()
    for real in ("Shannon", "Hartnell", "Dean", "Corrigan", "Willow", "Jade", "Thompson", "Aldhelm", "deano",
                 "Rainbow", "14 March 2024", "03/04/2024"):
        assert real not in public
    for kept in ("Child W", "Mother", "Mr C", "Section 47", "Working Together 2023", "March 2024",
                 "Health Visitor", "Police", "# Child W's school",
                 "[Mr C's page](a-social-media-account)"):
        assert kept in public
    assert json.loads((out / "status.json").read_text())["pending"] == 0

    # editing the draft so a finding disappears makes its decision stale, and a new finding holds the gate again
    write_draft({"Overview": "Mother met Kerry Ashdown, a friend.", "Findings": "Child W was not heard."})
    code, err = run(case, build, capfd)
    assert code == 1 and "stale" in err and "1 finding(s) await" in err
    assert not (out / "public-report.md").exists()


def test_false_positive_traps_pass_untouched(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft()
    code, err = run(case, build, capfd)
    assert code == 0, err
    public = (build / "child-w" / "redaction" / "public-report.md").read_text()
    for trap in ("Child W", "Mother", "Mr C", "Sibling", "Maternal Grandmother", "Section 47",
                 "Working Together to Safeguard Children 2023", "March 2024", "March 2025", "MASH",
                 "child protection conference", "Northbrook Safeguarding Children Partnership",
                 "Children's Social Care", "Dr Morwenna Fictional", "Child W's DOB", "recorded NFA"):
        assert trap in public


def test_bad_decisions_file_names_the_line(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft()
    (case / "redaction").mkdir()
    (case / "redaction" / "decisions.yaml").write_text(
        "decisions:\n  - value: Jade\n    keep: true\n    decided_by: QC\n    date: 02/11/2026\n")
    code, err = run(case, build, capfd)
    assert code == 2 and "line 2" in err and "reason" in err


def test_editing_one_paragraph_reanalyses_one_paragraph(redaction_case, redaction_sections, capfd):
    case, build, write_draft = redaction_case
    write_draft()
    run(case, build, capfd)
    edited = dict(redaction_sections, Findings=redaction_sections["Findings"] + " Sibling was not seen.")
    write_draft(edited)
    code, err = run(case, build, capfd)
    assert code == 0
    assert "analysed 1 paragraph(s)" in err


def test_the_whole_stage_opens_no_network_connection(redaction_case, capfd, monkeypatch):
    case, build, write_draft = redaction_case
    write_draft(PLANTED)

    def refuse(*args, **kwargs):
        raise AssertionError("the redaction stage tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    code, err = run(case, build, capfd)
    assert code == 1 and "network" not in err and "internal error" not in err


def test_recommendation_due_dates_stay_exact_while_family_dates_follow_the_policy(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": "Mother took Child W to the GP on 14 March 2024.",
                 "Recommendations": "| r1 | Train staff. | Police | 30 June 2027 |"})
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    public = (build / "child-w" / "redaction" / "public-report.md").read_text(encoding="utf-8")
    assert "in March 2024" in public and "14 March 2024" not in public
    assert "30 June 2027" in public


CONFIDENCE = [  # (kind, score) -> what findings.html says
    ("PERSON", 0.85, "likely a person's name"),
    ("UK_POSTCODE", 0.7, "possibly a postcode"),
    ("LOCATION", 0.45, "perhaps a place"),
    ("REGISTER_AMBIGUOUS", 1.0, "a name several people in the register share"),
    ("IMAGE", 1.0, "a picture (look at it)"),
]


@pytest.mark.parametrize("entity, score, words", CONFIDENCE, ids=[c[0] for c in CONFIDENCE])
def test_confidence_is_said_in_words(entity, score, words):
    from pipeline.case.anonymiser import confidence_in_words
    assert confidence_in_words(entity, score) == words


def test_findings_html_shows_no_bare_scores(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft(PLANTED)
    run(case, build, capfd)
    html = (build / "child-w" / "redaction" / "findings.html").read_text()
    assert not re.search(r"\b[01]\.\d\d\b", html)
    assert "likely a person&#39;s name" in html


@pytest.mark.skipif(not (browser_check.CHROMIUM and browser_check.AXE.exists()) and not os.environ.get("CI"),
                    reason="needs chromium and node_modules/axe-core: run `make test`")
def test_findings_html_has_no_wcag_violations(redaction_case, capfd, tmp_path):
    case, build, write_draft = redaction_case
    write_draft(PLANTED)
    run(case, build, capfd)
    assert browser_check.axe_violations(build / "child-w" / "redaction" / "findings.html", tmp_path) == []
