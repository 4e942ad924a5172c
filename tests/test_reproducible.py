"""Two clean builds give byte-identical public/ and bundle/: the files can be checked against
each other, and a rebuild never changes what was sent. The second build runs from another
folder, in another time zone and under another umask, so none of those may leak into output."""
from __future__ import annotations

import os
import shutil
import time

from tests.conftest import EXAMPLE, build_all, tree_digest


def clean_build(root, monkeypatch, tz: str, umask: int) -> dict[str, str]:
    case, build = root / "case", root / "build"
    shutil.copytree(EXAMPLE, case)
    with monkeypatch.context() as patch:
        patch.setenv("TZ", tz)
        time.tzset()
        old = os.umask(umask)
        try:
            build_all(case, build, commands=("publish", "bundle"))
        finally:
            os.umask(old)
    time.tzset()
    out = build / "child-w"
    return tree_digest(out / "public", out / "bundle")


def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = clean_build(tmp_path / "one", monkeypatch, "Europe/London", 0o022)
    second = clean_build(tmp_path / "two" / "elsewhere", monkeypatch, "Pacific/Auckland", 0o077)
    assert {name.split("/")[0] for name in first} == {"public", "bundle"}
    assert len(first) >= 8, first
    assert first == second
