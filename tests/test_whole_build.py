"""The whole `make report` on the example, with no network at all, twice: both builds pass and
their public/ and bundle/ are byte-identical."""
from __future__ import annotations

import os
import shutil
import subprocess

from tests.conftest import EXAMPLE, OFFLINE, ROOT, tree_digest


def make_report(case, build) -> subprocess.CompletedProcess:
    return subprocess.run([*OFFLINE, "make", "-s", "-C", str(ROOT), "report", f"CASE={case}", f"BUILD={build}"],
                          capture_output=True, text=True, timeout=600)


def test_make_report_offline_twice_is_byte_identical(tmp_path):
    if os.environ.get("CI"):
        assert OFFLINE, "CI must prove the build offline: `unshare -n` is not available"
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    first, second = make_report(case, tmp_path / "one"), make_report(case, tmp_path / "two")
    for run in (first, second):
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        assert "Traceback" not in run.stderr
    one = tmp_path / "one" / "child-w"
    two = tmp_path / "two" / "child-w"
    names = {"public/child-w.pdf", "public/child-w.html", "bundle/child-w-submission.zip",
             "bundle/emails/national-panel.eml"}
    digest_one = tree_digest(one / "public", one / "bundle")
    assert names <= set(digest_one), sorted(digest_one)
    assert digest_one == tree_digest(two / "public", two / "bundle")
