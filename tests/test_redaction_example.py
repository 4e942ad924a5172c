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


def test_example_passes_the_gate_with_its_decisions(tmp_path, capfd):
    case = tmp_path / "child-w"
    shutil.copytree(EXAMPLE, case)
    build = tmp_path / "build"
    draft = build / "child-w" / "internal" / "draft-report.md"
    draft.parent.mkdir(parents=True)
    draft.write_text(assemble_example_draft(case))

    code = main(["redaction", str(case), "--build-dir", str(build)])
    err = capfd.readouterr().err
    assert code == 0, err
    assert "stale" not in err
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
