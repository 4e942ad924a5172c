"""review.yaml fields that are published are checked against the register before publish writes anything."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# --- the rule in general: any register value, in any published field, is refused ---------------

def _example():
    from tests.conftest import EXAMPLE

    return yaml.safe_load((EXAMPLE / "review.yaml").read_text(encoding="utf-8"))


def _set(data, loc, value):
    for part in loc[:-1]:
        data = data.setdefault(part, {}) if isinstance(part, str) else data[part]
    data[loc[-1]] = value


EXAMPLE_DATA = _example()


def _fields_and_values():
    from pipeline.case.public_fields import public_fields, register_values
    from pipeline.case.schema import Review

    review = Review.model_validate(EXAMPLE_DATA)
    # "Flat 3" alone identifies no one: the register matches it only as part of the address (publish's leak scan
    # still looks for it)
    values = [(label, value) for label, value in register_values(review)
              if not re.fullmatch(r"(?:flat|unit|apartment)\s*\d+\w?", value, re.IGNORECASE)]
    return [loc for loc, _ in public_fields(review)], values


FIELD_LOCS, REGISTER_VALUES = _fields_and_values()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(loc=st.sampled_from(FIELD_LOCS), value=st.sampled_from(REGISTER_VALUES),
       wrap=st.sampled_from(["{}", "About {}.", "{} (see note)", "Contact: {}"]))
def test_any_register_value_in_any_published_field_is_refused(loc, value, wrap, tmp_path):
    import copy

    from pipeline.case.public_fields import refuse_register_values
    from pipeline.case.schema import Review
    from pipeline.errors import BadInput

    data = copy.deepcopy(EXAMPLE_DATA)
    _set(data, loc, wrap.format(value[1]))
    (tmp_path / "review.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(BadInput) as refused:
        refuse_register_values(Review.model_validate(data), tmp_path)
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    assert any(p.field == dotted and p.line for p in refused.value.problems), (loc, value)
