"""The review.yaml schema: documents it accepts, and the exported JSON Schema stays in step."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from pipeline.case.schema import Review, parse_case_date
from pipeline.case.schema import SCHEMA_PATH, review_schema

MINIMAL = {
    "partnership": {"name": "P", "website": "https://example.co.uk", "mailbox": "p@example.co.uk"},
    "review": {"id": "child-x", "title": "LCSPR: Child X", "child_public_name": "Child X",
               "circumstances": "death",
               "dates": {"incident": "2025-01-06", "notification": "2025-01-07", "decision": "2025-02-01",
                         "planned_publication": "2025-12-01"},
               "period": {"start": "2024-01-01", "end": "2025-01-06"}},
    "agencies": [{"id": "police", "name": "Police Force", "public_name": "Police"}],
    "register": {"people": [{"id": "child", "name": "Ann Example", "role": "subject child", "pseudonym": "Child X"}]},
}


def with_change(path: str, value):
    doc = json.loads(json.dumps(MINIMAL))
    *parents, last = path.split(".")
    target = doc
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return doc


@pytest.mark.parametrize("doc", [
    MINIMAL,
    with_change("review.dates.incident", "06/01/2025"),
    with_change("review.dates.incident", "6 January 2025"),
    with_change("review.public_date_policy", "year"),
    with_change("register.places", [{"id": "s", "name": "A School", "kind": "school", "generic": "the school"}]),
    with_change("register.identifiers", [{"id": "n", "kind": "nhs number", "value": "999 765 4323",
                                          "generic": "an NHS number"}]),
    with_change("recommendations", [{"id": "r1", "text": "Do", "owners": ["police"], "due": "31/12/2025"}]),
], ids=["minimal", "day-first date", "long date", "year policy", "a place", "an identifier", "a recommendation"])
def test_valid_documents(doc):
    review = Review.model_validate(doc)
    assert review.review.dates.incident == dt.date(2025, 1, 6)
    assert review.register.people[0].pseudonym == "Child X"


@pytest.mark.parametrize("doc,field", [
    (with_change("register", None), "register"),
    (with_change("agencies", []), "agencies"),
    (with_change("review.circumstances", "injured"), "review.circumstances"),
    (with_change("review.chronology_gap_days", 0), "review.chronology_gap_days"),
    (with_change("review.public_date_policy", "day"), "review.public_date_policy"),
    (with_change("review.dates.incident", "2025-13-01"), "review.dates.incident"),
    (with_change("partnership.colour", "blue"), "partnership.colour"),
], ids=["no register", "no agencies", "circumstances", "gap days", "date policy", "month 13", "unknown key"])
def test_invalid_documents(doc, field):
    with pytest.raises(ValidationError) as caught:
        Review.model_validate(doc)
    assert field in {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}


@pytest.mark.parametrize("text", ["31/02/2025", "14 March", "soon", "2025-02-30"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_case_date(text)


def test_exported_json_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == review_schema(), "run `make schema` and commit the result"


def test_json_schema_documents_the_register():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert "register" in schema["properties"] and "register" in schema["required"]
    assert "pseudonym" in schema["$defs"]["Person"]["required"]
