"""review.yaml fields that are published are checked against the register before publish writes anything."""
from __future__ import annotations

import pytest
import yaml

from pipeline.cli import main

FIELDS = {  # change to review.yaml -> the field the message must name
    "date of birth in the summary": (lambda d: d["review"].update(summary="Born 14/02/2018, Child W lived with Mother."),
                                     "review.summary", "date of birth of register person 'child'"),
    "school in a recommendation": (lambda d: d["recommendations"][0].update(
                                       text="St Aldhelm's C of E Primary School reviews its attendance policy"),
                                   "recommendations[0].text", "register place 'school'"),
    "phone number as the reviewer's phone": (lambda d: d["review"]["lead_reviewers"][0].update(phone="07700 900987"),
                                             "review.lead_reviewers[0].phone", "register identifier 'partner-phone'"),
}


@pytest.mark.parametrize("name", FIELDS)
def test_publish_refuses_a_register_value_in_a_published_field(name, published_case, tmp_path, capfd):
    change, field, entry = FIELDS[name]
    ctx = published_case()
    path = ctx.case_dir / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 2
    err = " ".join(capfd.readouterr().err.split())
    assert f"field '{field}'" in err and entry in err and "review.yaml, line " in err
    assert not (ctx.out / "public").exists()


def test_the_example_case_has_no_register_value_in_a_published_field(published_case):
    ctx = published_case()
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 0
