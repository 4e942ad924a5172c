"""Killed mid-run (SIGKILL, no chance to clean up), publish and bundle leave every output either
as it was or complete and new, never truncated, nothing new a user would take for output (only
dot-files: temporary files, which the bundle never reads), and the next run finishes.

The previous build publishes text A; the killed run publishes text B. Each public/ and bundle/
file must afterwards be byte-identical to A's or to B's (from clean reference builds).
"""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import EXAMPLE, PUBLIC_REPORT, lcspr_command, stage_public_text, tree_digest

TEXT_A = PUBLIC_REPORT
TEXT_B = PUBLIC_REPORT + "\n# Learning\n\nAgencies will share changes of address within five working days.\n"
SEEDS = range(4)


def run_timed(command: str, case: Path, build: Path) -> float:
    start = time.monotonic()
    done = subprocess.run(lcspr_command(command, str(case), "--build-dir", str(build)), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


def outputs(build: Path) -> dict[str, str]:
    """public/ and bundle/ without dot-files: what a user would publish or send."""
    return {name: sha for name, sha in tree_digest(build / "child-w" / "public", build / "child-w" / "bundle").items()
            if not any(part.startswith(".") for part in Path(name).parts)}


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """Clean builds of text A and text B, and how long each stage takes on this machine now."""
    root = tmp_path_factory.mktemp("interruption")
    case = root / "case"
    case.mkdir()
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    built, seconds = {}, {}
    for name, text in (("A", TEXT_A), ("B", TEXT_B)):
        build = root / f"build-{name}"
        stage_public_text(case, build, text)
        seconds["publish"] = run_timed("publish", case, build)
        seconds["bundle"] = run_timed("bundle", case, build)
        built[name] = build
    return case, built, seconds


def kill_after(command: str, case: Path, build: Path, delay: float) -> None:
    process = subprocess.Popen(lcspr_command(command, str(case), "--build-dir", str(build)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)   # the lcspr process itself (unshare execs into it)
        process.wait()


def assert_old_or_new(build: Path, old: dict[str, str], new: dict[str, str]) -> None:
    now = outputs(build)
    stray = set(now) - set(old) - set(new)
    assert not stray, f"files that are neither output nor dot-files: {stray}"
    for name, sha in now.items():
        assert sha in (old.get(name), new.get(name)), f"{name} is neither the previous nor the new output"
    assert set(old) <= set(now), "a previous output disappeared"


@pytest.mark.parametrize("seed", SEEDS)
def test_publish_killed_leaves_old_or_new_files(references, tmp_path, seed):
    case, built, seconds = references
    build = tmp_path / "build"
    shutil.copytree(built["A"], build)
    stage_public_text(case, build, TEXT_B)
    delay = random.Random(seed).uniform(0.3, 1.1) * seconds["publish"]
    kill_after("publish", case, build, delay)
    old, new = outputs(built["A"]), outputs(built["B"])
    assert_old_or_new(build, old, new)
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    assert main(["bundle", str(case), "--build-dir", str(build)]) == 0
    assert outputs(build) == new


@pytest.mark.parametrize("seed", SEEDS)
def test_bundle_killed_leaves_old_or_new_files(references, tmp_path, seed):
    case, built, seconds = references
    build = tmp_path / "build"
    shutil.copytree(built["A"], build)
    stage_public_text(case, build, TEXT_B)
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    delay = random.Random(100 + seed).uniform(0.3, 1.1) * seconds["bundle"]
    kill_after("bundle", case, build, delay)
    old, new = outputs(built["A"]), outputs(built["B"])
    old.update({name: sha for name, sha in new.items() if name.startswith("public/")})  # publish B completed
    assert_old_or_new(build, old, new)
    assert main(["bundle", str(case), "--build-dir", str(build)]) == 0
    assert outputs(build) == new


def test_first_run_killed_leaves_nothing_or_complete_files(references, tmp_path):
    """With no previous build, a killed run leaves each output absent or complete."""
    case, built, seconds = references
    build = tmp_path / "build"
    stage_public_text(case, build, TEXT_B)
    kill_after("publish", case, build, random.Random(7).uniform(0.5, 1.0) * seconds["publish"])
    assert_old_or_new(build, {}, outputs(built["B"]))
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    assert outputs(build) == {k: v for k, v in outputs(built["B"]).items() if k.startswith("public/")}
