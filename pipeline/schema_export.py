"""Write templates/review.schema.json from the pydantic model, so editors can autocomplete review.yaml."""
from __future__ import annotations

import json
from pathlib import Path

from .case import Review
from .fileio import write_atomic

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "templates" / "review.schema.json"


def review_schema() -> str:
    schema = Review.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "LCSPR review.yaml"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    write_atomic(SCHEMA_PATH, review_schema())
    print(f"wrote {SCHEMA_PATH}")
