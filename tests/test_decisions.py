"""The checker controls every change in context (issue 13, item 5; issue 18, items 8 and 9):
change ids, rewrites, value decisions on register aliases, bounded keeps, plain-text replacements."""
import datetime as dt
import json

import pytest
import yaml

from pipeline.cli import main
from redaction.anonymise import anonymise
from redaction.decisions import Decision, DecisionsError, parse_decisions

WHEN = dt.date(2026, 11, 2)


def decision(i=0, **fields) -> Decision:
    return Decision(i, fields.pop("finding", None), fields.pop("value", None), fields.pop("replace", None),
                    fields.pop("reason", ""), "Quality Checker (fictional)", WHEN, **fields)


def run(text, register, allowlist, analyzer, decisions=()):
    return anonymise(text, register, allowlist, analyzer, decisions=list(decisions))


def test_every_automatic_change_has_a_stable_id_and_a_change_decision_rewords_one_place(
        example_register, example_allowlist, analyzer):
    text = "Shannon rang the school. Later Shannon rang the GP."
    first = run(text, example_register, example_allowlist, analyzer)
    ids = [c.id for c in first.changes]
    assert len(set(ids)) == 2 and all(i.startswith("C") for i in ids)
    assert [c.id for c in run(text, example_register, example_allowlist, analyzer).changes] == ids
    second = run(text, example_register, example_allowlist, analyzer,
                 [decision(change=ids[1], replace="Child W's mother")])
    assert second.public_text == "Mother rang the school. Later Child W's mother rang the GP."
    assert second.stale == [] and second.changes[1].after == "Later Child W's mother rang the GP."


def test_a_value_decision_on_a_register_alias_applies_to_its_places_and_is_not_stale(
        example_register, example_allowlist, analyzer):
    outcome = run("Nanna Mo collected Child W. Maureen Hartnell rang.", example_register, example_allowlist,
                  analyzer, [decision(value="Nanna Mo", replace="her grandmother")])
    assert outcome.public_text == "Her grandmother collected Child W. Maternal Grandmother rang." or \
        outcome.public_text == "her grandmother collected Child W. Maternal Grandmother rang."
    assert outcome.stale == []


def test_a_date_change_can_be_kept_in_its_one_place(example_register, example_allowlist, analyzer):
    text = "The review began on 14 March 2024. Mother moved on 2 May 2024."
    first = run(text, example_register, example_allowlist, analyzer)
    kept = first.changes[0].id
    outcome = run(text, example_register, example_allowlist, analyzer,
                  [decision(change=kept, reason="the partnership's own date")])
    assert outcome.public_text == "The review began on 14 March 2024. Mother moved in May 2024."


SENTENCE = "Her teachers called her Wills, and she liked it. She was often tired."


def test_a_rewrite_replaces_the_whole_sentence_and_covers_what_was_in_it(example_register, example_allowlist,
                                                                        analyzer):
    [finding] = run(SENTENCE, example_register, example_allowlist, analyzer).findings
    outcome = run(SENTENCE, example_register, example_allowlist, analyzer,
                  [decision(finding=finding.id, rewrite="Her teachers used a name from home for her.")])
    assert outcome.public_text == "Her teachers used a name from home for her. She was often tired."
    assert outcome.pending == [] and outcome.stale == [] and len(outcome.rewritten) == 1


def test_a_rewritten_sentence_is_checked_by_the_detectors(example_register, example_allowlist, analyzer):
    [finding] = run(SENTENCE, example_register, example_allowlist, analyzer).findings
    outcome = run(SENTENCE, example_register, example_allowlist, analyzer,
                  [decision(finding=finding.id, rewrite="Kayleigh Brightwater called her by a pet name.")])
    assert [f.text for f in outcome.pending] == ["Kayleigh Brightwater"]


def test_a_rewritten_sentence_naming_a_register_value_is_an_error_naming_the_decision(
        example_register, example_allowlist, analyzer):
    [finding] = run(SENTENCE, example_register, example_allowlist, analyzer).findings
    with pytest.raises(DecisionsError) as raised:
        run(SENTENCE, example_register, example_allowlist, analyzer,
            [decision(3, finding=finding.id, rewrite="Her teachers called Willow by a pet name.")])
    [(where, message, _)] = raised.value.problems
    assert where == ("decisions", 3, "rewrite") and "Willow" in message


def test_a_rewrite_by_a_change_id(example_register, example_allowlist, analyzer):
    text = "Maureen Hartnell brought Child W to school. She was on time."
    [change] = run(text, example_register, example_allowlist, analyzer).changes
    outcome = run(text, example_register, example_allowlist, analyzer,
                  [decision(change=change.id, rewrite="Child W's grandmother brought her to school.")])
    assert outcome.public_text == "Child W's grandmother brought her to school. She was on time."


def test_a_rewrite_in_a_table_rewrites_its_cell(example_register, example_allowlist, analyzer):
    text = "| Date | Event |\n| --- | --- |\n| 03/2024 | Mother said \"Wills\" was her name at home. Seen. |\n"
    [finding] = run(text, example_register, example_allowlist, analyzer).findings
    outcome = run(text, example_register, example_allowlist, analyzer,
                  [decision(finding=finding.id, rewrite="Mother spoke about a name from home.")])
    assert outcome.public_text == ("| Date | Event |\n| --- | --- |\n| 03/2024 | Mother spoke about a name from home. "
                                   "Seen. |\n")


TWO_JADES = "Mother's friend Jade rang the school."
NEW_JADE = " Weeks later Jade visited the home."


def test_a_keep_by_value_covers_the_places_it_was_decided_on_and_a_new_one_waits(example_register,
                                                                                 example_allowlist, analyzer):
    [jade] = run(TWO_JADES, example_register, example_allowlist, analyzer).findings
    keep = decision(value="Jade", reason="a first name alone identifies no one here", covers=(jade.id,))
    assert run(TWO_JADES, example_register, example_allowlist, analyzer, [keep]).pending == []
    outcome = run(TWO_JADES + NEW_JADE, example_register, example_allowlist, analyzer, [keep])
    [new] = outcome.pending
    assert new.text == "Jade" and new.new == keep and "Weeks later" in new.context.sentence
    replace = decision(value="Jade", replace="a friend")
    assert run(TWO_JADES + NEW_JADE, example_register, example_allowlist, analyzer, [replace]).pending == []


def test_a_keep_by_value_written_before_covers_existed_still_keeps_text(example_register, example_allowlist,
                                                                        analyzer):
    keep = decision(value="Jade", reason="a first name alone identifies no one here")
    assert run(TWO_JADES + NEW_JADE, example_register, example_allowlist, analyzer, [keep]).pending == []


def test_the_stage_says_a_keep_without_covers_keeps_new_places_too_and_a_new_place_waits(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": TWO_JADES})
    redaction(case, build, capfd)
    [jade] = findings_json(build)["findings"]
    write_decisions(case, {"value": "Jade", "keep": True, "reason": "a first name alone identifies no one"})
    code, err = redaction(case, build, capfd)
    assert code == 0 and "keeps every place with that value, new ones too" in err and "line 2" in err
    write_decisions(case, {"value": "Jade", "keep": True, "reason": "a first name alone identifies no one",
                           "covers": [jade["id"]]})
    write_draft({"Overview": TWO_JADES + NEW_JADE})
    code, err = redaction(case, build, capfd)
    assert code == 1 and "does not cover 1 new place(s)" in err
    html = (build / "child-w" / "redaction" / "findings.html").read_text()
    assert "new: not among the places the keep for value &#39;Jade&#39;" in html


ODD_WORDING = ["[removed]", "see ![a photo](other.png) here", "a (picture", "**bold** _and_ `code` | pipe",
               "<b>tag</b>", "# heading"]


@pytest.mark.parametrize("wording", ODD_WORDING)
def test_a_replacement_is_published_as_the_characters_written(wording, example_register, example_allowlist,
                                                              analyzer):
    text = "Child W drew this.\n\n![A drawing](media/house.png)\n"
    [image] = run(text, example_register, example_allowlist, analyzer).findings
    outcome = run(text, example_register, example_allowlist, analyzer, [decision(finding=image.id, replace=wording)])
    assert outcome.images == [] and "\\" in outcome.public_text or wording == "a (picture"
    import pypandoc
    shown = pypandoc.convert_text(outcome.public_text, "plain", format="markdown", extra_args=["--wrap=none"])
    assert wording in shown


@pytest.mark.parametrize("alt", ["A drawing by Willow Hartnell, born 14/02/2018", "A [big] house by Wills",
                                 "A house by Child W (age six)"])
def test_odd_alt_text_keeps_the_image_whole(alt, example_register, example_allowlist, analyzer):
    text = f"Child W drew this.\n\n![{alt}](media/house.png)\n"
    outcome = run(text, example_register, example_allowlist, analyzer)
    assert [f.entity for f in outcome.findings if f.entity == "IMAGE"] == ["IMAGE"]
    image = next(f for f in outcome.findings if f.entity == "IMAGE")
    keep = decision(finding=image.id, reason="a drawing of a house", covers=None)
    assert run(text, example_register, example_allowlist, analyzer, [keep]).images == \
        [("media/house.png", "media/house.png")]


BAD = [
    ({"value": "Jade", "replace": "a friend\nand more"}, "more than one line"),
    ({"value": "Jade", "rewrite": "A sentence."}, "not 'value:'"),
    ({"finding": "F12345678", "replace": "a friend", "covers": ["F12345678"]}, "'covers:' belongs"),
    ({"value": "Jade", "keep": True, "reason": "r", "covers": ["Jade"]}, "must list finding ids"),
    ({"change": "C12345678", "finding": "F12345678", "replace": "x"}, "exactly one of 'finding:'"),
    ({"change": "C12345678", "replace": "x", "rewrite": "y"}, "exactly one of 'replace"),
]


@pytest.mark.parametrize("entry, message", BAD, ids=[m for _, m in BAD])
def test_bad_decisions_are_named(entry, message):
    entry = {**entry, "decided_by": "QC", "date": "02/11/2026"}
    with pytest.raises(DecisionsError) as raised:
        parse_decisions({"decisions": [entry]})
    assert any(message in p[1] for p in raised.value.problems), raised.value.problems


# --- through the CLI -------------------------------------------------------------------------

def redaction(case, build, capfd):
    code = main(["redaction", str(case), "--build-dir", str(build)])
    return code, capfd.readouterr().err


def write_decisions(case, *entries):
    (case / "redaction").mkdir(exist_ok=True)
    entries = [{**e, "decided_by": "Quality Checker (fictional)", "date": "02/11/2026"} for e in entries]
    (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": entries}))


def findings_json(build):
    return json.loads((build / "child-w" / "redaction" / "findings.json").read_text())


def test_odd_wording_and_alt_text_never_crash_the_stage(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": "Child W drew this.\n\n![A drawing by Willow, born 14/02/2018](media/a.png)\n\n"
                             "![A [big] house](media/b.png)\n"})
    code, err = redaction(case, build, capfd)
    assert code == 1 and "internal error" not in err
    images = [f for f in findings_json(build)["findings"] if f["kind"] == "IMAGE"]
    assert len(images) == 2
    write_decisions(case, *({"finding": f["id"], "replace": "![x](y.png) [removed] (a"} for f in images))
    code, err = redaction(case, build, capfd)
    assert code == 0 and "internal error" not in err, err
    public = (build / "child-w" / "redaction" / "public-report.md").read_text()
    assert "media/" not in public and "!\\[x\\](y.png) \\[removed\\] (a" in public


def test_a_rewrite_naming_a_register_value_is_bad_input_at_its_line(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": SENTENCE})
    redaction(case, build, capfd)
    [finding] = findings_json(build)["findings"]
    write_decisions(case, {"finding": finding["id"], "rewrite": "Her teachers called her Wills."})
    code, err = redaction(case, build, capfd)
    assert code == 2 and "line 5" in err and "'Wills' from the register" in err


def test_findings_html_shows_before_and_after_section_and_kind_in_words(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": "Mother's friend Kayleigh Brightwater rang on 07700 900461. "
                             "Later 07700 900461 rang again.",
                 "Findings": "Maureen Hartnell, Maternal Grandmother, rang the school on 14 March 2024."})
    redaction(case, build, capfd)
    html = (build / "child-w" / "redaction" / "findings.html").read_text()
    assert "a person&#39;s name" in html and "SpacyRecognizer" not in html and "UK_PHONE" not in html
    assert "&ldquo;07700 900461&rdquo;: 2 place(s), one decision by value covers them" in html
    assert "<td>Overview</td>" in html and "<td>Findings</td>" in html
    assert "Maternal Grandmother rang the school in March 2024." in html  # after
    changes = findings_json(build)["changes"]
    assert {c["id"][0] for c in changes} == {"C"} and all(c["id"] in html for c in changes)


def test_a_rewrite_through_the_stage_is_published_and_shown_before_and_after(redaction_case, capfd):
    case, build, write_draft = redaction_case
    write_draft({"Overview": SENTENCE})
    redaction(case, build, capfd)
    [finding] = findings_json(build)["findings"]
    write_decisions(case, {"finding": finding["id"], "rewrite": "Her teachers used a name from home for her."})
    code, err = redaction(case, build, capfd)
    assert code == 0 and "stale" not in err, err
    assert "Her teachers used a name from home for her. She was often tired." in \
        (build / "child-w" / "redaction" / "public-report.md").read_text()
    html = (build / "child-w" / "redaction" / "findings.html").read_text()
    assert "Sentences rewritten by a decision" in html and "called her Wills" in html
