# --- redaction -------------------------------------------------------------------------
# A case folder in tmp_path holding the example review.yaml, placeholder chronologies (so the
# case validates) and build/<id>/internal/draft-report.md assembled from section texts the
# way the draft stage does (title block, one level-1 heading per section, no explicit ids).
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-w"

REDACTION_SECTIONS = {
    "Introduction": (
        "This review was commissioned by the Northbrook Safeguarding Children Partnership after Child W was "
        "seriously injured in March 2025. The Independent Lead Reviewer is Dr Morwenna Fictional. The review "
        "followed Working Together to Safeguard Children 2023 and considered Section 47 enquiries, the MASH "
        "and each child protection conference."),
    "Overview": (
        "Child W lived with Mother and Sibling. In March 2024 Mother told the Health Visitor that Mr C had "
        "moved in. Children's Social Care and Police shared information through the MASH.\n\n"
        "## Moving house\n\nThe family moved to a new address in the autumn. Education was not told for "
        "several weeks, and the GP practice continued to write to the previous address."),
    "Findings": (
        "Practitioners saw incidents rather than a pattern. Child W's voice was rarely recorded, and "
        "Maternal Grandmother's concerns were not followed up."),
}


def assemble_draft(title: str, sections: dict[str, str]) -> str:
    """A draft-report.md as the draft stage writes it (tests only)."""
    parts = [f'---\ntitle: "{title}"\nlang: en-GB\n---\n']
    parts += [f"# {heading}\n\n{text.strip()}\n" for heading, text in sections.items()]
    return "\n".join(parts)


@pytest.fixture
def redaction_case(tmp_path):
    """(case folder, build root, write_draft(sections)) for the redaction stage."""
    case = tmp_path / "case"
    (case / "chronologies").mkdir(parents=True)
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    review = yaml.safe_load((case / "review.yaml").read_text())
    for agency in review["agencies"]:
        (case / "chronologies" / f"{agency['id']}.csv").write_text("Date,Source,Event\n")
    build = tmp_path / "build"

    def write_draft(sections: dict[str, str] = REDACTION_SECTIONS) -> Path:
        draft = build / review["review"]["id"] / "internal" / "draft-report.md"
        draft.parent.mkdir(parents=True, exist_ok=True)
        draft.write_text(assemble_draft(review["review"]["title"], sections), encoding="utf-8")
        return draft

    return case, build, write_draft


@pytest.fixture(scope="session")
def example_register():
    from pipeline.case import Review
    from pipeline.redact import register_from

    return register_from(Review.model_validate(yaml.safe_load((EXAMPLE / "review.yaml").read_text())))


@pytest.fixture(scope="session")
def analyzer():
    from redaction.analyzer import Analyzer

    return Analyzer()
# --- end redaction ---------------------------------------------------------------------
