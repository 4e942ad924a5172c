"""Publish refuses placeholder and instruction wording (issue 13, item 3): copying the tool's guidance
or a bracketed placeholder into decisions never reaches public/."""
import json

import pytest

from pipeline.cli import main
from tests.conftest import PUBLIC_REPORT

REFUSED = [
    ("Dr a person (name their role) chaired the meeting.", "(name their role)"),
    ("keep it if it shows no one and nothing identifying; otherwise replace it with words",
     "keep it if it shows no one"),
    ("Child W (born [date of birth withheld]) lived with Mother.", "[date of birth withheld]"),
    ("Mother spoke to \\[removed\\] that week.", "[removed]"),
    ("Mother spoke to [a friend] that week.", "[a friend]"),
]
PUBLISHED = [
    "Mother spoke to a family friend that week.",
    "Mother wrote \"I am fine\" [sic] on the form.",
    "See [the partnership](https://www.northbrook-safeguarding.example.co.uk/reviews) for more.",
]


def publish(ctx, capfd):
    code = main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.out.parent)])
    return code, capfd.readouterr().err


def with_paragraph(paragraph: str) -> str:
    return PUBLIC_REPORT.replace("Agencies saw incidents, not a pattern.", paragraph)


@pytest.mark.parametrize("paragraph, what", REFUSED, ids=[w for _, w in REFUSED])
def test_placeholder_wording_is_refused_naming_the_finding_and_sentence(paragraph, what, published_case, capfd):
    ctx = published_case(with_paragraph(paragraph))
    (ctx.out / "redaction" / "findings.json").write_text(json.dumps({"findings": [
        {"id": "F1234ABCD", "replacement": what, "sentence": "Mother spoke to Kayleigh that week.",
         "after": paragraph}], "changes": []}))
    code, err = publish(ctx, capfd)
    assert code == 1, err
    assert "F1234ABCD" in " ".join(err.split()) and what in err and "nothing was published" in err
    assert not (ctx.out / "public" / "child-w.pdf").exists()


def test_a_bracket_left_open_by_a_replacement_is_refused(published_case, capfd):
    paragraph = "Mother spoke to a (friend that week."
    ctx = published_case(with_paragraph(paragraph))
    (ctx.out / "redaction" / "findings.json").write_text(json.dumps({"findings": [
        {"id": "F0000BEEF", "replacement": "a (friend", "sentence": "Mother spoke to Kayleigh that week.",
         "after": paragraph}], "changes": []}))
    code, err = publish(ctx, capfd)
    assert code == 1 and "F0000BEEF" in err and "unbalanced bracket" in err


@pytest.mark.parametrize("paragraph", PUBLISHED)
def test_readable_text_is_published(paragraph, published_case, capfd):
    ctx = published_case(with_paragraph(paragraph))
    code, err = publish(ctx, capfd)
    assert code == 0, err
