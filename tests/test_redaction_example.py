"""The bundled example end to end: its sections, assembled as the draft stage will, pass the
redaction gate with the example's decisions.yaml, and every planted slip is handled."""
import json
import shutil
from pathlib import Path

import yaml

from pipeline.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "child-w"

SECTION_ORDER = ["introduction", "overview", "family-involvement", "lived-experience", "decisions",
                 "multi-agency-working", "practice-in-general", "doing-differently", "good-practice", "findings",
                 "learning", "glossary"]


def assemble_example_draft(case) -> str:
    """draft-report.md from the example sections and recommendations (until the draft stage lands)."""
    review = yaml.safe_load((case / "review.yaml").read_text())
    parts = [f'---\ntitle: "{review["review"]["title"]}"\nlang: en-GB\n---\n']
    for section in SECTION_ORDER:
        path = case / "sections" / f"{section}.md"
        if path.exists():
            parts.append(f"# {section.replace('-', ' ').capitalize()}\n\n{path.read_text().strip()}\n")
    rows = [f"| {r['id'].upper()} | {' '.join(r['text'].split())} | {r.get('due', '')} |" for r in review["recommendations"]]
    parts.append("# Recommendations\n\n| No. | Recommendation | Due |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


def example_with_draft(tmp_path, extra_decisions: str = ""):
    """A copy of the example, its draft assembled, `extra_decisions` added to its decisions.yaml."""
    case = tmp_path / "child-w"
    shutil.copytree(EXAMPLE, case)
    decisions = case / "redaction" / "decisions.yaml"
    decisions.write_text(decisions.read_text() + extra_decisions)
    build = tmp_path / "build"
    draft = build / "child-w" / "internal" / "draft-report.md"
    draft.parent.mkdir(parents=True)
    draft.write_text(assemble_example_draft(case))
    return case, build


def test_example_passes_the_gate_with_its_decisions(tmp_path, capfd):
    """decisions.yaml serves the report and the anonymised chronology: with both built, none is stale."""
    case, build = example_with_draft(tmp_path)
    assert main(["chronology", str(case), "--build-dir", str(build), "--anonymised"]) == 0
    capfd.readouterr()

    code = main(["redaction", str(case), "--build-dir", str(build)])
    err = capfd.readouterr().err
    assert code == 0, err
    assert "stale" not in err
    assert json.loads((build / "child-w" / "redaction" / "status.json").read_text())["stale_decisions"] == 0
    # a first run has no last run: the second pass after the example's rewrites reuses nothing "from the last run"
    assert ", 0 unchanged from the last run" in err
    public = (build / "child-w" / "redaction" / "public-report.md").read_text()
    for slip in ("Shannon", "Wills", "Deano", "St Aldhelm", "14/02/2018", "07700 900123", "Patricia", "Okonkwo",
                 "Maple Drive", "Robin Ward"):
        assert slip not in public
    for kept in ("Dr Morwenna Fictional", "Northbrook Safeguarding Children Partnership", "Child W", "March 2025"):
        assert kept in public
    status = json.loads((build / "child-w" / "redaction" / "status.json").read_text())
    assert status["pending"] == 0 and status["leftovers"] == 0


UNUSED = """  - value: Zebedee Nonesuch
    replace: a neighbour
    decided_by: Quality Checker (fictional)
    date: 02/11/2026
"""


def stale_warnings(err: str) -> list[str]:
    return [line for line in " ".join(err.split()).split("warning ") if "(stale)" in line]


def test_a_decision_used_by_neither_document_is_stale(tmp_path, capfd):
    case, build = example_with_draft(tmp_path, UNUSED)
    assert main(["chronology", str(case), "--build-dir", str(build), "--anonymised"]) == 0
    capfd.readouterr()
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    [warning] = stale_warnings(capfd.readouterr().err)
    assert "the decision for value 'Zebedee Nonesuch' matches nothing in the report or in the anonymised " \
           "chronology (stale)" in warning
    findings = json.loads((build / "child-w" / "redaction" / "findings.json").read_text())
    assert findings["stale_decisions"] == ["value 'Zebedee Nonesuch'"]


def test_stale_says_what_was_checked_whatever_the_order_of_runs(tmp_path, capfd):
    """Before the anonymised chronology is built, its decisions cannot be told from stale ones: the warning
    says so; after decisions.yaml changes, it says the chronology was checked with the earlier file."""
    case, build = example_with_draft(tmp_path)
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    warnings = stale_warnings(capfd.readouterr().err)
    assert any("value 'Deano' matches nothing in the report (the anonymised chronology has not been built" in w
               for w in warnings)
    assert not any("Maple Drive" in w for w in warnings)  # the report's own decisions are used

    assert main(["chronology", str(case), "--build-dir", str(build), "--anonymised"]) == 0
    decisions = case / "redaction" / "decisions.yaml"
    decisions.write_text(decisions.read_text() + UNUSED)
    capfd.readouterr()
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    [warning] = stale_warnings(capfd.readouterr().err)
    assert "value 'Zebedee Nonesuch' matches nothing in the report, nor in the anonymised chronology as built " \
           "before decisions.yaml last changed" in warning
